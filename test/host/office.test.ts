jest.mock("office-addin-manifest", () => ({ OfficeApp: { Excel: "excel", Outlook: "outlook" } }));

import {
  PROFILE_SHEET,
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
import { OfficeHost } from "../../src/host/office";
import { FakeExcel } from "./fake-excel";
import { data, report, seedWorkbook } from "./fixture";

const seed = seedWorkbook;

function office(extra: Record<string, unknown> = {}, maxCells?: number) {
  const excel = new FakeExcel(seed(extra));
  return {
    excel,
    host: new OfficeHost({ run: excel.run, settings: excel.settings, maxCells, supports: () => true }),
  };
}

const labelsPlan = (labels: number[] = [1, 1, 2, 2]) =>
  resolveSheets(planLabelColumn(labels, true, { sheet: null, row: 2, column: 3 }), "Data");
const fullPlan = () =>
  resolveSheets(combinePlans(labelsPlan(), planProfileSheet(report), planSizeChart(report)), "Data");

describe("OfficeHost reads", () => {
  it("reads the selection: values, address, position and number formats", async () => {
    const { excel, host } = office();
    excel.workbook.setCell("Data", 3, 1, 100, { format: "#,##0" });
    const range = await host.readData({ source: "selection" });
    expect(range).toEqual({
      sheet: "Data",
      address: "Data!B3:C7",
      row: 2,
      column: 1,
      rowCount: 5,
      columnCount: 2,
      values: data,
      numberFormats: ["#,##0", "General"],
      table: null,
      hiddenRows: 0,
    });
  });

  it("reads in chunks of at most maxCells cells, one sync each", async () => {
    const { excel, host } = office({}, 4);
    const progress: string[] = [];
    const range = await host.readData({
      source: "selection",
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    expect(range.values).toEqual(data);
    // One sync for the shape, then 2 rows (4 cells) per chunk: 3 chunks, each reported.
    expect(excel.syncs).toHaveLength(4);
    expect(progress).toEqual([`2/${data.length}`, `4/${data.length}`, `${data.length}/${data.length}`]);
  });

  it("clips a whole-column selection, reads tables and the used range", async () => {
    expect((await office({ selection: "Data!A1:D900" }).host.readData({ source: "selection" })).address).toBe(
      "Data!B3:C7",
    );
    const table = await office().host.readData({ source: "table", table: "People" });
    expect(table).toMatchObject({ table: "People", address: "Data!B3:C7", values: data });
    const used = await office({ activeSheet: "Data" }).host.readData({ source: "usedRange" });
    expect(used.address).toBe("Data!B3:C7");
  });

  it("gives the same messages as the in-memory host", async () => {
    const cases: [Record<string, unknown>, Parameters<OfficeHost["readData"]>[0]][] = [
      [{ selection: "Data!B3" }, { source: "selection" }],
      [{ selection: "Other!A1:B2" }, { source: "selection" }],
      [{}, { source: "table", table: "Nope" }],
      [{ activeSheet: "Other" }, { source: "usedRange" }],
    ];
    for (const [extra, request] of cases) {
      const memory = new MemoryHost(seed(extra)).readData(request);
      const error = await memory.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HostError);
      await expect(office(extra).host.readData(request)).rejects.toThrow((error as Error).message);
    }
  });

  it("leaves a table's totals row out", async () => {
    const { excel, host } = office();
    excel.totalsRows.add("people");
    const range = await host.readData({ source: "table", table: "People" });
    expect(range.address).toBe("Data!B3:C6");
    expect(range.values).toEqual(data.slice(0, 4));
  });

  it("lists tables with their sheets and addresses", async () => {
    expect(await office().host.listTables()).toEqual([
      { name: "People", sheet: "Data", address: "Data!B3:C7" },
    ]);
  });
});

describe("OfficeHost.findConflicts", () => {
  it("reports non-empty target cells, existing sheets and a busy column right of a table", async () => {
    const { excel, host } = office();
    expect(await host.findConflicts(fullPlan())).toEqual({ cells: [], sheets: [], problems: [] });
    excel.workbook.setCell("Data", 4, 3, "note");
    excel.workbook.addSheet(PROFILE_SHEET);
    expect(await host.findConflicts(fullPlan())).toEqual({
      cells: ["Data!D5"],
      sheets: [PROFILE_SHEET],
      problems: [],
    });
    expect(await host.findConflicts(planLabelTableColumn([1, 1, 2, 2], "People"))).toEqual({
      cells: ["Data!D5"],
      sheets: [],
      problems: [],
    });
  });
});

describe("OfficeHost.applyPlan", () => {
  it("writes exactly what the in-memory host writes: labels, formatted profile sheet, colour scale, chart", async () => {
    const { excel, host } = office();
    await host.applyPlan(fullPlan());
    const memory = new MemoryHost(seed());
    await memory.applyPlan(fullPlan());
    expect(excel.workbook.snapshot()).toEqual(memory.workbook.snapshot());
    expect(excel.autofits).toEqual(["'Segment profiles'!A1:L4"]);
  });

  it("chunks large writes: no sync carries more than maxCells cells", async () => {
    const labels = Array.from({ length: 1000 }, (_, i) => 1 + (i % 3));
    const { excel, host } = office({}, 100);
    const progress: number[] = [];
    await host.applyPlan(labelsPlan(labels), { onProgress: (done) => progress.push(done) });
    const writing = excel.syncs.filter((n) => n > 0);
    expect(writing).toHaveLength(11);
    expect(Math.max(...writing)).toBeLessThanOrEqual(100);
    expect(progress.at(-1)).toBe(1001);
    expect(excel.workbook.values("Data", { row: 2, column: 3, rows: 1001, columns: 1 }).flat()).toEqual([
      "Segment",
      ...labels,
    ]);
  });

  it("adds a table column: the header first, then the labels in chunks", async () => {
    const { excel, host } = office({}, 3);
    await host.applyPlan(planLabelTableColumn([1, 2, 2, 1], "People"));
    expect(excel.workbook.table("People")?.headers).toEqual(["Income", "Gender", "Segment"]);
    expect(excel.workbook.values("Data", { row: 2, column: 3, rows: 5, columns: 1 }).flat()).toEqual([
      "Segment",
      1,
      2,
      2,
      1,
    ]);
    expect(excel.workbook.cell("Data", 3, 3)?.format).toBe("0");
    expect(excel.syncs.filter((n) => n > 0)).toEqual([3, 1]);
  });

  it("adds a sheet only when it is new, or when told to replace it", async () => {
    const { excel, host } = office();
    await expect(host.addSheet("Other")).rejects.toThrow('A sheet named "Other" already exists.');
    excel.workbook.setCell("Other", 0, 0, "old");
    await host.addSheet("Other", { replace: true });
    expect(excel.workbook.snapshot().sheets.find((s) => s.name === "Other")?.values).toEqual([]);
    await host.addSheet("New");
    // A replaced sheet is deleted and added again, so it moves to the end.
    expect(excel.workbook.sheets.map((s) => s.name)).toEqual(["Data", "Other", "New"]);
  });

  it("adds a native chart of segment sizes where the plan says", async () => {
    const { excel, host } = office();
    await host.addSheet(PROFILE_SHEET);
    await host.addChart(planSizeChart(report).ops[0]);
    expect(excel.workbook.requireSheet(PROFILE_SHEET).charts).toEqual([
      { name: "Segment sizes", type: "ColumnClustered", title: "Segment sizes", source: "B1:C3", at: "B6" },
    ]);
  });
});

describe("OfficeHost settings", () => {
  it("sets, saves, reads and removes document settings", async () => {
    const { excel, host } = office();
    expect(await host.getSetting("segment")).toBeNull();
    await host.setSetting("segment", { k: 4 });
    expect(await host.getSetting("segment")).toEqual({ k: 4 });
    await host.setSetting("segment", null);
    expect(await host.getSetting("segment")).toBeNull();
    expect(excel.saved).toEqual([1, 0]);
  });

  it("reports a failed save", async () => {
    const { excel, host } = office();
    excel.failSave = true;
    await expect(host.setSetting("segment", 1)).rejects.toThrow(
      "The workbook did not save Segment's settings: disk full",
    );
  });
});

describe("OfficeHost.removeResults", () => {
  it("takes out the label column, the profile sheet and its chart, then reports them missing", async () => {
    const { excel, host } = office();
    const before = excel.workbook.snapshot();
    await host.applyPlan(fullPlan());
    const removal = planRemoval(fullPlan());
    expect(await host.removeResults(removal)).toEqual({
      removed: ["Data!D3:D7", `sheet ${PROFILE_SHEET}`],
      missing: [],
    });
    expect(excel.workbook.snapshot()).toEqual(before);
    expect((await host.removeResults(removal)).missing).toEqual([`sheet ${PROFILE_SHEET}`]);
  });

  it("deletes a table column and a chart on another sheet", async () => {
    const { excel, host } = office();
    const before = excel.workbook.snapshot();
    const plan = resolveSheets(
      combinePlans(planLabelTableColumn([1, 2, 2, 1], "People"), planSizeChart(report, "Other")),
      "Data",
    );
    await host.applyPlan(plan);
    expect(await host.removeResults(planRemoval(plan))).toEqual({
      removed: ["column Segment of table People", "chart Segment sizes"],
      missing: [],
    });
    expect(excel.workbook.snapshot()).toEqual(before);
    expect(await host.removeResults(planRemoval(plan))).toEqual({
      removed: [],
      missing: ["column Segment of table People", "chart Segment sizes"],
    });
  });
});
