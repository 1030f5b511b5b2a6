import { SegmentError } from "./errors";
import { Matrix } from "./matrix";
import { Rng, createRng } from "./random";

export interface KMeansOptions {
  readonly k: number;
  /** Seed of the generator behind every random choice. Default 42. */
  readonly seed?: number;
  /** Independent k-means++ starts; the lowest inertia wins. Default 4. */
  readonly restarts?: number;
  /** Default 300, as scikit-learn. */
  readonly maxIterations?: number;
  /**
   * Relative tolerance, as scikit-learn's `tol` (default 1e-4): iterations stop when the squared
   * movement of all centroids falls to tol times the mean variance of the features.
   */
  readonly tolerance?: number;
  /** Explicit starting centroids (k rows of d, row-major); then there is one start and no seeding. */
  readonly initialCentroids?: Float64Array;
  /** Called after each iteration; return false to stop the fit early (cancel). */
  readonly onIteration?: (progress: KMeansProgress) => boolean | void;
}

export interface KMeansProgress {
  readonly restart: number;
  readonly restarts: number;
  readonly iteration: number;
}

export interface KMeansResult {
  readonly k: number;
  /** One label per row, 1..k; segment 1 is the largest. */
  readonly labels: Int32Array;
  /** k rows of d in model (scaled) space, row c - 1 for segment c. */
  readonly centroids: Float64Array;
  readonly sizes: readonly number[];
  readonly inertia: number;
  readonly iterations: number;
  readonly converged: boolean;
}

export const KMEANS_DEFAULTS = { seed: 42, restarts: 4, maxIterations: 300, tolerance: 1e-4 } as const;

/** Thrown through a fit when onIteration returns false. */
export class CancelledError extends Error {
  constructor() {
    super("Cancelled.");
    this.name = "CancelledError";
  }
}

export function kmeans(matrix: Matrix, options: KMeansOptions): KMeansResult {
  const { n, d } = matrix;
  const k = options.k;
  const restarts = options.initialCentroids ? 1 : (options.restarts ?? KMEANS_DEFAULTS.restarts);
  const maxIterations = options.maxIterations ?? KMEANS_DEFAULTS.maxIterations;
  validate(n, d, k, restarts, maxIterations, options.initialCentroids);
  const tolerance = (options.tolerance ?? KMEANS_DEFAULTS.tolerance) * meanVariance(matrix);
  const rng = createRng(options.seed ?? KMEANS_DEFAULTS.seed);

  let best: RunResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const start = options.initialCentroids
      ? Float64Array.from(options.initialCentroids)
      : kmeansPlusPlus(matrix, k, rng);
    const progress = options.onIteration
      ? (iteration: number) => options.onIteration?.({ restart: r + 1, restarts, iteration })
      : undefined;
    const run = lloyd(matrix, k, start, maxIterations, tolerance, progress);
    if (best === null || run.inertia < best.inertia) best = run;
  }
  return canonical(best as RunResult, n, d, k);
}

/** Labels (1..k) of rows against centroids that are already in canonical order: the nearest, ties to the lower. */
export function assignToNearest(matrix: Matrix, centroids: Float64Array, k: number): Int32Array {
  const labels = new Int32Array(matrix.n);
  const distances = new Float64Array(matrix.n);
  assign(matrix, centroids, k, labels, distances);
  for (let i = 0; i < labels.length; i++) labels[i] += 1;
  return labels;
}

function validate(
  n: number,
  d: number,
  k: number,
  restarts: number,
  maxIterations: number,
  init?: Float64Array,
): void {
  if (!Number.isInteger(k) || k < 1)
    throw new SegmentError("num", `k must be a whole number of at least 1 (got ${k}).`);
  if (n < 1 || d < 1) throw new SegmentError("num", "There are no rows to segment.");
  if (k > n) throw new SegmentError("num", `k = ${k} is more than the ${n} usable rows.`);
  if (!Number.isInteger(restarts) || restarts < 1)
    throw new SegmentError("num", "restarts must be a whole number of at least 1.");
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new SegmentError("num", "maxIterations must be a whole number of at least 1.");
  }
  if (init && init.length !== k * d)
    throw new SegmentError("value", `Initial centroids must be ${k} rows of ${d} values.`);
}

