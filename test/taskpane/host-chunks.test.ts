import type { CellValue } from "../../src/core/cells";
import { planLabelColumn, planLabelTableColumn } from "../../src/core/plan";
import { blockChunks, chunkBlock } from "../../src/host/chunk";
import { MemoryHost } from "../../src/host/memory";
import { workbookFromSeed } from "../../src/host/sandbox";
import { Workbook } from "../../src/host/workbook";

/**
 * The in-memory host (the browser sandbox's) works in requests of at most maxCells cells as office.ts
 * does, and lets the pane's thread run between them: a full sheet is read and written without holding
 * the pane for the whole of it.
 */
const grid = (rows: number): CellValue[][] => [
  ["a", "b"],
  ...Array.from({ length: rows }, (_, i) => [i, i * 2]),
];

function hostWith(values: CellValue[][], maxCells: number) {
  return new MemoryHost(
    workbookFromSeed({
      sheets: [{ name: "Data", values }],
      selection: `Data!A1:B${values.length}`,
      tables: [{ name: "T", sheet: "Data", address: `A1:B${values.length}` }],
    }),
    maxCells,
  );
}

/** Macrotasks that ran while `work` was in progress: 0 when it never let go of the thread. */
async function tasksDuring(work: () => Promise<unknown>): Promise<number> {
  let running = true;
  let tasks = 0;
  const tick = () => {
    if (!running) return;
    tasks++;
    setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  await work();
  running = false;
  return tasks;
}

describe("the in-memory host in chunks", () => {
  it("reads in requests of maxCells cells, giving the thread back between them, values unchanged", async () => {
    const values = grid(99);
    const h = hostWith(values, 20);
    let read: CellValue[][] = [];
    const tasks = await tasksDuring(async () => {
      read = (await h.readData({ source: "selection" })).values;
    });
    expect(read).toEqual(values);
    // One request for the shape, then 10 rows of 2 per request.
    expect(h.requests).toBe(1 + 10);
    expect(tasks).toBeGreaterThanOrEqual(9);
  });

  it("writes a label column and a table column chunk by chunk, giving the thread back between chunks", async () => {
    const h = hostWith(grid(99), 10);
    const labels = Array.from({ length: 99 }, (_, i) => (i % 3) + 1);
    const tasks = await tasksDuring(() =>
      h.applyPlan({ ...planLabelColumn(labels, true, { sheet: "Data", row: 0, column: 2 }) }),
    );
    expect(tasks).toBeGreaterThanOrEqual(9);
    expect(h.workbook.values("Data", { row: 0, column: 2, rows: 100, columns: 1 }).flat()).toEqual([
      "Segment",
      ...labels,
    ]);
    const tableTasks = await tasksDuring(() => h.applyPlan(planLabelTableColumn(labels, "T", "Segment 2")));
    expect(tableTasks).toBeGreaterThanOrEqual(9);
    expect(h.workbook.table("T")?.headers).toEqual(["a", "b", "Segment 2"]);
  });

  it("reports progress within a large request, between the pauses, up to the total", async () => {
    const h = hostWith(grid(3), 100_000);
    const labels = Array.from({ length: 50_000 }, (_, i) => (i % 3) + 1);
    const progress: number[] = [];
    await h.applyPlan(planLabelColumn(labels, true, { sheet: "Data", row: 0, column: 2 }), {
      onProgress: (done) => progress.push(done),
    });
    expect(progress).toEqual([20_000, 40_000, 50_001]);
    expect(h.workbook.values("Data", { row: 50_000, column: 2, rows: 1, columns: 1 })).toEqual([
      [labels[49_999]],
    ]);
  });

  it("cuts blocks lazily into the same chunks as chunkBlock", () => {
    const plan = planLabelColumn([1, 2, 3, 1, 2], true, { sheet: "Data", row: 0, column: 2 });
    const block = plan.ops[0];
    const lazy = blockChunks(block, 2);
    const first = lazy.next();
    expect(first.done).toBe(false);
    expect([first.value, ...lazy]).toEqual(chunkBlock(block, 2));
  });
});

describe("the in-memory workbook's cells", () => {
  it("merges a cell's format and style as before, and hands out copies of the shared ones", () => {
    const wb = new Workbook();
    wb.addSheet("S");
    wb.setCell("S", 0, 0, 1, { format: "0", style: { bold: true } });
    wb.setCell("S", 1, 0, 2, { format: "0", style: { bold: true } });
    wb.setCell("S", 0, 0, 3);
    expect(wb.cell("S", 0, 0)).toEqual({ value: 3, format: "0", style: { bold: true } });
    wb.setCell("S", 0, 0, 4, { format: undefined });
    expect(wb.cell("S", 0, 0)).toEqual({ value: 4, style: { bold: true } });
    const style = wb.cell("S", 1, 0)?.style as { bold?: boolean };
    style.bold = false;
    expect(wb.cell("S", 1, 0)?.style).toEqual({ bold: true });
    expect(wb.cell("S", 5, 5)).toBeUndefined();
    expect(wb.values("S", { row: 0, column: 0, rows: 3, columns: 2 })).toEqual([
      [4, ""],
      [2, ""],
      ["", ""],
    ]);
  });

  it("keeps the used rectangle right as cells are set, emptied and cleared", () => {
    const wb = new Workbook();
    wb.addSheet("S");
    expect(wb.usedRect("S")).toBeNull();
    wb.setCell("S", 4, 2, 1);
    wb.setCell("S", 1, 5, "x");
    expect(wb.usedRect("S")).toEqual({ row: 1, column: 2, rows: 4, columns: 4 });
    wb.setCell("S", 9, 0, "", { format: "0" });
    expect(wb.usedRect("S")).toEqual({ row: 1, column: 2, rows: 4, columns: 4 });
    wb.setCell("S", 1, 5, "");
    expect(wb.usedRect("S")).toEqual({ row: 4, column: 2, rows: 1, columns: 1 });
    wb.clear("S", { row: 4, column: 2, rows: 1, columns: 1 });
    expect(wb.usedRect("S")).toBeNull();
    expect(wb.cell("S", 9, 0)).toEqual({ value: "", format: "0" });
    wb.setCell("S", 0, 0, true, { style: { bold: true } });
    expect(wb.snapshot().sheets[0].styles).toEqual({ A1: { bold: true } });
    expect(wb.usedWithin("S", { row: 0, column: 0, rows: 10, columns: 10 })).toEqual({
      row: 0,
      column: 0,
      rows: 1,
      columns: 1,
    });
  });
});
