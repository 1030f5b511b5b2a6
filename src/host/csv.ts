import type { CellValue } from "../core/cells";

/*
 * CSV text as the rows of cells a sheet would hold. Browser-safe (no Node built-ins): the sandbox page
 * reads a dropped file with it, and the command line feeds it a file line by line (CsvLineParser) so
 * that a full sheet is never one string. Cells stay as typed except plain numbers: the core reads
 * "$1,234.50", "12,5" and dates itself, with the same rules as for Excel's text cells.
 */

export type CsvDelimiter = "," | ";" | "\t";

const DELIMITERS: readonly CsvDelimiter[] = [",", ";", "\t"];

/** Lines looked at to choose the delimiter: enough to see past a title line, few enough to be instant. */
export const DELIMITER_SAMPLE_LINES = 20;

/** Numbers exactly as JavaScript and Excel both write them; anything else is the core's to read. */
const PLAIN_NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** A field's cell: null when empty, a number when plainly one, else the text as typed. */
export function csvCell(field: string): CellValue {
  if (field === "") return null;
  const first = field.charCodeAt(0);
  // Most text starts with a letter: only a digit, sign or point can start a plain number.
  if ((first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46) {
    if (PLAIN_NUMBER.test(field)) return Number(field);
  }
  return field;
}

/**
 * The delimiter of the sample's lines: the candidate found (outside quotes) the same number of times
 * on most lines, the most often; "," when none is found at all.
 */
export function detectDelimiter(lines: readonly string[]): CsvDelimiter {
  const sample = lines.filter((l) => l.trim() !== "").slice(0, DELIMITER_SAMPLE_LINES);
  let best: CsvDelimiter = ",";
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = sample.map((line) => countOutsideQuotes(line, d));
    const tally = new Map<number, number>();
    for (const c of counts) if (c > 0) tally.set(c, (tally.get(c) ?? 0) + 1);
    // Lines that agree on a count, weighted by the count: a stray comma in a title loses to a tab on every line.
    let score = 0;
    for (const [count, lineCount] of tally) score = Math.max(score, lineCount * 1000 + count);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) count++;
  }
  return count;
}

/**
 * RFC 4180 records from lines given one at a time (without their line break): a quoted field may run
 * over several lines, so a line may complete no record (push returns null) or the one begun before.
 */
export class CsvLineParser {
  private fields: CellValue[] = [];
  private field = "";
  private inQuotes = false;

  constructor(readonly delimiter: CsvDelimiter) {}

  /** Whether a record is still open (a quoted field not yet closed). */
  get pending(): boolean {
    return this.inQuotes;
  }

  push(line: string): CellValue[] | null {
    if (!this.inQuotes && line.indexOf('"') < 0) {
      // The common case, a line without quotes, without a character loop.
      const parts = line.split(this.delimiter);
      const row = new Array<CellValue>(parts.length);
      for (let j = 0; j < parts.length; j++) row[j] = csvCell(parts[j]);
      return row;
    }
    if (this.inQuotes) this.field += "\n";
    const d = this.delimiter;
    let i = 0;
    while (i < line.length) {
      const ch = line[i];
      if (this.inQuotes) {
        if (ch === '"') {
          if (line[i + 1] === '"') {
            this.field += '"';
            i += 2;
            continue;
          }
          this.inQuotes = false;
        } else this.field += ch;
        i++;
        continue;
      }
      if (ch === '"' && this.field === "") this.inQuotes = true;
      else if (ch === d) this.endField();
      else this.field += ch;
      i++;
    }
    if (this.inQuotes) return null;
    this.endField();
    const row = this.fields;
    this.fields = [];
    return row;
  }

  /** What is left when the text ends inside quotes: the open record, read as if the quote were closed. */
  finish(): CellValue[] | null {
    if (!this.inQuotes) return null;
    this.inQuotes = false;
    this.endField();
    const row = this.fields;
    this.fields = [];
    return row;
  }

  private endField(): void {
    // Quoted or not, as Excel opens a CSV: "12" is the number 12.
    this.fields.push(csvCell(this.field));
    this.field = "";
  }
}

/** Drops a byte order mark, which editors on Windows put before the first header. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Trailing blank lines dropped (a file's last line break makes one), then every row padded with null
 * to the widest, in place: the core wants a rectangle, and a short row is missing values.
 */
export function finishRows(rows: CellValue[][]): CellValue[][] {
  while (rows.length > 0 && isBlankRow(rows[rows.length - 1])) rows.pop();
  let width = 0;
  for (let i = 0; i < rows.length; i++) if (rows[i].length > width) width = rows[i].length;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    while (row.length < width) row.push(null);
  }
  return rows;
}

function isBlankRow(row: readonly CellValue[]): boolean {
  return row.every((cell) => cell === null);
}

/** A whole CSV text as rows of cells (see the notes at the top of this file). */
export function parseCsv(text: string): CellValue[][] {
  const lines = stripBom(text).split(/\r?\n/);
  const parser = new CsvLineParser(detectDelimiter(lines.slice(0, DELIMITER_SAMPLE_LINES * 2)));
  const rows: CellValue[][] = [];
  for (const line of lines) {
    const row = parser.push(line);
    if (row) rows.push(row);
  }
  const rest = parser.finish();
  if (rest) rows.push(rest);
  return finishRows(rows);
}
