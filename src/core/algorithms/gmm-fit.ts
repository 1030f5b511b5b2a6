/**
 * Gaussian mixtures fitted by EM, as scikit-learn 1.2's GaussianMixture fits them
 * (sklearn/mixture/_base.py and _gaussian_mixture.py), step for step:
 *
 * - each iteration is an E-step, then an M-step; the iteration's lower bound is the mean over the
 *   rows of log Σ_c w_c N(x | μ_c, Σ_c) under the parameters the E-step saw (before its M-step), and
 *   the fit has converged when it changed by less than `tolerance` (default 1e-3) from the previous
 *   iteration's; at most `maxIterations` (default 100) iterations;
 * - the M-step: n_c = Σ_i r_ic + 10 ε, means Σ_i r_ic x_i / n_c, covariances of the type with
 *   `regCovar` (default 1e-6) added to their diagonal, weights n_c / Σ n_c, and the Cholesky factors
 *   of the precisions, from which the E-step takes its Mahalanobis distances and log-determinants;
 * - of several starts the highest lower bound is kept (the first of equal ones), and a final E-step
 *   under the kept parameters gives the labels, so they agree with the parameters returned.
 *
 * The start: scikit-learn's default ("kmeans") takes one-hot responsibilities from a k-means
 * labelling and an M-step of them (weights n_c / n). Here the labelling is the core's own k-means
 * (kmeans.ts, one k-means++ start): start 1 from `seed` itself, so that it is the first start
 * SEGMENT.KMEANS makes with the same seed, start r from deriveSeed(seed, r - 1). Or a start is given
 * (`init`: weights, means and precisions in scikit-learn's layouts), as scikit-learn's weights_init,
 * means_init and precisions_init; then there is one start.
 *
 * Arithmetic differs from scikit-learn's in order only: covariances are summed over centred rows,
 * (x - μ)(x - μ)ᵀ, where scikit-learn expands "diag", "spherical" and "tied" into E[x²] - μ² (which
 * cancels digits when a component is narrow and far from the origin); Mahalanobis distances are
 * taken of x - μ rather than as xM - μM; posteriors are exp(v - m) / Σ exp(v - m) rather than
 * exp(v - logsumexp(v)); and the M-step adds four rows at a time (gmm-kernels.ts). Against
 * scikit-learn from the same start, lower bounds, scores and BIC agree to about 1e-14 relative,
 * labels and iteration counts exactly (test/core/gmm.test.ts, which asserts 1e-9).
 *
 * One deliberate difference: with several starts, scikit-learn's converged_ is true when any start
 * converged; here `converged` is the kept start's own.
 *
 * Segments: components are numbered by the rows they take (numberBySize), so component c of the
 * result (its weights, means and covariances) is segment c + 1. A component that takes no row
 * (it can happen: its weight is small and wide neighbours outbid it everywhere) comes after those
 * that do, with size 0.
 */
import { DEFAULTS } from "../defaults";
import { SegmentError } from "../errors";
import { kmeans } from "../kmeans";
import type { Matrix } from "../matrix";
import { deriveSeed } from "../random";
import { Clustering, FitProgress, numberBySize } from "./clusterer";
import {
  Scorer,
  normaliseInPlace,
  posteriorsOfBlock,
  scorerOf,
  weightedLogProbs,
  weightedScatter,
  weightedSquares,
  weightedSums,
} from "./gmm-kernels";
import {
  CovarianceType,
  COVARIANCE_TYPES,
  PrecisionFactors,
  covarianceLength,
  isCovarianceType,
  parameterCount,
  precisionFactorsOfCovariances,
  precisionFactorsOfPrecisions,
  reorderCovariances,
} from "./gmm-covariance";

export const GMM_DEFAULTS = {
  covariance: "full" as CovarianceType,
  seed: DEFAULTS.seed,
  /**
   * Four starts where scikit-learn makes one (n_init=1): EM ends in a local optimum of the
   * likelihood far more often than k-means does, and a user who runs the same data twice with
   * another seed should not get other segments. Four EM runs from four k-means starts cost four
   * times one and find the best of them; the same default as k-means' restarts.
   */
  restarts: DEFAULTS.restarts,
  regCovar: 1e-6,
  tolerance: 1e-3,
  maxIterations: 100,
} as const;

