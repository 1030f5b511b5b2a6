import { CellValue, cellToText } from "../core/cells";
import type { DataRange } from "../host/host";
import type { DataSummary } from "./protocol";

/** The Data step's preview: the header the core detected and the first rows, as text. */
export interface Preview {
  readonly address: string;
  readonly hasHeader: boolean;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly rowCount: number;
  readonly columnCount: number;
  /** "200 rows × 5 columns, with a header row" */
  readonly summary: string;
  /** Rows left out as not customers, in words. */
  readonly notes: readonly string[];
}

export const PREVIEW_ROWS = 5;

export function previewOf(range: DataRange, data: DataSummary, rows = PREVIEW_ROWS): Preview {
  const start = data.hasHeader ? 1 : 0;
  const body = range.values.slice(start, start + rows).map((row) => data.columns.map((_, j) => show(row[j])));
  const count = data.rowCount;
  const columns = data.columns.length;
  const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
  return {
    address: range.address,
    hasHeader: data.hasHeader,
    headers: data.columns.map((c) => c.name),
    rows: body,
    rowCount: count,
    columnCount: columns,
    summary:
      `${plural(count, "row")} × ${plural(columns, "column")}, ` +
      (data.hasHeader ? "with a header row" : "no header row found (columns are numbered)"),
    notes: range.hiddenRows > 0 ? [...data.notes, hiddenRowsNote(range.hiddenRows)] : data.notes,
  };
}

/**
 * Rows hidden by a filter are read and labelled like the others, as Excel's formulas read them: the
 * labels then line up with the rows whatever the filter shows. The user hears it, and how to do otherwise.
 */
export function hiddenRowsNote(hidden: number): string {
  const rows = `${hidden.toLocaleString("en-US")} row${hidden === 1 ? " is" : "s are"}`;
  return (
    `${rows} hidden (by a filter or by hand): Segment reads and labels them too, so the labels line up ` +
    "when the filter is cleared. To segment only the visible rows, copy them to a new sheet first."
  );
}

function show(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number")
    return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e4) / 1e4);
  return cellToText(value);
}
