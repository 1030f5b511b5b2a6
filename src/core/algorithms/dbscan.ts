/**
 * DBSCAN (Ester, Kriegel, Sander and Xu, 1996) as scikit-learn's `DBSCAN(eps, min_samples)` with the
 * Euclidean metric, on the scaled matrix:
 *
 * - a core row has at least minPoints rows, itself and its exact duplicates included, at distance
 *   <= eps (squared distances against eps * eps, summed feature by feature as scikit-learn's trees
 *   do, so ties at eps fall the same way);
 * - core rows within eps of each other are in the same cluster, transitively;
 * - a border row (not core, within eps of a core row) joins, of the clusters that reach it, the one
 *   whose first core row comes first in row order. That is the cluster scikit-learn gives it: its
 *   loop takes rows in order and expands one cluster completely from its first core row before the
 *   next, so the first cluster expanded is the first to reach a border row, and keeps it. The
 *   labels are therefore scikit-learn's too, up to their numbering;
 * - every other row is NOISE.
 *
 * Neighbours come from a spatial index, never from n^2 distances. Up to GRID_MAX_D features it is a
 * grid of cells a little under eps / sqrt(d) on a side, sorted by their integer coordinates; above,
 * a k-d tree. Either way the rows are grouped into buckets (cells, or the tree's leaves), each with
 * the box of its rows, and a row's candidates are the buckets whose box comes within eps of its
 * bucket's box (the grid) or of the row itself (the tree). A bucket whose box has a diagonal <= eps
 * (every grid cell, by its size; a tree node, taken whole) is "tight": its rows are all neighbours
 * of one another, so with minPoints rows it is all core, and its core rows are one cluster without
 * a distance computed. That keeps a large eps (everything in a few cells) linear, where neighbour
 * lists, as scikit-learn keeps them, grow to n^2.
 *
 * Four passes over the rows: which rows are core (a row stops counting at minPoints), core rows
 * joined in a union-find, cluster ids in the order of their first core row, and border rows placed.
 * The first, second and fourth, which search for neighbours, report progress.
 */
import { Matrix, squaredDistance } from "../matrix";
import { NOISE, numberBySize } from "./clusterer";
import type { Clusterer, Clustering, FitProgress, ParamSpec } from "./clusterer";
import { buildKdTree, gatherRows, pointBoxDistance } from "./kdist";

export interface DbscanOptions {
  /** The neighbourhood radius, in model (scaled) space: above 0. */
  readonly eps: number;
  /** Rows within eps, the row itself included, that make a row core: a whole number from 1. */
  readonly minPoints: number;
  /**
   * The spatial index: by the number of features ("auto", the default), or forced, for tests and
   * benchmarks ("grid" only up to 4 features, and only if eps is not tiny against the spread).
   */
  readonly index?: "auto" | "grid" | "kdtree";
  /** Rows per leaf of the k-d tree (default 128): smaller in tests, for deep trees on few rows. */
  readonly leafSize?: number;
}

export interface DbscanResult extends Clustering {
  /** Per row, 1 for a core row, 0 for a border or noise row. */
  readonly core: Uint8Array;
  /** The index that found the neighbours. */
  readonly index: "grid" | "kdtree";
}

/**
 * Up to this many features the grid is used, above the k-d tree. Measured at 100,000 rows of blobs
 * with about 20 neighbours a row: in 1 and 2 features the grid is 2 to 4 times faster than the tree;
 * in 3, where an eps-ball spans 5^3 cells of side eps / sqrt(3), the tree is already faster.
 */
export const GRID_MAX_D = 2;
/** Features up to which a grid may be asked for (tests): above, a cell's hundreds of neighbour runs make no sense. */
const GRID_FORCED_MAX_D = 4;
/**
 * Rows per leaf of DBSCAN's k-d tree: larger than a nearest-neighbour search's, because each row
 * scans whole leaves, and fewer, fuller leaves cost less to find than they cost to scan (measured
 * at 100,000 rows in 3 to 8 features: 128 best, 64 within 10%, 16 twice as slow).
 */
