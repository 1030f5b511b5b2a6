import type { Labels } from "../core/labels";
import type { CellValue } from "../core/cells";
import { type WritePlan, planTableSheet } from "../core/plan";
import { RFM_HEADER } from "../core/rfm-rows";
import { SEGMENT_NAMES } from "../core/rfm-segments";
import { qualifiedA1 } from "../host/address";
import type { DataRange } from "../host/host";
import type { FeatureChoice } from "./feature-choices";

/**
 * The Transactions -> RFM path of the wizard, as plain functions: the sheet the customer table goes
 * on, that table as the data the rest of the wizard segments, the features it starts with, and the
 * crosstab of the rule-based RFM segments against the segments found.
 */
export const RFM_SHEET = "RFM customers";

/** Number formats of the table's columns, as RFM_HEADER orders them. */
const RFM_FORMATS: readonly (string | null)[] = [null, "0", "0", "#,##0.00", "0", "0", "0", "0", null, null];

/** The customer table on a new sheet of its own, its header styled. */
export function rfmSheetPlan(values: readonly (readonly CellValue[])[]): WritePlan {
  return planTableSheet(RFM_SHEET, values, RFM_FORMATS);
}

/** That sheet's table as the range the rest of the wizard reads, writes beside and removes. */
export function rfmDataRange(values: CellValue[][]): DataRange {
  const rowCount = values.length;
  const columnCount = RFM_HEADER.length;
  return {
    sheet: RFM_SHEET,
    address: qualifiedA1(RFM_SHEET, { row: 0, column: 0, rows: rowCount, columns: columnCount }),
    row: 0,
    column: 0,
    rowCount,
    columnCount,
    values,
    numberFormats: [...RFM_FORMATS],
    table: null,
    hiddenRows: 0,
  };
}

/** The measures the path segments by: the three RFM values, not their scores, codes or names. */
export const RFM_FEATURES: readonly string[] = [RFM_HEADER[1], RFM_HEADER[2], RFM_HEADER[3]];

/**
 * Recency, Frequency and Monetary, each log-scaled: an explicit choice on this path, as Monetary and
 * Frequency have long right tails (a few customers bring a third of the revenue). Everything else of
 * the table (the id, the 1..5 scores, the code, the name, the notes) is left out.
 */
export function rfmFeatureChoices(choices: readonly FeatureChoice[]): FeatureChoice[] {
  return choices.map((c) => {
    const on = RFM_FEATURES.includes(c.info.name) && c.info.selectable;
    return { ...c, selected: on, log: on && c.info.kind === "numeric" };
  });
}

export interface RfmCrosstab {
  /** The RFM segments present, in the grid's order, each with its count per segment and in all. */
  readonly rows: readonly {
    readonly name: string;
    readonly counts: readonly number[];
    readonly total: number;
  }[];
  /** Customers per segment, 1..k. */
  readonly totals: readonly number[];
}

/**
 * How the rule-based RFM segments (one name per customer row) fall into the k segments found
 * (`labels`, one per row, 1..k; anything else is left out).
 */
export function rfmCrosstab(names: readonly string[], labels: Labels, k: number): RfmCrosstab {
  const index = new Map(SEGMENT_NAMES.map((name, i) => [name, i]));
  const counts = SEGMENT_NAMES.map(() => new Array<number>(k).fill(0));
  const totals = new Array<number>(k).fill(0);
  for (let i = 0; i < names.length; i++) {
    const label = labels[i];
    const row = index.get(names[i]);
    if (row === undefined || !(label >= 1 && label <= k)) continue;
    counts[row][label - 1]++;
    totals[label - 1]++;
  }
  const rows = SEGMENT_NAMES.map((name, i) => ({
    name,
    counts: counts[i],
    total: counts[i].reduce((a, b) => a + b, 0),
  })).filter((row) => row.total > 0);
  return { rows, totals };
}

/**
 * One sentence per segment found: the RFM segments that make up most of it (up to three, until they
 * cover three quarters), e.g. "Segment 2: mostly Champions (61%), then Loyal Customers (30%).", "Segment
 * 1: all Champions.", or "Segment 3: a mix of At Risk (40%), Hibernating (35%) and Need Attention (25%)."
 */
export function crosstabSentences(crosstab: RfmCrosstab): string[] {
  return crosstab.totals.map((total, c) => {
    if (total === 0) return `Segment ${c + 1}: no customer with an RFM segment.`;
    const parts = crosstab.rows
      .map((row) => ({ name: row.name, share: row.counts[c] / total }))
      .filter((p) => p.share > 0)
      .sort((a, b) => b.share - a.share);
    if (parts[0].share === 1) return `Segment ${c + 1}: all ${parts[0].name}.`;
    const shown: string[] = [];
    let covered = 0;
    for (const p of parts) {
      if (shown.length === 3 || (covered >= 0.75 && shown.length > 0)) break;
      shown.push(`${p.name} (${Math.round(100 * p.share)}%)`);
      covered += p.share;
    }
    const list = (items: string[]) =>
      items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items.at(-1)}` : (items[0] ?? "");
    if (parts[0].share >= 0.5) {
      const rest = shown.length > 1 ? `, then ${list(shown.slice(1))}` : "";
      return `Segment ${c + 1}: mostly ${shown[0]}${rest}.`;
    }
    return `Segment ${c + 1}: a mix of ${list(shown)}.`;
  });
}
