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

/**
 * tailShape of several columns of a row-major matrix (n rows of d), read row by row: two passes over
 * the matrix in all, rather than two strided passes per column. A full sheet's matrix is 64 MB, and
 * a pass per column would read all of it each time.
 */
export function matrixTailShapes(
  data: Float64Array,
  n: number,
  d: number,
  columns: readonly number[],
): TailShape[] {
  const m = columns.length;
  const sums = new Float64Array(m);
  const mins = new Float64Array(m).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let c = 0; c < m; c++) {
      const x = data[row + columns[c]];
      sums[c] += x;
      if (x < mins[c]) mins[c] = x;
    }
  }
  if (n < 3) return columns.map((_, c) => ({ skewness: NaN, min: mins[c], count: n }));
  const means = sums.map((sum) => sum / n);
  const m2 = new Float64Array(m);
  const m3 = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let c = 0; c < m; c++) {
      const diff = data[row + columns[c]] - means[c];
      const square = diff * diff;
      m2[c] += square;
      m3[c] += square * diff;
    }
  }
  return columns.map((_, c) => {
    const variance = m2[c] / n;
    return { skewness: variance === 0 ? 0 : m3[c] / n / Math.pow(variance, 1.5), min: mins[c], count: n };
  });
}
