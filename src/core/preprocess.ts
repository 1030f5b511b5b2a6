import { SegmentError } from "./errors";
import { Matrix } from "./matrix";
import { allocateMatrixData } from "./arena";
import { mean, median, minMax, quantileSorted, sortedCopy } from "./stats";
import { CellIssue, Column, Table, columnByName } from "./table";
import { isHeavyTailed, matrixTailShapes, tailShape } from "./tails";

export type Scaling = "zscore" | "minmax" | "robust" | "none";
export type MissingPolicy = "drop" | "mean" | "median" | "mostFrequent";

/**
 * Which numeric columns get log(1 + x) before scaling: "auto", the non-negative ones with a heavy
 * right tail (tails.ts); "none"; or exactly the columns named.
 */
export type LogChoice = "auto" | "none" | readonly string[];

export const SCALINGS: readonly Scaling[] = ["zscore", "minmax", "robust", "none"];
export const MISSING_POLICIES: readonly MissingPolicy[] = ["drop", "mean", "median", "mostFrequent"];

export const PREPROCESS_DEFAULTS = {
  scaling: "zscore",
  missing: "drop",
  logTransform: "auto",
} as const satisfies { scaling: Scaling; missing: MissingPolicy; logTransform: LogChoice };

/**
 * The largest size a feature's number may have. Segment squares numbers (variances, distances), cubes
 * them (skewness) and adds up a million of them: past about 1e100 those sums overflow to Infinity, and
 * every centre, score and distance after them turns into NaN. No real measure comes near it; such a
 * cell is a typo or a formula gone wrong, and is refused with its column and row.
 */
export const MAX_MAGNITUDE = 1e100;

export interface PreprocessOptions {
  /**
   * "zscore" (default): mean and population standard deviation; "minmax"; "robust": median and IQR;
   * "none": the data exactly as given, with no automatic log transform either.
   */
  readonly scaling?: Scaling;
  /** "drop" (default) leaves rows with a missing feature unlabelled; the others impute it. */
  readonly missing?: MissingPolicy;
  /** Column names to use as features, in order. Default: every column of the table. */
  readonly features?: readonly string[];
  /** Default "auto": heavy-tailed non-negative columns are log-transformed (see LogChoice). */
  readonly logTransform?: LogChoice;
  /**
   * Most categories a text feature may have; more is refused with a message naming the column.
   * Default: no limit (the pane warns instead; formulas pass FEATURE_THRESHOLDS.manyCategories).
   */
  readonly maxCategories?: number;
}

/** One input column as the model reads it. Plain data, so that a model can be written out and read back. */
export interface InputFeature {
  readonly name: string;
  readonly kind: "numeric" | "categorical";
  readonly log: boolean;
  /** What a missing cell becomes; null when such rows are dropped. Numbers in original units. */
  readonly impute: number | string | null;
  /**
   * A categorical input's categories: each one-hot encoded, or for a binary input the category
   * coded 1, then the one coded 0.
   */
  readonly categories: readonly string[];
  /**
   * A two-category input encoded as one 0/1 column rather than two one-hot columns, which would
   * say the same thing twice.
   */
  readonly binary: boolean;
}

/** One column of the numeric matrix: an input itself, or one category of it. */
export interface OutputFeature {
  readonly name: string;
  readonly input: number;
  readonly category: string | null;
  /** Scaled value = (raw - center) / scale. */
  readonly center: number;
  readonly scale: number;
}

export interface Preprocessor {
  readonly scaling: Scaling;
  readonly missing: MissingPolicy;
  readonly inputs: readonly InputFeature[];
  readonly outputs: readonly OutputFeature[];
}

/** Rows of a table turned into model space. */
export interface Transformed {
  readonly matrix: Matrix;
  /**
   * `rows[i]` is the data row (0-based, header excluded) of matrix row i; null when every table
   * row is used, in order (matrix row i is table row i), rather than an identity index (4 MB on a
   * full sheet).
   */
  readonly rows: Int32Array | null;
}

