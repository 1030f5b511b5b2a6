import { FittedPreprocessing } from "./preprocess";
import { ExcludedRow, Table } from "./table";

/**
 * What Segment did to the data on its own, in sentences an analyst can check: heavy-tailed columns
 * log-transformed, rows that are not customers left out, text read as numbers or dates on an
 * assumption. ELBOW's reason, PROFILE and the pane show them, so nothing is decided silently.
 */
export function dataNotes(table: Table, fitted: FittedPreprocessing): string[] {
  const notes: string[] = [];
  const tails = fitted.heavyTails;
  if (tails.length > 0) {
    const names = listing(tails.map((t) => t.name));
    const skews = listing(tails.map((t) => t.skewness.toFixed(1)));
    notes.push(
      `${names} ${tails.length === 1 ? "was" : "were"} log-transformed, log(1 + x), for a heavy right tail (skewness ${skews}).`,
    );
  }
  return [
    ...notes,
    ...tableNotes(
      table,
      fitted.preprocessor.inputs.map((input) => input.name),
    ),
  ];
}

/**
 * The notes of reading the table alone: rows left out, and how the text of the `features` columns
 * (default: every column) was read.
 */
export function tableNotes(table: Table, features?: readonly string[]): string[] {
  const notes: string[] = [];
  for (const reason of ["totals", "header"] as const) {
    const rows = table.excluded.filter((r) => r.reason === reason);
    if (rows.length > 0) notes.push(excludedNote(rows, reason));
  }
  const used = features ? new Set(features) : null;
  for (const column of table.columns) {
    if (column.note && (!used || used.has(column.name))) notes.push(`${column.name}: ${column.note}.`);
  }
  return notes;
}

function excludedNote(rows: readonly ExcludedRow[], reason: ExcludedRow["reason"]): string {
  const shown = rows.slice(0, 3).map((r) => r.rangeRow.toLocaleString("en-US"));
  const more = rows.length > 3 ? ` and ${rows.length - 3} more` : "";
  const what =
    reason === "totals" ? "a totals row" : rows.length === 1 ? "a repeated header" : "repeated headers";
  const subject =
    rows.length === 1 ? `Row ${shown[0]}` : `Rows ${more ? `${shown.join(", ")}${more}` : listing(shown)}`;
  return `${subject} of the range ${rows.length === 1 ? "is" : "are"} ${what}, not ${rows.length === 1 ? "a customer" : "customers"}: left out, with no segment.`;
}

/** "a", "a and b", "a, b and c". */
function listing(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
