/**
 * The one seeded generator every random choice in the core goes through.
 *
 * xoshiro128** with a splitmix32 expansion of the seed: 32-bit integer arithmetic only, so the
 * same seed gives the same stream on every JavaScript engine and machine (Math.random gives neither).
 */
export interface Rng {
  /** A float uniformly distributed in [0, 1). */
  next(): number;
  /** An integer uniformly distributed in [0, n). */
  int(n: number): number;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError("The seed must be a finite number.");
  const expand = splitmix32(Math.floor(seed) >>> 0);
  let a = expand();
  let b = expand();
  let c = expand();
  let d = expand();
  if ((a | b | c | d) === 0) a = 1;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };

  // 53 random bits, as a double in [0, 1): two draws, so that sums of many draws stay unbiased.
  const next = (): number => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;

  return {
    next,
    int: (n: number) => Math.floor(next() * n),
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A derived seed for the i-th independent stream (restart, sweep step) of a base seed. */
export function deriveSeed(seed: number, stream: number): number {
  const mix = splitmix32((Math.floor(seed) >>> 0) ^ Math.imul(stream + 1, 0x27d4eb2d));
  return mix();
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
