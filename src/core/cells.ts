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

const NUMERIC_TEXT = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?Z?$/;

/** Days from Excel's epoch (1899-12-30, which absorbs the 1900 leap-year bug) to 1970-01-01. */
const EXCEL_UNIX_EPOCH_DAYS = 25569;

export function isExcelError(value: CellValue): boolean {
  return typeof value === "string" && EXCEL_ERRORS.has(value.trim().toUpperCase());
}

export function isEmptyCell(value: CellValue): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

/** Excel serial date number of an ISO date text, or NaN when the text is not one. */
export function isoDateToSerial(text: string): number {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return NaN;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  const ms = Date.UTC(year, month - 1, day, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  const check = new Date(ms);
  if (check.getUTCDate() !== day) return NaN;
  return ms / 86400000 + EXCEL_UNIX_EPOCH_DAYS;
}

export function classifyCell(value: CellValue): CellClass {
  if (isEmptyCell(value)) return "empty";
  if (typeof value === "number") return Number.isFinite(value) ? "number" : "error";
  if (typeof value === "boolean") return "boolean";
  const text = String(value).trim();
  if (EXCEL_ERRORS.has(text.toUpperCase())) return "error";
  if (NUMERIC_TEXT.test(text)) return "number";
  if (/^(TRUE|FALSE)$/i.test(text)) return "boolean";
  if (!Number.isNaN(isoDateToSerial(text))) return "date";
  return "text";
}

/** The number a cell holds (numbers, numeric text, ISO dates as serials), or NaN. */
export function cellToNumber(value: CellValue): number {
  if (typeof value === "number") return Number.isFinite(value) ? value : NaN;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value !== "string") return NaN;
  const text = value.trim();
  if (NUMERIC_TEXT.test(text)) return Number(text);
  return isoDateToSerial(text);
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
