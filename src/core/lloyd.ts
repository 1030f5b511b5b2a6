/**
 * Lloyd's iterations with Hamerly's bounds (Hamerly 2010, "Making k-means even faster").
 *
 * Every row keeps an upper bound on its distance to its own centroid and a lower bound on its
 * distance to every other centroid. When the upper bound is below both the lower bound and half the
 * distance from its centroid to the nearest other centroid, the row provably keeps its label and is
 * not measured at all; otherwise it is measured against every centroid exactly as plain Lloyd does.
 * After the first few iterations almost every row is skipped, so an iteration costs little more
 * than one pass that adds the rows into their clusters' sums.
 *
 * The result is byte for byte the plain algorithm's (kmeans-reference.ts, lloydReference): a row
 * is skipped only when its label is certain with room to spare for rounding (MARGIN), a row that is
 * not skipped is measured with the same arithmetic and the same tie rule, and the sums behind each
 * centroid are added in row order, as the plain algorithm adds them.
 */
import { sqDist } from "./distance";
import { Labels } from "./labels";
import { Matrix, squaredDistance } from "./matrix";
import { BOUND_LIMIT, BOUND_SLACK, DOWN, MARGIN, UP, lloydKernels } from "./lloyd-kernels";
import { Workspace, workspaceFor } from "./workspace";

export interface RunResult {
  /** 0-based cluster of each row, for the final centroids. */
  labels: Labels;
  centroids: Float64Array;
  inertia: number;
  iterations: number;
  converged: boolean;
}

interface Bounds {
  readonly data: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly labels: Labels;
  /** Float32, rounded outward (lloyd-kernels.ts: UP and DOWN). */
  readonly upper: Float32Array;
  readonly lower: Float32Array;
  /** How far each centroid moved in the last update. */
  readonly drift: Float64Array;
  /** Half the distance from each centroid to its nearest other centroid. */
  readonly half: Float64Array;
  /** Absolute part of the margin: MARGIN times the diameter of the data, and BOUND_SLACK. */
  readonly slack: number;
}

/**
 * Lloyd's iterations from `start`, stopping as scikit-learn does: labels unchanged (a strict stop),
 * or total squared centroid movement within `tolerance` (already scaled by the mean feature
 * variance). `diameter` is any upper bound on the distance between two points of the data's
 * bounding box. `progress` is called after each iteration and may throw to cancel.
 */
export function lloyd(
  matrix: Matrix,
  k: number,
  start: Float64Array,
  maxIterations: number,
  tolerance: number,
  diameter: number,
  progress?: (iteration: number) => void,
  workspace?: Workspace,
): RunResult {
  if (workspace) return iterate(matrix, k, start, maxIterations, tolerance, diameter, progress, workspace);
  const own = workspaceFor(matrix, k);
  try {
    const run = iterate(matrix, k, start, maxIterations, tolerance, diameter, progress, own);
    // The work arrays go back to the arena: the labels must not stay a view of them.
    return { ...run, labels: Int32Array.from(run.labels) };
  } finally {
    own.release();
  }
}

function iterate(
  matrix: Matrix,
  k: number,
  start: Float64Array,
  maxIterations: number,
  tolerance: number,
  diameter: number,
  progress: ((iteration: number) => void) | undefined,
  workspace: Workspace,
): RunResult {
  const { n, d } = matrix;
  const passes = wasmPasses(matrix, k, diameter, workspace) ?? jsPasses(matrix, k, diameter, workspace);
  const { sums, counts, bounds } = passes;
  let centroids = start;
  let converged = false;
  let strict = false;
  let iterations = 0;
  for (let it = 0; it < maxIterations; it++) {
    iterations = it + 1;
    sums.fill(0);
    counts.fill(0);
    let changed: number;
    if (it === 0) {
      passes.full(centroids);
      changed = n; // against no previous labels at all
    } else {
      halfGaps(centroids, k, d, bounds.half);
      changed = passes.bounded(centroids, true);
    }
    const next = newCentroids(bounds, centroids, sums, counts);
    // The same running sum over the flattened centroids as the plain algorithm, so the tolerance
    // test sees the very same number.
    let shift = 0;
    for (let c = 0; c < k; c++) {
      let own = 0;
      for (let t = 0; t < d; t++) {
        const diff = next[c * d + t] - centroids[c * d + t];
        shift += diff * diff;
        own += diff * diff;
      }
      bounds.drift[c] = Math.sqrt(own);
    }
    centroids = next;
    progress?.(iterations);
    if (changed === 0) {
      converged = strict = true;
      break;
    }
    if (shift <= tolerance) {
      converged = true;
      break;
    }
  }
  if (!strict) {
    // Labels must belong to the final centroids; after a strict stop they already do.
    halfGaps(centroids, k, d, bounds.half);
    passes.bounded(centroids, false);
  }
  const inertia = passes.inertia(centroids);
  return { labels: bounds.labels, centroids, inertia, iterations, converged };
}

