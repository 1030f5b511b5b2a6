import {
  CellClass,
  CellValue,
  classifyCell,
  rangeWidth,
  cellToText,
  describeCell,
  isEmptyCell,
  isExcelError,
  readCell,
} from "./cells";
import { ColumnScan, KindCounts, numberReader, scanColumns, withoutCell } from "./column-scan";
import { ReadingHints, readingNote } from "./column-text";
import { allDistinct, countDistinct } from "./distinct";
import { looksNumeric } from "./text-numbers";
import {
  ExcludedRow,
  SummedColumn,
  isSumRow,
  isTotalsWord,
  headerRepeatTest,
  lastNonEmptyRow,
} from "./totals";

export { DEFAULT_DECIMAL_SEPARATOR, type DecimalSeparator } from "./text-numbers";
export { DEFAULT_DATE_ORDER, type DateOrder } from "./text-dates";
export type { ExcludedRow, ExclusionReason } from "./totals";

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
  /**
   * How the column's text was read when it was not plain, for people to check: "text numbers read
   * with "," as the decimal separator", "dates read day-first", ... Null for plain columns.
   */
  readonly note: string | null;
  /**
   * In a categorical or identifier column whose cells mostly look like numbers ("12 kg", "1.2.3"),
   * the first cell that could not be read as one; null otherwise. Such a column is never an identifier.
   */
  readonly unreadNumber: CellIssue | null;
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
  /** Data rows, header excluded; excluded rows too, so that rows line up with the range. */
  readonly rowCount: number;
  readonly columns: readonly Column[];
  /**
   * Rows that are not customers (a totals row, repeated headers), in order. Columns read them as
   * empty cells (NaN, code -1) without counting them as missing, invalid or anything else.
   */
  readonly excluded: readonly ExcludedRow[];
  /** 1 for each excluded data row (0-based, header excluded); null when no row is excluded. */
  readonly excludedMask: Uint8Array | null;
}

export interface ReadTableOptions extends ReadingHints {
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
  const isHeader = hasHeader ? headerRepeatTest(values[0], width) : null;
  const { columns: scans, headers } = scanColumns(values, width, start, isHeader, options);
  const dateFormatted = names.map((_, j) => isDateFormat(options.numberFormats?.[j] ?? undefined));
  const totals = totalsRow(values, start, width, headers, scans, dateFormatted);
  const excludedMask = withRow(headers, totals, n);
  const counts = scans.map((scan, j) => (totals ? withoutCell(scan.counts, totals.classes[j]) : scan.counts));
  if (totals) for (const scan of scans) if (scan.parsed) scan.parsed[totals.row] = NaN;
  const kept = n - countExcluded(excludedMask);
  const columns = names.map((name, j) => {
    const kind = chooseKind(counts[j], dateFormatted[j]);
    const column = {
      values,
      j,
      start,
      n,
      kept,
      name,
      counts: counts[j],
      scan: scans[j],
      excluded: excludedMask,
    };
    if (kind === "numeric" || kind === "date") return numberColumn(column, kind);
    return readCodedColumn(column, kind);
  });
  return { hasHeader, rowCount: n, columns, excluded: excludedRows(headers, totals, start), excludedMask };
}

/** The last data row, when it is a totals row: its index and its cells' classes as their columns read them. */
interface TotalsRow {
  readonly row: number;
  readonly classes: readonly CellClass[];
}

/**
 * The last non-empty row is a totals row when a cell of it names one ("Total", "Average:"), or when
 * it is the sum of the rows above it (totals.ts). The columns' kinds for the sum test are those of
 * the rows above it: a "Total" in the last row must not decide what the column holds.
 */
