/**
 * The streaming .xlsx reader against the whole-workbook one it replaces in the command line: on every
 * kind of workbook the CLI tests build, its values and number formats are sheetsFromExcel's after
 * exceljs's readFile (wholeSheets below, kept callable as the reference), cell for cell.
 */
import fc from "fast-check";
import * as ExcelJS from "exceljs";
import * as fs from "fs";
import * as path from "path";
import { findModel } from "../../src/cli/model-table";
import { readInput, readSheets } from "../../src/cli/read";
import { NotStreamable, SheetCells, streamXlsx } from "../../src/cli/xlsx-read";
import { writeXlsxStream } from "../../src/cli/xlsx-stream";
import type { CellValue } from "../../src/core/cells";
import { modelOf } from "../../src/functions/segmenting";
import { type ExcelSheet, sheetsFromExcel, snapshotSheetSource } from "../../src/host/xlsx";
import { MALL, sampleRows, tempDir } from "./support";

const dir = tempDir("xlsx-read");
let files = 0;

async function writeBook(fill: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const file = path.join(dir, `book${++files}.xlsx`);
  const wb = new ExcelJS.Workbook();
  fill(wb);
  await wb.xlsx.writeFile(file);
  return file;
}

/** Today's reader, kept as the reference: exceljs loads the whole workbook, then sheetsFromExcel. */
async function wholeSheets(file: string): Promise<ExcelSheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return sheetsFromExcel(wb);
}

/** Every sheet as the streaming reader gives it, by name, in tab order. */
async function streamedSheets(file: string) {
  const cells = new Map<string, SheetCells>();
  const sheets = await streamXlsx(file, (sheet) => {
    const sink = new SheetCells();
    cells.set(sheet.name, sink);
    return sink;
  });
  return sheets.map((s) => ({ name: s.name, ...cells.get(s.name)!.finish() }));
}

/** The streamed sheets, readInput's for each sheet, and readSheets' kept cells, all against the reference. */
async function expectSameAsWhole(file: string, streams = true): Promise<ExcelSheet[]> {
  const whole = await wholeSheets(file);
  if (streams) expect(await streamedSheets(file)).toEqual(whole);
  expect(await readInput(file, null)).toEqual(whole[0]);
  for (const sheet of whole) {
    expect(await readInput(file, ` ${sheet.name.toUpperCase()} `)).toEqual(sheet);
  }
  // segment sql's sheets: the same names, each kept cell the reference's, as long as the sheet.
  const kept = await readSheets(file);
  expect(kept.map((s) => s.name)).toEqual(whole.map((s) => s.name));
  kept.forEach((sheet, i) => {
    expect(sheet.values.length).toBe(whole[i].values.length);
    sheet.values.forEach((row, r) => row.forEach((value, c) => expect(value).toEqual(whole[i].values[r][c])));
  });
  return whole;
}

const DAY = 86400000;

