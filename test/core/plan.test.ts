import { CellValue } from "../../src/core/cells";
import {
  FORMATS,
  LABEL_HEADER,
  MODEL_SHEET,
  NOTE_ROW,
  PROFILE_SHEET,
  SEPARATION_ROW,
  combinePlans,
  describeDistinctions,
  labelColumnValues,
  planLabelColumn,
  planModelSheet,
  planProfileSheet,
  profileTable,
} from "../../src/core/plan";
import { parseAnyModel } from "../../src/core/model-mixture";
import { MemoryHost } from "../../src/host/memory";
import { Workbook } from "../../src/host/workbook";
import { modelOf } from "../../src/functions/segmenting";
import { GroupProfile, profileSegments } from "../../src/core/profile";
import { SeparationReport } from "../../src/core/separation";
import { readTable } from "../../src/core/table";

/**
 * Income 100, 100 | 0, 0: median 50, MAD 50, scores +-50 / (1.4826 x 50) = +-0.674.
 * Female overall 3/4, sd sqrt(3/16); segment 1 all Female (+1/sqrt(3)), segment 2 half Male (+1/sqrt(3) for Male).
 */
const customers: CellValue[][] = [
  ["Income", "Gender"],
  [100, "Female"],
  [100, "Female"],
  [0, "Male"],
  [0, "Female"],
];
const report = profileSegments(readTable(customers), ["Income", "Gender"], Int32Array.from([1, 1, 2, 2]), 2);
const third = 1 / Math.sqrt(3);
const robust = 1 / 1.4826;

/** What drives the segments, as separation.ts would give it: Income's R² 1, Gender's 1/3, one warning. */
const drivers: SeparationReport = {
  separation: [
    { feature: "Income", r2: 1, split: { purity: 1, leaders: 2 } },
    { feature: "Gender", r2: 1 / 3, split: { purity: 0.5, leaders: 2 } },
  ],
  warnings: ["Income alone splits the segments.", "A second note."],
};

/** Row equality with floating-point numbers compared to 12 digits. */
function expectRow(actual: readonly CellValue[], expected: readonly CellValue[]): void {
  expect(actual).toEqual(expected.map((v) => (typeof v === "number" ? expect.closeTo(v, 12) : v)));
}

describe("labelColumnValues", () => {
  it("puts a Segment header over one label per row when the data has a header", () => {
    expect(LABEL_HEADER).toBe("Segment");
    expect(labelColumnValues(Int32Array.from([1, 0, 2]), true)).toEqual([["Segment"], [1], [""], [2]]);
  });

  it("has no header row when the data has none, and leaves unlabelled rows empty", () => {
    expect(labelColumnValues([3, 0, 0, 1], false)).toEqual([[3], [""], [""], [1]]);
    expect(labelColumnValues([], false)).toEqual([]);
    expect(labelColumnValues([], true)).toEqual([["Segment"]]);
  });

  it("shares one row array per label, so a million labels take no million arrays", () => {
    const out = labelColumnValues(Int32Array.from([2, 1, 2, 0, 1, 0]), false);
    expect(out[0]).toBe(out[2]);
    expect(out[1]).toBe(out[4]);
    expect(out[3]).toBe(out[5]);
    expect(new Set(out).size).toBe(3);
  });
});

describe("planLabelColumn", () => {
  it("writes the label column at the anchor it is given", () => {
    expect(planLabelColumn([2, 1], true, { sheet: "Data", row: 4, column: 7 })).toEqual({
      ops: [
        {
          kind: "values",
          sheet: "Data",
          row: 4,
          column: 7,
          values: [["Segment"], [2], [1]],
          columnFormats: ["0"],
          headerRows: 1,
        },
      ],
    });
  });

  it("styles no header row when the data has none", () => {
    const [op] = planLabelColumn([1, 0], false, { sheet: null, row: 0, column: 3 }).ops;
    expect(op).toEqual({
      kind: "values",
      sheet: null,
      row: 0,
      column: 3,
      values: [[1], [""]],
      columnFormats: ["0"],
      headerRows: 0,
    });
  });
});