const TREE_LEAF_SIZE = 128;
/** Cells per side above which the grid's integer coordinates could lose precision: the k-d tree then. */
const GRID_MAX_SIDE = 2 ** 24;
/** Progress is reported about every this many rows of each pass. */
const PROGRESS_ROWS = 50000;

/** DBSCAN's parameters, as the functions check them and the pane offers them. */
export const DBSCAN_PARAMS = [
  {
    name: "eps",
    type: "number",
    above: 0,
    default: null,
    help: "the neighbourhood radius in scaled units (SEGMENT.KDIST suggests one)",
  },
  {
    name: "min_points",
    type: "integer",
    min: 1,
    // scikit-learn's min_samples.
    default: 5,
    help: "rows within eps, the row itself included, that make a row a core point",
  },
] as const satisfies readonly ParamSpec[];

export interface DbscanParams {
  readonly eps: number;
  readonly min_points: number;
  readonly [name: string]: number;
}

export const dbscanClusterer: Clusterer<DbscanParams> = {
  id: "dbscan",
  label: "DBSCAN",
  params: DBSCAN_PARAMS,
  fit(matrix: Matrix, params: DbscanParams, progress?: FitProgress): Clustering {
    return dbscan(matrix, { eps: params.eps, minPoints: params.min_points }, progress);
  },
};

/**
 * Rows grouped into buckets of contiguous positions, with their coordinates stored in that order,
 * and the buckets that may hold a row within eps of a bucket's rows, or of one row.
 */
interface Buckets {
  readonly kind: "grid" | "kdtree";
  readonly count: number;
  /** Bucket b holds positions start[b] .. start[b + 1] - 1. */
  readonly start: Int32Array;
  /** Position -> row. */
  readonly order: Int32Array;
  /** Coordinates by position, row-major. */
  readonly points: Float64Array;
  /** Each bucket's box (count x d). */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /**
   * Writes into `out` every bucket whose box is within eps of bucket b's box (b among them);
   * returns how many. Symmetric: c is among b's exactly when b is among c's.
   */
  near(b: number, out: Int32Array): number;
  /**
   * Whether rows ask for their own candidates (nearRow) rather than share their bucket's: a tree's
   * leaves have loose boxes, and a row's own query prunes many more of them; a grid's cells are
   * small, and one list per cell is cheaper.
   */
  readonly perRow: boolean;
  /** Writes into `out` every bucket whose box is within eps of position p; returns how many. */
  nearRow(p: number, out: Int32Array): number;
}

export function dbscan(matrix: Matrix, options: DbscanOptions, progress?: FitProgress): DbscanResult {
  const { eps, minPoints } = options;
  if (!(eps > 0) || !Number.isFinite(eps)) throw new RangeError(`eps must be a number above 0, got ${eps}.`);
  if (!Number.isInteger(minPoints) || minPoints < 1)
    throw new RangeError(`minPoints must be a whole number of at least 1, got ${minPoints}.`);
  const { n, d } = matrix;
  const eps2 = eps * eps;
  const ticker = new Ticker(n, progress);
  ticker.start();
  const buckets = indexRows(matrix, eps2, options.index ?? "auto", options.leafSize ?? TREE_LEAF_SIZE);
  const tight = tightBuckets(buckets, d, eps2);
  const cand = new Int32Array(buckets.count);
  const core = findCores(buckets, d, eps2, minPoints, tight, cand, ticker);
  const coreEnd = coresFirst(buckets, d, core);
  const parent = connectCores(buckets, d, eps2, tight, coreEnd, cand, ticker);
  const cluster = clustersInRowOrder(buckets, core, parent);
  placeBorders(buckets, d, eps2, tight, coreEnd, cluster, cand, ticker);
  ticker.finish();

  const raw = new Int32Array(n);
  const coreRows = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    raw[buckets.order[p]] = cluster[p];
    coreRows[buckets.order[p]] = core[p];
  }
  const { labels, sizes } = numberBySize(raw);
  return {
    algorithm: "dbscan",
    labels,
    k: sizes.length,
    sizes,
    noise: n - sizes.reduce((a, b) => a + b, 0),
    centroids: clusterMeans(matrix, labels, sizes),
    probabilities: null,
    iterations: 1,
    converged: true,
    core: coreRows,
    index: buckets.kind,
  };
}