export interface FittedPreprocessing extends Transformed {
  readonly preprocessor: Preprocessor;
  /** The columns "auto" log-transformed, with the skewness that decided it, in feature order. */
  readonly heavyTails: readonly { readonly name: string; readonly skewness: number }[];
}

/**
 * Fits the preprocessing to a table and writes its matrix. `onProgress` hears the fraction done
 * every so many rows: a full sheet takes a good part of a second here, and a task pane must keep
 * showing that it works.
 */
export function fitPreprocessor(
  table: Table,
  options: PreprocessOptions = {},
  onProgress?: (fraction: number) => void,
): FittedPreprocessing {
  const scaling = options.scaling ?? PREPROCESS_DEFAULTS.scaling;
  const missing = options.missing ?? PREPROCESS_DEFAULTS.missing;
  if (!SCALINGS.includes(scaling))
    throw new SegmentError("value", `Unknown scaling "${scaling}": use ${SCALINGS.join(", ")}.`);
  if (!MISSING_POLICIES.includes(missing)) {
    throw new SegmentError(
      "value",
      `Unknown missing-value policy "${missing}": use ${MISSING_POLICIES.join(", ")}.`,
    );
  }
  const columns = selectFeatureColumns(table, options.features, options.maxCategories);
  const logChoice = options.logTransform ?? PREPROCESS_DEFAULTS.logTransform;
  const named = typeof logChoice === "string" ? null : namedLogColumns(columns, logChoice);

  // A totals row or a repeated header is no customer, whatever the missing-value policy.
  const rows = usableRows(table.rowCount, columns, missing === "drop", table.excludedMask);
  const n = usedCount(rows, table.rowCount);
  if (n === 0) {
    throw new SegmentError(
      "value",
      "No row has a value in every selected feature: choose another missing-value policy.",
    );
  }
  // "none" scaling is the data exactly as given: "auto" finds nothing to transform there.
  const auto = logChoice === "auto" && scaling !== "none";
  // Under "drop" every cell of the rows used is present, so the matrix holds exactly each column's
  // values and their shape is read there, row by row, once encoded: two passes per column over a
  // full sheet's million row arrays took a sixth of a second. Imputed cells are not data, so the
  // imputing policies read the columns themselves.
  const fromMatrix = auto && missing === "drop";
  const heavyTails: { name: string; skewness: number }[] = [];
  const inputs = columns.map((column) => {
    let log = named?.has(column) ?? false;
    if (auto && !fromMatrix && column.kind === "numeric" && column.numberAt) {
      const shape = tailShape(column.numberAt, rows, n);
      log = isHeavyTailed(shape);
      if (log) heavyTails.push({ name: column.name, skewness: shape.skewness });
    }
    return fitInput(column, rows, n, missing, log);
  });
  onProgress?.(0.1);
  const raw = encode(inputs, columns, rows, n, true, (done) => onProgress?.(0.1 + 0.5 * done));
  if (fromMatrix) logHeavyTails(raw, inputs, columns, heavyTails);
  const outputs = fitScaling(raw, inputs, scaling);
  onProgress?.(0.8);
  applyScaling(raw, outputs, (done) => onProgress?.(0.8 + 0.2 * done));
  onProgress?.(1);
  return { preprocessor: { scaling, missing, inputs, outputs }, matrix: raw, rows, heavyTails };
}

/**
 * Decides "auto" on an encoded matrix of raw values: every numeric column with a heavy tail gets
 * log(1 + x) in place, and its input says so. `inputs` is updated where a log is added.
 */
function logHeavyTails(
  raw: Matrix,
  inputs: InputFeature[],
  columns: readonly Column[],
  heavyTails: { name: string; skewness: number }[],
): void {
  const candidates: number[] = [];
  const at: number[] = [];
  let offset = 0;
  inputs.forEach((input, j) => {
    if (columns[j].kind === "numeric" && input.kind === "numeric") {
      candidates.push(j);
      at.push(offset);
    }
    offset += outputWidth(input);
  });
  const shapes = matrixTailShapes(raw.data, raw.n, raw.d, at);
  const logged: number[] = [];
  candidates.forEach((j, c) => {
    if (!isHeavyTailed(shapes[c])) return;
    inputs[j] = { ...inputs[j], log: true };
    heavyTails.push({ name: inputs[j].name, skewness: shapes[c].skewness });
    logged.push(at[c]);
  });
  const { data, n, d } = raw;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < logged.length; c++) data[i * d + logged[c]] = Math.log1p(data[i * d + logged[c]]);
  }
}