/** A start given in full, as scikit-learn's weights_init, means_init and precisions_init. */
export interface GmmInit {
  /** k weights, each in [0, 1], summing to 1. */
  readonly weights: Float64Array;
  /** k × d, row-major. */
  readonly means: Float64Array;
  /**
   * Inverse covariances in the type's layout (gmm-covariance.ts): "full" k × d × d, "tied" d × d,
   * "diag" k × d, "spherical" k. Symmetric and positive definite.
   */
  readonly precisions: Float64Array;
}

export interface GmmOptions {
  readonly k: number;
  /** Default "full". */
  readonly covariance?: CovarianceType;
  /** Default 42. */
  readonly seed?: number;
  /** Starts (each a k-means labelling, then EM); the highest lower bound is kept. Default 4. */
  readonly restarts?: number;
  /** Added to the diagonal of every covariance. Default 1e-6, as scikit-learn's reg_covar. */
  readonly regCovar?: number;
  /** Default 1e-3, as scikit-learn's tol: on the change of the mean log-likelihood per row. */
  readonly tolerance?: number;
  /** Default 100, as scikit-learn's max_iter. */
  readonly maxIterations?: number;
  /** A given start instead of k-means; then there is one start. */
  readonly init?: GmmInit;
}

/** What assigning rows to a mixture needs: the readable parameters of the model. */
export interface GmmModel {
  readonly covariance: CovarianceType;
  /** Components. */
  readonly k: number;
  /** k mixing weights summing to 1; weights[c] belongs to segment c + 1. */
  readonly weights: Float64Array;
  /** k × d, row-major; row c is segment c + 1's mean. */
  readonly means: Float64Array;
  /**
   * In the type's layout (gmm-covariance.ts): "full" k × d × d (segment c + 1's matrix at c·d²),
   * "tied" d × d (shared), "diag" k × d (variances), "spherical" k (one variance per segment).
   * The regularisation is included, as in scikit-learn's covariances_.
   */
  readonly covariances: Float64Array;
}

export interface GmmResult extends Clustering, GmmModel {
  readonly algorithm: "gmm";
  /** The means (the same array). */
  readonly centroids: Float64Array;
  /** Per row, the posterior probability of its segment. */
  readonly probabilities: Float64Array;
  /**
   * Rows per segment, k entries: a component that takes no row is a segment of size 0, after the
   * others (numberBySize alone would leave it out).
   */
  readonly sizes: readonly number[];
  /** EM iterations of the kept start (scikit-learn's n_iter_). */
  readonly iterations: number;
  /** Whether the kept start converged within maxIterations (scikit-learn's converged_ for one start). */
  readonly converged: boolean;
  /**
   * scikit-learn's lower_bound_: the mean log-likelihood per row at the last iteration's E-step,
   * i.e. under the parameters before the last M-step.
   */
  readonly lowerBound: number;
  /** The lower bound of each iteration of the kept start, in order (lowerBound is the last). */
  readonly lowerBounds: readonly number[];
  /** The mean log-likelihood per row under the returned parameters (scikit-learn's score(X)). */
  readonly logLikelihood: number;
  /** Free parameters (scikit-learn's _n_parameters()). */
  readonly parameters: number;
  /** -2 n logLikelihood + parameters ln n, as scikit-learn's bic(X). Lower is better. */
  readonly bic: number;
  /** -2 n logLikelihood + 2 parameters, as scikit-learn's aic(X). Lower is better. */
  readonly aic: number;
  /** Which start was kept, 1-based. */
  readonly start: number;
}

export interface GmmPosteriors {
  /** n × k, row-major: row i's posterior of each segment; null when not asked for. */
  readonly responsibilities: Float64Array | null;
  /** Per row, the segment (1..k) with the highest posterior, ties to the lower segment. */
  readonly labels: Int32Array;
  /** Per row, the posterior of its segment. */
  readonly probabilities: Float64Array;
  /** The mean over the rows of their log-likelihood under the model (scikit-learn's score). */
  readonly logLikelihood: number;
}

const EPSILON = 2.220446049250313e-16;

// --- the M-step ----------------------------------------------------------------------------------

interface Parameters {
  readonly weights: Float64Array;
  readonly means: Float64Array;
  /** Null for a given start, which has precisions only. */
  readonly covariances: Float64Array | null;
  readonly factors: PrecisionFactors;
}

