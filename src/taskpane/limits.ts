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
  /** Points in the scatter: more only blur together at pane size, and cost Chart.js a long first draw. */
  scatterLimit: 2500,
  /** Rows in the silhouette plot; its cost grows with the square of this. */
  silhouetteLimit: 2000,
} as const;
