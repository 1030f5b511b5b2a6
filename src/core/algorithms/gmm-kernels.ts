/**
 * The loops over every row of a Gaussian mixture's fit (gmm-fit.ts): weighted log-probabilities
 * (the E-step's and gmmPosteriors'), their normalisation into posteriors, and the sums of the
 * M-step. The triangular ("full", "tied") loops take four rows at a time, so that each factor or
 * covariance entry is read once for four rows: at 100,000 × 8 and k = 8 that halves the time of an
 * iteration. Each row's own arithmetic is the same whichever way it is taken, so that a row scores
 * the same bits in a fit and in gmmPosteriors.
 */
import { SegmentError } from "../errors";
import type { Matrix } from "../matrix";
import { CovarianceType, PrecisionFactors, logDetOfFactors } from "./gmm-covariance";

/** ln 2π, of the Gaussian density's constant d ln 2π (a SQL query writes the same double). */
export const LOG_2PI = Math.log(2 * Math.PI);

/**
 * What scoring rows needs, precomputed once per E-step: each component's log-determinant and log
 * weight, and its precision factor in a layout the inner loops read in order.
 */
export interface Scorer {
  readonly type: CovarianceType;
  readonly k: number;
  readonly d: number;
  readonly means: Float64Array;
  /** log det of each component's precision factor. */
  readonly logDet: Float64Array;
  readonly logWeights: Float64Array;
  /**
   * "full"/"tied": the factors transposed (row j of component c holds column j of M, at c·d² + j·d),
   * so that y_j = Σ_a (x - μ)_a M_aj runs along memory. "diag": the precisions k × d;
   * "spherical": the precisions k (scikit-learn squares the factors back for these two types).
   */
  readonly factor: Float64Array;
  /** Whether the "full"/"tied" factors are lower triangular (from given precisions) or upper. */
  readonly lower: boolean;
}

export function scorerOf(
  factors: PrecisionFactors,
  weights: Float64Array,
  means: Float64Array,
  k: number,
  d: number,
): Scorer {
  const { type, values } = factors;
  let factor: Float64Array;
  if (type === "full" || type === "tied") {
    factor = new Float64Array(values.length);
    const count = type === "full" ? k : 1;
    for (let c = 0; c < count; c++) {
      const o = c * d * d;
      for (let a = 0; a < d; a++) for (let j = 0; j < d; j++) factor[o + j * d + a] = values[o + a * d + j];
    }
  } else {
    factor = values.map((v) => v * v);
  }
  return {
    type,
    k,
    d,
    means,
    logDet: logDetOfFactors(factors, k, d),
    logWeights: weights.map(Math.log),
    factor,
    lower: factors.lower,
  };
}

/**
 * ln w_c + ln N(x_i | μ_c, Σ_c) for rows start..end-1 into out[(i - start)·k + c], as scikit-learn's
 * _estimate_weighted_log_prob: -½ (d ln 2π + (x - μ)ᵀ P (x - μ)) + log det + ln w.
 */
export function weightedLogProbs(
  matrix: Matrix,
  s: Scorer,
  start: number,
  end: number,
  out: Float64Array,
): void {
  if (s.type === "full" || s.type === "tied") {
    if (s.lower) triangularLower(matrix, s, start, end, out);
    else triangularUpper(matrix, s, start, end, out);
  } else {
    separable(matrix, s, start, end, out);
  }
}

/** Upper triangular factors (every M-step's), four rows at a time. */
function triangularUpper(matrix: Matrix, s: Scorer, start: number, end: number, out: Float64Array): void {
  const { data, d } = matrix;
  const { k, means, factor: f, logDet, logWeights } = s;
  const full = s.type === "full";
  const dl = d * LOG_2PI;
  const d0 = new Float64Array(d);
  const d1 = new Float64Array(d);
  const d2 = new Float64Array(d);
  const d3 = new Float64Array(d);
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const r0 = i * d;
    const r1 = r0 + d;
    const r2 = r1 + d;
    const r3 = r2 + d;
    const o = (i - start) * k;
    for (let c = 0; c < k; c++) {
      const mu = c * d;
      for (let a = 0; a < d; a++) {
        const m = means[mu + a];
        d0[a] = data[r0 + a] - m;
        d1[a] = data[r1 + a] - m;
        d2[a] = data[r2 + a] - m;
        d3[a] = data[r3 + a] - m;
      }
      const base = full ? c * d * d : 0;
      let m0 = 0;
      let m1 = 0;
      let m2 = 0;
      let m3 = 0;
      for (let j = 0; j < d; j++) {
        const col = base + j * d;
        let y0 = 0;
        let y1 = 0;
        let y2 = 0;
        let y3 = 0;
        for (let a = 0; a <= j; a++) {
          const x = f[col + a];
          y0 += d0[a] * x;
          y1 += d1[a] * x;
          y2 += d2[a] * x;
          y3 += d3[a] * x;
        }
        m0 += y0 * y0;
        m1 += y1 * y1;
        m2 += y2 * y2;
        m3 += y3 * y3;
      }
      out[o + c] = -0.5 * (dl + m0) + logDet[c] + logWeights[c];
      out[o + k + c] = -0.5 * (dl + m1) + logDet[c] + logWeights[c];
      out[o + 2 * k + c] = -0.5 * (dl + m2) + logDet[c] + logWeights[c];
      out[o + 3 * k + c] = -0.5 * (dl + m3) + logDet[c] + logWeights[c];
    }
  }
  for (; i < end; i++) {
    const r0 = i * d;
    const o = (i - start) * k;
    for (let c = 0; c < k; c++) {
      const mu = c * d;
      for (let a = 0; a < d; a++) d0[a] = data[r0 + a] - means[mu + a];
      const base = full ? c * d * d : 0;
      let m0 = 0;
      for (let j = 0; j < d; j++) {
        const col = base + j * d;
        let y0 = 0;
        for (let a = 0; a <= j; a++) y0 += d0[a] * f[col + a];
        m0 += y0 * y0;
      }
      out[o + c] = -0.5 * (dl + m0) + logDet[c] + logWeights[c];
    }
  }
}

