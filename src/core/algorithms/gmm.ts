/**
 * Gaussian mixtures behind the seam (clusterer.ts): the parameter table and the Clusterer, and the
 * whole public surface of the algorithm, which lives in
 *
 * - gmm-fit.ts: EM as scikit-learn's GaussianMixture runs it (gaussianMixture), and the posteriors of
 *   rows under a fitted model (gmmPosteriors, for ASSIGN);
 * - gmm-kernels.ts: the loops over every row (scores, posteriors, the M-step's sums);
 * - gmm-covariance.ts: the covariance types, their layouts, Cholesky factors and parameter counts;
 * - gmm-bic.ts: BIC and AIC over a range of k, with a recommended k (gmmBicTable).
 */
import { SegmentError } from "../errors";
import type { Matrix } from "../matrix";
import type { Clusterer, Clustering, FitProgress, ParamSpec, ParamValue } from "./clusterer";
import { COVARIANCE_TYPES, isCovarianceType } from "./gmm-covariance";
import { GMM_DEFAULTS, gaussianMixture } from "./gmm-fit";

export { COVARIANCE_TYPES, covarianceLength, parameterCount } from "./gmm-covariance";
export type { CovarianceType } from "./gmm-covariance";
export { GMM_DEFAULTS, gaussianMixture, gmmPosteriors } from "./gmm-fit";
export type { GmmInit, GmmModel, GmmOptions, GmmPosteriors, GmmResult } from "./gmm-fit";
export { GMM_BIC_DEFAULTS, gmmBicTable } from "./gmm-bic";
export type { GmmBicOptions, GmmBicRow, GmmBicTable } from "./gmm-bic";

/** The most starts a formula may ask for: each is a k-means and a full EM. */
export const MAX_GMM_RESTARTS = 100;

/** The Gaussian mixture's parameters, as the functions check them and the pane offers them. */
export const GMM_PARAMS = [
  { name: "k", type: "integer", min: 1, default: null, help: "the number of segments (Gaussian components)" },
  {
    name: "covariance",
    type: "choice",
    choices: COVARIANCE_TYPES,
    default: GMM_DEFAULTS.covariance,
    help: 'the shape of each segment: "full" (any ellipse), "diag" (ellipses along the features), "spherical" (round), "tied" (one shared ellipse)',
  },
  {
    name: "seed",
    type: "integer",
    // As k-means': any whole number Excel can hold in 32 bits.
    min: -2147483648,
    max: 4294967295,
    default: GMM_DEFAULTS.seed,
    help: "random seed of the k-means starts: the same seed and data give the same segments",
  },
  {
    name: "restarts",
    type: "integer",
    min: 1,
    max: MAX_GMM_RESTARTS,
    default: GMM_DEFAULTS.restarts,
    help: "starts to try (each a k-means, then EM), the highest likelihood kept",
  },
] as const satisfies readonly ParamSpec[];

/** Gaussian mixtures behind the seam. */
export const gmmClusterer: Clusterer = {
  id: "gmm",
  label: "Gaussian mixture",
  params: GMM_PARAMS,
  fit(matrix: Matrix, params: Record<string, ParamValue>, progress?: FitProgress): Clustering {
    const { k, covariance, seed, restarts } = params;
    if (typeof k !== "number") throw new SegmentError("value", "k is required.");
    if (covariance !== undefined && !isCovarianceType(covariance)) {
      throw new SegmentError(
        "value",
        `covariance must be one of ${COVARIANCE_TYPES.map((t) => `"${t}"`).join(", ")}.`,
      );
    }
    const number = (value: ParamValue | undefined, name: string): number | undefined => {
      if (value === undefined || typeof value === "number") return value;
      throw new SegmentError("value", `${name} must be a number.`);
    };
    return gaussianMixture(
      matrix,
      { k, covariance, seed: number(seed, "seed"), restarts: number(restarts, "restarts") },
      progress,
    );
  },
};
