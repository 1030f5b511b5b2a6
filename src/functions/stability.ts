/*
 * STABILITY: how stable each segment of SEGMENT.KMEANS's fit is, by bootstrap resamples as Hennig's
 * clusterboot scores it (core/stability.ts).
 */
import { CellValue } from "../core/cells";
import { SegmentError } from "../core/errors";
import { segmentPrepared } from "../core/pipeline";
import {
  DISSOLVED_AT_MOST,
  RECOVERED_AT_LEAST,
  STABILITY_RUNS,
  clusterStability,
  stabilityVerdict,
} from "../core/stability";
import { parseData, parseK, parseParam, parseRestarts, parseScaling, parseSeed } from "./args";
import { EXCEL_LIMITS, FormulaLimits } from "./limits";
import { Cell, toSpill } from "./output";
import { prepareFormulaData } from "./prepare";

/**
 * SEGMENT.STABILITY's table: Segment | Size | Stability | Dissolved | Recovered | Verdict, one row per
 * segment of the fit SEGMENT.KMEANS(data, k, scaling, seed) gives (its numbering, its default restarts).
 */
export function stabilitySpill(
  data: unknown,
  k: unknown,
  runs: unknown,
  scaling: unknown,
  seed: unknown,
  transform: unknown,
  limits: FormulaLimits = EXCEL_LIMITS,
): Cell[][] {
  const options = {
    k: parseK(k),
    runs: parseParam(STABILITY_RUNS, runs) as number,
    seed: parseSeed(seed),
    restarts: parseRestarts(null),
  };
  const prepared = prepareFormulaData(parseData(data, "data", limits), parseScaling(scaling), transform);
  checkStabilityWork(prepared.fitted.matrix.n, prepared.fitted.matrix.d, options, limits);
  const s = segmentPrepared(prepared, options);
  const scores = clusterStability(prepared.fitted.matrix, s.fit.labels, options);
  const rows: CellValue[][] = [
    [
      "Segment",
      "Size",
      `Stability (mean Jaccard, ${options.runs} resamples)`,
      `Dissolved (runs with Jaccard ≤ ${DISSOLVED_AT_MOST})`,
      `Recovered (runs with Jaccard ≥ ${RECOVERED_AT_LEAST})`,
      "Verdict",
    ],
    ...scores.map((score, c): CellValue[] => [
      c + 1,
      s.fit.sizes[c],
      score.stability,
      score.dissolved,
      score.recovered,
      stabilityVerdict(score.stability),
    ]),
  ];
  return toSpill(rows, limits);
}

/**
 * A resample holds 1 - 1/e of the rows on average (n draws with replacement, each row kept once),
 * and k-means runs on those only.
 */
const RESAMPLE_SHARE = 1 - Math.exp(-1);

/**
 * The fit and one fit per resample, each rows x features x k x restarts in the formulas' work units
 * (limits.ts). Past the limit the message names the most resamples that would fit.
 */
function checkStabilityWork(
  n: number,
  d: number,
  { k, runs, restarts }: { k: number; runs: number; restarts: number },
  limits: FormulaLimits,
): void {
  const perFit = n * d * k * restarts;
  if ((1 + runs * RESAMPLE_SHARE) * perFit <= limits.work) return;
  const most = Math.floor((limits.work / perFit - 1) / RESAMPLE_SHARE);
  const fewest = STABILITY_RUNS.min as number;
  const advice =
    most >= fewest
      ? `runs = ${most} would fit, or use fewer rows or a smaller k`
      : `even ${fewest} runs would not: use fewer rows or a smaller k`;
  throw new SegmentError(
    "value",
    `${runs} resamples of k-means with k = ${k} on ${n.toLocaleString("en-US")} rows is too much work for a formula (it would freeze Excel for minutes): ${advice}.`,
  );
}