/** The columns a list of names asks to log-transform, each checked to be a numeric feature. */
function namedLogColumns(columns: readonly Column[], names: readonly string[]): Set<Column> {
  const out = new Set<Column>();
  for (const name of names) {
    const wanted = name.trim().toLowerCase();
    const column = columns.find((c) => c.name.toLowerCase() === wanted);
    if (!column)
      throw new SegmentError("value", `Log transform asked for "${name}", which is not a selected feature.`);
    if (!column.holdsNumbers)
      throw new SegmentError("value", `"${column.name}" is not numeric: it cannot be log-transformed.`);
    out.add(column);
  }
  return out;
}

/**
 * Rows of new data that get no segment because a cell is outside what the model can place: a binary
 * feature's category the model never saw, or a value of -1 or less where the model takes log(1 + x).
 */
export interface UnseenCategories {
  readonly rows: number;
  /** The first such cell: its column and value, and which of the two it is. */
  readonly column: string;
  readonly value: string;
  readonly reason: "category" | "log";
}

export interface TransformedNew extends Transformed {
  readonly unseen: UnseenCategories | null;
}

/**
 * Applies a fitted preprocessor to a table, matching columns by name when it has a header, else by
 * position. A category the model never saw counts for no category of a one-hot input; in a binary
 * input it is neither of the two values, so its row gets no segment, as a row whose logged column
 * holds -1 or less does (`unseen` says how many).
 */
export function transformTable(preprocessor: Preprocessor, table: Table): TransformedNew {
  const columns = matchInputColumns(preprocessor, table);
  const drop = preprocessor.inputs.some((input) => input.impute === null);
  // Only rows that would otherwise get a segment are "none because of an unseen category": a row
  // already left out for a missing value is not, or ASSIGN's header would blame the wrong cell.
  const usable = usableRows(table.rowCount, columns, drop, table.excludedMask);
  const unseen = rowsOutsideModel(preprocessor.inputs, columns, table.rowCount, usable);
  const rows = unseen
    ? usableRows(table.rowCount, columns, drop, either(table.excludedMask, unseen.mask))
    : usable;
  const raw = encode(preprocessor.inputs, columns, rows, usedCount(rows, table.rowCount), false);
  applyScaling(raw, preprocessor.outputs);
  return {
    matrix: raw,
    rows,
    unseen: unseen && {
      rows: unseen.rows,
      column: unseen.column,
      value: unseen.value,
      reason: unseen.reason,
    },
  };
}

/** Rows marked in either mask. */
function either(a: Uint8Array | null, b: Uint8Array | null): Uint8Array | null {
  if (!a || !b) return a ?? b;
  return a.map((x, i) => x | b[i]);
}

/**
 * Rows among `usable` (as usableRows gives them: null for every row) with an unseen binary category,
 * or with -1 or less in a logged column, whose log(1 + x) is not a number.
 */
