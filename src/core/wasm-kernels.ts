/**
 * The WebAssembly kernels, generated for the number of features d so that every loop over the
 * coordinates is straight-line code. Each works on float64 pairs (f64x2) and keeps every number's
 * arithmetic exactly as the plain JavaScript does it: coordinates added in order, one rounding per
 * operation, the same comparisons and the same tie rules. SIMD only computes two independent
 * numbers at once (two candidates, two centroids, two rows), never a different sum. So a kernel and
 * its JavaScript fallback give identical bytes, and results never depend on the host.
 */
import { Arena } from "./arena";
import { Func, assemble } from "./wasm-asm";

const modules = new Map<string, WebAssembly.Module>();

export function instance(arena: Arena, key: string, build: () => Func | Func[]): WebAssembly.Exports {
  let inst = arena.instances.get(key);
  if (!inst) {
    let mod = modules.get(key);
    if (!mod) {
      const funcs = build();
      mod = new WebAssembly.Module(assemble(Array.isArray(funcs) ? funcs : [funcs]));
      modules.set(key, mod);
    }
    inst = new WebAssembly.Instance(mod, { env: { memory: arena.memory } });
    arena.instances.set(key, inst);
  }
  return inst.exports;
}

/**
 * k-means++ trials: for `pairs` pairs of candidates (each pair interleaved per coordinate at
 * `cand`, 16 bytes per coordinate), the potential sum over rows of min(distance to the candidate,
 * closest[row]), added in row order. Writes one f64 pair per candidate pair at `out`.
 */
export type SeedTrials = (data: number, n: number, cand: number, closest: number, out: number) => void;

export function seedTrials(arena: Arena, d: number, pairs: number): SeedTrials {
  return instance(arena, `trials:${d}:${pairs}`, () => {
    const f = new Func("run", ["i32", "i32", "i32", "i32", "i32"]);
    const [DATA, N, CAND, CLOSEST, OUT] = [0, 1, 2, 3, 4];
    const i = f.local("i32");
    const own = f.local("v128");
    const sq = f.local("v128");
    const diff = f.local("v128");
    const cand = Array.from({ length: pairs * d }, () => f.local("v128"));
    const pot = Array.from({ length: pairs }, () => f.local("v128"));
    cand.forEach((local, x) =>
      f
        .get(CAND)
        .mem("v128.load", 16 * x)
        .set(local),
    );
    for (const local of pot) f.f64(0).op("f64x2.splat").set(local);
    f.block().loop();
    f.get(i).get(N).op("i32.ge_s").brIf(1);
    f.get(CLOSEST).mem("v128.load64_splat").set(own);
    for (let p = 0; p < pairs; p++) {
      squaredDistancePair(f, d, sq, diff, (t) => f.get(DATA).mem("v128.load64_splat", 8 * t), cand, p * d);
      // pot += sq < own ? sq : own
      f.get(pot[p])
        .get(sq)
        .get(own)
        .get(sq)
        .get(own)
        .op("f64x2.lt", "v128.bitselect", "f64x2.add")
        .set(pot[p]);
    }
    f.inc(DATA, 8 * d)
      .inc(CLOSEST, 8)
      .inc(i, 1);
    f.br(0).end().end();
    pot.forEach((local, p) =>
      f
        .get(OUT)
        .get(local)
        .mem("v128.store", 16 * p),
    );
    return f;
  }).run as SeedTrials;
}

/**
 * k-means++ update with centre number c at `cand`, keeping per row what Lloyd's first pass needs:
 * the nearest centre so far (ties to the lower number, as centres come in order), the squared
 * distance to it (`closest`) and to the second nearest (`second`). Once every centre is placed these
 * are exactly the first pass's labels and distances, computed with the same arithmetic.
 */
export type SeedUpdate = (
  data: number,
  n: number,
  cand: number,
  closest: number,
  nearest: number,
  second: number,
  c: number,
) => void;

