/*
 * The input file as a sheet's values: CSV read line by line from a stream (a full sheet is never one
 * string), .xlsx through exceljs. Problems with the file itself are InputErrors: bad input, exit 2.
 */
import * as ExcelJS from "exceljs";
import * as fs from "fs";
import * as path from "path";
import type { CellValue } from "../core/cells";
import { CsvLineParser, DELIMITER_SAMPLE_LINES, detectDelimiter, finishRows, stripBom } from "../host/csv";
import { sheetsFromExcel } from "../host/xlsx";
import { sheetNameProblem } from "../host/styles";
import { UsageError } from "./args";

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
  const kind = path.extname(file).toLowerCase();
  if (kind !== ".csv" && kind !== ".xlsx") {
    throw new UsageError(`${file}: only .csv and .xlsx files can be read.`);
  }
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new UsageError(`${file} is not a file.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot open ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
  if (kind === ".csv") {
    if (sheet !== null) throw new UsageError("--sheet applies to .xlsx files only.");
    return { name: sheetNameFor(file), values: await readCsvFile(file, size, onProgress), formats: null };
  }
  return readXlsxFile(file, sheet);
}

async function readCsvFile(file: string, size: number, onProgress?: ReadProgress): Promise<CellValue[][]> {
  const stream = fs.createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 });
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
    onProgress?.(Math.min(1, stream.bytesRead / Math.max(1, size)));
  }
  if (rest !== "") take(rest.endsWith("\r") ? rest.slice(0, -1) : rest);
  const parserAtEnd: CsvLineParser = parser ?? new CsvLineParser(detectDelimiter(head));
  if (parser === null) for (const h of head) pushRow(parserAtEnd, h);
  const open = parserAtEnd.finish();
  if (open) rows.push(open);
  onProgress?.(1);
  return finishRows(rows);
}

async function readXlsxFile(file: string, sheet: string | null): Promise<InputSheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new InputError(`${file} could not be read as an .xlsx workbook (${messageOf(error)}).`);
  }
  const sheets = sheetsFromExcel(workbook);
  if (sheets.length === 0) throw new InputError(`${file} has no sheets.`);
  const names = sheets.map((s) => `"${s.name}"`).join(", ");
  const chosen =
    sheet === null ? sheets[0] : sheets.find((s) => s.name.toLowerCase() === sheet.trim().toLowerCase());
  if (!chosen) throw new InputError(`There is no sheet "${sheet}" in ${file}: its sheets are ${names}.`);
  return { name: chosen.name, values: chosen.values, formats: chosen.formats };
}

/** "mall-customers.csv" -> "mall-customers", cut and cleaned to what Excel allows in a sheet name. */
export function sheetNameFor(file: string): string {
  const base = path
    .basename(file, path.extname(file))
    .replace(/[[\]:*?/\\]/g, "_")
    .replace(/^'+|'+$/g, "")
    .slice(0, 31);
  return sheetNameProblem(base) === null ? base : "Data";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
