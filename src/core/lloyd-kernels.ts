/**
 * WebAssembly kernels for Lloyd's iterations (lloyd.ts) and the statistics kmeans needs first,
 * generated for the number of features d. Centroids are stored in pairs, interleaved per
 * coordinate: coordinate t of centroid c is at cent + ((c >> 1) * d + t) * 16 + (c & 1) * 8, so
 * that one f64x2 operation measures a row against two centroids. Every number is computed as the
 * JavaScript in lloyd.ts and kmeans.ts computes it (see wasm-kernels.ts): the kernels are faster,
 * never different.
 */
import { Arena } from "./arena";
import { Func } from "./wasm-asm";
import { instance } from "./wasm-kernels";

/**
 * A bound decides a label only when it wins by this much, relative to the distance and to the
 * data's diameter (lloyd.ts). The rounding in the bounds is far smaller: each iteration adds at most
 * a few units in the last place (about 1e-16) of the diameter, so 1e-9 holds for millions of
 * iterations, and a row inside the margin is simply measured. Near-ties therefore go to the exact
 * comparison, with its tie to the lower index, as in the plain algorithm.
 */
export const MARGIN = 1e-9;

/**
 * The bounds are kept as float32, rounded outward: an upper bound is multiplied by UP and a lower
 * one by DOWN before it is rounded to the nearest float32, which is then still above (below) the
 * float64 bound, since that rounding moves a number by at most 2^-24 of it. Only below float32's
 * normal range (1e-38) can it move a number by more, by at most 2^-150: BOUND_SLACK, added to the
 * margin, covers that twice over; and only data whose diameter stays under BOUND_LIMIT have bounds
 * (lloyd.ts), so that no finite bound rounds to infinity.
 */
export const UP = 1 + 2 ** -22;
export const DOWN = 1 - 2 ** -22;
export const BOUND_SLACK = 2 ** -100;
export const BOUND_LIMIT = 1e37;

export interface LloydKernels {
  /** Every row against every centroid: labels, bounds, and (when `accumulate`) sums and counts. */
  full(
    data: number,
    n: number,
    k: number,
    cent: number,
    labels: number,
    upper: number,
    lower: number,
    sums: number,
    counts: number,
    accumulate: number,
  ): void;
  /**
   * One pass with Hamerly's bounds after the centroids moved by drift[c] (k float64 at `drift`);
   * `half` holds half the gap from each centroid to its nearest other one. Returns how many labels
   * changed.
   */
  bounded(
    data: number,
    n: number,
    k: number,
    cent: number,
    labels: number,
    upper: number,
    lower: number,
    sums: number,
    counts: number,
    accumulate: number,
    drift: number,
    half: number,
    most: number,
    second: number,
    mostAt: number,
    slack: number,
  ): number;
  /** Sum over rows, in order, of the squared distance to the row's own centroid. */
  inertia(data: number, n: number, cent: number, labels: number): number;
  /** Per column, in row order: sums (d float64 at out), then minima, then maxima. */
  columnSums(data: number, n: number, out: number): void;
  /** Per column, in row order: sums of squared deviations from means (d float64 at `means`), at out. */
  columnSquares(data: number, n: number, means: number, out: number): void;
}

/**
 * The kernels for d features and labels of `labelBytes` bytes (1 or 4, labels.ts); the column
 * statistics do not read labels.
 */
export function lloydKernels(arena: Arena, d: number, labelBytes: 1 | 4 = 4): LloydKernels {
  const label = labelAccess(labelBytes);
  return instance(arena, `lloyd:${d}:${labelBytes}`, () => [
    passFunc("full", d, false, label),
    passFunc("bounded", d, true, label),
    inertiaFunc(d, label),
    columnSumsFunc(d),
    columnSquaresFunc(d),
  ]) as unknown as LloydKernels;
}

/** The instructions that load and store a label of its width, and its width in bytes. */
interface LabelAccess {
  readonly load: string;
  readonly store: string;
  readonly bytes: number;
}

function labelAccess(bytes: 1 | 4): LabelAccess {
  return bytes === 1
    ? { load: "i32.load8_u", store: "i32.store8", bytes }
    : { load: "i32.load", store: "i32.store", bytes };
}

/** Coordinate pairs of a row: [0, 1], [2, 3], ... and, for odd d, the last one alone. */
function pairsOf(d: number): { pairs: number; odd: boolean } {
  return { pairs: d >> 1, odd: (d & 1) === 1 };
}

