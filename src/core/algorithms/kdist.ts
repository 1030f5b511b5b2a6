/**
 * The k-d tree DBSCAN uses above three features, its nearest-neighbour search, and the k-distance
 * curve that helps choose eps (SEGMENT.KDIST, the pane's DBSCAN chart) with the eps at its knee.
 */
import { DEFAULTS } from "../defaults";
import { SegmentError } from "../errors";
import type { Matrix } from "../matrix";
import { uniformSample } from "../random";
import type { FitProgress } from "./clusterer";

/**
 * A k-d tree over a matrix's rows. The rows are stored again in tree order (position p holds row
 * order[p]) so that a leaf's rows are contiguous in memory. Each node holds the tight box of its rows,
 * which is what every search prunes on.
 */
export interface KdTree {
  readonly n: number;
  readonly d: number;
  /** Position -> row of the matrix. */
  readonly order: Int32Array;
  /** The rows' coordinates by position, row-major. */
  readonly points: Float64Array;
  readonly nodes: number;
  /** Per node, its positions [begin, end). */
  readonly begin: Int32Array;
  readonly end: Int32Array;
  /** Per node, its first child (the second is first + 1), or -1 for a leaf. */
  readonly child: Int32Array;
  /** Per node, the lowest and highest coordinates of its rows (nodes x d). */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /** The leaves' node ids in position order. */
  readonly leaves: Int32Array;
}

/** Rows per leaf: small enough to prune well, large enough that the tree stays shallow. */
export const LEAF_SIZE = 16;

/**
 * Builds the tree: a node splits at the median row along the side of its box that is widest, until
 * it holds at most leafSize rows or its rows are all the same point (so duplicates cannot make it
 * split forever: a node of identical rows is one leaf whatever its size). `placed` hears, about every
 * twentieth of the rows, how many rows are in leaves so far (a million rows take half a second).
 */
export function buildKdTree(matrix: Matrix, leafSize = LEAF_SIZE, placed?: (rows: number) => void): KdTree {
  const { n, d, data } = matrix;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  // Every split leaves at least ceil(leafSize / 2) rows on each side, which bounds the leaves.
  const maxNodes = 2 * Math.max(1, Math.ceil(n / Math.ceil(leafSize / 2))) + 1;
  const begin = new Int32Array(maxNodes);
  const end = new Int32Array(maxNodes);
  const child = new Int32Array(maxNodes).fill(-1);
  const lo = new Float64Array(maxNodes * d);
  const hi = new Float64Array(maxNodes * d);
  const leaves: number[] = [];
  let nodes = 1;
  end[0] = n;
  // Depth first, left child first, so that leaves come out in position order.
  const stack = [0];
  const every = Math.max(1, Math.ceil(n / 20));
  let leafed = 0;
  while (stack.length > 0) {
    const node = stack.pop() as number;
    const widest = nodeBox(data, d, order, begin[node], end[node], lo, hi, node);
    if (end[node] - begin[node] <= leafSize || widest < 0) {
      leaves.push(node);
      const before = leafed;
      leafed += end[node] - begin[node];
      if (placed && Math.floor(leafed / every) > Math.floor(before / every)) placed(leafed);
      continue;
    }
    const mid = (begin[node] + end[node]) >> 1;
    selectNth(order, data, d, widest, begin[node], end[node] - 1, mid);
    const first = nodes;
    nodes += 2;
    child[node] = first;
    begin[first] = begin[node];
    end[first] = mid;
    begin[first + 1] = mid;
    end[first + 1] = end[node];
    stack.push(first + 1, first);
  }
  const points = gatherRows(data, order, d);
  return { n, d, order, points, nodes, begin, end, child, lo, hi, leaves: Int32Array.from(leaves) };
}

/** The rows order[0], order[1], ... of a row-major matrix with d columns, copied in that order. */
export function gatherRows(data: Float64Array, order: Int32Array, d: number): Float64Array {
  const out = new Float64Array(order.length * d);
  // Element by element: a subarray per row would be garbage for every row.
  for (let p = 0; p < order.length; p++) for (let j = 0; j < d; j++) out[p * d + j] = data[order[p] * d + j];
  return out;
}

