import fc from "fast-check";
import { CellValue } from "../../src/core/cells";
import { SegmentError } from "../../src/core/errors";
import { assignToNearest } from "../../src/core/kmeans";
import { MODEL_HEADER, isModelTable, modelTable, parseModelTable } from "../../src/core/model";
import { Segmentation, SegmentOptions, segment, spreadToRows } from "../../src/core/pipeline";
import { MissingPolicy, SCALINGS, Scaling, transformTable } from "../../src/core/preprocess";
import { createRng } from "../../src/core/random";
import { readTable } from "../../src/core/table";
import { mallCustomers } from "../helpers/mall";
import { errorOf } from "../helpers/segment-error";

const mall = mallCustomers;

function modelOf(s: Segmentation): CellValue[][] {
  return modelTable(s.fitted.preprocessor, s.fit.centroids, s.fit.sizes);
}

/** Labels per table row that a (parsed) model table gives to values. */
function assignWith(model: CellValue[][], values: CellValue[][]): ArrayLike<number> {
  const parsed = parseModelTable(model);
  const table = readTable(values);
  const t = transformTable(parsed.preprocessor, table);
  return spreadToRows(assignToNearest(t.matrix, parsed.centroids, parsed.k), t.rows, table.rowCount);
}

/** Random customers: numeric columns on different scales, a text category, some missing cells. */
function randomCustomers(seed: number, n: number, missingShare: number): CellValue[][] {
  const rng = createRng(seed);
  const header = ["Age", "Income", "Visits", "Region", "Member"];
  const regions = ["North", "South", "East", "West"];
  const rows: CellValue[][] = [header];
  for (let i = 0; i < n; i++) {
    const group = rng.int(3);
    const row: CellValue[] = [
      20 + group * 15 + rng.next() * 10,
      Math.round(1000 * (group + 1) + rng.next() * 800),
      Math.floor(rng.next() * 30 * (group + 1)),
      regions[(group + rng.int(2)) % 4],
      rng.next() < 0.5,
    ];
    for (let j = 0; j < row.length; j++) if (rng.next() < missingShare) row[j] = "";
    rows.push(row);
  }
  return rows;
}

describe("modelTable", () => {
  const s = segment(mall(), { k: 5 });
  const table = modelOf(s);

  it("is rectangular: 7 columns plus one per segment", () => {
    expect(table.every((row) => row.length === MODEL_HEADER.length + 5)).toBe(true);
    expect(table.flat().every((v) => v !== null && v !== undefined)).toBe(true);
  });

  it("has a title, the scaling and missing-value policy, a header, a row per feature and a Size row", () => {
    expect(table[0].slice(0, 2)).toEqual(["Segment model", "version 2"]);
    expect(table[1].slice(0, 2)).toEqual(["Scaling", "zscore"]);
    expect(table[2].slice(0, 2)).toEqual(["Missing values", "drop"]);
    expect(table[3]).toEqual([
      ...MODEL_HEADER,
      "Segment 1",
      "Segment 2",
      "Segment 3",
      "Segment 4",
      "Segment 5",
    ]);
    expect(table.slice(4, 7).map((row) => row[0])).toEqual([
      "Age",
      "Annual Income (k$)",
      "Spending Score (1-100)",
    ]);
    expect(table[7]).toEqual(["Size", "", "", "", "", "", "", ...s.fit.sizes]);
    expect(table).toHaveLength(8);
    expect(isModelTable(table)).toBe(true);
  });

  it("writes centroids in original units: the means of each segment's rows", () => {
    const values = mall();
    for (let c = 1; c <= 5; c++) {
      const members = values.slice(1).filter((_, i) => s.labelsByRow[i] === c);
      for (let j = 0; j < 3; j++) {
        const mean = members.reduce((sum, row) => sum + (row[j] as number), 0) / members.length;
        expect(table[4 + j][MODEL_HEADER.length + c - 1]).toBeCloseTo(mean, 9);
      }
    }
  });

  it("writes center and scale of every feature", () => {
    const outputs = s.fitted.preprocessor.outputs;
    outputs.forEach((o, j) => {
      expect(table[4 + j][5]).toBe(o.center);
      expect(table[4 + j][6]).toBe(o.scale);
    });
  });

  it("shows categories as one-hot rows with shares, and a log transform", () => {
    const data = randomCustomers(3, 120, 0);
    const fit = segment(data, { k: 3, logTransform: ["Income"], missing: "median" });
    const t = modelOf(fit);
    const region = t.filter((row) => row[1] === "Region");
    expect(region.map((row) => row[3])).toEqual(["one-hot", "one-hot", "one-hot", "one-hot"]);
    expect(region.map((row) => row[0])).toEqual(region.map((row) => `Region=${row[2]}`));
    for (let c = 0; c < 3; c++) {
      const shares = region.map((row) => row[MODEL_HEADER.length + c] as number);
      expect(shares.reduce((a, b) => a + b)).toBeCloseTo(1, 9);
    }
    expect(t.find((row) => row[1] === "Income")?.[3]).toBe("log(1+x)");
    expect(t.find((row) => row[1] === "Member")?.[2]).toMatch(/^(TRUE|FALSE)$/);
    expect(t[2][1]).toBe("median");
    expect(typeof t.find((row) => row[1] === "Age")?.[4]).toBe("number");
  });
});

