/**
 * k-means as the add-in runs it: restarts of greedy k-means++ (seeding.ts) and Lloyd's iterations
 * (lloyd.ts), the lowest inertia kept, segments renumbered by size. The numbers are those of the
 * plain algorithm in kmeans-reference.ts, byte for byte; seeding.ts and lloyd.ts only get them
 * faster (Hamerly's bounds, WebAssembly kernels), and every restart shares one set of work arrays.
 */
import { DEFAULTS } from "./defaults";
import { SegmentError } from "./errors";
import { Labels } from "./labels";
import { RunResult, lloyd } from "./lloyd";
import { Matrix } from "./matrix";
import { createRng } from "./random";
import { kmeansPlusPlus, seed } from "./seeding";
import { lloydKernels } from "./lloyd-kernels";
import { Workspace, workspaceFor } from "./workspace";

export { kmeansPlusPlus };

/**
 * Fewer different rows than k (survey answers, counts, copies of rows): some segment would be empty.
 * A class of its own so that a sweep over k can stop below that k instead of failing.
 */
export class TooFewDifferentRows extends SegmentError {
  constructor(readonly k: number) {
    super("value", `The data has too few different rows for k = ${k}: try a smaller k.`);
  }
}

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
  /**
   * Called when a start's centres are placed (iteration 0) and after each iteration; return false to
   * stop the fit early (cancel). On a full sheet placing the centres takes a few tenths of a second.
   */
  readonly onIteration?: (progress: KMeansProgress) => boolean | void;
}

export interface KMeansProgress {
  readonly restart: number;
  readonly restarts: number;
  /** 0 once the start's centres are placed, then the number of iterations done. */
  readonly iteration: number;
}

export interface KMeansResult {
  readonly k: number;
  /** One label per row, 1..k; segment 1 is the largest. One byte each up to 255 segments (labels.ts). */
  readonly labels: Labels;
  /** k rows of d in model (scaled) space, row c - 1 for segment c. */
  readonly centroids: Float64Array;
  readonly sizes: readonly number[];
  readonly inertia: number;
  readonly iterations: number;
  readonly converged: boolean;
}

export const KMEANS_DEFAULTS = {
  seed: DEFAULTS.seed,
  restarts: DEFAULTS.restarts,
  maxIterations: 300,
  tolerance: 1e-4,
} as const;

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
  const rng = createRng(options.seed ?? KMEANS_DEFAULTS.seed);

  // One set of work arrays serves every restart; the best run's labels are copied out of it.
  const workspace = workspaceFor(matrix, k);
  let best: RunResult | null = null;
  try {
    const { meanVariance, box } = spread(matrix, workspace);
    const tolerance = (options.tolerance ?? KMEANS_DEFAULTS.tolerance) * meanVariance;
    for (let r = 0; r < restarts; r++) {
      const start = options.initialCentroids
        ? Float64Array.from(options.initialCentroids)
        : seed(matrix, k, rng, workspace);
      const onIteration = options.onIteration;
      const progress = onIteration
        ? (iteration: number) => {
            if (onIteration({ restart: r + 1, restarts, iteration }) === false) throw new CancelledError();
          }
        : undefined;
      progress?.(0);
      const diameter = diameterWith(box, start, d);
      const run = lloyd(matrix, k, start, maxIterations, tolerance, diameter, progress, workspace);
      // The best run's labels are copied out of the work arrays, which the next restart reuses.
      if (best === null) best = { ...run, labels: run.labels.slice() };
      else if (run.inertia < best.inertia) {
        const labels: Labels = best.labels;
        labels.set(run.labels);
        best = { ...run, labels };
      }
    }
  } finally {
    workspace.release();
  }
  return canonical(best as RunResult, n, d, k);
}

/** Labels (1..k) of rows against centroids that are already in canonical order: the nearest, ties to the lower. */
export function assignToNearest(matrix: Matrix, centroids: Float64Array, k: number): Int32Array {
  const { data, n, d } = matrix;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDist = Infinity;
    for (let c = 0; c < k; c++) {
      let sq = 0;
      for (let t = 0; t < d; t++) {
        const diff = data[i * d + t] - centroids[c * d + t];
        sq += diff * diff;
      }
      if (sq < bestDist) {
        bestDist = sq;
        best = c;
      }
    }
    labels[i] = best + 1;
  }
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
    throw new SegmentError("value", `k must be a whole number of at least 1 (got ${k}).`);
  if (n < 1 || d < 1) throw new SegmentError("value", "There are no rows to segment.");
  if (k > n) throw new SegmentError("value", `k = ${k} is more than the ${n} usable rows.`);
  if (!Number.isInteger(restarts) || restarts < 1)
    throw new SegmentError("value", "restarts must be a whole number of at least 1.");
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new SegmentError("value", "maxIterations must be a whole number of at least 1.");
  }
  if (init && init.length !== k * d)
    throw new SegmentError("value", `Initial centroids must be ${k} rows of ${d} values.`);
}

