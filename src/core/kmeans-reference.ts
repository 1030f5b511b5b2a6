/**
 * The plain algorithms, kept as the yardstick for the fast ones: greedy k-means++ with one pass over
 * the rows per candidate, and Lloyd's iterations that measure every row against every centroid.
 * `kmeans` uses the accelerated versions in seeding.ts and lloyd.ts; the tests check that they give
 * byte-identical centres, labels, centroids, inertia and iteration counts. Nothing here is tuned:
 * it is written to be obviously the textbook (and scikit-learn's) algorithm.
 */
import { Matrix, squaredDistance } from "./matrix";
import { Rng } from "./random";
import type { RunResult } from "./lloyd";

/** Greedy k-means++, as scikit-learn's: each new centre is the best of 2 + floor(ln k) candidates. */
export function kmeansPlusPlusReference(matrix: Matrix, k: number, rng: Rng): Float64Array {
  const { data, n, d } = matrix;
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  centers.set(data.subarray(first * d, first * d + d), 0);

  let closest = new Float64Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = squaredDistance(data, i, data, first, d);
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
        const dist = squaredDistance(data, i, data, id, d);
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
export function searchSorted(cumulative: Float64Array, x: number): number {
  let lo = 0;
  let hi = cumulative.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Lloyd's iterations, stopping as scikit-learn does: labels unchanged, or total squared centroid
 * movement within `tolerance` (already multiplied by the mean feature variance). Labels are 0-based.
 */
export function lloydReference(
  matrix: Matrix,
  k: number,
  start: Float64Array,
  maxIterations: number,
  tolerance: number,
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
      const dist = squaredDistance(data, i, centroids, c, d);
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

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function inertiaOf(matrix: Matrix, centroids: Float64Array, labels: Int32Array): number {
  let inertia = 0;
  for (let i = 0; i < matrix.n; i++)
    inertia += squaredDistance(matrix.data, i, centroids, labels[i], matrix.d);
  return inertia;
}
