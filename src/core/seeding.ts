/**
 * Greedy k-means++ seeding, as scikit-learn's: each new centre is the best of 2 + floor(ln k)
 * candidates drawn in proportion to squared distance, the one that lowers the total squared
 * distance (the potential) most.
 *
 * The plain algorithm (kmeans-reference.ts) makes one pass over the rows per candidate. This one
 * gives the very same centres with less work. With WebAssembly, one pass measures all candidates of
 * a step, two at a time (wasm-kernels.ts). In plain JavaScript, one pass measures all candidates,
 * and each row remembers which centre is nearest: a candidate at least twice as far from that
 * centre as the row is (with room for rounding) cannot be nearer to the row, by the triangle
 * inequality, so the row is not measured against it. Either way each potential is still summed in
 * row order, so every comparison sees the plain algorithm's numbers.
 */
import { sqDist } from "./distance";
import { Labels } from "./labels";
import { Matrix } from "./matrix";
import { Rng } from "./random";
import { seedLocate, seedTrials, seedUpdate } from "./wasm-kernels";
import { KernelMemory, Workspace, workspaceFor } from "./workspace";

/**
 * A candidate is skipped for a row only when its squared distance to the row's centre exceeds four
 * times the row's squared distance by this factor: the true distance then exceeds the row's by far
 * more than the rounding in either computed number (a few 1e-16 relative).
 */
const SKIP_FACTOR = 4 * (1 + 1e-9);

export function kmeansPlusPlus(matrix: Matrix, k: number, rng: Rng): Float64Array {
  const workspace = workspaceFor(matrix, k);
  try {
    return seed(matrix, k, rng, workspace);
  } finally {
    workspace.release();
  }
}

/** The passes over the rows that seeding needs, in JavaScript or WebAssembly. */
interface Passes {
  /** Squared distances to data row `row`, into closest; returns their sum in row order. */
  first(row: number): number;
  /** The potential each candidate row would leave, into potentials. */
  trials(candidates: Int32Array, potentials: Float64Array, centres: number): void;
  /**
   * Makes data row `row` (candidate number `trial`) the new centre number c, counted in closest;
   * then, when `draws` is given, finds the rows they land on (see locate) into `found`.
   */
  update(row: number, c: number, trial: number, draws: Float64Array | null, found: Int32Array): void;
}

/**
 * k-means++ with the work arrays of a fit: squared distances to the nearest centre in `closest`;
 * in JavaScript, also the nearest centre in `labels`.
 */
export function seed(matrix: Matrix, k: number, rng: Rng, workspace: Workspace): Float64Array {
  const { data, n, d } = matrix;
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const closest = workspace.closest;
  const memory = workspace.kernels;
  const wasm = memory !== null && fitsSmall(memory, trials, d);
  const passes = wasm
    ? wasmPasses(matrix, workspace, memory, trials)
    : jsPasses(matrix, closest, workspace.labels, centers, k, trials);

  const first = rng.int(n);
  centers.set(data.subarray(first * d, first * d + d), 0);
  const potential = passes.first(first);
  const draws = new Float64Array(trials);
  const candidates = new Int32Array(trials);
  const potentials = new Float64Array(trials);
  // The generator is drawn in the same order as one candidate at a time would draw it: a step's
  // draws, then its choice, then the next step's draws. Those are drawn before the update pass, so
  // that the pass that adds the new centre also finds where they land.
  const drawAll = (total: number) => {
    for (let t = 0; t < trials; t++) draws[t] = rng.next() * total;
  };
  if (k > 1) {
    drawAll(potential);
    locate(closest, draws, candidates);
  }
  for (let c = 1; c < k; c++) {
    passes.trials(candidates, potentials, c);
    let best = 0;
    let bestPotential = Infinity;
    for (let t = 0; t < trials; t++) {
      if (potentials[t] < bestPotential) {
        bestPotential = potentials[t];
        best = t;
      }
    }
    const id = candidates[best];
    centers.set(data.subarray(id * d, id * d + d), c * d);
    // The potential after this update is exactly the best trial's: the same minima, summed in order.
    const more = c + 1 < k;
    if (more) drawAll(bestPotential);
    passes.update(id, c, best, more ? draws : null, candidates);
  }
  return centers;
}

/**
 * For each draw x, the first row whose cumulative sum of `closest` reaches x (the last row if none
 * does): numpy's searchsorted on the cumulative sums, as the plain algorithm finds it, but with the
 * draws sorted and one running sum instead of an array of a million cumulative sums.
 */
export function locate(closest: Float64Array, draws: Float64Array, out: Int32Array): void {
  const n = closest.length;
  const order = sortedDraws(draws, out);
  let next = 0;
  let running = 0;
  let target = next < order.length ? draws[order[next]] : Infinity;
  for (let i = 0; i < n && next < order.length; i++) {
    running += closest[i];
    if (running < target) continue;
    while (next < order.length && running >= draws[order[next]]) out[order[next++]] = i;
    if (next < order.length) target = draws[order[next]];
  }
  while (next < order.length) out[order[next++]] = n - 1;
}