// ---------------------------------------------------------------------------------------------
// The passes. Positions, not rows, throughout: a bucket's rows are contiguous there.
// ---------------------------------------------------------------------------------------------

/** Whether any position in [from, to) is within eps of position p. */
function anyWithin(
  points: Float64Array,
  d: number,
  eps2: number,
  p: number,
  from: number,
  to: number,
): boolean {
  for (let q = from; q < to; q++) if (squaredDistance(points, p, points, q, d) <= eps2) return true;
  return false;
}

/**
 * Buckets whose box diagonal is <= eps: any two of their rows are within eps. The check is on the
 * rows' actual box, computed so that no pair's distance, as computed, can exceed it.
 */
function tightBuckets(b: Buckets, d: number, eps2: number): Uint8Array {
  const tight = new Uint8Array(b.count);
  for (let c = 0; c < b.count; c++) if (squaredDistance(b.hi, c, b.lo, c, d) <= eps2) tight[c] = 1;
  return tight;
}

/** Pass 1: which positions are core. A row stops counting once it has minPoints neighbours. */
function findCores(
  b: Buckets,
  d: number,
  eps2: number,
  minPoints: number,
  tight: Uint8Array,
  cand: Int32Array,
  ticker: Ticker,
): Uint8Array {
  const { start, points } = b;
  const core = new Uint8Array(start[b.count]);
  for (let c = 0; c < b.count; c++) {
    const s = start[c];
    const e = start[c + 1];
    const whole = tight[c] === 1;
    if (whole && e - s >= minPoints) {
      core.fill(1, s, e);
      ticker.tick(0, e);
      continue;
    }
    let shared = -1;
    for (let p = s; p < e; p++) {
      // The row's own bucket first, where its neighbours are most likely: every row of a tight
      // bucket is one (the row itself included). Often that is enough, and no search is needed.
      let count = whole ? e - s : 0;
      for (let q = s; q < e && !whole && count < minPoints; q++)
        if (squaredDistance(points, p, points, q, d) <= eps2) count++;
      if (count < minPoints) {
        if (!b.perRow && shared < 0) shared = b.near(c, cand);
        const m = b.perRow ? b.nearRow(p, cand) : shared;
        scan: for (let i = 0; i < m; i++) {
          const other = cand[i];
          if (other === c) continue;
          for (let q = start[other], qe = start[other + 1]; q < qe; q++) {
            if (squaredDistance(points, p, points, q, d) <= eps2 && ++count >= minPoints) break scan;
          }
        }
      }
      if (count >= minPoints) core[p] = 1;
    }
    ticker.tick(0, e);
  }
  return core;
}

/**
 * Reorders each bucket so that its core rows come first (stable), moving `core`, the order and the
 * coordinates with them; returns where each bucket's core rows end.
 */