/** The passes over the rows, in JavaScript or as WebAssembly kernels; the same numbers either way. */
interface Passes {
  readonly bounds: Bounds;
  /** Each cluster's coordinate sums and row count, added to by the passes that accumulate. */
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  /** Every row against every centroid; accumulates. */
  full(centroids: Float64Array): void;
  /** The assignment with the bounds after the centroids moved by bounds.drift; returns labels changed. */
  bounded(centroids: Float64Array, accumulate: boolean): number;
  /** Sum over rows, in order, of the squared distance to their own centroid. */
  inertia(centroids: Float64Array): number;
}

function jsPasses(matrix: Matrix, k: number, diameter: number, workspace: Workspace): Passes {
  const { data, n, d } = matrix;
  const bounds: Bounds = {
    data,
    n,
    d,
    k,
    labels: workspace.labels,
    upper: workspace.upper,
    lower: workspace.lower,
    drift: new Float64Array(k),
    half: new Float64Array(k),
    slack: slackOf(diameter),
  };
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  return {
    bounds,
    sums,
    counts,
    full: (centroids) => fullPass(bounds, centroids, sums, counts),
    bounded: (centroids, accumulate) =>
      boundedPass(bounds, centroids, accumulate ? sums : null, accumulate ? counts : null),
    inertia(centroids) {
      let inertia = 0;
      for (let i = 0; i < n; i++) inertia += sqDist(data, i * d, centroids, bounds.labels[i] * d, d);
      return inertia;
    },
  };
}

/**
 * The WebAssembly passes (lloyd-kernels.ts), when the fit has kernel memory and the small buffers
 * fit: centroids in pairs, then sums, counts, drift and half-gaps, all in the arena's small region.
 */
function wasmPasses(matrix: Matrix, k: number, diameter: number, workspace: Workspace): Passes | null {
  const memory = workspace.kernels;
  const { data, n, d } = matrix;
  const pairs = Math.ceil(k / 2);
  const centBytes = 16 * pairs * d;
  if (!memory || centBytes + 8 * k * d + 24 * k > memory.smallBytes) return null;
  const buffer = memory.arena.memory.buffer;
  const at = {
    cent: memory.small,
    sums: memory.small + centBytes,
    counts: memory.small + centBytes + 8 * k * d,
    drift: memory.small + centBytes + 8 * k * d + 8 * k,
    half: memory.small + centBytes + 8 * k * d + 16 * k,
  };
  const cent = new Float64Array(buffer, at.cent, 2 * pairs * d);
  const bounds: Bounds = {
    data,
    n,
    d,
    k,
    labels: workspace.labels,
    upper: workspace.upper,
    lower: workspace.lower,
    drift: new Float64Array(buffer, at.drift, k),
    half: new Float64Array(buffer, at.half, k),
    slack: slackOf(diameter),
  };
  const kernels = lloydKernels(memory.arena, d, memory.labelBytes);
  const place = (centroids: Float64Array) => {
    cent.fill(0);
    for (let c = 0; c < k; c++) {
      for (let t = 0; t < d; t++) cent[((c >> 1) * d + t) * 2 + (c & 1)] = centroids[c * d + t];
    }
  };
  const rows = [
    memory.data,
    n,
    k,
    at.cent,
    memory.labels,
    memory.upper,
    memory.lower,
    at.sums,
    at.counts,
  ] as const;
  return {
    bounds,
    sums: new Float64Array(buffer, at.sums, k * d),
    counts: new Float64Array(buffer, at.counts, k),
    full(centroids) {
      place(centroids);
      kernels.full(...rows, 1);
    },
    bounded(centroids, accumulate) {
      place(centroids);
      const { most, second, mostAt } = largestDrifts(bounds.drift);
      const changed = kernels.bounded(
        ...rows,
        accumulate ? 1 : 0,
        at.drift,
        at.half,
        most,
        second,
        mostAt,
        bounds.slack,
      );
      bounds.drift.fill(0);
      return changed;
    },
    inertia(centroids) {
      place(centroids);
      return kernels.inertia(memory.data, n, at.cent, memory.labels);
    },
  };
}

/**
 * The absolute part of the margin. A diameter that is not finite (data that is not), or so large
 * that a float32 bound could overflow, disables skipping: every row is then measured.
 */
function slackOf(diameter: number): number {
  return diameter < BOUND_LIMIT ? MARGIN * diameter + BOUND_SLACK : Infinity;
}

/**
 * Every other centroid moved by at most the largest drift, or by the second largest for the rows of
 * the centroid that moved the most.
 */
function largestDrifts(drift: Float64Array): { most: number; second: number; mostAt: number } {
  let most = 0;
  let mostAt = -1;
  let second = 0;
  for (let c = 0; c < drift.length; c++) {
    if (drift[c] > most) {
      second = most;
      most = drift[c];
      mostAt = c;
    } else if (drift[c] > second) second = drift[c];
  }
  return { most, second, mostAt };
}

