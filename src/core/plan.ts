import { CellValue } from "./cells";
import { GroupProfile, ProfileReport } from "./profile";

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

export type WriteOp = CellBlock | AddSheet | ColorScale;

export interface WritePlan {
  readonly ops: readonly WriteOp[];
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
  const out: CellValue[][] = hasHeader ? [[LABEL_HEADER]] : [];
  for (let i = 0; i < labels.length; i++) out.push([labels[i] >= 1 ? labels[i] : ""]);
  return out;
}

export interface Anchor {
  readonly sheet: string | null;
  readonly row: number;
  readonly column: number;
}

export function planLabelColumn(labels: ArrayLike<number>, hasHeader: boolean, at: Anchor): WritePlan {
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

/**
 * The profile as one table: a row per segment and a last row for all of them; columns for size, share,
 * each numeric feature's mean and median in its own units, each category's share, then the scores
 * (standard deviations from the overall mean) that say what sets each segment apart.
 */
export function profileTable(report: ProfileReport): ProfileTable {
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

  const row = (p: GroupProfile): CellValue[] => [
    p.segment === 0 ? "All" : p.segment,
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
    values: [header, ...report.segments.map(row), row(report.overall)],
    columnFormats: formats,
    scoreColumns: { first: firstScore, count: header.length - 1 - firstScore },
  };
}

function finiteOrEmpty(x: number): CellValue {
  return Number.isFinite(x) ? x : "";
}

/** "Spending score +1.21 sd, annual income -1.05 sd": the strongest differences, in words an analyst can read. */
export function describeDistinctions(p: GroupProfile, count = 3): string {
  return p.distinctions
    .slice(0, count)
    .map((d) => {
      const what = d.category === null ? d.feature : `${d.feature} = ${d.category}`;
      return `${what} ${d.score >= 0 ? "+" : "-"}${Math.abs(d.score).toFixed(2)} sd`;
    })
    .join(", ");
}

/** A new sheet with the profile table, its header styled, and a colour scale on the scores. */
export function planProfileSheet(report: ProfileReport, sheetName = PROFILE_SHEET): WritePlan {
  const table = profileTable(report);
  const ops: WriteOp[] = [
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

export function combinePlans(...plans: WritePlan[]): WritePlan {
  return { ops: plans.flatMap((p) => p.ops) };
}
