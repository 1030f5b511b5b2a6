/**
 * Which k each criterion picks on a k-benchmark set, through the product's own path: the sweep
 * behind SEGMENT.ELBOW and SEGMENT.BESTK (prepare() with its defaults, k = 2..10, seed 42, 4
 * restarts), then each single criterion on that sweep's points, the gap statistic on its matrix,
 * and BESTK's "auto" recommendation. bench/k.ts prints it; test/core/k-benchmark.test.ts asserts it.
 */
import { SweepPoint, findKnee } from "../../src/core/choosek";
import { gapChoice, gapCurve } from "../../src/core/gap";
import { KMEANS_DEFAULTS } from "../../src/core/kmeans";
import { runSweep } from "../../src/functions/choosing";
import type { KGroup, KSet } from "./sets";

export const CRITERIA = ["silhouette", "calinski", "davies", "elbow", "gap", "auto"] as const;
export type Criterion = (typeof CRITERIA)[number];

export const CRITERION_NAMES: Record<Criterion, string> = {
  silhouette: "silhouette (max)",
  calinski: "Calinski-Harabasz (max)",
  davies: "Davies-Bouldin (min)",
  elbow: "elbow (Kneedle on inertia)",
  gap: "gap statistic (B = 10)",
  auto: 'BESTK "auto"',
};

export interface SetResult {
  readonly name: string;
  readonly group: KGroup;
  readonly agreed: number;
  /** The k each criterion picks; null when it picks none (Kneedle finding no knee). */
  readonly picks: Record<Criterion, number | null>;
  readonly reason: string;
  readonly rows: number;
  readonly seconds: number;
}

export interface EvaluateOptions {
  /** Reference data sets of the gap statistic; 0 leaves the gap out (its pick is then null). */
  readonly gapReferences?: number;
}

export function evaluateSet(set: KSet, options: EvaluateOptions = {}): SetResult {
  const started = performance.now();
  // Every argument left out, as in =SEGMENT.BESTK(data): the product's defaults decide.
  const { matrix, points, recommendation } = runSweep(set.values, null, null, null, null, "auto");
  const scored = points.filter((p) => p.silhouette !== null);
  const kmax = points[points.length - 1].k;
  const references = options.gapReferences ?? 10;
  const gap =
    references > 0 && kmax + 1 < matrix.n
      ? gapChoice(
          gapCurve(matrix, {
            kmin: points[0].k,
            kmax: kmax + 1,
            references,
            seed: KMEANS_DEFAULTS.seed,
            restarts: KMEANS_DEFAULTS.restarts,
          }),
        )
      : null;
  return {
    name: set.name,
    group: set.group,
    agreed: set.k,
    picks: {
      silhouette: best(scored, (p) => p.silhouette as number),
      calinski: best(scored, (p) => p.calinskiHarabasz as number),
      davies: best(scored, (p) => -(p.daviesBouldin as number)),
      elbow: findKnee(
        points.map((p) => p.k),
        points.map((p) => p.inertia),
      ).k,
      gap,
      auto: recommendation.k,
    },
    reason: recommendation.reason,
    rows: matrix.n,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The k with the highest score, ties to the smaller k. */
function best(points: readonly SweepPoint[], score: (p: SweepPoint) => number): number {
  return points.reduce((a, p) => (score(p) > score(a) ? p : a)).k;
}

export interface HitRate {
  readonly hits: number;
  readonly sets: number;
}

/** For each criterion, on how many of the results it picked the agreed k. */
export function hitRates(results: readonly SetResult[]): Record<Criterion, HitRate> {
  const rates = {} as Record<Criterion, HitRate>;
  for (const c of CRITERIA)
    rates[c] = { hits: results.filter((r) => r.picks[c] === r.agreed).length, sets: results.length };
  return rates;
}
