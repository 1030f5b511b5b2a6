import { DEFAULTS } from "./defaults";
import { SegmentError } from "./errors";
import { KMeansProgress, KMeansResult, TooFewDifferentRows, kmeans } from "./kmeans";
import { Matrix } from "./matrix";
import { calinskiHarabasz, daviesBouldin, silhouetteScore, takeRows } from "./metrics";
import { uniformSample } from "./random";

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
  /**
   * Hears each k's fit as it is scored, so that a caller can keep the labels of the k it will
   * recommend (to say what drives that split) without fitting it again.
   */
  readonly onFit?: (k: number, fit: KMeansResult) => void;
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
  /** Set on the last point when the rows have too few different values for any larger k. */
  readonly largestPossible?: boolean;
}

export const SWEEP_DEFAULTS = { kmin: DEFAULTS.kmin, kmax: DEFAULTS.kmax } as const;

/** Fits k-means for every k in kmin..kmax (capped at n - 1) and scores each fit. */
export function sweep(matrix: Matrix, options: SweepOptions = {}): SweepPoint[] {
  const kmin = options.kmin ?? SWEEP_DEFAULTS.kmin;
  const kmax = Math.min(options.kmax ?? SWEEP_DEFAULTS.kmax, matrix.n - 1);
  if (!Number.isInteger(kmin) || kmin < 1)
    throw new SegmentError("value", `kmin must be a whole number of at least 1.`);
  if (!Number.isInteger(kmax) || kmax < kmin) {
    throw new SegmentError(
      "value",
      `kmax must be a whole number of at least kmin (${kmin}) and below the ${matrix.n} rows.`,
    );
  }
  const size = options.sampleSize;
  if (size !== undefined && (!Number.isInteger(size) || size < 2)) {
    throw new SegmentError("value", "sampleSize must be a whole number of at least 2.");
  }
  if (size !== undefined && matrix.n > size) {
    const sample = takeRows(matrix, uniformSample(matrix.n, size, options.seed ?? DEFAULTS.seed));
    return sweep(sample, { ...options, sampleSize: undefined });
  }
  const points: SweepPoint[] = [];
  for (let k = kmin; k <= kmax; k++) {
    const onIteration = options.onIteration;
    let fit: KMeansResult;
    try {
      fit = kmeans(matrix, {
        k,
        seed: options.seed,
        restarts: options.restarts,
        onIteration: onIteration ? (progress) => onIteration(k, progress) : undefined,
      });
    } catch (error) {
      // The rows hold fewer different values than this k (answers on a 1 to 5 scale): every larger k
      // fails the same way, and the k below are the sweep. Failing it would refuse ELBOW, BESTK and
      // the pane's sweep over a kmax nobody asked for.
      if (error instanceof TooFewDifferentRows && k > kmin) {
        points[points.length - 1] = { ...points[points.length - 1], largestPossible: true };
        break;
      }
      throw error;
    }
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
    options.onFit?.(k, fit);
    options.onStep?.(k, k - kmin + 1, kmax - kmin + 1);
  }
  return points;
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

/**
 * A fit whose smallest segment holds under `share` of the rows, or under `rows` rows, leaves a tiny
 * segment: usually a few outliers given a segment of their own, which says little about customers.
 */
export const TINY_SEGMENT = { share: 0.02, rows: 5 } as const;

/** Whether the point's fit leaves a tiny segment (TINY_SEGMENT); false when the point does not say. */
export function leavesTinySegment(point: SweepPoint): boolean {
  const { smallestSize, smallestShare } = point;
  if (smallestSize === undefined || smallestShare === undefined) return false;
  return smallestShare < TINY_SEGMENT.share || smallestSize < TINY_SEGMENT.rows;
}

/**
 * How far below the best silhouette another k may be and still be preferred when the other criteria
 * favour it. Two k this close separate segments about equally well (merging two nearby blobs
 * costs the silhouette almost nothing), so the silhouette alone cannot tell them apart.
 */
export const SILHOUETTE_MARGIN = 0.02;

export type KMethod = "auto" | "elbow" | "silhouette" | "calinski";
export const K_METHODS: readonly KMethod[] = ["auto", "elbow", "silhouette", "calinski"];

export interface Recommendation {
  readonly k: number;
  /**
   * The evidence that picked k: a criterion alone, or (auto) a k within SILHOUETTE_MARGIN of the best
   * silhouette that Calinski-Harabasz and Davies-Bouldin both rate better.
   */
  readonly basis: "elbow" | "silhouette" | "calinski" | "consensus";
  readonly knee: Knee;
  readonly clearKnee: boolean;
  /** One line, in plain words, for the analyst. */
  readonly reason: string;
}

export function recommendK(points: readonly SweepPoint[], method: KMethod = "auto"): Recommendation {
  if (!K_METHODS.includes(method))
    throw new SegmentError("value", `Unknown method "${method}": use ${K_METHODS.join(", ")}.`);
  const scored = points.filter((p) => p.silhouette !== null);
  if (scored.length === 0) throw new SegmentError("value", "Choosing k needs at least one k of 2 or more.");
  const knee = findKnee(
    points.map((p) => p.k),
    points.map((p) => p.inertia),
  );
  const clearKnee =
    knee.k !== null && knee.strength >= CLEAR_KNEE_STRENGTH && knee.slopeRatio >= CLEAR_KNEE_SLOPE_RATIO;
  const bestSil = argBest(scored, silhouetteOf);
  const bestCh = argBest(scored, (p) => p.calinskiHarabasz as number);
  const sil = (k: number) => (scored.find((p) => p.k === k)?.silhouette ?? NaN).toFixed(2);
  const weak =
    silhouetteOf(bestSil) < WEAK_SILHOUETTE
      ? ` Every silhouette is below ${WEAK_SILHOUETTE}: the data has no strong segment structure, so any k is a convenient split rather than natural groups.`
      : "";
  // A best score on the last k tried says only that the best may lie beyond the range, not that it is k.
  const largestTried = scored[scored.length - 1].k;
  const lastPossible = points[points.length - 1]?.largestPossible === true;
  const edgeNote = (k: number, basis: Recommendation["basis"]) =>
    basis === "elbow" || k !== largestTried || scored.length <= 2
      ? ""
      : lastPossible
        ? ` Larger k are not possible: the rows have too few different values.`
        : ` That is the largest k tried, so the score may still rise beyond it: try a larger kmax, or fewer features.`;
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
  return autoK(scored, knee.k !== null && clearKnee ? knee.k : null, sil, make);
}

/**
 * auto: the best silhouette among the k that leave no tiny segment, unless another of them comes
 * within SILHOUETTE_MARGIN of it and Calinski-Harabasz and Davies-Bouldin both rate that k better.
 * On the k benchmark (bench/k) the silhouette alone was the best single criterion and the elbow,
 * which used to overrule it, was right on only half the sets; letting the elbow outvote the
 * silhouette's choice even within the margin lost sets too, so it now only explains.
 */
function autoK(
  scored: readonly SweepPoint[],
  clearKneeK: number | null,
  sil: (k: number) => string,
  make: (k: number, basis: Recommendation["basis"], reason: string) => Recommendation,
): Recommendation {
  const acceptable = scored.filter((p) => !leavesTinySegment(p));
  const pool = acceptable.length > 0 ? acceptable : scored;
  const top = argBest(pool, silhouetteOf);
  const overall = argBest(scored, silhouetteOf);
  const passedOver =
    overall.k !== top.k
      ? `k = ${overall.k} has the highest silhouette (${sil(overall.k)}) but leaves ${tinySegmentWords(overall)}, so it is passed over. `
      : "";
  const highest = passedOver ? "the highest silhouette of the rest" : "the highest silhouette";
  const everyTiny =
    acceptable.length === 0
      ? ` Every k tried leaves a segment of under ${100 * TINY_SEGMENT.share}% of the customers or under ${TINY_SEGMENT.rows} customers: a few outliers may be taking segments of their own; consider leaving them out, or a log transform of heavy-tailed columns.`
      : "";

  // Among the k that come within the margin, the one both other scores rate above the best silhouette
  // (the highest silhouette of them if several are).
  const challenger = pool
    .filter(
      (p) =>
        p.k !== top.k &&
        silhouetteOf(p) >= silhouetteOf(top) - SILHOUETTE_MARGIN &&
        (p.calinskiHarabasz as number) > (top.calinskiHarabasz as number) &&
        (p.daviesBouldin as number) < (top.daviesBouldin as number),
    )
    .reduce<SweepPoint | null>(
      (best, p) => (best === null || silhouetteOf(p) > silhouetteOf(best) ? p : best),
      null,
    );
  if (challenger) {
    const k = challenger.k;
    return withNote(
      make(
        k,
        "consensus",
        `${passedOver}k = ${k}: its silhouette (${sil(k)}) is within ${SILHOUETTE_MARGIN} of ${highest} (${sil(top.k)} at k = ${top.k}), and Calinski-Harabasz and Davies-Bouldin both rate it better.`,
      ),
      everyTiny,
    );
  }
  if (clearKneeK === top.k) {
    return withNote(
      make(
        top.k,
        "elbow",
        `${passedOver}k = ${top.k}: the inertia curve bends there and it has ${highest} (${sil(top.k)}).`,
      ),
      everyTiny,
    );
  }
  const kneePoint = scored.find((p) => p.k === clearKneeK);
  if (kneePoint && kneePoint.k !== overall.k) {
    const why =
      leavesTinySegment(kneePoint) && pool !== scored
        ? `leaves ${tinySegmentWords(kneePoint)}`
        : `separates segments less well (${sil(kneePoint.k)})`;
    return withNote(
      make(
        top.k,
        "silhouette",
        `${passedOver}k = ${top.k} has ${highest} (${sil(top.k)}); the elbow at k = ${kneePoint.k} ${why}.`,
      ),
      everyTiny,
    );
  }
  const elbowWords = kneePoint ? "" : "The inertia curve has no clear elbow; ";
  return withNote(
    make(top.k, "silhouette", `${passedOver}${elbowWords}k = ${top.k} has ${highest} (${sil(top.k)}).`),
    everyTiny,
  );
}

function tinySegmentWords(p: SweepPoint): string {
  const size = p.smallestSize as number;
  return size < TINY_SEGMENT.rows
    ? `a segment of only ${size} customer${size === 1 ? "" : "s"}`
    : `a segment of ${formatShare(p.smallestShare as number)} of the customers`;
}

/** A share as a percentage with one decimal, or two below 0.1%. */
function formatShare(share: number): string {
  return `${(100 * share).toFixed(share < 0.001 ? 2 : 1)}%`;
}

function withNote(rec: Recommendation, note: string): Recommendation {
  return note ? { ...rec, reason: rec.reason + note } : rec;
}

function silhouetteOf(p: SweepPoint): number {
  return p.silhouette as number;
}

/** The point with the highest score, ties to the smaller k. */
function argBest(points: readonly SweepPoint[], score: (p: SweepPoint) => number): SweepPoint {
  return points.reduce((best, p) => (score(p) > score(best) ? p : best));
}
