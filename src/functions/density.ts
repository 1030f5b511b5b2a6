/*
 * DBSCAN and KDIST: segments found by density, with noise, and the curve that helps choose eps.
 */
import { dbscanClusterer, DBSCAN_PARAMS, DbscanParams } from "../core/algorithms/dbscan";
import { kDistances, KDIST_SAMPLE_ROWS, ordinal, suggestEps } from "../core/algorithms/kdist";
import { CellValue } from "../core/cells";
import { DEFAULTS } from "../core/defaults";
import { SegmentError } from "../core/errors";
import { Matrix } from "../core/matrix";
import type { Prepared } from "../core/pipeline";
import { uniformSample } from "../core/random";
import { parseData, parseParam, parseScaling, specOf } from "./args";
import { clusterFromArguments, labelSpill } from "./clustering";
import { EXCEL_LIMITS } from "./limits";
import { Cell } from "./output";
import { prepareFormulaData } from "./prepare";

/** Rows whose neighbours are counted exactly to estimate a fit's work before it starts. */
const PROBE_ROWS = 200;

/**
 * DBSCAN's work is the pairs of rows within eps of each other that it must measure. Estimated from the
 * neighbours of a seeded sample of rows, and refused past what would keep Excel busy for minutes. A
 * pair check costs about what a k-means distance does, and DBSCAN makes one pass where k-means makes
 * dozens of iterations, hence a limit DBSCAN_WORK_FACTOR times the k-means one (about 20 s, measured:
 * 50,000 rows of 8 features with 270 neighbours each took 4.5 s). An eps so wide that nearly every
 * row neighbours every other is cheap again: the core then takes blocks of rows whole.
 */
const DBSCAN_WORK_FACTOR = 5;
const NEARLY_ALL = 0.9;

function checkDbscanWork({ fitted }: Prepared, { eps }: DbscanParams): void {
  const { n, d, data } = fitted.matrix as Matrix;
  if (n <= PROBE_ROWS) return;
  const probe = uniformSample(n, PROBE_ROWS, DEFAULTS.seed);
  const eps2 = eps * eps;
  let within = 0;
  for (const row of probe) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let t = 0; t < d && sum <= eps2; t++) {
        const diff = data[row * d + t] - data[j * d + t];
        sum += diff * diff;
      }
      if (sum <= eps2) within++;
    }
  }
  const neighbours = within / PROBE_ROWS;
  if (neighbours >= NEARLY_ALL * n) return;
  if (neighbours * n * d > DBSCAN_WORK_FACTOR * EXCEL_LIMITS.work) {
    throw new SegmentError(
      "value",
      `eps = ${eps} makes each row a neighbour of about ${Math.round(neighbours).toLocaleString("en-US")} others: too much work for a formula on ${n.toLocaleString("en-US")} rows. Use a smaller eps (SEGMENT.KDIST suggests one).`,
    );
  }
}

/** SEGMENT.DBSCAN's spill: a label per data row, 0 for noise, "" for a row left out. */
export function dbscanSpill(
  data: unknown,
  eps: unknown,
  minPoints: unknown,
  scaling: unknown,
  transform: unknown,
): Cell[][] {
  return labelSpill(
    clusterFromArguments(
      dbscanClusterer,
      data,
      { eps, min_points: minPoints },
      scaling,
      transform,
      checkDbscanWork,
    ),
  );
}

/**
 * SEGMENT.KDIST's table: each row's distance to its min_points-th nearest row (itself the first),
 * sorted, with the suggested eps at the knee of that curve in its own column, on its row only.
 */
export function kdistTable(
  data: unknown,
  minPoints: unknown,
  scaling: unknown,
  transform: unknown,
): CellValue[][] {
  const min = parseParam(specOf(DBSCAN_PARAMS, "min_points"), minPoints, "min_points") as number;
  const prepared = prepareFormulaData(parseData(data), parseScaling(scaling), transform);
  const { matrix } = prepared.fitted;
  const curve = kDistances(matrix, min);
  const { eps, index } = suggestEps(curve);
  const sampled =
    matrix.n > KDIST_SAMPLE_ROWS ? ` (a sample of ${KDIST_SAMPLE_ROWS.toLocaleString("en-US")} rows)` : "";
  return [
    ["Rank", `Distance to the ${ordinal(min)} nearest row${sampled}`, "Suggested eps"],
    ...Array.from(curve, (distance, i): CellValue[] => [i + 1, distance, i === index ? eps : ""]),
  ];
}