describe("profileTable", () => {
  const table = profileTable(report);

  it("has a header of size, share, means and medians, category shares, scores, then the distinctions", () => {
    expect(table.values[0]).toEqual([
      "Segment",
      "Name",
      "Size",
      "Share",
      "Income mean",
      "Income median",
      "Gender: Female",
      "Gender: Male",
      "Income score",
      "Gender: Female score",
      "Gender: Male score",
      "Distinguishing",
    ]);
    expect(table.columnFormats).toEqual([
      FORMATS.count,
      null,
      FORMATS.count,
      FORMATS.share,
      FORMATS.value,
      FORMATS.value,
      FORMATS.share,
      FORMATS.share,
      FORMATS.score,
      FORMATS.score,
      FORMATS.score,
      null,
    ]);
    expect(table.columnFormats).toHaveLength(table.values[0].length);
    expect(table.scoreColumns).toEqual({ first: 8, count: 3 });
  });

  it("has a row per segment and a last row for all of them, with no scores", () => {
    expect(table.values).toHaveLength(4);
    expectRow(table.values[1], [
      1,
      "High Income · All Female",
      2,
      0.5,
      100,
      100,
      1,
      0,
      robust,
      third,
      -third,
      "Income +0.67 sd, Gender = Female +0.58 sd",
    ]);
    expectRow(table.values[2], [
      2,
      "Low Income · Mostly Male",
      2,
      0.5,
      0,
      0,
      0.5,
      0.5,
      -robust,
      -third,
      third,
      "Income -0.67 sd, Gender = Male +0.58 sd",
    ]);
    expectRow(table.values[3], ["All", "All segments", 4, 1, 50, 50, 0.75, 0.25, "", "", "", ""]);
  });

  it("adds the separation row under All (a number's R² in its mean column, a category's in its first share), then a note per warning", () => {
    const withDrivers = profileTable(report, drivers);
    expect(withDrivers.values.slice(0, 4)).toEqual(table.values);
    expect(withDrivers.columnFormats).toEqual(table.columnFormats);
    expect(withDrivers.scoreColumns).toEqual(table.scoreColumns);
    expect(withDrivers.values).toHaveLength(7);
    expectRow(withDrivers.values[4], [
      SEPARATION_ROW,
      "Share of each feature's spread that lies between the segments",
      "",
      "",
      1,
      "",
      1 / 3,
      "",
      "",
      "",
      "",
      "",
    ]);
    expect(SEPARATION_ROW).toBe("Separation (R²)");
    expect(NOTE_ROW).toBe("Note");
    expect(withDrivers.values[5]).toEqual([
      "Note",
      "Income alone splits the segments.",
      ...Array(10).fill(""),
    ]);
    expect(withDrivers.values[6]).toEqual(["Note", "A second note.", ...Array(10).fill("")]);
  });

  it("leaves a feature the separation does not know empty, and adds no note row without warnings", () => {
    const values = profileTable(report, { separation: [drivers.separation[1]], warnings: [] }).values;
    expect(values).toHaveLength(5);
    expect(values[4].slice(4, 8)).toEqual(["", "", 1 / 3, ""]);
  });

  it("shows a mean or median that does not exist as an empty cell", () => {
    const sparse = profileSegments(readTable([["Income"], [10], [20], [""]]), ["Income"], [1, 1, 2], 2);
    const values = profileTable(sparse).values;
    // Segment 1 (10, 20) sits on the overall mean too, so both names take their segment number.
    expect(values[1]).toEqual([1, "Close to average (1)", 2, 2 / 3, 15, 15, 0, "Income +0.00 sd"]);
    expect(values[2]).toEqual([2, "Close to average (2)", 1, 1 / 3, "", "", "", ""]);
  });

  it("has no score columns without features", () => {
    const bare = profileTable(profileSegments(readTable(customers), [], [1, 1, 2, 2], 2));
    expect(bare.values[0]).toEqual(["Segment", "Name", "Size", "Share", "Distinguishing"]);
    expect(bare.values[1]).toEqual([1, "Close to average (1)", 2, 0.5, ""]);
    expect(bare.scoreColumns).toEqual({ first: 4, count: 0 });
  });
});

