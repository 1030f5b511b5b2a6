import {
  segmentKmeans,
  segmentMetrics,
  segmentProfile,
  segmentSilhouette,
} from "../../src/functions/functions";
import { EXACT_SILHOUETTE_LIMIT } from "../../src/core/metrics";
import { ErrorCode, columns, customers, excelError, labelsOf, mallCustomers } from "./support";

const mall = mallCustomers();
const incomeSpending = columns(mall, 1, 2);
const labels = segmentKmeans(incomeSpending, 5);

describe("SEGMENT.SILHOUETTE", () => {
  it("scores the KMEANS spill, header cell included: the classic Mall optimum is about 0.55", () => {
    expect(segmentSilhouette(incomeSpending, labels)).toBeCloseTo(0.5547, 4);
  });

  it("accepts labels without the header cell, or with any text (or nothing) beside the header", () => {
    const value = segmentSilhouette(incomeSpending, labels);
    expect(segmentSilhouette(incomeSpending, labels.slice(1))).toBe(value);
    expect(segmentSilhouette(incomeSpending, [["Cluster"], ...labels.slice(1)])).toBe(value);
    expect(segmentSilhouette(incomeSpending, [[""], ...labels.slice(1)])).toBe(value);
  });

  it("accepts labels as a row, and as numeric text", () => {
    const value = segmentSilhouette(incomeSpending, labels);
    expect(segmentSilhouette(incomeSpending, [labels.map((row) => row[0])])).toBe(value);
    expect(
      segmentSilhouette(
        incomeSpending,
        labels.map((row) => [String(row[0])]),
      ),
    ).toBe(value);
  });

  it("leaves out rows with an empty label or a missing value", () => {
    // Scaling is fitted on every usable row, labelled or not (the space KMEANS saw), so compare
    // without scaling: then leaving a label empty is the same as leaving the row out.
    const partial = labels.map((row, i) => (i > 0 && i % 10 === 0 ? [""] : row));
    const kept = incomeSpending.filter((_, i) => i === 0 || i % 10 !== 0);
    const keptLabels = partial.filter((_, i) => i === 0 || i % 10 !== 0);
    expect(segmentSilhouette(incomeSpending, partial, "none")).toBeCloseTo(
      segmentSilhouette(kept, keptLabels, "none"),
      12,
    );
    const data = columns(customers(), 1, 2, 3, 4);
    expect(segmentSilhouette(data, segmentKmeans(data, 2))).toBeGreaterThan(0);
  });

  it("depends on the scaling asked for", () => {
    expect(segmentSilhouette(mall, segmentKmeans(mall, 3), "none")).not.toBeCloseTo(
      segmentSilhouette(mall, segmentKmeans(mall, 3)),
      6,
    );
  });

  it("is exact up to the core's documented limit", () => {
    expect(EXACT_SILHOUETTE_LIMIT).toBe(20000);
  });

  it("refuses labels of another length with #N/A", () => {
    expect(excelError(() => segmentSilhouette(incomeSpending, labels.slice(0, 50)))).toEqual({
      code: ErrorCode.notAvailable,
      message:
        "labels has 50 cells but data has 200 rows plus a header row: pass one label per data row, lined up with data.",
    });
    expect(excelError(() => segmentSilhouette(incomeSpending, [...labels, [1]])).code).toBe(
      ErrorCode.notAvailable,
    );
  });

  it("refuses a number beside the header row (labels shifted by one) with #N/A", () => {
    const shifted = [[1], ...labels.slice(1)];
    expect(excelError(() => segmentSilhouette(incomeSpending, shifted)).message).toMatch(
      /beside the data's header/,
    );
  });

  it("refuses labels that are not segment numbers with #VALUE!", () => {
    const bad = labels.map((row, i) => (i === 3 ? ["Gold"] : row));
    expect(excelError(() => segmentSilhouette(incomeSpending, bad))).toEqual({
      code: ErrorCode.invalidValue,
      message:
        'labels, row 4: "Gold" is not a segment number (1, 2, 3, …; 0 for noise, empty for no segment).',
    });
    expect(
      excelError(() =>
        segmentSilhouette(
          incomeSpending,
          labels.map((r, i) => (i === 2 ? [-1] : r)),
        ),
      ).code,
    ).toBe(ErrorCode.invalidValue);
    expect(
      excelError(() =>
        segmentSilhouette(
          incomeSpending,
          labels.map((r, i) => (i === 2 ? [1e9] : r)),
        ),
      ).code,
    ).toBe(ErrorCode.invalidValue);
    expect(
      excelError(() =>
        segmentSilhouette(incomeSpending, [
          [1, 2],
          [3, 4],
        ]),
      ).code,
    ).toBe(ErrorCode.invalidValue);
  });

  it("refuses a single segment, or no labels at all, with #VALUE! and a message", () => {
    const one = labels.map((row, i) => (i === 0 ? row : [1]));
    expect(excelError(() => segmentSilhouette(incomeSpending, one)).code).toBe(ErrorCode.invalidValue);
    const none = labels.map((row, i) => (i === 0 ? row : [""]));
    expect(excelError(() => segmentSilhouette(incomeSpending, none)).message).toMatch(/no segment numbers/);
  });
});

