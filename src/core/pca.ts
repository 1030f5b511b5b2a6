import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import { DEFAULTS } from "./defaults";
import { Matrix } from "./matrix";
import { takeRows } from "./metrics";
import { createRng, uniformSample } from "./random";

/**
 * Principal components, for drawing segments in two dimensions. Up to EXACT_PCA_FEATURES model features
 * the d x d covariance matrix is decomposed whole, which is cheap however large n is. Beyond, that
 * decomposition costs d³ (three minutes at 4,000 columns) while the plot needs two axes only: those come
 * from subspace iteration, a few passes over the rows each, without forming the covariance at all.
 */
export const EXACT_PCA_FEATURES = 64;

export interface Pca {
  readonly mean: Float64Array;
  /** `count` rows of d, row-major: component c is components[c * d .. c * d + d). */
  readonly components: Float64Array;
  readonly count: number;
  readonly d: number;
  /** Share of the total variance each component explains (0..1). */
  readonly explained: readonly number[];
}

/** `method` "auto" decomposes exactly up to EXACT_PCA_FEATURES features; "exact" always (tests compare). */
export function fitPca(matrix: Matrix, count = 2, method: "auto" | "exact" = "auto"): Pca {
  const { data, n, d } = matrix;
  const mean = columnMeans(matrix);
  if (method === "auto" && d > EXACT_PCA_FEATURES && count < d) return leadingComponents(matrix, mean, count);

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

  const { values, vectors } = symmetricEigen(rows);
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

/**
 * ml-matrix's symmetric eigendecomposition of `rows`, taken of the matrix scaled so that its largest
 * entry is 1, with entries under 1e-20 of that set to 0; eigenvalues scaled back. Its tql2 throws a
 * TypeError on subnormal entries (a spread near 1e-160 squares to 1e-320), and neither the axes nor
 * their shares depend on the scale; entries that small are far below a plot's precision.
 */
function symmetricEigen(rows: number[][]): { values: number[]; vectors: MlMatrix } {
  let largest = 0;
  for (const row of rows) for (const x of row) largest = Math.max(largest, Math.abs(x));
  const scaled = rows.map((row) =>
    row.map((x) => {
      const y = largest > 0 ? x / largest : 0;
      return Math.abs(y) < 1e-20 ? 0 : y;
    }),
  );
  const evd = new EigenvalueDecomposition(new MlMatrix(scaled), { assumeSymmetric: true });
  return { values: evd.realEigenvalues.map((v) => v * largest), vectors: evd.eigenvectorMatrix };
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

/** Passes of subspace iteration at most; each is two sweeps over the sampled rows. */
const MAX_PASSES = 80;
/** Stop once the leading span moves by less than this (a share of its dimension; the plot needs far less). */
const SPAN_TOLERANCE = 1e-10;
/** Vectors iterated beyond those wanted: the leading ones converge at the ratio to the first left out. */
const OVERSAMPLE = 4;
/** Cells of the row sample the axes are found on: the plot shows 2,500 points; two passes stay quick. */
const SAMPLE_CELLS = 2_000_000;

/**
 * The `count` leading components by orthogonal (subspace) iteration with a Rayleigh-Ritz step, on a
 * seeded sample of rows of at most SAMPLE_CELLS cells, from a seeded start: every run draws the same
 * plot. Explained shares are of the sample's total variance (the covariance's trace), as the exact path
 * gives them.
 */
function leadingComponents(matrix: Matrix, fullMean: Float64Array, count: number): Pca {
  const { d } = matrix;
  const sample = sampleRows(matrix, Math.max(count + 1, Math.floor(SAMPLE_CELLS / d)));
  const { data, n } = sample;
  const mean = sample === matrix ? fullMean : columnMeans(sample);
  const m = Math.min(d, count + OVERSAMPLE);
  const rng = createRng(DEFAULTS.seed);
  let basis: Float64Array = new Float64Array(m * d);
  for (let t = 0; t < basis.length; t++) basis[t] = rng.next() - 0.5;
  orthonormalize(basis, m, d);
  const scores = new Float64Array(n * m);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = covarianceTimes(data, n, d, mean, basis, m, scores);
    orthonormalize(next, m, d);
    // How much of the leading `count` old vectors lies outside the new block: 0 once converged.
    let kept = 0;
    for (let a = 0; a < count; a++) {
      for (let b = 0; b < m; b++) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += basis[a * d + j] * next[b * d + j];
        kept += dot * dot;
      }
    }
    basis = next;
    if (count - kept < SPAN_TOLERANCE * count) break;
  }
  // Rayleigh-Ritz: the covariance restricted to the block, diagonalised, orders and rotates the axes.
  const image = covarianceTimes(data, n, d, mean, basis, m, scores);
  const small: number[][] = [];
  for (let a = 0; a < m; a++) {
    small.push([]);
    for (let b = 0; b < m; b++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += basis[a * d + j] * image[b * d + j];
      small[a].push(dot);
    }
  }
  // Symmetrise: rounding leaves the two triangles a few ulps apart.
  for (let a = 0; a < m; a++)
    for (let b = 0; b < a; b++) small[a][b] = small[b][a] = (small[a][b] + small[b][a]) / 2;
  const evd = symmetricEigen(small);
  const values = evd.values;
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const x = data[i * d + j] - mean[j];
      total += x * x;
    }
  }
  total /= Math.max(1, n - 1);
  const components = new Float64Array(count * d);
  const explained: number[] = [];
  for (let c = 0; c < count; c++) {
    const col = order[c];
    const axis = components.subarray(c * d, c * d + d);
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let a = 0; a < m; a++) sum += evd.vectors.get(a, col) * basis[a * d + j];
      axis[j] = sum;
    }
    let pivot = 0;
    for (let j = 1; j < d; j++) if (Math.abs(axis[j]) > Math.abs(axis[pivot])) pivot = j;
    if (axis[pivot] < 0) for (let j = 0; j < d; j++) axis[j] = -axis[j];
    explained.push(total > 0 ? Math.max(0, values[col]) / total : 0);
  }
  return { mean: fullMean, components, count, d, explained };
}

