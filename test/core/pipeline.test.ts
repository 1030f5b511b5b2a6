import { profileOf, segment, spreadToRows } from "../../src/core/pipeline";
import { errorOf } from "../helpers/segment-error";

const data = [
  ["Gender", "Age", "Income", "Spend"],
  ["Male", 19, 15, 39],
  ["Male", 21, 15, 81],
  ["Female", 20, 16, 6],
  ["Female", 23, 16, 77],
  ["Female", 31, 17, 40],
  ["Female", 22, 17, 76],
  ["Female", 35, 18, 6],
  ["Female", 23, 18, 94],
  ["Male", 64, 19, 3],
  ["Female", 30, 19, 72],
  ["Male", 67, 19, 14],
  ["Female", "", 19, 99],
];

describe("segment", () => {
  it("labels every usable row and leaves a row with a missing value unlabelled", () => {
    const result = segment(data, { k: 3 });
    expect(result.labelsByRow).toHaveLength(12);
    expect(result.labelsByRow[11]).toBe(0);
    expect(Array.from(result.labelsByRow.slice(0, 11)).every((l) => l >= 1 && l <= 3)).toBe(true);
    expect(result.fit.sizes.reduce((a, b) => a + b)).toBe(11);
  });

  it("labels that row too when missing values are imputed", () => {
    const result = segment(data, { k: 3, missing: "median" });
    expect(result.labelsByRow[11]).toBeGreaterThan(0);
  });

  it("gives centroids in original units", () => {
    const result = segment(data, { k: 2, features: ["Income"], scaling: "zscore" });
    const d = result.fitted.preprocessor.outputs.length;
    expect(d).toBe(1);
    for (let c = 0; c < 2; c++) {
      const members = data.slice(1).filter((_, i) => result.labelsByRow[i] === c + 1);
      const mean = members.reduce((s, r) => s + (r[2] as number), 0) / members.length;
      expect(result.centroids[c]).toBeCloseTo(mean, 10);
    }
  });

  it("is deterministic", () => {
    const a = segment(data, { k: 3, seed: 9 });
    const b = segment(data, { k: 3, seed: 9 });
    expect(Array.from(a.labelsByRow)).toEqual(Array.from(b.labelsByRow));
  });

  it("profiles the segments it found", () => {
    const report = profileOf(segment(data, { k: 3 }));
    expect(report.segments.map((s) => s.size).reduce((a, b) => a + b)).toBe(11);
    expect(report.numericFeatures).toEqual(["Age", "Income", "Spend"]);
    expect(report.categoryFeatures.map((c) => c.category)).toEqual(["Male", "Female"]);
    expect(report.overall.size).toBe(11);
  });

  it("explains bad input as errors of the right kind", () => {
    expect(errorOf(() => segment(data, { k: 0 })).kind).toBe("value");
    expect(errorOf(() => segment(data, { k: 12 })).message).toBe("k = 12 is more than the 11 usable rows.");
    expect(errorOf(() => segment([["Age"], [30]], { k: 1 })).message).toBe(
      "Segmenting needs at least two usable rows; this range has 1.",
    );
    expect(errorOf(() => segment([["Age"]], { k: 1 })).message).toBe("The range has no data rows.");
    expect(errorOf(() => segment([], { k: 1 })).kind).toBe("value");
  });
});

describe("spreadToRows", () => {
  it("returns the labels themselves when every row was used (rows null)", () => {
    const labels = Int32Array.from([2, 1, 3, 1]);
    expect(spreadToRows(labels, null, 4)).toBe(labels);
  });

  it("copies labels that are not an Int32Array of every row", () => {
    const fromArray = spreadToRows([2, 1, 3], null, 3);
    expect(fromArray).toBeInstanceOf(Int32Array);
    expect(Array.from(fromArray)).toEqual([2, 1, 3]);
    const wide = Float64Array.from([1, 2]);
    expect(Array.from(spreadToRows(wide, null, 2))).toEqual([1, 2]);
  });

  it("places labels at their table rows with an index, 0 elsewhere", () => {
    const labels = Int32Array.from([2, 1, 3]);
    const spread = spreadToRows(labels, Int32Array.from([0, 2, 5]), 6);
    expect(spread).not.toBe(labels);
    expect(Array.from(spread)).toEqual([2, 0, 1, 0, 0, 3]);
  });

  it("gives segment's labels by row with or without dropped rows", () => {
    const complete = segment(data.slice(0, 12), { k: 2, seed: 1 });
    expect(complete.fitted.rows).toBeNull();
    expect(complete.labelsByRow).toBe(complete.fit.labels);
    const dropped = segment(data, { k: 2, seed: 1 });
    expect(Array.from(dropped.fitted.rows ?? [])).toEqual(Array.from({ length: 11 }, (_, i) => i));
    expect(dropped.labelsByRow).toHaveLength(12);
    expect(Array.from(dropped.labelsByRow.subarray(0, 11))).toEqual(Array.from(dropped.fit.labels));
    expect(dropped.labelsByRow[11]).toBe(0);
  });
});
