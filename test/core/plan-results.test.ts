import type { CellValue } from "../../src/core/cells";
import {
  PROFILE_SHEET,
  SIZE_CHART,
  combinePlans,
  mergeRemovals,
  planLabelColumn,
  planLabelTableColumn,
  planProfileSheet,
  planRemoval,
  planSizeChart,
  profileTable,
  resolveSheets,
} from "../../src/core/plan";
import { NOISE } from "../../src/core/algorithms/clusterer";
import { profileSegments } from "../../src/core/profile";
import { readTable } from "../../src/core/table";

const customers: CellValue[][] = [
  ["Income", "Gender"],
  [100, "Female"],
  [100, "Female"],
  [0, "Male"],
  [0, "Female"],
];
const report = profileSegments(readTable(customers), ["Income", "Gender"], Int32Array.from([1, 1, 2, 0]), 2);

describe("planSizeChart", () => {
  it("charts the profile table's Name and Size columns over the segment rows, below the table", () => {
    const table = profileTable(report);
    const [op] = planSizeChart(report).ops;
    expect(op).toEqual({
      kind: "chart",
      sheet: PROFILE_SHEET,
      name: SIZE_CHART,
      title: SIZE_CHART,
      chartType: "columnClustered",
      source: { row: 0, column: 1, rows: 3, columns: 2 },
      at: { row: 5, column: 1 },
    });
    expect(table.values[0].slice(1, 3)).toEqual(["Name", "Size"]);
    // The table ends with the "All" row at row 3; the chart starts after a blank row.
    expect(table.values).toHaveLength(4);
  });

  it("starts below the separation row and the notes when the sheet has them", () => {
    const separation = {
      separation: [
        { feature: "Income", r2: 1, split: null },
        { feature: "Gender", r2: 0.1, split: null },
      ],
      warnings: ["one", "two"],
    };
    const table = profileTable(report, separation);
    // Header, 2 segments, All, Separation, 2 notes: rows 0 to 6; a blank row 7; the chart at row 8.
    expect(table.values).toHaveLength(7);
    expect(planSizeChart(report, PROFILE_SHEET, separation).ops[0].at).toEqual({ row: 8, column: 1 });
  });

  it("leaves noise out of the chart and starts below its row", () => {
    const noisy = profileSegments(
      readTable(customers),
      ["Income", "Gender"],
      Int32Array.from([1, 1, 2, NOISE]),
      2,
    );
    const table = profileTable(noisy);
    // Header, 2 segments, Noise, All: rows 0 to 4; a blank row 5; the chart at row 6.
    expect(table.values.map((row) => row[1])).toEqual([
      "Name",
      expect.any(String),
      expect.any(String),
      "Noise",
      "All segments",
    ]);
    const [op] = planSizeChart(noisy).ops;
    expect(op).toMatchObject({
      source: { row: 0, column: 1, rows: 3, columns: 2 },
      at: { row: 6, column: 1 },
    });
  });
});

describe("planLabelTableColumn", () => {
  it("gives one value per body row, empty where a row was left out", () => {
    expect(planLabelTableColumn(Int32Array.from([2, 0, 1]), "Customers").ops).toEqual([
      { kind: "tableColumn", table: "Customers", name: "Segment", values: [2, "", 1], format: "0" },
    ]);
  });

  it("writes noise as 0, as a label column does", () => {
    const [op] = planLabelTableColumn(Int32Array.from([2, NOISE, 0, 1]), "Customers").ops;
    expect(op.values).toEqual([2, 0, "", 1]);
  });
});

describe("resolveSheets", () => {
  it("names the data's sheet where the plan says null and leaves named sheets alone", () => {
    const plan = resolveSheets(
      combinePlans(
        planLabelColumn([1, 2], true, { sheet: null, row: 0, column: 4 }),
        planProfileSheet(report),
      ),
      "Data",
    );
    expect(
      plan.ops.map((op) => (op.kind === "addSheet" ? op.name : "sheet" in op ? op.sheet : null)),
    ).toEqual(["Data", PROFILE_SHEET, PROFILE_SHEET, PROFILE_SHEET]);
  });
});

describe("planRemoval", () => {
  const plan = resolveSheets(
    combinePlans(
      planLabelColumn([1, 2, 1], true, { sheet: null, row: 2, column: 4 }),
      planProfileSheet(report),
      planSizeChart(report),
    ),
    "Data",
  );

  it("clears the label cells and deletes the added sheet, with the chart and colour scale on it", () => {
    expect(planRemoval(plan).ops).toEqual([
      { kind: "clearCells", sheet: "Data", row: 2, column: 4, rows: 4, columns: 1 },
      { kind: "deleteSheet", name: PROFILE_SHEET },
    ]);
  });

  it("deletes a chart placed on a sheet the plan did not add, and a table column", () => {
    const onData = resolveSheets(
      combinePlans(planSizeChart(report, "Data"), planLabelTableColumn([1, 2], "T")),
      "Data",
    );
    expect(planRemoval(onData).ops).toEqual([
      { kind: "deleteChart", sheet: "Data", name: SIZE_CHART },
      { kind: "deleteTableColumn", table: "T", name: "Segment" },
    ]);
  });

  it("refuses a plan whose sheets are not resolved", () => {
    expect(() => planRemoval(planLabelColumn([1], false, { sheet: null, row: 0, column: 0 }))).toThrow(
      /resolveSheets/,
    );
  });
});

describe("mergeRemovals", () => {
  it("keeps every op once, first record first", () => {
    const a = { ops: [{ kind: "deleteSheet" as const, name: "X" }] };
    const b = {
      ops: [
        { kind: "deleteSheet" as const, name: "X" },
        { kind: "deleteSheet" as const, name: "Y" },
      ],
    };
    expect(mergeRemovals(a, b).ops).toEqual([
      { kind: "deleteSheet", name: "X" },
      { kind: "deleteSheet", name: "Y" },
    ]);
  });
});