/** Pushes the address of centroid `label`'s first coordinate in the paired layout. */
function centroidAddress(f: Func, CENT: number, label: number, d: number): void {
  f.asm(`local.get ${CENT} local.get ${label} i32.const 1 i32.shr_u i32.const ${16 * d} i32.mul i32.add
    local.get ${label} i32.const 1 i32.and i32.const 3 i32.shl i32.add`);
}

/** Sets `s` to the squared distance from the row at DATA to the centroid whose address is in `at`. */
function distanceToCentroid(f: Func, d: number, DATA: number, at: number, s: number, diff: number): void {
  for (let t = 0; t < d; t++) {
    f.asm(`local.get ${DATA} f64.load ${8 * t} local.get ${at} f64.load ${16 * t} f64.sub
      local.tee ${diff} local.get ${diff} f64.mul`);
    if (t > 0) f.asm(`local.get ${s} f64.add`);
    f.asm(`local.set ${s}`);
  }
}

/** counts[label] += 1; sums[label] += the row at DATA, two coordinates at a time. */
function accumulate(
  f: Func,
  d: number,
  DATA: number,
  SUMS: number,
  COUNTS: number,
  label: number,
  at: number,
) {
  f.asm(`local.get ${COUNTS} local.get ${label} i32.const 3 i32.shl i32.add local.tee ${at}
    local.get ${at} f64.load f64.const 1 f64.add f64.store
    local.get ${SUMS} local.get ${label} i32.const ${8 * d} i32.mul i32.add local.set ${at}`);
  const { pairs, odd } = pairsOf(d);
  for (let p = 0; p < pairs; p++) {
    f.asm(`local.get ${at} local.get ${at} v128.load ${16 * p}
      local.get ${DATA} v128.load ${16 * p} f64x2.add v128.store ${16 * p}`);
  }
  if (odd) {
    const t = 8 * (d - 1);
    f.asm(
      `local.get ${at} local.get ${at} f64.load ${t} local.get ${DATA} f64.load ${t} f64.add f64.store ${t}`,
    );
  }
}

/**
 * The full pass ("full": every row against every centroid) or the bounded one ("bounded":
 * Hamerly's test first, as lloyd.ts's boundedPass). Both keep labels, bounds and, when the
 * accumulate flag is set, the clusters' sums and counts.
 */
