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
  /**
   * The first pass when k-means++ has left the assignment in the work arrays (labels, squared
   * distances in upper and lower): takes the square roots and accumulates.
   */
  seeded(
    data: number,
    n: number,
    labels: number,
    upper: number,
    lower: number,
    sums: number,
    counts: number,
  ): void;
  /** Sum over rows, in order, of the squared distance to the row's own centroid. */
  inertia(data: number, n: number, cent: number, labels: number): number;
  /** Per column, in row order: sums (d float64 at out), then minima, then maxima. */
  columnSums(data: number, n: number, out: number): void;
  /** Per column, in row order: sums of squared deviations from means (d float64 at `means`), at out. */
  columnSquares(data: number, n: number, means: number, out: number): void;
}

export function lloydKernels(arena: Arena, d: number): LloydKernels {
  return instance(arena, `lloyd:${d}`, () => [
    passFunc("full", d, false),
    passFunc("bounded", d, true),
    seededFunc(d),
    inertiaFunc(d),
    columnSumsFunc(d),
    columnSquaresFunc(d),
  ]) as unknown as LloydKernels;
}

/** Coordinate pairs of a row: [0, 1], [2, 3], ... and, for odd d, the last one alone. */
function pairsOf(d: number): { pairs: number; odd: boolean } {
  return { pairs: d >> 1, odd: (d & 1) === 1 };
}

function passFunc(name: string, d: number, bounded: boolean): Func {
  const params = ["i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32"] as const;
  const extra = bounded ? (["i32", "i32", "f64", "f64", "i32", "f64"] as const) : ([] as const);
  const f = new Func(name, [...params, ...extra], bounded ? ["i32"] : []);
  const [DATA, N, K, CENT, LABELS, UPPER, LOWER, SUMS, COUNTS, ACC] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [DRIFT, HALF, MOST, SECOND, MOST_AT, SLACK] = [10, 11, 12, 13, 14, 15];
  const i = f.local("i32");
  const label = f.local("i32");
  const c = f.local("i32");
  const cp = f.local("i32");
  const best = f.local("i32");
  const at = f.local("i32");
  const changed = f.local("i32");
  const u = f.local("f64");
  const l = f.local("f64");
  const bound = f.local("f64");
  const bestSq = f.local("f64");
  const secondSq = f.local("f64");
  const s = f.local("f64");
  const diff = f.local("f64");
  const sq = f.local("v128");
  const vdiff = f.local("v128");
  const x = Array.from({ length: d }, () => f.local("v128"));

  /**
   * The plain algorithm's update for centroid c + lane, whose squared distance is in s:
   *   if (s < bestSq) { secondSq = bestSq; bestSq = s; best = c } else if (s < secondSq) secondSq = s;
   * written with selects, since which branch runs depends on the data and mispredicts often.
   */
  const consider = (lane: number) => {
    f.get(s).get(bestSq).op("f64.lt").set(at);
    f.get(bestSq).get(s).get(secondSq).get(s).get(secondSq).op("f64.lt", "select").get(at).op("select");
    f.set(secondSq);
    f.get(s).get(bestSq).get(at).op("select").set(bestSq);
    f.get(c).i32(lane).op("i32.add").get(best).get(at).op("select").set(best);
  };

  /** Every centroid, in order: best, bestSq, secondSq. */
  const scan = () => {
    x.forEach((local, t) =>
      f
        .get(DATA)
        .mem("v128.load64_splat", 8 * t)
        .set(local),
    );
    f.i32(0).set(best).f64(Infinity).set(bestSq).f64(Infinity).set(secondSq);
    f.i32(0).set(c).get(CENT).set(cp);
    f.block().loop();
    f.get(c).get(K).op("i32.ge_s").brIf(1);
    for (let t = 0; t < d; t++) {
      f.get(x[t])
        .get(cp)
        .mem("v128.load", 16 * t)
        .op("f64x2.sub")
        .tee(vdiff)
        .get(vdiff)
        .op("f64x2.mul");
      if (t > 0) f.get(sq).op("f64x2.add");
      f.set(sq);
    }
    f.get(sq).lane("f64x2.extract_lane", 0).set(s);
    consider(0);
    f.get(c).i32(1).op("i32.add").get(K).op("i32.lt_s").if();
    f.get(sq).lane("f64x2.extract_lane", 1).set(s);
    consider(1);
    f.end();
    f.inc(c, 2).inc(cp, 16 * d);
    f.br(0).end().end();
  };

  /** Pushes 1 when the bounds cannot prove the label: !(u + u * MARGIN + slack < bound). */
  const uncertain = () =>
    f
      .get(u)
      .get(u)
      .f64(MARGIN)
      .op("f64.mul")
      .op("f64.add")
      .get(SLACK)
      .op("f64.add")
      .get(bound)
      .op("f64.lt", "i32.eqz");

  f.block().loop();
  f.get(i).get(N).op("i32.ge_s").brIf(1);
  f.get(LABELS).mem("i32.load").set(label);
  if (!bounded) {
    scan();
    f.get(LABELS).get(best).mem("i32.store").get(best).set(label);
    f.get(bestSq).op("f64.sqrt").set(u).get(secondSq).op("f64.sqrt").set(l);
  } else {
    f.get(UPPER).mem("f64.load").get(DRIFT).get(label).i32(3).op("i32.shl", "i32.add").mem("f64.load");
    f.op("f64.add").set(u);
    f.get(LOWER).mem("f64.load").get(SECOND).get(MOST).get(label).get(MOST_AT).op("i32.eq", "select");
    f.op("f64.sub").set(l);
    // bound = half[label] > l ? half[label] : l
    f.get(HALF).get(label).i32(3).op("i32.shl", "i32.add").mem("f64.load").tee(s).get(l).get(s).get(l);
    f.op("f64.gt", "select").set(bound);
    uncertain().if();
    // Tighten: the exact distance to the row's own centroid.
    f.get(CENT)
      .get(label)
      .i32(1)
      .op("i32.shr_u")
      .i32(16 * d)
      .op("i32.mul", "i32.add");
    f.get(label).i32(1).op("i32.and").i32(3).op("i32.shl", "i32.add").set(at);
    for (let t = 0; t < d; t++) {
      f.get(DATA)
        .mem("f64.load", 8 * t)
        .get(at)
        .mem("f64.load", 16 * t)
        .op("f64.sub")
        .tee(diff)
        .get(diff);
      f.op("f64.mul");
      if (t > 0) f.get(s).op("f64.add");
      f.set(s);
    }
    f.get(s).op("f64.sqrt").set(u);
    uncertain().if();
    scan();
    f.get(best).get(label).op("i32.ne").if();
    f.get(LABELS).get(best).mem("i32.store").get(best).set(label).inc(changed, 1);
    f.end();
    f.get(bestSq).op("f64.sqrt").set(u).get(secondSq).op("f64.sqrt").set(l);
    f.end();
    f.end();
  }
  f.get(UPPER).get(u).mem("f64.store").get(LOWER).get(l).mem("f64.store");
  f.get(ACC).if();
  accumulate(f, d, DATA, SUMS, COUNTS, label, at);
  f.end();
  f.inc(DATA, 8 * d)
    .inc(LABELS, 4)
    .inc(UPPER, 8)
    .inc(LOWER, 8)
    .inc(i, 1);
  f.br(0).end().end();
  if (bounded) f.get(changed);
  return f;
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
  f.get(COUNTS).get(label).i32(3).op("i32.shl", "i32.add").tee(at);
  f.get(at).mem("f64.load").f64(1).op("f64.add").mem("f64.store");
  const row = 8 * d;
  f.get(SUMS).get(label).i32(row).op("i32.mul", "i32.add").set(at);
  const { pairs, odd } = pairsOf(d);
  for (let p = 0; p < pairs; p++) {
    const offset = 16 * p;
    f.get(at).get(at).mem("v128.load", offset);
    f.get(DATA).mem("v128.load", offset).op("f64x2.add").mem("v128.store", offset);
  }
  if (odd) {
    const offset = 8 * (d - 1);
    f.get(at).get(at).mem("f64.load", offset);
    f.get(DATA).mem("f64.load", offset).op("f64.add").mem("f64.store", offset);
  }
}

