import {
  CellValue,
  classifyCell,
  rangeWidth,
  cellToNumber,
  cellToText,
  describeCell,
  isEmptyCell,
} from "./cells";
import { allDistinct, countDistinct } from "./distinct";

export type ColumnKind = "numeric" | "date" | "boolean" | "categorical" | "identifier" | "empty";

/** A cell that could not be read as the column's kind. `row` is 1-based within the range, header included. */
export interface CellIssue {
  readonly row: number;
  readonly value: string;
}

/**
 * One typed column. Numeric and date columns have `numbers` (NaN where missing or invalid; dates as
 * Excel serial numbers). Boolean, categorical and identifier columns keep `codes` into `categories`
 * (-1 where missing), categories in order of first appearance.
 *
 * A numeric column does not copy its cells until `numbers` is first read: a full sheet of eight
 * features is 64 MB of copies, and the way to a segmentation needs none of them, because `numberAt`
 * reads a single row's number straight from the range.
 */
export interface Column {
  readonly name: string;
  readonly index: number;
  readonly kind: ColumnKind;
  /** Whether the column holds numbers (numeric, date, or an identifier of whole numbers). */
  readonly holdsNumbers: boolean;
  /** The whole column as numbers, copied from the range when first read. Null for coded columns. */
  readonly numbers: Float64Array | null;
  /** The number in data row i (0-based, header excluded), as `numbers` has it, without copying the column. */
  readonly numberAt: ((i: number) => number) | null;
  /**
   * Writes the numbers of data rows rows[from], ..., rows[to - 1] (rows null: every row in order) to
   * out[offset + i * stride] for each i from `from` to `to`: how a matrix is filled from the range
   * without copying the column, in a loop that keeps every number unboxed.
   */
  readonly copyNumbers: NumberCopier | null;
  readonly codes: Int32Array | null;
  readonly categories: readonly string[];
  /** Empty cells. */
  readonly missing: number;
  /** Cells that hold something that is not of the column's kind (Excel errors, text among numbers). */
  readonly invalid: number;
  readonly firstInvalid: CellIssue | null;
  readonly distinct: number;
}

export type NumberCopier = (
  rows: Int32Array | null,
  from: number,
  to: number,
  out: Float64Array,
  offset: number,
  stride: number,
) => void;

export interface Table {
  readonly hasHeader: boolean;
  /** Data rows, header excluded. */
  readonly rowCount: number;
  readonly columns: readonly Column[];
}

export interface ReadTableOptions {
  /** "auto" (the default) detects a header row; true or false forces it. */
  readonly header?: "auto" | boolean;
  /** Number formats of the first data row, one per column, as a host reads them; date formats mark date columns. */
  readonly numberFormats?: readonly (string | null | undefined)[];
}

/** Reads a rectangular range of Excel cell values into typed columns. */
export function readTable(values: readonly (readonly CellValue[])[], options: ReadTableOptions = {}): Table {
  const width = rangeWidth(values);
  const header = options.header ?? "auto";
  const hasHeader = header === "auto" ? detectHeader(values, width) : header;
  const start = hasHeader ? 1 : 0;
  const names = uniqueNames(
    Array.from({ length: width }, (_, j) => {
      const cell = hasHeader ? values[0][j] : undefined;
      return isEmptyCell(cell) ? `Column ${j + 1}` : cellToText(cell);
    }),
  );
  const n = Math.max(0, values.length - start);
  const counts = countKinds(values, width, start);
  const kinds = counts.map((c, j) => chooseKind(c, isDateFormat(options.numberFormats?.[j] ?? undefined)));
  const columns = names.map((name, j) => {
    const kind = kinds[j];
    if (kind === "numeric" || kind === "date")
      return numberColumn(values, j, start, n, name, kind, counts[j]);
    return readCodedColumn(values, j, start, n, name, kind, counts[j]);
  });
  return { hasHeader, rowCount: n, columns };
}

export function columnByName(table: Table, name: string): Column | undefined {
  const wanted = name.trim().toLowerCase();
  return table.columns.find((c) => c.name.toLowerCase() === wanted);
}

/**
 * A header is a first row of text only, over rows that are mostly not text in some column; for data
 * that is all text, a first row whose values never recur below it.
 */
