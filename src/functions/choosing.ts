/*
 * ELBOW and BESTK: one sweep over k, and the core's recommendation with its reason, so that the table
 * ELBOW shows and the number BESTK gives always agree for the same arguments.
 */
import { CellValue } from "../core/cells";
import { KMethod, Recommendation, SWEEP_DEFAULTS, SweepPoint, recommendK, sweep } from "../core/choosek";
import { SegmentError } from "../core/errors";
import { KMEANS_DEFAULTS } from "../core/kmeans";
import { Matrix } from "../core/matrix";
import { Labels } from "../core/labels";
import { dataNotes } from "../core/notes";
import { separationReport } from "../core/separation";
import { parseData, parseMethod, parseScaling, parseSeed, parseWholeNumber } from "./args";
import { SWEEP_SILHOUETTE_LIMIT, checkSweepWork } from "./limits";
import { prepareFormulaData } from "./prepare";

export interface SweepResult {
  /** The matrix the sweep fitted: the data as prepare() scaled it. */
  readonly matrix: Matrix;
  readonly points: SweepPoint[];
  readonly recommendation: Recommendation;
  /**
   * For the reason: warnings about what drives the recommended k's segments (separation.ts), then
   * what was done to the data on its own (logs, rows left out; notes.ts).
   */
  readonly notes: readonly string[];
}

/**
 * The sweep ELBOW and BESTK share, from their raw arguments: exported so that the k benchmark
 * (bench/k) measures exactly what the formulas do.
 */
export function runSweep(
  data: unknown,
  kminArg: unknown,
  kmaxArg: unknown,
  scaling: unknown,
  seedArg: unknown,
  method: KMethod,
  transform?: unknown,
): SweepResult {
  const kmin = parseWholeNumber(kminArg, "kmin", { min: 1, fallback: SWEEP_DEFAULTS.kmin });
  const kmax = parseWholeNumber(kmaxArg, "kmax", {
    min: 1,
    fallback: Math.max(SWEEP_DEFAULTS.kmax, kmin),
  });
  if (kmax < kmin) throw new SegmentError("value", `kmax (${kmax}) must be at least kmin (${kmin}).`);
  const seed = parseSeed(seedArg);
  const { table, fitted } = prepareFormulaData(parseData(data), parseScaling(scaling), transform);
  const n = fitted.matrix.n;
  // Scores need at least one row more than segments; the core caps kmax at n - 1.
  if (kmin > n - 1) {
    throw new SegmentError(
      "value",
      `kmin = ${kmin} leaves no k to try: with ${n} usable rows, k can be at most ${n - 1}.`,
    );
  }
  const top = Math.min(kmax, n - 1);
  if (top < 2)
    throw new SegmentError("value", "Choosing k needs k = 2 or more in the range, and at least 3 rows.");
  // Restarts per k: the core's default, as for a single fit.
  const restarts = KMEANS_DEFAULTS.restarts;
  checkSweepWork(fitted.matrix, kmin, top, restarts);
  // Each k's labels, a byte a row: the recommended k's say what drives its split.
  const labels = new Map<number, Labels>();
  const points = sweep(fitted.matrix, {
    kmin,
    kmax: top,
    seed,
    restarts,
    silhouetteExactLimit: SWEEP_SILHOUETTE_LIMIT,
    onFit: (k, fit) => labels.set(k, fit.labels),
  });
  const recommendation = recommendK(points, method);
  const chosen = labels.get(recommendation.k) as Labels;
  const { warnings } = separationReport(fitted.preprocessor, fitted.matrix, chosen, recommendation.k);
  return {
    matrix: fitted.matrix,
    points,
    recommendation,
    notes: [...warnings, ...dataNotes(table, fitted)],
  };
}

export const RECOMMENDED_MARK = "◀ recommended";

/**
 * k | Inertia | Silhouette | Calinski-Harabasz | Davies-Bouldin | Smallest segment % | Recommended
 * (the mark and its reason). The smallest segment's share is a number 0..1, so that the sheet can
 * format it as a percentage; the reason says when the best silhouette was passed over for leaving a
 * tiny segment (core TINY_SEGMENT).
 */
export function elbowTable(
  data: unknown,
  kmin: unknown,
  kmax: unknown,
  scaling: unknown,
  seed: unknown,
  transform?: unknown,
): CellValue[][] {
  const { points, recommendation, notes } = runSweep(data, kmin, kmax, scaling, seed, "auto", transform);
  // The reason is where the analyst reads why: what Segment did to the data belongs beside it.
  const reason = [recommendation.reason, ...notes].join(" ");
  const estimated = points.some((p) => !p.silhouetteExact);
  return [
    [
      "k",
      "Inertia",
      estimated ? `Silhouette (estimate, ${SWEEP_SILHOUETTE_LIMIT} rows)` : "Silhouette",
      "Calinski-Harabasz",
      "Davies-Bouldin",
      "Smallest segment %",
      "Recommended",
    ],
    ...points.map((p) => [
      p.k,
      p.inertia,
      p.silhouette ?? "",
      p.calinskiHarabasz ?? "",
      p.daviesBouldin ?? "",
      p.smallestShare ?? "",
      p.k === recommendation.k ? `${RECOMMENDED_MARK}: ${reason}` : "",
    ]),
  ];
}

/** The k that ELBOW with the same data, kmin, kmax, scaling and seed marks (for method "auto"). */
export function bestK(
  data: unknown,
  kmin: unknown,
  kmax: unknown,
  method: unknown,
  scaling: unknown,
  seed: unknown,
  transform?: unknown,
): number {
  return runSweep(data, kmin, kmax, scaling, seed, parseMethod(method), transform).recommendation.k;
}