function seededFunc(d: number): Func {
  const f = new Func("seeded", ["i32", "i32", "i32", "i32", "i32", "i32", "i32"]);
  const [DATA, N, LABELS, UPPER, LOWER, SUMS, COUNTS] = [0, 1, 2, 3, 4, 5, 6];
  const i = f.local("i32");
  const label = f.local("i32");
  const at = f.local("i32");
  const row = 8 * d;
  f.block().loop();
  f.get(i).get(N).op("i32.ge_s").brIf(1);
  f.get(LABELS).mem("i32.load").set(label);
  f.get(UPPER).get(UPPER).mem("f64.load").op("f64.sqrt").mem("f64.store");
  f.get(LOWER).get(LOWER).mem("f64.load").op("f64.sqrt").mem("f64.store");
  accumulate(f, d, DATA, SUMS, COUNTS, label, at);
  f.inc(DATA, row).inc(LABELS, 4).inc(UPPER, 8).inc(LOWER, 8);
  f.inc(i, 1).br(0).end().end();
  return f;
}

function inertiaFunc(d: number): Func {
  const f = new Func("inertia", ["i32", "i32", "i32", "i32"], ["f64"]);
  const [DATA, N, CENT, LABELS] = [0, 1, 2, 3];
  const i = f.local("i32");
  const label = f.local("i32");
  const at = f.local("i32");
  const total = f.local("f64");
  const s = f.local("f64");
  const diff = f.local("f64");
  f.block().loop();
  f.get(i).get(N).op("i32.ge_s").brIf(1);
  f.get(LABELS).mem("i32.load").set(label);
  f.get(CENT)
    .get(label)
    .i32(1)
    .op("i32.shr_u")
    .i32(16 * d)
    .op("i32.mul", "i32.add");
  f.get(label).i32(1).op("i32.and").i32(3).op("i32.shl", "i32.add").set(at);
  for (let t = 0; t < d; t++) {
    f.get(DATA)
      .mem("f64.load", 8 * t)
      .get(at)
      .mem("f64.load", 16 * t)
      .op("f64.sub")
      .tee(diff)
      .get(diff);
    f.op("f64.mul");
    if (t > 0) f.get(s).op("f64.add");
    f.set(s);
  }
  f.get(total).get(s).op("f64.add").set(total);
  f.inc(DATA, 8 * d)
    .inc(LABELS, 4)
    .inc(i, 1);
  f.br(0).end().end();
  f.get(total);
  return f;
}