/** Writes the box of rows order[from..to) as node `node`'s; returns its widest side, or -1 if it is a point. */
function nodeBox(
  data: Float64Array,
  d: number,
  order: Int32Array,
  from: number,
  to: number,
  lo: Float64Array,
  hi: Float64Array,
  node: number,
): number {
  const at = node * d;
  for (let j = 0; j < d; j++) {
    lo[at + j] = Infinity;
    hi[at + j] = -Infinity;
  }
  for (let p = from; p < to; p++) {
    const row = order[p] * d;
    for (let j = 0; j < d; j++) {
      const x = data[row + j];
      if (x < lo[at + j]) lo[at + j] = x;
      if (x > hi[at + j]) hi[at + j] = x;
    }
  }
  let widest = -1;
  let width = 0;
  for (let j = 0; j < d; j++) {
    if (hi[at + j] - lo[at + j] > width) {
      width = hi[at + j] - lo[at + j];
      widest = j;
    }
  }
  return widest;
}

/**
 * Reorders order[left..right] so that position nth holds the row with the nth smallest coordinate
 * `dim`, smaller or equal ones before it and larger or equal after (Hoare's quickselect, median of
 * three pivots; equal values stop both scans, so runs of duplicates split evenly).
 */
function selectNth(
  order: Int32Array,
  data: Float64Array,
  d: number,
  dim: number,
  left: number,
  right: number,
  nth: number,
): void {
  const value = (p: number) => data[order[p] * d + dim];
  while (right > left) {
    const a = value(left);
    const b = value((left + right) >> 1);
    const c = value(right);
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (value(i) < pivot) i++;
      while (value(j) > pivot) j--;
      if (i <= j) {
        const swap = order[i];
        order[i] = order[j];
        order[j] = swap;
        i++;
        j--;
      }
    }
    if (nth <= j) right = j;
    else if (nth >= i) left = i;
    else return;
  }
}

/**
 * The squared distance from a point to a node's box: 0 inside it, and never more than the squared
 * distance to any row in it as computed in floating point (each term is rounded the same way, in the
 * same order), so pruning on it never loses a neighbour.
 */
export function pointBoxDistance(
  x: Float64Array,
  at: number,
  lo: Float64Array,
  hi: Float64Array,
  box: number,
  d: number,
): number {
  let sum = 0;
  const b = box * d;
  for (let j = 0; j < d; j++) {
    const v = x[at + j];
    const gap = v < lo[b + j] ? lo[b + j] - v : v > hi[b + j] ? v - hi[b + j] : 0;
    sum += gap * gap;
  }
  return sum;
}

/**
 * The squared distance of the minPoints-th nearest row to one row (at `at` in `x`), the row itself
 * included: a max-heap of the minPoints smallest squared distances, filled nearest node first.
 */
class NearestSearch {
  private readonly heap: Float64Array;
  private size = 0;

  constructor(
    private readonly tree: KdTree,
    private readonly k: number,
  ) {
    this.heap = new Float64Array(k);
  }

  kthSquared(x: Float64Array, at: number): number {
    this.size = 0;
    this.visit(0, x, at, 0);
    return this.heap[0];
  }

  private full(): boolean {
    return this.size === this.k;
  }

  private visit(node: number, x: Float64Array, at: number, bound: number): void {
    // A node no nearer than the current k-th cannot change it; at 0 nothing can.
    if (this.full() && bound >= this.heap[0]) return;
    const { child, points, d, lo, hi } = this.tree;
    const first = child[node];
    if (first < 0) {
      for (let p = this.tree.begin[node], e = this.tree.end[node]; p < e; p++) {
        let sum = 0;
        for (let j = 0; j < d; j++) {
          const diff = x[at + j] - points[p * d + j];
          sum += diff * diff;
        }
        this.offer(sum);
        // k rows at distance 0 (duplicates): nothing nearer is left to find.
        if (this.full() && this.heap[0] === 0) return;
      }
      return;
    }
    const near = pointBoxDistance(x, at, lo, hi, first, d);
    const far = pointBoxDistance(x, at, lo, hi, first + 1, d);
    if (near <= far) {
      this.visit(first, x, at, near);
      this.visit(first + 1, x, at, far);
    } else {
      this.visit(first + 1, x, at, far);
      this.visit(first, x, at, near);
    }
  }

  private offer(value: number): void {
    const heap = this.heap;
    if (!this.full()) {
      // Sift up.
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent] >= value) break;
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = value;
      return;
    }
    if (value >= heap[0]) return;
    // Replace the largest and sift down.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.k) break;
      const r = l + 1;
      const big = r < this.k && heap[r] > heap[l] ? r : l;
      if (heap[big] <= value) break;
      heap[i] = heap[big];
      i = big;
    }
    heap[i] = value;
  }
}

