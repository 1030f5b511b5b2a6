import { CellValue } from "../../src/core/cells";
import {
  Distinction,
  NAMING_THRESHOLD,
  nameFrom,
  profileSegments,
  shortFeatureName,
} from "../../src/core/profile";
import { readTable } from "../../src/core/table";

function profile(values: CellValue[][], labels: number[], k: number, features = values[0] as string[]) {
  return profileSegments(readTable(values, { header: true }), features, Int32Array.from(labels), k);
}

const names = (report: ReturnType<typeof profile>) => report.segments.map((s) => s.name);

describe("profileSegments: naming", () => {
  it("names a segment by its two strongest distinctions, strongest first", () => {
    // Income: 100, 100 | 0, 0 -> mean 50, sd 50, scores +1 / -1.
    // Spending: 30, 50 | 50, 70 -> mean 50, sd sqrt(200), scores -10/sqrt(200) = -0.707 / +0.707.
    const report = profile(
      [
        ["Income", "Spending"],
        [100, 30],
        [100, 50],
        [0, 50],
        [0, 70],
      ],
      [1, 1, 2, 2],
      2,
    );
    expect(names(report)).toEqual(["High income · Low spending", "Low income · High spending"]);
    const [first] = report.segments;
    expect(first.distinctions.map((d) => [d.feature, d.phrase])).toEqual([
      ["Income", "High income"],
      ["Spending", "Low spending"],
    ]);
    expect(first.distinctions[0].score).toBeCloseTo(1, 12);
    expect(first.distinctions[1].score).toBeCloseTo(-Math.SQRT1_2, 12);
    expect(first.numeric.map((p) => [p.feature, p.mean, p.median])).toEqual([
      ["Income", 100, 100],
      ["Spending", 40, 40],
    ]);
    expect(report.overall.name).toBe("All segments");
    expect(report.overall.numeric.map((p) => [p.mean, p.median, p.score])).toEqual([
      [50, 50, 0],
      [50, 50, 0],
    ]);
  });

  it("says very high / very low from 1.5 sd, and breaks ties in strength by feature name", () => {
    // Income 0, 0, 0, 10: mean 2.5, sd sqrt(18.75); the lone row scores 7.5 / sqrt(18.75) = sqrt(3).
    const report = profile(
      [
        ["Spending", "Income"],
        [10, 0],
        [10, 0],
        [10, 0],
        [0, 10],
      ],
      [2, 2, 2, 1],
      2,
    );
    expect(report.segments[0].distinctions.map((d) => d.score)).toEqual([
      expect.closeTo(Math.sqrt(3), 12),
      expect.closeTo(-Math.sqrt(3), 12),
    ]);
    expect(names(report)).toEqual(["Very high income · Very low spending", "Low income · High spending"]);
  });

  it("calls a segment that nothing sets 0.5 sd apart 'Close to average'", () => {
    // Income 0 | 100 | 50, 50: mean 50, sd sqrt(1250); segment 3 scores exactly 0.
    const report = profile([["Income"], [0], [100], [50], [50]], [1, 2, 3, 3], 3);
    expect(names(report)).toEqual(["Low income", "High income", "Close to average"]);
    expect(report.segments[2].distinctions.map((d) => d.score)).toEqual([0]);
    expect(report.segments[0].distinctions[0].score).toBeCloseTo(-50 / Math.sqrt(1250), 12);
  });

  it("gives duplicate names the segment number", () => {
    // Income 100 | 100 | 0, 0, 0, 0: segments 1 and 2 both read "High income".
    const report = profile([["Income"], [100], [100], [0], [0], [0], [0]], [1, 2, 3, 3, 3, 3], 3);
    expect(names(report)).toEqual(["High income (1)", "High income (2)", "Low income"]);
  });

  it("names categories a segment has more of: 'All' from 90%, 'Mostly' from 50%", () => {
    // Female overall 5/8; segment 1 all Female, segment 2 three Male out of four.
    const report = profile(
      [["Gender"], ["Female"], ["Female"], ["Female"], ["Female"], ["Male"], ["Male"], ["Male"], ["Female"]],
      [1, 1, 1, 1, 2, 2, 2, 2],
      2,
    );
    expect(report.categoryFeatures).toEqual([
      { feature: "Gender", category: "Female" },
      { feature: "Gender", category: "Male" },
    ]);
    expect(names(report)).toEqual(["All Female", "Mostly Male"]);
    const sd = Math.sqrt(0.625 * 0.375);
    expect(report.segments[0].categories.map((c) => [c.category, c.share])).toEqual([
      ["Female", 1],
      ["Male", 0],
    ]);
    expect(report.segments[0].categories[0].score).toBeCloseTo(0.375 / sd, 12);
    expect(report.segments[0].categories[1].score).toBeCloseTo(-0.375 / sd, 12);
    expect(report.segments[1].categories.map((c) => c.share)).toEqual([0.25, 0.75]);
    // A category the segment has less of is never a distinction ("Few Male").
    expect(report.segments[0].distinctions.map((d) => d.phrase)).toEqual(["All Female"]);
    expect(report.segments[1].distinctions.map((d) => d.phrase)).toEqual(["Mostly Male"]);
    expect(report.overall.categories.map((c) => c.share)).toEqual([0.625, 0.375]);
  });

  it("names TRUE/FALSE categories with their feature", () => {
    const report = profile([["Member"], [true], [true], [false], [false]], [1, 1, 2, 2], 2);
    expect(names(report)).toEqual(["All member TRUE", "All member FALSE"]);
  });
});