function coresFirst(b: Buckets, d: number, core: Uint8Array): Int32Array {
  const { start, order, points } = b;
  const coreEnd = new Int32Array(b.count);
  let largest = 0;
  for (let c = 0; c < b.count; c++) largest = Math.max(largest, start[c + 1] - start[c]);
  const keptRows = new Int32Array(largest);
  const keptPoints = new Float64Array(largest * d);
  for (let c = 0; c < b.count; c++) {
    let w = start[c];
    let kept = 0;
    for (let p = start[c]; p < start[c + 1]; p++) {
      if (core[p] === 1) {
        // w <= p: the place written was read already (a core row moved, or a non-core row kept).
        order[w] = order[p];
        for (let j = 0; j < d; j++) points[w * d + j] = points[p * d + j];
        core[w++] = 1;
      } else {
        keptRows[kept] = order[p];
        for (let j = 0; j < d; j++) keptPoints[kept * d + j] = points[p * d + j];
        kept++;
      }
    }
    coreEnd[c] = w;
    for (let i = 0; i < kept; i++, w++) {
      order[w] = keptRows[i];
      for (let j = 0; j < d; j++) points[w * d + j] = keptPoints[i * d + j];
      core[w] = 0;
    }
  }
  return coreEnd;
}

function find(parent: Int32Array, x: number): number {
  // Path halving: each step points a row at its grandparent.
  while (parent[x] !== x) {
    const up = parent[parent[x]];
    parent[x] = up;
    x = up;
  }
  return x;
}

function union(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra < rb) parent[rb] = ra;
  else if (rb < ra) parent[ra] = rb;
}

/**
 * Pass 2: core rows within eps of each other joined, in a union-find over positions. A tight
 * bucket's core rows are one set from the start, so it is taken whole: against another bucket, one
 * pair within eps is enough, and nothing is done once the two are joined. Other rows are taken one
 * by one against their candidates; a pair of rows neither of them in a tight bucket is looked at
 * once, from the row that comes first.
 */
function connectCores(
  b: Buckets,
  d: number,
  eps2: number,
  tight: Uint8Array,
  coreEnd: Int32Array,
  cand: Int32Array,
  ticker: Ticker,
): Int32Array {
  const { start } = b;
  const parent = Int32Array.from({ length: start[b.count] }, (_, i) => i);
  for (let c = 0; c < b.count; c++)
    if (tight[c] === 1) for (let p = start[c] + 1; p < coreEnd[c]; p++) parent[p] = start[c];
  for (let c = 0; c < b.count; c++) {
    if (start[c] < coreEnd[c]) {
      if (tight[c] === 1) joinTight(b, d, eps2, tight, coreEnd, cand, parent, c);
      else joinRows(b, d, eps2, tight, coreEnd, cand, parent, c);
    }
    ticker.tick(1, start[c + 1]);
  }
  return parent;
}

/** A tight bucket's core rows (one set) joined to those of every candidate within eps. */
function joinTight(
  b: Buckets,
  d: number,
  eps2: number,
  tight: Uint8Array,
  coreEnd: Int32Array,
  cand: Int32Array,
  parent: Int32Array,
  c: number,
): void {
  const { start, points } = b;
  const cs = start[c];
  const ce = coreEnd[c];
  const m = b.near(c, cand);
  for (let i = 0; i < m; i++) {
    const other = cand[i];
    const os = start[other];
    const oe = coreEnd[other];
    if (other === c || os === oe) continue;
    if (tight[other] === 1) {
      if (find(parent, cs) !== find(parent, os) && anyPair(points, d, eps2, cs, ce, os, oe))
        union(parent, cs, os);
    } else {
      for (let q = os; q < oe; q++)
        if (find(parent, q) !== find(parent, cs) && anyWithin(points, d, eps2, q, cs, ce))
          union(parent, cs, q);
    }
  }
}

/** Each core row of a bucket that is not tight joined to the core rows within eps of it. */
function joinRows(
  b: Buckets,
  d: number,
  eps2: number,
  tight: Uint8Array,
  coreEnd: Int32Array,
  cand: Int32Array,
  parent: Int32Array,
  c: number,
): void {
  const { start, points } = b;
  const shared = b.perRow ? 0 : b.near(c, cand);
  for (let p = start[c]; p < coreEnd[c]; p++) {
    const m = b.perRow ? b.nearRow(p, cand) : shared;
    let root = find(parent, p);
    for (let i = 0; i < m; i++) {
      const other = cand[i];
      const oe = coreEnd[other];
      if (tight[other] === 1) {
        const os = start[other];
        if (os < oe && find(parent, os) !== root && anyWithin(points, d, eps2, p, os, oe)) {
          union(parent, p, os);
          root = find(parent, p);
        }
      } else if (other >= c) {
        for (let q = other === c ? p + 1 : start[other]; q < oe; q++) {
          if (squaredDistance(points, p, points, q, d) <= eps2 && find(parent, q) !== root) {
            union(parent, p, q);
            root = find(parent, p);
          }
        }
      }
    }
  }
}