function meanVariance(matrix: Matrix): number {
  const { data, n, d } = matrix;
  let total = 0;
  for (let j = 0; j < d; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += data[i * d + j];
    const mu = sum / n;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const diff = data[i * d + j] - mu;
      sq += diff * diff;
    }
    total += sq / n;
  }
  return total / d;
}

/**
 * Greedy k-means++, as scikit-learn's: each new centre is the best of 2 + floor(ln k) candidates drawn
 * in proportion to squared distance, the one that lowers the total squared distance most.
 */
export function kmeansPlusPlus(matrix: Matrix, k: number, rng: Rng): Float64Array {
  const { data, n, d } = matrix;
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  centers.set(data.subarray(first * d, first * d + d), 0);

  let closest = new Float64Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = rowDistance(data, i, data, first, d);
    potential += closest[i];
  }
  const cumulative = new Float64Array(n);
  let candidate = new Float64Array(n);
  let bestCandidate = new Float64Array(n);

  for (let c = 1; c < k; c++) {
    let running = 0;
    for (let i = 0; i < n; i++) {
      running += closest[i];
      cumulative[i] = running;
    }
    let bestPotential = Infinity;
    let bestId = 0;
    for (let t = 0; t < trials; t++) {
      const id = Math.min(searchSorted(cumulative, rng.next() * potential), n - 1);
      let pot = 0;
      for (let i = 0; i < n; i++) {
        const dist = rowDistance(data, i, data, id, d);
        const m = dist < closest[i] ? dist : closest[i];
        candidate[i] = m;
        pot += m;
      }
      if (pot < bestPotential) {
        bestPotential = pot;
        bestId = id;
        [bestCandidate, candidate] = [candidate, bestCandidate];
      }
    }
    centers.set(data.subarray(bestId * d, bestId * d + d), c * d);
    potential = bestPotential;
    [closest, bestCandidate] = [bestCandidate, closest];
  }
  return centers;
}

/** The first index whose cumulative value reaches x (numpy's searchsorted, side "left"). */
function searchSorted(cumulative: Float64Array, x: number): number {
  let lo = 0;
  let hi = cumulative.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function rowDistance(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let sum = 0;
  const ai = i * d;
  const bj = j * d;
  for (let t = 0; t < d; t++) {
    const diff = a[ai + t] - b[bj + t];
    sum += diff * diff;
  }
  return sum;
}

interface RunResult {
  labels: Int32Array;
  centroids: Float64Array;
  inertia: number;
  iterations: number;
  converged: boolean;
}

/** Nearest centroid of each row (0-based, ties to the lower index) and its squared distance. Returns the inertia. */
function assign(
  matrix: Matrix,
  centroids: Float64Array,
  k: number,
  labels: Int32Array,
  distances: Float64Array,
): number {
  const { data, n, d } = matrix;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDist = Infinity;
    for (let c = 0; c < k; c++) {
      const dist = rowDistance(data, i, centroids, c, d);
      if (dist < bestDist) {
        bestDist = dist;
        best = c;
      }
    }
    labels[i] = best;
    distances[i] = bestDist;
    inertia += bestDist;
  }
  return inertia;
}

/**
 * New centroids as the means of their rows. An empty cluster takes the row farthest from its own
 * centroid, as scikit-learn relocates them, so k clusters stay k.
 */
