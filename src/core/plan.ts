import { NOISE } from "./algorithms/clusterer";
import { CellValue, rangeWidth } from "./cells";
import { GroupProfile, ProfileReport } from "./profile";
import { SeparationReport } from "./separation";

/**
 * What Segment writes into a workbook, as plain data. Hosts (Office.js, the in-memory workbook, files)
 * carry a plan out; they decide nothing. Positions are 0-based; `sheet: null` is the data's own sheet.
 */
export interface CellBlock {
  readonly kind: "values";
  readonly sheet: string | null;
  readonly row: number;
  readonly column: number;
  readonly values: readonly (readonly CellValue[])[];
  /** One format per column of the block, applied below its header rows. */
  readonly columnFormats?: readonly (string | null)[];
  /** Leading rows styled as a header. */
  readonly headerRows?: number;
}

export interface AddSheet {
  readonly kind: "addSheet";
  readonly name: string;
}

/** A three-colour scale (low blue, white at zero, high orange) over a block of scores. */
export interface ColorScale {
  readonly kind: "colorScale";
  readonly sheet: string | null;
  readonly row: number;
  readonly column: number;
  readonly rows: number;
  readonly columns: number;
}

/**
 * A native column chart. `source` holds a header row over a text column (categories) and a number
 * column (values); `at` is the cell where the chart's top-left corner goes. `name` lets Remove find it.
 */
export interface AddChart {
  readonly kind: "chart";
  readonly sheet: string | null;
  readonly name: string;
  readonly title: string;
  readonly chartType: "columnClustered";
  readonly source: {
    readonly row: number;
    readonly column: number;
    readonly rows: number;
    readonly columns: number;
  };
  readonly at: { readonly row: number; readonly column: number };
}

/** A new last column of an Excel table: the header `name` over one value per body row. */
export interface TableColumn {
  readonly kind: "tableColumn";
  readonly table: string;
  readonly name: string;
  readonly values: readonly CellValue[];
  readonly format?: string;
}

export type WriteOp = CellBlock | AddSheet | ColorScale | AddChart | TableColumn;

/** A plan; `Op` narrows which kinds of op it can hold (the profile sheet's plan has no chart, say). */
export interface WritePlan<Op extends WriteOp = WriteOp> {
  readonly ops: readonly Op[];
}

export const LABEL_HEADER = "Segment";
export const PROFILE_SHEET = "Segment profiles";

export const FORMATS = {
  count: "#,##0",
  share: "0.0%",
  value: "#,##0.00",
  score: "+0.00;-0.00;0.00",
} as const;

/**
 * The label column: one cell per data row (empty for a row left unlabelled), under a "Segment"
 * header when the data has one, so that it lines up with the input row by row.
 */
export function labelColumnValues(labels: ArrayLike<number>, hasHeader: boolean): CellValue[][] {
  const offset = hasHeader ? 1 : 0;
  const out = new Array<CellValue[]>(labels.length + offset);
  // Rows with the same label share one row array: a million one-cell arrays would take 60 MB for
  // what Excel only reads. Nothing writes into these rows (they are read-only to every caller).
  // A row left out is "", a noise row 0 (a number, so that SILHOUETTE and PROFILE read it back).
  const rowOf: CellValue[][] = [[""]];
  const noiseRow: CellValue[] = [0];
  let noise = false;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label === NOISE) {
      noise = true;
      out[i + offset] = noiseRow;
    } else out[i + offset] = rowOf[label >= 1 ? label : 0] ??= [label];
  }
  if (hasHeader) out[0] = [noise ? NOISE_HEADER : LABEL_HEADER];
  return out;
}

/** The label column's header when some rows are noise: says what its 0s mean. */
export const NOISE_HEADER = "Segment (0 = noise)";

export interface Anchor {
  readonly sheet: string | null;
  readonly row: number;
  readonly column: number;
}

