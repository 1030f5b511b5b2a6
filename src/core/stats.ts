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
  return quantileSorted(sortedCopy(values), 0.5);
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
  return m2 === 0 ? 0 : m3 / Math.pow(m2, 1.5);
}
