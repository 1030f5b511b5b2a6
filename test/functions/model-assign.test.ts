import { segmentAssign, segmentCentroids, segmentKmeans, segmentModel } from "../../src/functions/functions";
import { Cells, ErrorCode, columns, customers, excelError, labelsOf, mallCustomers } from "./support";
import { createRng } from "../../src/core/random";
import { readFileSync } from "fs";
import * as path from "path";

const mall = mallCustomers();
const features = columns(customers(), 1, 2, 3, 4); // Gender, Age, Income, Spend: text, numbers, one missing

function randomData(seed: number, n: number, d: number): Cells {
  const rng = createRng(seed);
  const rows: Cells = [Array.from({ length: d }, (_, j) => `x${j + 1}`)];
  for (let i = 0; i < n; i++) rows.push(Array.from({ length: d }, () => Math.round(rng.next() * 1e6) / 1e3));
  return rows;
}

describe("SEGMENT.CENTROIDS", () => {
  it("is a table: Segment, Size, then each feature's centroid in original units", () => {
    const table = segmentCentroids(columns(mall, 1, 2), 5);
    expect(table[0]).toEqual(["Segment", "Size", "Annual Income (k$)", "Spending Score (1-100)"]);
    expect(table.map((row) => row[0])).toEqual(["Segment", 1, 2, 3, 4, 5]);
    expect(table.slice(1).map((row) => row[1])).toEqual([81, 39, 35, 23, 22]);
  });

  it("agrees with KMEANS: sizes and centroids are those of KMEANS's labels", () => {
    for (const [data, k] of [
      [mall, 4],
      [features, 3],
    ] as const) {
      const labels = labelsOf(segmentKmeans(data, k, "robust", 3, 2));
      const table = segmentCentroids(data, k, "robust", 3, 2);
      const names = table[0].slice(2) as string[];
      for (let c = 1; c <= k; c++) {
        const rows = data.slice(1).filter((_, i) => labels[i] === c);
        expect(table[c][1]).toBe(rows.length);
        names.forEach((name, j) => {
          const [column, category] = name.split("=");
          const index = (data[0] as string[]).indexOf(column);
          const values = rows.map((r) =>
            category === undefined ? (r[index] as number) : r[index] === category ? 1 : 0,
          );
          expect(table[c][2 + j]).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
        });
      }
    }
  });

  it("shows a text category as its share of each segment", () => {
    const table = segmentCentroids(features, 2);
    // Two categories are one 0/1 feature: the share of the first one seen.
    expect(table[0]).toEqual(["Segment", "Size", "Gender=Male", "Age", "Income", "Spend"]);
    for (const row of table.slice(1)) {
      expect(row[2]).toBeGreaterThanOrEqual(-1e-12);
      expect(row[2]).toBeLessThanOrEqual(1 + 1e-12);
    }
  });

  it("maps errors like KMEANS", () => {
    expect(excelError(() => segmentCentroids(mall, 0)).code).toBe(ErrorCode.invalidValue);
    expect(excelError(() => segmentCentroids(customers(), 2)).message).toMatch(
      /CustomerID looks like an identifier/,
    );
  });
});

