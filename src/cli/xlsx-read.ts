/*
 * An .xlsx file read as it streams, cell by cell, for inputs too large to load whole: exceljs's
 * Workbook held a million-row sheet as cell objects (3 GB) before sheetsFromExcel copied it. Here
 * the zip's directory is read first (unzipper, exceljs's dependency), then the small parts through
 * the xforms exceljs's own readFile uses: workbook.xml (sheet names and order, the 1904 flag), the
 * relationships, styles.xml (number formats) and the shared strings. Each sheet's XML is then
 * inflated as it streams and read with exceljs's SAX tokeniser; the caller keeps what it needs of
 * each cell, and a sheet it does not want is never inflated.
 *
 * Each cell becomes the value exceljs's whole-workbook reader gives (its CellXform, mirrored: a
 * formula's cached result by its type, a date-formatted number as a Date, shared strings through the
 * same SharedStringsXform, inline rich text) and then host/xlsx.ts's plainValue: so the values and
 * number formats are sheetsFromExcel's. Where this reader cannot be sure of giving the same (merged
 * cells, which exceljs copies across the merge; a cell or row without its address; rows out of order;
 * a sheet exceljs could not name), it throws NotStreamable and the caller reads the file whole.
 *
 * exceljs's streaming WorkbookReader is not used: now and then (7 reads in 200 of one file) its
 * unzipping lost the entry after a large sheet, styles.xml, and with it every number format; it
 * parks each sheet read before the shared strings in a temporary file (Excel and exceljs write them
 * after the sheets); its sheet reader reads a boolean or error formula result as a number, keeps
 * only the last run of inline rich text, and decodes no _xHHHH_ escapes in shared strings.
 */
import type * as ExcelJS from "exceljs";
import parseSax from "exceljs/lib/utils/parse-sax";
import excelUtils from "exceljs/lib/utils/utils";
import WorkbookXform from "exceljs/lib/xlsx/xform/book/workbook-xform";
import RelationshipsXform from "exceljs/lib/xlsx/xform/core/relationships-xform";
import SharedStringsXform from "exceljs/lib/xlsx/xform/strings/shared-strings-xform";
import StylesXform from "exceljs/lib/xlsx/xform/style/styles-xform";
import * as unzipper from "unzipper";
import type { CellValue } from "../core/cells";
import { dateOffset, fillRectangle, formatOf, plainValue } from "../host/xlsx";

/** A sheet as the workbook lists it. */
export interface StreamedSheet {
  readonly name: string;
  /** Its sheetId in workbook.xml (exceljs's Workbook visits sheets in this order). */
  readonly id: number;
  /** Its place among the workbook's worksheets, 0 first (the tab order). */
  readonly position: number;
}

/** What the caller keeps of a sheet: cells with a value (null ones are not passed), row by row. */
export interface CellSink {
  cell(row: number, column: number, value: CellValue, format: string | null): void;
  /** A formula's text (shared formulas' other cells have none), before its cell's value. */
  formula?(row: number, column: number, formula: string): void;
  /** Called when a row ends; rows come in order, each once. */
  endRow?(row: number): void;
}

/** The file holds something the streaming reader does not read as exceljs's Workbook does. */
export class NotStreamable extends Error {
  constructor(why: string) {
    super(`not read as it streams: ${why}`);
    this.name = "NotStreamable";
  }
}

/**
 * Reads the workbook's sheets, passing each sheet's cells to the sink `open` returns for it (null:
 * the sheet is skipped unread). Resolves with the worksheets in tab order.
 */
