/**
 * The blocked silhouette (silhouette.ts) against the plain definition: for every row, the mean
 * distance to the rest of its cluster and to the nearest other cluster, summed one pair at a time.
 * The WebAssembly kernels and the JavaScript fallback must give the same bytes; both must match the
 * plain sums to rounding (they add the same distances in another order).
 */
import { useWasm } from "../../src/core/arena";
import { Matrix } from "../../src/core/matrix";
import { compactLabels, silhouetteSamples } from "../../src/core/metrics";
import { createRng } from "../../src/core/random";

function plainSilhouette({ data, n, d }: Matrix, labels: ArrayLike<number>): Float64Array {
  const { codes, k, sizes } = compactLabels(labels);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const totals = new Float64Array(k);
    for (let j = 0; j < n; j++) {
      let sq = 0;
      for (let t = 0; t < d; t++) sq += (data[i * d + t] - data[j * d + t]) ** 2;
      totals[codes[j]] += Math.sqrt(sq);
    }
    const own = codes[i];
    if (sizes[own] <= 1) continue;
    const a = totals[own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own) b = Math.min(b, totals[c] / sizes[c]);
    out[i] = Math.max(a, b) > 0 ? (b - a) / Math.max(a, b) : 0;
  }
  return out;
}

function bytes(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

interface Case {
  readonly name: string;
  readonly n: number;
  readonly d: number;
  readonly k: number;
  /** Integer-valued data has duplicate rows and equal distances. */
  readonly integers: boolean;
}

const cases: Case[] = [
  { name: "1-d, 2 clusters", n: 31, d: 1, k: 2, integers: false },
  { name: "2-d, 3 clusters of integers", n: 57, d: 2, k: 3, integers: true },
  { name: "3-d, 5 clusters", n: 203, d: 3, k: 5, integers: false },
  { name: "8-d, 8 clusters", n: 401, d: 8, k: 8, integers: false },
  { name: "8-d, 10 clusters of integers", n: 333, d: 8, k: 10, integers: true },
  { name: "13-d, 4 clusters", n: 150, d: 13, k: 4, integers: false },
];

describe("silhouette values", () => {
  test.each(cases.map((c) => [c.name, c] as const))("%s", (_name, { n, d, k, integers }) => {
    const rng = createRng(n + d + k);
    const data = Float64Array.from({ length: n * d }, () => (integers ? rng.int(4) : rng.next() * 10));
    // Uneven cluster sizes, including a single row (odd sizes exercise the kernels' tails).
    const labels = Array.from({ length: n }, (_, i) => (i === 0 ? k : 1 + (rng.int(k * 3) % (k - 1))));
    const matrix: Matrix = { data, n, d };
    const expected = plainSilhouette(matrix, labels);

    useWasm(true);
    const wasm = silhouetteSamples(matrix, labels);
    useWasm(false);
    const js = silhouetteSamples(matrix, labels);
    useWasm(true);

    expect(bytes(wasm).equals(bytes(js))).toBe(true);
    expect(wasm[0]).toBe(0);
    for (let i = 0; i < n; i++) expect(Math.abs(wasm[i] - expected[i])).toBeLessThanOrEqual(1e-12);
  });
});
