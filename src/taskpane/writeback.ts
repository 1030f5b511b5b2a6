import {
  LABEL_HEADER,
  MODEL_SHEET,
  NOISE_HEADER,
  PROFILE_SHEET,
  RemovalPlan,
  WritePlan,
  combinePlans,
  planLabelColumn,
  planLabelTableColumn,
  planModelSheet,
  planProfileSheet,
  planSizeChart,
  resolveSheets,
} from "../core/plan";
import type { ProfileReport } from "../core/profile";
import { columnLetters, qualifiedA1 } from "../host/address";
import type { Conflicts, DataRange, RemovalReport } from "../host/host";
import { paneAlgorithm } from "./algorithms";
import type { RunOutcome } from "./protocol";

/**
 * The write plan for a finished run: labels beside the data (or as a new table column), the profile
 * sheet with the user's segment names, the size chart, and the model table on a sheet of its own (for
 * SEGMENT.ASSIGN, SEGMENT.SQL and the command line; DBSCAN has none). Plain data, so it can be checked
 * for conflicts, carried out, and turned into a removal record.
 */
export function resultsPlan(
  range: DataRange,
  hasHeader: boolean,
  outcome: RunOutcome,
  names: readonly string[],
): WritePlan {
  const report = withNames(outcome.report, names);
  const labels = range.table
    ? planLabelTableColumn(
        outcome.labelsByRow,
        range.table,
        uniqueHeader(headersOf(range), labelHeader(outcome)),
      )
    : planLabelColumn(outcome.labelsByRow, hasHeader, {
        sheet: null,
        row: range.row,
        column: range.column + range.columnCount,
      });
  // The run's separation and its warnings go on the sheet too, under the "All" row.
  const separation = { separation: outcome.separation, warnings: outcome.warnings };
  return resolveSheets(
    combinePlans(
      labels,
      planProfileSheet(report, PROFILE_SHEET, separation),
      planSizeChart(report, PROFILE_SHEET, separation),
      ...(outcome.model ? [planModelSheet(outcome.model, MODEL_SHEET)] : []),
    ),
    range.sheet,
  );
}

/**
 * A sheet Segment adds, in words: the profile sheet carries the size chart, and saying so tells the
 * user that deleting the sheet takes the chart with it.
 */
export function sheetWords(name: string): string {
  return name === PROFILE_SHEET ? `the sheet "${name}" with its chart` : `the sheet "${name}"`;
}

/**
 * The sheets a results write adds, as the items of a sentence: the profile sheet with the size chart,
 * and the model's sheet; for an algorithm that keeps no model (DBSCAN), a sentence saying so instead.
 */
function resultSheetsWords(outcome: RunOutcome): { items: string[]; note: string } {
  const profiles = `the sheet "${PROFILE_SHEET}" with a chart of segment sizes`;
  if (outcome.model) return { items: [profiles, `the model on the sheet "${MODEL_SHEET}"`], note: "" };
  const algorithm = paneAlgorithm(outcome.algorithm).label;
  return {
    items: [profiles],
    note: ` ${algorithm} keeps no model to score new customers with, so there is no "${MODEL_SHEET}" sheet.`,
  };
}

/** "a and b", or "a, b, and c": the serial comma keeps the last item apart from the one before. */
function listWords(items: readonly string[]): string {
  if (items.length <= 2) return items.join(" and ");
  return `${items.slice(0, -1).join(", ")}, and ${items[items.length - 1]}`;
}

/** The label column's header: it says what 0 means when some rows are noise. */
export function labelHeader(outcome: RunOutcome): string {
  return outcome.noise > 0 ? NOISE_HEADER : LABEL_HEADER;
}

/** The report with the user's names; a name left empty falls back to the generated one. */
export function withNames(report: ProfileReport, names: readonly string[]): ProfileReport {
  return {
    ...report,
    segments: report.segments.map((s, i) => {
      const name = (names[i] ?? "").trim();
      return name === "" ? s : { ...s, name };
    }),
  };
}

function headersOf(range: DataRange): string[] {
  return (range.values[0] ?? []).map((v) => String(v ?? ""));
}

/** "Segment", or "Segment 2", "Segment 3"… when a table already has such a column. */
export function uniqueHeader(existing: readonly string[], header = LABEL_HEADER): string {
  const taken = new Set(existing.map((h) => h.trim().toLowerCase()));
  if (!taken.has(header.toLowerCase())) return header;
  for (let i = 2; ; i++) if (!taken.has(`${header} ${i}`.toLowerCase())) return `${header} ${i}`;
}

/** The question to ask before writing over something, or null when nothing would be overwritten. */
export function conflictQuestion(conflicts: Conflicts): string | null {
  const parts: string[] = [];
  if (conflicts.cells.length > 0) {
    const shown = conflicts.cells.slice(0, 3).join(", ");
    const more = conflicts.cells.length > 3 ? ` and ${conflicts.cells.length - 3} more` : "";
    parts.push(`write over cells that are not empty (${shown}${more})`);
  }
  if (conflicts.sheets.length > 0) {
    parts.push(
      `replace the sheet${conflicts.sheets.length > 1 ? "s" : ""} ${conflicts.sheets.map((s) => `"${s}"`).join(", ")}`,
    );
  }
  if (parts.length === 0) return null;
  return `Writing the results would ${parts.join(" and ")}. Excel cannot undo this. Write anyway?`;
}

