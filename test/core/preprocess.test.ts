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
    // 11, not 10: a last row equal to the sum of the rows above is a totals row, left out.
    const table = readTable([["x"], [1], [2], [3], [4], [11]]);
    const minmax = fitPreprocessor(table, { scaling: "minmax" });
    expect(Array.from(minmax.matrix.data)).toEqual([0, 1 / 10, 2 / 10, 3 / 10, 1]);
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

describe("fitPreprocessor: heavy tails", () => {
  // Spend: most customers small, a few whales (skewness far above 2); Age: symmetric.
  const spend = [5, 7, 8, 9, 10, 11, 12, 14, 15, 20, 25, 30, 40, 3000, 9000];
  const whales = [["Age", "Spend"], ...spend.map((s, i) => [20 + ((i * 7) % 40), s])];

  it("log-transforms a non-negative column with skewness above 2 by default, and says so", () => {
    const fitted = fitPreprocessor(readTable(whales));
    expect(fitted.preprocessor.inputs.map((i) => [i.name, i.log])).toEqual([
      ["Age", false],
      ["Spend", true],
    ]);
    expect(fitted.heavyTails.map((t) => t.name)).toEqual(["Spend"]);
    expect(fitted.heavyTails[0].skewness).toBeGreaterThan(2);
    // The matrix holds log(1 + spend), z-scored.
    const logs = spend.map(Math.log1p);
    const mu = logs.reduce((a, b) => a + b) / logs.length;
    expect(fitted.preprocessor.outputs[1].center).toBeCloseTo(mu, 12);
  });

  it("leaves a moderately skewed column, a column with negatives and a left tail alone", () => {
    const moderate = [1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8]; // skewness about 1
    const negative = spend.map((s) => s - 100);
    const left = spend.map((s) => 10000 - s);
    const table = readTable([
      ["Moderate", "Negative", "Left"],
      ...spend.map((_, i) => [moderate[i % moderate.length], negative[i], left[i]]),
    ]);
    const fitted = fitPreprocessor(table);
    expect(fitted.preprocessor.inputs.map((i) => i.log)).toEqual([false, false, false]);
    expect(fitted.heavyTails).toEqual([]);
  });

  it('turns off with logTransform "none", with scaling "none", and follows a list of names exactly', () => {
    const table = readTable(whales);
    expect(fitPreprocessor(table, { logTransform: "none" }).preprocessor.inputs.some((i) => i.log)).toBe(
      false,
    );
    const raw = fitPreprocessor(table, { scaling: "none" });
    expect(raw.preprocessor.inputs.some((i) => i.log)).toBe(false);
    expect(Array.from(raw.matrix.data.subarray(0, 2))).toEqual([20, 5]);
    const named = fitPreprocessor(table, { logTransform: ["age"] });
    expect(named.preprocessor.inputs.map((i) => i.log)).toEqual([true, false]);
    expect(named.heavyTails).toEqual([]);
  });

  it("decides on the rows used: rows dropped for a missing value do not count", () => {
    const table = readTable([["Age", "Spend"], ...spend.map((s, i) => [s > 1000 ? "" : 20 + i, s])]);
    // The whales have no age, so under "drop" the spend that is used is not heavy-tailed.
    expect(fitPreprocessor(table).preprocessor.inputs[1].log).toBe(false);
    expect(fitPreprocessor(table, { missing: "mean" }).preprocessor.inputs[1].log).toBe(true);
  });
});

