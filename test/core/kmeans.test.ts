import { SegmentError } from "../../src/core/errors";
import { CancelledError, assignToNearest, kmeans, kmeansPlusPlus } from "../../src/core/kmeans";
import { matrixFromRows } from "../../src/core/matrix";
import { createRng } from "../../src/core/random";

// Three tight groups on a line: sizes 4, 3 and 2.
const line = matrixFromRows([[0], [1], [2], [1.5], [10], [11], [10.5], [20], [21]]);

describe("kmeans", () => {
  it("reaches the exact result from explicit initial centres", () => {
    const result = kmeans(line, { k: 3, initialCentroids: Float64Array.from([0, 10, 20]) });
    expect(Array.from(result.labels)).toEqual([1, 1, 1, 1, 2, 2, 2, 3, 3]);
    expect(Array.from(result.centroids)).toEqual([1.125, 10.5, 20.5]);
    expect(result.sizes).toEqual([4, 3, 2]);
    // (1.125^2 + 0.125^2 + 0.875^2 + 0.375^2) + (0.25 + 0.25) + (0.25 + 0.25)
    expect(result.inertia).toBeCloseTo(2.1875 + 0.5 + 0.5, 12);
    expect(result.converged).toBe(true);
    expect(result.iterations).toBe(2);
  });

  it("numbers segments by size, largest first, whatever the start order", () => {
    const result = kmeans(line, { k: 3, initialCentroids: Float64Array.from([20, 10, 0]) });
    expect(Array.from(result.labels)).toEqual([1, 1, 1, 1, 2, 2, 2, 3, 3]);
  });

  it("breaks size ties by the segment that appears first", () => {
    const m = matrixFromRows([[10], [11], [0], [1]]);
    const result = kmeans(m, { k: 2, initialCentroids: Float64Array.from([0, 10]) });
    expect(Array.from(result.labels)).toEqual([1, 1, 2, 2]);
  });

  it("finds the obvious groups from k-means++ seeding", () => {
    const result = kmeans(line, { k: 3, seed: 7 });
    expect(Array.from(result.labels)).toEqual([1, 1, 1, 1, 2, 2, 2, 3, 3]);
  });

  it("gives the same result for the same seed", () => {
    const rows = Array.from({ length: 200 }, (_, i) => [
      Math.sin(i) * 10,
      Math.cos(i * 1.7) * 5,
      (i % 7) - 3,
    ]);
    const m = matrixFromRows(rows);
    const a = kmeans(m, { k: 4, seed: 3 });
    const b = kmeans(m, { k: 4, seed: 3 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.centroids)).toEqual(Array.from(b.centroids));
    expect(a.inertia).toBe(b.inertia);
  });

  it("keeps the best of several restarts", () => {
    const rows = Array.from({ length: 300 }, (_, i) => [
      (Math.sin(i * 12.9898) * 43758.5453) % 1,
      (Math.cos(i * 78.233) * 1000) % 1,
    ]);
    const m = matrixFromRows(rows);
    const one = kmeans(m, { k: 6, seed: 1, restarts: 1 });
    const many = kmeans(m, { k: 6, seed: 1, restarts: 8 });
    expect(many.inertia).toBeLessThanOrEqual(one.inertia);
  });

  it("relocates an empty cluster to the farthest row", () => {
    // The third start is far from everything: it wins no row in the first step.
    const result = kmeans(line, { k: 3, initialCentroids: Float64Array.from([0, 15, 1000]) });
    expect(result.sizes.reduce((a, b) => a + b)).toBe(9);
    expect(result.sizes.every((s) => s > 0)).toBe(true);
  });

  it("stops at the iteration limit and says it did not converge", () => {
    const rows = Array.from({ length: 100 }, (_, i) => [i, (i * 37) % 11]);
    const result = kmeans(matrixFromRows(rows), { k: 5, seed: 2, restarts: 1, maxIterations: 1 });
    expect(result.iterations).toBe(1);
    expect(result.converged).toBe(false);
  });

  it("refuses k out of range with a #VALUE! kind of error, with its message", () => {
    for (const k of [0, -1, 2.5, 10]) {
      expect(() => kmeans(line, { k })).toThrow(SegmentError);
    }
    expect(() => kmeans(line, { k: 10 })).toThrow("k = 10 is more than the 9 usable rows.");
  });

  it("refuses k above the number of distinct rows", () => {
    const m = matrixFromRows([[1], [1], [1], [2]]);
    expect(() => kmeans(m, { k: 3, seed: 1 })).toThrow("too few different rows");
  });

  it("handles k = 1 and k = n", () => {
    expect(kmeans(line, { k: 1 }).centroids[0]).toBeCloseTo(77 / 9, 12);
    expect(kmeans(line, { k: 9, seed: 4 }).inertia).toBe(0);
  });

  it("can be cancelled between iterations", () => {
    expect(() => kmeans(line, { k: 3, onIteration: () => false })).toThrow(CancelledError);
  });

  it("reports each start once its centres are placed (iteration 0), then after every iteration", () => {
    const heard: string[] = [];
    const fit = kmeans(line, {
      k: 3,
      restarts: 2,
      onIteration: ({ restart, restarts, iteration }) =>
        void heard.push(`${restart}/${restarts}:${iteration}`),
    });
    expect(heard[0]).toBe("1/2:0");
    expect(heard.filter((h) => h.endsWith(":0"))).toEqual(["1/2:0", "2/2:0"]);
    // Within a start the iterations count up from 0 without a gap.
    for (const restart of [1, 2]) {
      const its = heard.filter((h) => h.startsWith(`${restart}/`)).map((h) => Number(h.split(":")[1]));
      expect(its).toEqual(its.map((_, i) => i));
    }
    expect(fit.iterations).toBeGreaterThan(0);
    // A cancel as soon as the first centres are placed stops before any iteration.
    let calls = 0;
    expect(() => kmeans(line, { k: 3, onIteration: () => (calls++, false) })).toThrow(CancelledError);
    expect(calls).toBe(1);
  });

  it("keeps labels in one byte each up to 255 segments, four beyond", () => {
    const rows = matrixFromRows(Array.from({ length: 600 }, (_, i) => [i % 300, Math.floor(i / 300)]));
    for (const [k, kind] of [
      [255, Uint8Array],
      [256, Int32Array],
    ] as const) {
      const fit = kmeans(rows, { k, seed: 3, restarts: 2 });
      expect(fit.labels).toBeInstanceOf(kind);
      expect(fit.labels).toHaveLength(600);
      expect(Math.min(...fit.labels)).toBe(1);
      expect(Math.max(...fit.labels)).toBe(k);
      expect(fit.sizes.reduce((a, b) => a + b, 0)).toBe(600);
    }
  });
});

describe("kmeansPlusPlus", () => {
  it("picks k distinct rows of the data as starting centres", () => {
    const centres = kmeansPlusPlus(line, 3, createRng(5));
    const values = Array.from(centres);
    expect(new Set(values).size).toBe(3);
    for (const v of values) expect(Array.from(line.data)).toContain(v);
  });

  it("spreads the starts over well-separated groups", () => {
    for (let seed = 0; seed < 20; seed++) {
      const centres = Array.from(kmeansPlusPlus(line, 3, createRng(seed))).sort((a, b) => a - b);
      expect(centres[0]).toBeLessThan(5);
      expect(centres[1]).toBeGreaterThan(5);
      expect(centres[1]).toBeLessThan(15);
      expect(centres[2]).toBeGreaterThan(15);
    }
  });
});

describe("assignToNearest", () => {
  it("labels new rows by the nearest centroid, ties to the lower segment", () => {
    const labels = assignToNearest(matrixFromRows([[0], [5], [9], [16]]), Float64Array.from([1, 9, 20]), 3);
    expect(Array.from(labels)).toEqual([1, 1, 2, 3]);
  });
});
