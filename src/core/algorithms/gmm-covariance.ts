/**
 * The covariance side of the Gaussian mixture (gmm.ts): layouts per covariance type, the Cholesky
 * factors of the precisions that the E-step uses, their log-determinants and the model's parameter
 * count. Each function follows the one of the same role in scikit-learn 1.2's
 * sklearn/mixture/_gaussian_mixture.py, named in its comment.
 *
 * Layouts, flat and row-major, as scikit-learn's arrays of the same name:
 *
 * | type        | covariances, precisions, precision factors |
 * |-------------|--------------------------------------------|
 * | "full"      | k × d × d: component c's matrix at c·d², row a, column b at c·d² + a·d + b |
 * | "tied"      | d × d: one matrix all components share |
 * | "diag"      | k × d: component c's variances (or precisions) of feature a at c·d + a |
 * | "spherical" | k: one variance (or precision) per component, the same along every feature |
 */
export type CovarianceType = "full" | "diag" | "spherical" | "tied";

export const COVARIANCE_TYPES: readonly CovarianceType[] = ["full", "diag", "spherical", "tied"];

export function isCovarianceType(value: unknown): value is CovarianceType {
  return typeof value === "string" && (COVARIANCE_TYPES as readonly string[]).includes(value);
}

/** How many numbers a type's covariances (or precisions) take for k components of d features. */
export function covarianceLength(type: CovarianceType, k: number, d: number): number {
  switch (type) {
    case "full":
      return k * d * d;
    case "tied":
      return d * d;
    case "diag":
      return k * d;
    case "spherical":
      return k;
  }
}

/**
 * Cholesky factors of the precisions, M with precision = M Mᵀ, in the layout of the type. For
 * "full" and "tied" a d × d matrix per component (one for "tied") that is triangular: upper when it
 * was computed from a covariance (M = C⁻ᵀ where covariance = C Cᵀ, as the M-step gives it), lower
 * when it is the Cholesky factor of a given precision (as scikit-learn's precisions_init gives it).
 * For "diag" and "spherical", the square roots of the precisions.
 */
export interface PrecisionFactors {
  readonly type: CovarianceType;
  readonly values: Float64Array;
  /** For "full" and "tied": whether the factors are lower (true) or upper (false) triangular. */
  readonly lower: boolean;
}

/**
 * The lower Cholesky factor of the symmetric d × d matrix at `a[offset..]` into `out[offset..]`
 * (only the lower triangle of `a` is read; the upper triangle of `out` is set to 0). False when the
 * matrix is not positive definite (a pivot that is not above 0, or not a number), as LAPACK's potrf
 * fails.
 */
export function cholesky(a: Float64Array, out: Float64Array, d: number, offset = 0): boolean {
  for (let j = 0; j < d; j++) {
    let pivot = a[offset + j * d + j];
    for (let t = 0; t < j; t++) {
      const l = out[offset + j * d + t];
      pivot -= l * l;
    }
    if (!(pivot > 0)) return false;
    const root = Math.sqrt(pivot);
    out[offset + j * d + j] = root;
    for (let i = j + 1; i < d; i++) {
      let sum = a[offset + i * d + j];
      for (let t = 0; t < j; t++) sum -= out[offset + i * d + t] * out[offset + j * d + t];
      out[offset + i * d + j] = sum / root;
    }
    for (let i = 0; i < j; i++) out[offset + i * d + j] = 0;
  }
  return true;
}

/**
 * (L⁻¹)ᵀ of the lower triangular d × d matrix L, into `out[offset..]`: upper triangular. As
 * scikit-learn's `solve_triangular(cov_chol, eye(d), lower=True).T`.
 */
function inverseTransposeOfLower(l: Float64Array, out: Float64Array, d: number, offset: number): void {
  // Column j of L⁻¹ solves L x = e_j by forward substitution; x is row j of (L⁻¹)ᵀ.
  for (let j = 0; j < d; j++) {
    const row = offset + j * d;
    for (let i = 0; i < j; i++) out[row + i] = 0;
    for (let i = j; i < d; i++) {
      let sum = i === j ? 1 : 0;
      for (let t = j; t < i; t++) sum -= l[i * d + t] * out[row + t];
      out[row + i] = sum / l[i * d + i];
    }
  }
}

