/**
 * The WebAssembly kernels of k-means++ and of the silhouette, generated for the number of features
 * d so that every loop over the coordinates is straight-line code (lloyd-kernels.ts has Lloyd's).
 *
 * Each works on float64 pairs (f64x2) and keeps every number's arithmetic exactly as the plain
 * JavaScript does it: coordinates added in order, one rounding per operation, the same comparisons
 * and the same tie rules. The two lanes only compute two independent numbers at once (two
 * candidates, two rows), never one number in a different order. So a kernel and its JavaScript
 * fallback give identical bytes, and results never depend on the host.
 */
import { Arena } from "./arena";
import { Func, assemble } from "./wasm-asm";

const modules = new Map<string, WebAssembly.Module>();
let handedOut = 0;

/**
 * How many times kernels have been handed out to run (every kernel goes through `instance`), so a
 * caller can tell whether work since an earlier count ran as WebAssembly or all in the JavaScript
 * fallback (the analysis worker reports it: src/taskpane/kernel-report.ts).
 */
export function kernelUses(): number {
  return handedOut;
}

/** The exports of the module `key` (built once per process), instantiated on the arena's memory. */
export function instance(arena: Arena, key: string, build: () => Func | Func[]): WebAssembly.Exports {
  handedOut++;
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
 * Sets `sq`, in both lanes, to the sum over t of (x_t - y_t)^2, added coordinate after
 * coordinate: `pushX(t)` pushes x_t, `y(t)` is the local holding y_t. The first term stands alone:
 * 0 + x is x for the non-negative x here, so this is the plain loop's sum exactly.
 */
export function squaredDistancePair(
  f: Func,
  d: number,
  sq: number,
  diff: number,
  pushX: (t: number) => void,
  y: (t: number) => number,
): void {
  for (let t = 0; t < d; t++) {
    pushX(t);
    f.asm(`local.get ${y(t)} f64x2.sub local.tee ${diff} local.get ${diff} f64x2.mul`);
    if (t > 0) f.asm(`local.get ${sq} f64x2.add`);
    f.asm(`local.set ${sq}`);
  }
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
    const [own, sq, diff] = f.locals("v128", 3);
    const cand = f.locals("v128", pairs * d);
    const pot = f.locals("v128", pairs);
    cand.forEach((local, x) => f.asm(`local.get ${CAND} v128.load ${16 * x} local.set ${local}`));
    for (const local of pot) f.asm(`f64.const 0 f64x2.splat local.set ${local}`);
    f.asm(`block loop
      local.get ${i} local.get ${N} i32.ge_s br_if 1
      local.get ${CLOSEST} v128.load64_splat local.set ${own}`);
    for (let p = 0; p < pairs; p++) {
      const row = (t: number) => f.asm(`local.get ${DATA} v128.load64_splat ${8 * t}`);
      squaredDistancePair(f, d, sq, diff, row, (t) => cand[p * d + t]);
      // pot += sq < own ? sq : own
      f.asm(`local.get ${pot[p]} local.get ${sq} local.get ${own} local.get ${sq} local.get ${own}
        f64x2.lt v128.bitselect f64x2.add local.set ${pot[p]}`);
    }
    f.inc(DATA, 8 * d)
      .inc(CLOSEST, 8)
      .inc(i, 1);
    f.asm(`br 0 end end`);
    pot.forEach((local, p) => f.asm(`local.get ${OUT} local.get ${local} v128.store ${16 * p}`));
    return f;
  }).run as SeedTrials;
}

/**
 * k-means++ update with the new centre at `cand`: closest[row] becomes the squared distance to it
 * where that is smaller.
 */
export type SeedUpdate = (data: number, n: number, cand: number, closest: number) => void;

