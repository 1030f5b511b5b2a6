/*
 * The input file as a sheet's values: CSV (or gzip-compressed CSV, .csv.gz, decompressed as it
 * streams) read line by line from a stream (a full sheet is never one string), .xlsx as it streams
 * (xlsx-read.ts), keeping only the sheet asked for, or for segment sql only what can hold a model
 * (model-rows.ts); a workbook that reader does not take is read whole through exceljs, as before.
 * Problems with the file itself are InputErrors: bad input, exit 2.
 */
import * as ExcelJS from "exceljs";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import type { CellValue } from "../core/cells";
import { CsvLineParser, DELIMITER_SAMPLE_LINES, detectDelimiter, finishRows, stripBom } from "../host/csv";
import { sheetsFromExcel } from "../host/xlsx";
import { sheetNameProblem } from "../host/styles";
import { UsageError } from "./args";
import { type ModelFormula, ModelRows, callsModel } from "./model-rows";
import { type CellSink, SheetCells, type StreamedSheet, streamXlsx } from "./xlsx-read";

/** A problem with the input's content (as against the command's arguments): exit 2, no hint. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

export interface InputSheet {
  /** The sheet's name, or for a CSV one made from the file's name (as Excel names it on opening). */
  readonly name: string;
  readonly values: CellValue[][];
  /** Number formats of .xlsx cells (null for General), same shape as values; null for a CSV. */
  readonly formats: (string | null)[][] | null;
}

export type ReadProgress = (fraction: number) => void;

export async function readInput(
  file: string,
  sheet: string | null,
  onProgress?: ReadProgress,
): Promise<InputSheet> {
  const { kind, size } = openInput(file);
  if (kind !== ".xlsx") {
    if (sheet !== null) throw new UsageError("--sheet applies to .xlsx files only.");
    const values = await readCsvFile(file, size, kind === ".csv.gz", onProgress);
    return { name: sheetNameFor(file), values, formats: null };
  }
  return readXlsxSheet(file, sheet);
}

/**
 * The sheets of a file as far as they can hold a model table, for segment sql: every sheet of an
 * .xlsx file, in order, with only the rows and cells model-rows.ts keeps (a formula's cell as the
 * value Excel saved for it; holes elsewhere, `formats` null); a CSV's one sheet whole.
 * `onModelFormula` hears of each cell whose formula calls SEGMENT.MODEL, sheet by sheet (by sheetId,
 * as exceljs's eachSheet), by rows.
 */
export async function readSheets(
  file: string,
  onModelFormula?: (formula: ModelFormula) => void,
): Promise<InputSheet[]> {
  const { kind, size } = openInput(file);
  if (kind === ".xlsx") return readModelSheets(file, onModelFormula);
  const values = await readCsvFile(file, size, kind === ".csv.gz");
  return [{ name: sheetNameFor(file), values, formats: null }];
}

/** The sheet of that name, case aside, as Excel matches sheet names; an InputError naming the sheets otherwise. */
export function sheetNamed<T extends { readonly name: string }>(
  file: string,
  sheets: readonly T[],
  name: string,
): T {
  const chosen = sheetCalled(sheets, name);
  if (chosen) return chosen;
  throw noSheet(file, sheets, name);
}

function noSheet(file: string, sheets: readonly { readonly name: string }[], name: string): InputError {
  const names = sheets.map((s) => `"${s.name}"`).join(", ");
  return new InputError(`There is no sheet "${name}" in ${file}: its sheets are ${names}.`);
}

function sheetCalled<T extends { readonly name: string }>(sheets: readonly T[], name: string): T | undefined {
  return sheets.find((s) => s.name.toLowerCase() === name.trim().toLowerCase());
}