/**
 * The precision factors of covariances (scikit-learn's _compute_precision_cholesky), or null when a
 * covariance is not positive definite ("full", "tied") or a variance is not above 0 ("diag",
 * "spherical"): then scikit-learn raises its ValueError "Fitting the mixture model failed because
 * some components have ill-defined empirical covariance".
 */
export function precisionFactorsOfCovariances(
  type: CovarianceType,
  covariances: Float64Array,
  k: number,
  d: number,
): PrecisionFactors | null {
  const values = new Float64Array(covariances.length);
  if (type === "full" || type === "tied") {
    const count = type === "full" ? k : 1;
    const chol = new Float64Array(d * d);
    for (let c = 0; c < count; c++) {
      const offset = c * d * d;
      if (!cholesky(covariances.subarray(offset, offset + d * d), chol, d)) return null;
      inverseTransposeOfLower(chol, values, d, offset);
    }
    return { type, values, lower: false };
  }
  for (let i = 0; i < covariances.length; i++) {
    const v = covariances[i];
    if (!(v > 0)) return null;
    values[i] = 1 / Math.sqrt(v);
  }
  return { type, values, lower: false };
}

/**
 * The precision factors of given precisions, as scikit-learn's _initialize does with
 * precisions_init: the lower Cholesky factor of each matrix ("full", "tied"), the square roots
 * ("diag", "spherical"). Null when a precision is not positive definite or not above 0.
 */
export function precisionFactorsOfPrecisions(
  type: CovarianceType,
  precisions: Float64Array,
  k: number,
  d: number,
): PrecisionFactors | null {
  const values = new Float64Array(precisions.length);
  if (type === "full" || type === "tied") {
    const count = type === "full" ? k : 1;
    for (let c = 0; c < count; c++) {
      if (!cholesky(precisions, values, d, c * d * d)) return null;
    }
    return { type, values, lower: true };
  }
  for (let i = 0; i < precisions.length; i++) {
    const p = precisions[i];
    if (!(p > 0) || !Number.isFinite(p)) return null;
    values[i] = Math.sqrt(p);
  }
  return { type, values, lower: false };
}

/**
 * log det of each component's precision factor (scikit-learn's _compute_log_det_cholesky): half the
 * log-determinant of its precision, minus half that of its covariance. One value per component.
 */
export function logDetOfFactors(factors: PrecisionFactors, k: number, d: number): Float64Array {
  const { type, values } = factors;
  const out = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let sum = 0;
    if (type === "full" || type === "tied") {
      const offset = type === "full" ? c * d * d : 0;
      for (let a = 0; a < d; a++) sum += Math.log(values[offset + a * d + a]);
    } else if (type === "diag") {
      for (let a = 0; a < d; a++) sum += Math.log(values[c * d + a]);
    } else {
      sum = d * Math.log(values[c]);
    }
    out[c] = sum;
  }
  return out;
}

/**
 * The number of free parameters of a mixture (scikit-learn's _n_parameters): covariances, means and
 * the k - 1 free weights.
 */
export function parameterCount(type: CovarianceType, k: number, d: number): number {
  const cov =
    type === "full"
      ? (k * d * (d + 1)) / 2
      : type === "diag"
        ? k * d
        : type === "tied"
          ? (d * (d + 1)) / 2
          : k;
  return Math.trunc(cov + d * k + k - 1);
}

/**
 * Covariances (or precisions) with the components in a new order: component r of the result is
 * component order[r] of `values`. A "tied" matrix is shared and stays as it is.
 */
export function reorderCovariances(
  type: CovarianceType,
  values: Float64Array,
  order: readonly number[],
  d: number,
): Float64Array {
  if (type === "tied") return values.slice();
  const size = type === "full" ? d * d : type === "diag" ? d : 1;
  const out = new Float64Array(values.length);
  order.forEach((c, r) => out.set(values.subarray(c * size, c * size + size), r * size));
  return out;
}