function rowsOutsideModel(
  inputs: readonly InputFeature[],
  columns: readonly Column[],
  rowCount: number,
  usable: Int32Array | null,
): (UnseenCategories & { mask: Uint8Array }) | null {
  let mask: Uint8Array | null = null;
  let rows = 0;
  let first: Omit<UnseenCategories, "rows"> | null = null;
  const count = usable ? usable.length : rowCount;
  const mark = (i: number, cell: () => Omit<UnseenCategories, "rows">) => {
    mask ??= new Uint8Array(rowCount);
    first ??= cell();
    rows += 1 - mask[i];
    mask[i] = 1;
  };
  for (let j = 0; j < inputs.length; j++) {
    const input = inputs[j];
    const { codes, categories, numberAt } = columns[j];
    if (input.kind === "numeric" && input.log && numberAt) {
      for (let r = 0; r < count; r++) {
        const i = usable ? usable[r] : r;
        const x = numberAt(i);
        // A missing cell (NaN) is imputed, or its row already left out.
        if (x <= -1) mark(i, () => ({ column: input.name, value: String(x), reason: "log" }));
      }
      continue;
    }
    if (!input.binary || !codes) continue;
    const known = categories.map((c) => input.categories.includes(c));
    for (let r = 0; r < count; r++) {
      const i = usable ? usable[r] : r;
      const code = codes[i];
      if (code < 0 || known[code]) continue;
      mark(i, () => ({ column: input.name, value: categories[code], reason: "category" }));
    }
  }
  return mask && first ? { rows, ...(first as Omit<UnseenCategories, "rows">), mask } : null;
}

/** Centroids (k rows of model space) back in original units: numbers in their own units, categories as shares. */
export function centroidsInUnits(
  preprocessor: Preprocessor,
  centroids: Float64Array,
  k: number,
): Float64Array {
  const d = preprocessor.outputs.length;
  const out = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      const feature = preprocessor.outputs[j];
      const value = centroids[c * d + j] * feature.scale + feature.center;
      out[c * d + j] = preprocessor.inputs[feature.input].log ? Math.expm1(value) : value;
    }
  }
  return out;
}

function selectFeatureColumns(
  table: Table,
  features: readonly string[] | undefined,
  maxCategories = Infinity,
): Column[] {
  const columns = features
    ? features.map((name) => {
        const column = columnByName(table, name);
        if (!column) throw new SegmentError("na", `There is no column "${name}" in the data.`);
        return column;
      })
    : [...table.columns];
  if (columns.length === 0) throw new SegmentError("value", "Choose at least one feature column.");
  for (const column of columns) {
    if (column.unreadNumber) {
      const { row, value } = column.unreadNumber;
      throw new SegmentError(
        "value",
        `${column.name}, row ${row}: ${value} could not be read as a number. Fix that cell, or leave the column out of the range.`,
      );
    }
    if (column.kind === "identifier") {
      throw new SegmentError("value", `${column.name} looks like an identifier: leave it out of the range.`);
    }
    if (column.kind === "empty") throw new SegmentError("value", `${column.name} has no values.`);
    if (column.firstInvalid) {
      const what = column.holdsNumbers ? "is not a number" : "is an error value";
      throw new SegmentError(
        "value",
        `${column.name}, row ${column.firstInvalid.row}: ${column.firstInvalid.value} ${what}` +
          (column.invalid > 1 ? ` (${column.invalid} such cells).` : "."),
      );
    }
    checkMagnitudes(column, table);
    if (column.kind === "categorical" && column.categories.length > maxCategories) {
      throw new SegmentError(
        "value",
        `${column.name} has ${column.categories.length} different values, too many for a feature (at most ${maxCategories}): each would count as a feature of its own. Leave it out of the range, or profile the segments by it instead.`,
      );
    }
  }
  return columns;
}

/**
 * The first number of a column beyond MAX_MAGNITUDE, with its row in the range (1-based, header
 * included: `start` is 1 under a header row), or null. Null for a column without numbers.
 */
export function firstTooLarge(column: Column, rowCount: number, start: number): CellIssue | null {
  const numberAt = column.numberAt;
  if (!numberAt) return null;
  for (let i = 0; i < rowCount; i++) {
    const x = numberAt(i);
    if (x > MAX_MAGNITUDE || x < -MAX_MAGNITUDE) return { row: i + start + 1, value: String(x) };
  }
  return null;
}

/** Refuses a number column holding a number beyond MAX_MAGNITUDE, naming its first such cell. */
function checkMagnitudes(column: Column, table: Table): void {
  const cell = firstTooLarge(column, table.rowCount, table.hasHeader ? 1 : 0);
  if (cell) {
    throw new SegmentError(
      "value",
      `${column.name}, row ${cell.row}: ${cell.value} is too large a number to segment by (at most 1e100 in size). Fix that cell, or leave the column out of the range.`,
    );
  }
}

