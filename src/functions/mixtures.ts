/*
 * GMM and GMMBIC: segments as Gaussian mixtures, each row with the probability of its segment, and
 * BIC and AIC over k to say how many components the data support (from one: whether there is any
 * structure at all).
 */
import { GMM_PARAMS, gmmBicTable, gmmClusterer } from "../core/algorithms/gmm";
import type { CovarianceType } from "../core/algorithms/gmm";
import { CellValue } from "../core/cells";
import type { Matrix } from "../core/matrix";
import { LABEL_HEADER } from "../core/plan";
import { parseData, parseParam, parseScaling, parseWholeNumber, specOf } from "./args";
import { clusterFromArguments } from "./clustering";
import { checkWork } from "./limits";
import { Cell, toSpill } from "./output";
import { prepareFormulaData } from "./prepare";

/**
 * An EM iteration costs about rows x components x features² (the covariances), against k-means' rows
 * x features x k; fits take about this many iterations (the cap is 100, rarely reached), so the
 * estimate is in the units of the formulas' work limit.
 */
const ITERATIONS_BOUND = 20;

function checkMixtureWork(matrix: Matrix, k: number, restarts: number, what: string): void {
  checkWork((matrix.n * k * Math.max(matrix.d, matrix.d * matrix.d) * restarts * ITERATIONS_BOUND) / 4, what);
}

/** SEGMENT.GMM's spill: Segment (1..k by size) and Probability (the posterior of that segment). */
export function gmmSpill(
  data: unknown,
  k: unknown,
  covariance: unknown,
  scaling: unknown,
  seed: unknown,
  restarts: unknown,
  transform: unknown,
): Cell[][] {
  const fit = clusterFromArguments(
    gmmClusterer,
    data,
    { k, covariance, seed, restarts },
    scaling,
    transform,
    ({ fitted }, params) =>
      checkMixtureWork(
        fitted.matrix,
        params.k as number,
        params.restarts as number,
        `A Gaussian mixture with k = ${String(params.k)} on ${fitted.matrix.n} rows`,
      ),
  );
  const { rows } = fit.prepared.fitted;
  const probability = new Float64Array(fit.prepared.table.rowCount).fill(NaN);
  const p = fit.clustering.probabilities as Float64Array;
  for (let i = 0; i < p.length; i++) probability[rows ? rows[i] : i] = p[i];
  const out: CellValue[][] = [];
  if (fit.prepared.table.hasHeader) out.push([LABEL_HEADER, "Probability"]);
  for (let r = 0; r < fit.labelsByRow.length; r++) {
    const label = fit.labelsByRow[r];
    out.push(label >= 1 ? [label, probability[r]] : ["", ""]);
  }
  return toSpill(out);
}

/** SEGMENT.GMMBIC's table: k, BIC, AIC, log-likelihood per row, converged, and the recommendation. */
export function gmmBicSpill(
  data: unknown,
  kmin: unknown,
  kmax: unknown,
  covariance: unknown,
  scaling: unknown,
  transform: unknown,
): CellValue[][] {
  const from = parseWholeNumber(kmin, "kmin", { min: 1, fallback: 1 });
  const to = parseWholeNumber(kmax, "kmax", { min: 1, fallback: 10 });
  const type = parseParam(specOf(GMM_PARAMS, "covariance"), covariance) as CovarianceType;
  const seed = specOf(GMM_PARAMS, "seed").default as number;
  const restarts = specOf(GMM_PARAMS, "restarts").default as number;
  const prepared = prepareFormulaData(parseData(data), parseScaling(scaling), transform);
  const { matrix } = prepared.fitted;
  let ks = 0;
  for (let k = from; k <= Math.min(to, matrix.n); k++) ks += k;
  checkMixtureWork(matrix, ks, restarts, `Trying k = ${from} to ${to} mixtures on ${matrix.n} rows`);
  const table = gmmBicTable(matrix, { kmin: from, kmax: to, covariance: type, seed, restarts });
  return [
    ["k", "BIC", "AIC", "Log-likelihood per row", "Converged", "Recommended"],
    ...table.rows.map((row): CellValue[] => [
      row.k,
      row.bic,
      row.aic,
      row.logLikelihood,
      row.converged,
      row.k === table.recommendation.k ? `◀ recommended: ${table.recommendation.reason}` : "",
    ]),
  ];
}
