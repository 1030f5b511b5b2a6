/*
 * --k auto: the sweep and recommendation of SEGMENT.ELBOW and SEGMENT.BESTK (choosing.ts runSweep),
 * through the same core calls with the same settings. One thing differs, and only beyond 100,000 usable
 * rows, which a formula never gets: like the task pane, the sweep then fits each k on a seeded sample
 * of that many rows (the formula's work limit would refuse the whole sheet).
 */
import { Recommendation, SWEEP_DEFAULTS, SweepPoint, recommendK, sweep } from "../core/choosek";
import { SegmentError } from "../core/errors";
import { KMEANS_DEFAULTS } from "../core/kmeans";
import type { Prepared } from "../core/pipeline";
import { SWEEP_SILHOUETTE_LIMIT } from "../functions/limits";
import { ANALYSIS } from "../taskpane/limits";
import { Progress, fitFraction } from "./progress";

export interface KChoice {
  readonly points: SweepPoint[];
  readonly recommendation: Recommendation;
  /** Rows each k was fitted on: all usable rows, or the sample. */
  readonly sweptRows: number;
}

export function chooseK(prepared: Prepared, seed: number, progress: Progress): KChoice {
  const n = prepared.fitted.matrix.n;
  const kmin = SWEEP_DEFAULTS.kmin;
  // Scores need at least one row more than segments, as in runSweep.
  const top = Math.min(SWEEP_DEFAULTS.kmax, n - 1);
  if (top < 2)
    throw new SegmentError("value", "Choosing k needs k = 2 or more in the range, and at least 3 rows.");
  const total = top - kmin + 1;
  progress.stage("choosing k");
  const points = sweep(prepared.fitted.matrix, {
    kmin,
    kmax: top,
    seed,
    restarts: KMEANS_DEFAULTS.restarts,
    silhouetteExactLimit: SWEEP_SILHOUETTE_LIMIT,
    sampleSize: ANALYSIS.sweepSampleRows,
    onIteration: (k, p) => {
      const fit = fitFraction(p);
      progress.update((k - kmin + fit.fraction) / total, `k = ${k}: ${fit.detail}`);
    },
  });
  return {
    points,
    recommendation: recommendK(points, "auto"),
    sweptRows: Math.min(n, ANALYSIS.sweepSampleRows),
  };
}
