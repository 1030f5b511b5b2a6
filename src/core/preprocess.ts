import { SegmentError } from "./errors";
import { Matrix } from "./matrix";
import { mean, median, minMax, populationStd, quantileSorted, sortedCopy } from "./stats";
import { Column, Table, columnByName } from "./table";

export type Scaling = "zscore" | "minmax" | "robust" | "none";
export type MissingPolicy = "drop" | "mean" | "median" | "mostFrequent";

export const SCALINGS: readonly Scaling[] = ["zscore", "minmax", "robust", "none"];
export const MISSING_POLICIES: readonly MissingPolicy[] = ["drop", "mean", "median", "mostFrequent"];

export interface PreprocessOptions {
  /** "zscore" (default): mean and population standard deviation; "minmax"; "robust": median and IQR; "none". */
  readonly scaling?: Scaling;
  /** "drop" (default) leaves rows with a missing feature unlabelled; the others impute it. */
  readonly missing?: MissingPolicy;
  /** Column names to use as features, in order. Default: every column of the table. */
  readonly features?: readonly string[];
  /** Numeric columns to transform with log(1 + x) before scaling, for right-skewed measures such as spend. */
  readonly logTransform?: readonly string[];
}

/** One input column as the model reads it. Plain data, so that a model can be written out and read back. */
export interface InputFeature {
  readonly name: string;
  readonly kind: "numeric" | "categorical";
  readonly log: boolean;
  /** What a missing cell becomes; null when such rows are dropped. Numbers in original units. */
  readonly impute: number | string | null;
  /** Categories one-hot encoded, for categorical inputs. */
  readonly categories: readonly string[];
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

/** Rows of a table turned into model space: `rows[i]` is the data row (0-based, header excluded) of matrix row i. */
export interface Transformed {
  readonly matrix: Matrix;
  readonly rows: Int32Array;
}

export interface FittedPreprocessing extends Transformed {
  readonly preprocessor: Preprocessor;
}

export function fitPreprocessor(table: Table, options: PreprocessOptions = {}): FittedPreprocessing {
  const scaling = options.scaling ?? "zscore";
  const missing = options.missing ?? "drop";
  if (!SCALINGS.includes(scaling))
    throw new SegmentError("value", `Unknown scaling "${scaling}": use ${SCALINGS.join(", ")}.`);
  if (!MISSING_POLICIES.includes(missing)) {
    throw new SegmentError(
      "value",
      `Unknown missing-value policy "${missing}": use ${MISSING_POLICIES.join(", ")}.`,
    );
  }
  const columns = selectFeatureColumns(table, options.features);
  const logNames = new Set((options.logTransform ?? []).map((s) => s.toLowerCase()));
  for (const name of logNames) {
    const column = columns.find((c) => c.name.toLowerCase() === name);
    if (!column)
      throw new SegmentError("value", `Log transform asked for "${name}", which is not a selected feature.`);
    if (!column.numbers)
      throw new SegmentError("value", `"${column.name}" is not numeric: it cannot be log-transformed.`);
  }

  const rows = usableRows(table.rowCount, columns, missing === "drop");
  if (rows.length === 0) {
    throw new SegmentError(
      "num",
      "No row has a value in every selected feature: choose another missing-value policy.",
    );
  }
  const inputs = columns.map((column) =>
    fitInput(column, rows, missing, logNames.has(column.name.toLowerCase())),
  );
  const raw = encode(inputs, columns, rows);
  const outputs = fitScaling(raw, inputs, scaling);
  applyScaling(raw, outputs);
  return { preprocessor: { scaling, missing, inputs, outputs }, matrix: raw, rows };
}

/** Applies a fitted preprocessor to a table, matching columns by name when it has a header, else by position. */
export function transformTable(preprocessor: Preprocessor, table: Table): Transformed {
  const columns = matchInputColumns(preprocessor, table);
  const drop = preprocessor.inputs.some((input) => input.impute === null);
  const rows = usableRows(table.rowCount, columns, drop);
  const raw = encode(preprocessor.inputs, columns, rows);
  applyScaling(raw, preprocessor.outputs);
  return { matrix: raw, rows };
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

function selectFeatureColumns(table: Table, features: readonly string[] | undefined): Column[] {
  const columns = features
    ? features.map((name) => {
        const column = columnByName(table, name);
        if (!column) throw new SegmentError("na", `There is no column "${name}" in the data.`);
        return column;
      })
    : [...table.columns];
  if (columns.length === 0) throw new SegmentError("value", "Choose at least one feature column.");
  for (const column of columns) {
    if (column.kind === "identifier") {
      throw new SegmentError("value", `${column.name} looks like an identifier: leave it out of the range.`);
    }
    if (column.kind === "empty") throw new SegmentError("value", `Column ${column.name} has no values.`);
    if (column.firstInvalid) {
      const what = column.numbers ? "is not a number" : "is an error value";
      throw new SegmentError(
        "value",
        `${column.name}, row ${column.firstInvalid.row}: ${column.firstInvalid.value} ${what}` +
          (column.invalid > 1 ? ` (${column.invalid} such cells).` : "."),
      );
    }
  }
  return columns;
}

function matchInputColumns(preprocessor: Preprocessor, table: Table): Column[] {
  const inputs = preprocessor.inputs;
  if (table.hasHeader) {
    return inputs.map((input) => {
      const column = columnByName(table, input.name);
      if (!column)
        throw new SegmentError("na", `The data has no column "${input.name}", which the model needs.`);
      return checkedColumn(column, input);
    });
  }
  if (table.columns.length !== inputs.length) {
    throw new SegmentError(
      "na",
      `The model needs ${inputs.length} columns (${inputs.map((i) => i.name).join(", ")}); the data has ${table.columns.length}.`,
    );
  }
  return table.columns.map((column, j) => checkedColumn(column, inputs[j]));
}

function checkedColumn(column: Column, input: InputFeature): Column {
  const numeric = column.numbers !== null;
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
  return column;
}

function isMissingAt(column: Column, row: number): boolean {
  if (column.numbers) return Number.isNaN(column.numbers[row]);
  return column.codes === null || column.codes[row] < 0;
}

function usableRows(rowCount: number, columns: readonly Column[], drop: boolean): Int32Array {
  if (!drop) return Int32Array.from({ length: rowCount }, (_, i) => i);
  const keep: number[] = [];
  for (let i = 0; i < rowCount; i++) {
    if (!columns.some((c) => isMissingAt(c, i))) keep.push(i);
  }
  return Int32Array.from(keep);
}

function presentNumbers(column: Column, rows: Int32Array): Float64Array {
  const out: number[] = [];
  const numbers = column.numbers as Float64Array;
  for (const r of rows) if (!Number.isNaN(numbers[r])) out.push(numbers[r]);
  return Float64Array.from(out);
}

function fitInput(column: Column, rows: Int32Array, missing: MissingPolicy, log: boolean): InputFeature {
  if (column.numbers) {
    const present = presentNumbers(column, rows);
    if (present.length === 0) throw new SegmentError("num", `${column.name} has no values in the rows used.`);
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
    return { name: column.name, kind: "numeric", log, impute, categories: [] };
  }
  const codes = column.codes as Int32Array;
  const counts = new Array<number>(column.categories.length).fill(0);
  for (const r of rows) if (codes[r] >= 0) counts[codes[r]]++;
  const categories = column.categories.filter((_, c) => counts[c] > 0);
  if (categories.length === 0)
    throw new SegmentError("num", `${column.name} has no values in the rows used.`);
  // Text has no mean or median: every imputing policy falls back to the most frequent category.
  let best = -1;
  for (let c = 0; c < counts.length; c++) if (best < 0 || counts[c] > counts[best]) best = c;
  const impute = missing === "drop" ? null : column.categories[best];
  return { name: column.name, kind: "categorical", log: false, impute, categories };
}

function mostFrequentNumber(values: Float64Array): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = NaN;
  let bestCount = 0;
  // Ties go to the smallest value, as scikit-learn's SimpleImputer does.
  for (const [v, count] of counts) {
    if (count > bestCount || (count === bestCount && v < best)) {
      best = v;
      bestCount = count;
    }
  }
  return best;
}

function outputWidth(input: InputFeature): number {
  return input.kind === "numeric" ? 1 : input.categories.length;
}

/** Raw (unscaled) model-space matrix: imputed, log-transformed and one-hot encoded. */
function encode(inputs: readonly InputFeature[], columns: readonly Column[], rows: Int32Array): Matrix {
  const d = inputs.reduce((sum, input) => sum + outputWidth(input), 0);
  const n = rows.length;
  const data = new Float64Array(n * d);
  let offset = 0;
  inputs.forEach((input, j) => {
    const column = columns[j];
    if (input.kind === "numeric") {
      const numbers = column.numbers ?? new Float64Array(0);
      const impute = typeof input.impute === "number" ? input.impute : NaN;
      for (let i = 0; i < n; i++) {
        let x = numbers[rows[i]];
        if (x === undefined || Number.isNaN(x)) x = impute;
        data[i * d + offset] = input.log ? Math.log1p(x) : x;
      }
    } else {
      const slot = new Map(input.categories.map((c, s) => [c, s]));
      const codeToSlot = column.categories.map((c) => slot.get(c) ?? -1);
      const imputeSlot = typeof input.impute === "string" ? (slot.get(input.impute) ?? -1) : -1;
      const codes = column.codes;
      for (let i = 0; i < n; i++) {
        const code = codes ? codes[rows[i]] : -1;
        // A category the model never saw encodes as all zeros, as scikit-learn's handle_unknown="ignore".
        const s = code >= 0 ? codeToSlot[code] : imputeSlot;
        if (s >= 0) data[i * d + offset + s] = 1;
      }
    }
    offset += outputWidth(input);
  });
  return { data, n, d };
}

function fitScaling(raw: Matrix, inputs: readonly InputFeature[], scaling: Scaling): OutputFeature[] {
  const outputs: OutputFeature[] = [];
  let j = 0;
  inputs.forEach((input, inputIndex) => {
    const names = input.kind === "numeric" ? [null] : input.categories;
    for (const category of names) {
      const column = new Float64Array(raw.n);
      for (let i = 0; i < raw.n; i++) column[i] = raw.data[i * raw.d + j];
      const [center, spread] = scalingParameters(column, scaling);
      outputs.push({
        name: category === null ? input.name : `${input.name}=${category}`,
        input: inputIndex,
        category,
        center,
        scale: isConstantSpread(spread, center, raw.n, scaling) ? 1 : spread,
      });
      j++;
    }
  });
  return outputs;
}

function scalingParameters(column: Float64Array, scaling: Scaling): [number, number] {
  switch (scaling) {
    case "zscore": {
      const mu = mean(column);
      return [mu, populationStd(column, mu)];
    }
    case "minmax": {
      const [lo, hi] = minMax(column);
      return [lo, hi - lo];
    }
    case "robust": {
      const sorted = sortedCopy(column);
      return [quantileSorted(sorted, 0.5), quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25)];
    }
    case "none":
      return [0, 1];
  }
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

function applyScaling(raw: Matrix, outputs: readonly OutputFeature[]): void {
  const { data, n, d } = raw;
  for (let j = 0; j < d; j++) {
    const { center, scale } = outputs[j];
    if (center === 0 && scale === 1) continue;
    for (let i = 0; i < n; i++) data[i * d + j] = (data[i * d + j] - center) / scale;
  }
}