function update(
  matrix: Matrix,
  k: number,
  labels: Int32Array,
  distances: Float64Array,
  centroids: Float64Array,
): Float64Array {
  const { data, n, d } = matrix;
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    counts[c]++;
    const base = c * d;
    const row = i * d;
    for (let t = 0; t < d; t++) sums[base + t] += data[row + t];
  }
  const empty: number[] = [];
  for (let c = 0; c < k; c++) if (counts[c] === 0) empty.push(c);
  if (empty.length > 0) {
    const far = farthestRows(distances, empty.length);
    empty.forEach((c, e) => {
      const i = far[e];
      const old = labels[i];
      for (let t = 0; t < d; t++) {
        sums[old * d + t] -= data[i * d + t];
        sums[c * d + t] = data[i * d + t];
      }
      counts[old]--;
      counts[c] = 1;
    });
  }
  const next = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    // A cluster emptied by giving its only row away keeps its centre.
    if (counts[c] === 0) next.set(centroids.subarray(c * d, c * d + d), c * d);
    else for (let t = 0; t < d; t++) next[c * d + t] = sums[c * d + t] / counts[c];
  }
  return next;
}

/** Indices of the m largest distances, largest first, ties to the lower index. */
function farthestRows(distances: Float64Array, m: number): number[] {
  const order = Array.from({ length: distances.length }, (_, i) => i);
  order.sort((a, b) => distances[b] - distances[a] || a - b);
  return order.slice(0, m);
}

/** Lloyd's iterations, stopping as scikit-learn does: labels unchanged, or centroid movement within tolerance. */
function lloyd(
  matrix: Matrix,
  k: number,
  start: Float64Array,
  maxIterations: number,
  tolerance: number,
  progress?: (iteration: number) => boolean | void,
): RunResult {
  const { n, d } = matrix;
  let centroids = start;
  const labels = new Int32Array(n);
  const previous = new Int32Array(n).fill(-1);
  const distances = new Float64Array(n);
  let converged = false;
  let strict = false;
  let iterations = 0;
  for (let it = 0; it < maxIterations; it++) {
    iterations = it + 1;
    assign(matrix, centroids, k, labels, distances);
    const next = update(matrix, k, labels, distances, centroids);
    let shift = 0;
    for (let x = 0; x < k * d; x++) {
      const diff = next[x] - centroids[x];
      shift += diff * diff;
    }
    centroids = next;
    if (progress && progress(iterations) === false) throw new CancelledError();
    if (sameLabels(labels, previous)) {
      converged = strict = true;
      break;
    }
    if (shift <= tolerance) {
      converged = true;
      break;
    }
    previous.set(labels);
  }
  // Labels must belong to the final centroids; after a strict stop they already do.
  const inertia = strict
    ? inertiaOf(matrix, centroids, labels)
    : assign(matrix, centroids, k, labels, distances);
  return { labels, centroids, inertia, iterations, converged };
}

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function inertiaOf(matrix: Matrix, centroids: Float64Array, labels: Int32Array): number {
  let inertia = 0;
  for (let i = 0; i < matrix.n; i++) inertia += rowDistance(matrix.data, i, centroids, labels[i], matrix.d);
  return inertia;
}

/** Renumbers clusters by size, largest first, ties to the cluster that appears first in the rows. */
function canonical(run: RunResult, n: number, d: number, k: number): KMeansResult {
  const sizes = new Array<number>(k).fill(0);
  const firstRow = new Array<number>(k).fill(n);
  for (let i = 0; i < n; i++) {
    const c = run.labels[i];
    sizes[c]++;
    if (firstRow[c] === n) firstRow[c] = i;
  }
  const empty = sizes.filter((s) => s === 0).length;
  if (empty > 0) {
    throw new SegmentError("num", `The data has too few different rows for k = ${k}: try a smaller k.`);
  }
  const order = Array.from({ length: k }, (_, c) => c).sort(
    (a, b) => sizes[b] - sizes[a] || firstRow[a] - firstRow[b],
  );
  const rank = new Int32Array(k);
  order.forEach((c, r) => (rank[c] = r));
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = rank[run.labels[i]] + 1;
  const centroids = new Float64Array(k * d);
  order.forEach((c, r) => centroids.set(run.centroids.subarray(c * d, c * d + d), r * d));
  return {
    k,
    labels,
    centroids,
    sizes: order.map((c) => sizes[c]),
    inertia: run.inertia,
    iterations: run.iterations,
    converged: run.converged,
  };
}