function matchInputColumns(preprocessor: Preprocessor, table: Table): Column[] {
  const inputs = preprocessor.inputs;
  if (table.hasHeader) {
    return inputs.map((input) => {
      const column = columnByName(table, input.name);
      if (!column)
        throw new SegmentError("na", `The data has no column "${input.name}", which the model needs.`);
      return checkedColumn(column, input, table);
    });
  }
  if (table.columns.length !== inputs.length) {
    throw new SegmentError(
      "na",
      `The model needs ${inputs.length} columns (${inputs.map((i) => i.name).join(", ")}); the data has ${table.columns.length}.`,
    );
  }
  return table.columns.map((column, j) => checkedColumn(column, inputs[j], table));
}

function checkedColumn(column: Column, input: InputFeature, table: Table): Column {
  const numeric = column.holdsNumbers;
  if (column.kind === "empty") return column;
  if (input.kind === "numeric" && !numeric) {
    throw new SegmentError(
      "value",
      `${input.name} must be numeric for this model, but the data's column is text.`,
    );
  }
  if (column.firstInvalid && input.kind === "numeric") {
    throw new SegmentError(
      "value",
      `${column.name}, row ${column.firstInvalid.row}: ${column.firstInvalid.value} is not a number.`,
    );
  }
  if (input.kind === "numeric") checkMagnitudes(column, table);
  return column;
}

/**
 * The table rows used, increasing; null when that is every row (no identity index to allocate).
 * `leftOut` marks rows never used, whatever the missing-value policy.
 */
function usableRows(
  rowCount: number,
  columns: readonly Column[],
  drop: boolean,
  leftOut: Uint8Array | null = null,
): Int32Array | null {
  const complete = columns.every((column) => column.missing + column.invalid === 0);
  if ((!drop || complete) && !leftOut) return null;
  // Column by column into one mask: a closure per row and a growing number[] cost more than the
  // rest of the preprocessing on a full sheet.
  const missing = leftOut ? Uint8Array.from(leftOut) : new Uint8Array(rowCount);
  for (const column of drop ? columns : []) {
    const { numberAt, codes } = column;
    // Only empty and invalid cells read as missing (NaN, or code -1).
    if (column.missing + column.invalid === 0) continue;
    if (numberAt) for (let i = 0; i < rowCount; i++) missing[i] |= Number.isNaN(numberAt(i)) ? 1 : 0;
    else if (codes) for (let i = 0; i < rowCount; i++) missing[i] |= codes[i] < 0 ? 1 : 0;
    else missing.fill(1);
  }
  let kept = 0;
  for (let i = 0; i < rowCount; i++) kept += 1 - missing[i];
  if (kept === rowCount) return null;
  const rows = new Int32Array(kept);
  for (let i = 0, r = 0; i < rowCount; i++) if (missing[i] === 0) rows[r++] = i;
  return rows;
}

/** How many rows `rows` (as usableRows gives them) are: all `rowCount` when it is null. */
function usedCount(rows: Int32Array | null, rowCount: number): number {
  return rows ? rows.length : rowCount;
}

/** The column's numbers in the n used `rows` (null: the first n in order), missing ones left out. */
function presentNumbers(numberAt: (i: number) => number, rows: Int32Array | null, n: number): Float64Array {
  let present = 0;
  for (let r = 0; r < n; r++) if (!Number.isNaN(numberAt(rows ? rows[r] : r))) present++;
  const out = new Float64Array(present);
  for (let r = 0, o = 0; r < n; r++) {
    const x = numberAt(rows ? rows[r] : r);
    if (!Number.isNaN(x)) out[o++] = x;
  }
  return out;
}