describe("SEGMENT.METRICS", () => {
  it("is a two-column table of Inertia, Silhouette, Calinski-Harabasz and Davies-Bouldin", () => {
    const table = segmentMetrics(incomeSpending, labels);
    expect(table.map((row) => row[0])).toEqual([
      "Metric",
      "Inertia",
      "Silhouette",
      "Calinski-Harabasz",
      "Davies-Bouldin",
    ]);
    expect(table.every((row) => row.length === 2)).toBe(true);
    expect(table[0][1]).toBe("Value");
    expect(table[2][1]).toBe(segmentSilhouette(incomeSpending, labels));
    expect(table[1][1]).toBeCloseTo(65.5684, 3);
    expect(table[3][1]).toBeCloseTo(248.65, 1);
    expect(table[4][1]).toBeCloseTo(0.5722, 3);
  });

  it("maps errors like SILHOUETTE", () => {
    expect(excelError(() => segmentMetrics(incomeSpending, labels.slice(2))).code).toBe(
      ErrorCode.notAvailable,
    );
    expect(excelError(() => segmentMetrics(incomeSpending, labels, "zz")).code).toBe(ErrorCode.invalidValue);
  });
});

describe("SEGMENT.PROFILE", () => {
  it("describes each segment in original units, with generated names and a row for all", () => {
    const table = segmentProfile(incomeSpending, labels);
    expect(table[0].slice(0, 4)).toEqual(["Segment", "Name", "Size", "Share"]);
    expect(table.map((row) => row[0])).toEqual(["Segment", 1, 2, 3, 4, 5, "All", "Separation (R²)"]);
    expect(table.slice(1, 6).map((row) => row[1])).toEqual([
      "Close to average",
      "High Spending Score · High Annual Income",
      "Low Spending Score · High Annual Income",
      "Low Annual Income · Low Spending Score",
      "Very low Annual Income · High Spending Score",
    ]);
    expect(new Set(table.map((row) => row.length)).size).toBe(1);
    const incomeMean = table[0].indexOf("Annual Income (k$) mean");
    expect(table[6][incomeMean]).toBeCloseTo(60.56, 9);
  });

  it("says what drives the segments: each feature's R² in its mean column, and no note when nothing dominates", () => {
    const table = segmentProfile(incomeSpending, labels);
    const separation = table[7];
    const column = (name: string) => table[0].indexOf(name);
    expect(separation[column("Annual Income (k$) mean")]).toBeCloseTo(0.79, 2);
    expect(separation[column("Spending Score (1-100) mean")]).toBeCloseTo(0.88, 2);
    expect(separation[column("Annual Income (k$) median")]).toBe("");
    expect(table.some((row) => row[0] === "Note")).toBe(false);
  });

  it("measures the separation on labelled rows with every value only", () => {
    // 0, 2 | 4, 10 -> R² 36 / 56. The row with no income and the unlabelled 1000 count nowhere.
    const data = [["Income"], [0], [2], [""], [4], [10], [1000]];
    const table = segmentProfile(data, [["Segment"], [1], [1], [1], [2], [2], [""]]);
    expect(table.at(-1)?.slice(0, 5)).toEqual([
      "Separation (R²)",
      "Share of each feature's spread that lies between the segments",
      "",
      "",
      expect.closeTo(36 / 56, 12),
    ]);
  });

  it("notes a two-category column that splits the segments, in a row of its own", () => {
    const data: (string | number)[][] = [["Gender", "Spend"]];
    for (let i = 0; i < 40; i++) data.push([i % 2 === 0 ? "Female" : "Male", 20 + ((i * 7) % 23)]);
    const byGender = [["Segment"], ...data.slice(1).map((row) => [row[0] === "Female" ? 1 : 2])];
    const table = segmentProfile(data, byGender);
    const notes = table.filter((row) => row[0] === "Note");
    expect(notes.map((row) => row[1])).toEqual([
      "Gender alone splits the segments: every segment is at least 95% one value. Leave it out of the features and profile by it instead.",
    ]);
    expect(new Set(table.map((row) => row.length)).size).toBe(1);
    // Gender's R² (1: the segments are the genders) in its first share column.
    const separation = table.find((row) => row[0] === "Separation (R²)") as unknown[];
    expect(separation[table[0].indexOf("Gender: Female")]).toBeCloseTo(1, 12);
    expect(separation[table[0].indexOf("Gender: Male")]).toBe("");
  });

  it("includes category shares for a text column", () => {
    const data = columns(customers(), 1, 2, 3, 4);
    const table = segmentProfile(data, segmentKmeans(data, 2));
    expect(table[0]).toContain("Gender: Female");
  });

  it("maps errors", () => {
    expect(excelError(() => segmentProfile(incomeSpending, labels.slice(3))).code).toBe(
      ErrorCode.notAvailable,
    );
    expect(excelError(() => segmentProfile(customers(), labels)).message).toMatch(/identifier/);
  });

  it("labels read back from a KMEANS spill give the KMEANS segments", () => {
    const table = segmentProfile(incomeSpending, labels);
    const sizes = [1, 2, 3, 4, 5].map((c) => labelsOf(labels).filter((l) => l === c).length);
    expect(table.slice(1, 6).map((row) => row[2])).toEqual(sizes);
  });
});