describe("fitPreprocessor: categories", () => {
  const colours = ["red", "green", "blue", "grey", "pink", "teal"];
  const withCategories = (count: number) =>
    readTable([["Colour", "x"], ...Array.from({ length: 60 }, (_, i) => [colours[(i * 7) % count], i % 11])]);

  /** Sum over a categorical input's columns of their variance in the scaled matrix. */
  function blockVariance(fitted: ReturnType<typeof fitPreprocessor>, input: number): number {
    const { data, n, d } = fitted.matrix;
    let total = 0;
    fitted.preprocessor.outputs.forEach((o, j) => {
      if (o.input !== input) return;
      let sum = 0;
      let squares = 0;
      for (let i = 0; i < n; i++) sum += data[i * d + j];
      for (let i = 0; i < n; i++) squares += (data[i * d + j] - sum / n) ** 2;
      total += squares / n;
    });
    return total;
  }

  it("gives a categorical feature the weight of one z-scored column however many categories it has", () => {
    for (const count of [2, 3, 4, 6]) {
      for (const scaling of ["zscore", "robust"] as const) {
        const fitted = fitPreprocessor(withCategories(count), { scaling });
        expect(blockVariance(fitted, 0)).toBeCloseTo(1, 12);
      }
    }
  });

  it("puts two different categories 1 apart under minmax, as a numeric column's full range", () => {
    for (const count of [2, 3, 5]) {
      const fitted = fitPreprocessor(withCategories(count), { scaling: "minmax" });
      const { data, d } = fitted.matrix;
      const width = fitted.preprocessor.outputs.filter((o) => o.input === 0).length;
      // Rows 0 and 1 hold different colours.
      let squared = 0;
      for (let j = 0; j < width; j++) squared += (data[j] - data[d + j]) ** 2;
      expect(squared).toBeCloseTo(1, 12);
    }
  });

  it("encodes two categories as one 0/1 column, z-scored as scikit-learn would, TRUE as 1", () => {
    const fitted = fitPreprocessor(withCategories(2));
    const [gender] = fitted.preprocessor.inputs;
    expect(gender).toMatchObject({ kind: "categorical", binary: true, categories: ["red", "green"] });
    expect(fitted.preprocessor.outputs[0]).toMatchObject({ name: "Colour=red", category: "red" });
    const indicator = Array.from({ length: 60 }, (_, i): number => ((i * 7) % 2 === 0 ? 1 : 0));
    const p = indicator.reduce((a, b) => a + b) / 60;
    expect(fitted.preprocessor.outputs[0].center).toBeCloseTo(p, 15);
    expect(fitted.preprocessor.outputs[0].scale).toBeCloseTo(Math.sqrt(p * (1 - p)), 15);
    const flags = fitPreprocessor(readTable([["Member"], [false], [true], [false]]));
    expect(flags.preprocessor.inputs[0].categories).toEqual(["TRUE", "FALSE"]);
  });

  it("refuses more categories than maxCategories, naming the column", () => {
    const table = withCategories(6);
    expect(() => fitPreprocessor(table, { maxCategories: 6 })).not.toThrow();
    expect(() => fitPreprocessor(table, { maxCategories: 5 })).toThrow(
      /^Colour has 6 different values, too many for a feature \(at most 5\)/,
    );
  });

  it("leaves out rows of new data whose binary feature holds a category the model never saw", () => {
    const fitted = fitPreprocessor(withCategories(2));
    const fresh = readTable([
      ["Colour", "x"],
      ["red", 1],
      ["purple", 2],
      ["green", 3],
      ["purple", 4],
    ]);
    const out = transformTable(fitted.preprocessor, fresh);
    expect(Array.from(out.rows ?? [])).toEqual([0, 2]);
    expect(out.unseen).toEqual({ rows: 2, column: "Colour", value: "purple", reason: "category" });
    expect(
      transformTable(
        fitted.preprocessor,
        readTable([
          ["Colour", "x"],
          ["red", 1],
        ]),
      ).unseen,
    ).toBeNull();
  });
});

describe("transformTable: values log(1 + x) is not defined for", () => {
  it("leaves out rows of new data with -1 or less in a logged column, counted once per row", () => {
    const fitted = fitPreprocessor(
      readTable([
        ["Spend", "Visits"],
        [10, 1],
        [200, 2],
        [3000, 5],
        [40, 3],
      ]),
      { logTransform: ["Spend", "Visits"] },
    );
    const fresh = readTable([
      ["Spend", "Visits"],
      [10, 1],
      [-1, -3],
      [-0.5, 2],
      [50, -2],
    ]);
    const out = transformTable(fitted.preprocessor, fresh);
    expect(Array.from(out.rows ?? [])).toEqual([0, 2]);
    expect(out.unseen).toEqual({ rows: 2, column: "Spend", value: "-1", reason: "log" });
    expect(Array.from(out.matrix.data).every(Number.isFinite)).toBe(true);
  });
});

describe("fitPreprocessor: the heavy-tail test reads the matrix under drop and the columns when imputing", () => {
  it("decides the same logs, with the same skewness, either way when nothing is missing", () => {
    const values: (string | number)[][] = [["a", "b", "c", "d"]];
    for (let i = 0; i < 300; i++)
      values.push([i % 17, Math.exp((i * 37) % 11), (i * 7919) % 1000, i % 30 === 0 ? 5000 : 1]);
    const table = readTable(values);
    const dropped = fitPreprocessor(table);
    const imputed = fitPreprocessor(table, { missing: "median" });
    expect(dropped.heavyTails.map((t) => t.name)).toEqual(["b", "d"]);
    expect(imputed.heavyTails.map((t) => t.name)).toEqual(["b", "d"]);
    dropped.heavyTails.forEach((t, i) => expect(t.skewness).toBeCloseTo(imputed.heavyTails[i].skewness, 12));
    expect(Array.from(dropped.matrix.data)).toEqual(Array.from(imputed.matrix.data));
  });
});
