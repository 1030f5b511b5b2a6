import fc from "fast-check";
import { NOISE, numberBySize } from "../../src/core/algorithms/clusterer";
import { kmeansClusterer } from "../../src/core/algorithms/kmeans";
import { kmeans } from "../../src/core/kmeans";
import { matrixFromRows } from "../../src/core/matrix";
import { mallCustomers } from "../helpers/mall";

describe("numberBySize", () => {
  it("numbers clusters 1..k by size, ties by first row, and keeps noise", () => {
    const raw = Int32Array.from([7, 3, NOISE, 3, 7, 9, 3, NOISE, 9]);
    // 3 has three rows; 7 and 9 two each, 7 first.
    const { labels, sizes } = numberBySize(raw);
    expect(Array.from(labels)).toEqual([2, 1, NOISE, 1, 2, 3, 1, NOISE, 3]);
    expect(sizes).toEqual([3, 2, 2]);
  });

  it("is a relabelling: the same partition, sizes non-increasing, noise untouched", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: 6 }), { maxLength: 60 }), (ids) => {
        const raw = Int32Array.from(ids);
        const { labels, sizes } = numberBySize(raw);
        for (let i = 0; i < raw.length; i++) {
          expect(labels[i] === NOISE).toBe(raw[i] === NOISE);
          for (let j = 0; j < i; j++)
            if (raw[i] !== NOISE) expect(labels[i] === labels[j]).toBe(raw[i] === raw[j]);
        }
        for (let c = 1; c < sizes.length; c++) expect(sizes[c]).toBeLessThanOrEqual(sizes[c - 1]);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(ids.filter((x) => x !== NOISE).length);
      }),
      { seed: 13, numRuns: 200 },
    );
  });
});

describe("k-means behind the seam", () => {
  it("gives the fit core/kmeans.ts gives, byte for byte", () => {
    const rows = mallCustomers()
      .slice(1)
      .map((r) => [Number(r[1]), Number(r[2])]);
    const matrix = matrixFromRows(rows);
    const direct = kmeans(matrix, { k: 5, seed: 42, restarts: 4 });
    const messages: string[] = [];
    const fractions: number[] = [];
    const seam = kmeansClusterer.fit(matrix, { k: 5, seed: 42, restarts: 4 }, (f, m) => {
      messages.push(m);
      fractions.push(f as number);
    });
    expect(Array.from(seam.labels)).toEqual(Array.from(direct.labels));
    expect(Buffer.from(seam.centroids?.buffer ?? new ArrayBuffer(0))).toEqual(
      Buffer.from(direct.centroids.buffer),
    );
    expect([seam.sizes, seam.noise, seam.iterations, seam.converged]).toEqual([
      direct.sizes,
      0,
      direct.iterations,
      direct.converged,
    ]);
    expect(messages[0]).toBe("k-means: start 1 of 4, centres placed");
    expect(messages[1]).toMatch(/^k-means: start 1 of 4, iteration \d+$/);
    expect(messages.at(-1)).toMatch(/^k-means: start 4 of 4, iteration \d+$/);
    // The bar moves forward only, from the first start to within the last one.
    expect(fractions[0]).toBe(0);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true);
    expect(fractions.at(-1)).toBeGreaterThan(0.75);
    expect(fractions.at(-1)).toBeLessThan(1);
  });
});