/** The matrix itself when it has at most `rows` rows, else a seeded uniform sample of that many. */
function sampleRows(matrix: Matrix, rows: number): Matrix {
  return matrix.n <= rows ? matrix : takeRows(matrix, uniformSample(matrix.n, rows, DEFAULTS.seed));
}

function columnMeans(matrix: Matrix): Float64Array {
  const { data, n, d } = matrix;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= Math.max(1, n);
  return mean;
}

/** C V for the covariance C of the rows, as Xcᵀ (Xc V) / (n - 1): two passes, no d x d matrix. */
function covarianceTimes(
  data: Float64Array,
  n: number,
  d: number,
  mean: Float64Array,
  basis: Float64Array,
  count: number,
  scores: Float64Array,
): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < count; c++) {
      let sum = 0;
      for (let j = 0; j < d; j++) sum += (data[i * d + j] - mean[j]) * basis[c * d + j];
      scores[i * count + c] = sum;
    }
  }
  const out = new Float64Array(count * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const x = data[i * d + j] - mean[j];
      for (let c = 0; c < count; c++) out[c * d + j] += x * scores[i * count + c];
    }
  }
  const scale = 1 / Math.max(1, n - 1);
  for (let t = 0; t < out.length; t++) out[t] *= scale;
  return out;
}

/** Gram-Schmidt on `count` row vectors of length d, twice over for accuracy; one that vanishes becomes 0. */
function orthonormalize(vectors: Float64Array, count: number, d: number): void {
  for (let c = 0; c < count; c++) {
    const v = vectors.subarray(c * d, c * d + d);
    for (let twice = 0; twice < 2; twice++) {
      for (let p = 0; p < c; p++) {
        const u = vectors.subarray(p * d, p * d + d);
        let dot = 0;
        for (let j = 0; j < d; j++) dot += v[j] * u[j];
        for (let j = 0; j < d; j++) v[j] -= dot * u[j];
      }
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += v[j] * v[j];
    norm = Math.sqrt(norm);
    // No variance left in this direction (fewer distinct rows than components): a flat axis.
    const scale = norm > 1e-300 ? 1 / norm : 0;
    for (let j = 0; j < d; j++) v[j] *= scale;
  }
}