function totalsRow(
  values: readonly (readonly CellValue[])[],
  start: number,
  width: number,
  headers: Uint8Array | null,
  scans: readonly ColumnScan[],
  dateFormatted: readonly boolean[],
): TotalsRow | null {
  const last = lastNonEmptyRow(values, start, width);
  if (last < 0 || (headers !== null && headers[last] === 1)) return null;
  const row = values[last + start];
  const cells = scans.map((scan, j) => readCell(row[j], scan.reading));
  const classes = cells.map((cell) => cell.cls);
  for (let j = 0; j < width; j++) if (isTotalsWord(row[j])) return { row: last, classes };

  const summed: SummedColumn[] = [];
  let otherCellsEmpty = true;
  scans.forEach((scan, j) => {
    const kind = chooseKind(withoutCell(scan.counts, classes[j]), dateFormatted[j]);
    if (kind !== "numeric") {
      otherCellsEmpty &&= classes[j] === "empty";
      return;
    }
    if (classes[j] !== "number" && classes[j] !== "empty") otherCellsEmpty = false;
    const at = numberReader(values, j, start, scan, headers);
    summed.push({ value: cells[j].value, at, nonNegative: scan.nonNegative });
  });
  const rowsAbove = last - countExcluded(headers, last);
  return isSumRow(summed, last, rowsAbove, otherCellsEmpty) ? { row: last, classes } : null;
}

/** `mask` with data row `totals.row` excluded too; a new mask when there was none. */
function withRow(mask: Uint8Array | null, totals: TotalsRow | null, n: number): Uint8Array | null {
  if (!totals) return mask;
  const out = mask ? mask.slice() : new Uint8Array(n);
  out[totals.row] = 1;
  return out;
}

/** Excluded rows among the first `upTo` data rows (all of them by default). */
function countExcluded(mask: Uint8Array | null, upTo = mask?.length ?? 0): number {
  let count = 0;
  if (mask) for (let i = 0; i < upTo; i++) count += mask[i];
  return count;
}

function excludedRows(headers: Uint8Array | null, totals: TotalsRow | null, start: number): ExcludedRow[] {
  const rows: ExcludedRow[] = [];
  const at = (row: number, reason: ExcludedRow["reason"]) =>
    rows.push({ row, rangeRow: row + start + 1, reason });
  if (headers) for (let i = 0; i < headers.length; i++) if (headers[i] === 1) at(i, "header");
  // The totals row is the last non-empty row: after every repeated header.
  if (totals) at(totals.row, "totals");
  return rows;
}

export function columnByName(table: Table, name: string): Column | undefined {
  let index = COLUMN_INDEX.get(table);
  if (!index) {
    index = new Map();
    for (const column of table.columns) {
      const key = column.name.toLowerCase();
      if (!index.has(key)) index.set(key, column);
    }
    COLUMN_INDEX.set(table, index);
  }
  return index.get(name.trim().toLowerCase());
}

/**
 * Each table's columns by lower-cased name, made on the first look-up: callers look up every feature
 * by name, and a search of the columns for each is quadratic (seconds on a sheet 16,384 columns wide).
 */
const COLUMN_INDEX = new WeakMap<Table, Map<string, Column>>();

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

/** One column's cells and what the scan found in them, as the column readers take them. */
interface ColumnSource {
  readonly values: readonly (readonly CellValue[])[];
  readonly j: number;
  /** The range row of data row 0. */
  readonly start: number;
  /** Data rows. */
  readonly n: number;
  /** Data rows not excluded. */
  readonly kept: number;
  readonly name: string;
  readonly counts: KindCounts;
  readonly scan: ColumnScan;
  readonly excluded: Uint8Array | null;
}