function passFunc(name: string, d: number, bounded: boolean, labels: LabelAccess): Func {
  const params = ["i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32"] as const;
  const extra = bounded ? (["i32", "i32", "f64", "f64", "i32", "f64"] as const) : ([] as const);
  const f = new Func(name, [...params, ...extra], bounded ? ["i32"] : []);
  const [DATA, N, K, CENT, LABELS, UPPER, LOWER, SUMS, COUNTS, ACC] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [DRIFT, HALF, MOST, SECOND, MOST_AT, SLACK] = [10, 11, 12, 13, 14, 15];
  const [i, label, c, cp, best, at, lt, changed] = f.locals("i32", 8);
  const [u, l, bound, bestSq, secondSq, s, diff] = f.locals("f64", 7);
  const [sq, vdiff] = f.locals("v128", 2);
  const x = f.locals("v128", d);

  /**
   * The plain algorithm's update for centroid c + lane, whose squared distance is in s:
   *   if (s < bestSq) { secondSq = bestSq; bestSq = s; best = c } else if (s < secondSq) secondSq = s;
   * written with selects, since which branch runs depends on the data and mispredicts often.
   */
  const consider = (lane: number) =>
    f.asm(`local.get ${s} local.get ${bestSq} f64.lt local.set ${lt}
      local.get ${bestSq} local.get ${s} local.get ${secondSq} local.get ${s} local.get ${secondSq} f64.lt select
      local.get ${lt} select local.set ${secondSq}
      local.get ${s} local.get ${bestSq} local.get ${lt} select local.set ${bestSq}
      local.get ${c} i32.const ${lane} i32.add local.get ${best} local.get ${lt} select local.set ${best}`);

  /** Every centroid, two at a time, in order: best, bestSq, secondSq. */
  const scan = () => {
    x.forEach((local, t) => f.asm(`local.get ${DATA} v128.load64_splat ${8 * t} local.set ${local}`));
    f.asm(`i32.const 0 local.set ${best} f64.const ${Infinity} local.set ${bestSq} f64.const ${Infinity} local.set ${secondSq}
      i32.const 0 local.set ${c} local.get ${CENT} local.set ${cp}
      block loop
        local.get ${c} local.get ${K} i32.ge_s br_if 1`);
    for (let t = 0; t < d; t++) {
      f.asm(`local.get ${x[t]} local.get ${cp} v128.load ${16 * t} f64x2.sub
        local.tee ${vdiff} local.get ${vdiff} f64x2.mul`);
      if (t > 0) f.asm(`local.get ${sq} f64x2.add`);
      f.asm(`local.set ${sq}`);
    }
    f.asm(`local.get ${sq} f64x2.extract_lane 0 local.set ${s}`);
    consider(0);
    f.asm(`local.get ${c} i32.const 1 i32.add local.get ${K} i32.lt_s
      if local.get ${sq} f64x2.extract_lane 1 local.set ${s}`);
    consider(1);
    f.asm(`end`);
    f.inc(c, 2).inc(cp, 16 * d);
    f.asm(`br 0 end end`);
  };

  /** Pushes 1 when the bounds cannot prove the label: !(u + u * MARGIN + slack < bound). */
  const uncertain = () =>
    f.asm(`local.get ${u} local.get ${u} f64.const ${MARGIN} f64.mul f64.add local.get ${SLACK} f64.add
      local.get ${bound} f64.lt i32.eqz`);

  f.asm(`block loop
    local.get ${i} local.get ${N} i32.ge_s br_if 1
    local.get ${LABELS} ${labels.load} local.set ${label}`);
  if (!bounded) {
    scan();
    f.asm(`local.get ${LABELS} local.get ${best} ${labels.store} local.get ${best} local.set ${label}
      local.get ${bestSq} f64.sqrt local.set ${u} local.get ${secondSq} f64.sqrt local.set ${l}`);
  } else {
    // u = upper + drift[label]; l = lower - (label === mostAt ? second : most)
    // bound = half[label] > l ? half[label] : l
    f.asm(`local.get ${UPPER} f32.load f64.promote_f32
      local.get ${DRIFT} local.get ${label} i32.const 3 i32.shl i32.add f64.load f64.add local.set ${u}
      local.get ${LOWER} f32.load f64.promote_f32
      local.get ${SECOND} local.get ${MOST} local.get ${label} local.get ${MOST_AT} i32.eq select
      f64.sub local.set ${l}
      local.get ${HALF} local.get ${label} i32.const 3 i32.shl i32.add f64.load local.tee ${s}
      local.get ${l} local.get ${s} local.get ${l} f64.gt select local.set ${bound}`);
    uncertain();
    f.asm(`if`);
    // Tighten: the exact distance to the row's own centroid.
    centroidAddress(f, CENT, label, d);
    f.asm(`local.set ${at}`);
    distanceToCentroid(f, d, DATA, at, s, diff);
    f.asm(`local.get ${s} f64.sqrt local.set ${u}`);
    uncertain();
    f.asm(`if`);
    scan();
    f.asm(`local.get ${best} local.get ${label} i32.ne
      if
        local.get ${LABELS} local.get ${best} ${labels.store} local.get ${best} local.set ${label}
        local.get ${changed} i32.const 1 i32.add local.set ${changed}
      end
      local.get ${bestSq} f64.sqrt local.set ${u} local.get ${secondSq} f64.sqrt local.set ${l}
      end end`);
  }
  // Rounded outward to float32, as the JavaScript stores them (lloyd.ts).
  f.asm(`local.get ${UPPER} local.get ${u} f64.const ${UP} f64.mul f32.demote_f64 f32.store
    local.get ${LOWER} local.get ${l} f64.const ${DOWN} f64.mul f32.demote_f64 f32.store
    local.get ${ACC} if`);
  accumulate(f, d, DATA, SUMS, COUNTS, label, at);
  f.asm(`end`);
  f.inc(DATA, 8 * d)
    .inc(LABELS, labels.bytes)
    .inc(UPPER, 4)
    .inc(LOWER, 4)
    .inc(i, 1);
  f.asm(`br 0 end end`);
  if (bounded) f.asm(`local.get ${changed}`);
  return f;
}

function inertiaFunc(d: number, labels: LabelAccess): Func {
  const f = new Func("inertia", ["i32", "i32", "i32", "i32"], ["f64"]);
  const [DATA, N, CENT, LABELS] = [0, 1, 2, 3];
  const [i, label, at] = f.locals("i32", 3);
  const [total, s, diff] = f.locals("f64", 3);
  f.asm(`block loop
    local.get ${i} local.get ${N} i32.ge_s br_if 1
    local.get ${LABELS} ${labels.load} local.set ${label}`);
  centroidAddress(f, CENT, label, d);
  f.asm(`local.set ${at}`);
  distanceToCentroid(f, d, DATA, at, s, diff);
  f.asm(`local.get ${total} local.get ${s} f64.add local.set ${total}`);
  f.inc(DATA, 8 * d)
    .inc(LABELS, labels.bytes)
    .inc(i, 1);
  f.asm(`br 0 end end local.get ${total}`);
  return f;
}