describe("labels with noise (0, as SEGMENT.DBSCAN spills it)", () => {
  const incomeSpending = columns(mallCustomers(), 1, 2);
  const labels = segmentKmeans(incomeSpending, 3) as unknown as (string | number)[][];
  // Every fifth customer is noise.
  const noisy = labels.map((row, i) => (i > 0 && i % 5 === 0 ? [0] : row));
  const segmentsOnly = incomeSpending.filter((_, i) => i === 0 || i % 5 !== 0);
  const labelsOnly = labels.filter((_, i) => i === 0 || i % 5 !== 0);

  it("scores only the segments' rows: noise is in no segment", () => {
    // Unscaled, so that leaving rows out does not change the space they are scored in.
    expect(segmentSilhouette(incomeSpending, noisy, "none")).toBe(
      segmentSilhouette(segmentsOnly, labelsOnly, "none"),
    );
    const metrics = segmentMetrics(incomeSpending, noisy, "none") as unknown as (string | number)[][];
    expect(metrics.slice(0, 5)).toEqual(segmentMetrics(segmentsOnly, labelsOnly, "none"));
    expect(metrics[5]).toEqual(["Noise rows (0), left out of the scores", 40]);
  });

  it("profiles noise as a group of its own, named Noise, that is not a segment", () => {
    const table = segmentProfile(incomeSpending, noisy) as unknown as (string | number)[][];
    const firstColumn = table.map((row) => row[0]);
    expect(firstColumn.slice(0, 6)).toEqual(["Segment", 1, 2, 3, 0, "All"]);
    expect(table[4][1]).toBe("Noise");
    expect(table[4][2]).toBe(40);
    // Shares are of every row placed: the segments and the noise add up to all 200.
    expect(
      (table[1][3] as number) + (table[2][3] as number) + (table[3][3] as number) + (table[4][3] as number),
    ).toBeCloseTo(1, 12);
    expect(table[5][2]).toBe(160);
  });

  it("refuses labels that are all noise", () => {
    const allNoise = labels.map((row, i) => (i === 0 ? row : [0]));
    expect(excelError(() => segmentSilhouette(incomeSpending, allNoise)).message).toBe(
      "labels has no segment numbers, only noise (0) and empty cells.",
    );
  });
});
