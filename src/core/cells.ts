import { DEFAULT_DATE_ORDER, DateOrder, dateOrderEvidence, parseTextDate } from "./text-dates";
import {
  DEFAULT_DECIMAL_SEPARATOR,
  DecimalSeparator,
  decimalEvidence,
  parseTextNumber,
} from "./text-numbers";

export { isoDateToSerial } from "./text-dates";

/** What a single Excel cell value is, as the core sees it. */
export type CellValue = number | string | boolean | null | undefined;

export type CellClass = "empty" | "number" | "boolean" | "error" | "date" | "text";

/**
 * The longest row's length: the width of a range whose rows may be ragged. A plain loop, because a
 * range can be a million rows and a reduce with a closure per row holds the thread longer.
 */
export function rangeWidth(rows: readonly (readonly unknown[])[]): number {
  let width = 0;
  for (let i = 0; i < rows.length; i++) if (rows[i].length > width) width = rows[i].length;
  return width;
}

/** Error values Excel passes as strings in a values array. */
const EXCEL_ERRORS = new Set([
  "#N/A",
  "#VALUE!",
  "#REF!",
  "#DIV/0!",
  "#NUM!",
  "#NAME?",
  "#NULL!",
  "#SPILL!",
  "#CALC!",
  "#GETTING_DATA",
  "#FIELD!",
  "#BLOCKED!",
  "#CONNECT!",
  "#BUSY!",
  "#UNKNOWN!",
  "#PYTHON!",
]);

const HAS_DIGIT = /\d/;

/** How the text of a cell is read: its decimal separator, and whether "03/04/2011" is March or April. */
export interface TextReading {
  readonly decimal: DecimalSeparator;
  readonly dateOrder: DateOrder;
}

export function isExcelError(value: CellValue): boolean {
  return typeof value === "string" && isErrorText(value.trim());
}

/** Whether trimmed text is an Excel error; every one starts with "#", so most text needs no upper-casing. */
function isErrorText(text: string): boolean {
  return text.charCodeAt(0) === 35 && EXCEL_ERRORS.has(text.toUpperCase());
}

export function isEmptyCell(value: CellValue): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

const DEFAULT_READING: TextReading = { decimal: DEFAULT_DECIMAL_SEPARATOR, dateOrder: DEFAULT_DATE_ORDER };

/** A text read on its own: by what it shows itself ("12,5", "31/12/2011"), else by the defaults. */
function ownReading(text: string): TextReading {
  if (!HAS_DIGIT.test(text)) return DEFAULT_READING;
  const decimal = decimalEvidence(text);
  const order = dateOrderEvidence(text);
  return {
    decimal: decimal === "." || decimal === "," ? decimal : DEFAULT_DECIMAL_SEPARATOR,
    dateOrder: order === "mdy" || order === "dmy" ? order : DEFAULT_DATE_ORDER,
  };
}

/** A cell's class and, for numbers and dates, its number (NaN otherwise), with its text read by `reading`. */
export interface ReadCell {
  readonly cls: CellClass;
  readonly value: number;
}

const SCRATCH = new Float64Array(1);

/** Reads a text cell: numbers (currency, percentages, thousands separators) and dates under `reading`. */
function readText(text: string, reading: TextReading): ReadCell {
  const cls = readTextInto(text, reading, SCRATCH, 0);
  return { cls, value: SCRATCH[0] };
}

/**
 * readText without an object per cell, for the scan of a column of a million: the class is
 * returned and the number (NaN unless a number or date) written to out[at].
 */
export function readTextInto(text: string, reading: TextReading, out: Float64Array, at: number): CellClass {
  out[at] = NaN;
  const t = text.trim();
  if (t === "") return "empty";
  if (isErrorText(t)) return "error";
  if ((t.length === 4 || t.length === 5) && /^(TRUE|FALSE)$/i.test(t)) return "boolean";
  // Numbers and dates all have a digit: category text ("Male", "North") stops here.
  if (!HAS_DIGIT.test(t)) return "text";
  const x = parseTextNumber(t, reading.decimal);
  if (x === x) {
    out[at] = x;
    return "number";
  }
  const serial = parseTextDate(t, reading.dateOrder);
  if (serial === serial) {
    out[at] = serial;
    return "date";
  }
  return "text";
}

/** Reads any cell under `reading`: as a number column reads it, booleans are no numbers. */
const EMPTY: ReadCell = { cls: "empty", value: NaN };
const ERROR: ReadCell = { cls: "error", value: NaN };
const BOOLEAN: ReadCell = { cls: "boolean", value: NaN };

export function readCell(value: CellValue, reading: TextReading): ReadCell {
  if (typeof value === "number") return Number.isFinite(value) ? { cls: "number", value } : ERROR;
  if (typeof value === "boolean") return BOOLEAN;
  if (typeof value !== "string") return EMPTY;
  return readText(value, reading);
}

export function classifyCell(value: CellValue): CellClass {
  if (isEmptyCell(value)) return "empty";
  if (typeof value === "number") return Number.isFinite(value) ? "number" : "error";
  if (typeof value === "boolean") return "boolean";
  const text = String(value);
  return readText(text, ownReading(text)).cls;
}

/** The number a cell holds (numbers, numeric text, text dates as serials), its text read on its own; or NaN. */
export function cellToNumber(value: CellValue): number {
  if (typeof value === "number") return Number.isFinite(value) ? value : NaN;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value !== "string") return NaN;
  return readText(value, ownReading(value)).value;
}

/** A cell as category text: how Excel would display a plain value. */
export function cellToText(value: CellValue): string {
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") {
    const trimmed = value.trim();
    return /^(TRUE|FALSE)$/i.test(trimmed) ? trimmed.toUpperCase() : trimmed;
  }
  return String(value);
}

/** Shows a cell's value in a message, quoted and cut short. */
export function describeCell(value: CellValue): string {
  const text = typeof value === "string" ? value : String(value);
  return `"${text.length > 24 ? text.slice(0, 21) + "..." : text}"`;
}
