import { SegmentError } from "../../src/core/errors";
import { matrixFromRows } from "../../src/core/matrix";
import {
  calinskiHarabasz,
  compactLabels,
  daviesBouldin,
  inertia,
  silhouetteSamples,
  silhouetteScore,
  stratifiedSample,
} from "../../src/core/metrics";
import { createRng } from "../../src/core/random";

// Two pairs on a line: {0, 2} and {10, 12}.
const pairs = matrixFromRows([[0], [2], [10], [12]]);
const pairLabels = [1, 1, 2, 2];

describe("metrics by hand", () => {
  it("inertia is the squared distance to each cluster's mean", () => {
    expect(inertia(pairs, pairLabels)).toBe(4);
  });

  it("silhouette follows (b - a) / max(a, b)", () => {
    // Row 0: a = 2, b = mean(10, 12) = 11, s = 9 / 11.
    const s = silhouetteSamples(pairs, pairLabels);
    expect(s[0]).toBeCloseTo(9 / 11, 15);
    expect(s[1]).toBeCloseTo((9 - 2) / 9, 15);
    expect(silhouetteScore(pairs, pairLabels).mean).toBeCloseTo((9 / 11 + 7 / 9) / 2, 15);
  });

  it("a row alone in its cluster has silhouette 0", () => {
    const s = silhouetteSamples(matrixFromRows([[0], [1], [5]]), [1, 1, 2]);
    expect(s[2]).toBe(0);
  });

  it("Calinski-Harabasz and Davies-Bouldin by hand", () => {
    // Means 1 and 11 are 5 from 6: between = 2 * 2 * 25 = 100; within = 4. CH = 100 * (4 - 2) / (4 * (2 - 1)).
    expect(calinskiHarabasz(pairs, pairLabels)).toBeCloseTo(50, 12);
    // Each spread is 1; centroids 10 apart: DB = (1 + 1) / 10.
    expect(daviesBouldin(pairs, pairLabels)).toBeCloseTo(0.2, 15);
  });

  it("accept labels of any integers", () => {
    expect(calinskiHarabasz(pairs, [7, 7, -3, -3])).toBeCloseTo(50, 12);
    expect(compactLabels([5, 9, 5]).k).toBe(2);
  });

  it("refuse a single cluster or labels of the wrong length", () => {
    expect(() => silhouetteSamples(pairs, [1, 1, 1, 1])).toThrow(SegmentError);
    expect(() => calinskiHarabasz(pairs, [1, 2])).toThrow("There are 2 labels for 4 rows.");
  });
});

describe("silhouette estimate beyond the exact limit", () => {
  const rng = createRng(3);
  const rows = Array.from({ length: 3000 }, (_, i) => [(i % 3) * 10 + rng.next(), rng.next()]);
  const labels = rows.map((_, i) => (i % 3) + 1);
  const m = matrixFromRows(rows);

  it("samples every segment in proportion and reports a standard error", () => {
    const exact = silhouetteScore(m, labels);
    const estimate = silhouetteScore(m, labels, { exactLimit: 600, seed: 1 });
    expect(exact.exact).toBe(true);
    expect(estimate.exact).toBe(false);
    expect(estimate.sampleSize).toBe(600);
    expect(estimate.standardError).toBeGreaterThan(0);
    expect(Math.abs(estimate.mean - exact.mean)).toBeLessThan(4 * estimate.standardError + 0.01);
    expect(silhouetteScore(m, labels, { exactLimit: 600, seed: 1 })).toEqual(estimate);
  });

  it("keeps at least two rows of a small segment", () => {
    const compact = compactLabels([...new Array(998).fill(1), 2, 2]);
    const sample = stratifiedSample(compact, 100, 5);
    expect(Array.from(sample).filter((r) => r >= 998)).toEqual([998, 999]);
  });
});