/**
 * After a write failed partway: what is in the workbook and what is not, for the pane. `started` is the
 * index of the op that was being carried out (-1 when none had started), `cellsDone` the cells the host
 * reported written. The label op comes first in a results plan, so its cells are the first counted.
 * Each sheet the plan adds is written once an op after its last has started, in part while one of its
 * own is being carried out, and not at all before.
 */
export function describePartialWrite(plan: WritePlan, started: number, cellsDone: number): string {
  const added = new Set(plan.ops.flatMap((op) => (op.kind === "addSheet" ? [op.name] : [])));
  const labelsAt = plan.ops.findIndex(
    (op) => op.kind === "tableColumn" || (op.kind === "values" && !added.has(op.sheet ?? "")),
  );
  const written: string[] = [];
  const missing: string[] = [];
  if (labelsAt >= 0) {
    const op = plan.ops[labelsAt];
    const labels = op.kind === "tableColumn" ? op.values.length : op.kind === "values" ? op.values.length : 0;
    const before = plan.ops
      .slice(0, labelsAt)
      .reduce((n, o) => n + (o.kind === "values" ? cellsOf(o) : 0), 0);
    const done = started > labelsAt ? labels : started < labelsAt ? 0 : Math.min(labels, cellsDone - before);
    if (done >= labels) written.push("the labels");
    else if (done <= 0) missing.push("the labels");
    else {
      written.push(
        `the first ${done.toLocaleString("en-US")} of ${labels.toLocaleString("en-US")} rows of the label column`,
      );
      missing.push("the rest of the labels");
    }
  }
  for (const name of added) {
    const first = plan.ops.findIndex((op) => op.kind === "addSheet" && op.name === name);
    const last = plan.ops.reduce((at, op, i) => ("sheet" in op && op.sheet === name ? i : at), first);
    if (started > last) written.push(sheetWords(name));
    else if (started >= first) written.push(`part of ${sheetWords(name)}`);
    else missing.push(sheetWords(name));
  }
  if (written.length === 0) return "Nothing was written.";
  const rest = missing.length > 0 ? ` Not written: ${listWords(missing)}.` : "";
  return `Written: ${listWords(written)}.${rest} Remove results takes out what was written.`;
}

function cellsOf(op: { readonly values: readonly (readonly unknown[])[] }): number {
  return op.values.reduce((n, row) => n + row.length, 0);
}

/** What was written, for the pane. */
export function describeWritten(range: DataRange, outcome: RunOutcome): string {
  const where = range.table
    ? `a new column of table ${range.table}`
    : `column ${columnLetters(range.column + range.columnCount)} of ${range.sheet}`;
  const { items, note } = resultSheetsWords(outcome);
  const labels = `${outcome.labelsByRow.length.toLocaleString("en-US")} labels to ${where}`;
  return `Wrote ${listWords([labels, ...items])}.${note}`;
}

/** What Write to workbook will write, for the results step to say before it does. */
export function describeResultsWrite(range: DataRange, hasHeader: boolean, outcome: RunOutcome): string {
  const { items, note } = resultSheetsWords(outcome);
  const labels = `the labels in ${describeTarget(range, hasHeader, labelHeader(outcome))}`;
  return `Write to workbook puts ${listWords([labels, ...items])}.${note} Nothing you typed is overwritten without asking.`;
}

export function describeRemoval(report: RemovalReport): string {
  const removed =
    report.removed.length > 0 ? `Removed ${report.removed.join(", ")}.` : "There was nothing left to remove.";
  const missing = report.missing.length > 0 ? ` Already gone: ${report.missing.join(", ")}.` : "";
  return removed + missing;
}

/** A stored record in words, for the Remove question: "the labels in Data!F1:F201, the sheet …". */
export function describeRecord(plan: RemovalPlan): string {
  return plan.ops
    .map((op) => {
      switch (op.kind) {
        case "clearCells":
          return `the labels in ${qualifiedA1(op.sheet, op)}`;
        case "deleteSheet":
          return sheetWords(op.name);
        case "deleteChart":
          return `the chart "${op.name}" on ${op.sheet}`;
        case "deleteTableColumn":
          return `the column "${op.name}" of table ${op.table}`;
      }
    })
    .join(", ");
}

/** Where the labels will go, for the pane to say before writing. */
export function describeTarget(range: DataRange, hasHeader: boolean, header = LABEL_HEADER): string {
  if (range.table) return `a new column at the end of table ${range.table}`;
  const column = range.column + range.columnCount;
  return `column ${columnLetters(column)} next to your data (${qualifiedA1(range.sheet, {
    row: range.row,
    column,
    rows: range.rowCount,
    columns: 1,
  })}${hasHeader ? `, under a “${header}” header` : ""})`;
}
