/**
 * Our Gaussian mixture (core/algorithms/gmm-fit.ts) on the task's rows: k components of the type
 * options.covariance, started from options.init, a float64 file bench/run.ts wrote once with the
 * weights (k), means (k x d) and precisions ("full": k x d x d) of one M-step on one-hot labels.
 * scikit-learn's child (bench/sklearn_kmeans.py, "gmm") starts from the same file with the same
 * tolerance, regularisation and iteration limit. Timed `runs` times (the runs are deterministic);
 * reports the iterations and lower bound of the last run.
 */
import { gaussianMixture } from "../../src/core/algorithms/gmm";
import type { CovarianceType } from "../../src/core/algorithms/gmm";
import { Matrix } from "../../src/core/matrix";
import { Report, loadData, peakMb, report, rssMb, task, timed } from "../child";
import { readFloat64 } from "../data";

/** The mixture's figures, which bench/run.ts compares with scikit-learn's. */
export interface GmmReport extends Report {
  readonly iterations: number;
  readonly converged: boolean;
  /** The mean log-likelihood per row at the last iteration's E-step (scikit-learn's lower_bound_). */
  readonly lowerBound: number;
}

const t = task();
const covariance = t.options?.covariance as CovarianceType;
const tolerance = t.options?.tolerance as number;
const regCovar = t.options?.regCovar as number;
const maxIterations = t.options?.maxIterations as number;
const start = readFloat64(t.options?.init as string);
const { k, d } = t;
const precisionsLength = start.length - k - k * d;
const init = {
  weights: start.slice(0, k),
  means: start.slice(k, k + k * d),
  precisions: start.slice(k + k * d, k + k * d + precisionsLength),
};
const baselineMb = rssMb();
const matrix: Matrix = { data: loadData(t), n: t.n, d };
const inputMb = rssMb();
const { timesMs, result } = timed(t.runs, () =>
  gaussianMixture(matrix, { k, covariance, init, tolerance, regCovar, maxIterations }),
);
const out: GmmReport = {
  timesMs,
  iterations: result.iterations,
  converged: result.converged,
  lowerBound: result.lowerBound,
  note: `lower bound ${result.lowerBound.toPrecision(12)}${result.converged ? "" : ", not converged"}`,
  baselineMb,
  inputMb,
  peakMb: peakMb(),
};
report(out);
