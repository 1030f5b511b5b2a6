import { Matrix } from "./matrix";
import { Preprocessor } from "./preprocess";

/**
 * What drives a segmentation: how much of each input feature's spread lies between the segments, in
 * model space (the scaled matrix k-means saw), so that it speaks of the distances the segments were
 * found by rather than of the data's units.
 */
export interface FeatureSeparation {
  readonly feature: string;
  /**
   * Between-segment sum of squares over total sum of squares, 0..1 (R²). A categorical input's is the
   * sum of its columns' between over the sum of their totals. 0 for a feature that does not vary.
   */
  readonly r2: number;
  /**
   * For a feature with a few values (a category, or a number with only two values): the smallest share
   * that a segment's most common value holds, and how many different values lead a segment. Null for
   * a measure with more than two values.
   */
  readonly split: { readonly purity: number; readonly leaders: number } | null;
}

/** Sums of squares of each matrix column over the labelled rows: between segments, and in total. */
export interface SumsOfSquares {
  readonly between: Float64Array;
  readonly total: Float64Array;
}

/**
 * Per column, over the rows labelled 1..k (`labels` has one entry per matrix row; anything else is left
 * out): the total sum of squares about the column's mean, and the between-segment part,
 * sum over segments of size x (segment mean - mean)². Two passes, so the total does not lose its
 * digits to a large mean.
 */
export function sumsOfSquares(matrix: Matrix, labels: ArrayLike<number>, k: number): SumsOfSquares {
  const { data, n, d } = matrix;
  const sizes = new Float64Array(k + 1);
  const sums = new Float64Array((k + 1) * d);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (!(c >= 1 && c <= k)) continue;
    sizes[c]++;
    for (let j = 0; j < d; j++) sums[c * d + j] += data[i * d + j];
  }
  let count = 0;
  for (let c = 1; c <= k; c++) count += sizes[c];
  const means = new Float64Array(d);
  for (let c = 1; c <= k; c++) for (let j = 0; j < d; j++) means[j] += sums[c * d + j];
  for (let j = 0; j < d; j++) means[j] = count > 0 ? means[j] / count : 0;

  const total = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (!(c >= 1 && c <= k)) continue;
    for (let j = 0; j < d; j++) {
      const diff = data[i * d + j] - means[j];
      total[j] += diff * diff;
    }
  }
  const between = new Float64Array(d);
  for (let c = 1; c <= k; c++) {
    if (sizes[c] === 0) continue;
    for (let j = 0; j < d; j++) {
      const diff = sums[c * d + j] / sizes[c] - means[j];
      between[j] += sizes[c] * diff * diff;
    }
  }
  return { between, total };
}

/**
 * Each input feature's share of the separation (R²), in input order. `matrix` is the preprocessor's
 * output (its columns are `preprocessor.outputs`), `labels` one per matrix row: 1..k, or 0 for a row to
 * leave out.
 */
export function featureSeparation(
  preprocessor: Preprocessor,
  matrix: Matrix,
  labels: ArrayLike<number>,
  k: number,
): FeatureSeparation[] {
  const { between, total } = sumsOfSquares(matrix, labels, k);
  // Each input's matrix columns, gathered once: a search of every output for every input is
  // quadratic in the features, 16 s on a sheet 16,384 columns wide.
  const columnsOf: number[][] = preprocessor.inputs.map(() => []);
  preprocessor.outputs.forEach((output, j) => columnsOf[output.input].push(j));
  return preprocessor.inputs.map((input, index) => {
    let b = 0;
    let t = 0;
    for (const j of columnsOf[index]) {
      b += between[j];
      t += total[j];
    }
    // Between can exceed total by rounding only: R² stays in 0..1.
    const r2 = t > 0 ? Math.min(1, Math.max(0, b / t)) : 0;
    const levels = levelsOf(preprocessor, matrix, labels, k, index, columnsOf[index]);
    return { feature: input.name, r2, split: levels ? splitOf(levels, labels, k) : null };
  });
}

/** A row's value of a few-valued input as a small number (-1 where it has none), and how many there are. */
interface Levels {
  readonly of: Int32Array;
  readonly count: number;
}

/**
 * The value each labelled row holds of input `index` (whose matrix columns are `columns`), when it
 * has few: a category (one-hot columns, or the one 0/1 column of a two-category input), or one of a
 * number's two values. Null otherwise.
 */
