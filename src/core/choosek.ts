import { SegmentError } from "./errors";
import { KMeansProgress, kmeans } from "./kmeans";
import { Matrix } from "./matrix";
import { calinskiHarabasz, daviesBouldin, silhouetteScore, takeRows } from "./metrics";
import { createRng } from "./random";

export interface SweepOptions {
  readonly kmin?: number;
  readonly kmax?: number;
  readonly seed?: number;
  readonly restarts?: number;
  /** Rows up to which silhouettes are exact; see metrics.silhouetteScore. */
  readonly silhouetteExactLimit?: number;
  /**
   * Fit every k on a uniform random sample of this many rows (drawn with `seed`) when there are
   * more; the points then describe the sample, and the chosen k is fitted on all rows afterwards.
   * The shape of the inertia curve and the silhouettes barely change while a large sheet's sweep
   * takes a fraction of the time. Default: every row.
   */
  readonly sampleSize?: number;
  readonly onStep?: (k: number, done: number, total: number) => void;
  /**
   * Called after every k-means iteration of every k, as KMeansOptions.onIteration: a large sweep
   * spends seconds within one k, and a caller reporting progress or polling Cancel needs to hear
   * from it more often. Return false to stop (the fit throws CancelledError).
   */
  readonly onIteration?: (k: number, progress: KMeansProgress) => boolean | void;
}

export interface SweepPoint {
  readonly k: number;
  readonly inertia: number;
  /** Null for k = 1, where these scores are not defined. */
  readonly silhouette: number | null;
  readonly silhouetteExact: boolean;
  readonly calinskiHarabasz: number | null;
  readonly daviesBouldin: number | null;
  /**
   * Rows in the fit's smallest segment, and their share of the rows fitted (0..1). Optional only so
   * that points made by hand (tests, charts) need not invent them; sweep() always sets both, and a
   * point without them is never flagged as leaving a tiny segment.
   */
  readonly smallestSize?: number;
  readonly smallestShare?: number;
}

export const SWEEP_DEFAULTS = { kmin: 2, kmax: 10 } as const;

/** Fits k-means for every k in kmin..kmax (capped at n - 1) and scores each fit. */
export function sweep(matrix: Matrix, options: SweepOptions = {}): SweepPoint[] {
  const kmin = options.kmin ?? SWEEP_DEFAULTS.kmin;
  const kmax = Math.min(options.kmax ?? SWEEP_DEFAULTS.kmax, matrix.n - 1);
  if (!Number.isInteger(kmin) || kmin < 1)
    throw new SegmentError("num", `kmin must be a whole number of at least 1.`);
  if (!Number.isInteger(kmax) || kmax < kmin) {
    throw new SegmentError(
      "num",
      `kmax must be a whole number of at least kmin (${kmin}) and below the ${matrix.n} rows.`,
    );
  }
  const size = options.sampleSize;
  if (size !== undefined && (!Number.isInteger(size) || size < 2)) {
    throw new SegmentError("num", "sampleSize must be a whole number of at least 2.");
  }
  if (size !== undefined && matrix.n > size) {
    const sample = takeRows(matrix, uniformSample(matrix.n, size, options.seed ?? 42));
    return sweep(sample, { ...options, sampleSize: undefined });
  }
  const points: SweepPoint[] = [];
  for (let k = kmin; k <= kmax; k++) {
    const onIteration = options.onIteration;
    const fit = kmeans(matrix, {
      k,
      seed: options.seed,
      restarts: options.restarts,
      onIteration: onIteration ? (progress) => onIteration(k, progress) : undefined,
    });
    const smallestSize = Math.min(...fit.sizes);
    const smallest = { smallestSize, smallestShare: smallestSize / matrix.n };
    if (k === 1) {
      points.push({
        k,
        inertia: fit.inertia,
        silhouette: null,
        silhouetteExact: true,
        calinskiHarabasz: null,
        daviesBouldin: null,
        ...smallest,
      });
    } else {
      const sil = silhouetteScore(matrix, fit.labels, {
        exactLimit: options.silhouetteExactLimit,
        seed: options.seed,
      });
      points.push({
        k,
        inertia: fit.inertia,
        silhouette: sil.mean,
        silhouetteExact: sil.exact,
        calinskiHarabasz: calinskiHarabasz(matrix, fit.labels),
        daviesBouldin: daviesBouldin(matrix, fit.labels),
        ...smallest,
      });
    }
    options.onStep?.(k, k - kmin + 1, kmax - kmin + 1);
  }
  return points;
}