/** The file's kind and size, or a UsageError when it is no file the command reads. */
function openInput(file: string): { kind: ".csv" | ".csv.gz" | ".xlsx"; size: number } {
  const kind = fileKind(file);
  if (kind === null) {
    throw new UsageError(`${file}: only .csv, .csv.gz and .xlsx files can be read.`);
  }
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new UsageError(`${file} is not a file.`);
    return { kind, size: stat.size };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot open ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
}

/** The kinds of file the command reads, by name; null for any other. */
export function fileKind(file: string): ".csv" | ".csv.gz" | ".xlsx" | null {
  const name = file.toLowerCase();
  if (name.endsWith(".csv.gz")) return ".csv.gz";
  const ext = path.extname(name);
  return ext === ".csv" || ext === ".xlsx" ? ext : null;
}

async function readCsvFile(
  file: string,
  size: number,
  gzipped: boolean,
  onProgress?: ReadProgress,
): Promise<CellValue[][]> {
  const raw = fs.createReadStream(
    file,
    gzipped ? { highWaterMark: 1 << 20 } : { encoding: "utf8", highWaterMark: 1 << 20 },
  );
  let stream: NodeJS.ReadableStream = raw;
  if (gzipped) {
    const gunzip = zlib.createGunzip({ chunkSize: 1 << 20 });
    raw.on("error", (error) => gunzip.destroy(error));
    stream = raw.pipe(gunzip);
    stream.setEncoding("utf8");
  }
  const rows: CellValue[][] = [];
  // The first lines wait until they can tell the delimiter.
  const head: string[] = [];
  let parser: CsvLineParser | null = null;
  let first = true;
  const take = (line: string) => {
    if (parser === null) {
      head.push(line);
      if (head.length < DELIMITER_SAMPLE_LINES * 2) return;
      parser = new CsvLineParser(detectDelimiter(head));
      for (const h of head) pushRow(parser, h);
      return;
    }
    pushRow(parser, line);
  };
  const pushRow = (p: CsvLineParser, line: string) => {
    const row = p.push(line);
    if (row) rows.push(row);
  };
  // Lines split by hand rather than with readline, which costs an event per line: a second on a full sheet.
  let rest = "";
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let text = rest + chunk;
      if (first) {
        text = stripBom(text);
        first = false;
      }
      let start = 0;
      for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
        take(text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end));
        start = end + 1;
      }
      rest = text.slice(start);
      // Progress by the compressed bytes read, for a .gz.
      onProgress?.(Math.min(1, raw.bytesRead / Math.max(1, size)));
    }
  } catch (error) {
    // zlib's errors (Z_DATA_ERROR, Z_BUF_ERROR...): the file is not gzip, or is cut short.
    if (gzipped && /^Z_/.test(String((error as NodeJS.ErrnoException).code))) {
      throw new InputError(`${file} could not be read as gzip-compressed CSV (${messageOf(error)}).`);
    }
    throw error;
  }
  if (rest !== "") take(rest.endsWith("\r") ? rest.slice(0, -1) : rest);
  const parserAtEnd: CsvLineParser = parser ?? new CsvLineParser(detectDelimiter(head));
  if (parser === null) for (const h of head) pushRow(parserAtEnd, h);
  const open = parserAtEnd.finish();
  if (open) rows.push(open);
  onProgress?.(1);
  return finishRows(rows);
}

/** The sheet named (case aside), or the first, of an .xlsx file: only its cells are kept. */
async function readXlsxSheet(file: string, name: string | null): Promise<InputSheet> {
  let chosen: { name: string; cells: SheetCells } | null = null;
  const sheets = await streamed(file, (sheet, all) => {
    if (sheet !== (name === null ? all[0] : sheetCalled(all, name))) return null;
    chosen = { name: sheet.name, cells: new SheetCells() };
    return chosen.cells;
  });
  if (sheets === null) {
    const whole = await readXlsxFile(file);
    return name === null ? whole[0] : sheetNamed(file, whole, name);
  }
  if (sheets.length === 0) throw new InputError(`${file} has no sheets.`);
  const found = chosen as { name: string; cells: SheetCells } | null;
  if (found === null) throw noSheet(file, sheets, name ?? "");
  return { name: found.name, ...found.cells.finish() };
}