describe("profileSegments: sizes, shares and unlabelled rows", () => {
  it("leaves rows labelled 0 out of every statistic", () => {
    const report = profile(
      [
        ["Income", "Gender"],
        [10, "Female"],
        [20, "Male"],
        [30, "Female"],
        [1000, "Other"],
      ],
      [1, 1, 2, 0],
      2,
    );
    expect(report.segments.map((s) => [s.size, s.share])).toEqual([
      [2, 2 / 3],
      [1, 1 / 3],
    ]);
    expect([report.overall.size, report.overall.share]).toEqual([3, 1]);
    expect(report.overall.numeric[0].mean).toBe(20);
    expect(report.overall.numeric[0].median).toBe(20);
    expect(report.segments[0].numeric[0].mean).toBe(15);
    expect(report.segments[0].numeric[0].median).toBe(15);
    // "Other" appears only on the unlabelled row.
    expect(report.categoryFeatures.map((c) => c.category)).toEqual(["Female", "Male"]);
    expect(report.overall.categories.map((c) => c.share)).toEqual([2 / 3, 1 / 3]);
    // Overall sd of 10, 20, 30 is sqrt(200 / 3).
    expect(report.segments[0].numeric[0].score).toBeCloseTo(-5 / Math.sqrt(200 / 3), 12);
    expect(names(report)).toEqual(["Low income", "High income · All Female"]);
  });

  it("counts only cells with a value, and scores a constant feature 0", () => {
    const report = profile(
      [
        ["Income", "Flat", "Gender"],
        [10, 5, "Female"],
        ["", 5, ""],
        [30, 5, "Male"],
        [50, 5, "Male"],
      ],
      [1, 1, 2, 2],
      2,
    );
    const [first, second] = report.segments;
    expect(first.size).toBe(2);
    expect(first.numeric[0].mean).toBe(10);
    expect(first.categories.map((c) => c.share)).toEqual([1, 0]);
    expect(second.numeric[0].median).toBe(40);
    expect(report.overall.numeric[0].mean).toBe(30);
    expect(first.numeric[1].score).toBe(0);
    expect(second.numeric[1].score).toBe(0);
  });

  it("gives an empty segment size 0 and no mean", () => {
    const report = profile([["Income"], [1], [3]], [1, 1], 2);
    expect(report.segments[1].size).toBe(0);
    expect(report.segments[1].share).toBe(0);
    expect(report.segments[1].numeric[0].mean).toBeNaN();
    expect(report.segments[1].numeric[0].score).toBeNaN();
  });

  it("profiles only the features asked for, matched by name whatever the case", () => {
    const report = profile(
      [
        ["Income", "Age"],
        [1, 20],
        [3, 40],
      ],
      [1, 2],
      2,
      ["age"],
    );
    expect(report.numericFeatures).toEqual(["Age"]);
    expect(report.segments.map((s) => s.numeric[0].mean)).toEqual([20, 40]);
  });
});

describe("nameFrom", () => {
  const d = (score: number, phrase: string): Distinction => ({
    feature: phrase,
    category: null,
    score,
    phrase,
  });

  it("needs NAMING_THRESHOLD sd in either direction", () => {
    expect(NAMING_THRESHOLD).toBe(0.5);
    expect(nameFrom([])).toBe("Close to average");
    expect(nameFrom([d(0.49, "High age"), d(-0.49, "Low income")])).toBe("Close to average");
    expect(nameFrom([d(-0.5, "Low income")])).toBe("Low income");
  });

  it("joins at most two phrases with a middle dot", () => {
    expect(nameFrom([d(2, "Very high income"), d(-0.9, "Low age"), d(0.8, "High spend")])).toBe(
      "Very high income · Low age",
    );
  });
});

describe("shortFeatureName", () => {
  it("drops units in brackets, underscores and case", () => {
    expect(shortFeatureName("Annual Income (k$)")).toBe("annual income");
    expect(shortFeatureName("Spending_Score [1-100]")).toBe("spending score");
    expect(shortFeatureName("  Days__since   last  ")).toBe("days since last");
    expect(shortFeatureName("Age")).toBe("age");
  });
});
