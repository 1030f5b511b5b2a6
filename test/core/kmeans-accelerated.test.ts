/**
 * The accelerated k-means (seeding.ts, lloyd.ts) against the plain algorithms (kmeans-reference.ts):
 * byte-identical starting centres, labels, centroids, inertia and iteration counts, on data made to
 * be hard for bounds: small integer grids full of duplicate rows and exact distance ties, starts
 * that leave clusters empty, duplicate starting centroids, overlapping blobs that take many
 * iterations, and runs cut short by the iteration limit. Every case runs twice: with the
 * WebAssembly kernels and with the plain JavaScript fallback.
 */
import { MAX_KERNEL_FEATURES, useWasm, wasmEnabled } from "../../src/core/arena";
import { silhouetteValues } from "../../src/core/silhouette";
import { kernelUses } from "../../src/core/wasm-kernels";
import { kmeans, kmeansPlusPlus } from "../../src/core/kmeans";
import { kmeansPlusPlusReference, lloydReference } from "../../src/core/kmeans-reference";
import { RunResult, lloyd } from "../../src/core/lloyd";
import { Matrix } from "../../src/core/matrix";
import { createRng } from "../../src/core/random";

function bytes(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** n rows of d values drawn from `levels` evenly spaced values: duplicates and ties everywhere. */
function grid(seed: number, n: number, d: number, levels: number, step = 1): Matrix {
  const rng = createRng(seed);
  return { data: Float64Array.from({ length: n * d }, () => rng.int(levels) * step), n, d };
}

function blobs(seed: number, n: number, d: number, centres: number, std: number): Matrix {
  const rng = createRng(seed);
  const means = Float64Array.from({ length: centres * d }, () => rng.next() * 20 - 10);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = rng.int(centres);
    for (let t = 0; t < d; t++) {
      const g = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
      data[i * d + t] = means[c * d + t] + std * g;
    }
  }
  return { data, n, d };
}

/** As kmeans scales it: the mean of the features' population variances, a column at a time. */
function meanVariance({ data, n, d }: Matrix): number {
  let total = 0;
  for (let j = 0; j < d; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += data[i * d + j];
    const mu = sum / n;
    let sq = 0;
    for (let i = 0; i < n; i++) sq += (data[i * d + j] - mu) ** 2;
    total += sq / n;
  }
  return total / d;
}

/** Diagonal of the box around the rows and the starting centroids. */
function diameter({ data, d }: Matrix, start: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < d; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const values of [data, start]) {
      for (let x = j; x < values.length; x += d) {
        lo = Math.min(lo, values[x]);
        hi = Math.max(hi, values[x]);
      }
    }
    sum += (hi - lo) ** 2;
  }
  return Math.sqrt(sum);
}

function expectSameRun(fast: RunResult, plain: RunResult): void {
  expect(fast.iterations).toBe(plain.iterations);
  expect(fast.converged).toBe(plain.converged);
  expect(bytes(fast.labels).equals(bytes(plain.labels))).toBe(true);
  expect(bytes(fast.centroids).equals(bytes(plain.centroids))).toBe(true);
  expect(Object.is(fast.inertia, plain.inertia)).toBe(true);
}

function compare(matrix: Matrix, k: number, start: Float64Array, maxIterations: number, tol: number): void {
  const tolerance = tol * meanVariance(matrix);
  const plain = lloydReference(matrix, k, Float64Array.from(start), maxIterations, tolerance);
  const fast = lloyd(matrix, k, Float64Array.from(start), maxIterations, tolerance, diameter(matrix, start));
  expectSameRun(fast, plain);
}

interface Case {
  readonly name: string;
  readonly matrix: Matrix;
  readonly ks: readonly number[];
}

const cases: Case[] = [
  { name: "1-d grid of 3 levels, 40 rows", matrix: grid(1, 40, 1, 3), ks: [1, 2, 3] },
  { name: "2-d grid of 4 levels, 200 rows", matrix: grid(2, 200, 2, 4), ks: [2, 3, 5, 8] },
  { name: "3-d grid of 3 levels, 500 rows", matrix: grid(3, 500, 3, 3), ks: [2, 4, 7, 12] },
  { name: "5-d grid of 2 levels, step 0.1, 300 rows", matrix: grid(4, 300, 5, 2, 0.1), ks: [3, 6, 9] },
  { name: "8-d grid of 3 levels, 1000 rows", matrix: grid(5, 1000, 8, 3), ks: [2, 8, 10] },
  { name: "4-d overlapping blobs, 1000 rows", matrix: blobs(6, 1000, 4, 6, 4), ks: [3, 6, 9] },
  { name: "8-d overlapping blobs, 1000 rows", matrix: blobs(7, 1000, 8, 8, 5), ks: [8, 12] },
  { name: "8-d separated blobs, 1000 rows", matrix: blobs(8, 1000, 8, 8, 1), ks: [4, 8] },
  // Past 255 clusters labels take four bytes instead of one (labels.ts): the other kernels.
  { name: "2-d blobs, 1200 rows, four-byte labels", matrix: blobs(9, 1200, 2, 30, 3), ks: [256, 300] },
];

const modes = [
  ["WebAssembly", true],
  ["JavaScript", false],
] as const;

