import { NOISE } from "../../src/core/algorithms/clusterer";
import { createRng } from "../../src/core/random";
import { dbscan } from "../../src/core/algorithms/dbscan";
import { prepare } from "../../src/core/pipeline";
import { NOISE_HEADER } from "../../src/core/plan";
import { segmentDbscan, segmentKdist, segmentProfile } from "../../src/functions/functions";
import { ErrorCode, columns, excelError, mallCustomers } from "./support";

const incomeSpending = columns(mallCustomers(), 1, 2);

describe("SEGMENT.DBSCAN", () => {
  it("spills the core's DBSCAN labels on the z-scored data: 1..k by size, 0 for noise", () => {
    const spill = segmentDbscan(incomeSpending, 0.3, 5);
    const { fitted } = prepare(incomeSpending, { scaling: "zscore" });
    const core = dbscan(fitted.matrix, { eps: 0.3, minPoints: 5 });
    expect(core.noise).toBeGreaterThan(0);
    expect(spill[0]).toEqual([NOISE_HEADER]);
    expect(spill.slice(1).map((row) => row[0])).toEqual(
      Array.from(core.labels, (l) => (l === NOISE ? 0 : l)),
    );
    const sizes = core.sizes;
    for (let c = 1; c < sizes.length; c++) expect(sizes[c]).toBeLessThanOrEqual(sizes[c - 1]);
  });

  it("reads back into PROFILE with a Noise row", () => {
    const spill = segmentDbscan(incomeSpending, 0.3, 5);
    const profile = segmentProfile(incomeSpending, spill);
    expect(profile.map((row) => row[1])).toContain("Noise");
  });

  it("refuses a bad eps or min_points, naming it", () => {
    expect(excelError(() => segmentDbscan(incomeSpending, 0, 5))).toEqual({
      code: ErrorCode.invalidValue,
      message: "eps must be more than 0 (got 0).",
    });
    expect(excelError(() => segmentDbscan(incomeSpending, 0.3, 0)).message).toBe(
      "min_points must be at least 1 (got 0).",
    );
  });

  it("refuses an eps whose work would freeze Excel, before starting, but not one so wide it is cheap again", () => {
    const rows: (string | number)[][] = [Array.from({ length: 8 }, (_, j) => `f${j}`)];
    const rng = createRng(5);
    for (let i = 0; i < 20000; i++) rows.push(Array.from({ length: 8 }, () => rng.next() * 10));
    const started = Date.now();
    expect(excelError(() => segmentDbscan(rows, 8, 5, "none")).message).toMatch(
      /^eps = 8 makes each row a neighbour of about [\d,]+ others: too much work for a formula on 20,000 rows\. Use a smaller eps/,
    );
    // Every row everyone's neighbour: one segment, quickly.
    const wide = segmentDbscan(rows, 1000, 5, "none");
    expect(new Set(wide.slice(1).map((r) => r[0]))).toEqual(new Set([1]));
    // A guard against a hang, not a timing test.
    expect(Date.now() - started).toBeLessThan(10000);
  });
});

describe("SEGMENT.KDIST", () => {
  it("gives the sorted distances to the min_points-th nearest row and one suggested eps, which finds segments", () => {
    const table = segmentKdist(incomeSpending, 5);
    expect(table[0]).toEqual(["Rank", "Distance to the 5th nearest row", "Suggested eps"]);
    const rows = table.slice(1);
    expect(rows).toHaveLength(200);
    const distances = rows.map((r) => r[1] as number);
    for (let i = 1; i < distances.length; i++) expect(distances[i]).toBeGreaterThanOrEqual(distances[i - 1]);
    const suggested = rows.filter((r) => r[2] !== "");
    expect(suggested).toHaveLength(1);
    const eps = suggested[0][2] as number;
    expect(eps).toBe(suggested[0][1]);
    const labels = segmentDbscan(incomeSpending, eps, 5)
      .slice(1)
      .map((r) => r[0] as number);
    expect(Math.max(...labels)).toBeGreaterThanOrEqual(2);
  });
});