export function seedUpdate(arena: Arena, d: number): SeedUpdate {
  return instance(arena, `update:${d}`, () => {
    const f = new Func("run", ["i32", "i32", "i32", "i32", "i32", "i32", "i32"]);
    const [DATA, N, CAND, CLOSEST, NEAREST, SECOND, C] = [0, 1, 2, 3, 4, 5, 6];
    const i = f.local("i32");
    const sum = f.local("f64");
    const diff = f.local("f64");
    const own = f.local("f64");
    const centre = Array.from({ length: d }, () => f.local("f64"));
    centre.forEach((local, t) =>
      f
        .get(CAND)
        .mem("f64.load", 8 * t)
        .set(local),
    );
    f.block().loop();
    f.get(i).get(N).op("i32.ge_s").brIf(1);
    for (let t = 0; t < d; t++) {
      f.get(DATA)
        .mem("f64.load", 8 * t)
        .get(centre[t])
        .op("f64.sub")
        .tee(diff)
        .get(diff)
        .op("f64.mul");
      if (t > 0) f.get(sum).op("f64.add");
      f.set(sum);
    }
    // if (sum < closest) { second = closest; closest = sum; nearest = c }
    // else if (sum < second) second = sum;
    // Branches, not selects: once a few centres are placed almost every row keeps its values, so
    // the branches are predictable and the stores are skipped.
    f.get(CLOSEST).mem("f64.load").set(own);
    f.get(sum).get(own).op("f64.lt").if();
    f.get(SECOND).get(own).mem("f64.store").get(CLOSEST).get(sum).mem("f64.store");
    f.get(NEAREST).get(C).mem("i32.store");
    f.else();
    f.get(sum).get(SECOND).mem("f64.load").op("f64.lt").if();
    f.get(SECOND).get(sum).mem("f64.store");
    f.end();
    f.end();
    f.inc(DATA, 8 * d)
      .inc(CLOSEST, 8)
      .inc(NEAREST, 4)
      .inc(SECOND, 8)
      .inc(i, 1);
    f.br(0).end().end();
    return f;
  }).run as SeedUpdate;
}

/**
 * For m draws sorted in increasing order (float64 at `thr`), the first row whose running sum of
 * `closest` reaches each one, or n - 1 when none does (int32 at `out`): searchsorted on the
 * cumulative sums, without storing them.
 */
export type SeedLocate = (closest: number, n: number, thr: number, m: number, out: number) => void;

export function seedLocate(arena: Arena): SeedLocate {
  return instance(arena, "locate", () => {
    const f = new Func("run", ["i32", "i32", "i32", "i32", "i32"]);
    const [CLOSEST, N, THR, M, OUT] = [0, 1, 2, 3, 4];
    const i = f.local("i32");
    const next = f.local("i32");
    const running = f.local("f64");
    const target = f.local("f64");
    f.get(M).op("i32.eqz").if().br(1).end();
    f.get(THR).mem("f64.load").set(target);
    f.block().loop();
    f.get(i).get(N).op("i32.ge_s").brIf(1);
    f.get(running).get(CLOSEST).mem("f64.load").op("f64.add").set(running);
    f.get(running).get(target).op("f64.lt", "i32.eqz").if();
    // Every draw the running sum has now reached lands on this row.
    f.block().loop();
    f.get(next).get(M).op("i32.ge_s").brIf(1);
    f.get(running).get(THR).get(next).i32(3).op("i32.shl", "i32.add").mem("f64.load").op("f64.ge");
    f.op("i32.eqz").brIf(1);
    f.get(OUT).get(next).i32(2).op("i32.shl", "i32.add").get(i).mem("i32.store");
    f.inc(next, 1).br(0).end().end();
    f.get(next).get(M).op("i32.ge_s").brIf(2);
    f.get(THR).get(next).i32(3).op("i32.shl", "i32.add").mem("f64.load").set(target);
    f.end();
    f.inc(CLOSEST, 8).inc(i, 1).br(0).end().end();
    // Draws beyond the total land on the last row.
    f.block().loop();
    f.get(next).get(M).op("i32.ge_s").brIf(1);
    f.get(OUT).get(next).i32(2).op("i32.shl", "i32.add").get(N).i32(1).op("i32.sub").mem("i32.store");
    f.inc(next, 1).br(0).end().end();
    return f;
  }).run as SeedLocate;
}

