/*
 * Guards that keep a formula from freezing Excel. A custom function's arguments and result travel
 * between Excel and the add-in runtime as one serialized message of at most 5 MB, and a formula runs on
 * the same JavaScript thread as the task pane. Inputs beyond either limit are refused up front with a
 * message that points to the task pane, which reads and writes ranges in chunks and reports progress.
 */
import { DEFAULTS } from "../core/defaults";
import { CellValue } from "../core/cells";
import { SegmentError } from "../core/errors";
import { Matrix } from "../core/matrix";

/** Excel's limit on a custom function's arguments, and on its result. */
export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

/** Rows sampled to estimate a range's serialized size (every row below this many). */
const SIZE_SAMPLE_ROWS = 2000;

/**
 * Serialized size of a range, estimated from an evenly spaced sample of its rows: each cell as JSON
 * plus its separator. Exact for ranges of up to SIZE_SAMPLE_ROWS rows.
 */
export function estimatePayloadBytes(values: readonly (readonly CellValue[])[]): number {
  return estimateRowsPayloadBytes(values.length, (i) => values[i]);
}

/**
 * The same estimate for n rows read one at a time by `rowAt`, which is asked only for the sampled
 * rows: a range can then be measured before all of it is copied.
 */
export function estimateRowsPayloadBytes(n: number, rowAt: (i: number) => readonly CellValue[]): number {
  if (n === 0) return 2;
  const step = Math.max(1, n / SIZE_SAMPLE_ROWS);
  let sampled = 0;
  let bytes = 0;
  for (let s = 0; s < n; s += step) {
    const row = rowAt(Math.floor(s));
    // Each row: its brackets, its cells and a comma after each cell and after the row itself.
    bytes += 3 + row.length - 1;
    for (const cell of row) bytes += cellBytes(cell);
    sampled++;
  }
  // The outer brackets, less the comma after the last row.
  return Math.round((bytes / sampled) * n) + 1;
}

function cellBytes(cell: CellValue): number {
  if (cell === null || cell === undefined) return 4;
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell).length : 4;
  if (typeof cell === "boolean") return cell ? 4 : 5;
  // JSON escapes quotes, backslashes and control characters; non-ASCII takes more than one byte.
  return jsonTextBytes(cell) + 2;
}

/** Bytes of a text inside JSON, UTF-8 encoded (without Node's Buffer, which the browser does not have). */
function jsonTextBytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c) bytes += 2;
    else if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

const TASK_PANE_HINT = "Segment data this large with the Segment task pane instead";

/**
 * The limits a formula runs under. Excel's are the only ones a workbook ever sees; the benchmark
 * lifts them to time the same code on a full sheet, which Excel itself never passes to a formula.
 */
export interface FormulaLimits {
  /** Largest argument, and largest result, in serialized bytes. */
  readonly payloadBytes: number;
  /** Most work one fit or sweep may take, in the units of WORK_LIMIT. */
  readonly work: number;
}

/** Refuses an argument whose estimated serialized size is beyond what Excel passes. */
export function checkArgumentBytes(bytes: number, name: string, limits: FormulaLimits = EXCEL_LIMITS): void {
  if (bytes > limits.payloadBytes) {
    throw new SegmentError(
      "value",
      `${name} is about ${megabytes(bytes)} MB, more than the 5 MB Excel passes to a custom function. ${TASK_PANE_HINT}.`,
    );
  }
}

/** Refuses a result too large for Excel to take back from a custom function. */
export function checkResultSize(
  values: readonly (readonly CellValue[])[],
  limits: FormulaLimits = EXCEL_LIMITS,
): void {
  const bytes = estimatePayloadBytes(values);
  if (bytes > limits.payloadBytes) {
    throw new SegmentError(
      "value",
      `The result would be about ${megabytes(bytes)} MB, more than the 5 MB a custom function can return. ${TASK_PANE_HINT}.`,
    );
  }
}

/** Excel's grid: a spill beyond it cannot be shown at all (#SPILL!, without a word of why). */
export const SHEET_ROWS = 1_048_576;
export const SHEET_COLUMNS = 16_384;

/**
 * Refuses a result that would not fit in a sheet wherever it is put: CENTROIDS and PROFILE grow a
 * column or more per feature, so data 16,384 columns wide gives a table wider than any sheet.
 */
export function checkResultShape(rows: number, columns: number): void {
  const count = (x: number) => x.toLocaleString("en-US");
  if (columns > SHEET_COLUMNS) {
    throw new SegmentError(
      "value",
      `The result would be ${count(columns)} columns wide, more than the ${count(SHEET_COLUMNS)} columns of a sheet: use fewer columns in data.`,
    );
  }
  if (rows > SHEET_ROWS) {
    throw new SegmentError(
      "value",
      `The result would be ${count(rows)} rows long, more than the ${count(SHEET_ROWS)} rows of a sheet: use fewer columns in data.`,
    );
  }
}

/**
 * Work a formula may do, in rows x features x segments x restarts (one Lloyd iteration of every
 * restart). A whole fit took 0.2 to 0.6 microseconds per unit (Node 20, uniform random data, which
 * converges slowly), so this bounds a formula at roughly 10 to 30 seconds: 100,000 rows x 4 features
 * x 10 segments x 4 restarts (1.6e7) runs in about 4 s; k = 50 on the same rows (8e7, 45 s) is refused.
 */
export const WORK_LIMIT = 5e7;

export const EXCEL_LIMITS: FormulaLimits = { payloadBytes: PAYLOAD_LIMIT_BYTES, work: WORK_LIMIT };

export function checkWork(units: number, what: string, limits: FormulaLimits = EXCEL_LIMITS): void {
  if (units > limits.work) {
    throw new SegmentError(
      "value",
      `${what} is too much work for a formula (it would freeze Excel for minutes). ${TASK_PANE_HINT}, or use fewer rows, segments or restarts.`,
    );
  }
}

export function checkFitWork(
  matrix: Matrix,
  k: number,
  restarts: number,
  limits: FormulaLimits = EXCEL_LIMITS,
): void {
  checkWork(matrix.n * matrix.d * k * restarts, `k-means with k = ${k} on ${matrix.n} rows`, limits);
}

/** Rows up to which a sweep's silhouettes are exact (core DEFAULTS, where the reason is given). */
export const SWEEP_SILHOUETTE_LIMIT = DEFAULTS.sweepSilhouetteLimit;

export function checkSweepWork(matrix: Matrix, kmin: number, kmax: number, restarts: number): void {
  let ks = 0;
  for (let k = kmin; k <= kmax; k++) ks += k;
  checkWork(matrix.n * matrix.d * ks * restarts, `Trying k = ${kmin} to ${kmax} on ${matrix.n} rows`);
}