/** Indices of the draws in increasing order; NaN draws land on row 0 (searchsorted puts NaN first). */
function sortedDraws(draws: Float64Array, out: Int32Array): number[] {
  const order = Array.from(draws.keys()).filter((t) => {
    if (!Number.isNaN(draws[t])) return true;
    out[t] = 0;
    return false;
  });
  return order.sort((a, b) => draws[a] - draws[b] || a - b);
}

function fitsSmall(memory: KernelMemory, trials: number, d: number): boolean {
  return Math.ceil(trials / 2) * (16 * d + 16) <= memory.smallBytes;
}

function wasmPasses(matrix: Matrix, workspace: Workspace, memory: KernelMemory, trials: number): Passes {
  const { data, n, d } = matrix;
  const pairs = Math.ceil(trials / 2);
  const buffer = memory.arena.memory.buffer;
  const cand = new Float64Array(buffer, memory.small, 2 * pairs * d);
  const outOffset = memory.small + 16 * pairs * d;
  const out = new Float64Array(buffer, outOffset, 2 * pairs);
  const runTrials = seedTrials(memory.arena, d, pairs);
  const runUpdate = seedUpdate(memory.arena, d);
  const runLocate = seedLocate(memory.arena);
  const sortedAt = outOffset + 16 * pairs;
  const sorted = new Float64Array(buffer, sortedAt, trials);
  const foundAt = sortedAt + 8 * trials;
  const found = new Int32Array(buffer, foundAt, trials);
  const update = (row: number, draws: Float64Array | null, out: Int32Array | null) => {
    cand.set(data.subarray(row * d, row * d + d));
    const order = draws && out ? sortedDraws(draws, out) : [];
    order.forEach((t, r) => (sorted[r] = draws ? draws[t] : 0));
    runUpdate(memory.data, n, memory.small, memory.closest);
    runLocate(memory.closest, n, sortedAt, order.length, foundAt);
    if (out) order.forEach((t, r) => (out[t] = found[r]));
  };
  return {
    first(row) {
      workspace.closest.fill(Infinity);
      update(row, null, null);
      let potential = 0;
      for (let i = 0; i < n; i++) potential += workspace.closest[i];
      return potential;
    },
    trials(candidates, potentials) {
      for (let t = 0; t < 2 * pairs; t++) {
        // An odd last lane repeats the last candidate and is ignored.
        const row = candidates[Math.min(t, trials - 1)];
        const pair = t >> 1;
        const lane = t & 1;
        for (let x = 0; x < d; x++) cand[(pair * d + x) * 2 + lane] = data[row * d + x];
      }
      runTrials(memory.data, n, memory.small, memory.closest, outOffset);
      for (let t = 0; t < trials; t++) potentials[t] = out[t];
    },
    update: (row, _c, _trial, draws, out) => update(row, draws, out),
  };
}

function jsPasses(
  matrix: Matrix,
  closest: Float64Array,
  nearest: Labels,
  centers: Float64Array,
  k: number,
  trials: number,
): Passes {
  const { data, n, d } = matrix;
  /** For candidate t and centre e: their squared distance over SKIP_FACTOR. */
  const reach = new Float64Array(trials * k);
  return {
    first(row) {
      nearest.fill(0);
      let potential = 0;
      for (let i = 0; i < n; i++) {
        const sq = sqDist(data, i * d, data, row * d, d);
        closest[i] = sq;
        potential += sq;
      }
      return potential;
    },
    trials(candidates, potentials, centres) {
      for (let t = 0; t < trials; t++) {
        for (let e = 0; e < centres; e++) {
          reach[t * k + e] = sqDist(data, candidates[t] * d, centers, e * d, d) / SKIP_FACTOR;
        }
      }
      potentials.fill(0);
      for (let i = 0; i < n; i++) {
        const own = closest[i];
        const e = nearest[i];
        for (let t = 0; t < trials; t++) {
          let m = own;
          if (!(reach[t * k + e] > own)) {
            const sq = sqDist(data, i * d, data, candidates[t] * d, d);
            if (sq < own) m = sq;
          }
          potentials[t] += m;
        }
      }
    },
    update(row, c, trial, draws, found) {
      for (let i = 0; i < n; i++) {
        const own = closest[i];
        if (reach[trial * k + nearest[i]] > own) continue;
        const sq = sqDist(data, i * d, data, row * d, d);
        if (sq < own) {
          closest[i] = sq;
          nearest[i] = c;
        }
      }
      if (draws) locate(closest, draws, found);
    },
  };
}
