import fc from "fast-check";
import { CellValue } from "../../src/core/cells";
import { matrixFromRows } from "../../src/core/matrix";
import { segment } from "../../src/core/pipeline";
import { SCALINGS, fitPreprocessor } from "../../src/core/preprocess";
import {
  FeatureSeparation,
  SEPARATION_THRESHOLDS,
  featureSeparation,
  separationReport,
  separationWarnings,
  sumsOfSquares,
} from "../../src/core/separation";
import { readTable } from "../../src/core/table";
import { mallCustomers } from "../helpers/mall";

const mall = mallCustomers;

/** Features' separation as fitPreprocessor and featureSeparation give it, with no log transform. */
function separationOf(values: CellValue[][], labels: number[], k: number, scaling = SCALINGS[0]) {
  const fitted = fitPreprocessor(readTable(values, { header: true }), { scaling, logTransform: [] });
  return featureSeparation(fitted.preprocessor, fitted.matrix, labels, k);
}

describe("sumsOfSquares", () => {
  it("splits a column's total sum of squares into between and within, over labelled rows only", () => {
    // 0, 2 | 4, 10: mean 4, total 16 + 4 + 0 + 36 = 56; segment means 1 and 7, between 2 x 9 + 2 x 9 = 36.
    // The last row is unlabelled and counts nowhere.
    const { between, total } = sumsOfSquares(
      matrixFromRows([[0], [2], [4], [10], [1000]]),
      [1, 1, 2, 2, 0],
      2,
    );
    expect(Array.from(total)).toEqual([56]);
    expect(Array.from(between)).toEqual([36]);
  });
});

describe("featureSeparation", () => {
  it("is between over total for a number, in input order, whatever the scaling", () => {
    const values: CellValue[][] = [
      ["Income", "Gender"],
      [0, "F"],
      [2, "F"],
      [4, "M"],
      [10, "F"],
    ];
    for (const scaling of SCALINGS) {
      const separation = separationOf(values, [1, 1, 2, 2], 2, scaling);
      expect(separation.map((f) => f.feature)).toEqual(["Income", "Gender"]);
      // Income: 36 / 56 as above. Gender's indicator 1, 1, 0, 1: total 3/16 + 9/16, between 2/16 + 2/16.
      expect(separation[0].r2).toBeCloseTo(36 / 56, 12);
      expect(separation[1].r2).toBeCloseTo(1 / 3, 12);
    }
  });

  it("gives a category feature the sum of its columns' between over the sum of their totals", () => {
    // Unscaled one-hot r, r, g, b against 1, 1, 2, 2: r totals 1 (between 1), g and b 0.75 (0.25 each).
    const separation = separationOf([["Colour"], ["r"], ["r"], ["g"], ["b"]], [1, 1, 2, 2], 2, "none");
    expect(separation[0].r2).toBeCloseTo((1 + 0.25 + 0.25) / (1 + 0.75 + 0.75), 12);
    // Segment 1 is all r; segment 2 half g, half b.
    expect(separation[0].split).toEqual({ purity: 0.5, leaders: 2 });
  });

  it("is 0 for a feature that does not vary, and has no split for a measure with many values", () => {
    // X: 0.5, 1.5 | 1, 2: means 1 and 1.5 about 1.25, between 4 x 0.0625 = 0.25 of a total 1.25.
    const separation = separationOf(
      [
        ["Flat", "X"],
        [5, 0.5],
        [5, 1],
        [5, 1.5],
        [5, 2],
      ],
      [1, 2, 1, 2],
      2,
    );
    expect(separation.map((f) => f.r2)).toEqual([0, expect.closeTo(0.2, 12)]);
    expect(separation[0].split).toEqual({ purity: 1, leaders: 1 });
    expect(separation[1].split).toBeNull();
  });

  it("agrees with a direct computation on random data: R² in [0, 1] and between + within = total", () => {
    const cases = fc
      .record({
        n: fc.integer({ min: 8, max: 40 }),
        d: fc.integer({ min: 1, max: 3 }),
        k: fc.integer({ min: 1, max: 4 }),
        scaling: fc.constantFrom(...SCALINGS),
      })
      .chain(({ n, d, k, scaling }) =>
        fc.record({
          rows: fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: d, maxLength: d }), {
            minLength: n,
            maxLength: n,
          }),
          labels: fc.array(fc.integer({ min: 0, max: k }), { minLength: n, maxLength: n }),
          k: fc.constant(k),
          scaling: fc.constant(scaling),
        }),
      );
    fc.assert(
      fc.property(cases, ({ rows, labels, k, scaling }) => {
        const d = rows[0].length;
        const header = Array.from({ length: d }, (_, j) => `X${j + 1}`);
        const fitted = fitPreprocessor(readTable([header, ...rows], { header: true }), {
          scaling,
          logTransform: [],
        });
        const separation = featureSeparation(fitted.preprocessor, fitted.matrix, labels, k);
        const sums = sumsOfSquares(fitted.matrix, labels, k);
        const used = labels.flatMap((l, i) => (l >= 1 ? [i] : []));
        for (let j = 0; j < d; j++) {
          // Directly, on the raw values: R² does not change when a column is shifted and scaled.
          const x = (i: number) => rows[i][j];
          const meanOf = (is: number[]) => is.reduce((s, i) => s + x(i), 0) / is.length;
          const mu = meanOf(used);
          const total = used.reduce((s, i) => s + (x(i) - mu) ** 2, 0);
          let between = 0;
          let within = 0;
          for (let c = 1; c <= k; c++) {
            const members = used.filter((i) => labels[i] === c);
            if (members.length === 0) continue;
            const m = meanOf(members);
            between += members.length * (m - mu) ** 2;
            within += members.reduce((s, i) => s + (x(i) - m) ** 2, 0);
          }
          expect(between + within).toBeCloseTo(total, 9);
          const r2 = total > 0 ? between / total : 0;
          expect(separation[j].r2).toBeGreaterThanOrEqual(0);
          expect(separation[j].r2).toBeLessThanOrEqual(1);
          expect(separation[j].r2).toBeCloseTo(r2, 9);
          // In model space the same split holds, each side scaled by the column's scale squared.
          const scale = fitted.preprocessor.outputs[j].scale;
          expect(sums.total[j] * scale * scale).toBeCloseTo(total, 9);
          expect(sums.between[j] * scale * scale).toBeCloseTo(between, 9);
        }
      }),
      { seed: 20240510, numRuns: 150 },
    );
  });
});