export async function streamXlsx(
  file: string,
  open: (sheet: StreamedSheet, sheets: readonly StreamedSheet[]) => CellSink | null,
): Promise<StreamedSheet[]> {
  const zip = await unzipper.Open.file(file);
  const entries = new Map(zip.files.map((entry) => [entry.path, entry]));
  const xml = (name: string) => {
    const entry = entries.get(name);
    return entry ? entry.stream() : null;
  };
  const book = xml("xl/workbook.xml");
  if (book === null) throw new NotStreamable("no xl/workbook.xml");
  const workbook = await new WorkbookXform().parseStream(book);
  const relsXml = xml("xl/_rels/workbook.xml.rels");
  const rels = (relsXml && (await new RelationshipsXform().parseStream(relsXml))) ?? [];
  const stylesXml = xml("xl/styles.xml");
  const styles = new StylesXform();
  if (stylesXml) await styles.parseStream(stylesXml);
  const stringsXml = xml("xl/sharedStrings.xml");
  const strings = new SharedStringsXform();
  if (stringsXml) await strings.parseStream(stringsXml);

  // exceljs's WorkbookXform.reconcile: a sheet is the worksheet its relationship's target names.
  const targets = new Map(rels.map((rel) => [rel.Id, rel.Target]));
  const parts: string[] = [];
  const sheets: StreamedSheet[] = [];
  for (const sheet of workbook.sheets ?? []) {
    const target = targets.get(sheet.rId);
    if (target === undefined) continue;
    const part = `xl/${target.replace(/^(\s|\/xl\/)+/, "")}`;
    if (!entries.has(part) || !/xl\/worksheets\/sheet(\d+)[.]xml/.test(part)) continue;
    parts.push(part);
    sheets.push({ name: sheet.name, id: Number(sheet.id), position: sheets.length });
  }
  const context: SheetContext = {
    strings: strings.values,
    styles,
    date1904: Boolean(workbook.properties?.date1904),
  };
  for (const [i, sheet] of sheets.entries()) {
    const sink = open(sheet, sheets);
    if (sink !== null) await readSheet(entries.get(parts[i])!.stream(), sink, context);
  }
  return sheets;
}

interface SheetContext {
  readonly strings: readonly unknown[];
  readonly styles: { getStyleModel(id: number): { numFmt?: string } | null };
  readonly date1904: boolean;
}

interface RichRun {
  text?: string;
}

/** One sheet's XML, cell by cell, as exceljs's CellXform reads it (see its parseOpen, parseText, parseClose). */
async function readSheet(xml: AsyncIterable<unknown>, sink: CellSink, context: SheetContext): Promise<void> {
  const offset = dateOffset(context.date1904);
  const formats = new Map<number, string | undefined>();
  const numFmt = (styleId: number): string | undefined => {
    if (!formats.has(styleId)) formats.set(styleId, context.styles.getStyleModel(styleId)?.numFmt);
    return formats.get(styleId);
  };

  let inSheetData = false;
  let row = -1;
  let lastRow = -1;
  // The open cell.
  let address: string | null = null;
  let styleId = 0;
  let type: string | undefined;
  let formula: string | undefined;
  let shareType: string | undefined;
  let value: string | { richText: RichRun[] } | undefined;
  let node: "f" | "v" | "t" | undefined;
  let run: RichRun | null = null;
  let runText: string[] | null = null;

  for await (const events of parseSax(xml)) {
    for (const event of events) {
      if (event.eventType === "text") {
        const text = event.value;
        if (run !== null) {
          runText?.push(text);
        } else if (node === "f") {
          formula = formula ? formula + text : text;
        } else if ((node === "v" || node === "t") && typeof value !== "object") {
          value = value ? value + text : text;
        }
        continue;
      }
      const { name, attributes } = event.value;
      if (event.eventType === "opentag") {
        if (name === "sheetData") inSheetData = true;
        else if (name === "mergeCell") throw new NotStreamable("merged cells");
        if (!inSheetData) continue;
        if (name === "row") {
          const r = attributes.r;
          if (r === undefined) throw new NotStreamable("a row without its number");
          row = parseInt(r, 10) - 1;
          if (!(row > lastRow)) throw new NotStreamable("rows out of order");
          lastRow = row;
        } else if (name === "c") {
          address = attributes.r ?? null;
          if (address === null) throw new NotStreamable("a cell without its address");
          styleId = attributes.s ? parseInt(attributes.s, 10) : 0;
          type = attributes.t;
          formula = shareType = value = node = undefined;
          run = runText = null;
        } else if (address !== null) {
          if (run !== null) {
            if (name === "t") runText = [];
          } else if (name === "f") {
            node = "f";
            shareType = attributes.t;
          } else if (name === "v" || name === "t") {
            node = name;
          } else if (name === "r") {
            run = {};
          }
        }
        continue;
      }
      // closetag
      if (name === "sheetData") {
        inSheetData = false;
      } else if (!inSheetData) {
        continue;
      } else if (name === "row") {
        sink.endRow?.(row);
      } else if (address === null) {
        continue;
      } else if (name === "c") {
        const column = columnOf(address);
        if (formula && sink.formula) sink.formula(row, column, formula);
        const format = styleId ? numFmt(styleId) : undefined;
        const plain = plainValue(excelValue(type, formula, shareType, value, format, context), offset);
        if (plain !== null) sink.cell(row, column, plain, formatOf(format));
        address = null;
      } else if (run !== null) {
        if (name === "t" && runText !== null) {
          run.text = decodeEscapes(runText.join(""));
          runText = null;
        } else if (name === "r") {
          if (typeof value !== "object") value = { richText: [] };
          value.richText.push(run);
          run = null;
          node = undefined;
        }
      } else if (name === "f" || name === "v" || name === "is" || name === "t") {
        node = undefined;
      }
    }
  }
}