/** `size` distinct row indices out of n, in increasing order, drawn with a seeded generator. */
export function uniformSample(n: number, size: number, seed: number): Int32Array {
  const rng = createRng(seed);
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  // A partial Fisher-Yates shuffle: the first `size` places are a uniform sample without replacement.
  for (let t = 0; t < size; t++) {
    const s = t + rng.int(n - t);
    const swap = pool[t];
    pool[t] = pool[s];
    pool[s] = swap;
  }
  return pool.slice(0, size).sort();
}

export interface Knee {
  /** The k at the knee, or null when the curve has none. */
  readonly k: number | null;
  /** Height of the Kneedle difference curve at the knee (0..1): how far the curve bends from a straight line. */
  readonly strength: number;
  /** Ratio of the mean slope before the knee to the mean slope after it. */
  readonly slopeRatio: number;
}

/**
 * Kneedle (Satopää et al. 2011) for a decreasing convex curve, as the kneed package does it offline:
 * normalise both axes, take the difference curve, and accept the first local maximum after which the
 * difference curve falls below its threshold.
 */
export function findKnee(xs: readonly number[], ys: readonly number[], sensitivity = 1): Knee {
  const none: Knee = { k: null, strength: 0, slopeRatio: 1 };
  const n = xs.length;
  if (n < 3) return none;
  const norm = (v: readonly number[]) => {
    const lo = Math.min(...v);
    const span = Math.max(...v) - lo;
    return v.map((x) => (span > 0 ? (x - lo) / span : 0));
  };
  const xn = norm(xs);
  const yn = norm(ys);
  const diff = yn.map((y, i) => 1 - y - xn[i]);
  const at = (i: number) => diff[Math.min(n - 1, Math.max(0, i))];
  const isMax = (i: number) => diff[i] >= at(i - 1) && diff[i] >= at(i + 1);
  const isMin = (i: number) => diff[i] <= at(i - 1) && diff[i] <= at(i + 1);
  const step = Math.abs((xn[n - 1] - xn[0]) / (n - 1));
  let threshold = 0;
  let thresholdIndex = -1;
  for (let i = 0; i < n - 1; i++) {
    if (thresholdIndex < 0 && !isMax(i)) continue;
    if (isMax(i)) {
      threshold = diff[i] - sensitivity * step;
      thresholdIndex = i;
    }
    if (isMin(i)) threshold = 0;
    if (diff[i + 1] < threshold) {
      const knee = thresholdIndex;
      if (knee <= 0 || knee >= n - 1) return none;
      const before = (ys[0] - ys[knee]) / (xs[knee] - xs[0]);
      const after = (ys[knee] - ys[n - 1]) / (xs[n - 1] - xs[knee]);
      return { k: xs[knee], strength: diff[knee], slopeRatio: after > 0 ? before / after : Infinity };
    }
  }
  return none;
}

/** A knee is clear when the curve bends well away from a line and falls at least this much faster before it. */
const CLEAR_KNEE_STRENGTH = 0.2;
const CLEAR_KNEE_SLOPE_RATIO = 4;
/** Below this best silhouette, the data has little segment structure (Kaufman and Rousseeuw's "no substantial structure"). */
const WEAK_SILHOUETTE = 0.25;

export type KMethod = "auto" | "elbow" | "silhouette" | "calinski";
export const K_METHODS: readonly KMethod[] = ["auto", "elbow", "silhouette", "calinski"];

export interface Recommendation {
  readonly k: number;
  /** The method whose evidence picked k. */
  readonly basis: "elbow" | "silhouette" | "calinski";
  readonly knee: Knee;
  readonly clearKnee: boolean;
  /** One line, in plain words, for the analyst. */
  readonly reason: string;
}