export function planLabelColumn(
  labels: ArrayLike<number>,
  hasHeader: boolean,
  at: Anchor,
): WritePlan<CellBlock> {
  return {
    ops: [
      {
        kind: "values",
        ...at,
        values: labelColumnValues(labels, hasHeader),
        columnFormats: ["0"],
        headerRows: hasHeader ? 1 : 0,
      },
    ],
  };
}

export interface ProfileTable {
  readonly values: CellValue[][];
  readonly columnFormats: (string | null)[];
  /** Columns (0-based) holding the distinguishing scores. */
  readonly scoreColumns: { readonly first: number; readonly count: number };
}

/** First cells of the rows under "All" in a profile table: the features' separation, then one per warning. */
export const SEPARATION_ROW = "Separation (R²)";
export const NOTE_ROW = "Note";

/**
 * The profile as one table: a row per segment and a row for all of them; columns for size, share,
 * each numeric feature's mean and median in its own units, each category's share, then the scores
 * (robust standard deviations from the overall median; for categories, from the overall share) that
 * say what sets each segment apart. With `separation`, a row under "All" gives each feature's R² (a
 * number's in its mean column, a category feature's in its first share column), then a "Note" row
 * per warning.
 */
export function profileTable(report: ProfileReport, separation?: SeparationReport): ProfileTable {
  const header: string[] = ["Segment", "Name", "Size", "Share"];
  const formats: (string | null)[] = [FORMATS.count, null, FORMATS.count, FORMATS.share];
  for (const f of report.numericFeatures) {
    header.push(`${f} mean`, `${f} median`);
    formats.push(FORMATS.value, FORMATS.value);
  }
  for (const { feature, category } of report.categoryFeatures) {
    header.push(`${feature}: ${category}`);
    formats.push(FORMATS.share);
  }
  const firstScore = header.length;
  for (const f of report.numericFeatures) header.push(`${f} score`);
  for (const { feature, category } of report.categoryFeatures) header.push(`${feature}: ${category} score`);
  while (formats.length < header.length) formats.push(FORMATS.score);
  header.push("Distinguishing");
  formats.push(null);

  // The noise row reads 0, as noise does in a spill of labels.
  const row = (p: GroupProfile): CellValue[] => [
    p.segment === 0 ? "All" : p.segment === NOISE ? 0 : p.segment,
    p.name,
    p.size,
    p.share,
    ...p.numeric.flatMap((s) => [finiteOrEmpty(s.mean), finiteOrEmpty(s.median)]),
    ...p.categories.map((s) => s.share),
    ...p.numeric.map((s) => (p.segment === 0 ? "" : finiteOrEmpty(s.score))),
    ...p.categories.map((s) => (p.segment === 0 ? "" : s.score)),
    p.segment === 0 ? "" : describeDistinctions(p),
  ];
  return {
    values: [
      header,
      ...report.segments.map(row),
      ...(report.noise ? [row(report.noise)] : []),
      row(report.overall),
      ...(separation ? separationRows(report, separation, header.length) : []),
    ],
    columnFormats: formats,
    scoreColumns: { first: firstScore, count: header.length - 1 - firstScore },
  };
}

/** The R² row and the notes, as wide as the table. */
function separationRows(report: ProfileReport, separation: SeparationReport, width: number): CellValue[][] {
  const r2 = new Map(separation.separation.map((f) => [f.feature, f.r2]));
  const at = (feature: string): CellValue => r2.get(feature) ?? "";
  const cells: CellValue[] = [
    SEPARATION_ROW,
    "Share of each feature's spread that lies between the segments",
    "",
    "",
    ...report.numericFeatures.flatMap((f) => [at(f), ""]),
    ...report.categoryFeatures.map(({ feature }, j) =>
      j === 0 || report.categoryFeatures[j - 1].feature !== feature ? at(feature) : "",
    ),
  ];
  const pad = (r: CellValue[]) => [...r, ...new Array<CellValue>(width - r.length).fill("")];
  return [pad(cells), ...separation.warnings.map((w) => pad([NOTE_ROW, w]))];
}