/** Lower triangular factors (a given start's, for its first E-step only). */
function triangularLower(matrix: Matrix, s: Scorer, start: number, end: number, out: Float64Array): void {
  const { data, d } = matrix;
  const { k, means, factor: f, logDet, logWeights } = s;
  const full = s.type === "full";
  const dl = d * LOG_2PI;
  const diff = new Float64Array(d);
  for (let i = start; i < end; i++) {
    const row = i * d;
    const o = (i - start) * k;
    for (let c = 0; c < k; c++) {
      const mu = c * d;
      for (let a = 0; a < d; a++) diff[a] = data[row + a] - means[mu + a];
      const base = full ? c * d * d : 0;
      let maha = 0;
      for (let j = 0; j < d; j++) {
        const col = base + j * d;
        let y = 0;
        for (let a = j; a < d; a++) y += diff[a] * f[col + a];
        maha += y * y;
      }
      out[o + c] = -0.5 * (dl + maha) + logDet[c] + logWeights[c];
    }
  }
}

/** "diag" and "spherical": Σ_a (x - μ)_a² p_a, or p Σ_a (x - μ)_a². */
function separable(matrix: Matrix, s: Scorer, start: number, end: number, out: Float64Array): void {
  const { data, d } = matrix;
  const { k, means, factor: p, logDet, logWeights } = s;
  const diag = s.type === "diag";
  const dl = d * LOG_2PI;
  for (let i = start; i < end; i++) {
    const row = i * d;
    const o = (i - start) * k;
    for (let c = 0; c < k; c++) {
      const mu = c * d;
      let maha = 0;
      if (diag) {
        for (let a = 0; a < d; a++) {
          const t = data[row + a] - means[mu + a];
          maha += t * t * p[mu + a];
        }
      } else {
        let sq = 0;
        for (let a = 0; a < d; a++) {
          const t = data[row + a] - means[mu + a];
          sq += t * t;
        }
        maha = sq * p[c];
      }
      out[o + c] = -0.5 * (dl + maha) + logDet[c] + logWeights[c];
    }
  }
}

export function notANumber(): SegmentError {
  return new SegmentError(
    "value",
    "The Gaussian mixture's likelihood is not a number: the data holds values too large or too close together to fit.",
  );
}

/**
 * The E-step's normalisation, in place: each row's weighted log-probabilities become its posteriors
 * exp(v_c - m) / Σ exp(v - m), m the row's largest (scipy's logsumexp). Returns Σ_i ln p(x_i).
 */
export function normaliseInPlace(values: Float64Array, rows: number, k: number): number {
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const o = i * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (values[o + c] > max) max = values[o + c];
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(values[o + c] - max);
      values[o + c] = e;
      sum += e;
    }
    const norm = Math.log(sum) + max;
    if (!Number.isFinite(norm)) throw notANumber();
    total += norm;
    for (let c = 0; c < k; c++) values[o + c] /= sum;
  }
  return total;
}

/**
 * Posteriors of a block of rows from their weighted log-probabilities, the components read in
 * `order` (segment r is component order[r]): the most probable segment (ties to the lower segment)
 * into labels[offset + i] (1-based), its posterior into probabilities[offset + i], and, when given,
 * every posterior into responsibilities[(offset + i)·k + r]. Returns `total` plus Σ_i ln p(x_i),
 * added row by row (so that blocks add up to the bits of one pass).
 */
