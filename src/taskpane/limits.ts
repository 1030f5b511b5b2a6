import { DEFAULTS } from "../core/defaults";

/**
 * The analysis settings the pane and the worker share. Kept apart from analysis.ts so the pane's own
 * bundle does not pull in k-means and the metrics, which only the worker runs.
 */
export const ANALYSIS = {
  seed: DEFAULTS.seed,
  restarts: DEFAULTS.restarts,
  kmin: DEFAULTS.kmin,
  kmax: DEFAULTS.kmax,
  /** As SEGMENT.BESTK, so the pane and the formula recommend the same k. */
  sweepSilhouetteLimit: DEFAULTS.sweepSilhouetteLimit,
  /**
   * Rows beyond which the elbow sweep fits every k on a seeded uniform sample of this many (the run
   * then fits the chosen k on every row). The curve's shape and the silhouettes barely move, and a
   * full sheet's sweep takes about a second instead of a dozen. A formula never gets this many rows.
   */
  sweepSampleRows: 100000,
  /**
   * Rows beyond which the BIC sweep fits its mixtures on a seeded sample of this many: an EM fit
   * costs about features² times a k-means one, and ten k with four starts each on a full sheet would
   * take minutes. BIC grows with the rows, but the k it prefers is what the chart is for.
   */
  mixtureSweepRows: 20000,
  /** The k a Gaussian mixture's BIC sweep tries: from one (is there any structure at all?). */
  mixtureKmin: 1,
  /** A mixture's row whose own segment's probability is below this is torn between segments. */
  uncertainBelow: 0.8,
  /** Points in the scatter: more only blur together at pane size, and cost Chart.js a long first draw. */
  scatterLimit: 2500,
  /** Rows in the silhouette plot; its cost grows with the square of this. */
  silhouetteLimit: 2000,
} as const;