/** Loads coordinate pair p of the row at DATA; for the odd last coordinate, into both lanes. */
function loadPair(f: Func, DATA: number, p: number, pairs: number): void {
  if (p < pairs) f.asm(`local.get ${DATA} v128.load ${16 * p}`);
  else f.asm(`local.get ${DATA} v128.load64_splat ${16 * p}`);
}

/** Stores coordinate pair p at base; for the odd last coordinate, lane 0 only. */
function storePair(f: Func, OUT: number, base: number, local: number, p: number, pairs: number): void {
  if (p < pairs) f.asm(`local.get ${OUT} local.get ${local} v128.store ${base + 16 * p}`);
  else f.asm(`local.get ${OUT} local.get ${local} f64x2.extract_lane 0 f64.store ${base + 16 * p}`);
}

function columnSumsFunc(d: number): Func {
  const f = new Func("columnSums", ["i32", "i32", "i32"]);
  const [DATA, N, OUT] = [0, 1, 2];
  const i = f.local("i32");
  const v = f.local("v128");
  const { pairs, odd } = pairsOf(d);
  const width = pairs + (odd ? 1 : 0);
  const sum = f.locals("v128", width);
  const lo = f.locals("v128", width);
  const hi = f.locals("v128", width);
  for (let p = 0; p < width; p++) {
    f.asm(`f64.const 0 f64x2.splat local.set ${sum[p]}
      f64.const ${Infinity} f64x2.splat local.set ${lo[p]}
      f64.const ${-Infinity} f64x2.splat local.set ${hi[p]}`);
  }
  f.asm(`block loop
    local.get ${i} local.get ${N} i32.ge_s br_if 1`);
  for (let p = 0; p < width; p++) {
    loadPair(f, DATA, p, pairs);
    // sum += x; if (x < lo) lo = x; if (x > hi) hi = x
    f.asm(`local.set ${v}
      local.get ${sum[p]} local.get ${v} f64x2.add local.set ${sum[p]}
      local.get ${v} local.get ${lo[p]} local.get ${v} local.get ${lo[p]} f64x2.lt v128.bitselect local.set ${lo[p]}
      local.get ${v} local.get ${hi[p]} local.get ${v} local.get ${hi[p]} f64x2.gt v128.bitselect local.set ${hi[p]}`);
  }
  f.inc(DATA, 8 * d).inc(i, 1);
  f.asm(`br 0 end end`);
  for (let p = 0; p < width; p++) {
    storePair(f, OUT, 0, sum[p], p, pairs);
    storePair(f, OUT, 8 * d, lo[p], p, pairs);
    storePair(f, OUT, 16 * d, hi[p], p, pairs);
  }
  return f;
}

function columnSquaresFunc(d: number): Func {
  const f = new Func("columnSquares", ["i32", "i32", "i32", "i32"]);
  const [DATA, N, MEANS, OUT] = [0, 1, 2, 3];
  const i = f.local("i32");
  const v = f.local("v128");
  const { pairs, odd } = pairsOf(d);
  const width = pairs + (odd ? 1 : 0);
  const sq = f.locals("v128", width);
  const mean = f.locals("v128", width);
  for (let p = 0; p < width; p++) {
    f.asm(`f64.const 0 f64x2.splat local.set ${sq[p]}`);
    loadPair(f, MEANS, p, pairs);
    f.asm(`local.set ${mean[p]}`);
  }
  f.asm(`block loop
    local.get ${i} local.get ${N} i32.ge_s br_if 1`);
  for (let p = 0; p < width; p++) {
    loadPair(f, DATA, p, pairs);
    f.asm(`local.get ${mean[p]} f64x2.sub local.tee ${v} local.get ${v} f64x2.mul
      local.get ${sq[p]} f64x2.add local.set ${sq[p]}`);
  }
  f.inc(DATA, 8 * d).inc(i, 1);
  f.asm(`br 0 end end`);
  for (let p = 0; p < width; p++) storePair(f, OUT, 0, sq[p], p, pairs);
  return f;
}