function levelsOf(
  preprocessor: Preprocessor,
  matrix: Matrix,
  labels: ArrayLike<number>,
  k: number,
  index: number,
  columns: readonly number[],
): Levels | null {
  const { data, n, d } = matrix;
  const input = preprocessor.inputs[index];
  const of = new Int32Array(n).fill(-1);
  const labelled = (i: number) => labels[i] >= 1 && labels[i] <= k;
  if (input.kind === "categorical") {
    // Back to 0/1 indicators: value x scale + center. A binary input is one column, 1 for its first
    // category; otherwise each category has a column and the row's is the one set.
    const raw = (i: number, j: number) =>
      data[i * d + j] * preprocessor.outputs[j].scale + preprocessor.outputs[j].center;
    const binary = input.binary;
    for (let i = 0; i < n; i++) {
      if (!labelled(i)) continue;
      if (binary) of[i] = raw(i, columns[0]) > 0.5 ? 0 : 1;
      else for (let s = 0; s < columns.length; s++) if (raw(i, columns[s]) > 0.5) of[i] = s;
    }
    return { of, count: binary ? 2 : columns.length };
  }
  if (columns.length !== 1) return null;
  const j = columns[0];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!labelled(i)) continue;
    const x = data[i * d + j];
    let level = values.indexOf(x);
    if (level < 0) {
      if (values.length === 2) return null;
      level = values.push(x) - 1;
    }
    of[i] = level;
  }
  return { of, count: values.length };
}

function splitOf(levels: Levels, labels: ArrayLike<number>, k: number): FeatureSeparation["split"] {
  const counts = new Float64Array((k + 1) * levels.count);
  for (let i = 0; i < levels.of.length; i++) {
    if (levels.of[i] >= 0) counts[labels[i] * levels.count + levels.of[i]]++;
  }
  let purity = 1;
  const leaders = new Set<number>();
  for (let c = 1; c <= k; c++) {
    let size = 0;
    let top = 0;
    for (let s = 0; s < levels.count; s++) {
      const m = counts[c * levels.count + s];
      size += m;
      if (m > counts[c * levels.count + top]) top = s;
    }
    // An empty segment holds no value, so it neither leads nor dilutes.
    if (size === 0) continue;
    purity = Math.min(purity, counts[c * levels.count + top] / size);
    leaders.add(top);
  }
  return { purity, leaders: leaders.size };
}

/**
 * When warnings speak up. A column splits the segments when every segment is at least 95% one of its
 * values and the segments do not all lead with the same value: 95% rather than 100% so that a few
 * stray rows do not hide a split, and well above what a column merely correlated with the segments
 * reaches. A feature dominates when its R² is more than 60% of all features' R² together, with two
 * features or more: with two that is half as much again as the other's, past an even share by enough
 * that the segments plainly are mostly about it.
 */
export const SEPARATION_THRESHOLDS = {
  purity: 0.95,
  dominantShare: 0.6,
} as const;

/**
 * Plain-language warnings about what drives the segments: a column that splits them by itself (such as
 * gender on one-hot columns), or one feature carrying most of the separation. A feature is warned
 * about once: a split says more than dominance.
 */
export function separationWarnings(separation: readonly FeatureSeparation[]): string[] {
  const { purity, dominantShare } = SEPARATION_THRESHOLDS;
  const splits = separation.filter(
    (f) => f.split !== null && f.split.leaders >= 2 && f.split.purity >= purity,
  );
  const warnings = splits.map(
    (f) =>
      `${f.feature} alone splits the segments: every segment is at least ${Math.round(100 * purity)}% one value. ` +
      "Leave it out of the features and profile by it instead.",
  );
  const sum = separation.reduce((s, f) => s + f.r2, 0);
  if (separation.length >= 2 && sum > 0) {
    const top = separation.reduce((best, f) => (f.r2 > best.r2 ? f : best));
    const share = top.r2 / sum;
    if (share > dominantShare && !splits.includes(top)) {
      warnings.push(
        `${top.feature} carries most of the separation (${Math.round(100 * share)}% of the features' R² together): ` +
          `the segments differ mainly in ${top.feature}. If that is not what to segment by, leave it out of the features and profile by it instead.`,
      );
    }
  }
  return warnings;
}

/** What drives a segmentation, as the profile and the pane show it. */
export interface SeparationReport {
  readonly separation: readonly FeatureSeparation[];
  readonly warnings: readonly string[];
}

/** featureSeparation and its warnings in one: the arguments are featureSeparation's. */
export function separationReport(
  preprocessor: Preprocessor,
  matrix: Matrix,
  labels: ArrayLike<number>,
  k: number,
): SeparationReport {
  const separation = featureSeparation(preprocessor, matrix, labels, k);
  return { separation, warnings: separationWarnings(separation) };
}