function singular(type: CovarianceType, k: number): SegmentError {
  const what =
    type === "full" || type === "tied"
      ? `a ${type === "tied" ? "shared " : ""}covariance matrix is singular`
      : "a variance is zero";
  const advice =
    type === "full"
      ? ' Try a smaller k, or the "diag" or "spherical" covariance.'
      : type === "tied"
        ? ' Try a smaller k, or the "diag" or "spherical" covariance, or leave out features that repeat others.'
        : " Try a smaller k.";
  return new SegmentError(
    "value",
    `The data has too little variation for ${k} Gaussian component${k === 1 ? "" : "s"} with ${type} covariance: ` +
      `${what} (a component sits on a few identical rows, or features are copies of each other).${advice}`,
  );
}

/**
 * Weights, means and covariances from responsibilities (scikit-learn's _estimate_gaussian_parameters
 * and _m_step), and the precision factors of the covariances. Weights are n_c / n for the start from
 * a labelling (`byRows`), n_c / Σ n_c in the M-step proper, as scikit-learn divides them.
 */
function mStep(
  matrix: Matrix,
  resp: Float64Array,
  k: number,
  type: CovarianceType,
  regCovar: number,
  byRows: boolean,
): Parameters {
  const { n, d } = matrix;
  const nk = new Float64Array(k);
  const means = new Float64Array(k * d);
  weightedSums(matrix, resp, k, nk, means);
  for (let c = 0; c < k; c++) {
    nk[c] += 10 * EPSILON;
    for (let a = 0; a < d; a++) means[c * d + a] /= nk[c];
  }

  // Sums over centred rows, (x - μ)(x - μ)ᵀ: scikit-learn's "full" takes them so; its "tied",
  // "diag" and "spherical" expand them into E[x²] - μ², which cancels digits for a narrow component
  // far from the origin. The same covariances, to rounding.
  const covariances = new Float64Array(covarianceLength(type, k, d));
  if (type === "full" || type === "tied") {
    weightedScatter(matrix, resp, k, means, type === "tied", covariances);
    const count = type === "full" ? k : 1;
    let total = 0;
    for (let c = 0; c < k; c++) total += nk[c];
    for (let c = 0; c < count; c++) {
      const o = c * d * d;
      const divisor = type === "full" ? nk[c] : total;
      for (let a = 0; a < d; a++) {
        for (let b = a; b < d; b++) {
          const v = covariances[o + a * d + b] / divisor;
          covariances[o + a * d + b] = v;
          covariances[o + b * d + a] = v;
        }
        covariances[o + a * d + a] += regCovar;
      }
    }
  } else {
    // Per-feature variances; "spherical" is their mean over the features.
    const variances = type === "diag" ? covariances : new Float64Array(k * d);
    weightedSquares(matrix, resp, k, means, variances);
    for (let c = 0; c < k; c++) {
      for (let a = 0; a < d; a++) variances[c * d + a] = variances[c * d + a] / nk[c] + regCovar;
    }
    if (type === "spherical") {
      for (let c = 0; c < k; c++) {
        let sum = 0;
        for (let a = 0; a < d; a++) sum += variances[c * d + a];
        covariances[c] = sum / d;
      }
    }
  }

  let divisor = n;
  if (!byRows) {
    divisor = 0;
    for (let c = 0; c < k; c++) divisor += nk[c];
  }
  const weights = nk.map((v) => v / divisor);
  const factors = precisionFactorsOfCovariances(type, covariances, k, d);
  if (factors === null) throw singular(type, k);
  return { weights, means, covariances, factors };
}

// --- one start -----------------------------------------------------------------------------------

interface Run {
  readonly parameters: Parameters;
  readonly lowerBound: number;
  readonly lowerBounds: number[];
  readonly iterations: number;
  readonly converged: boolean;
}

interface Settings {
  readonly k: number;
  readonly type: CovarianceType;
  readonly regCovar: number;
  readonly tolerance: number;
  readonly maxIterations: number;
}