export function posteriorsOfBlock(
  values: Float64Array,
  rows: number,
  k: number,
  order: Int32Array,
  offset: number,
  labels: Int32Array,
  probabilities: Float64Array,
  responsibilities: Float64Array | null,
  total: number,
): number {
  for (let i = 0; i < rows; i++) {
    const o = i * k;
    let top = 0;
    let max = values[o + order[0]];
    for (let r = 1; r < k; r++) {
      const v = values[o + order[r]];
      if (v > max) {
        max = v;
        top = r;
      }
    }
    let sum = 0;
    for (let r = 0; r < k; r++) sum += Math.exp(values[o + order[r]] - max);
    const norm = Math.log(sum) + max;
    if (!Number.isFinite(norm)) throw notANumber();
    total += norm;
    labels[offset + i] = top + 1;
    probabilities[offset + i] = 1 / sum;
    if (responsibilities) {
      const out = (offset + i) * k;
      for (let r = 0; r < k; r++) responsibilities[out + r] = Math.exp(values[o + order[r]] - max) / sum;
    }
  }
  return total;
}

/** Σ_i r_ic into nk and Σ_i r_ic x_i into sums (k × d), four rows at a time. */
export function weightedSums(
  matrix: Matrix,
  resp: Float64Array,
  k: number,
  nk: Float64Array,
  sums: Float64Array,
): void {
  const { data, n, d } = matrix;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const r0 = i * d;
    const o = i * k;
    for (let c = 0; c < k; c++) {
      const w0 = resp[o + c];
      const w1 = resp[o + k + c];
      const w2 = resp[o + 2 * k + c];
      const w3 = resp[o + 3 * k + c];
      nk[c] += w0 + w1 + w2 + w3;
      const mu = c * d;
      for (let a = 0; a < d; a++) {
        sums[mu + a] +=
          w0 * data[r0 + a] + w1 * data[r0 + d + a] + w2 * data[r0 + 2 * d + a] + w3 * data[r0 + 3 * d + a];
      }
    }
  }
  for (; i < n; i++) {
    const row = i * d;
    for (let c = 0; c < k; c++) {
      const w = resp[i * k + c];
      nk[c] += w;
      const mu = c * d;
      for (let a = 0; a < d; a++) sums[mu + a] += w * data[row + a];
    }
  }
}

/**
 * Σ_i r_ic (x_i - μ_c)(x_i - μ_c)ᵀ, upper triangles only, into `out`: per component (k × d × d,
 * "full") or summed over the components (d × d, "tied"). Four rows at a time.
 */
export function weightedScatter(
  matrix: Matrix,
  resp: Float64Array,
  k: number,
  means: Float64Array,
  tied: boolean,
  out: Float64Array,
): void {
  const { data, n, d } = matrix;
  const d0 = new Float64Array(d);
  const d1 = new Float64Array(d);
  const d2 = new Float64Array(d);
  const d3 = new Float64Array(d);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const r0 = i * d;
    const o = i * k;
    for (let c = 0; c < k; c++) {
      const w0 = resp[o + c];
      const w1 = resp[o + k + c];
      const w2 = resp[o + 2 * k + c];
      const w3 = resp[o + 3 * k + c];
      const mu = c * d;
      for (let a = 0; a < d; a++) {
        const m = means[mu + a];
        d0[a] = data[r0 + a] - m;
        d1[a] = data[r0 + d + a] - m;
        d2[a] = data[r0 + 2 * d + a] - m;
        d3[a] = data[r0 + 3 * d + a] - m;
      }
      const base = tied ? 0 : c * d * d;
      for (let a = 0; a < d; a++) {
        const x0 = w0 * d0[a];
        const x1 = w1 * d1[a];
        const x2 = w2 * d2[a];
        const x3 = w3 * d3[a];
        const line = base + a * d;
        for (let b = a; b < d; b++) out[line + b] += x0 * d0[b] + x1 * d1[b] + x2 * d2[b] + x3 * d3[b];
      }
    }
  }
  for (; i < n; i++) {
    const row = i * d;
    for (let c = 0; c < k; c++) {
      const w = resp[i * k + c];
      const mu = c * d;
      for (let a = 0; a < d; a++) d0[a] = data[row + a] - means[mu + a];
      const base = tied ? 0 : c * d * d;
      for (let a = 0; a < d; a++) {
        const x = w * d0[a];
        const line = base + a * d;
        for (let b = a; b < d; b++) out[line + b] += x * d0[b];
      }
    }
  }
}

/** Σ_i r_ic (x_i - μ_c)_a² into out (k × d). */
export function weightedSquares(
  matrix: Matrix,
  resp: Float64Array,
  k: number,
  means: Float64Array,
  out: Float64Array,
): void {
  const { data, n, d } = matrix;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let c = 0; c < k; c++) {
      const w = resp[i * k + c];
      if (w === 0) continue;
      const mu = c * d;
      for (let a = 0; a < d; a++) {
        const t = data[row + a] - means[mu + a];
        out[mu + a] += w * t * t;
      }
    }
  }
}
