import { sweep } from "../../src/core/choosek";
import { uniformSample } from "../../src/core/random";
import { SegmentError } from "../../src/core/errors";
import { matrixFromRows } from "../../src/core/matrix";
import { takeRows } from "../../src/core/metrics";
import { createRng } from "../../src/core/random";

function blobs(n: number, seed: number) {
  const rng = createRng(seed);
  const centres = [
    [0, 0],
    [10, 0],
    [0, 10],
  ];
  return matrixFromRows(Array.from({ length: n }, (_, i) => centres[i % 3].map((c) => c + rng.next() - 0.5)));
}

describe("uniformSample", () => {
  it("draws distinct rows in increasing order, the same ones for the same seed", () => {
    const a = uniformSample(1000, 100, 7);
    expect(a).toHaveLength(100);
    expect(new Set(a).size).toBe(100);
    for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThan(a[i - 1]);
    expect(Array.from(uniformSample(1000, 100, 7))).toEqual(Array.from(a));
    expect(Array.from(uniformSample(1000, 100, 8))).not.toEqual(Array.from(a));
  });
});

describe("sweep on a sample", () => {
  const matrix = blobs(600, 3);

  it("is the sweep of the sampled rows", () => {
    const sampled = sweep(matrix, { kmax: 5, sampleSize: 200, seed: 5 });
    const direct = sweep(takeRows(matrix, uniformSample(600, 200, 5)), { kmax: 5, seed: 5 });
    expect(sampled).toEqual(direct);
  });

  it("changes nothing when the data is no larger than the sample", () => {
    expect(sweep(matrix, { kmax: 4, sampleSize: 600 })).toEqual(sweep(matrix, { kmax: 4 }));
  });

  it("refuses a sample of fewer than two rows", () => {
    expect(() => sweep(matrix, { sampleSize: 1 })).toThrow(SegmentError);
  });
});
