import { SegmentError } from "../../src/core/errors";
import { centroidsInUnits, fitPreprocessor, transformTable } from "../../src/core/preprocess";
import { readTable } from "../../src/core/table";

const customers = [
  ["Gender", "Age", "Spend"],
  ["Male", 20, 100],
  ["Female", 30, ""],
  ["Female", 40, 300],
  ["Male", "", 400],
  ["Other", 60, 500],
];

function rowsOf(m: { data: Float64Array; n: number; d: number }): number[][] {
  return Array.from({ length: m.n }, (_, i) => Array.from(m.data.subarray(i * m.d, (i + 1) * m.d)));
}

describe("fitPreprocessor", () => {
  it("reports its progress every 65,536 rows, rising to 1, and gives the same matrix as without", () => {
    const n = 200000;
    const values = [["a", "b"], ...Array.from({ length: n }, (_, i) => [i % 7, (i * 13) % 11])];
    const heard: number[] = [];
    const table = readTable(values);
    const fitted = fitPreprocessor(table, {}, (f) => heard.push(f));
    expect(heard.length).toBeGreaterThanOrEqual(6);
    expect(heard.at(-1)).toBe(1);
    for (let i = 1; i < heard.length; i++) expect(heard[i]).toBeGreaterThan(heard[i - 1]);
    expect(Array.from(fitted.matrix.data)).toEqual(Array.from(fitPreprocessor(table).matrix.data));
  });

  it("drops rows with a missing feature by default and says which rows it kept", () => {
    const { matrix, rows, preprocessor } = fitPreprocessor(readTable(customers), { scaling: "none" });
    expect(rows).toBeInstanceOf(Int32Array);
    expect(Array.from(rows ?? [])).toEqual([0, 2, 4]);
    expect(preprocessor.outputs.map((o) => o.name)).toEqual([
      "Gender=Male",
      "Gender=Female",
      "Gender=Other",
      "Age",
      "Spend",
    ]);
    expect(rowsOf(matrix)).toEqual([
      [1, 0, 0, 20, 100],
      [0, 1, 0, 40, 300],
      [0, 0, 1, 60, 500],
    ]);
  });

  it("gives no row index when every row is used, and the same matrix as the rows kept from a larger table", () => {
    const [header, male, female, other] = [customers[0], customers[1], customers[3], customers[5]];
    const complete = [header, male, female, other, female, male];
    const withGaps = [header, male, customers[2], female, other, customers[4], female, male];
    for (const scaling of ["none", "zscore", "minmax"] as const) {
      const whole = fitPreprocessor(readTable(complete), { scaling });
      expect(whole.rows).toBeNull();
      expect(whole.matrix.n).toBe(5);
      const kept = fitPreprocessor(readTable(withGaps), { scaling });
      expect(kept.rows).toBeInstanceOf(Int32Array);
      expect(Array.from(kept.rows ?? [])).toEqual([0, 2, 3, 5, 6]);
      expect(whole.preprocessor).toEqual(kept.preprocessor);
      expect(rowsOf(whole.matrix)).toEqual(rowsOf(kept.matrix));
    }
    expect(rowsOf(fitPreprocessor(readTable(complete), { scaling: "none" }).matrix)).toEqual([
      [1, 0, 0, 20, 100],
      [0, 1, 0, 40, 300],
      [0, 0, 1, 60, 500],
      [0, 1, 0, 40, 300],
      [1, 0, 0, 20, 100],
    ]);
  });

  it("gives no row index when missing values are imputed, and the matrix in table order", () => {
    const { matrix, rows } = fitPreprocessor(readTable(customers), {
      scaling: "none",
      missing: "mean",
      features: ["Age", "Spend"],
    });
    expect(rows).toBeNull();
    expect(rowsOf(matrix)).toEqual([
      [20, 100],
      [30, 325],
      [40, 300],
      [37.5, 400],
      [60, 500],
    ]);
    const mostFrequent = fitPreprocessor(readTable(customers), { scaling: "none", missing: "mostFrequent" });
    expect(mostFrequent.rows).toBeNull();
    expect(rowsOf(mostFrequent.matrix).map((r) => r.slice(0, 3))).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ]);
  });

  it("imputes mean, median or most frequent when asked", () => {
    const table = readTable(customers);
    const mean = fitPreprocessor(table, { scaling: "none", missing: "mean", features: ["Age", "Spend"] });
    expect(mean.matrix.n).toBe(5);
    expect(rowsOf(mean.matrix)[1]).toEqual([30, 325]);
    expect(rowsOf(mean.matrix)[3]).toEqual([37.5, 400]);
    const median = fitPreprocessor(table, { scaling: "none", missing: "median", features: ["Age"] });
    expect(median.preprocessor.inputs[0].impute).toBe(35);
    const frequent = fitPreprocessor(readTable([["x"], [1], [2], [2], [""]]), {
      scaling: "none",
      missing: "mostFrequent",
    });
    expect(frequent.preprocessor.inputs[0].impute).toBe(2);
  });

  it("scales with the population standard deviation (zscore)", () => {
    const table = readTable([["x"], [1], [2], [3], [4]]);
    const { preprocessor, matrix } = fitPreprocessor(table, { scaling: "zscore" });
    expect(preprocessor.outputs[0].center).toBe(2.5);
    expect(preprocessor.outputs[0].scale).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(matrix.data[0]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 15);
  });

  it("scales minmax to [0, 1] and robust by median and IQR", () => {
    const table = readTable([["x"], [1], [2], [3], [4], [10]]);
    const minmax = fitPreprocessor(table, { scaling: "minmax" });
    expect(Array.from(minmax.matrix.data)).toEqual([0, 1 / 9, 2 / 9, 3 / 9, 1]);
    const robust = fitPreprocessor(table, { scaling: "robust" });
    expect(robust.preprocessor.outputs[0].center).toBe(3);
    expect(robust.preprocessor.outputs[0].scale).toBe(2);
  });

  it("never produces NaN for a constant column", () => {
    const table = readTable([
      ["a", "b"],
      [5, 1],
      [5, 2],
      [5, 3],
    ]);
    for (const scaling of ["zscore", "minmax", "robust", "none"] as const) {
      const { matrix } = fitPreprocessor(table, { scaling });
      expect(Array.from(matrix.data).every(Number.isFinite)).toBe(true);
    }
  });

  it("applies log(1 + x) and maps centroids back through it", () => {
    const table = readTable([["Spend"], [0], [9], [99]]);
    const { preprocessor, matrix } = fitPreprocessor(table, { scaling: "zscore", logTransform: ["Spend"] });
    const back = centroidsInUnits(preprocessor, matrix.data, 3);
    expect(back[0]).toBeCloseTo(0, 12);
    expect(back[1]).toBeCloseTo(9, 12);
    expect(back[2]).toBeCloseTo(99, 10);
  });

  it("refuses identifiers, unknown features and text where numbers are needed, naming the column", () => {
    const ids = readTable([
      ["CustomerID", "Age"],
      [1, 20],
      [2, 30],
      [3, 40],
    ]);
    expect(() => fitPreprocessor(ids)).toThrow(
      "CustomerID looks like an identifier: leave it out of the range.",
    );
    expect(() => fitPreprocessor(ids, { features: ["Income"] })).toThrow('There is no column "Income"');
    const bad: (string | number)[][] = [["Age"]];
    for (let i = 0; i < 20; i++) bad.push([20 + i]);
    bad[7] = ["twenty"];
    try {
      fitPreprocessor(readTable(bad));
      throw new Error("expected a SegmentError");
    } catch (error) {
      expect(error).toBeInstanceOf(SegmentError);
      expect((error as SegmentError).kind).toBe("value");
      expect((error as SegmentError).message).toBe('Age, row 8: "twenty" is not a number.');
    }
  });

  it("refuses unknown scaling and missing policies", () => {
    const table = readTable([["x"], [1], [2]]);
    expect(() => fitPreprocessor(table, { scaling: "log" as never })).toThrow('Unknown scaling "log"');
    expect(() => fitPreprocessor(table, { missing: "zero" as never })).toThrow(
      'Unknown missing-value policy "zero"',
    );
  });
});