function detectHeader(values: readonly (readonly CellValue[])[], width: number): boolean {
  if (values.length === 0) return false;
  const first = values[0];
  let nonEmpty = 0;
  for (let j = 0; j < width; j++) {
    const cls = classifyCell(first[j]);
    if (cls === "empty") continue;
    if (cls !== "text") return false;
    nonEmpty++;
  }
  if (nonEmpty === 0) return false;
  // A lone row of text is a header over no data, not one customer.
  if (values.length === 1) return true;

  const sample = Math.min(values.length, 1001);
  let allTextBelow = true;
  for (let j = 0; j < width; j++) {
    if (classifyCell(first[j]) !== "text") continue;
    let text = 0;
    let other = 0;
    for (let i = 1; i < sample; i++) {
      const cls = classifyCell(values[i][j]);
      if (cls === "text") text++;
      else if (cls === "number" || cls === "boolean" || cls === "date") other++;
    }
    if (other > text) return true;
    if (other > 0) allTextBelow = false;
  }
  if (!allTextBelow) return false;
  for (let j = 0; j < width; j++) {
    if (isEmptyCell(first[j])) continue;
    const head = cellToText(first[j]);
    for (let i = 1; i < sample; i++) if (cellToText(values[i][j]) === head) return false;
  }
  return true;
}

interface KindCounts {
  empty: number;
  number: number;
  boolean: number;
  date: number;
  text: number;
  error: number;
}

/** Kinds of the cells of every column below the header, in one pass over the rows. */
function countKinds(values: readonly (readonly CellValue[])[], width: number, start: number): KindCounts[] {
  const counts: KindCounts[] = Array.from({ length: width }, () => ({
    empty: 0,
    number: 0,
    boolean: 0,
    date: 0,
    text: 0,
    error: 0,
  }));
  // Plain finite numbers are most cells of a large sheet: counted apart, without the classifier.
  const numbers = new Float64Array(width);
  for (let i = start; i < values.length; i++) {
    const row = values[i];
    for (let j = 0; j < width; j++) {
      const v = row[j];
      if (typeof v === "number" && Number.isFinite(v)) numbers[j]++;
      else counts[j][classifyCell(v)]++;
    }
  }
  counts.forEach((c, j) => (c.number += numbers[j]));
  return counts;
}

/** Share of valid cells that must agree on a kind before stragglers are called invalid. */
const MAJORITY = 0.9;

function chooseKind(c: KindCounts, dateFormatted: boolean): ColumnKind {
  const valid = c.number + c.boolean + c.date + c.text;
  if (valid === 0) return "empty";
  if (c.boolean === valid) return "boolean";
  if (c.date >= MAJORITY * valid) return "date";
  if (c.number >= MAJORITY * valid) return dateFormatted ? "date" : "numeric";
  if (c.number + c.date >= MAJORITY * valid) return "date";
  return "categorical";
}

/** A cell as a number column reads it: numbers, numeric text and dates; NaN for anything else. */
function cellNumber(v: CellValue): number {
  if (typeof v === "number" && v - v === 0) return v;
  const cls = classifyCell(v);
  return cls === "number" || cls === "date" ? cellToNumber(v) : NaN;
}

function numberColumn(
  values: readonly (readonly CellValue[])[],
  j: number,
  start: number,
  n: number,
  name: string,
  kind: "numeric" | "date",
  counts: KindCounts,
): Column {
  let numbers: Float64Array | null = null;
  const numberAt = (i: number): number => (numbers ? numbers[i] : cellNumber(values[i + start][j]));
  const copyNumbers: NumberCopier = (rows, from, to, out, offset, stride) => {
    for (let i = from; i < to; i++) {
      const row = rows ? rows[i] : i;
      const v = numbers ? numbers[row] : values[row + start][j];
      out[offset + i * stride] = typeof v === "number" && v - v === 0 ? v : cellNumber(v);
    }
  };
  const read = (): Float64Array => {
    if (numbers) return numbers;
    const out = new Float64Array(n);
    copyNumbers(null, 0, n, out, 0, 1);
    return (numbers = out);
  };
  // Cells that are neither empty nor read as a number: text, booleans and errors among numbers.
  const invalid = counts.boolean + counts.text + counts.error;
  const isIdentifier =
    kind === "numeric" && looksLikeNumericIdentifier(n, numberAt, read, name, counts.empty);
  let distinct = -1;
  return {
    name,
    index: j,
    kind: isIdentifier ? "identifier" : kind,
    holdsNumbers: true,
    get numbers() {
      return read();
    },
    numberAt,
    copyNumbers,
    codes: null,
    categories: [],
    missing: counts.empty,
    invalid,
    firstInvalid: invalid > 0 ? firstInvalidCell(values, j, start, n) : null,
    // Counted when first asked for: a million distinct numbers take a while to count, and nothing
    // on the way to a segmentation needs the figure.
    get distinct() {
      if (distinct < 0) distinct = countDistinct(read());
      return distinct;
    },
  };
}