export function seedUpdate(arena: Arena, d: number): SeedUpdate {
  return instance(arena, `update:${d}`, () => {
    const f = new Func("run", ["i32", "i32", "i32", "i32"]);
    const [DATA, N, CAND, CLOSEST] = [0, 1, 2, 3];
    const i = f.local("i32");
    const [sum, diff] = f.locals("f64", 2);
    const centre = f.locals("f64", d);
    centre.forEach((local, t) => f.asm(`local.get ${CAND} f64.load ${8 * t} local.set ${local}`));
    f.asm(`block loop
      local.get ${i} local.get ${N} i32.ge_s br_if 1`);
    for (let t = 0; t < d; t++) {
      f.asm(`local.get ${DATA} f64.load ${8 * t} local.get ${centre[t]} f64.sub
        local.tee ${diff} local.get ${diff} f64.mul`);
      if (t > 0) f.asm(`local.get ${sum} f64.add`);
      f.asm(`local.set ${sum}`);
    }
    // A branch rather than a select: once a few centres are placed almost every row keeps its
    // distance, so the branch is predictable and the store is skipped.
    f.asm(`local.get ${sum} local.get ${CLOSEST} f64.load f64.lt
      if local.get ${CLOSEST} local.get ${sum} f64.store end`);
    f.inc(DATA, 8 * d)
      .inc(CLOSEST, 8)
      .inc(i, 1);
    f.asm(`br 0 end end`);
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
    const [i, next] = f.locals("i32", 2);
    const [running, target] = f.locals("f64", 2);
    f.asm(`
      local.get ${M} i32.eqz if br 1 end
      local.get ${THR} f64.load local.set ${target}
      block loop
        local.get ${i} local.get ${N} i32.ge_s br_if 1
        local.get ${running} local.get ${CLOSEST} f64.load f64.add local.set ${running}
        local.get ${running} local.get ${target} f64.lt i32.eqz
        if
          block loop
            local.get ${next} local.get ${M} i32.ge_s br_if 1
            local.get ${running}
            local.get ${THR} local.get ${next} i32.const 3 i32.shl i32.add f64.load
            f64.ge i32.eqz br_if 1
            local.get ${OUT} local.get ${next} i32.const 2 i32.shl i32.add local.get ${i} i32.store
            local.get ${next} i32.const 1 i32.add local.set ${next}
            br 0
          end end
          local.get ${next} local.get ${M} i32.ge_s br_if 2
          local.get ${THR} local.get ${next} i32.const 3 i32.shl i32.add f64.load local.set ${target}
        end
        local.get ${CLOSEST} i32.const 8 i32.add local.set ${CLOSEST}
        local.get ${i} i32.const 1 i32.add local.set ${i}
        br 0
      end end
      block loop
        local.get ${next} local.get ${M} i32.ge_s br_if 1
        local.get ${OUT} local.get ${next} i32.const 2 i32.shl i32.add
        local.get ${N} i32.const 1 i32.sub i32.store
        local.get ${next} i32.const 1 i32.add local.set ${next}
        br 0
      end end`);
    return f;
  }).run as SeedLocate;
}

/**
 * Silhouette sums for `rows` consecutive rows p, p + 1, ... (sorted by cluster; rows is even)
 * against the rows j in [j, end). Lane by lane, each row adds its distances in order of j to its
 * running sum (read from and written back to `acc`, one float64 per row). Each row j's column
 * total at `col` is a pair: lane 0 adds the distances from rows p, p + 2, ... and lane 1 from
 * p + 1, p + 3, ..., in that order (silhouette.ts adds the two lanes at the end).
 */
export type SilhouetteRows = (
  data: number,
  p: number,
  j: number,
  end: number,
  col: number,
  acc: number,
) => void;

export function silhouetteRows(arena: Arena, d: number, rows: number): SilhouetteRows {
  return instance(arena, `silhouette:${d}:${rows}`, () => {
    const f = new Func("run", ["i32", "i32", "i32", "i32", "i32", "i32"]);
    const [DATA, P, J, END, COL, ACC] = [0, 1, 2, 3, 4, 5];
    const lanes = rows / 2;
    const [row, cell] = f.locals("i32", 2);
    const [splat, diff, col] = f.locals("v128", 3);
    const sq = f.locals("v128", lanes);
    const sums = f.locals("v128", lanes);
    // xs[h * d + t]: coordinate t of rows p + 2h and p + 2h + 1.
    const xs = f.locals("v128", lanes * d);
    f.asm(`local.get ${DATA} local.get ${P} i32.const ${8 * d} i32.mul i32.add local.set ${row}`);
    for (let h = 0; h < lanes; h++) {
      for (let t = 0; t < d; t++) {
        f.asm(`local.get ${row} f64.load ${8 * (2 * h * d + t)} f64x2.splat
          local.get ${row} f64.load ${8 * ((2 * h + 1) * d + t)} f64x2.replace_lane 1
          local.set ${xs[h * d + t]}`);
      }
      f.asm(`local.get ${ACC} v128.load ${16 * h} local.set ${sums[h]}`);
    }
    f.asm(`local.get ${DATA} local.get ${J} i32.const ${8 * d} i32.mul i32.add local.set ${row}
      local.get ${COL} local.get ${J} i32.const 16 i32.mul i32.add local.set ${cell}
      block loop
        local.get ${J} local.get ${END} i32.ge_s br_if 1`);
    // Coordinate by coordinate, row j's value against every row of the group.
    for (let t = 0; t < d; t++) {
      f.asm(`local.get ${row} v128.load64_splat ${8 * t} local.set ${splat}`);
      for (let h = 0; h < lanes; h++) {
        f.asm(`local.get ${splat} local.get ${xs[h * d + t]} f64x2.sub
          local.tee ${diff} local.get ${diff} f64x2.mul`);
        if (t > 0) f.asm(`local.get ${sq[h]} f64x2.add`);
        f.asm(`local.set ${sq[h]}`);
      }
    }
    f.asm(`local.get ${cell} v128.load local.set ${col}`);
    for (let h = 0; h < lanes; h++) {
      f.asm(`local.get ${sq[h]} f64x2.sqrt local.set ${sq[h]}
        local.get ${sums[h]} local.get ${sq[h]} f64x2.add local.set ${sums[h]}
        local.get ${col} local.get ${sq[h]} f64x2.add local.set ${col}`);
    }
    f.asm(`local.get ${cell} local.get ${col} v128.store`);
    f.inc(row, 8 * d)
      .inc(cell, 16)
      .inc(J, 1);
    f.asm(`br 0 end end`);
    sums.forEach((local, h) => f.asm(`local.get ${ACC} local.get ${local} v128.store ${16 * h}`));
    return f;
  }).run as SilhouetteRows;
}
