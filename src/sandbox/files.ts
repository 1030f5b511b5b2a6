/**
 * Files in and out of the sandbox: a CSV or an .xlsx from disk becomes sheets of cells, and the
 * workbook becomes an .xlsx to download. exceljs is loaded only when an .xlsx is opened or saved, as a
 * chunk of this page (never part of the bundles Excel loads), so the page opens without its megabyte.
 */
import type * as ExcelJS from "exceljs";
import type { CellValue } from "../core/cells";
import { parseCsv } from "../host/csv";
import { fillExcelFromSnapshot, sheetsFromExcel } from "../host/xlsx";
import type { WorkbookSnapshot } from "../host/workbook";

export interface OpenedSheet {
  readonly name: string;
  readonly values: CellValue[][];
  readonly formats?: (string | null)[][];
}

async function loadExcelJs(): Promise<typeof ExcelJS> {
  const module = await import(/* webpackChunkName: "exceljs" */ "exceljs/dist/exceljs.min.js");
  return (module.default ?? module) as typeof ExcelJS;
}

/** A sheet name Excel accepts, from a file name: no []:*?/\, at most 31 characters. */
export function sheetNameOf(fileName: string): string {
  const base = fileName
    .replace(/\.[^.]*$/, "")
    .replace(/[[\]:*?/\\]/g, " ")
    .replace(/^'+|'+$/g, "")
    .trim();
  return (base || "Sheet1").slice(0, 31);
}

export function isSpreadsheetFile(name: string): boolean {
  return /\.(csv|tsv|txt|xlsx)$/i.test(name);
}

/** The sheets of a CSV (one, named after the file) or an .xlsx (each of its worksheets). */
export async function readSheets(file: File): Promise<OpenedSheet[]> {
  if (/\.xlsx$/i.test(file.name)) {
    const excel = await loadExcelJs();
    const workbook = new excel.Workbook();
    await workbook.xlsx.load(await file.arrayBuffer());
    const sheets = sheetsFromExcel(workbook);
    if (sheets.length === 0) throw new Error(`${file.name} has no worksheets.`);
    return sheets.map((s) => ({ name: s.name, values: s.values, formats: s.formats }));
  }
  if (/\.(csv|tsv|txt)$/i.test(file.name)) {
    return [{ name: sheetNameOf(file.name), values: parseCsv(await file.text()) }];
  }
  throw new Error(`${file.name} is neither a CSV nor an .xlsx file.`);
}

/** The workbook as an .xlsx file; charts are left out (exceljs cannot write them) and counted. */
export async function workbookToXlsx(
  snapshot: WorkbookSnapshot,
): Promise<{ blob: Blob; skippedCharts: number }> {
  const excel = await loadExcelJs();
  const workbook = new excel.Workbook();
  workbook.creator = "Segment sandbox";
  const { skippedCharts } = fillExcelFromSnapshot(workbook, snapshot);
  const buffer = await workbook.xlsx.writeBuffer();
  const blob = new Blob([buffer], {
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  });
  return { blob, skippedCharts };
}

/** Hands a file to the browser's downloads, as a link the user clicked. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the link; the URL can go once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