function finiteOrEmpty(x: number): CellValue {
  return Number.isFinite(x) ? x : "";
}

/**
 * "Spending Score +1.21 sd, Annual Income -1.05 sd": the strongest differences, in words an analyst can
 * read. A number's sd is robust (from the overall median; see profile.ts), a category's from its share.
 */
export function describeDistinctions(p: GroupProfile, count = 3): string {
  return p.distinctions
    .slice(0, count)
    .map((d) => {
      const what = d.category === null ? d.feature : `${d.feature} = ${d.category}`;
      return `${what} ${d.score >= 0 ? "+" : "-"}${Math.abs(d.score).toFixed(2)} sd`;
    })
    .join(", ");
}

/**
 * A new sheet with the profile table (with `separation`, its R² and note rows too), its header styled,
 * and a colour scale on the segments' scores.
 */
export function planProfileSheet(
  report: ProfileReport,
  sheetName = PROFILE_SHEET,
  separation?: SeparationReport,
): WritePlan<AddSheet | CellBlock | ColorScale> {
  const table = profileTable(report, separation);
  const ops: (AddSheet | CellBlock | ColorScale)[] = [
    { kind: "addSheet", name: sheetName },
    {
      kind: "values",
      sheet: sheetName,
      row: 0,
      column: 0,
      values: table.values,
      columnFormats: table.columnFormats,
      headerRows: 1,
    },
  ];
  if (table.scoreColumns.count > 0 && report.segments.length > 0) {
    ops.push({
      kind: "colorScale",
      sheet: sheetName,
      row: 1,
      column: table.scoreColumns.first,
      rows: report.segments.length,
      columns: table.scoreColumns.count,
    });
  }
  return { ops };
}

/** The sheet the write-back keeps the model on, for SEGMENT.ASSIGN, SEGMENT.SQL and `segment sql`. */
export const MODEL_SHEET = "Segment model";

/**
 * A table on a new sheet of its own, from A1, its first row styled as a header: how the write-back
 * keeps a table the user reuses (the model, RFM's customers).
 */
export function planTableSheet(
  sheetName: string,
  values: readonly (readonly CellValue[])[],
  columnFormats?: readonly (string | null)[],
): WritePlan<AddSheet | CellBlock> {
  return {
    ops: [
      { kind: "addSheet", name: sheetName },
      { kind: "values", sheet: sheetName, row: 0, column: 0, values, columnFormats, headerRows: 1 },
    ],
  };
}

/**
 * The model table, as SEGMENT.MODEL spills it: a range SEGMENT.ASSIGN and SEGMENT.SQL take as it
 * stands (e.g. ='Segment model'!A1:K8), and the command line reads back. Numbers are written as they
 * are, with no format that would round them.
 */
export function planModelSheet(
  values: readonly (readonly CellValue[])[],
  sheetName = MODEL_SHEET,
): WritePlan<AddSheet | CellBlock> {
  return planTableSheet(sheetName, values);
}

export function combinePlans(...plans: WritePlan[]): WritePlan {
  return { ops: plans.flatMap((p) => p.ops) };
}

export const SIZE_CHART = "Segment sizes";

/**
 * A column chart of segment sizes drawn from the profile sheet's Name and Size columns (columns 1 and 2
 * of profileTable, header plus one row per segment), placed below the table so it hides nothing.
 */
export function planSizeChart(
  report: ProfileReport,
  sheetName = PROFILE_SHEET,
  separation?: SeparationReport,
): WritePlan<AddChart> {
  const k = report.segments.length;
  // Under the segments, the noise row (when there is noise, it is in no segment and out of the chart),
  // then the "All" row, the separation row and a note per warning, which the chart must not cover.
  const below = (report.noise ? 1 : 0) + (separation ? 1 + separation.warnings.length : 0);
  return {
    ops: [
      {
        kind: "chart",
        sheet: sheetName,
        name: SIZE_CHART,
        title: SIZE_CHART,
        chartType: "columnClustered",
        source: { row: 0, column: 1, rows: k + 1, columns: 2 },
        // Header, k segments, the "All" row, the rows around it, then a blank row.
        at: { row: k + 3 + below, column: 1 },
      },
    ],
  };
}

