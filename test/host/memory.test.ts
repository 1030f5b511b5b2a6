import {
  PROFILE_SHEET,
  SIZE_CHART,
  combinePlans,
  planLabelColumn,
  planLabelTableColumn,
  planProfileSheet,
  planRemoval,
  planSizeChart,
  resolveSheets,
} from "../../src/core/plan";
import { HostError } from "../../src/host/host";
import { MemoryHost } from "../../src/host/memory";
import { workbookFromSeed } from "../../src/host/sandbox";
import { COLOR_SCALE, HEADER_STYLE } from "../../src/host/styles";
import { data, report, seedWorkbook } from "./fixture";

function host(seed: Record<string, unknown> = {}, maxCells?: number): MemoryHost {
  return new MemoryHost(seedWorkbook(seed), maxCells);
}

const labelsPlan = (column = 3) =>
  resolveSheets(planLabelColumn([1, 1, 2, 2], true, { sheet: null, row: 2, column }), "Data");

describe("MemoryHost.readData", () => {
  it("reads the selection with its address, position and the second row's number formats", async () => {
    const h = host();
    h.workbook.setCell("Data", 3, 1, 100, { format: "#,##0" });
    const range = await h.readData({ source: "selection" });
    expect(range).toMatchObject({
      sheet: "Data",
      address: "Data!B3:C7",
      row: 2,
      column: 1,
      rowCount: 5,
      columnCount: 2,
      table: null,
      numberFormats: ["#,##0", "General"],
    });
    expect(range.values).toEqual(data);
  });

  it("clips a whole-column selection to the used range", async () => {
    const range = await host({ selection: "Data!A1:D1000" }).readData({ source: "selection" });
    expect(range.address).toBe("Data!B3:C7");
  });

  it("reads a table and names it", async () => {
    const range = await host().readData({ source: "table", table: "people" });
    expect(range).toMatchObject({ table: "People", address: "Data!B3:C7" });
  });

  it("reads the active sheet's used range", async () => {
    const range = await host({ activeSheet: "Data" }).readData({ source: "usedRange" });
    expect(range.address).toBe("Data!B3:C7");
  });

  it("explains what is wrong in words the user can act on", async () => {
    await expect(host({ selection: "Data!B3" }).readData({ source: "selection" })).rejects.toThrow(
      /Only one cell is selected/,
    );
    await expect(host({ selection: "Other!A1:B2" }).readData({ source: "selection" })).rejects.toThrow(
      "The selection is empty: select your data first.",
    );
    await expect(host().readData({ source: "table", table: "Nope" })).rejects.toThrow(
      'There is no table "Nope" in this workbook.',
    );
    await expect(host({ activeSheet: "Other" }).readData({ source: "usedRange" })).rejects.toThrow(
      "The active sheet is empty.",
    );
    await expect(host({ selection: "Data!B3" }).readData({ source: "selection" })).rejects.toBeInstanceOf(
      HostError,
    );
  });
});

describe("MemoryHost.findConflicts", () => {
  it("reports nothing when the label column and profile sheet are free", async () => {
    const plan = combinePlans(labelsPlan(), planProfileSheet(report));
    expect(await host().findConflicts(plan)).toEqual({ cells: [], sheets: [], problems: [] });
  });

  it("reports the non-empty part of the target cells and sheets that exist", async () => {
    const h = host();
    h.workbook.setCell("Data", 4, 3, "note");
    h.workbook.setCell("Data", 5, 3, 7);
    h.workbook.addSheet(PROFILE_SHEET);
    const conflicts = await h.findConflicts(combinePlans(labelsPlan(), planProfileSheet(report)));
    expect(conflicts).toEqual({ cells: ["Data!D5:D6"], sheets: [PROFILE_SHEET], problems: [] });
  });

  it("checks the column right of a table before adding a table column", async () => {
    const h = host();
    const plan = planLabelTableColumn([1, 1, 2, 2], "People");
    expect((await h.findConflicts(plan)).cells).toEqual([]);
    h.workbook.setCell("Data", 6, 3, "x");
    expect((await h.findConflicts(plan)).cells).toEqual(["Data!D7"]);
  });
});