describe("the streaming .xlsx reader gives sheetsFromExcel's values and formats", () => {
  it("numbers, text, shared strings, rich text, booleans, errors, holes and ragged rows", async () => {
    const file = await writeBook((wb) => {
      const ws = wb.addWorksheet("Cells");
      ws.addRow(["Id", "Name", "Flag", "Amount", "Note"]);
      ws.addRow([1, "Ann", true, 12.5, "same"]);
      ws.addRow([2, "Bob", false, -0.000123, "same"]);
      ws.addRow([3, "  spaced  ", null, 1e300, "a & b < c > \"d\" 'e'"]);
      ws.getCell("A6").value = 5; // row 5 left empty: a hole
      ws.getCell("G6").value = "ragged";
      ws.getCell("B7").value = { richText: [{ text: "Rich ", font: { bold: true } }, { text: "text" }] };
      ws.getCell("C7").value = { error: "#N/A" } as ExcelJS.CellValue;
      ws.getCell("D7").value = { error: "#DIV/0!" } as ExcelJS.CellValue;
      ws.getCell("E7").value = "line\r\nbreak _x000D_ kept";
      ws.getCell("A8").value = "";
      ws.getCell("B8").value = 0;
      ws.getCell("C8").value = 123456789012345680000;
      ws.getCell("D8").value = { text: "a link", hyperlink: "https://example.com" };
    });
    const [sheet] = await expectSameAsWhole(file);
    // Real values, so that an empty reader could not pass.
    expect(sheet.values[1]).toEqual([1, "Ann", true, 12.5, "same", null, null]);
    expect(sheet.values[4]).toEqual([null, null, null, null, null, null, null]);
    expect(sheet.values[6].slice(1, 4)).toEqual(["Rich text", "#N/A", "#DIV/0!"]);
    expect(sheet.values[7][3]).toBe("a link");
  });

  it("dates and number formats, in the 1900 and the 1904 date systems", async () => {
    for (const date1904 of [false, true]) {
      const file = await writeBook((wb) => {
        wb.properties.date1904 = date1904;
        const ws = wb.addWorksheet("Dates");
        ws.addRow(["When", "Share", "Money", "Time"]);
        ws.addRow([new Date(Date.UTC(2024, 1, 29)), 0.125, 1234.5, new Date(Date.UTC(1970, 0, 1, 13, 30))]);
        ws.addRow([new Date(Date.UTC(1904, 0, 2)), 1, -5, new Date(Date.UTC(2000, 0, 1, 0, 0, 1))]);
        ws.getColumn(1).numFmt = "yyyy-mm-dd";
        ws.getColumn(2).numFmt = "0.0%";
        ws.getColumn(3).numFmt = '#,##0.00 "kr"';
        ws.getColumn(4).numFmt = "[h]:mm:ss";
        // A number under a date format is a date; one under its column's percentage stays a number.
        ws.getCell("A4").value = 45000;
        ws.getCell("A4").numFmt = "d mmm yyyy";
        ws.getCell("B4").value = 45000;
      });
      const [sheet] = await expectSameAsWhole(file);
      const offset = date1904 ? 1462 : 0;
      expect(sheet.values[1][0]).toBe(Date.UTC(2024, 1, 29) / DAY + 25569 - offset);
      expect(sheet.formats?.[1]).toEqual(["yyyy-mm-dd", "0.0%", '#,##0.00 "kr"', "[h]:mm:ss"]);
      expect(sheet.values[3][0]).toBe(45000);
      expect(sheet.formats?.[3]?.slice(0, 2)).toEqual(["d mmm yyyy", "0.0%"]);
    }
  });

  it("formulas: their saved results of every type, shared and array formulas, and none saved", async () => {
    const file = await writeBook((wb) => {
      const ws = wb.addWorksheet("Formulas");
      ws.getCell("A1").value = 2;
      ws.getCell("B1").value = { formula: "A1*2", result: 4 };
      ws.getCell("C1").value = { formula: 'IF(A1>1,"big","small")', result: "big" };
      ws.getCell("D1").value = { formula: "A1>1", result: true };
      ws.getCell("E1").value = { formula: "A1>5", result: false };
      ws.getCell("F1").value = { formula: "1/0", result: { error: "#DIV/0!" } } as ExcelJS.CellValue;
      ws.getCell("G1").value = { formula: "TODAY()", result: new Date(Date.UTC(2026, 11, 1)) };
      ws.getCell("G1").numFmt = "yyyy-mm-dd";
      ws.getCell("H1").value = { formula: "NOW()" } as ExcelJS.CellValue;
      ws.getCell("A2").value = {
        formula: "A1+1",
        result: 3,
        shareType: "shared",
        ref: "A2:A4",
      } as ExcelJS.CellValue;
      ws.getCell("A3").value = { sharedFormula: "A2", result: 4 } as ExcelJS.CellValue;
      ws.getCell("A4").value = { sharedFormula: "A2", result: 5 } as ExcelJS.CellValue;
      ws.getCell("B2").value = {
        formula: "SEQUENCE(2)",
        result: 1,
        shareType: "array",
        ref: "B2:B3",
      } as ExcelJS.CellValue;
      ws.getCell("B3").value = 2;
      ws.getCell("C2").value = { formula: 'A1&"<&>"', result: "2<&>" };
    });
    const [sheet] = await expectSameAsWhole(file);
    // exceljs keeps only a truthy saved result: FALSE (E1) reads as empty, as it did before.
    // H1 has no saved result: the row ends at G.
    expect(sheet.values[0]).toEqual([2, 4, "big", true, null, "#DIV/0!", 46357]);
    expect(sheet.values.map((row) => row[0])).toEqual([2, 3, 4, 5]);
    expect(sheet.values[1][2]).toBe("2<&>");
  });

  it("several sheets, an empty one, chosen by name case aside, and the error naming them", async () => {
    const file = await writeBook((wb) => {
      wb.addWorksheet("Notes").getCell("B2").value = "Customers below";
      wb.addWorksheet("Empty");
      const ws = wb.addWorksheet("Customers");
      sampleRows(MALL).forEach((row) => ws.addRow(row));
    });
    const whole = await expectSameAsWhole(file);
    expect(whole.map((s) => [s.name, s.values.length])).toEqual([
      ["Notes", 2],
      ["Empty", 0],
      ["Customers", 201],
    ]);
    await expect(readInput(file, "Data")).rejects.toThrow(
      `There is no sheet "Data" in ${file}: its sheets are "Notes", "Empty", "Customers".`,
    );
  });

  it("the command's own streaming writer's files: inline strings, formats, a sheet of many rows", async () => {
    const file = path.join(dir, "ours.xlsx");
    const rows = 3000;
    const values: CellValue[][] = [["Id", "Text", "Share"]];
    for (let r = 1; r < rows; r++) values.push([r, r % 7 === 0 ? `t&<${r}>` : null, r / 7]);
    const formats = values.map((row, r) => row.map((_, c) => (c === 2 && r > 0 ? "0.00%" : null)));
    await writeXlsxStream(file, [
      snapshotSheetSource({ name: "Ours", values, formats, styles: {}, colorScales: [], charts: [] }),
    ]);
    const [sheet] = await expectSameAsWhole(file);
    expect(sheet.values[7]).toEqual([7, "t&<7>", 1]);
    expect(sheet.formats?.[7]).toEqual([null, null, "0.00%"]);
  });

  it("random sheets of numbers, text, booleans, dates and holes (property)", async () => {
    const cell = fc.oneof(
      fc.constant(null),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.string({ maxLength: 8 }),
      fc.boolean(),
      fc.date({
        min: new Date(Date.UTC(1905, 0, 1)),
        max: new Date(Date.UTC(2100, 0, 1)),
        noInvalidDate: true,
      }),
    );
    const grid = fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(grid, fc.boolean(), async (cells, date1904) => {
        const file = await writeBook((wb) => {
          wb.properties.date1904 = date1904;
          const ws = wb.addWorksheet("Random");
          cells.forEach((row, r) =>
            row.forEach((value, c) => {
              if (value === null) return;
              const target = ws.getCell(r + 1, c + 1);
              target.value = value as ExcelJS.CellValue;
              if (value instanceof Date) target.numFmt = "yyyy-mm-dd hh:mm";
            }),
          );
        });
        await expectSameAsWhole(file);
      }),
      { seed: 20261201, numRuns: 40 },
    );
  });
});

