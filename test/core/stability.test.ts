import fc from "fast-check";
import { readFileSync } from "fs";
import path from "path";
import { kmeans } from "../../src/core/kmeans";
import { Matrix, matrixFromRows } from "../../src/core/matrix";
import { prepare, segmentPrepared } from "../../src/core/pipeline";
import { createRng } from "../../src/core/random";
import { SegmentStability, clusterStability, stabilityVerdict } from "../../src/core/stability";
import { mallCustomers } from "../helpers/mall";

/** scripts/clusterboot_reference.R: fpc::clusterboot, B = 1000, kmeansCBI with 4 runs. */
interface Reference {
  readonly noise: number[][];
  readonly cases: readonly {
    readonly name: "mall" | "noise";
    readonly k: number;
    readonly runs: number;
    readonly sizes: number[];
    readonly centroids: number[][];
    readonly stability: number[];
    readonly dissolved: number[];
    readonly recovered: number[];
  }[];
}
const reference = JSON.parse(
  readFileSync(path.resolve(__dirname, "..", "fixtures", "clusterboot-reference.json"), "utf8"),
) as Reference;

const options = { seed: 42, restarts: 4 };

function blobs(perBlob: number, centres: number[][], spread: number, seed: number): Matrix {
  const rng = createRng(seed);
  const rows: number[][] = [];
  for (let i = 0; i < perBlob * centres.length; i++) {
    rows.push(centres[i % centres.length].map((x) => x + spread * (rng.next() - 0.5)));
  }
  return matrixFromRows(rows);
}

function stabilityOf(matrix: Matrix, k: number, runs = 100, seed = 42): SegmentStability[] {
  const fit = kmeans(matrix, { k, ...options, seed });
  return clusterStability(matrix, fit.labels, { k, runs, ...options, seed });
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Income and Spending Score of the Mall customers, z-scored, and the k-means fit SEGMENT.KMEANS gives. */
function mallFit(k: number) {
  const incomeScore = mallCustomers().map((row) => row.slice(1, 3));
  const prepared = prepare(incomeScore, { scaling: "zscore" });
  return { prepared, fit: segmentPrepared(prepared, { k, ...options }) };
}

describe("clusterStability", () => {
  it("scores planted, well-separated blobs above 0.95, every segment", () => {
    const matrix = blobs(
      60,
      [
        [0, 0],
        [10, 0],
        [0, 10],
        [10, 10],
        [5, 5],
      ],
      2,
      1,
    );
    const scores = stabilityOf(matrix, 5);
    for (const s of scores) {
      expect(s.stability).toBeGreaterThan(0.95);
      expect(s.dissolved).toBe(0);
      expect(stabilityVerdict(s.stability)).toBe("stable");
    }
  });

  it("scores uniform noise at k = 5 low: a mean below 0.85 and a segment below 0.75 (the blobs' fail both)", () => {
    // 300 rows on the unit square: 0.832, 0.932, 0.849, 0.678, 0.842. Noise in two dimensions cut
    // into five is not hopeless, and clusterboot agrees: 0.59 to 0.91 on the same rows, mean 0.71.
    const scores = stabilityOf(matrixFromRows(reference.noise), 5).map((s) => s.stability);
    expect(mean(scores)).toBeLessThan(0.85);
    expect(Math.min(...scores)).toBeLessThan(0.75);
    expect(scores.map(stabilityVerdict)).toContain("weak");
  });

  it("agrees with R's clusterboot on the Mall customers within 0.03 per segment (1000 resamples each)", () => {
    for (const ref of reference.cases.filter((c) => c.name === "mall")) {
      const { prepared, fit } = mallFit(ref.k);
      const scores = clusterStability(prepared.fitted.matrix, fit.fit.labels, {
        k: ref.k,
        runs: ref.runs,
        ...options,
      });
      for (let c = 0; c < ref.k; c++) {
        // R numbers its clusters its own way: the same segment is the one with the nearest centroid.
        const centre = [fit.centroids[2 * c], fit.centroids[2 * c + 1]];
        const distances = ref.centroids.map((r) => (r[0] - centre[0]) ** 2 + (r[1] - centre[1]) ** 2);
        const r = distances.indexOf(Math.min(...distances));
        expect(fit.fit.sizes[c]).toBe(ref.sizes[r]);
        expect(Math.abs(scores[c].stability - ref.stability[r])).toBeLessThan(0.03);
        expect(Math.abs(scores[c].dissolved - ref.dissolved[r])).toBeLessThanOrEqual(0.06 * ref.runs);
        expect(Math.abs(scores[c].recovered - ref.recovered[r])).toBeLessThanOrEqual(0.06 * ref.runs);
      }
    }
  });

  it("finds what clusterboot finds on uniform noise: low on average, with a dissolving segment", () => {
    const noise = reference.cases.find((c) => c.name === "noise");
    expect(noise).toBeDefined();
    expect(mean(noise?.stability ?? [])).toBeLessThan(0.8);
    expect(Math.min(...(noise?.stability ?? []))).toBeLessThan(0.6);
  });

  it("gives one segment exactly 1: the Jaccard is over the rows drawn, not every row", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (seed) => {
        const matrix = blobs(
          10,
          [
            [0, 0],
            [3, 1],
          ],
          4,
          seed,
        );
        const [only] = clusterStability(matrix, new Int32Array(matrix.n).fill(1), {
          k: 1,
          runs: 10,
          seed,
          restarts: 1,
        });
        expect(only).toEqual({ stability: 1, dissolved: 0, recovered: 10 });
      }),
      { seed: 20240614, numRuns: 20 },
    );
  });

  it("depends on the seed only: the same seed, the same scores; another seed, others", () => {
    const matrix = matrixFromRows(reference.noise);
    expect(stabilityOf(matrix, 4, 20)).toEqual(stabilityOf(matrix, 4, 20));
    expect(stabilityOf(matrix, 4, 20, 7)).not.toEqual(stabilityOf(matrix, 4, 20, 8));
  });

  it("counts dissolutions (at most 0.5) and recoveries (at least 0.75) per run", () => {
    const scores = stabilityOf(matrixFromRows(reference.noise), 5, 50);
    for (const s of scores) {
      expect(s.dissolved + s.recovered).toBeLessThanOrEqual(50);
      // A mean above 0.75 needs recoveries; a mean at most 0.5 needs dissolutions.
      if (s.stability > 0.75) expect(s.recovered).toBeGreaterThan(0);
      if (s.stability <= 0.5) expect(s.dissolved).toBeGreaterThan(0);
    }
    expect(scores.some((s) => s.dissolved > 0)).toBe(true);
  });
});

describe("stabilityVerdict", () => {
  it("reads Hennig's bands", () => {
    expect(stabilityVerdict(1)).toBe("stable");
    expect(stabilityVerdict(0.85)).toBe("stable");
    expect(stabilityVerdict(0.8499)).toBe("moderately stable");
    expect(stabilityVerdict(0.75)).toBe("moderately stable");
    expect(stabilityVerdict(0.7499)).toBe("weak");
    expect(stabilityVerdict(0.6)).toBe("weak");
    expect(stabilityVerdict(0.5999)).toBe("dissolving");
    expect(stabilityVerdict(0)).toBe("dissolving");
  });
});
