import * as ExcelJS from "exceljs";
import {
  planLabelColumn,
  planProfileSheet,
  planSizeChart,
  combinePlans,
  resolveSheets,
} from "../../src/core/plan";
import { profileOf, segment } from "../../src/core/pipeline";
import { MemoryHost } from "../../src/host/memory";
import { Workbook } from "../../src/host/workbook";
import { fillExcelFromSnapshot, sheetsFromExcel } from "../../src/host/xlsx";
import { mallCustomers } from "../helpers/mall";

async function roundTrip(fill: (wb: ExcelJS.Workbook) => void): Promise<ExcelJS.Workbook> {
  const out = new ExcelJS.Workbook();
  fill(out);
  const buffer = await out.xlsx.writeBuffer();
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(buffer as ArrayBuffer);
  return back;
}

/** The snapshot's values with "" (an empty cell) as null, as sheetsFromExcel gives empties. */
function asRead(values: unknown[][]): unknown[][] {
  return values.map((row) => row.map((v) => (v === "" ? null : v)));
}

describe("fillExcelFromSnapshot and sheetsFromExcel", () => {
  it("round-trip the results the add-in writes: labels beside the data and the profile sheet", async () => {
    const data = mallCustomers().map((row) => row.slice(2, 5));
    const wb = new Workbook();
    wb.addSheet("Data");
    data.forEach((row, r) => row.forEach((v, c) => wb.setCell("Data", r, c, v)));
    const s = segment(data, { k: 5 });
    const report = profileOf(s);
    const plan = resolveSheets(
      combinePlans(
        planLabelColumn(s.labelsByRow, true, { sheet: null, row: 0, column: 3 }),
        planProfileSheet(report),
        planSizeChart(report),
      ),
      "Data",
    );
    await new MemoryHost(wb).applyPlan(plan);
    const snapshot = wb.snapshot();

    let skipped = -1;
    const back = await roundTrip((out) => {
      skipped = fillExcelFromSnapshot(out, snapshot).skippedCharts;
    });
    expect(skipped).toBe(1);
    const sheets = sheetsFromExcel(back);
    expect(sheets.map((sh) => sh.name)).toEqual(["Data", "Segment profiles"]);
    for (const [i, sheet] of sheets.entries()) {
      // A format on an empty cell is written, but an empty cell reads back as nothing at all.
      const expected = snapshot.sheets[i];
      expect(sheet.values).toEqual(asRead(expected.values));
      const formatsOfValues = expected.formats.map((row, r) =>
        row.map((f, c) => (expected.values[r][c] === "" ? null : f)),
      );
      expect(sheet.formats).toEqual(formatsOfValues);
    }
    expect(sheets[0].values[1][3]).toBe(s.labelsByRow[0]);
    expect(sheets[0].formats[1][3]).toBe("0");

    const header = back.getWorksheet("Segment profiles")!.getCell("A1");
    expect(header.font?.bold).toBe(true);
    expect(header.fill).toMatchObject({ type: "pattern", fgColor: { argb: "FFDDEBF7" } });
    const widths = back.getWorksheet("Segment profiles")!.columns.map((c) => c.width ?? 0);
    // "Distinguishing" holds sentences: wider than the default, never wider than the cap.
    expect(Math.max(...widths)).toBeGreaterThan(30);
    expect(Math.max(...widths)).toBeLessThanOrEqual(60);
  });

  it("reads what Excel shows: dates as serials, formulas as results, rich text, errors; trims empty edges", async () => {
    const back = await roundTrip((out) => {
      const ws = out.addWorksheet("Mixed");
      ws.getCell("A1").value = new Date(Date.UTC(2024, 0, 5));
      ws.getCell("A1").numFmt = "yyyy-mm-dd";
      ws.getCell("B1").value = { formula: "1+1", result: 2 };
      ws.getCell("C1").value = { richText: [{ text: "Hel" }, { text: "lo" }] };
      ws.getCell("A2").value = { error: "#N/A" };
      ws.getCell("B2").value = true;
      ws.getCell("E9").numFmt = "0.00";
    });
    expect(sheetsFromExcel(back)).toEqual([
      {
        name: "Mixed",
        values: [
          [45296, 2, "Hello"],
          ["#N/A", true, null],
        ],
        formats: [
          ["yyyy-mm-dd", null, null],
          [null, null, null],
        ],
      },
    ]);
  });
});