/**
 * The mean variance of the features (scikit-learn scales `tol` by it) and the data's bounding box.
 * Each column's sums run over the rows in order, as a column-at-a-time loop adds them.
 */
function spread(matrix: Matrix, workspace: Workspace): { meanVariance: number; box: Box } {
  const { data, n, d } = matrix;
  const sums = new Float64Array(d);
  const box: Box = new Float64Array(2 * d);
  const squares = new Float64Array(d);
  const memory = workspace.kernels;
  if (memory && 32 * d <= memory.smallBytes) {
    const kernels = lloydKernels(memory.arena, d, memory.labelBytes);
    const out = new Float64Array(memory.arena.memory.buffer, memory.small, 4 * d);
    kernels.columnSums(memory.data, n, memory.small);
    sums.set(out.subarray(0, d));
    box.set(out.subarray(d, 3 * d));
    for (let j = 0; j < d; j++) out[j] = sums[j] / n;
    kernels.columnSquares(memory.data, n, memory.small, memory.small + 8 * d);
    squares.set(out.subarray(d, 2 * d));
  } else {
    box.fill(Infinity, 0, d);
    box.fill(-Infinity, d, 2 * d);
    // Blocks of rows that stay in the cache while each column runs through them, every column
    // carrying its running sum from block to block.
    const block = 256;
    for (let start = 0; start < n; start += block) {
      const end = Math.min(n, start + block);
      for (let j = 0; j < d; j++) {
        let sum = sums[j];
        let lo = box[j];
        let hi = box[d + j];
        for (let i = start; i < end; i++) {
          const x = data[i * d + j];
          sum += x;
          if (x < lo) lo = x;
          if (x > hi) hi = x;
        }
        sums[j] = sum;
        box[j] = lo;
        box[d + j] = hi;
      }
    }
    const means = sums.map((sum) => sum / n);
    for (let start = 0; start < n; start += block) {
      const end = Math.min(n, start + block);
      for (let j = 0; j < d; j++) {
        let sq = squares[j];
        for (let i = start; i < end; i++) {
          const diff = data[i * d + j] - means[j];
          sq += diff * diff;
        }
        squares[j] = sq;
      }
    }
  }
  let total = 0;
  for (let j = 0; j < d; j++) total += squares[j] / n;
  return { meanVariance: total / d, box };
}

/** Per-column bounds of the data: low values at 0..d-1, high values at d..2d-1. */
type Box = Float64Array;

/**
 * The diagonal of the box around the data and the starting centroids. Every later centroid is a
 * mean of rows, a row, or a centroid kept from before, so it stays in that box: no distance the
 * bounds in lloyd.ts ever meet is longer.
 */
function diameterWith(box: Box, start: Float64Array, d: number): number {
  let diagonal = 0;
  for (let j = 0; j < d; j++) {
    let lo = box[j];
    let hi = box[d + j];
    for (let x = j; x < start.length; x += d) {
      if (start[x] < lo) lo = start[x];
      if (start[x] > hi) hi = start[x];
    }
    diagonal += (hi - lo) * (hi - lo);
  }
  return Math.sqrt(diagonal);
}

/** Renumbers clusters by size, largest first, ties to the cluster that appears first in the rows. */
function canonical(run: RunResult, n: number, d: number, k: number): KMeansResult {
  // Typed arrays: these loops run over every row, and a million rows is the case that matters.
  const sizes = new Float64Array(k);
  const firstRow = new Float64Array(k).fill(n);
  const labelsIn = run.labels;
  for (let i = 0; i < n; i++) {
    const c = labelsIn[i];
    sizes[c]++;
    if (firstRow[c] === n) firstRow[c] = i;
  }
  const empty = sizes.filter((s) => s === 0).length;
  if (empty > 0) throw new TooFewDifferentRows(k);
  const order = Array.from({ length: k }, (_, c) => c).sort(
    (a, b) => sizes[b] - sizes[a] || firstRow[a] - firstRow[b],
  );
  const rank = new Int32Array(k);
  order.forEach((c, r) => (rank[c] = r));
  // In place: the run's labels are this fit's own copy, and a second array would be 1 to 4 MB more
  // at a full sheet.
  const labels = labelsIn;
  for (let i = 0; i < n; i++) labels[i] = rank[labelsIn[i]] + 1;
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
