import { stabilitySpill } from "../../src/functions/stability";
import { kmeansSpill } from "../../src/functions/segmenting";
import { createRng } from "../../src/core/random";
import { errorOf } from "../helpers/segment-error";
import { columns, labelsOf, mallCustomers } from "./support";

const incomeScore = columns(mallCustomers(), 1, 2);
const table = (k: unknown, runs: unknown = null, scaling: unknown = null, seed: unknown = null) =>
  stabilitySpill(incomeScore, k, runs, scaling, seed, null);

describe("SEGMENT.STABILITY", () => {
  it("scores each segment of KMEANS's fit on the Mall customers: all stable at k = 5", () => {
    const spill = table(5);
    expect(spill[0]).toEqual([
      "Segment",
      "Size",
      "Stability (mean Jaccard, 100 resamples)",
      "Dissolved (runs with Jaccard ≤ 0.5)",
      "Recovered (runs with Jaccard ≥ 0.75)",
      "Verdict",
    ]);
    expect(spill.slice(1).map((row) => row.slice(0, 2))).toEqual([
      [1, 81],
      [2, 39],
      [3, 35],
      [4, 23],
      [5, 22],
    ]);
    const scores = spill.slice(1).map((row) => row[2] as number);
    [0.9801, 0.997, 0.9804, 0.9692, 0.9901].forEach((x, c) => expect(scores[c]).toBeCloseTo(x, 3));
    expect(spill.slice(1).map((row) => row[5])).toEqual(Array(5).fill("stable"));
  });

  it("flags the small sixth segment at k = 6 as dissolving, as clusterboot does (0.565 there)", () => {
    const rows = table(6).slice(1);
    const last = rows[5];
    expect(last.slice(0, 2)).toEqual([6, 10]);
    expect(last[2]).toBeCloseTo(0.558, 2);
    expect(last[3]).toBeGreaterThan(40);
    expect(last[5]).toBe("dissolving");
  });

  it("numbers segments as KMEANS does with the same k, scaling and seed", () => {
    const labels = labelsOf(kmeansSpill([incomeScore, 4, "minmax", 7, null]));
    const sizes = [1, 2, 3, 4].map((c) => labels.filter((l) => l === c).length);
    expect(
      table(4, 20, "minmax", 7)
        .slice(1)
        .map((row) => row[1]),
    ).toEqual(sizes);
  });

  it("is deterministic for a seed", () => {
    expect(table(5, 10, null, 3)).toEqual(table(5, 10, null, 3));
    expect(table(5, 10, null, 3)).not.toEqual(table(5, 10, null, 4));
  });

  it("refuses runs outside 10..1000 and a missing k, naming them", () => {
    expect(errorOf(() => table(5, 5)).message).toBe("runs must be at least 10 (got 5).");
    expect(errorOf(() => table(5, 1001)).message).toBe("runs must be at most 1000 (got 1001).");
    expect(errorOf(() => table(null)).message).toBe("k is required.");
    expect(errorOf(() => table(201)).message).toMatch(/k = 201 is more than the 200 usable rows/);
  });

  it("refuses too much work, naming the runs that would fit", () => {
    const limits = { payloadBytes: 5 * 1024 * 1024, work: 200 * 2 * 5 * 4 * 30 };
    const error = errorOf(() => stabilitySpill(incomeScore, 5, 100, null, null, null, limits));
    expect(error.kind).toBe("value");
    expect(error.message).toBe(
      "100 resamples of k-means with k = 5 on 200 rows is too much work for a formula (it would freeze Excel for minutes): runs = 45 would fit, or use fewer rows or a smaller k.",
    );
    // The runs it names do fit.
    expect(stabilitySpill(incomeScore, 5, 45, null, null, null, limits)).toHaveLength(6);
    const tiny = { ...limits, work: 200 * 2 * 5 * 4 * 5 };
    expect(errorOf(() => stabilitySpill(incomeScore, 5, 10, null, null, null, tiny)).message).toMatch(
      /even 10 runs would not: use fewer rows or a smaller k\.$/,
    );
  });

  it("says so when a resample has fewer different rows than k", () => {
    const rng = createRng(1);
    const few = [["x"], ...Array.from({ length: 12 }, (_, i) => [i + rng.next()])];
    expect(errorOf(() => stabilitySpill(few, 11, 10, null, null, null)).message).toMatch(
      /^A bootstrap resample had fewer than 11 different rows/,
    );
    // Rows enough, but copies: a value held by one row is missing from about a third of resamples.
    const copies = [["x"], ...Array.from({ length: 50 }, (_, i) => [i % 5]), [77]];
    expect(errorOf(() => stabilitySpill(copies, 6, 10, null, null, null)).message).toMatch(
      /^A bootstrap resample had fewer than 6 different rows/,
    );
  });
});