describe("transformTable", () => {
  it("transforms new rows with the fitted parameters, matching columns by name", () => {
    const { preprocessor } = fitPreprocessor(readTable(customers), { scaling: "zscore" });
    const fresh = readTable([
      ["Spend", "Age", "Gender"],
      [100, 20, "Male"],
      [250, 35, "Unknown"],
    ]);
    const { matrix, rows } = transformTable(preprocessor, fresh);
    // Both rows are complete: every row, in order, with no index.
    expect(rows).toBeNull();
    const first = fitPreprocessor(readTable(customers), { scaling: "zscore" }).matrix;
    expect(Array.from(matrix.data.subarray(0, 5))).toEqual(Array.from(first.data.subarray(0, 5)));
    // An unseen category encodes as no category at all.
    const genderCells = Array.from(matrix.data.subarray(5, 8));
    const zeroCells = preprocessor.outputs.slice(0, 3).map((o) => (0 - o.center) / o.scale);
    expect(genderCells).toEqual(zeroCells);
  });

  it("says which column is missing from new data", () => {
    const { preprocessor } = fitPreprocessor(readTable(customers));
    expect(() =>
      transformTable(
        preprocessor,
        readTable([
          ["Age", "Spend"],
          [1, 2],
        ]),
      ),
    ).toThrow('The data has no column "Gender", which the model needs.');
    expect(() => transformTable(preprocessor, readTable([[1, 2]]))).toThrow("The model needs 3 columns");
  });
});
