/**
 * The analysis settings the pane and the worker share. Kept apart from analysis.ts so the pane's own
 * bundle does not pull in k-means and the metrics, which only the worker runs.
 */
export const ANALYSIS = {
  seed: 42,
  restarts: 4,
  kmin: 2,
  kmax: 10,
  /** As SEGMENT.BESTK, so the pane and the formula recommend the same k. */
  sweepSilhouetteLimit: 5000,
  /** Points in the scatter: more only blur together at pane size. */
  scatterLimit: 5000,
  /** Rows in the silhouette plot; its cost grows with the square of this. */
  silhouetteLimit: 2000,
} as const;