function numberColumn(source: ColumnSource, kind: "numeric" | "date"): Column {
  const { values, j, start, n, counts, scan, excluded } = source;
  const reading = scan.reading;
  let numbers: Float64Array | null = scan.parsed;
  const fromRange = numberReader(values, j, start, scan, excluded);
  // The plain numbers of a range with nothing excluded are read here, without a second call: the
  // identifier test and the matrix read a million of them.
  const numberAt =
    excluded === null
      ? (i: number): number => {
          if (numbers) return numbers[i];
          const v = values[i + start][j];
          return typeof v === "number" && v - v === 0 ? v : fromRange(i);
        }
      : (i: number): number => (numbers ? numbers[i] : fromRange(i));
  const copyNumbers: NumberCopier = (rows, from, to, out, offset, stride) => {
    if (numbers) {
      for (let i = from; i < to; i++) out[offset + i * stride] = numbers[rows ? rows[i] : i];
      return;
    }
    for (let i = from; i < to; i++) {
      const row = rows ? rows[i] : i;
      const v = values[row + start][j];
      out[offset + i * stride] =
        typeof v === "number" && v - v === 0 && (excluded === null || excluded[row] === 0)
          ? v
          : numberAt(row);
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
  const isIdentifier = kind === "numeric" && looksLikeNumericIdentifier(source, numberAt, read);
  let distinct = -1;
  return {
    name: source.name,
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
    firstInvalid: invalid > 0 ? firstInvalidCell(source, numberAt) : null,
    // Counted when first asked for: a million distinct numbers take a while to count, and nothing
    // on the way to a segmentation needs the figure.
    get distinct() {
      if (distinct < 0) distinct = countDistinct(read());
      return distinct;
    },
    note: readingNote(reading, scan.seen),
    unreadNumber: null,
  };
}

/** The first cell of a number column that holds something other than a number (or nothing). */
function firstInvalidCell(source: ColumnSource, numberAt: (i: number) => number): CellIssue | null {
  const { values, j, start, n, excluded } = source;
  for (let i = 0; i < n; i++) {
    if (excluded !== null && excluded[i] === 1) continue;
    const v = values[i + start][j];
    if (Number.isNaN(numberAt(i)) && !isEmptyCell(v)) return { row: i + start + 1, value: describeCell(v) };
  }
  return null;
}

function readCodedColumn(source: ColumnSource, kind: ColumnKind): Column {
  const { values, j, start, n, counts, scan, excluded } = source;
  const parsed = scan.parsed;
  const codes = new Int32Array(n).fill(-1);
  const categories: string[] = [];
  const index = new Map<string, number>();
  let invalid = 0;
  let firstInvalid: CellIssue | null = null;
  // Cells that look like numbers, and the first of the cells that did not read as one.
  let numberLike = 0;
  let nonEmpty = 0;
  let unread: CellIssue | null = null;
  for (let i = 0; i < n; i++) {
    if (excluded !== null && excluded[i] === 1) continue;
    const v = values[i + start][j];
    if (isEmptyCell(v)) continue;
    nonEmpty++;
    if (isExcelError(v) || (typeof v === "number" && !Number.isFinite(v))) {
      invalid++;
      firstInvalid ??= { row: i + start + 1, value: describeCell(v) };
      continue;
    }
    const text = cellToText(v);
    // The scan has read every text cell already: its copy holds what read as a number or date.
    const read = typeof v === "number" || (parsed !== null && !Number.isNaN(parsed[i]));
    if (read || (typeof v === "string" && looksNumeric(v))) numberLike++;
    if (!read) unread ??= { row: i + start + 1, value: describeCell(v) };
    let code = index.get(text);
    if (code === undefined) {
      code = categories.length;
      categories.push(text);
      index.set(text, code);
    }
    codes[i] = code;
  }
  // Amounts or dates that did not all read are no identifier, however distinct: the column is
  // reported as numbers that could not be read instead.
  const unreadNumbers = kind === "categorical" && 2 * numberLike > nonEmpty;
  const valid = source.kept - counts.empty - invalid;
  const isIdentifier =
    kind === "categorical" &&
    !unreadNumbers &&
    valid >= 3 &&
    counts.empty === 0 &&
    categories.length === valid;
  return {
    name: source.name,
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
    note: null,
    unreadNumber: unreadNumbers ? unread : null,
  };
}

const ID_NAME = /(\bID\b|\bid\b|_id\b|[a-z]ID$|[a-z]Id$|^id\b|\bkey\b|\bcode\b|\bno\.?$|\bnumber\b|#)/i;

/**
 * Whole numbers distinct on every row are an identifier when the name says so, or when they run
 * nearly consecutively (1..n, 12346..18287); a measure such as spend is distinct too but spread out.
 * The cheap tests come first: most columns are not whole numbers, or repeat within a narrow range.
 */
function looksLikeNumericIdentifier(
  source: ColumnSource,
  numberAt: (i: number) => number,
  numbers: () => Float64Array,
): boolean {
  const { n, kept, name, counts, excluded } = source;
  if (kept < 3 || counts.empty > 0) return false;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    if (excluded !== null && excluded[i] === 1) continue;
    const x = numberAt(i);
    // NaN (an invalid cell) is not an integer either.
    if (!Number.isInteger(x)) return false;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  // kept different whole numbers need a range of at least kept.
  if (max - min + 1 < kept || !allDistinct(numbers())) return false;
  if (ID_NAME.test(name) && !/\b(age|income|spend|score|amount|price|count)\b/i.test(name)) return true;
  return kept >= 10 && max - min + 1 <= 1.5 * kept;
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