/** Every sheet of an .xlsx file, each with only the cells that can hold a model (model-rows.ts). */
async function readModelSheets(
  file: string,
  onModelFormula?: (formula: ModelFormula) => void,
): Promise<InputSheet[]> {
  const kept = new Map<StreamedSheet, ModelRows>();
  const formulas: ModelFormula[] = [];
  const sheets = await streamed(file, (sheet) => {
    const rows = new ModelRows(sheet.name, (f) => formulas.push(f));
    kept.set(sheet, rows);
    return rows;
  });
  if (sheets === null) {
    let workbook: ExcelJS.Workbook | null = null;
    const whole = await readXlsxFile(file, (wb) => (workbook = wb));
    if (workbook && onModelFormula) modelFormulasOf(workbook).forEach(onModelFormula);
    return whole;
  }
  if (sheets.length === 0) throw new InputError(`${file} has no sheets.`);
  // As exceljs's eachSheet visits them: by sheetId.
  const byId = [...sheets].sort((a, b) => a.id - b.id).map((s) => s.name);
  formulas.sort((a, b) => byId.indexOf(a.sheet) - byId.indexOf(b.sheet));
  if (onModelFormula) formulas.forEach(onModelFormula);
  return sheets.map((s) => ({ name: s.name, values: kept.get(s)?.rows() ?? [], formats: null }));
}

/**
 * streamXlsx, or null when the workbook is not one it reads as exceljs's Workbook would (NotStreamable)
 * or it fails: the caller then reads the file whole, which gives the same values, or the same error
 * as before for a file that is no workbook.
 */
async function streamed(
  file: string,
  open: (sheet: StreamedSheet, sheets: readonly StreamedSheet[]) => CellSink | null,
): Promise<StreamedSheet[] | null> {
  try {
    return await streamXlsx(file, open);
  } catch {
    return null;
  }
}

/** Every sheet of an .xlsx file, loaded whole by exceljs; `inspect` sees the workbook as exceljs read it. */
async function readXlsxFile(
  file: string,
  inspect?: (workbook: ExcelJS.Workbook) => void,
): Promise<InputSheet[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new InputError(`${file} could not be read as an .xlsx workbook (${messageOf(error)}).`);
  }
  inspect?.(workbook);
  const sheets = sheetsFromExcel(workbook);
  if (sheets.length === 0) throw new InputError(`${file} has no sheets.`);
  return sheets.map((s) => ({ name: s.name, values: s.values, formats: s.formats }));
}

/** The cells of a workbook loaded whole whose formula calls SEGMENT.MODEL, sheet by sheet, by rows. */
function modelFormulasOf(workbook: ExcelJS.Workbook): ModelFormula[] {
  const found: ModelFormula[] = [];
  workbook.eachSheet((ws) =>
    ws.eachRow((row, rowNumber) =>
      row.eachCell((cell, columnNumber) => {
        const value = cell.value as { formula?: unknown } | null;
        if (typeof value?.formula === "string" && callsModel(value.formula))
          found.push({
            sheet: ws.name,
            row: rowNumber - 1,
            column: columnNumber - 1,
            formula: value.formula,
          });
      }),
    ),
  );
  return found;
}

/** "mall-customers.csv" (or .csv.gz) -> "mall-customers", cut and cleaned to what Excel allows in a sheet name. */
export function sheetNameFor(file: string): string {
  const base = path
    .basename(file)
    .replace(/(\.csv)?\.gz$|\.[^.]*$/i, "")
    .replace(/[[\]:*?/\\]/g, "_")
    .replace(/^'+|'+$/g, "")
    .slice(0, 31);
  return sheetNameProblem(base) === null ? base : "Data";
}

/** An error's message; read as a property, since errors from Node's internals may come from another realm. */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : String(error);
}