/** The label column as a new column of an Excel table, one value per body row (empty where unlabelled). */
export function planLabelTableColumn(
  labels: ArrayLike<number>,
  table: string,
  name = LABEL_HEADER,
): WritePlan<TableColumn> {
  const values: CellValue[] = [];
  // As in a label column: noise 0, a row left out empty.
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    values.push(label >= 1 ? label : label === NOISE ? 0 : "");
  }
  return { ops: [{ kind: "tableColumn", table, name, values, format: "0" }] };
}

/** The plan with every `sheet: null` (the data's own sheet) replaced by that sheet's name. */
export function resolveSheets(plan: WritePlan, dataSheet: string): WritePlan {
  return {
    ops: plan.ops.map((op) => ("sheet" in op && op.sheet === null ? { ...op, sheet: dataSheet } : op)),
  };
}

/**
 * How to take out what a plan wrote. Excel cannot undo an add-in's writes, so the wizard keeps this
 * (plain data) in the workbook's settings. Sheets are named, never null.
 */
export type RemovalOp =
  | {
      readonly kind: "clearCells";
      readonly sheet: string;
      readonly row: number;
      readonly column: number;
      readonly rows: number;
      readonly columns: number;
    }
  | { readonly kind: "deleteSheet"; readonly name: string }
  | { readonly kind: "deleteChart"; readonly sheet: string; readonly name: string }
  | { readonly kind: "deleteTableColumn"; readonly table: string; readonly name: string };

export interface RemovalPlan {
  readonly ops: readonly RemovalOp[];
}

/**
 * What undoes a resolved plan: added sheets are deleted whole (with everything on them); cells and charts
 * on other sheets are taken out one by one; a table column is deleted. Overwritten values are not restored.
 */
export function planRemoval(plan: WritePlan): RemovalPlan {
  const added = new Set(plan.ops.filter((op): op is AddSheet => op.kind === "addSheet").map((op) => op.name));
  const ops: RemovalOp[] = [];
  const sheetOf = (sheet: string | null): string => {
    if (sheet === null) throw new Error("planRemoval needs a plan with sheets resolved (resolveSheets).");
    return sheet;
  };
  for (const op of plan.ops) {
    switch (op.kind) {
      case "addSheet":
        ops.push({ kind: "deleteSheet", name: op.name });
        break;
      case "values": {
        const sheet = sheetOf(op.sheet);
        if (added.has(sheet)) break;
        const columns = rangeWidth(op.values);
        ops.push({
          kind: "clearCells",
          sheet,
          row: op.row,
          column: op.column,
          rows: op.values.length,
          columns,
        });
        break;
      }
      case "colorScale":
        // Lies on cells a values op wrote; clearing those cells takes it out too.
        break;
      case "chart": {
        const sheet = sheetOf(op.sheet);
        if (!added.has(sheet)) ops.push({ kind: "deleteChart", sheet, name: op.name });
        break;
      }
      case "tableColumn":
        ops.push({ kind: "deleteTableColumn", table: op.table, name: op.name });
        break;
    }
  }
  return { ops };
}

/** Two records as one, without repeating an op (writing twice to the same place is removed once). */
export function mergeRemovals(a: RemovalPlan, b: RemovalPlan): RemovalPlan {
  const seen = new Set<string>();
  const ops: RemovalOp[] = [];
  for (const op of [...a.ops, ...b.ops]) {
    const key = JSON.stringify(op);
    if (seen.has(key)) continue;
    seen.add(key);
    ops.push(op);
  }
  return { ops };
}