export function recommendK(points: readonly SweepPoint[], method: KMethod = "auto"): Recommendation {
  if (!K_METHODS.includes(method))
    throw new SegmentError("value", `Unknown method "${method}": use ${K_METHODS.join(", ")}.`);
  const scored = points.filter((p) => p.silhouette !== null);
  if (scored.length === 0) throw new SegmentError("num", "Choosing k needs at least one k of 2 or more.");
  const knee = findKnee(
    points.map((p) => p.k),
    points.map((p) => p.inertia),
  );
  const clearKnee =
    knee.k !== null && knee.strength >= CLEAR_KNEE_STRENGTH && knee.slopeRatio >= CLEAR_KNEE_SLOPE_RATIO;
  const bestSil = argBest(scored, (p) => p.silhouette as number);
  const bestCh = argBest(scored, (p) => p.calinskiHarabasz as number);
  const sil = (k: number) => (scored.find((p) => p.k === k)?.silhouette ?? NaN).toFixed(2);
  const weak =
    (bestSil.silhouette as number) < WEAK_SILHOUETTE
      ? ` Every silhouette is below ${WEAK_SILHOUETTE}: the data has no strong segment structure, so any k is a convenient split rather than natural groups.`
      : "";
  // A best score on the last k tried says only that the best may lie beyond the range, not that it is k.
  const largestTried = scored[scored.length - 1].k;
  const edgeNote = (k: number, basis: Recommendation["basis"]) =>
    basis !== "elbow" && k === largestTried && scored.length > 2
      ? ` That is the largest k tried, so the score may still rise beyond it: try a larger kmax, or fewer features.`
      : "";
  const make = (k: number, basis: Recommendation["basis"], reason: string): Recommendation => ({
    k,
    basis,
    knee,
    clearKnee,
    reason: reason + edgeNote(k, basis) + weak,
  });

  if (method === "silhouette")
    return make(bestSil.k, "silhouette", `k = ${bestSil.k} has the highest silhouette (${sil(bestSil.k)}).`);
  if (method === "calinski") {
    return make(
      bestCh.k,
      "calinski",
      `k = ${bestCh.k} has the highest Calinski-Harabasz score (${(bestCh.calinskiHarabasz as number).toFixed(1)}).`,
    );
  }
  if (method === "elbow") {
    if (knee.k !== null && clearKnee)
      return make(knee.k, "elbow", `The inertia curve bends clearly at k = ${knee.k}.`);
    if (knee.k !== null) {
      return make(
        knee.k,
        "elbow",
        `The inertia curve bends only gently; its strongest bend is at k = ${knee.k}, a weak elbow.`,
      );
    }
    return make(
      bestSil.k,
      "silhouette",
      `The inertia curve has no elbow; k = ${bestSil.k} has the highest silhouette (${sil(bestSil.k)}) instead.`,
    );
  }
  // auto: the elbow when it is clear and not clearly worse separated than the best silhouette.
  if (knee.k !== null && clearKnee) {
    const kneeSil = scored.find((p) => p.k === knee.k)?.silhouette ?? -1;
    if (knee.k === bestSil.k) {
      return make(
        knee.k,
        "elbow",
        `k = ${knee.k}: the inertia curve bends there and it has the highest silhouette (${sil(knee.k)}).`,
      );
    }
    if (kneeSil >= 0.9 * (bestSil.silhouette as number)) {
      return make(
        knee.k,
        "elbow",
        `k = ${knee.k}: the inertia curve bends there, with a silhouette of ${sil(knee.k)} (best ${sil(bestSil.k)} at k = ${bestSil.k}).`,
      );
    }
    return make(
      bestSil.k,
      "silhouette",
      `k = ${bestSil.k} has the highest silhouette (${sil(bestSil.k)}); the elbow at k = ${knee.k} separates segments less well (${sil(knee.k)}).`,
    );
  }
  return make(
    bestSil.k,
    "silhouette",
    `The inertia curve has no clear elbow; k = ${bestSil.k} has the highest silhouette (${sil(bestSil.k)}).`,
  );
}

/** The point with the highest score, ties to the smaller k. */
function argBest(points: readonly SweepPoint[], score: (p: SweepPoint) => number): SweepPoint {
  return points.reduce((best, p) => (score(p) > score(best) ? p : best));
}
