/**
 * Rows of a range that are not customers: a totals row under the data, and copies of the header
 * row inside it (tables pasted one under another).
 */
import { CellValue, isEmptyCell } from "./cells";

export type ExclusionReason = "totals" | "header";

export interface ExcludedRow {
  /** Data row, 0-based, header excluded: the index into a column's numbers and codes. */
  readonly row: number;
  /** Row in the range, 1-based, header included: the row a person sees. */
  readonly rangeRow: number;
  readonly reason: ExclusionReason;
}

const TOTALS_WORD = /^(grand\s+total|totals?|sum|average|mean)\s*:?$/i;

/** Whether a cell is the label of a totals row: Total, Totals, Grand total, Sum, Average or Mean. */
export function isTotalsWord(value: CellValue): boolean {
  return typeof value === "string" && TOTALS_WORD.test(value.trim());
}

/**
 * A test of whether a data row repeats the header: its non-empty cells equal the header's in the
 * same columns, at least two of them, or the one cell of a one-column range. Null when no row could.
 * Most rows stop at their first cell: a number under a text header.
 */
export function headerRepeatTest(
  header: readonly CellValue[],
  width: number,
): ((row: readonly CellValue[]) => boolean) | null {
  const needed = width === 1 ? 1 : 2;
  const keys = Array.from({ length: width }, (_, j) => headerKey(header[j]));
  if (keys.filter((key) => key !== null).length < needed) return null;
  return (row) => {
    let matches = 0;
    for (let j = 0; j < width; j++) {
      const v = row[j];
      if (v === null || v === undefined) continue;
      // Header cells are text: a number is no copy of one, and needs no conversion to tell.
      if (typeof v !== "string") return false;
      const key = v.trim().toLowerCase();
      if (key === "") continue;
      if (key !== keys[j]) return false;
      matches++;
    }
    return matches >= needed;
  };
}

/** A header cell as repeated headers are compared with it; null for an empty or non-text cell. */
function headerKey(value: CellValue): string | null {
  if (typeof value !== "string") return null;
  const key = value.trim().toLowerCase();
  return key === "" ? null : key;
}

/** The last data row (0-based, from row `start`) with a non-empty cell, or -1. */
export function lastNonEmptyRow(
  values: readonly (readonly CellValue[])[],
  start: number,
  width: number,
): number {
  for (let i = values.length - 1; i >= start; i--) {
    const row = values[i];
    for (let j = 0; j < width; j++) if (!isEmptyCell(row[j])) return i - start;
  }
  return -1;
}

/** A numeric column as the sum test sees it. */
export interface SummedColumn {
  /** The candidate row's number in the column; NaN when its cell is empty. */
  readonly value: number;
  /** The column's number in data row i above the candidate; NaN for empty, invalid and excluded cells. */
  readonly at: (i: number) => number;
  /** No number in the column, the candidate's included, is below zero. */
  readonly nonNegative: boolean;
}

/** Equal to 1e-9 relative: a sum typed out or recomputed in another order differs in its last digits. */
const SUM_TOLERANCE = 1e-9;

/**
 * Whether a last row (data row `last`) is the sum of the rows above it: with at least three rows
 * above (`rowsAbove`, excluded ones left out), its cells in numeric columns are each empty or the
 * column's sum, not all zero, and its other cells are empty (`otherCellsEmpty`). A row equal to the
 * mean of the others, or a large customer, is no such row.
 */
export function isSumRow(
  columns: readonly SummedColumn[],
  last: number,
  rowsAbove: number,
  otherCellsEmpty: boolean,
): boolean {
  if (rowsAbove < 3 || !otherCellsEmpty) return false;
  // A row of zeros equals the sum of zeros: that tells nothing.
  if (columns.every((c) => Number.isNaN(c.value) || c.value === 0)) return false;
  return columns.every((c) => Number.isNaN(c.value) || isSumOf(c.value, last, c.at, c.nonNegative));
}

/**
 * Whether `target` is the sum of at(0), ..., at(count - 1), NaN left out, to SUM_TOLERANCE. Neumaier's
 * compensated sum, so that a million amounts in cents add up to the total a sheet shows. When no
 * number is below zero (`nonNegative`) the running sum only grows, and a customer's row is ruled
 * out as soon as the sum passes it, long before a million rows are added up.
 */
export function isSumOf(
  target: number,
  count: number,
  at: (i: number) => number,
  nonNegative = false,
): boolean {
  const ceiling = nonNegative ? target + SUM_TOLERANCE * Math.abs(target) : Infinity;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < count; i++) {
    const x = at(i);
    if (x !== x) continue;
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
    if (sum > ceiling) return false;
  }
  const total = sum + compensation;
  return Math.abs(total - target) <= SUM_TOLERANCE * Math.max(Math.abs(total), Math.abs(target));
}
