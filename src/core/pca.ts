import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import { Matrix } from "./matrix";

/**
 * Principal components, for drawing segments in two dimensions. The covariance matrix is only d x d
 * (d = model features, usually a handful), so its symmetric eigendecomposition is cheap even when n is large.
 */
export interface Pca {
  readonly mean: Float64Array;
  /** `count` rows of d, row-major: component c is components[c * d .. c * d + d). */
  readonly components: Float64Array;
  readonly count: number;
  readonly d: number;
  /** Share of the total variance each component explains (0..1). */
  readonly explained: readonly number[];
}

export function fitPca(matrix: Matrix, count = 2): Pca {
  const { data, n, d } = matrix;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= Math.max(1, n);

  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let a = 0; a < d; a++) {
      const xa = data[row + a] - mean[a];
      for (let b = a; b < d; b++) cov[a * d + b] += xa * (data[row + b] - mean[b]);
    }
  }
  const rows: number[][] = [];
  for (let a = 0; a < d; a++) {
    rows.push([]);
    for (let b = 0; b < d; b++) rows[a].push(cov[Math.min(a, b) * d + Math.max(a, b)] / Math.max(1, n - 1));
  }

  const evd = new EigenvalueDecomposition(new MlMatrix(rows), { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  const total = values.reduce((s, v) => s + Math.max(0, v), 0);

  const components = new Float64Array(count * d);
  const explained: number[] = [];
  for (let c = 0; c < count; c++) {
    if (c >= d) {
      // Fewer features than components: the missing axis is flat (all zeros).
      explained.push(0);
      continue;
    }
    const col = order[c];
    // An eigenvector's sign is arbitrary; fix it (largest loading positive) so plots do not flip between runs.
    let pivot = 0;
    for (let j = 1; j < d; j++)
      if (Math.abs(vectors.get(j, col)) > Math.abs(vectors.get(pivot, col))) pivot = j;
    const sign = vectors.get(pivot, col) < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) components[c * d + j] = sign * vectors.get(j, col);
    explained.push(total > 0 ? Math.max(0, values[col]) / total : 0);
  }
  return { mean, components, count, d, explained };
}

/** Coordinates of the given rows (all rows by default) on the components: rows.length x count, row-major. */
export function projectRows(pca: Pca, matrix: Matrix, rows?: ArrayLike<number>): Float64Array {
  const { data, d } = matrix;
  const m = rows ? rows.length : matrix.n;
  const out = new Float64Array(m * pca.count);
  for (let i = 0; i < m; i++) {
    const r = rows ? rows[i] : i;
    for (let c = 0; c < pca.count; c++) {
      let sum = 0;
      for (let j = 0; j < d; j++) sum += (data[r * d + j] - pca.mean[j]) * pca.components[c * d + j];
      out[i * pca.count + c] = sum;
    }
  }
  return out;
}