/** EM from a start (scikit-learn's fit_predict loop for one initialisation). */
function em(
  matrix: Matrix,
  start: Parameters,
  settings: Settings,
  resp: Float64Array,
  onIteration?: (iteration: number, step: string) => void,
): Run {
  const { k, type, regCovar, tolerance, maxIterations } = settings;
  const { n, d } = matrix;
  let parameters = start;
  let lowerBound = -Infinity;
  const lowerBounds: number[] = [];
  let converged = false;
  let iterations = 0;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const previous = lowerBound;
    // Each half of an iteration takes up to half a second on a full sheet with full covariances.
    if (iteration > 1) onIteration?.(iteration, "weighing the rows");
    const scorer = scorerOf(parameters.factors, parameters.weights, parameters.means, k, d);
    weightedLogProbs(matrix, scorer, 0, n, resp);
    lowerBound = normaliseInPlace(resp, n, k) / n;
    onIteration?.(iteration, "updating the components");
    parameters = mStep(matrix, resp, k, type, regCovar, false);
    lowerBounds.push(lowerBound);
    iterations = iteration;
    onIteration?.(iteration, "done");
    if (Math.abs(lowerBound - previous) < tolerance) {
      converged = true;
      break;
    }
  }
  return { parameters, lowerBound, lowerBounds, iterations, converged };
}

/** The start from a k-means labelling: one-hot responsibilities, then an M-step (weights n_c / n). */
function kmeansStart(
  matrix: Matrix,
  settings: Settings,
  seed: number,
  resp: Float64Array,
  /** Each k-means iteration's number; null when the components are being computed, -1 when done. */
  onIteration?: (iteration: number | null) => void,
): Parameters {
  const { k } = settings;
  // On a full sheet the k-means start takes a second: its iterations are reported as they go.
  const { labels } = kmeans(matrix, {
    k,
    seed,
    restarts: 1,
    onIteration: onIteration && ((p) => onIteration(p.iteration)),
  });
  resp.fill(0);
  for (let i = 0; i < matrix.n; i++) resp[i * k + labels[i] - 1] = 1;
  onIteration?.(null);
  const parameters = mStep(matrix, resp, k, settings.type, settings.regCovar, true);
  onIteration?.(-1);
  return parameters;
}

function givenStart(init: GmmInit, type: CovarianceType, k: number, d: number): Parameters {
  const { weights, means, precisions } = init;
  if (weights.length !== k) throw new SegmentError("value", `The initial weights must be ${k} values.`);
  if (means.length !== k * d)
    throw new SegmentError("value", `The initial means must be ${k} rows of ${d} values.`);
  const length = covarianceLength(type, k, d);
  if (precisions.length !== length) {
    throw new SegmentError("value", `The initial ${type} precisions must be ${length} values.`);
  }
  let sum = 0;
  for (const w of weights) {
    if (!(w >= 0 && w <= 1)) throw new SegmentError("value", "The initial weights must lie between 0 and 1.");
    sum += w;
  }
  // scikit-learn's check: np.allclose(|1 - Σw|, 0), i.e. within 1e-8.
  if (!(Math.abs(1 - sum) <= 1e-8)) throw new SegmentError("value", "The initial weights must sum to 1.");
  if (!means.every(Number.isFinite)) throw new SegmentError("value", "The initial means must be numbers.");
  if (type === "full" || type === "tied") {
    const count = type === "full" ? k : 1;
    for (let c = 0; c < count; c++) {
      const o = c * d * d;
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < a; b++) {
          const x = precisions[o + a * d + b];
          const y = precisions[o + b * d + a];
          // np.allclose(P, P.T): rtol 1e-5, atol 1e-8.
          if (!(Math.abs(x - y) <= 1e-8 + 1e-5 * Math.abs(y))) {
            throw new SegmentError("value", `The initial ${type} precisions must be symmetric.`);
          }
        }
      }
    }
  }
  const factors = precisionFactorsOfPrecisions(type, precisions, k, d);
  if (factors === null) {
    throw new SegmentError("value", `The initial ${type} precisions must be positive definite.`);
  }
  return { weights: Float64Array.from(weights), means: Float64Array.from(means), covariances: null, factors };
}

// --- the fit -------------------------------------------------------------------------------------

function checkWhole(name: string, value: number, min: number, max = Infinity): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new SegmentError("value", `${name} must be a whole number ${range} (got ${value}).`);
  }
}

/**
 * Fits a Gaussian mixture of k components to the rows of `matrix` (see the file's comment), and
 * labels each row with its most probable component, numbered by size.
 */