describe("separationWarnings", () => {
  const f = (feature: string, r2: number, split: FeatureSeparation["split"] = null): FeatureSeparation => ({
    feature,
    r2,
    split,
  });

  it("says when one feature carries more than 60% of the separation", () => {
    expect(SEPARATION_THRESHOLDS.dominantShare).toBe(0.6);
    expect(separationWarnings([f("Age", 0.9), f("Income", 0.1), f("Spend", 0.2)])).toEqual([
      "Age carries most of the separation (75% of the features' R² together): the segments differ mainly in Age. " +
        "If that is not what to segment by, leave it out of the features and profile by it instead.",
    ]);
    expect(separationWarnings([f("Age", 0.6), f("Income", 0.4)])).toEqual([]);
    expect(separationWarnings([f("Age", 0.61), f("Income", 0.39)])).toHaveLength(1);
  });

  it("needs two features to call one dominant, and some separation at all", () => {
    expect(separationWarnings([f("Age", 0.9)])).toEqual([]);
    expect(separationWarnings([f("Age", 0), f("Income", 0)])).toEqual([]);
  });

  it("fires for a two-category column that splits the segments, on the data", () => {
    // 20 rows a segment: segment 1 has one man among 19 women (95%), segment 2 is all men.
    const values: CellValue[][] = [["Gender", "Spend"]];
    const labels: number[] = [];
    for (let i = 0; i < 40; i++) {
      values.push([i < 19 ? "Female" : "Male", (i * 7) % 13]);
      labels.push(i < 20 ? 1 : 2);
    }
    const fitted = fitPreprocessor(readTable(values, { header: true }), { logTransform: [] });
    const report = separationReport(fitted.preprocessor, fitted.matrix, labels, 2);
    expect(report.separation[0].split).toEqual({ purity: 0.95, leaders: 2 });
    expect(report.warnings).toEqual([
      "Gender alone splits the segments: every segment is at least 95% one value. Leave it out of the features and profile by it instead.",
    ]);
  });

  it("does not fire for a column below 95% in a segment, nor for one every segment leads with", () => {
    expect(separationWarnings([f("Gender", 0.5, { purity: 0.9, leaders: 2 }), f("Spend", 0.5)])).toEqual([]);
    expect(separationWarnings([f("Member", 0.5, { purity: 0.99, leaders: 1 }), f("Spend", 0.5)])).toEqual([]);
  });

  it("warns about a feature once: a split says more than dominance", () => {
    const warnings = separationWarnings([f("Gender", 1, { purity: 1, leaders: 2 }), f("Spend", 0.05)]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Gender alone splits the segments/);
  });

  it("a numeric column with two values splits like a category", () => {
    const separation = separationOf(
      [
        ["Member", "Spend"],
        [1, 3],
        [1, 5],
        [1, 4],
        [0, 3],
        [0, 5],
        [0, 4],
      ],
      [1, 1, 1, 2, 2, 2],
      2,
    );
    expect(separation[0].split).toEqual({ purity: 1, leaders: 2 });
    expect(separationWarnings(separation)[0]).toMatch(/^Member alone splits the segments/);
  });

  it("does not fire on the Mall customers' income and spending at k = 5", () => {
    const values = mall().map((row) => row.slice(1));
    const result = segment(values, { k: 5 });
    const report = separationReport(result.fitted.preprocessor, result.fitted.matrix, result.fit.labels, 5);
    expect(report.separation.map((s) => s.feature)).toEqual(["Annual Income (k$)", "Spending Score (1-100)"]);
    // Both drive the five segments, spending a little more: about 0.79 and 0.88.
    expect(report.separation[0].r2).toBeCloseTo(0.79, 2);
    expect(report.separation[1].r2).toBeCloseTo(0.88, 2);
    expect(report.warnings).toEqual([]);
  });
});