function anyPair(
  points: Float64Array,
  d: number,
  eps2: number,
  from: number,
  to: number,
  otherFrom: number,
  otherTo: number,
): boolean {
  for (let p = from; p < to; p++) if (anyWithin(points, d, eps2, p, otherFrom, otherTo)) return true;
  return false;
}

/**
 * Pass 3: cluster ids 0, 1, ... in the order of each cluster's first core row, as scikit-learn
 * discovers them; returns per position the id of its core row's cluster, NOISE for the rest.
 */
function clustersInRowOrder(b: Buckets, core: Uint8Array, parent: Int32Array): Int32Array {
  const n = core.length;
  const where = new Int32Array(n);
  for (let p = 0; p < n; p++) where[b.order[p]] = p;
  const idOfRoot = new Int32Array(n).fill(-1);
  const cluster = new Int32Array(n).fill(NOISE);
  let next = 0;
  for (let row = 0; row < n; row++) {
    const p = where[row];
    if (core[p] === 0) continue;
    const root = find(parent, p);
    if (idOfRoot[root] < 0) idOfRoot[root] = next++;
    cluster[p] = idOfRoot[root];
  }
  return cluster;
}

/**
 * Pass 4: each non-core row joins the lowest cluster id among the core rows within eps of it (the
 * cluster scikit-learn expands first), or stays NOISE. A tight bucket's core rows share one id.
 */
function placeBorders(
  b: Buckets,
  d: number,
  eps2: number,
  tight: Uint8Array,
  coreEnd: Int32Array,
  cluster: Int32Array,
  cand: Int32Array,
  ticker: Ticker,
): void {
  const { start, points } = b;
  for (let c = 0; c < b.count; c++) {
    if (coreEnd[c] === start[c + 1]) {
      ticker.tick(2, start[c + 1]);
      continue;
    }
    const shared = b.perRow ? 0 : b.near(c, cand);
    for (let p = coreEnd[c]; p < start[c + 1]; p++) {
      const m = b.perRow ? b.nearRow(p, cand) : shared;
      let best = Infinity;
      for (let i = 0; i < m; i++) {
        const other = cand[i];
        const os = start[other];
        const oe = coreEnd[other];
        if (os === oe) continue;
        if (tight[other] === 1) {
          if (cluster[os] < best && anyWithin(points, d, eps2, p, os, oe)) best = cluster[os];
        } else {
          for (let q = os; q < oe; q++)
            if (cluster[q] < best && squaredDistance(points, p, points, q, d) <= eps2) best = cluster[q];
        }
      }
      cluster[p] = best === Infinity ? NOISE : best;
    }
    ticker.tick(2, start[c + 1]);
  }
}

/** The mean of each segment's rows (labels 1..k), k x d, in model space. */
function clusterMeans(matrix: Matrix, labels: Int32Array, sizes: readonly number[]): Float64Array {
  const { n, d, data } = matrix;
  const sums = new Float64Array(sizes.length * d);
  for (let i = 0; i < n; i++) {
    if (labels[i] === NOISE) continue;
    const at = (labels[i] - 1) * d;
    for (let j = 0; j < d; j++) sums[at + j] += data[i * d + j];
  }
  for (let c = 0; c < sizes.length; c++) for (let j = 0; j < d; j++) sums[c * d + j] /= sizes[c];
  return sums;
}

