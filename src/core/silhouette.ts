/**
 * The exact silhouette of every row, as scikit-learn's silhouette_samples with Euclidean distances
 * from exact differences.
 *
 * Rows are sorted by cluster, so that a row's distances to one cluster form one contiguous run.
 * Each pair of rows is measured once: the distance goes into the earlier row's total for the later
 * row's cluster (rowTotals) and into the later row's total from the earlier row's cluster
 * (colTotals). Memory is O(n k), never n x n.
 *
 * With WebAssembly, four (then two) rows of a cluster are measured against the rows after them at
 * once (wasm-kernels.ts, silhouetteRows); without it, one row at a time in JavaScript. Both add
 * every distance in the same order, so the values are identical to the last bit either way.
 */
import { createArena, kernelsFor } from "./arena";
import { sqDist } from "./distance";
import { Matrix } from "./matrix";
import { SilhouetteRows, silhouetteRows } from "./wasm-kernels";

/** Clusters as compact codes 0..k-1 with their sizes (metrics.compactLabels). */
export interface Codes {
  readonly codes: Int32Array;
  readonly k: number;
  readonly sizes: Float64Array;
}

/** Where one computation keeps its sorted rows and totals. */
interface Totals {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  /** Rows in cluster order, row-major. */
  readonly sorted: Float64Array;
  /** starts[c]..starts[c + 1] are the sorted rows of cluster c. */
  readonly starts: Int32Array;
  /** rowTotals[p * k + c]: distances from sorted row p to the rows of cluster c after it. */
  readonly rowTotals: Float64Array;
  /**
   * Distances to sorted row p from the rows of cluster c before it, in two running sums:
   * colTotals[2 * (c * n + p) + lane], where a row's lane is the parity of its place in its
   * cluster (so that the kernels add two rows' distances with one f64x2 addition).
   */
  readonly colTotals: Float64Array;
}

export function silhouetteValues(matrix: Matrix, clusters: Codes): Float64Array {
  const { n, d } = matrix;
  const { k, sizes } = clusters;
  const { order, starts } = sortByCluster(clusters);
  const memory = kernelsFor(d) ? tryLayout(n, d, k) : null;
  const totals: Totals = {
    n,
    d,
    k,
    sorted: memory ? memory.view(memory.data, n * d) : new Float64Array(n * d),
    starts,
    rowTotals: new Float64Array(n * k),
    colTotals: memory ? memory.view(memory.col, 2 * k * n) : new Float64Array(2 * k * n),
  };
  for (let p = 0; p < n; p++) totals.sorted.set(matrix.data.subarray(order[p] * d, order[p] * d + d), p * d);
  for (let c = 0; c < k; c++) {
    let p = starts[c];
    if (memory) {
      for (const rows of [4, 2])
        for (; p + rows <= starts[c + 1]; p += rows) rowGroup(totals, memory, p, c, rows);
    }
    for (; p < starts[c + 1]; p++) oneRow(totals, p, c);
  }

  const { rowTotals, colTotals } = totals;
  const out = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    if (sizes[c] <= 1) continue; // a row alone in its cluster has silhouette 0
    for (let p = starts[c]; p < starts[c + 1]; p++) {
      const total = (other: number) => {
        const at = 2 * (other * n + p);
        return rowTotals[p * k + other] + (colTotals[at] + colTotals[at + 1]);
      };
      const a = total(c) / (sizes[c] - 1);
      let b = Infinity;
      for (let other = 0; other < k; other++) if (other !== c) b = Math.min(b, total(other) / sizes[other]);
      const denom = Math.max(a, b);
      out[order[p]] = denom > 0 ? (b - a) / denom : 0;
    }
  }
  return out;
}

/** Row indices in cluster order (stable: by row within a cluster), and where each cluster starts. */
function sortByCluster({ codes, k }: Codes): { order: Int32Array; starts: Int32Array } {
  const starts = new Int32Array(k + 1);
  for (let i = 0; i < codes.length; i++) starts[codes[i] + 1]++;
  for (let c = 0; c < k; c++) starts[c + 1] += starts[c];
  const next = starts.slice(0, k);
  const order = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) order[next[codes[i]]++] = i;
  return { order, starts };
}

/** Sorted row p of cluster c against every row after it: the plain loop, one distance at a time. */
function oneRow(totals: Totals, p: number, c: number): void {
  const { n, d, k, sorted, starts, rowTotals, colTotals } = totals;
  const lane = (p - starts[c]) & 1;
  for (let other = c; other < k; other++) {
    let sum = 0;
    for (let j = other === c ? p + 1 : starts[other]; j < starts[other + 1]; j++) {
      const dist = Math.sqrt(sqDist(sorted, p * d, sorted, j * d, d));
      sum += dist;
      colTotals[2 * (c * n + j) + lane] += dist;
    }
    rowTotals[p * k + other] = sum;
  }
}

interface KernelLayout {
  readonly kernels: Record<number, SilhouetteRows>;
  /** The running sums of a group of rows, read and written by the kernels. */
  readonly acc: Float64Array;
  readonly accAt: number;
  readonly data: number;
  readonly col: number;
  view(offset: number, length: number): Float64Array;
}

/** The kernels' layout, or null (then JavaScript) when no WebAssembly memory that large can be had. */
function tryLayout(n: number, d: number, k: number): KernelLayout | null {
  try {
    return layout(n, d, k);
  } catch {
    return null;
  }
}

/** One arena for the kernels' running sums, the sorted rows and the column totals. */
function layout(n: number, d: number, k: number): KernelLayout {
  const accAt = 0;
  const data = 64;
  const col = data + Math.ceil((8 * n * d) / 16) * 16;
  const arena = createArena(col + 16 * k * n);
  const buffer = arena.memory.buffer;
  return {
    kernels: { 2: silhouetteRows(arena, d, 2), 4: silhouetteRows(arena, d, 4) },
    acc: new Float64Array(buffer, accAt, 4),
    accAt,
    data,
    col,
    view: (offset, length) => new Float64Array(buffer, offset, length),
  };
}

/**
 * Sorted rows p .. p + rows - 1, all of cluster c, against every row after them. Their distances
 * to one another are measured here first, in the plain loop's order; the kernel then carries on
 * from the row after the group.
 */
function rowGroup(totals: Totals, memory: KernelLayout, p: number, c: number, rows: number): void {
  const { n, d, k, sorted, starts, rowTotals, colTotals } = totals;
  const within = new Float64Array(rows);
  for (let a = 0; a < rows; a++) {
    for (let b = a + 1; b < rows; b++) {
      const dist = Math.sqrt(sqDist(sorted, (p + a) * d, sorted, (p + b) * d, d));
      within[a] += dist;
      // Groups start at an even place in the cluster: row p + a is in lane a mod 2.
      colTotals[2 * (c * n + p + b) + (a & 1)] += dist;
    }
  }
  const run = memory.kernels[rows];
  const col = memory.col + 16 * c * n;
  for (let other = c; other < k; other++) {
    for (let a = 0; a < rows; a++) memory.acc[a] = other === c ? within[a] : 0;
    run(memory.data, p, other === c ? p + rows : starts[other], starts[other + 1], col, memory.accAt);
    for (let a = 0; a < rows; a++) rowTotals[(p + a) * k + other] = memory.acc[a];
  }
}
