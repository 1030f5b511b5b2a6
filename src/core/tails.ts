/**
 * Heavy right tails: the columns Segment log-transforms unless told otherwise. Spend and purchase
 * counts of real customers are like this (a few customers bring a large share of the revenue), and
 * in squared distances those few would otherwise decide the segments on their own.
 */

/**
 * Sample skewness above which a non-negative column is log-transformed by default. RFM's Frequency
 * (about 12) and Monetary (about 19) are far above it; moderately skewed measures, such as the wine
 * data's (about 1), are left alone. The pane's |skewness| > 1 hint (features.ts) is only a hint.
 */
export const HEAVY_TAIL_SKEWNESS = 2;

export interface TailShape {
  /** Sample skewness (Fisher-Pearson, biased, as scipy.stats.skew); NaN with fewer than 3 values. */
  readonly skewness: number;
  readonly min: number;
  readonly count: number;
}

/** Whether a column with this shape gets log(1 + x) by default: non-negative, with a heavy right tail. */
export function isHeavyTailed(shape: TailShape): boolean {
  return shape.count >= 3 && shape.min >= 0 && shape.skewness > HEAVY_TAIL_SKEWNESS;
}

/**
 * The shape of the numbers `numberAt` gives for rows[0..n) (rows null: 0..n), missing ones (NaN)
 * left out. Read twice in place rather than copied: on a full sheet a copy is 8 MB per column.
 */
export function tailShape(numberAt: (i: number) => number, rows: Int32Array | null, n: number): TailShape {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  for (let r = 0; r < n; r++) {
    const x = numberAt(rows ? rows[r] : r);
    if (x !== x) continue;
    count++;
    sum += x;
    if (x < min) min = x;
  }
  if (count < 3) return { skewness: NaN, min, count };
  const mu = sum / count;
  let m2 = 0;
  let m3 = 0;
  for (let r = 0; r < n; r++) {
    const x = numberAt(rows ? rows[r] : r);
    if (x !== x) continue;
    const diff = x - mu;
    m2 += diff * diff;
    m3 += diff * diff * diff;
  }
  m2 /= count;
  m3 /= count;
  return { skewness: m2 === 0 ? 0 : m3 / Math.pow(m2, 1.5), min, count };
}
