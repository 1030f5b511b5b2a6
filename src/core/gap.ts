/**
 * The gap statistic (Tibshirani, Walther and Hastie 2001): how much tighter the data's k segments
 * are than k segments of structureless data. Reference data sets are drawn uniformly in the bounding
 * box of the matrix (the paper's option a), each fitted for every k like the data itself.
 */
import { SegmentError } from "./errors";
import { KMEANS_DEFAULTS, kmeans } from "./kmeans";
import { Matrix } from "./matrix";
import { createRng, deriveSeed } from "./random";

export interface GapOptions {
  readonly kmin: number;
  readonly kmax: number;
  /** Reference data sets (the paper's B). */
  readonly references?: number;
  readonly seed?: number;
  /** k-means starts for each fit, of the data and of each reference. */
  readonly restarts?: number;
}

export const GAP_DEFAULTS = { references: 10 } as const;

export interface GapPoint {
  readonly k: number;
  /** log of the data's within-segment sum of squares (the inertia). */
  readonly logW: number;
  /** Mean log inertia of the references minus logW. */
  readonly gap: number;
  /** The references' standard deviation of log inertia times sqrt(1 + 1/B): the paper's s(k). */
  readonly s: number;
}

/** Gap(k) and s(k) for k = kmin..kmax (kmax at most n - 1). */
export function gapCurve(matrix: Matrix, options: GapOptions): GapPoint[] {
  const { kmin, kmax } = options;
  const references = options.references ?? GAP_DEFAULTS.references;
  const seed = options.seed ?? KMEANS_DEFAULTS.seed;
  if (!Number.isInteger(kmin) || kmin < 1 || !Number.isInteger(kmax) || kmax < kmin || kmax >= matrix.n)
    throw new SegmentError("value", `The gap statistic needs 1 <= kmin <= kmax < ${matrix.n} (the rows).`);
  if (!Number.isInteger(references) || references < 2)
    throw new SegmentError("value", "The gap statistic needs at least 2 reference data sets.");
  const logW = (m: Matrix, k: number) =>
    // A zero inertia (k identical points, or k = n) would make log -Infinity; the floor keeps gaps finite.
    Math.log(Math.max(kmeans(m, { k, seed, restarts: options.restarts }).inertia, Number.MIN_VALUE));
  const reference: number[][] = [];
  for (let b = 0; b < references; b++) {
    const m = uniformInBox(matrix, deriveSeed(seed, b));
    const row: number[] = [];
    for (let k = kmin; k <= kmax; k++) row.push(logW(m, k));
    reference.push(row);
  }
  const points: GapPoint[] = [];
  for (let k = kmin; k <= kmax; k++) {
    const logs = reference.map((row) => row[k - kmin]);
    const mean = logs.reduce((a, b) => a + b, 0) / references;
    // The paper's sd(k) divides by B, not B - 1.
    const sd = Math.sqrt(logs.reduce((a, x) => a + (x - mean) ** 2, 0) / references);
    const own = logW(matrix, k);
    points.push({ k, logW: own, gap: mean - own, s: sd * Math.sqrt(1 + 1 / references) });
  }
  return points;
}

/**
 * The paper's rule: the smallest k with Gap(k) >= Gap(k+1) - s(k+1). Only a k with a k + 1 in the
 * curve can be judged, so a curve of kmin..kmax + 1 chooses within kmin..kmax; when no k qualifies,
 * the largest judged k is returned (the gap is still rising there).
 */
export function gapChoice(points: readonly GapPoint[]): number {
  if (points.length < 2)
    throw new SegmentError("value", "The gap statistic needs a curve of at least two k.");
  for (let i = 0; i + 1 < points.length; i++)
    if (points[i].gap >= points[i + 1].gap - points[i + 1].s) return points[i].k;
  return points[points.length - 2].k;
}

/** n rows drawn uniformly in the bounding box of the matrix's columns. */
function uniformInBox(matrix: Matrix, seed: number): Matrix {
  const { n, d, data } = matrix;
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const x = data[i * d + j];
      if (x < lo[j]) lo[j] = x;
      if (x > hi[j]) hi[j] = x;
    }
  }
  const rng = createRng(seed);
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) out[i * d + j] = lo[j] + rng.next() * (hi[j] - lo[j]);
  return { data: out, n, d };
}
