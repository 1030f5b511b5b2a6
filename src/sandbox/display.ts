/**
 * How the grid shows a cell: its value through the common number formats the wizard and opened files
 * use (General, 0, 0.00, #,##0.00, 0.0%, dates). Anything rarer shows as General, which is always
 * readable, if less pretty.
 */
import type { CellValue } from "../core/cells";

/** Days from Excel's day 0 (1899-12-30) to 1970-01-01. */
const UNIX_EPOCH_SERIAL = 25569;
const MS_PER_DAY = 86_400_000;

export function displayValue(value: CellValue, format?: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return value;
  if (!Number.isFinite(value)) return "#NUM!";
  if (format === undefined || format === "" || /^general$/i.test(format)) return general(value);
  if (isDateFormat(format)) return date(value, /h/i.test(format));
  const section = format.split(";")[0].replace(/"[^"]*"|\[[^\]]*\]|\\./g, "");
  const percent = section.includes("%");
  const decimals = /\.(0+)/.exec(section)?.[1].length ?? 0;
  const grouped = section.includes(",");
  const shown = percent ? value * 100 : value;
  const text = shown.toLocaleString("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: grouped,
  });
  return percent ? `${text}%` : text;
}

/** Excel's General: at most about ten significant digits, no trailing zeros. */
function general(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e11) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e11 || abs < 1e-9))
    return value.toExponential(4).replace("e+", "E+").replace("e-", "E-");
  return String(Number(value.toPrecision(10)));
}

function isDateFormat(format: string): boolean {
  const bare = format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, "");
  return /[dy]/i.test(bare) && !/[#0]/.test(bare.replace(/[dmyhs]/gi, ""));
}

function date(serial: number, withTime: boolean): string {
  const when = new Date(Math.round((serial - UNIX_EPOCH_SERIAL) * MS_PER_DAY));
  if (Number.isNaN(when.getTime())) return general(serial);
  const iso = when.toISOString();
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}
