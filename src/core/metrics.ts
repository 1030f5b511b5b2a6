import { DEFAULTS } from "./defaults";
import { SegmentError } from "./errors";
import { Matrix } from "./matrix";
import { createRng } from "./random";
import { silhouetteValues } from "./silhouette";

/** Labels renumbered 0..k-1 in order of first appearance, whatever integers they came as. */
export interface CompactLabels {
  readonly codes: Int32Array;
  readonly k: number;
  readonly sizes: Float64Array;
}

export function compactLabels(labels: ArrayLike<number>): CompactLabels {
  const map = new Map<number, number>();
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let code = map.get(labels[i]);
    if (code === undefined) {
      code = map.size;
      map.set(labels[i], code);
    }
    codes[i] = code;
  }
  const sizes = new Float64Array(map.size);
  for (let i = 0; i < codes.length; i++) sizes[codes[i]]++;
  return { codes, k: map.size, sizes };
}

function checkShape(matrix: Matrix, labels: ArrayLike<number>): void {
  if (labels.length !== matrix.n) {
    throw new SegmentError("na", `There are ${labels.length} labels for ${matrix.n} rows.`);
  }
}

/** Means of each cluster's rows: k rows of d. */
export function clusterMeans(matrix: Matrix, labels: CompactLabels): Float64Array {
  const { data, n, d } = matrix;
  const means = new Float64Array(labels.k * d);
  for (let i = 0; i < n; i++) {
    const base = labels.codes[i] * d;
    for (let t = 0; t < d; t++) means[base + t] += data[i * d + t];
  }
  for (let c = 0; c < labels.k; c++) for (let t = 0; t < d; t++) means[c * d + t] /= labels.sizes[c];
  return means;
}

/** Sum of squared distances of rows to their cluster's mean (scikit-learn's inertia_ at convergence). */
export function inertia(matrix: Matrix, labels: ArrayLike<number>): number {
  checkShape(matrix, labels);
  const compact = compactLabels(labels);
  const means = clusterMeans(matrix, compact);
  const { data, n, d } = matrix;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const base = compact.codes[i] * d;
    for (let t = 0; t < d; t++) {
      const diff = data[i * d + t] - means[base + t];
      sum += diff * diff;
    }
  }
  return sum;
}

function requireClusterCount(k: number, n: number, what: string): void {
  if (k < 2 || k > n - 1) {
    throw new SegmentError("value", `${what} needs between 2 and ${n - 1} segments; the labels have ${k}.`);
  }
}

/**
 * Silhouette of every row, exactly as scikit-learn's silhouette_samples with Euclidean distance:
 * (b - a) / max(a, b), 0 for a row alone in its cluster. Each pair is visited once and summed into
 * per-cluster totals, so memory is n x k, never n x n (silhouette.ts).
 */
export function silhouetteSamples(matrix: Matrix, labels: ArrayLike<number>): Float64Array {
  checkShape(matrix, labels);
  const compact = compactLabels(labels);
  requireClusterCount(compact.k, matrix.n, "The silhouette");
  return silhouetteValues(matrix, compact);
}

/** Rows up to which the mean silhouette is computed exactly; beyond it, estimated from a sample. */
export const EXACT_SILHOUETTE_LIMIT = DEFAULTS.exactSilhouetteLimit;

export interface SilhouetteSummary {
  readonly mean: number;
  readonly exact: boolean;
  /** Rows the figure is computed on: all of them when exact. */
  readonly sampleSize: number;
  /** Standard error of the estimate; 0 when exact. */
  readonly standardError: number;
}

export interface SilhouetteOptions {
  readonly exactLimit?: number;
  readonly sampleSize?: number;
  readonly seed?: number;
}

/**
 * The mean silhouette: exact up to `exactLimit` rows; above it, the exact silhouette of a stratified
 * sample (every segment in proportion, each with at least two rows) drawn with a fixed seed.
 */
export function silhouetteScore(
  matrix: Matrix,
  labels: ArrayLike<number>,
  options: SilhouetteOptions = {},
): SilhouetteSummary {
  checkShape(matrix, labels);
  const compact = compactLabels(labels);
  requireClusterCount(compact.k, matrix.n, "The silhouette");
  const limit = options.exactLimit ?? EXACT_SILHOUETTE_LIMIT;
  if (matrix.n <= limit) {
    const values = silhouetteValues(matrix, compact);
    return { mean: meanOf(values), exact: true, sampleSize: matrix.n, standardError: 0 };
  }
  const rows = stratifiedSample(
    compact,
    Math.min(options.sampleSize ?? limit, limit),
    options.seed ?? DEFAULTS.seed,
  );
  const sample = takeRows(matrix, rows);
  const sampleLabels = compactLabels(Array.from(rows, (r) => compact.codes[r]));
  const values = silhouetteValues(sample, sampleLabels);
  const mu = meanOf(values);
  let sq = 0;
  for (const v of values) sq += (v - mu) * (v - mu);
  const sd = Math.sqrt(sq / Math.max(1, values.length - 1));
  return { mean: mu, exact: false, sampleSize: rows.length, standardError: sd / Math.sqrt(values.length) };
}