describe.each(modes)("with the %s kernels", (_mode, wasm) => {
  beforeAll(() => useWasm(wasm));
  afterAll(() => useWasm(true));

  test("the mode is in force (WebAssembly SIMD is available in Node 20)", () => {
    expect(wasmEnabled()).toBe(wasm);
  });

  describe("accelerated k-means++ gives the plain algorithm's centres", () => {
    test.each(cases.map((c) => [c.name, c] as const))("%s", (_name, { matrix, ks }) => {
      for (const k of ks) {
        for (let seed = 0; seed < 3; seed++) {
          const fast = kmeansPlusPlus(matrix, k, createRng(seed));
          const plain = kmeansPlusPlusReference(matrix, k, createRng(seed));
          expect(bytes(fast).equals(bytes(plain))).toBe(true);
        }
      }
    });
  });

  describe("Lloyd with Hamerly's bounds gives the plain algorithm's run, byte for byte", () => {
    test.each(cases.map((c) => [c.name, c] as const))(
      "%s, from k-means++ starts",
      (_name, { matrix, ks }) => {
        for (const k of ks) {
          for (let seed = 0; seed < 3; seed++) {
            const start = kmeansPlusPlusReference(matrix, k, createRng(seed));
            compare(matrix, k, start, 300, 1e-4);
            compare(matrix, k, start, 300, 0);
            compare(matrix, k, start, 1 + (seed % 3), 1e-4);
          }
        }
      },
    );

    test.each(cases.map((c) => [c.name, c] as const))(
      "%s, from starts that empty clusters or repeat a centroid",
      (_name, { matrix, ks }) => {
        const { data, n, d } = matrix;
        for (const k of ks) {
          if (k < 2) continue;
          const rng = createRng(k);
          // Rows picked at random (duplicates likely on a grid), one centroid far outside the data,
          // and the first centroid repeated.
          const start = new Float64Array(k * d);
          for (let c = 0; c < k; c++) {
            const row = rng.int(n);
            start.set(data.subarray(row * d, row * d + d), c * d);
          }
          const far = Float64Array.from(start);
          far.fill(1000, (k - 1) * d, k * d);
          const repeated = Float64Array.from(start);
          repeated.set(start.subarray(0, d), d);
          for (const s of [start, far, repeated]) {
            compare(matrix, k, s, 300, 1e-4);
            compare(matrix, k, s, 300, 0);
          }
        }
      },
    );
  });

  describe("kmeans with restarts is the best of the plain runs", () => {
    test.each(cases.map((c) => [c.name, c] as const))("%s", (_name, { matrix, ks }) => {
      const distinct = new Set<string>();
      for (let i = 0; i < matrix.n; i++)
        distinct.add(bytes(matrix.data.subarray(i * matrix.d, (i + 1) * matrix.d)).toString("hex"));
      for (const k of ks) {
        if (k > distinct.size) continue;
        const rng = createRng(11);
        let best: RunResult | null = null;
        for (let r = 0; r < 4; r++) {
          const start = kmeansPlusPlusReference(matrix, k, rng);
          const run = lloydReference(matrix, k, start, 300, 1e-4 * meanVariance(matrix));
          if (best === null || run.inertia < best.inertia) best = run;
        }
        const plain = best as RunResult;
        let fit;
        try {
          fit = kmeans(matrix, { k, seed: 11, restarts: 4 });
        } catch {
          // The plain best run left a cluster empty too: then kmeans refuses, as it always has.
          expect(new Set(plain.labels).size).toBeLessThan(k);
          continue;
        }
        expect(Object.is(fit.inertia, plain.inertia)).toBe(true);
        expect(fit.iterations).toBe(plain.iterations);
        // Same partition: kmeans only renumbers the clusters.
        const rename = new Map<number, number>();
        for (let i = 0; i < matrix.n; i++) {
          const seen = rename.get(plain.labels[i]);
          if (seen === undefined) rename.set(plain.labels[i], fit.labels[i]);
          else expect(fit.labels[i]).toBe(seen);
        }
      }
    });
  });
});

describe("wide data runs in JavaScript", () => {
  it(`beyond ${MAX_KERNEL_FEATURES} features no kernel is generated, and the results are the same bytes`, () => {
    const wide = blobs(4, 120, MAX_KERNEL_FEATURES + 1, 3, 1);
    const codes = {
      codes: Int32Array.from({ length: 120 }, (_, i) => i % 3),
      k: 3,
      sizes: Float64Array.from([40, 40, 40]),
    };
    const before = kernelUses();
    const fit = kmeans(wide, { k: 3, seed: 1, restarts: 1 });
    const scores = silhouetteValues(wide, codes);
    expect(kernelUses()).toBe(before);
    useWasm(false);
    try {
      expect(bytes(kmeans(wide, { k: 3, seed: 1, restarts: 1 }).labels)).toEqual(bytes(fit.labels));
      expect(bytes(silhouetteValues(wide, codes))).toEqual(bytes(scores));
    } finally {
      useWasm(true);
    }
    // At the limit, the kernels still run.
    const atLimit = blobs(5, 40, MAX_KERNEL_FEATURES, 2, 1);
    kmeans(atLimit, { k: 2, seed: 1, restarts: 1 });
    expect(kernelUses()).toBeGreaterThan(before);
  });
});
