import { DEFAULTS } from "../defaults";
import { KMeansProgress, kmeans } from "../kmeans";
import type { Matrix } from "../matrix";
import type { Clusterer, Clustering, FitProgress, ParamSpec } from "./clusterer";

/** More restarts than this only make a formula slow: the best of 4 (the default) is rarely beaten. */
export const MAX_RESTARTS = 100;

/** k-means' parameters, as the functions check them and the pane offers them. */
export const KMEANS_PARAMS = [
  { name: "k", type: "integer", min: 1, default: null, help: "the number of segments" },
  {
    name: "seed",
    type: "integer",
    // Any whole number Excel can hold in 32 bits: the same seed and data give the same segments.
    min: -2147483648,
    max: 4294967295,
    default: DEFAULTS.seed,
    help: "random seed: the same seed and data give the same segments",
  },
  {
    name: "restarts",
    type: "integer",
    min: 1,
    max: MAX_RESTARTS,
    default: DEFAULTS.restarts,
    help: "k-means++ starts to try, the best kept",
  },
] as const satisfies readonly ParamSpec[];

export interface KMeansParams {
  readonly k: number;
  readonly seed: number;
  readonly restarts: number;
  readonly [name: string]: number;
}

/** k-means behind the seam: the same fit, byte for byte, as core/kmeans.ts gives. */
export const kmeansClusterer: Clusterer<KMeansParams> = {
  id: "kmeans",
  label: "k-means",
  params: KMEANS_PARAMS,
  fit(matrix: Matrix, params: KMeansParams, progress?: FitProgress): Clustering {
    const fit = kmeans(matrix, {
      k: params.k,
      seed: params.seed,
      restarts: params.restarts,
      onIteration: progress
        ? (p) => {
            const at = fitProgress(p);
            progress(at.done, `k-means: ${at.words}`);
            return true;
          }
        : undefined,
    });
    return {
      algorithm: "kmeans",
      labels: Int32Array.from(fit.labels),
      k: fit.k,
      sizes: fit.sizes,
      noise: 0,
      centroids: fit.centroids,
      probabilities: null,
      iterations: fit.iterations,
      converged: fit.converged,
    };
  },
};

/**
 * How far one fit is (0..1) and where, in words ("start 2 of 4, iteration 3"; iteration 0 is a
 * start's centres just placed by k-means++).
 */
export function fitProgress({ restart, restarts, iteration }: KMeansProgress): {
  done: number;
  words: string;
} {
  // Iterations per start are unknown in advance; most runs settle within a few dozen.
  const within = Math.min(0.95, iteration / 40);
  const where = iteration === 0 ? "centres placed" : `iteration ${iteration}`;
  return { done: (restart - 1 + within) / restarts, words: `start ${restart} of ${restarts}, ${where}` };
}
