/**
 * The kinds of every column's cells: one pass over the rows, which is all a column of plain numbers
 * needs, and two more down each column that holds text, because its reading (decimal separator,
 * order of day and month) is decided from all of its text before any of it is read.
 */
import { CellClass, CellValue, TextReading, readCell, readTextInto } from "./cells";
import { ColumnReading, ReadingHints, columnReading, hintedReading } from "./column-text";
import { isPercentText } from "./text-numbers";

export type KindCounts = Record<CellClass, number>;

/** What reading a column's text found in it, for its note. */
export interface TextSeen {
  readonly numbers: boolean;
  readonly dates: boolean;
  readonly percent: boolean;
}

export interface ColumnScan {
  readonly counts: KindCounts;
  readonly reading: ColumnReading;
  /**
   * The column's numbers, read once, when some of its text read as numbers or dates: text is slow
   * to read again on every row a caller asks for. NaN for every other cell. Null for plain columns.
   */
  readonly parsed: Float64Array | null;
  readonly seen: TextSeen;
  /** No number in the column is below zero: its running sum only grows (totals.ts stops early on that). */
  readonly nonNegative: boolean;
}

const NOTHING_SEEN: TextSeen = { numbers: false, dates: false, percent: false };

function noCounts(): KindCounts {
  return { empty: 0, number: 0, boolean: 0, date: 0, text: 0, error: 0 };
}

/** A cell as a number column reads it: numbers, numeric text and dates; NaN for anything else. */
export function cellNumber(v: CellValue, reading: TextReading): number {
  if (typeof v === "number" && v - v === 0) return v;
  return readCell(v, reading).value;
}

/** The columns' scans, and the data rows that repeat the header (null when none do). */
export interface RangeScan {
  readonly columns: ColumnScan[];
  readonly headers: Uint8Array | null;
}

/**
 * Scans every column's cells in data rows (from row `start`), leaving out rows that `isHeader`
 * (null: no header) calls repeats of the header: told in the same pass, while the row is at hand.
 */
export function scanColumns(
  values: readonly (readonly CellValue[])[],
  width: number,
  start: number,
  isHeader: ((row: readonly CellValue[]) => boolean) | null,
  hints: ReadingHints,
): RangeScan {
  // Plain finite numbers and empty cells are most cells of a large sheet: counted here without
  // the classifier, and a column that holds nothing else needs no second look.
  const numbers = new Float64Array(width);
  const empty = new Float64Array(width);
  const other = new Uint8Array(width);
  const negative = new Uint8Array(width);
  let headers: Uint8Array | null = null;
  for (let i = start; i < values.length; i++) {
    const row = values[i];
    // A number is no copy of a header's text: most rows are told by their first cell, without a call.
    if (isHeader !== null && typeof row[0] !== "number" && isHeader(row)) {
      headers ??= new Uint8Array(values.length - start);
      headers[i - start] = 1;
      continue;
    }
    for (let j = 0; j < width; j++) {
      const v = row[j];
      if (typeof v === "number" && Number.isFinite(v)) {
        numbers[j]++;
        if (v < 0) negative[j] = 1;
      } else if (v === null || v === undefined) empty[j]++;
      else other[j] = 1;
    }
  }
  const plain = hintedReading(hints);
  const columns = Array.from({ length: width }, (_, j): ColumnScan => {
    if (other[j] === 0) {
      const counts = { ...noCounts(), number: numbers[j], empty: empty[j] };
      return { counts, reading: plain, parsed: null, seen: NOTHING_SEEN, nonNegative: negative[j] === 0 };
    }
    return scanTextColumn(values, j, start, headers, columnReading(values, j, start, headers, hints));
  });
  return { columns, headers };
}

/**
 * Data row i's number in column j as a number column reads it, straight from the range (or from the
 * scan's copy of a column with text): NaN for empty and invalid cells and for rows `excluded` marks.
 */
export function numberReader(
  values: readonly (readonly CellValue[])[],
  j: number,
  start: number,
  scan: ColumnScan,
  excluded: Uint8Array | null,
): (i: number) => number {
  const { parsed, reading } = scan;
  if (parsed) return (i) => parsed[i];
  // Two versions, so that a range with no excluded rows pays no test per row.
  if (excluded === null)
    return (i) => {
      const v = values[i + start][j];
      return typeof v === "number" && v - v === 0 ? v : cellNumber(v, reading);
    };
  return (i) => {
    if (excluded[i] === 1) return NaN;
    const v = values[i + start][j];
    return typeof v === "number" && v - v === 0 ? v : cellNumber(v, reading);
  };
}

function scanTextColumn(
  values: readonly (readonly CellValue[])[],
  j: number,
  start: number,
  excluded: Uint8Array | null,
  reading: ColumnReading,
): ColumnScan {
  const n = Math.max(0, values.length - start);
  const counts = noCounts();
  const parsed = new Float64Array(n);
  let textRead = 0;
  let nonNegative = true;
  let numbers = false;
  let dates = false;
  let percent = false;
  for (let i = 0; i < n; i++) {
    if (excluded !== null && excluded[i] === 1) {
      parsed[i] = NaN;
      continue;
    }
    const v = values[i + start][j];
    if (typeof v === "number" && v - v === 0) {
      counts.number++;
      parsed[i] = v;
      if (v < 0) nonNegative = false;
      continue;
    }
    if (typeof v !== "string") {
      const cls = readCell(v, reading).cls;
      counts[cls]++;
      parsed[i] = NaN;
      continue;
    }
    const cls = readTextInto(v, reading, parsed, i);
    counts[cls]++;
    if (parsed[i] < 0) nonNegative = false;
    if (cls === "date") dates = true;
    else if (cls === "number") {
      numbers = true;
      if (isPercentText(v)) percent = true;
    } else continue;
    textRead++;
  }
  const seen = { numbers, dates, percent };
  return { counts, reading, parsed: textRead > 0 ? parsed : null, seen, nonNegative };
}

/** `counts` without one cell of class `cls`. */
export function withoutCell(counts: KindCounts, cls: CellClass): KindCounts {
  return { ...counts, [cls]: counts[cls] - 1 };
}