/**
 * Silhouette sums for the two rows p and p + 1 (sorted by cluster) against rows j in [j, end):
 * each lane adds its row's distances in order of j, starting from `init` (lane 0) and 0 (lane 1),
 * and the column totals at `col` get the distance from p, then from p + 1, as the plain loop adds
 * them. Writes the two sums at `out`.
 */
export type SilhouettePair = (
  data: number,
  p: number,
  j: number,
  end: number,
  col: number,
  init: number,
  out: number,
) => void;

export function silhouettePair(arena: Arena, d: number): SilhouettePair {
  return instance(arena, `silhouette:${d}`, () => {
    const f = new Func("run", ["i32", "i32", "i32", "i32", "i32", "f64", "i32"]);
    const [DATA, P, J, END, COL, INIT, OUT] = [0, 1, 2, 3, 4, 5, 6];
    const row = f.local("i32");
    const cell = f.local("i32");
    const acc = f.local("v128");
    const sq = f.local("v128");
    const diff = f.local("v128");
    const dist = f.local("v128");
    const xp = Array.from({ length: d }, () => f.local("v128"));
    f.get(DATA)
      .get(P)
      .i32(8 * d)
      .op("i32.mul")
      .op("i32.add")
      .set(row);
    xp.forEach((local, t) => {
      f.get(row)
        .mem("f64.load", 8 * t)
        .op("f64x2.splat");
      f.get(row)
        .mem("f64.load", 8 * (d + t))
        .lane("f64x2.replace_lane", 1)
        .set(local);
    });
    f.f64(0).op("f64x2.splat").get(INIT).lane("f64x2.replace_lane", 0).set(acc);
    f.get(DATA)
      .get(J)
      .i32(8 * d)
      .op("i32.mul")
      .op("i32.add")
      .set(row);
    f.get(COL).get(J).i32(8).op("i32.mul").op("i32.add").set(cell);
    f.block().loop();
    f.get(J).get(END).op("i32.ge_s").brIf(1);
    squaredDistancePair(f, d, sq, diff, (t) => f.get(row).mem("v128.load64_splat", 8 * t), xp, 0);
    f.get(sq).op("f64x2.sqrt").set(dist);
    f.get(acc).get(dist).op("f64x2.add").set(acc);
    f.get(cell).get(cell).mem("f64.load").get(dist).lane("f64x2.extract_lane", 0).op("f64.add");
    f.get(dist).lane("f64x2.extract_lane", 1).op("f64.add").mem("f64.store");
    f.inc(row, 8 * d)
      .inc(cell, 8)
      .inc(J, 1);
    f.br(0).end().end();
    f.get(OUT).get(acc).mem("v128.store");
    return f;
  }).run as SilhouettePair;
}

/**
 * sq = sum over t of (x_t - other_t)^2, coordinate after coordinate, in both lanes: `pushX(t)`
 * pushes coordinate t of one side, `others[base + t]` holds the other side's pair.
 */
export function squaredDistancePair(
  f: Func,
  d: number,
  sq: number,
  diff: number,
  pushX: (t: number) => void,
  others: readonly number[],
  base: number,
): void {
  for (let t = 0; t < d; t++) {
    pushX(t);
    f.get(others[base + t])
      .op("f64x2.sub")
      .tee(diff)
      .get(diff)
      .op("f64x2.mul");
    // The first term stands alone: 0 + x is x for the non-negative x here, as in the plain sum.
    if (t > 0) f.get(sq).op("f64x2.add");
    f.set(sq);
  }
}
