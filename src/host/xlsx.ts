import type * as ExcelJS from "exceljs";
import type { CellValue } from "../core/cells";
import { parseA1 } from "./address";
import type { CellStyle, ColorScaleData, SheetData, WorkbookSnapshot } from "./workbook";

/*
 * .xlsx files through exceljs's Workbook API, in Node and in the browser alike: this module only
 * imports exceljs's types, so the caller brings the library (the command line requires it, the sandbox
 * page bundles it). Reading gives what Excel shows as plain values; writing carries out what the
 * in-memory Workbook holds, except charts, which exceljs cannot write.
 */

export interface ExcelSheet {
  readonly name: string;
  /** From A1 to the last non-empty cell; null where empty. */
  readonly values: CellValue[][];
  /** Number formats, same shape; null for General. */
  readonly formats: (string | null)[][];
}

/** Days from Excel's day 0 (1899-12-30, counting its fictional 29 February 1900) to 1970-01-01. */
const UNIX_EPOCH_SERIAL = 25569;
/** Serial of 1904-01-01 in the 1900 system: workbooks from old Macs count days from there. */
const DATE_1904_OFFSET = 1462;
const MS_PER_DAY = 86400000;

/** What a date's serial is shifted by in a workbook with (or without) the 1904 date system. */
export function dateOffset(date1904: boolean): number {
  return date1904 ? DATE_1904_OFFSET : 0;
}

export function sheetsFromExcel(workbook: ExcelJS.Workbook): ExcelSheet[] {
  const offset = dateOffset(Boolean(workbook.properties?.date1904));
  return workbook.worksheets.map((ws) => {
    const values: CellValue[][] = [];
    const formats: (string | null)[][] = [];
    let width = 0;
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const r = rowNumber - 1;
      const rowValues: CellValue[] = [];
      const rowFormats: (string | null)[] = [];
      row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
        const value = plainValue(cell.value, offset);
        if (value === null) return;
        const c = columnNumber - 1;
        while (rowValues.length < c) {
          rowValues.push(null);
          rowFormats.push(null);
        }
        rowValues[c] = value;
        rowFormats[c] = formatOf(cell.numFmt);
      });
      if (rowValues.length === 0) return;
      values[r] = rowValues;
      formats[r] = rowFormats;
      if (rowValues.length > width) width = rowValues.length;
    });
    fillRectangle(values, formats, width);
    return { name: ws.name, values, formats };
  });
}

/** Holes (rows with nothing) and short rows made nulls, in place: a rectangle, as a range reads. */
export function fillRectangle(values: CellValue[][], formats: (string | null)[][], width: number): void {
  for (let r = 0; r < values.length; r++) {
    values[r] ??= [];
    formats[r] ??= [];
    while (values[r].length < width) {
      values[r].push(null);
      formats[r].push(null);
    }
  }
}

export function formatOf(numFmt: string | undefined): string | null {
  return numFmt === undefined || numFmt === "" || numFmt === "General" ? null : numFmt;
}

/**
 * A cell's value as Excel shows it, as a plain value: what a range's values hold. (The command line's
 * streaming reader, cli/xlsx-read.ts, converts its cells through this too.)
 */
export function plainValue(value: ExcelJS.CellValue | undefined, dateOffset: number): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.getTime() / MS_PER_DAY + UNIX_EPOCH_SERIAL - dateOffset;
  if ("error" in value) return value.error;
  if ("richText" in value) return value.richText.map((t) => t.text).join("");
  if ("formula" in value || "sharedFormula" in value) {
    return plainValue(value.result as ExcelJS.CellValue | undefined, dateOffset);
  }
  if ("hyperlink" in value) {
    const text: unknown = value.text;
    return plainValue(text as ExcelJS.CellValue, dateOffset);
  }
  return null;
}

/**
 * A sheet to write, read cell by cell so that a full sheet's million rows need not first be copied
 * into a snapshot: the command line writes from the in-memory Workbook's cells with exceljs's
 * streaming writer.
 */
export interface SheetSource {
  readonly name: string;
  readonly rows: number;
  readonly columns: number;
  value(row: number, column: number): CellValue;
  format(row: number, column: number): string | null;
  style(row: number, column: number): CellStyle | undefined;
  readonly colorScales: readonly ColorScaleData[];
  readonly charts: number;
}

/** Rows looked at to size the columns: a full sheet's widths are settled by its first rows. */
export const WIDTH_SAMPLE_ROWS = 1000;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/**
 * Adds the sheet to the workbook, row by row. (Sheets too large for exceljs are written by the
 * command line's own streaming writer, cli/xlsx-stream.ts, from the same SheetSource.)
 */