describe("MemoryHost.applyPlan", () => {
  it("writes labels, the formatted profile sheet and the size chart", async () => {
    const h = host();
    const plan = resolveSheets(
      combinePlans(labelsPlan(), planProfileSheet(report), planSizeChart(report)),
      "Data",
    );
    await h.applyPlan(plan);
    const snap = h.workbook.snapshot();
    const dataSheet = snap.sheets.find((s) => s.name === "Data");
    expect(dataSheet?.values.slice(2).map((row) => row[3])).toEqual(["Segment", 1, 1, 2, 2]);
    expect(dataSheet?.formats[3][3]).toBe("0");
    expect(dataSheet?.formats[2][3]).toBeNull();
    expect(dataSheet?.styles.D3).toEqual(HEADER_STYLE);

    const profile = snap.sheets.find((s) => s.name === PROFILE_SHEET);
    expect(profile?.values[0].slice(0, 4)).toEqual(["Segment", "Name", "Size", "Share"]);
    expect(profile?.values.map((r) => r[0])).toEqual(["Segment", 1, 2, "All"]);
    expect(profile?.formats[1][3]).toBe("0.0%");
    expect(Object.keys(profile?.styles ?? {})).toContain("A1");
    expect(profile?.colorScales).toEqual([{ address: "I2:K3", ...COLOR_SCALE }]);
    expect(profile?.charts).toEqual([
      { name: SIZE_CHART, type: "ColumnClustered", title: SIZE_CHART, source: "B1:C3", at: "B6" },
    ]);
  });

  it("writes in requests of at most maxCells cells and reports progress up to the total", async () => {
    const h = host({}, 2);
    const progress: [number, number][] = [];
    await h.applyPlan(labelsPlan(), { onProgress: (done, total) => progress.push([done, total]) });
    expect(h.requests).toBe(3);
    expect(progress).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
  });

  it("refuses to add a sheet that exists unless told to replace it", async () => {
    const h = host();
    await expect(h.applyPlan(planProfileSheet(report, "Other"))).rejects.toThrow(
      'A sheet named "Other" already exists.',
    );
    await h.applyPlan(planProfileSheet(report, "Other"), { replaceSheets: true });
    expect(h.workbook.snapshot().sheets.find((s) => s.name === "Other")?.values[1][1]).toBe(
      report.segments[0].name,
    );
    await expect(h.addSheet("a/b")).rejects.toThrow(/character Excel does not allow/);
  });

  it("adds a table column with its header and one label per body row", async () => {
    const h = host();
    await h.applyPlan(planLabelTableColumn([1, 2, 2, 1], "People"));
    expect(h.workbook.table("People")?.headers).toEqual(["Income", "Gender", "Segment"]);
    expect(h.workbook.values("Data", { row: 2, column: 3, rows: 5, columns: 1 }).flat()).toEqual([
      "Segment",
      1,
      2,
      2,
      1,
    ]);
    await expect(h.applyPlan(planLabelTableColumn([1, 2, 2, 1], "People"))).rejects.toThrow(
      'The table People already has a column "Segment".',
    );
    await expect(h.applyPlan(planLabelTableColumn([1], "People", "Segment 2"))).rejects.toThrow(/has 4 rows/);
  });

  it("refuses a plan whose sheets were not resolved", async () => {
    await expect(
      host().applyPlan(planLabelColumn([1], false, { sheet: null, row: 0, column: 0 })),
    ).rejects.toThrow(/resolve the plan's sheets/);
  });
});

describe("MemoryHost settings", () => {
  it("stores JSON values and removes a setting set to null", async () => {
    const h = host();
    expect(await h.getSetting("x")).toBeNull();
    await h.setSetting("x", { k: 5, features: ["Age"] });
    expect(await h.getSetting("x")).toEqual({ k: 5, features: ["Age"] });
    await h.setSetting("x", null);
    expect(await h.getSetting("x")).toBeNull();
  });
});

describe("MemoryHost.removeResults", () => {
  it("takes out exactly what a plan wrote and reports what is already gone", async () => {
    const h = host();
    const before = h.workbook.snapshot();
    const plan = resolveSheets(
      combinePlans(labelsPlan(), planProfileSheet(report), planSizeChart(report)),
      "Data",
    );
    await h.applyPlan(plan);
    const removal = planRemoval(plan);
    expect(await h.removeResults(removal)).toEqual({
      removed: ["Data!D3:D7", `sheet ${PROFILE_SHEET}`],
      missing: [],
    });
    expect(h.workbook.snapshot()).toEqual(before);
    expect(await h.removeResults(removal)).toEqual({
      removed: ["Data!D3:D7"],
      missing: [`sheet ${PROFILE_SHEET}`],
    });
  });

  it("deletes a table column and a chart on a sheet it did not add", async () => {
    const h = host();
    const before = h.workbook.snapshot();
    const plan = resolveSheets(
      combinePlans(planLabelTableColumn([1, 2, 2, 1], "People"), planSizeChart(report, "Other")),
      "Data",
    );
    await h.applyPlan(plan);
    expect(await h.removeResults(planRemoval(plan))).toEqual({
      removed: ["column Segment of table People", `chart ${SIZE_CHART}`],
      missing: [],
    });
    expect(h.workbook.snapshot()).toEqual(before);
  });
});

describe("workbookFromSeed", () => {
  it("rejects malformed seeds with a message that says what is wrong", () => {
    expect(() => workbookFromSeed(null)).toThrow(/list of sheets/);
    expect(() => workbookFromSeed({ sheets: [{}] })).toThrow("Sheet 1 has no name.");
    expect(() => workbookFromSeed({ sheets: [{ name: "A", values: [[{}]] }] })).toThrow(
      "Cell 1,1 of sheet A is not a number, text or boolean.",
    );
    expect(() => workbookFromSeed({ sheets: [{ name: "A" }], selection: "B!A1:A2" })).toThrow(
      'There is no sheet "B".',
    );
  });

  it("keeps settings and the first sheet as the active one", () => {
    const wb = workbookFromSeed({ sheets: [{ name: "A" }, { name: "B" }], settings: { s: [1, 2] } });
    expect(wb.activeSheet).toBe("A");
    expect(wb.snapshot().settings).toEqual({ s: [1, 2] });
  });
});