/** Measures every row against every centroid: labels, both bounds, and the sums of each cluster. */
function fullPass(b: Bounds, centroids: Float64Array, sums: Float64Array, counts: Float64Array): void {
  const { data, n, d, k, labels, upper, lower } = b;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let best = 0;
    let bestSq = Infinity;
    let secondSq = Infinity;
    for (let c = 0; c < k; c++) {
      const sq = sqDist(data, row, centroids, c * d, d);
      if (sq < bestSq) {
        secondSq = bestSq;
        bestSq = sq;
        best = c;
      } else if (sq < secondSq) secondSq = sq;
    }
    labels[i] = best;
    upper[i] = Math.sqrt(bestSq) * UP;
    lower[i] = Math.sqrt(secondSq) * DOWN;
    counts[best]++;
    const base = best * d;
    for (let t = 0; t < d; t++) sums[base + t] += data[row + t];
  }
}

/**
 * One iteration's assignment with the bounds, after the centroids moved by `drift`. Adds each row
 * to its cluster's sums when `sums` is given. Returns how many labels changed.
 */
function boundedPass(
  b: Bounds,
  centroids: Float64Array,
  sums: Float64Array | null,
  counts: Float64Array | null,
): number {
  const { data, n, d, k, labels, upper, lower, drift, half, slack } = b;
  const { most, second, mostAt } = largestDrifts(drift);
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let label = labels[i];
    let u = upper[i] + drift[label];
    let l = lower[i] - (label === mostAt ? second : most);
    const bound = half[label] > l ? half[label] : l;
    // Written as "not provably below" so that a NaN anywhere means: measure.
    if (!(u + u * MARGIN + slack < bound)) {
      // Not certain from the bounds: first tighten the upper bound to the true distance.
      u = Math.sqrt(sqDist(data, row, centroids, label * d, d));
      if (!(u + u * MARGIN + slack < bound)) {
        // Still not certain: measure every centroid, exactly as plain Lloyd does.
        let best = 0;
        let bestSq = Infinity;
        let secondSq = Infinity;
        for (let c = 0; c < k; c++) {
          const s = sqDist(data, row, centroids, c * d, d);
          if (s < bestSq) {
            secondSq = bestSq;
            bestSq = s;
            best = c;
          } else if (s < secondSq) secondSq = s;
        }
        if (best !== label) {
          labels[i] = label = best;
          changed++;
        }
        u = Math.sqrt(bestSq);
        l = Math.sqrt(secondSq);
      }
    }
    upper[i] = u * UP;
    lower[i] = l * DOWN;
    if (sums !== null && counts !== null) {
      counts[label]++;
      const base = label * d;
      for (let t = 0; t < d; t++) sums[base + t] += data[row + t];
    }
  }
  // The bounds now hold for the current centroids: no drift to apply twice.
  drift.fill(0);
  return changed;
}

/** Half the distance from each centroid to the nearest other one (Infinity when k = 1). */
function halfGaps(centroids: Float64Array, k: number, d: number, half: Float64Array): void {
  half.fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let c = a + 1; c < k; c++) {
      const gap = Math.sqrt(squaredDistance(centroids, a, centroids, c, d)) / 2;
      if (gap < half[a]) half[a] = gap;
      if (gap < half[c]) half[c] = gap;
    }
  }
}

/**
 * New centroids as the means of their rows. An empty cluster takes the row farthest from its own
 * centroid, as scikit-learn relocates them, so k clusters stay k (the plain algorithm's rule).
 */
function newCentroids(
  b: Bounds,
  centroids: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
): Float64Array {
  const { data, n, d, k, labels } = b;
  const empty: number[] = [];
  for (let c = 0; c < k; c++) if (counts[c] === 0) empty.push(c);
  if (empty.length > 0) {
    // The plain algorithm ranks rows by the squared distance to their nearest centroid, which is
    // their own centroid: the same arithmetic gives the same numbers.
    const distances = new Float64Array(n);
    for (let i = 0; i < n; i++) distances[i] = squaredDistance(data, i, centroids, labels[i], d);
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

/**
 * Indices of the m largest distances, largest first, ties to the lower index: the first m of a
 * stable sort by decreasing distance, found by m scans instead of sorting a million indices.
 */
export function farthestRows(distances: Float64Array, m: number): number[] {
  const chosen: number[] = [];
  const taken = new Uint8Array(distances.length);
  for (let e = 0; e < m; e++) {
    let at = -1;
    for (let i = 0; i < distances.length; i++) {
      if (!taken[i] && (at < 0 || distances[i] > distances[at])) at = i;
    }
    taken[at] = 1;
    chosen.push(at);
  }
  return chosen;
}
