/** Small descriptive statistics over Float64Arrays, with numpy's conventions. */

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return values.length === 0 ? NaN : sum / values.length;
}

/** Population standard deviation (ddof = 0), as numpy.std and scikit-learn's StandardScaler. */
export function populationStd(values: ArrayLike<number>, mu = mean(values)): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const diff = values[i] - mu;
    sum += diff * diff;
  }
  return values.length === 0 ? NaN : Math.sqrt(sum / values.length);
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const copy = Float64Array.from(values);
  copy.sort();
  return copy;
}

/** Quantile q of already sorted values, with linear interpolation (numpy's default). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function median(values: ArrayLike<number>): number {
  return quantileInPlace(Float64Array.from(values), 0.5);
}

/**
 * Quantile q of `values` with linear interpolation, the same number quantileSorted gives on them
 * sorted, found by selection in linear time instead of a sort: a million values take milliseconds
 * rather than a tenth of a second. Reorders `values`; NaN must not be among them.
 */
export function quantileInPlace(values: Float64Array, q: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  selectInPlace(values, lo);
  const low = values[lo];
  let high = low;
  if (lo + 1 < n) {
    // After selection everything past `lo` is at least values[lo]: the next order statistic is their least.
    high = values[lo + 1];
    for (let i = lo + 2; i < n; i++) if (values[i] < high) high = values[i];
  }
  return low + (high - low) * (pos - lo);
}

/**
 * Moves the k-th smallest value (0-based) to index k, smaller or equal ones before it and greater or
 * equal ones after it: Hoare's selection with a median-of-three pivot, which stays linear on sorted
 * input and on many equal values (the usual case for ages or counts).
 */
function selectInPlace(a: Float64Array, k: number): void {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const x = a[left];
    const y = a[(left + right) >>> 1];
    const z = a[right];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[left..j] <= pivot <= a[i..right], and everything between equals the pivot.
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

export function minMax(values: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  return [min, max];
}

/** Sample skewness (Fisher-Pearson, biased), as scipy.stats.skew with its defaults. */
export function skewness(values: ArrayLike<number>): number {
  const mu = mean(values);
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < values.length; i++) {
    const diff = values[i] - mu;
    m2 += diff * diff;
    m3 += diff * diff * diff;
  }
  m2 /= values.length;
  m3 /= values.length;
  if (m2 > 1e-150) {
    const g = m3 / Math.pow(m2, 1.5);
    if (Number.isFinite(g)) return g;
  }
  // Spreads below about 1e-75 have squares, cubes and a variance to the power 1.5 that lose their
  // digits to underflow (near 1e-160 all of them: 0 / 0 is NaN), and near 1e100 ones overflow.
  // Skewness does not depend on scale: the same moments over the differences divided by the
  // largest one are of ordinary size. A constant column's is 0.
  let scale = 0;
  for (let i = 0; i < values.length; i++) scale = Math.max(scale, Math.abs(values[i] - mu));
  if (scale === 0) return 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < values.length; i++) {
    const diff = (values[i] - mu) / scale;
    s2 += diff * diff;
    s3 += diff * diff * diff;
  }
  s2 /= values.length;
  s3 /= values.length;
  return s2 === 0 ? 0 : s3 / Math.pow(s2, 1.5);
}
