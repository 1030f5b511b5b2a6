import { dbscan } from "../core/algorithms/dbscan";
import { gmmBicTable, GMM_PARAMS } from "../core/algorithms/gmm";
import type { CovarianceType } from "../core/algorithms/gmm";
import { kDistances, suggestEps } from "../core/algorithms/kdist";
import type { CellValue } from "../core/cells";
import { SegmentError } from "../core/errors";
import { takeRows } from "../core/metrics";
import { uniformSample } from "../core/random";
import { OnProgress, prepareFor } from "./analysis";
import { ANALYSIS } from "./limits";
import type {
  DensityCountsOutcome,
  DensityCurveOutcome,
  ExploreOutcome,
  ExploreRequest,
  MixtureSweepOutcome,
} from "./protocol";

/**
 * What the k step shows before running an algorithm other than k-means: BIC and AIC over k for a
 * Gaussian mixture; for DBSCAN, the k-distance curve with its suggested eps, and the segment and noise
 * counts that an eps would give. Run in the worker, as the k-means sweep is.
 */
export function analyseExplore(
  values: CellValue[][],
  request: ExploreRequest,
  onProgress: OnProgress,
): ExploreOutcome {
  const { matrix } = prepareFor(values, request, onProgress).fitted;
  switch (request.kind) {
    case "mixture":
      return mixtureSweep(matrix, request.kmax, request.covariance as CovarianceType, onProgress);
    case "density":
      return densityCurve(matrix, request.minPoints, onProgress);
    case "densityCounts":
      return densityCounts(matrix, request.eps, request.minPoints, onProgress);
  }
}

type Matrix = Parameters<typeof takeRows>[0];

function mixtureSweep(
  full: Matrix,
  kmax: number,
  covariance: CovarianceType,
  onProgress: OnProgress,
): MixtureSweepOutcome {
  const sampled = full.n > ANALYSIS.mixtureSweepRows;
  const matrix = sampled
    ? takeRows(full, uniformSample(full.n, ANALYSIS.mixtureSweepRows, ANALYSIS.seed))
    : full;
  const restarts = GMM_PARAMS.find((p) => p.name === "restarts")?.default as number;
  const table = gmmBicTable(
    matrix,
    { kmin: ANALYSIS.mixtureKmin, kmax: Math.min(kmax, matrix.n), covariance, seed: ANALYSIS.seed, restarts },
    (fraction, message) => onProgress({ fraction: 0.05 + 0.95 * (fraction ?? 0), message }),
  );
  return {
    kind: "mixture",
    covariance,
    points: table.rows.map(({ k, bic, aic, converged }) => ({ k, bic, aic, converged })),
    recommendation: table.recommendation,
    usableRows: full.n,
    sweptRows: matrix.n,
  };
}

function densityCurve(matrix: Matrix, minPoints: number, onProgress: OnProgress): DensityCurveOutcome {
  if (minPoints > matrix.n) {
    throw new SegmentError("value", `min points = ${minPoints} is more than the ${matrix.n} usable rows.`);
  }
  onProgress({ fraction: 0.1, message: "Measuring each row's distance to its neighbours…" });
  const distances = kDistances(matrix, minPoints, {
    progress: (fraction, message) => onProgress({ fraction: 0.1 + 0.9 * (fraction ?? 0), message }),
  });
  const { eps, index } = suggestEps(distances);
  return { kind: "density", minPoints, distances, suggestedEps: eps, kneeIndex: index, usableRows: matrix.n };
}

function densityCounts(
  matrix: Matrix,
  eps: number,
  minPoints: number,
  onProgress: OnProgress,
): DensityCountsOutcome {
  const fit = dbscan(matrix, { eps, minPoints }, (fraction, message) =>
    onProgress({ fraction: fraction ?? 0, message }),
  );
  return { kind: "densityCounts", eps, minPoints, sizes: fit.sizes, noise: fit.noise };
}