function fitInput(
  column: Column,
  rows: Int32Array | null,
  n: number,
  missing: MissingPolicy,
  log: boolean,
): InputFeature {
  if (column.numberAt) {
    // Dropping rows with a missing value leaves every row used with a number here: nothing to
    // count or impute, and no copy of the column to make (a full sheet's worth, per column).
    if (missing === "drop" && !log) {
      return { name: column.name, kind: "numeric", log, impute: null, categories: [], binary: false };
    }
    const present = presentNumbers(column.numberAt, rows, n);
    if (present.length === 0)
      throw new SegmentError("value", `${column.name} has no values in the rows used.`);
    if (log && minMax(present)[0] <= -1) {
      throw new SegmentError(
        "value",
        `${column.name} has values of -1 or less: log(1 + x) is not defined for them.`,
      );
    }
    const impute =
      missing === "drop"
        ? null
        : missing === "mean"
          ? mean(present)
          : missing === "median"
            ? median(present)
            : mostFrequentNumber(present);
    return { name: column.name, kind: "numeric", log, impute, categories: [], binary: false };
  }
  const codes = column.codes as Int32Array;
  const counts = new Array<number>(column.categories.length).fill(0);
  for (let i = 0; i < n; i++) {
    const code = codes[rows ? rows[i] : i];
    if (code >= 0) counts[code]++;
  }
  const present = column.categories.filter((_, c) => counts[c] > 0);
  if (present.length === 0) throw new SegmentError("value", `${column.name} has no values in the rows used.`);
  // Text has no mean or median: every imputing policy falls back to the most frequent category.
  let best = -1;
  for (let c = 0; c < counts.length; c++) if (best < 0 || counts[c] > counts[best]) best = c;
  const impute = missing === "drop" ? null : column.categories[best];
  const binary = present.length === 2;
  // A binary input codes its first category 1: TRUE for a yes/no column, else the first one seen.
  const categories = binary && present[1] === "TRUE" ? [present[1], present[0]] : present;
  return { name: column.name, kind: "categorical", log: false, impute, categories, binary };
}

function mostFrequentNumber(values: Float64Array): number {
  // Runs of equal values in sorted order. Ties go to the smallest value, as scikit-learn's
  // SimpleImputer does: the first longest run. -0 and 0 are one value, reported as 0.
  const sorted = sortedCopy(values);
  let best = NaN;
  let bestCount = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > bestCount) {
      best = sorted[i] === 0 ? 0 : sorted[i];
      bestCount = j - i;
    }
    i = j;
  }
  return best;
}

function outputWidth(input: InputFeature): number {
  return input.kind === "numeric" || input.binary ? 1 : input.categories.length;
}

/**
 * Raw (unscaled) model-space matrix: imputed, log-transformed and one-hot encoded. A matrix
 * `forFitting` goes where the k-means kernels can work on it in place (arena.ts). Its rows are the
 * table's `rows`, n of them, or the first n in order when `rows` is null.
 */
function encode(
  inputs: readonly InputFeature[],
  columns: readonly Column[],
  rows: Int32Array | null,
  n: number,
  forFitting: boolean,
  onBlock?: (done: number) => void,
): Matrix {
  const d = inputs.reduce((sum, input) => sum + outputWidth(input), 0);
  const data = allocateMatrixData(n, d, forFitting);
  // Each input becomes a writer of its slots for a range of rows. Rows go in blocks that stay in
  // the cache while every input writes its columns, rather than a pass over the matrix per input.
  const writers: ((from: number, to: number) => void)[] = [];
  let offset = 0;
  inputs.forEach((input, j) => {
    const column = columns[j];
    const at = offset;
    if (input.kind === "numeric") {
      const copy = column.copyNumbers;
      const impute = typeof input.impute === "number" ? input.impute : NaN;
      const log = input.log;
      // Missing values and logs are fixed up in the matrix: the copy itself stays a plain loop.
      const clean = !log && impute !== impute && column.missing + column.invalid === 0;
      writers.push((from, to) => {
        // An empty column (all missing) matched to a numeric input has no numbers: all imputed.
        if (copy) copy(rows, from, to, data, at, d);
        else for (let i = from; i < to; i++) data[i * d + at] = NaN;
        if (clean) return;
        for (let i = from; i < to; i++) {
          let x = data[i * d + at];
          if (Number.isNaN(x)) x = impute;
          data[i * d + at] = log ? Math.log1p(x) : x;
        }
      });
    } else {
      const slot = new Map(input.categories.map((c, s) => [c, s]));
      const codeToSlot = column.categories.map((c) => slot.get(c) ?? -1);
      const imputeSlot = typeof input.impute === "string" ? (slot.get(input.impute) ?? -1) : -1;
      const codes = column.codes;
      const binary = input.binary;
      writers.push((from, to) => {
        for (let i = from; i < to; i++) {
          const code = codes ? codes[rows ? rows[i] : i] : -1;
          const s = code >= 0 ? codeToSlot[code] : imputeSlot;
          // An unseen category of a binary input is neither 1 nor 0: transformTable leaves its rows out.
          if (binary) data[i * d + at] = s === 0 ? 1 : s === 1 ? 0 : NaN;
          // A category the model never saw encodes as all zeros, as scikit-learn's handle_unknown="ignore".
          else if (s >= 0) data[i * d + at + s] = 1;
        }
      });
    }
    offset += outputWidth(input);
  });
  for (let from = 0; from < n; from += BLOCK) {
    const to = Math.min(n, from + BLOCK);
    for (const write of writers) write(from, to);
    reportBlock(onBlock, to, n);
  }
  return { data, n, d };
}