export function gaussianMixture(matrix: Matrix, options: GmmOptions, progress?: FitProgress): GmmResult {
  const { n, d } = matrix;
  const { k } = options;
  const type = options.covariance ?? GMM_DEFAULTS.covariance;
  const seed = options.seed ?? GMM_DEFAULTS.seed;
  const restarts = options.init ? 1 : (options.restarts ?? GMM_DEFAULTS.restarts);
  const regCovar = options.regCovar ?? GMM_DEFAULTS.regCovar;
  const tolerance = options.tolerance ?? GMM_DEFAULTS.tolerance;
  const maxIterations = options.maxIterations ?? GMM_DEFAULTS.maxIterations;
  checkWhole("k", k, 1);
  if (n < 1 || d < 1) throw new SegmentError("value", "There are no rows to segment.");
  if (k > n) throw new SegmentError("value", `k = ${k} is more than the ${n} usable rows.`);
  if (!isCovarianceType(type)) {
    throw new SegmentError(
      "value",
      `covariance must be one of ${COVARIANCE_TYPES.map((t) => `"${t}"`).join(", ")} (got ${String(type)}).`,
    );
  }
  checkWhole("restarts", restarts, 1);
  checkWhole("maxIterations", maxIterations, 1);
  if (!Number.isFinite(seed)) throw new SegmentError("value", "The seed must be a number.");
  if (!(regCovar >= 0 && Number.isFinite(regCovar))) {
    throw new SegmentError("value", "regCovar must be a number of at least 0.");
  }
  if (!(tolerance >= 0 && Number.isFinite(tolerance))) {
    throw new SegmentError("value", "tolerance must be a number of at least 0.");
  }

  const settings: Settings = { k, type, regCovar, tolerance, maxIterations };
  const resp = new Float64Array(n * k);
  let best: Run | null = null;
  let bestStart = 1;
  for (let r = 0; r < restarts; r++) {
    const report = progress
      ? (iteration: number, step = "") =>
          progress(
            Math.min(1, (r + iteration / maxIterations) / restarts),
            `Gaussian mixture: start ${r + 1} of ${restarts}, iteration ${iteration}${step && step !== "done" ? `, ${step}` : ""}`,
          )
      : undefined;
    report?.(0);
    const start = options.init
      ? givenStart(options.init, type, k, d)
      : kmeansStart(
          matrix,
          settings,
          r === 0 ? seed : deriveSeed(seed, r - 1),
          resp,
          progress &&
            ((iteration) =>
              progress(
                r / restarts,
                iteration === null
                  ? `Gaussian mixture: start ${r + 1} of ${restarts}, components from the k-means start`
                  : iteration < 0
                    ? `Gaussian mixture: start ${r + 1} of ${restarts}, weighing the rows`
                    : `Gaussian mixture: start ${r + 1} of ${restarts}, k-means start, iteration ${iteration}`,
              )),
        );
    const run = em(matrix, start, settings, resp, report);
    if (best === null || run.lowerBound > best.lowerBound) {
      best = run;
      bestStart = r + 1;
    }
  }
  const run = best as Run;
  const fitted = run.parameters;
  const covariances = fitted.covariances as Float64Array; // every run ends on an M-step

  // The final E-step, under the kept parameters (scikit-learn's, so that the labels agree with
  // them). Then the components are put in segment order: the rows' weighted log-probabilities are
  // kept and read in that order, which gives the bits gmmPosteriors gives on the returned model
  // (each component scores a row the same wherever it stands), so that assigning the fitted rows
  // again gives their labels. An exact tie between two components can move a row when they swap
  // places, hence the loop; without such ties it ends at its second pass.
  weightedLogProbs(matrix, scorerOf(fitted.factors, fitted.weights, fitted.means, k, d), 0, n, resp);
  let order = Int32Array.from({ length: k }, (_, c) => c);
  const labels = new Int32Array(n);
  const probabilities = new Float64Array(n);
  let total = 0;
  let sizes: number[] = [];
  for (let pass = 0; pass <= k; pass++) {
    total = posteriorsOfBlock(resp, n, k, order, 0, labels, probabilities, null, 0);
    const next = componentOrder(labels, k);
    sizes = next.sizes;
    if (next.order.every((c, r) => c === r)) break;
    const previous = order;
    order = Int32Array.from(next.order, (r) => previous[r]);
  }
  const model = reorder(
    { covariance: type, k, weights: fitted.weights, means: fitted.means, covariances },
    Array.from(order),
    d,
  );

  const parameters = parameterCount(type, k, d);
  const logLikelihood = total / n;
  return {
    algorithm: "gmm",
    labels,
    k,
    sizes,
    noise: 0,
    centroids: model.means,
    probabilities,
    iterations: run.iterations,
    converged: run.converged,
    covariance: type,
    weights: model.weights,
    means: model.means,
    covariances: model.covariances,
    lowerBound: run.lowerBound,
    lowerBounds: run.lowerBounds,
    logLikelihood,
    parameters,
    bic: -2 * logLikelihood * n + parameters * Math.log(n),
    aic: -2 * logLikelihood * n + 2 * parameters,
    start: bestStart,
  };
}