/** Progress about every PROGRESS_ROWS rows of each of the three passes over the rows. */
class Ticker {
  private reported = 0;
  private pass = 0;

  constructor(
    private readonly n: number,
    private readonly progress?: FitProgress,
  ) {}

  start(): void {
    this.progress?.(0, this.words(0, 0));
  }

  finish(): void {
    this.progress?.(1, this.words(2, this.n));
  }

  /** Pass `pass` (0, 1, 2) is done up to position `done`. */
  tick(pass: number, done: number): void {
    if (this.progress === undefined) return;
    if (pass !== this.pass) {
      this.pass = pass;
      this.reported = 0;
    }
    if (done - this.reported < PROGRESS_ROWS) return;
    this.reported = done;
    this.progress((pass + done / this.n) / 3, this.words(pass, done));
  }

  private words(pass: number, done: number): string {
    const what = ["Finding neighbours", "Joining core rows", "Placing border rows"][pass];
    return `${what}… ${done.toLocaleString("en-US")} of ${this.n.toLocaleString("en-US")} rows`;
  }
}

// ---------------------------------------------------------------------------------------------
// The indexes.
// ---------------------------------------------------------------------------------------------

function indexRows(
  matrix: Matrix,
  eps2: number,
  index: "auto" | "grid" | "kdtree",
  leafSize: number,
): Buckets {
  const useGrid =
    index === "grid" ? matrix.d <= GRID_FORCED_MAX_D : index === "auto" && matrix.d <= GRID_MAX_D;
  return (useGrid && matrix.d > 0 && gridBuckets(matrix, eps2)) || treeBuckets(matrix, eps2, leafSize);
}

/**
 * The squared distance between two boxes (0 if they touch). No pair of rows, one in each, is nearer
 * as computed (each term rounds the same way, in the same order); symmetric in the two boxes.
 */
function boxDistance(
  loA: Float64Array,
  hiA: Float64Array,
  a: number,
  loB: Float64Array,
  hiB: Float64Array,
  b: number,
  d: number,
): number {
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const gap = Math.max(0, loB[b * d + j] - hiA[a * d + j], loA[a * d + j] - hiB[b * d + j]);
    sum += gap * gap;
  }
  return sum;
}

/** Each bucket's box from its rows. */
function bucketBoxes(points: Float64Array, start: Int32Array, count: number, d: number) {
  const lo = new Float64Array(count * d).fill(Infinity);
  const hi = new Float64Array(count * d).fill(-Infinity);
  for (let c = 0; c < count; c++)
    for (let p = start[c]; p < start[c + 1]; p++)
      for (let j = 0; j < d; j++) {
        const x = points[p * d + j];
        if (x < lo[c * d + j]) lo[c * d + j] = x;
        if (x > hi[c * d + j]) hi[c * d + j] = x;
      }
  return { lo, hi };
}

/**
 * The k-d tree's buckets: the highest nodes whose box diagonal is <= eps (tight: a large eps makes
 * few of them, each of many rows), or leaves. A bucket's candidates are the buckets reached from
 * the root through boxes within eps of its box.
 */
