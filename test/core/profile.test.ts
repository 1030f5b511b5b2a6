import { CellValue } from "../../src/core/cells";
import {
  Distinction,
  IQR_TO_SD,
  MAD_TO_SD,
  NAMING_THRESHOLD,
  nameFrom,
  profileSegments,
  robustSpread,
  shortFeatureName,
} from "../../src/core/profile";
import { readTable } from "../../src/core/table";

function profile(values: CellValue[][], labels: number[], k: number, features = values[0] as string[]) {
  return profileSegments(readTable(values, { header: true }), features, Int32Array.from(labels), k);
}

const names = (report: ReturnType<typeof profile>) => report.segments.map((s) => s.name);

describe("profileSegments: naming", () => {
  it("names a segment by its two strongest distinctions, strongest first", () => {
    // Income: 100, 100 | 0, 0 -> median 50, MAD 50, spread 1.4826 x 50; segment medians 100 / 0 score
    // +50 / (1.4826 x 50) = +1/1.4826 = +0.674 and -0.674.
    // Spending: 30, 50 | 50, 70 -> median 50, deviations 20, 0, 0, 20, MAD 10; segment medians 40 / 60
    // score -10 / 14.826 = -0.674 / +0.674: as strong as income, which comes first by column order.
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
    expect(names(report)).toEqual(["High Income · Low Spending", "Low Income · High Spending"]);
    const [first] = report.segments;
    expect(first.distinctions.map((d) => [d.feature, d.phrase])).toEqual([
      ["Income", "High Income"],
      ["Spending", "Low Spending"],
    ]);
    expect(first.distinctions[0].score).toBeCloseTo(1 / 1.4826, 12);
    expect(first.distinctions[1].score).toBeCloseTo(-1 / 1.4826, 12);
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

  it("falls back to IQR / 1.349 when the MAD is 0, says very high / very low from 1.5, and breaks ties by column order", () => {
    // Income 0, 0, 0, 10: median 0 and three deviations of 0, so MAD 0; quartiles 0 and 2.5 (at
    // positions 0.75 and 2.25), spread 2.5 / 1.349. The lone row scores 10 x 1.349 / 2.5 = 5.396.
    // Spending 10, 10, 10, 0 mirrors it: -5.396. Equally strong, so Spending (the first column) leads.
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
    expect(report.segments[0].distinctions.map((d) => [d.feature, d.score])).toEqual([
      ["Spending", expect.closeTo(-(10 * 1.349) / 2.5, 12)],
      ["Income", expect.closeTo((10 * 1.349) / 2.5, 12)],
    ]);
    // Segment 2's medians are the overall ones.
    expect(names(report)).toEqual(["Very low Spending · Very high Income", "Close to average"]);
  });

  it("calls a segment that nothing sets 0.5 sd apart 'Close to average'", () => {
    // Income 0 | 100 | 50, 50: median 50, deviations 50, 50, 0, 0, MAD 25; segment 3 scores exactly 0.
    const report = profile([["Income"], [0], [100], [50], [50]], [1, 2, 3, 3], 3);
    expect(names(report)).toEqual(["Low Income", "High Income", "Close to average"]);
    expect(report.segments[2].distinctions.map((d) => d.score)).toEqual([0]);
    expect(report.segments[0].distinctions[0].score).toBeCloseTo(-50 / (1.4826 * 25), 12);
  });

  it("tells two segments of the same name apart by their next distinction, however weak", () => {
    // Income and Spending: 100 in segments 1 and 2, 0 in segment 3 -> median 50, MAD 50, +-0.674 each.
    // Age 45, 45 | 35, 35 | 20, 30, 50, 60: median 40, deviations 5 x 4, 10, 10, 20, 20, MAD 7.5, so
    // segments 1 and 2 score +-5 / (1.4826 x 7.5) = +-0.45, under the naming threshold.
    const report = profile(
      [
        ["Income", "Spending", "Age"],
        [100, 100, 45],
        [100, 100, 45],
        [100, 100, 35],
        [100, 100, 35],
        [0, 0, 20],
        [0, 0, 30],
        [0, 0, 50],
        [0, 0, 60],
      ],
      [1, 1, 2, 2, 3, 3, 3, 3],
      3,
    );
    expect(report.segments[0].distinctions.map((d) => d.score)).toEqual([
      expect.closeTo(1 / 1.4826, 12),
      expect.closeTo(1 / 1.4826, 12),
      expect.closeTo(5 / (1.4826 * 7.5), 12),
    ]);
    expect(names(report)).toEqual([
      "High Income · High Spending · Slightly high Age",
      "High Income · High Spending · Slightly low Age",
      "Low Income · Low Spending",
    ]);
  });

  it("counts the same phrases in another order as the same name, and tells them apart", () => {
    // Segment 1 leans more on A, segment 2 more on B: alone they would read "High A · High B" and
    // "High B · High A". C, weak, parts them.
    const rows: CellValue[][] = [["A", "B", "C"]];
    const labels: number[] = [];
    for (let i = 0; i < 4; i++) {
      rows.push([100, 90, 52 + i]);
      labels.push(1);
    }
    for (let i = 0; i < 4; i++) {
      rows.push([90, 100, 48 - i]);
      labels.push(2);
    }
    for (let i = 0; i < 8; i++) {
      rows.push([0, 0, 30 + 5 * i]);
      labels.push(3);
    }
    const report = profile(rows, labels, 3);
    const [first, second] = names(report);
    expect(first).toMatch(/^High A · High B · .+ C$/);
    expect(second).toMatch(/^High B · High A · .+ C$/);
    expect(first).not.toBe(second);
  });

  it("extends names as far as needed: a fourth feature when three are shared", () => {
    // A, B and C are 100 in segments 1 and 2 and D alone parts them (60s against 40s).
    const rows: CellValue[][] = [["A", "B", "C", "D"]];
    const labels: number[] = [];
    const add = (label: number, ...row: number[]) => {
      rows.push(row);
      labels.push(label);
    };
    for (let i = 0; i < 4; i++) add(1, 100, 100, 100, 60 + i);
    for (let i = 0; i < 4; i++) add(2, 100, 100, 100, 40 - i);
    for (let i = 0; i < 6; i++) add(3, 10, 10, 10, 50 + i);
    for (let i = 0; i < 6; i++) add(4, 10, 10, 10, 50 - i);
    for (let i = 0; i < 12; i++) add(5, 0, 0, 0, 50);
    expect(names(profile(rows, labels, 5))).toEqual([
      "Very high A · Very high B · Very high C · Very high D",
      "Very high A · Very high B · Very high C · Very low D",
      "High D",
      "Low D",
      "Low A · Low B",
    ]);
  });

  it("tells 'Close to average' segments apart by their strongest lean", () => {
    // Income 0, 0 | 100, 100 | 55, 55 | 45, 45: median 50, deviations 50 x 4 and 5 x 4, MAD 27.5;
    // segments 3 and 4 score +-5 / (1.4826 x 27.5) = +-0.12.
    const report = profile(
      [["Income"], [0], [0], [100], [100], [55], [55], [45], [45]],
      [1, 1, 2, 2, 3, 3, 4, 4],
      4,
    );
    expect(report.segments[2].distinctions[0].score).toBeCloseTo(5 / (1.4826 * 27.5), 12);
    expect(names(report)).toEqual([
      "Low Income",
      "High Income",
      "Close to average · Slightly high Income",
      "Close to average · Slightly low Income",
    ]);
  });

  it("gives the segment number only to names still alike after every distinction", () => {
    // Income 100 | 100 | 0, 0, 0, 0: segments 1 and 2 both read "Very high Income", and have nothing else.
    const report = profile([["Income"], [100], [100], [0], [0], [0], [0]], [1, 2, 3, 3, 3, 3], 3);
    expect(names(report)).toEqual(["Very high Income (1)", "Very high Income (2)", "Close to average"]);
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
    expect(names(report)).toEqual(["All Member TRUE", "All Member FALSE"]);
  });
});

describe("profileSegments: robust scores", () => {
  it("does not let a few whales make a clearly higher-spending group 'Close to average'", () => {
    // 80 customers spending 80 to 119.5 and 5 whales spending 50,000 (segment 1), 20 spending 200 to
    // 219 (segment 2): about twice the typical customer.
    const spends = [
      ...Array.from({ length: 80 }, (_, i) => 80 + i / 2),
      ...Array<number>(5).fill(50000),
      ...Array.from({ length: 20 }, (_, i) => 200 + i),
    ];
    const rows: CellValue[][] = [["Spend"], ...spends.map((x) => [x])];
    const labels = spends.map((_, i) => (i < 85 ? 1 : 2));
    const report = profile(rows, labels, 2);

    // The old score, (segment mean - overall mean) / sd, puts segment 2 below the overall mean.
    const spend = rows.slice(1).map((r) => r[0] as number);
    const mu = spend.reduce((a, b) => a + b, 0) / spend.length;
    const sd = Math.sqrt(spend.reduce((a, x) => a + (x - mu) ** 2, 0) / spend.length);
    expect(Math.abs((209.5 - mu) / sd)).toBeLessThan(NAMING_THRESHOLD);

    // Overall median: the 53rd of 105 values, 80 + 52 / 2 = 106. Their deviations from it: the 53rd
    // smallest is 13 (the base customers' deviations 0, 0.5, 0.5, 1, 1, ... run to 13 there).
    expect(report.overall.numeric[0].median).toBe(106);
    const score = (209.5 - 106) / (MAD_TO_SD * 13);
    expect(report.segments[1].numeric[0].score).toBeCloseTo(score, 12);
    expect(report.segments[1].numeric[0].mean).toBe(209.5);
    expect(names(report)).toEqual(["Close to average", "Very high Spend"]);
  });
});

describe("robustSpread", () => {
  const spread = (xs: number[]) => {
    const values = Float64Array.from(xs);
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
    return robustSpread(values, median);
  };

  it("is 1.4826 x MAD, so on normal data it reads as a standard deviation", () => {
    // Median 3; deviations 2, 1, 0, 1, 7 -> MAD 1.
    expect(spread([1, 2, 3, 4, 10])).toBeCloseTo(MAD_TO_SD, 12);
    expect(MAD_TO_SD).toBe(1.4826);
  });

  it("falls back to IQR / 1.349 when at least half the values are equal", () => {
    // 0, 0, 0, 0, 10, 20: median 0, MAD 0; quartiles 0 (position 1.25) and 7.5 (position 3.75).
    expect(spread([0, 0, 0, 0, 10, 20])).toBeCloseTo(7.5 / IQR_TO_SD, 12);
    expect(IQR_TO_SD).toBe(1.349);
  });

  it("falls back to the population sd when the IQR is 0 too, and is 0 only for a constant", () => {
    // Nine 0s and a 10: mean 1, mean square 10, variance 9.
    expect(spread([0, 0, 0, 0, 0, 0, 0, 0, 0, 10])).toBeCloseTo(3, 12);
    expect(spread([5, 5, 5])).toBe(0);
    expect(spread([])).toBe(0);
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
    // 10, 20, 30: median 20, MAD 10. Segment 1's median 15 scores -5 / 14.826, too weak to name; its
    // "Mostly Male" (1/2 against 1/3) is too. Segment 2's Female (1 against 2/3) outranks its income.
    expect(report.segments[0].numeric[0].score).toBeCloseTo(-5 / (1.4826 * 10), 12);
    expect(report.segments[1].numeric[0].score).toBeCloseTo(10 / (1.4826 * 10), 12);
    expect(names(report)).toEqual(["Close to average", "All Female · High Income"]);
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

  it("adds `extra` further phrases, after 'Close to average' when nothing is strong", () => {
    const list = [d(2, "Very high income"), d(-0.9, "Low age"), d(0.8, "High spend"), d(0.1, "X")];
    expect(nameFrom(list, 1)).toBe("Very high income · Low age · High spend");
    expect(nameFrom(list, 9)).toBe("Very high income · Low age · High spend · X");
    expect(nameFrom([d(0.3, "Slightly high age")], 1)).toBe("Close to average · Slightly high age");
  });
});

describe("shortFeatureName", () => {
  it("drops units in brackets and underscores, and keeps the column's casing", () => {
    expect(shortFeatureName("Annual Income (k$)")).toBe("Annual Income");
    expect(shortFeatureName("Spending_Score [1-100]")).toBe("Spending Score");
    expect(shortFeatureName("  Days__since   last  ")).toBe("Days since last");
    expect(shortFeatureName("Age")).toBe("Age");
    expect(shortFeatureName("Monetary")).toBe("Monetary");
    expect(shortFeatureName("RFM_score (pts)")).toBe("RFM score");
  });
});