/** Above this many rows the k-distance curve is drawn from a sample of rows (their distances still to every row). */
export const KDIST_SAMPLE_ROWS = 5000;

export interface KDistanceOptions {
  /** The most rows the curve holds: above, a seeded uniform sample of this many. Default 5,000. */
  readonly maxRows?: number;
  /** Seed of that sample. Default DEFAULTS.seed. */
  readonly seed?: number;
  readonly progress?: FitProgress;
}

/**
 * The k-distance curve, sorted ascending: for each row (or each row of a sample above maxRows), the
 * distance to its minPoints-th nearest row, where the row itself counts as the first (at distance
 * 0) and every exact duplicate counts as one more. That is scikit-learn's
 * `NearestNeighbors(n_neighbors=minPoints).fit(X).kneighbors(X)[0][:, -1]` (X passed again, so each
 * row is its own first neighbour), and it is why a row is a DBSCAN core point at eps with the same
 * minPoints exactly when its k-distance is at most eps (up to rounding at the boundary).
 */
export function kDistances(matrix: Matrix, minPoints: number, options: KDistanceOptions = {}): Float64Array {
  const { n } = matrix;
  if (!Number.isInteger(minPoints) || minPoints < 1)
    throw new RangeError(`minPoints must be a whole number of at least 1, got ${minPoints}.`);
  if (minPoints > n)
    throw new SegmentError(
      "value",
      `min_points is ${minPoints} but there are only ${n} rows: a row cannot have ${minPoints} neighbours.`,
    );
  const maxRows = options.maxRows ?? KDIST_SAMPLE_ROWS;
  const rows = n > maxRows ? uniformSample(n, maxRows, options.seed ?? DEFAULTS.seed) : null;
  const m = rows === null ? n : rows.length;
  const { progress } = options;
  const tree = buildKdTree(
    matrix,
    LEAF_SIZE,
    progress &&
      ((rows) =>
        progress(
          0.5 * (rows / n),
          `Indexing the rows… ${rows.toLocaleString("en-US")} of ${n.toLocaleString("en-US")}`,
        )),
  );
  const search = new NearestSearch(tree, minPoints);
  const out = new Float64Array(m);
  // About every half second on a full sheet, where 2,000 rows took as long as a second.
  const every = 500;
  for (let i = 0; i < m; i++) {
    const row = rows === null ? i : rows[i];
    out[i] = Math.sqrt(search.kthSquared(matrix.data, row * matrix.d));
    if (progress && (i + 1) % every === 0)
      progress(
        0.5 + (0.5 * (i + 1)) / m,
        `Finding neighbours… ${(i + 1).toLocaleString("en-US")} of ${m.toLocaleString("en-US")} rows`,
      );
  }
  return out.sort();
}

/**
 * The eps at the knee of a k-distance curve sorted ascending, and its index: Kneedle's rule on the
 * curve scaled to the unit square, the point farthest below the chord from the first point to the
 * last (the largest index / (m - 1) - value scaled, the first if several tie). Below the knee the
 * k-distances grow slowly (rows inside clusters); above it they shoot up (rows in sparse places).
 *
 * core/choosek.ts's findKnee is not used: it finds the knee of a falling curve (inertia over k) and
 * stops at its first local maximum, which on thousands of noisy k-distances is an early wiggle.
 *
 * A curve with no point below its chord (straight, or bending the other way) has no knee: the last
 * point is returned, an eps at which every row sampled is core. DBSCAN's eps must be above 0, so a
 * knee at 0 (rows with minPoints - 1 exact duplicates) moves to the first positive k-distance after
 * it; eps is 0 only when every k-distance is 0, where any eps above 0 makes every row core.
 */
export function suggestEps(sorted: ArrayLike<number>): { eps: number; index: number } {
  const m = sorted.length;
  if (m === 0) throw new RangeError("suggestEps needs at least one k-distance.");
  const first = sorted[0];
  const span = sorted[m - 1] - first;
  let index = m - 1;
  if (m >= 3 && span > 0) {
    let best = 0;
    for (let i = 1; i < m - 1; i++) {
      const below = i / (m - 1) - (sorted[i] - first) / span;
      if (below > best) {
        best = below;
        index = i;
      }
    }
  }
  while (sorted[index] <= 0 && index < m - 1) index++;
  return { eps: sorted[index], index };
}

/** 1st, 2nd, 3rd, 4th, … 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}