/**
 * The components in segment order: by rows taken, most first, ties to the component whose first row
 * comes first (numberBySize); components that take no row last, in their own order. order[r] is the
 * component that becomes segment r + 1.
 */
function componentOrder(labels: Int32Array, k: number): { order: number[]; sizes: number[] } {
  const { labels: ranked, sizes } = numberBySize(labels);
  const order = new Array<number>(k).fill(-1);
  for (let i = 0; i < labels.length; i++) order[ranked[i] - 1] = labels[i] - 1;
  const used = new Set(order.slice(0, sizes.length));
  let r = sizes.length;
  for (let c = 0; c < k; c++) if (!used.has(c)) order[r++] = c;
  return { order, sizes: [...sizes, ...new Array<number>(k - sizes.length).fill(0)] };
}

function reorder(model: GmmModel, order: readonly number[], d: number): GmmModel {
  const means = new Float64Array(model.means.length);
  order.forEach((c, r) => means.set(model.means.subarray(c * d, c * d + d), r * d));
  return {
    covariance: model.covariance,
    k: model.k,
    weights: Float64Array.from(order, (c) => model.weights[c]),
    means,
    covariances: reorderCovariances(model.covariance, model.covariances, order, d),
  };
}

/**
 * What scoring rows with a fitted (or read back) mixture needs, after checking that its parameters
 * fit d features and its covariances are positive definite: gmmPosteriors' scorer, and the constants
 * a SQL query scores with (core/sql), so that both compute the same bits.
 */
export function modelScorer(model: GmmModel, d: number): Scorer {
  const { covariance: type, k, weights, means, covariances } = model;
  if (!isCovarianceType(type))
    throw new SegmentError("value", `The model's covariance type ${String(type)} is unknown.`);
  if (!Number.isInteger(k) || k < 1 || weights.length !== k || means.length !== k * d) {
    throw new SegmentError("value", `The model's weights and means do not fit ${d} features.`);
  }
  if (covariances.length !== covarianceLength(type, k, d)) {
    throw new SegmentError(
      "value",
      `The model's ${type} covariances do not fit ${k} components of ${d} features.`,
    );
  }
  const factors = precisionFactorsOfCovariances(type, covariances, k, d);
  if (factors === null) {
    throw new SegmentError(
      "value",
      "The model's covariances are not positive definite: it cannot assign rows.",
    );
  }
  return scorerOf(factors, weights, means, k, d);
}

/**
 * Each row's posterior under a mixture, and its most probable segment (ties to the lower segment):
 * what SEGMENT.ASSIGN gives for a mixture model. On the rows a mixture was fitted to, the labels are
 * the fit's. `responsibilities: false` leaves out the n × k posteriors (labels and probabilities
 * only), which a large sheet may not want to hold.
 */
export function gmmPosteriors(
  model: GmmModel,
  matrix: Matrix,
  options: { readonly responsibilities?: boolean } = {},
): GmmPosteriors {
  const { n, d } = matrix;
  const { k } = model;
  const scorer = modelScorer(model, d);
  const keep = options.responsibilities ?? true;
  const responsibilities = keep ? new Float64Array(n * k) : null;
  const labels = new Int32Array(n);
  const probabilities = new Float64Array(n);
  // In blocks of rows, so that a full sheet needs no n × k work array when only labels are asked.
  const block = 4096;
  const values = new Float64Array(Math.min(n, block) * k);
  const identity = Int32Array.from({ length: k }, (_, c) => c);
  let total = 0;
  for (let start = 0; start < n; start += block) {
    const end = Math.min(n, start + block);
    weightedLogProbs(matrix, scorer, start, end, values);
    total = posteriorsOfBlock(
      values,
      end - start,
      k,
      identity,
      start,
      labels,
      probabilities,
      responsibilities,
      total,
    );
  }
  return { responsibilities, labels, probabilities, logLikelihood: total / n };
}