describe("what the streaming reader leaves to the whole-workbook one", () => {
  it("merged cells, which exceljs copies across the merge: readInput gives the old values", async () => {
    const file = await writeBook((wb) => {
      const ws = wb.addWorksheet("Merged");
      ws.addRow(["Region", "Sales", ""]);
      ws.addRow(["North", 10, 20]);
      ws.mergeCells("A2:A3");
      ws.getCell("B3").value = 30;
    });
    await expect(streamXlsx(file, () => new SheetCells())).rejects.toThrow(NotStreamable);
    const [sheet] = await expectSameAsWhole(file, false);
    expect(sheet.values.map((row) => row[0])).toEqual(["Region", "North", "North"]);
  });

  it("a file that is no workbook: the old message", async () => {
    const file = path.join(dir, "broken.xlsx");
    fs.writeFileSync(file, "not a zip");
    await expect(readInput(file, null)).rejects.toThrow(`${file} could not be read as an .xlsx workbook (`);
    await expect(readSheets(file)).rejects.toThrow(`${file} could not be read as an .xlsx workbook (`);
  });
});

describe("segment sql's sheets keep only what can hold a model", () => {
  const model = modelOf([sampleRows(MALL).map((row) => row.slice(1)), 3, "zscore", 42, 4, undefined]);
  const put = (ws: ExcelJS.Worksheet, table: CellValue[][], row: number, column: number) =>
    table.forEach((cells, r) =>
      cells.forEach((value, c) => {
        if (value !== "" && value !== null) ws.getCell(row + r + 1, column + c + 1).value = value;
      }),
    );

  it("no rows before the first title, the table's columns after it, other titles and model formulas", async () => {
    const file = await writeBook((wb) => {
      const ws = wb.addWorksheet("Analysis");
      put(ws, sampleRows(MALL), 0, 0);
      put(ws, model, 29, 7);
      ws.getCell(30, 8 + model[0].length + 2).value = "beside the model";
      ws.getCell("A250").value = "segment model ";
      ws.getCell("C260").value = {
        formula: "SEGMENT.MODEL(A1:E201,3)",
        result: { error: "#NAME?" },
      } as ExcelJS.CellValue;
    });
    const formulas: unknown[] = [];
    const [sheet] = await readSheets(file, (f) => formulas.push(f));
    expect(sheet.values.length).toBe(260);
    expect(Object.keys(sheet.values).map(Number)).toEqual([
      ...Array.from({ length: model.length }, (_, r) => 29 + r),
      249,
      259,
    ]);
    expect(sheet.values[29]).toEqual([
      ...new Array<CellValue>(7),
      ...model[0].map((v) => (v === "" ? undefined : v)),
    ]);
    expect(sheet.values[249][0]).toBe("segment model ");
    expect(sheet.values[259][2]).toBe("#NAME?");
    expect(formulas).toEqual([
      { sheet: "Analysis", row: 259, column: 2, formula: "SEGMENT.MODEL(A1:E201,3)" },
    ]);
    const found = findModel(file, [sheet], null);
    expect(found.rect).toEqual({ row: 29, column: 7, rows: model.length, columns: model[0].length });
    expect(found.others).toBe(1);
    expect(found).toEqual(findModel(file, await wholeSheets(file), null));
  });

  it("a data sheet with the title in A1 is kept to a model's bound, not whole", async () => {
    const rows = 20000;
    const file = path.join(dir, "titled-data.xlsx");
    const values: CellValue[][] = [["Segment model"]];
    for (let r = 1; r < rows; r++) values.push([r, r * 2, r * 3]);
    const formats = values.map((row) => row.map(() => null));
    await writeXlsxStream(file, [
      snapshotSheetSource({ name: "Data", values, formats, styles: {}, colorScales: [], charts: [] }),
    ]);
    const [sheet] = await readSheets(file);
    expect(sheet.values.length).toBe(rows);
    // The title, Scaling, Missing values and header rows, 16,384 feature rows and a Size row.
    expect(Object.keys(sheet.values)).toHaveLength(4 + 16384 + 1);
  });
});