function columnSumsFunc(d: number): Func {
  const f = new Func("columnSums", ["i32", "i32", "i32"]);
  const [DATA, N, OUT] = [0, 1, 2];
  const i = f.local("i32");
  const v = f.local("v128");
  const { pairs, odd } = pairsOf(d);
  const width = pairs + (odd ? 1 : 0);
  const sum = Array.from({ length: width }, () => f.local("v128"));
  const lo = Array.from({ length: width }, () => f.local("v128"));
  const hi = Array.from({ length: width }, () => f.local("v128"));
  for (let p = 0; p < width; p++) {
    f.f64(0).op("f64x2.splat").set(sum[p]);
    f.f64(Infinity).op("f64x2.splat").set(lo[p]);
    f.f64(-Infinity).op("f64x2.splat").set(hi[p]);
  }
  f.block().loop();
  f.get(i).get(N).op("i32.ge_s").brIf(1);
  for (let p = 0; p < width; p++) {
    // The odd last coordinate is splat into both lanes; only lane 0 is read back.
    if (p < pairs)
      f.get(DATA)
        .mem("v128.load", 16 * p)
        .set(v);
    else
      f.get(DATA)
        .mem("v128.load64_splat", 16 * p)
        .set(v);
    f.get(sum[p]).get(v).op("f64x2.add").set(sum[p]);
    // if (x < lo) lo = x; if (x > hi) hi = x
    f.get(v).get(lo[p]).get(v).get(lo[p]).op("f64x2.lt", "v128.bitselect").set(lo[p]);
    f.get(v).get(hi[p]).get(v).get(hi[p]).op("f64x2.gt", "v128.bitselect").set(hi[p]);
  }
  f.inc(DATA, 8 * d).inc(i, 1);
  f.br(0).end().end();
  const store = (locals: number[], base: number) =>
    locals.forEach((local, p) => {
      if (p < pairs)
        f.get(OUT)
          .get(local)
          .mem("v128.store", base + 16 * p);
      else
        f.get(OUT)
          .get(local)
          .lane("f64x2.extract_lane", 0)
          .mem("f64.store", base + 16 * p);
    });
  store(sum, 0);
  store(lo, 8 * d);
  store(hi, 16 * d);
  return f;
}

function columnSquaresFunc(d: number): Func {
  const f = new Func("columnSquares", ["i32", "i32", "i32", "i32"]);
  const [DATA, N, MEANS, OUT] = [0, 1, 2, 3];
  const i = f.local("i32");
  const v = f.local("v128");
  const { pairs, odd } = pairsOf(d);
  const width = pairs + (odd ? 1 : 0);
  const sq = Array.from({ length: width }, () => f.local("v128"));
  const mean = Array.from({ length: width }, () => f.local("v128"));
  for (let p = 0; p < width; p++) {
    f.f64(0).op("f64x2.splat").set(sq[p]);
    if (p < pairs)
      f.get(MEANS)
        .mem("v128.load", 16 * p)
        .set(mean[p]);
    else
      f.get(MEANS)
        .mem("v128.load64_splat", 16 * p)
        .set(mean[p]);
  }
  f.block().loop();
  f.get(i).get(N).op("i32.ge_s").brIf(1);
  for (let p = 0; p < width; p++) {
    if (p < pairs) f.get(DATA).mem("v128.load", 16 * p);
    else f.get(DATA).mem("v128.load64_splat", 16 * p);
    f.get(mean[p]).op("f64x2.sub").tee(v).get(v).op("f64x2.mul").get(sq[p]).op("f64x2.add").set(sq[p]);
  }
  f.inc(DATA, 8 * d).inc(i, 1);
  f.br(0).end().end();
  sq.forEach((local, p) => {
    if (p < pairs)
      f.get(OUT)
        .get(local)
        .mem("v128.store", 16 * p);
    else
      f.get(OUT)
        .get(local)
        .lane("f64x2.extract_lane", 0)
        .mem("f64.store", 16 * p);
  });
  return f;
}