export function writeSheet(workbook: ExcelJS.Workbook, source: SheetSource): void {
  const ws = workbook.addWorksheet(source.name);
  ws.columns = columnWidths(source).map((width) => ({ width }));
  for (let r = 0; r < source.rows; r++) {
    const row = ws.getRow(r + 1);
    for (let c = 0; c < source.columns; c++) {
      const value = source.value(r, c);
      const format = source.format(r, c);
      const style = source.style(r, c);
      if (isEmpty(value) && format === null && style === undefined) continue;
      const cell = row.getCell(c + 1);
      if (!isEmpty(value)) cell.value = value as string | number | boolean;
      if (format !== null) cell.numFmt = format;
      if (style) applyStyle(cell, style);
    }
  }
  for (const scale of source.colorScales) {
    ws.addConditionalFormatting({
      ref: scale.address,
      rules: [
        {
          type: "colorScale",
          priority: 1,
          cfvo: [{ type: "min" }, { type: "num", value: 0 }, { type: "max" }],
          color: [{ argb: argb(scale.low) }, { argb: argb(scale.mid) }, { argb: argb(scale.high) }],
        },
      ],
    });
  }
}

function isEmpty(value: CellValue): boolean {
  return value === null || value === undefined || value === "";
}

function applyStyle(cell: ExcelJS.Cell, style: CellStyle): void {
  if (style.bold !== undefined || style.color !== undefined) {
    cell.font = {
      ...(style.bold !== undefined ? { bold: style.bold } : {}),
      ...(style.color !== undefined ? { color: { argb: argb(style.color) } } : {}),
    };
  }
  if (style.fill !== undefined) {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(style.fill) } };
  }
}

/** "#DDEBF7" as exceljs (and the file) wants it: opaque alpha first. */
export function argb(color: string): string {
  return `FF${color.replace(/^#/, "").toUpperCase()}`;
}

/** Widths that fit the first WIDTH_SAMPLE_ROWS rows as shown, in characters. */
export function columnWidths(source: SheetSource): number[] {
  const widths = new Array<number>(source.columns).fill(MIN_WIDTH);
  const rows = Math.min(source.rows, WIDTH_SAMPLE_ROWS);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < source.columns; c++) {
      const shown = shownText(source.value(r, c), source.format(r, c));
      // A bold header needs a little more than its characters.
      const extra = source.style(r, c)?.bold ? 3 : 2;
      widths[c] = Math.max(widths[c], Math.min(MAX_WIDTH, shown.length + extra));
    }
  }
  return widths;
}

/** About what Excel shows for a value under its format: enough to size a column. */
function shownText(value: CellValue, format: string | null): string {
  if (typeof value !== "number") return isEmpty(value) ? "" : String(value);
  if (format === null) return String(Math.round(value * 1e6) / 1e6);
  const decimals = /\.(0+)/.exec(format)?.[1].length ?? 0;
  const percent = format.includes("%");
  const shown = (percent ? value * 100 : value).toFixed(decimals);
  const grouped = format.includes(",") ? shown.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : shown;
  return (format.startsWith("+") && value >= 0 ? "+" : "") + grouped + (percent ? "%" : "");
}

/** A snapshot's sheet as a source: its values, formats and styles (by A1 address). */
export function snapshotSheetSource(sheet: WorkbookSnapshot["sheets"][number]): SheetSource {
  const styles = new Map<number, Map<number, CellStyle>>();
  for (const [address, style] of Object.entries(sheet.styles)) {
    const { row, column } = parseA1(address);
    let byColumn = styles.get(row);
    if (!byColumn) styles.set(row, (byColumn = new Map()));
    byColumn.set(column, style);
  }
  const rows = sheet.values.length;
  return {
    name: sheet.name,
    rows,
    columns: rows === 0 ? 0 : Math.max(...sheet.values.map((r) => r.length)),
    value: (r, c) => sheet.values[r][c],
    format: (r, c) => sheet.formats[r]?.[c] ?? null,
    style: (r, c) => styles.get(r)?.get(c),
    colorScales: sheet.colorScales,
    charts: sheet.charts.length,
  };
}

/** A sheet of the in-memory Workbook as a source, read in place (no copy of its cells). */
export function workbookSheetSource(sheet: SheetData): SheetSource {
  const used = sheet.cells.usedRect();
  const { cells } = sheet;
  return {
    name: sheet.name,
    rows: used ? used.row + used.rows : 0,
    columns: used ? used.column + used.columns : 0,
    value: (r, c) => cells.value(r, c),
    format: (r, c) => cells.extra(r, c)?.format ?? null,
    style: (r, c) => cells.extra(r, c)?.style,
    colorScales: sheet.colorScales,
    charts: sheet.charts.length,
  };
}

/**
 * One worksheet per snapshot sheet, with values, number formats, header styles, colour scales and
 * column widths that fit. Charts are left out (exceljs cannot write them) and counted, so the caller
 * can say so.
 */
export function fillExcelFromSnapshot(
  workbook: ExcelJS.Workbook,
  snapshot: WorkbookSnapshot,
): { skippedCharts: number } {
  return fillExcel(workbook, snapshot.sheets.map(snapshotSheetSource));
}

export function fillExcel(
  workbook: ExcelJS.Workbook,
  sources: readonly SheetSource[],
): { skippedCharts: number } {
  for (const source of sources) writeSheet(workbook, source);
  return { skippedCharts: chartsOf(sources) };
}

function chartsOf(sources: readonly SheetSource[]): number {
  return sources.reduce((sum, s) => sum + s.charts, 0);
}