/** Rows between progress reports of the matrix loops (a multiple of BLOCK). */
const PROGRESS_ROWS = 1 << 16;

/** After the block ending at row `to`: the fraction done, every PROGRESS_ROWS rows short of the end. */
function reportBlock(onBlock: ((done: number) => void) | undefined, to: number, n: number): void {
  if (onBlock && to < n && to % PROGRESS_ROWS === 0) onBlock(to / n);
}

/** Rows per block in the matrix loops: a block of a few features stays in the first-level cache. */
const BLOCK = 512;

function fitScaling(raw: Matrix, inputs: readonly InputFeature[], scaling: Scaling): OutputFeature[] {
  const parameters = scalingParameters(raw, scaling);
  const outputs: OutputFeature[] = [];
  let j = 0;
  inputs.forEach((input, inputIndex) => {
    const names = input.kind === "numeric" ? [null] : input.binary ? [input.categories[0]] : input.categories;
    const block = input.kind === "categorical" ? categoryScale(raw, j, names.length, scaling) : null;
    for (const category of names) {
      const [center, spread] = parameters[j];
      outputs.push({
        name: category === null ? input.name : `${input.name}=${category}`,
        input: inputIndex,
        category,
        center:
          block !== null && (scaling === "zscore" || scaling === "robust") ? columnMean(raw, j) : center,
        scale: block ?? (isConstantSpread(spread, center, raw.n, scaling) ? 1 : spread),
      });
      j++;
    }
  });
  return outputs;
}

/**
 * The one scale of a categorical input's `width` columns from column `at`, so that a text feature
 * weighs as much as one numeric feature however many categories it has. zscore (and robust, whose
 * median and IQR say nothing of a 0/1 column): the block's total variance becomes 1, as a z-scored
 * column's is; a binary input's single column is then z-scored exactly as scikit-learn would.
 * minmax: two different categories end up 1 apart, a numeric column's full range. none: the 0/1
 * indicators as they are.
 */
function categoryScale(raw: Matrix, at: number, width: number, scaling: Scaling): number {
  if (scaling === "none") return 1;
  if (scaling === "minmax") return width === 1 ? 1 : Math.SQRT2;
  let variance = 0;
  for (let j = at; j < at + width; j++) {
    const mu = columnMean(raw, j);
    let squares = 0;
    for (let i = 0; i < raw.n; i++) {
      const diff = raw.data[i * raw.d + j] - mu;
      squares += diff * diff;
    }
    variance += squares / raw.n;
  }
  // One category only: nothing to scale (and nothing to divide by).
  return variance > 1e-12 ? Math.sqrt(variance) : 1;
}