function treeBuckets(matrix: Matrix, eps2: number, leafSize: number): Buckets {
  const tree = buildKdTree(matrix, leafSize);
  const { d, child, lo, hi } = tree;
  const bucketOf = new Int32Array(tree.nodes).fill(-1);
  const starts: number[] = [];
  const stack = new Int32Array(tree.nodes + 1);
  let top = 0;
  if (tree.n > 0) stack[top++] = 0;
  while (top > 0) {
    const node = stack[--top];
    if (child[node] < 0 || squaredDistance(hi, node, lo, node, d) <= eps2) {
      bucketOf[node] = starts.length;
      starts.push(tree.begin[node]);
    } else {
      stack[top++] = child[node] + 1;
      stack[top++] = child[node];
    }
  }
  const count = starts.length;
  const start = Int32Array.from([...starts, tree.n]);
  const box = bucketBoxes(tree.points, start, count, d);
  return {
    kind: "kdtree",
    count,
    start,
    order: tree.order,
    points: tree.points,
    lo: box.lo,
    hi: box.hi,
    near(b: number, out: Int32Array): number {
      let m = 0;
      let top = 0;
      if (count > 0) stack[top++] = 0;
      while (top > 0) {
        const node = stack[--top];
        if (boxDistance(lo, hi, node, box.lo, box.hi, b, d) > eps2) continue;
        if (bucketOf[node] >= 0) out[m++] = bucketOf[node];
        else {
          stack[top++] = child[node] + 1;
          stack[top++] = child[node];
        }
      }
      return m;
    },
    perRow: true,
    nearRow(p: number, out: Int32Array): number {
      let m = 0;
      let top = 0;
      if (count > 0) stack[top++] = 0;
      while (top > 0) {
        const node = stack[--top];
        if (pointBoxDistance(tree.points, p * d, lo, hi, node, d) > eps2) continue;
        if (bucketOf[node] >= 0) out[m++] = bucketOf[node];
        else {
          stack[top++] = child[node] + 1;
          stack[top++] = child[node];
        }
      }
      return m;
    },
  };
}

/**
 * The grid: cells a little under eps / sqrt(d) on a side, so that a cell's diagonal is under eps,
 * sorted by their integer coordinates (the first feature's first). Rows within eps of each other
 * are in cells whose coordinates differ by o with sum over features of max(0, |o_j| - 1)^2 <= d (a
 * gap of |o_j| - 1 whole cells in feature j): 5 x 5 cells in two dimensions. For a given offset on
 * all but the last feature, those cells are one run of the sorted cells, and as the cells are taken
 * in order each run's start only moves forward: a sweep, with no search. Returns null when eps is so
 * small against the spread of the rows that a feature would span more than GRID_MAX_SIDE cells.
 */
function gridBuckets(matrix: Matrix, eps2: number): Buckets | null {
  const { n, d, data } = matrix;
  const side = Math.sqrt(eps2 / d) * (1 - 2 ** -20);
  const min = new Float64Array(d).fill(Infinity);
  const max = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const x = data[i * d + j];
      if (x < min[j]) min[j] = x;
      if (x > max[j]) max[j] = x;
    }
  const cells = new Int32Array(d);
  for (let j = 0; j < d && n > 0; j++) {
    const span = Math.floor((max[j] - min[j]) / side) + 1;
    if (!(span <= GRID_MAX_SIDE)) return null;
    cells[j] = span;
  }
  const coord = new Int32Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) coord[i * d + j] = Math.floor((data[i * d + j] - min[j]) / side);
  const order = sortByCell(coord, n, d, cells);
  // Runs of equal coordinates are the cells.
  const first = new Int32Array(n + 1);
  let count = 0;
  for (let p = 0; p < n; p++) if (p === 0 || !sameCell(coord, order[p], order[p - 1], d)) first[count++] = p;
  first[count] = n;
  const start = first.slice(0, count + 1);
  const cellCoord = new Int32Array(count * d);
  for (let c = 0; c < count; c++)
    for (let j = 0; j < d; j++) cellCoord[c * d + j] = coord[order[start[c]] * d + j];
  const points = gatherRows(data, order, d);
  const box = bucketBoxes(points, start, count, d);
  const sweep = new GridSweep(
    cellCoord,
    count,
    d,
    (b, c) => boxDistance(box.lo, box.hi, b, box.lo, box.hi, c, d) <= eps2,
  );
  return {
    kind: "grid",
    count,
    start,
    order,
    points,
    lo: box.lo,
    hi: box.hi,
    near: (b, out) => sweep.near(b, out),
    perRow: false,
    nearRow: () => {
      throw new Error("The grid's rows share their cell's candidates.");
    },
  };
}

