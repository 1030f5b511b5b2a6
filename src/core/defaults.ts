/**
 * The defaults a user meets, defined once: the core, the SEGMENT functions, the task pane and the
 * command line read them from here, and a test holds the README to the same values.
 */
export const DEFAULTS = {
  /** The seed of every random choice: the same seed and data give the same segments. */
  seed: 42,
  /** k-means starts, the best kept: the best of 4 is rarely beaten. */
  restarts: 4,
  /** The k an elbow sweep tries. */
  kmin: 2,
  kmax: 10,
  /**
   * Rows up to which a sweep's silhouettes are exact; above, each is estimated from a stratified
   * sample of this many rows. An exact silhouette costs rows squared: at the single-score limit
   * below, a sweep of nine k would spend half a minute on silhouettes alone.
   */
  sweepSilhouetteLimit: 5000,
  /** Rows up to which a single silhouette (SEGMENT.SILHOUETTE, METRICS) is exact. */
  exactSilhouetteLimit: 20000,
} as const;
