/**
 * Segment sizes projected forward under a first-order Markov chain: next period's segment depends
 * only on this period's, with the same probabilities every period. The probabilities are the row
 * shares of a migration's counts among customers seen in both periods; new and lost customers are
 * not modelled, so the chain keeps the total it starts from.
 */

export interface Chain {
  /** Number of states. */
  readonly k: number;
  /** Row-major k x k transition probabilities; every row sums to 1. */
  readonly p: Float64Array;
  /**
   * States with no customer seen leaving them (a segment that only exists after): they are taken to
   * keep their customers, since nothing says where they would go.
   */
  readonly unobserved: readonly number[];
}

/** The chain of a k x k table of counts (row: state before, column: state after). */
export function transitionMatrix(counts: ArrayLike<number>, k: number): Chain {
  if (counts.length !== k * k) throw new Error(`Expected ${k * k} counts, got ${counts.length}.`);
  const p = new Float64Array(k * k);
  const unobserved: number[] = [];
  for (let i = 0; i < k; i++) {
    let total = 0;
    for (let j = 0; j < k; j++) total += counts[i * k + j];
    if (total > 0) for (let j = 0; j < k; j++) p[i * k + j] = counts[i * k + j] / total;
    else {
      p[i * k + i] = 1;
      unobserved.push(i);
    }
  }
  return { k, p, unobserved };
}

/** One period on: sizes x times the transition matrix. */
export function step(x: ArrayLike<number>, chain: Chain): Float64Array {
  return stepInto(x, chain, new Float64Array(chain.k));
}

function stepInto(x: ArrayLike<number>, chain: Chain, out: Float64Array): Float64Array {
  const { k, p } = chain;
  out.fill(0);
  for (let i = 0; i < k; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    for (let j = 0; j < k; j++) out[j] += xi * p[i * k + j];
  }
  return out;
}

/** Sizes now and after each of `steps` periods: steps + 1 vectors, the first a copy of `now`. */
export function project(now: ArrayLike<number>, chain: Chain, steps: number): Float64Array[] {
  const out: Float64Array[] = [Float64Array.from(now)];
  for (let t = 0; t < steps; t++) out.push(step(out[t], chain));
  return out;
}

export type LongRun =
  /** The sizes settle: `sizes` is where they end, reached (to LONG_RUN.tolerance) after `steps` periods. */
  | { readonly kind: "settles"; readonly sizes: Float64Array; readonly steps: number }
  /** The sizes come back every `period` periods and never settle (a periodic chain). */
  | { readonly kind: "cycles"; readonly period: number }
  /** Neither seen within the work allowed. */
  | { readonly kind: "slow"; readonly steps: number };

export const LONG_RUN = {
  /** Settled: no size changes by more than this share of the total in one period. */
  tolerance: 1e-12,
  /** A cycle: the sizes come back to within this share of the total. */
  cycleTolerance: 1e-9,
  /** Most periods run, and most multiply-adds (k^2 a period): a few tens of milliseconds at most. */
  maxSteps: 100_000,
  work: 5e7,
  /** Longest cycle looked for when the sizes do not settle. */
  maxPeriod: 24,
};

/**
 * Where the sizes go if the chain runs on from `now`: the limit of `project` as the periods grow.
 * For a chain that can reach every state from every other and does not cycle this is its stationary
 * distribution scaled to the total; otherwise it depends on where the customers are now, which is
 * what an analyst asks. A periodic chain has no limit: its sizes cycle.
 */
export function longRun(now: ArrayLike<number>, chain: Chain): LongRun {
  const { k } = chain;
  let total = 0;
  for (let i = 0; i < k; i++) total += now[i];
  const scale = total > 0 ? total : 1;
  const maxSteps = Math.max(1, Math.min(LONG_RUN.maxSteps, Math.floor(LONG_RUN.work / (k * k))));
  let x = Float64Array.from(now);
  let next = new Float64Array(k);
  for (let t = 1; t <= maxSteps; t++) {
    stepInto(x, chain, next);
    if (largestChange(x, next) <= LONG_RUN.tolerance * scale)
      return { kind: "settles", sizes: next, steps: t };
    [x, next] = [next, x];
  }
  // Not settled: a cycle shows as sizes that move in one period and come back after a few. Sizes
  // that barely move are a slow chain, not a cycle.
  const near = LONG_RUN.cycleTolerance * scale;
  let y = step(x, chain);
  if (largestChange(x, y) > near) {
    for (let period = 2; period <= LONG_RUN.maxPeriod; period++) {
      y = step(y, chain);
      if (largestChange(x, y) <= near) return { kind: "cycles", period };
    }
  }
  return { kind: "slow", steps: maxSteps };
}

function largestChange(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i] - b[i]));
  return largest;
}