describe("parseModelTable", () => {
  it("reads back the preprocessor, k and sizes exactly", () => {
    const s = segment(mall(), { k: 4, scaling: "robust" });
    const parsed = parseModelTable(modelOf(s));
    expect(parsed.k).toBe(4);
    expect(parsed.sizes).toEqual(s.fit.sizes);
    expect(parsed.preprocessor).toEqual(s.fitted.preprocessor);
    parsed.centroids.forEach((x, i) => expect(x).toBeCloseTo(s.fit.centroids[i], 12));
  });

  it.each(SCALINGS.flatMap((scaling) => [2, 3, 5, 8].map((k) => [scaling, k] as const)))(
    "assigns the Mall data exactly as the fit did (%s, k = %d)",
    (scaling, k) => {
      const values = mall();
      const s = segment(values, { k, scaling });
      expect(Array.from(assignWith(modelOf(s), values))).toEqual(Array.from(s.labelsByRow));
    },
  );

  it("assigns random data exactly as the fit did, with categories, missing values, logs and every policy", () => {
    const policies: MissingPolicy[] = ["drop", "mean", "median", "mostFrequent"];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(...SCALINGS),
        fc.constantFrom(...policies),
        fc.boolean(),
        (seed, k, scaling: Scaling, missing, log) => {
          const values = randomCustomers(seed, 60, 0.05);
          const options: SegmentOptions = { k, scaling, missing, seed, logTransform: log ? ["Visits"] : [] };
          let s: Segmentation;
          try {
            s = segment(values, options);
          } catch (error) {
            if (error instanceof SegmentError) return; // too few usable rows for this k: not a model
            throw error;
          }
          const model = modelOf(s);
          expect(parseModelTable(model).preprocessor).toEqual(s.fitted.preprocessor);
          expect(Array.from(assignWith(model, values))).toEqual(Array.from(s.labelsByRow));
        },
      ),
      { seed: 20240611, numRuns: 60 },
    );
  });

  it("reads a model from a larger selection with empty rows and columns around it", () => {
    const s = segment(mall(), { k: 3 });
    const model = modelOf(s).map((row) => [...row, "", null]);
    model.push(["", "", ""], []);
    expect(parseModelTable(model).preprocessor).toEqual(s.fitted.preprocessor);
  });

  it("reads numbers that came back as text", () => {
    const s = segment(mall(), { k: 2 });
    const model = modelOf(s).map((row) => row.map((v) => (typeof v === "number" ? String(v) : v)));
    expect(Array.from(assignWith(model, mall()))).toEqual(Array.from(s.labelsByRow));
  });

  describe("refuses tables that are not a model, or are damaged", () => {
    const good = () => modelOf(segment(randomCustomers(5, 80, 0), { k: 3 }));
    const edit = (change: (t: CellValue[][]) => void) => {
      const t = good().map((row) => [...row]);
      change(t);
      return t;
    };
    const regionRow = (t: CellValue[][]) => t.findIndex((row) => row[1] === "Region");
    const memberRow = (t: CellValue[][]) => t.findIndex((row) => row[1] === "Member");

    it("holds a yes/no column as one binary row: TRUE coded 1, the other value named", () => {
      const member = good().find((row) => row[1] === "Member") as CellValue[];
      expect(member.slice(0, 4)).toEqual(["Member=TRUE", "Member", "TRUE", "binary (0 = FALSE)"]);
      expect(parseModelTable(good()).preprocessor.inputs.find((i) => i.name === "Member")).toMatchObject({
        binary: true,
        categories: ["TRUE", "FALSE"],
      });
    });

    it("is not a model", () => {
      for (const t of [
        [
          ["Age", "Income"],
          [1, 2],
        ],
        [[]],
        [],
        [[""]],
        mall(),
      ]) {
        const error = errorOf(() => parseModelTable(t));
        expect(error.kind).toBe("value");
        expect(error.message).toMatch(/not a Segment model/);
      }
    });

    it.each<[string, (t: CellValue[][]) => void, RegExp]>([
      ["a newer version", (t) => (t[0][1] = "version 3"), /version 3, newer/],
      ["no version", (t) => (t[0][1] = ""), /version cell/],
      ["an unknown scaling", (t) => (t[1][1] = "log"), /Scaling is "log"/],
      [
        "a missing policy row out of place",
        (t) => (t[2][0] = "Impute"),
        /row 3 should start with "Missing values"/,
      ],
      ["a renamed header", (t) => (t[3][5] = "Mean"), /column 6 should read "Center"/],
      ["no segment columns", (t) => t[3].splice(7), /no "Segment 1"/],
      ["no Size row", (t) => t.pop(), /no "Size" row/],
      ["content below the Size row", (t) => t.push(["note", "", ""]), /more below/],
      ["a text centroid", (t) => (t[4][8] = "abc"), /Segment 2 in row 5 is not a number/],
      ["an empty scale", (t) => (t[5][6] = ""), /Scale in row 6 is not a number/],
      ["a zero scale", (t) => (t[5][6] = 0), /Scale in row 6 is 0/],
      ["an unknown transform", (t) => (t[4][3] = "sqrt"), /Transform in row 5 is "sqrt"/],
      ["a missing column name", (t) => (t[4][1] = ""), /row 5 has no Column name/],
      ["a category on a numeric row", (t) => (t[4][2] = "x"), /numeric but has a Category/],
      ["a one-hot row without category", (t) => (t[regionRow(t)][2] = ""), /one-hot but has no Category/],
      ["a repeated category", (t) => (t[regionRow(t) + 1][2] = t[regionRow(t)][2]), /appears twice/],
      ["a binary row in a version 1 table", (t) => (t[0][1] = "version 1"), /binary, which a version 1/],
      ["a binary row without category", (t) => (t[memberRow(t)][2] = ""), /binary but has no Category/],
      [
        "a binary row coding one category 1 and 0",
        (t) => (t[memberRow(t)][3] = `binary (0 = ${String(t[memberRow(t)][2])})`),
        /codes "TRUE" both 1 and 0/,
      ],
      ["an impute value under drop", (t) => (t[4][4] = 3), /has an Impute value/],
      ["a bad size", (t) => (t[t.length - 1][7] = 2.5), /size of segment 1/],
      ["no feature rows", (t) => t.splice(4, t.length - 5), /no feature rows/],
      [
        "a column split in two",
        (t) => {
          const r = regionRow(t);
          const moved = t.splice(r, 1)[0];
          t.splice(t.length - 1, 0, moved);
        },
        /appears again/,
      ],
    ])("%s", (_, change, message) => {
      const error = errorOf(() => parseModelTable(edit(change)));
      expect(error.kind).toBe("value");
      expect(error.message).toMatch(/damaged/);
      expect(error.message).toMatch(message);
    });

    it("an imputing model with an impute value missing, or a category it does not know", () => {
      const imputing = () => modelOf(segment(randomCustomers(5, 80, 0.05), { k: 2, missing: "mean" }));
      const t1 = imputing();
      t1[4][4] = "";
      expect(errorOf(() => parseModelTable(t1)).message).toMatch(/no Impute value/);
      const t2 = imputing();
      const r = t2.findIndex((row) => row[1] === "Region");
      t2[r][4] = "Atlantis";
      expect(errorOf(() => parseModelTable(t2)).message).toMatch(/not one of its categories/);
    });
  });
});
