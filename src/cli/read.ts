/*
 * The input file as a sheet's values: CSV read line by line from a stream (a full sheet is never one
 * string), .xlsx through exceljs. Problems with the file itself are InputErrors: bad input, exit 2.
 */
import * as ExcelJS from "exceljs";
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
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
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  const rows: CellValue[][] = [];
  // The first lines wait until they can tell the delimiter.
  const head: string[] = [];
  let parser: CsvLineParser | null = null;
  let count = 0;
  const take = (line: string) => {
    const row = (parser as CsvLineParser).push(line);
    if (row) rows.push(row);
  };
  for await (const raw of lines) {
    const line = count === 0 ? stripBom(raw) : raw;
    count++;
    if (parser === null) {
      head.push(line);
      if (head.length < DELIMITER_SAMPLE_LINES * 2) continue;
      parser = new CsvLineParser(detectDelimiter(head));
      head.forEach(take);
      continue;
    }
    take(line);
    if (onProgress && (count & 0xffff) === 0) onProgress(Math.min(1, stream.bytesRead / Math.max(1, size)));
  }
  if (parser === null) {
    parser = new CsvLineParser(detectDelimiter(head));
    head.forEach(take);
  }
  const rest = parser.finish();
  if (rest) rows.push(rest);
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