/** The cell's value as exceljs's CellXform parseClose and reconcile make it. */
function excelValue(
  type: string | undefined,
  formula: string | undefined,
  shareType: string | undefined,
  value: string | { richText: RichRun[] } | undefined,
  format: string | undefined,
  context: SheetContext,
): ExcelJS.CellValue | undefined {
  const date = (serial: unknown) =>
    excelUtils.isDateFmt(format) ? excelUtils.excelToDate(serial, context.date1904) : serial;
  if (formula || shareType) {
    let result: unknown;
    if (value) {
      const text = value as string;
      if (type === "str") result = excelUtils.xmlDecode(text);
      else if (type === "b") result = parseInt(text, 10) !== 0;
      else if (type === "e") result = { error: text };
      else result = parseFloat(text);
      result = date(result);
    }
    // exceljs's FormulaValue copies only truthy results: a saved 0, FALSE or "" reads as no value.
    return { formula: formula ?? "", result: result || undefined } as ExcelJS.CellValue;
  }
  if (value === undefined) return null;
  switch (type) {
    case "s": {
      const index = parseInt(value as string, 10);
      if (!(index >= 0 && index < context.strings.length))
        throw new NotStreamable(`a shared string (${String(value)}) the file does not hold`);
      return context.strings[index] as ExcelJS.CellValue;
    }
    case "str":
      return excelUtils.xmlDecode(value as string);
    case "inlineStr":
      return value as ExcelJS.CellValue;
    case "b":
      return parseInt(value as string, 10) !== 0;
    case "e":
      return { error: value } as ExcelJS.CellValue;
    default:
      return date(parseFloat(value as string)) as ExcelJS.CellValue;
  }
}

/** TextXform's model: Excel's _xHHHH_ escapes (a carriage return is _x000D_) made characters. */
function decodeEscapes(text: string): string {
  return text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The 0-based column of an A1 address ("AB12" -> 27). */
function columnOf(address: string): number {
  let column = 0;
  for (let i = 0; i < address.length; i++) {
    const code = address.charCodeAt(i);
    if (code >= 65 && code <= 90) column = column * 26 + code - 64;
    else if (code >= 97 && code <= 122) column = column * 26 + code - 96;
    else break;
  }
  if (column === 0) throw new NotStreamable(`a cell address (${address}) with no column`);
  return column - 1;
}

/** A whole sheet's cells as sheetsFromExcel lays them out: from A1 to the last value, a rectangle. */
export class SheetCells implements CellSink {
  private readonly values: CellValue[][] = [];
  private readonly formats: (string | null)[][] = [];
  private width = 0;

  cell(row: number, column: number, value: CellValue, format: string | null): void {
    let rowValues = this.values[row];
    let rowFormats = this.formats[row];
    if (rowValues === undefined) {
      rowValues = this.values[row] = [];
      rowFormats = this.formats[row] = [];
    }
    while (rowValues.length < column) {
      rowValues.push(null);
      rowFormats.push(null);
    }
    rowValues[column] = value;
    rowFormats[column] = format;
    if (rowValues.length > this.width) this.width = rowValues.length;
  }

  /** The values and formats, holes (rows with nothing) and short rows filled with nulls. */
  finish(): { values: CellValue[][]; formats: (string | null)[][] } {
    fillRectangle(this.values, this.formats, this.width);
    return { values: this.values, formats: this.formats };
  }
}