describe("planProfileSheet", () => {
  it("adds a sheet, writes the table with one header row, and colours exactly the segments' scores", () => {
    const plan = planProfileSheet(report);
    const table = profileTable(report);
    expect(plan.ops).toEqual([
      { kind: "addSheet", name: PROFILE_SHEET },
      {
        kind: "values",
        sheet: PROFILE_SHEET,
        row: 0,
        column: 0,
        values: table.values,
        columnFormats: table.columnFormats,
        headerRows: 1,
      },
      { kind: "colorScale", sheet: PROFILE_SHEET, row: 1, column: 8, rows: 2, columns: 3 },
    ]);
    // The coloured block is every score cell of the segment rows: not the header, not "All", not the text.
    const header = table.values[0];
    expect(header[7]).toBe("Gender: Male");
    expect(header.slice(8, 11).every((h) => String(h).endsWith(" score"))).toBe(true);
    expect(header[11]).toBe("Distinguishing");
    expect(table.values[1 + 2][0]).toBe("All");
  });

  it("writes the separation and note rows too, and still colours only the segments' scores", () => {
    const plan = planProfileSheet(report, PROFILE_SHEET, drivers);
    expect(plan.ops[1]).toMatchObject({ kind: "values", values: profileTable(report, drivers).values });
    expect(plan.ops[2]).toEqual({
      kind: "colorScale",
      sheet: PROFILE_SHEET,
      row: 1,
      column: 8,
      rows: 2,
      columns: 3,
    });
  });

  it("uses the sheet name it is given", () => {
    const plan = planProfileSheet(report, "Profiles k=2");
    expect(plan.ops.map((op) => (op.kind === "addSheet" ? op.name : op.sheet))).toEqual([
      "Profiles k=2",
      "Profiles k=2",
      "Profiles k=2",
    ]);
  });

  it("adds no colour scale when there are no scores", () => {
    const plan = planProfileSheet(profileSegments(readTable(customers), [], [1, 1, 2, 2], 2));
    expect(plan.ops.map((op) => op.kind)).toEqual(["addSheet", "values"]);
  });

  it("combines with the label column into one plan, in order", () => {
    const labels = planLabelColumn([1, 1, 2, 2], true, { sheet: null, row: 0, column: 2 });
    const combined = combinePlans(labels, planProfileSheet(report));
    expect(combined.ops.map((op) => op.kind)).toEqual(["values", "addSheet", "values", "colorScale"]);
  });
});

describe("describeDistinctions", () => {
  it("lists the strongest differences with signed scores to two decimals", () => {
    const [first, second] = report.segments;
    expect(describeDistinctions(first)).toBe("Income +0.67 sd, Gender = Female +0.58 sd");
    expect(describeDistinctions(second)).toBe("Income -0.67 sd, Gender = Male +0.58 sd");
    expect(describeDistinctions(second, 1)).toBe("Income -0.67 sd");
    expect(describeDistinctions(second, 0)).toBe("");
  });

  it("stops at three by default", () => {
    const p: GroupProfile = {
      ...report.segments[0],
      distinctions: [
        { feature: "Age", category: null, score: -2.345, phrase: "Very low age" },
        { feature: "Spend", category: null, score: 1.5, phrase: "Very high spend" },
        { feature: "Gender", category: "Male", score: 0.004, phrase: "Mostly Male" },
        { feature: "Income", category: null, score: 0.1, phrase: "High income" },
      ],
    };
    expect(describeDistinctions(p)).toBe("Age -2.35 sd, Spend +1.50 sd, Gender = Male +0.00 sd");
  });
});

describe("planModelSheet", () => {
  test("puts the model table on its own sheet from A1, where it reads back as the same model", async () => {
    const data: CellValue[][] = [["Income", "Region"]];
    for (let i = 0; i < 40; i++) data.push([10 + ((i * 37) % 90) + 0.1 * i, i % 3 === 0 ? "North" : "South"]);
    const model = modelOf([data, 3, null, null, null], undefined);
    const wb = new Workbook();
    wb.addSheet("Customers");
    await new MemoryHost(wb).applyPlan(planModelSheet(model));
    expect(wb.sheets.map((s) => s.name)).toEqual(["Customers", MODEL_SHEET]);
    const rect = wb.usedRect(MODEL_SHEET);
    expect(rect).toEqual({ row: 0, column: 0, rows: model.length, columns: model[0].length });
    const back = wb.values(MODEL_SHEET, rect!);
    expect(back).toEqual(model);
    expect(parseAnyModel(back).centroids).toEqual(parseAnyModel(model).centroids);
  });
});