function columnMean(raw: Matrix, j: number): number {
  let sum = 0;
  for (let i = 0; i < raw.n; i++) sum += raw.data[i * raw.d + j];
  return sum / raw.n;
}

/**
 * Centre and spread of every column of the matrix, read in place: the same sums, in the same order
 * (each column's rows in order), as stats.ts computes on a copy of the column, but in blocks of
 * rows instead of a copy and two passes per column.
 */
function scalingParameters(raw: Matrix, scaling: Scaling): [number, number][] {
  const { data, n, d } = raw;
  const columns = Array.from({ length: d }, (_, j) => j);
  switch (scaling) {
    case "zscore": {
      const sums = columnFold(raw, "sum", new Float64Array(d));
      const means = sums.map((sum) => (n === 0 ? NaN : sum / n));
      const squares = columnFold(raw, "squares", means);
      return columns.map((j) => [means[j], n === 0 ? NaN : Math.sqrt(squares[j] / n)]);
    }
    case "minmax": {
      const lo = columnFold(raw, "min", new Float64Array(d));
      const hi = columnFold(raw, "max", new Float64Array(d));
      return columns.map((j) => [lo[j], hi[j] - lo[j]]);
    }
    case "robust":
      return columns.map((j) => {
        const column = new Float64Array(n);
        for (let i = 0; i < n; i++) column[i] = data[i * d + j];
        const sorted = sortedCopy(column);
        return [quantileSorted(sorted, 0.5), quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25)];
      });
    case "none":
      return columns.map(() => [0, 1]);
  }
}

/**
 * Per column, over its rows in order, a block of rows at a time: the sum, the sum of squared
 * differences from `means`, the minimum or the maximum. Written out per fold, without a callback
 * per value, so that no number is boxed on the way.
 */
function columnFold(raw: Matrix, fold: "sum" | "squares" | "min" | "max", means: Float64Array): Float64Array {
  const { data, n, d } = raw;
  const out = new Float64Array(d);
  if (fold === "min") out.fill(Infinity);
  if (fold === "max") out.fill(-Infinity);
  for (let from = 0; from < n; from += BLOCK) {
    const to = Math.min(n, from + BLOCK);
    for (let j = 0; j < d; j++) {
      let acc = out[j];
      if (fold === "sum") for (let i = from; i < to; i++) acc += data[i * d + j];
      else if (fold === "squares") {
        const mu = means[j];
        for (let i = from; i < to; i++) {
          const diff = data[i * d + j] - mu;
          acc += diff * diff;
        }
      } else if (fold === "min") {
        for (let i = from; i < to; i++) if (data[i * d + j] < acc) acc = data[i * d + j];
      } else for (let i = from; i < to; i++) if (data[i * d + j] > acc) acc = data[i * d + j];
      out[j] = acc;
    }
  }
  return out;
}

/**
 * A constant column keeps scale 1, so it never divides by zero; so does one whose spread is only
 * rounding noise (an imputed mean one ulp off), which would otherwise be blown up into a full-weight
 * feature. The bounds are scikit-learn's: StandardScaler's n·eps·var + (n·mean·eps)² on the variance,
 * and 10·eps on other scales.
 */
function isConstantSpread(spread: number, center: number, n: number, scaling: Scaling): boolean {
  if (!(spread > 0) || !Number.isFinite(spread)) return true;
  const eps = Number.EPSILON;
  if (scaling === "zscore") {
    const variance = spread * spread;
    return variance <= n * eps * variance + (n * center * eps) ** 2;
  }
  return spread < 10 * eps;
}

function applyScaling(
  raw: Matrix,
  outputs: readonly OutputFeature[],
  onBlock?: (done: number) => void,
): void {
  const { data, n, d } = raw;
  for (let from = 0; from < n; from += BLOCK) {
    const to = Math.min(n, from + BLOCK);
    for (let j = 0; j < d; j++) {
      const { center, scale } = outputs[j];
      if (center === 0 && scale === 1) continue;
      for (let i = from; i < to; i++) data[i * d + j] = (data[i * d + j] - center) / scale;
    }
    reportBlock(onBlock, to, n);
  }
}