/** The first cell of a number column that holds something other than a number (or nothing). */
function firstInvalidCell(
  values: readonly (readonly CellValue[])[],
  j: number,
  start: number,
  n: number,
): CellIssue | null {
  for (let i = 0; i < n; i++) {
    const v = values[i + start][j];
    if (Number.isNaN(cellNumber(v)) && !isEmptyCell(v)) return { row: i + start + 1, value: describeCell(v) };
  }
  return null;
}

function readCodedColumn(
  values: readonly (readonly CellValue[])[],
  j: number,
  start: number,
  n: number,
  name: string,
  kind: ColumnKind,
  counts: KindCounts,
): Column {
  const codes = new Int32Array(n).fill(-1);
  const categories: string[] = [];
  const index = new Map<string, number>();
  let invalid = 0;
  let firstInvalid: CellIssue | null = null;
  for (let i = 0; i < n; i++) {
    const v = values[i + start][j];
    const cls = classifyCell(v);
    if (cls === "empty") continue;
    if (cls === "error") {
      invalid++;
      firstInvalid ??= { row: i + start + 1, value: describeCell(v) };
      continue;
    }
    const text = cellToText(v);
    let code = index.get(text);
    if (code === undefined) {
      code = categories.length;
      categories.push(text);
      index.set(text, code);
    }
    codes[i] = code;
  }
  const valid = n - counts.empty - invalid;
  const isIdentifier =
    kind === "categorical" && valid >= 3 && counts.empty === 0 && categories.length === valid;
  return {
    name,
    index: j,
    kind: isIdentifier ? "identifier" : kind,
    holdsNumbers: false,
    numbers: null,
    numberAt: null,
    copyNumbers: null,
    codes,
    categories,
    missing: counts.empty,
    invalid,
    firstInvalid,
    distinct: categories.length,
  };
}

const ID_NAME = /(\bID\b|\bid\b|_id\b|[a-z]ID$|[a-z]Id$|^id\b|\bkey\b|\bcode\b|\bno\.?$|\bnumber\b|#)/i;

/**
 * Whole numbers distinct on every row are an identifier when the name says so, or when they run
 * nearly consecutively (1..n, 12346..18287); a measure such as spend is distinct too but spread out.
 * The cheap tests come first: most columns are not whole numbers, or repeat within a narrow range.
 */
function looksLikeNumericIdentifier(
  n: number,
  numberAt: (i: number) => number,
  numbers: () => Float64Array,
  name: string,
  missing: number,
): boolean {
  if (n < 3 || missing > 0) return false;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = numberAt(i);
    // NaN (an invalid cell) is not an integer either.
    if (!Number.isInteger(x)) return false;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  // n different whole numbers need a range of at least n.
  if (max - min + 1 < n || !allDistinct(numbers())) return false;
  if (ID_NAME.test(name) && !/\b(age|income|spend|score|amount|price|count)\b/i.test(name)) return true;
  return n >= 10 && max - min + 1 <= 1.5 * n;
}

function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  // Drop quoted literals and bracketed colours/locales before looking for date tokens.
  const bare = format.replace(/"[^"]*"/g, "").replace(/\[[^\]]*\]/g, "");
  return /[dy]/i.test(bare) || /m{3,}/i.test(bare);
}

function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const key = name.toLowerCase();
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}