function meanOf(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function takeRows(matrix: Matrix, rows: ArrayLike<number>): Matrix {
  const { data, d } = matrix;
  const out = new Float64Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) out.set(data.subarray(rows[i] * d, rows[i] * d + d), i * d);
  return { data: out, n: rows.length, d };
}

/** Row indices, sorted, with each cluster's share kept and every cluster represented. */
export function stratifiedSample(compact: CompactLabels, size: number, seed: number): Int32Array {
  const { codes, k, sizes } = compact;
  const n = codes.length;
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) members[codes[i]].push(i);
  const rng = createRng(seed);
  const chosen: number[] = [];
  for (let c = 0; c < k; c++) {
    const want = Math.min(sizes[c], Math.max(2, Math.round((size * sizes[c]) / n)));
    const pool = members[c];
    // A partial Fisher-Yates shuffle draws `want` rows without replacement.
    for (let t = 0; t < want; t++) {
      const s = t + rng.int(pool.length - t);
      [pool[t], pool[s]] = [pool[s], pool[t]];
      chosen.push(pool[t]);
    }
  }
  return Int32Array.from(chosen).sort();
}

/** Calinski-Harabasz: between-cluster over within-cluster dispersion, each per degree of freedom. */
export function calinskiHarabasz(matrix: Matrix, labels: ArrayLike<number>): number {
  checkShape(matrix, labels);
  const compact = compactLabels(labels);
  requireClusterCount(compact.k, matrix.n, "Calinski-Harabasz");
  const { data, n, d } = matrix;
  const means = clusterMeans(matrix, compact);
  const overall = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) overall[t] += data[i * d + t];
  for (let t = 0; t < d; t++) overall[t] /= n;
  let extra = 0;
  for (let c = 0; c < compact.k; c++) {
    let sq = 0;
    for (let t = 0; t < d; t++) sq += (means[c * d + t] - overall[t]) ** 2;
    extra += compact.sizes[c] * sq;
  }
  let intra = 0;
  for (let i = 0; i < n; i++) {
    const base = compact.codes[i] * d;
    for (let t = 0; t < d; t++) intra += (data[i * d + t] - means[base + t]) ** 2;
  }
  if (intra === 0) return 1;
  const ratio = (extra * (n - compact.k)) / (intra * (compact.k - 1));
  // A within-cluster spread so small beside the between one that the ratio overflows (1e-320 next to
  // 1) is zero at double precision: scikit-learn's 1 for a spread of exactly 0, not Infinity.
  return Number.isFinite(ratio) ? ratio : 1;
}

/** Davies-Bouldin: the mean, over clusters, of the worst ratio of summed spreads to centroid distance. Lower is better. */
export function daviesBouldin(matrix: Matrix, labels: ArrayLike<number>): number {
  checkShape(matrix, labels);
  const compact = compactLabels(labels);
  requireClusterCount(compact.k, matrix.n, "Davies-Bouldin");
  const { data, n, d } = matrix;
  const { k, codes, sizes } = compact;
  const means = clusterMeans(matrix, compact);
  const spread = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const base = codes[i] * d;
    let sq = 0;
    for (let t = 0; t < d; t++) sq += (data[i * d + t] - means[base + t]) ** 2;
    spread[codes[i]] += Math.sqrt(sq);
  }
  for (let c = 0; c < k; c++) spread[c] /= sizes[c];
  const between = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let sq = 0;
      for (let t = 0; t < d; t++) sq += (means[a * d + t] - means[b * d + t]) ** 2;
      between[a * k + b] = Math.sqrt(sq);
    }
  }
  // scikit-learn returns 0 when all spreads or all centroid distances are (close to) zero.
  if (spread.every((s) => Math.abs(s) <= 1e-8) || between.every((s) => Math.abs(s) <= 1e-8)) return 0;
  let total = 0;
  for (let a = 0; a < k; a++) {
    let worst = 0;
    for (let b = 0; b < k; b++) {
      if (a === b || between[a * k + b] === 0) continue;
      worst = Math.max(worst, (spread[a] + spread[b]) / between[a * k + b]);
    }
    total += worst;
  }
  return total / k;
}