describe("SEGMENT.MODEL and SEGMENT.ASSIGN", () => {
  it("MODEL is a rectangular table that starts with its title", () => {
    const model = segmentModel(features, 3);
    expect(model[0].slice(0, 2)).toEqual(["Segment model", "version 2"]);
    expect(new Set(model.map((row) => row.length))).toEqual(new Set([10]));
    expect(model.flat().every((v) => typeof v === "number" || typeof v === "string")).toBe(true);
  });

  it("MODEL's sizes agree with KMEANS with the same arguments", () => {
    const labels = labelsOf(segmentKmeans(mall, 4, "minmax", 9, 3));
    const model = segmentModel(mall, 4, "minmax", 9, 3);
    const sizes = model[model.length - 1].slice(7);
    expect(sizes).toEqual([1, 2, 3, 4].map((c) => labels.filter((l) => l === c).length));
  });

  it.each([
    ["Mall, income and spending, k = 5", columns(mall, 1, 2), 5, undefined],
    ["Mall, all columns, k = 6, minmax", mall, 6, "minmax"],
    ["Mall, robust, k = 3", mall, 3, "robust"],
    ["text category and a missing value", features, 3, undefined],
    ["random data, 4 features, k = 7", randomData(1, 300, 4), 7, undefined],
    ["random data, 2 features, k = 2, no scaling", randomData(2, 150, 2), 2, "none"],
    ["random data, 6 features, k = 10", randomData(3, 500, 6), 10, "zscore"],
  ])("ASSIGN(data, MODEL(data, k)) reproduces KMEANS(data, k): %s", (_, data, k, scaling) => {
    const model = segmentModel(data, k, scaling);
    expect(segmentAssign(data, model)).toEqual(segmentKmeans(data, k, scaling));
  });

  it('ASSIGN labels new rows without a header by position, and rows without a value as ""', () => {
    const model = segmentModel(columns(mall, 1, 2), 5);
    const labels = labelsOf(segmentKmeans(columns(mall, 1, 2), 5));
    const spill = segmentAssign(
      [
        [15, 39],
        [137, 83],
        ["", 50],
      ],
      model,
    );
    expect(spill).toEqual([[labels[0]], [labels[199]], [""]]);
  });

  it("ASSIGN matches columns by name when new_data has a header, whatever their order and extras", () => {
    const model = segmentModel(features, 3);
    const expected = segmentKmeans(features, 3);
    // Spend, an extra ID column, Gender, Income, Age: reordered, with a column the model does not use.
    const reordered = customers().map((row) => [row[4], row[0], row[1], row[3], row[2]]);
    expect(segmentAssign(reordered, model)).toEqual(expected);
    const renamedCase = reordered.map((row, i) => (i === 0 ? row.map((v) => String(v).toUpperCase()) : row));
    expect(segmentAssign(renamedCase, model)).toEqual(expected);
  });

  it("ASSIGN gives a category the model never saw no weight in a column of three or more categories", () => {
    const regions = [
      ["Region", "Spend"],
      ...Array.from({ length: 30 }, (_, i) => [["North", "South", "East"][i % 3], (i * 37) % 100]),
    ];
    const model = segmentModel(regions, 3);
    const spill = segmentAssign(
      [
        ["Region", "Spend"],
        ["West", 30],
      ],
      model,
    );
    expect(spill[0]).toEqual(["Segment"]);
    expect([1, 2, 3]).toContain(spill[1][0]);
  });

  it("ASSIGN gives no segment to a row whose two-category feature holds a third value, and says why in the header", () => {
    const model = segmentModel(features, 3);
    const known = segmentAssign(
      [
        ["Gender", "Age", "Income", "Spend"],
        ["Female", 30, 40, 50],
      ],
      model,
    );
    const spill = segmentAssign(
      [
        ["Gender", "Age", "Income", "Spend"],
        ["Other", 30, 40, 50],
        ["Female", 30, 40, 50],
        ["Unknown", 30, 40, 50],
      ],
      model,
    );
    expect(spill).toEqual([
      ['Segment (none for 2 rows: Gender "Other" is not in the model)'],
      [""],
      [known[1][0]],
      [""],
    ]);
    // Without a header there is nowhere to say it: the row is just left without a segment.
    expect(segmentAssign([["Other", 30, 40, 50]], model)).toEqual([[""]]);
  });

  it("ASSIGN reads a version 1 model table and assigns exactly as version 1 did", () => {
    // Made by the last version-1 Segment (its note says how): Gender there is two one-hot rows.
    const fixture = JSON.parse(
      readFileSync(path.join(__dirname, "../fixtures/model-v1-mall.json"), "utf8"),
    ) as { model: Cells; labels: Cells };
    expect(fixture.model[0][1]).toBe("version 1");
    expect(fixture.model.filter((row) => row[3] === "one-hot")).toHaveLength(2);
    const full = readFileSync(path.join(__dirname, "../fixtures/mall-customers-full.csv"), "utf8")
      .trim()
      .split(/\r?\n/)
      .map((line, i) => line.split(",").map((v, j) => (i === 0 || j === 1 ? v : Number(v))));
    const data = full.map((row) => row.slice(1));
    expect(segmentAssign(data, fixture.model)).toEqual(fixture.labels);
  });

  it("ASSIGN with a model that does not match the data's columns is #N/A with a message", () => {
    const model = segmentModel(features, 3);
    expect(excelError(() => segmentAssign(columns(mall, 0, 1, 2), model))).toEqual({
      code: ErrorCode.notAvailable,
      message: 'The data has no column "Gender", which the model needs.',
    });
    const byPosition = excelError(() => segmentAssign([[1, 2, 3]], model));
    expect(byPosition.code).toBe(ErrorCode.notAvailable);
    expect(byPosition.message).toMatch(/needs 4 columns \(Gender, Age, Income, Spend\); the data has 3/);
  });

  it("ASSIGN with text where the model needs numbers is #VALUE!", () => {
    const model = segmentModel(columns(mall, 1, 2), 2);
    const error = excelError(() =>
      segmentAssign(
        [
          ["Annual Income (k$)", "Spending Score (1-100)"],
          ["high", 3],
        ],
        model,
      ),
    );
    expect(error.code).toBe(ErrorCode.invalidValue);
  });

  it("ASSIGN with something that is not a model, or a damaged model, is #VALUE! with a message", () => {
    expect(excelError(() => segmentAssign(mall, mall)).message).toMatch(/not a Segment model/);
    const model = segmentModel(mall, 3).map((row) => [...row]);
    model[5][6] = "oops";
    const error = excelError(() => segmentAssign(mall, model));
    expect(error.code).toBe(ErrorCode.invalidValue);
    expect(error.message).toMatch(/damaged: Scale in row 6 is not a number/);
  });

  it("MODEL and ASSIGN give identical results on repeated calls", () => {
    const model = segmentModel(features, 4, null as never, 5);
    expect(segmentModel(features, 4, null as never, 5)).toEqual(model);
    expect(segmentAssign(features, model)).toEqual(segmentAssign(features, model));
  });
});