function sameCell(coord: Int32Array, a: number, b: number, d: number): boolean {
  for (let j = 0; j < d; j++) if (coord[a * d + j] !== coord[b * d + j]) return false;
  return true;
}

/**
 * The rows ordered by their cells' coordinates, the first feature's first: a least significant
 * digit radix sort, the last feature first, 12 bits of a coordinate at a time (so the counts stay
 * small whatever the span), each pass stable.
 */
function sortByCell(coord: Int32Array, n: number, d: number, cells: Int32Array): Int32Array {
  let order = Int32Array.from({ length: n }, (_, i) => i);
  let next = new Int32Array(n);
  const counts = new Int32Array(4097);
  for (let j = d - 1; j >= 0; j--) {
    for (let shift = 0; shift === 0 || cells[j] > 1 << shift; shift += 12) {
      counts.fill(0);
      for (let p = 0; p < n; p++) counts[((coord[order[p] * d + j] >>> shift) & 4095) + 1]++;
      for (let v = 0; v < 4096; v++) counts[v + 1] += counts[v];
      for (let p = 0; p < n; p++) next[counts[(coord[order[p] * d + j] >>> shift) & 4095]++] = order[p];
      [order, next] = [next, order];
    }
  }
  return order;
}

/**
 * The candidate cells of each cell, found by sweeping the sorted cells: one run per offset of the
 * leading coordinates (all but the last), whose start moves forward as the cells are taken in
 * order. Taking a cell before the last one asked for starts a new sweep (each pass is one sweep).
 */
class GridSweep {
  /** The offsets of the leading coordinates, d - 1 at a time, and for each the reach in the last. */
  private readonly lead: Int32Array;
  private readonly reach: Int32Array;
  private readonly runStart: Int32Array;
  private last = Infinity;

  constructor(
    private readonly coord: Int32Array,
    private readonly count: number,
    private readonly d: number,
    private readonly within: (b: number, c: number) => boolean,
  ) {
    // With a gap of g = sum of max(0, |o_j| - 1)^2 on the leading coordinates, the last one may
    // differ by up to 1 + floor(sqrt(d - g)) cells.
    const lead: number[] = [];
    const reach: number[] = [];
    const top = 1 + Math.floor(Math.sqrt(d));
    const o = new Array<number>(d - 1).fill(-top);
    for (;;) {
      const gap = o.reduce((sum, v) => sum + Math.max(0, Math.abs(v) - 1) ** 2, 0);
      if (gap <= d) {
        lead.push(...o);
        reach.push(1 + Math.floor(Math.sqrt(d - gap)));
      }
      let j = 0;
      while (j < d - 1 && o[j] === top) o[j++] = -top;
      if (j === d - 1) break;
      o[j]++;
    }
    this.lead = Int32Array.from(lead);
    this.reach = Int32Array.from(reach);
    this.runStart = new Int32Array(reach.length);
  }

  near(b: number, out: Int32Array): number {
    if (b <= this.last) this.runStart.fill(0);
    this.last = b;
    let m = 0;
    for (let k = 0; k < this.reach.length; k++) {
      let c = this.runStart[k];
      while (c < this.count && this.compare(c, b, k, -this.reach[k]) < 0) c++;
      this.runStart[k] = c;
      for (; c < this.count && this.compare(c, b, k, this.reach[k]) <= 0; c++)
        if (this.within(b, c)) out[m++] = c;
    }
    return m;
  }

  /** Cell c against cell b moved by leading offset k and by `lastOffset` in the last coordinate, lexicographically. */
  private compare(c: number, b: number, k: number, lastOffset: number): number {
    const d = this.d;
    for (let j = 0; j < d - 1; j++) {
      const diff = this.coord[c * d + j] - (this.coord[b * d + j] + this.lead[k * (d - 1) + j]);
      if (diff !== 0) return diff;
    }
    return this.coord[c * d + d - 1] - (this.coord[b * d + d - 1] + lastOffset);
  }
}
