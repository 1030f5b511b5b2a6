/*
 * Excel arguments as they arrive, turned into what the core expects. Optional arguments left out arrive
 * as null (undefined from some callers); a cell reference can bring text where a number is expected, or
 * an empty cell ("" or null). Each parser names the argument in its message, so the user knows which one
 * to fix.
 */
import { DEFAULTS } from "../core/defaults";
import { CellValue } from "../core/cells";
import { K_METHODS, KMethod } from "../core/choosek";
import { SegmentError } from "../core/errors";
import { LogChoice, PREPROCESS_DEFAULTS, SCALINGS, Scaling } from "../core/preprocess";
import { EXCEL_LIMITS, FormulaLimits, checkArgumentBytes, estimateRowsPayloadBytes } from "./limits";
import { keepOrRebuild } from "./rows";

/** An argument left out: null from Excel, undefined from JavaScript callers, "" from an empty cell. */
export function isOmitted(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === "string" && value.trim() === "") ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** A 1x1 range passed where a single value is expected counts as that value. */
function single(value: unknown, name: string): unknown {
  if (!Array.isArray(value)) return value;
  if (value.length === 1 && Array.isArray(value[0]) && value[0].length === 1) return value[0][0];
  throw new SegmentError("value", `${name} must be a single value, not a range.`);
}

export interface WholeNumberRule {
  readonly min: number;
  readonly max?: number;
  /** Used when the argument is left out; without it the argument is required. */
  readonly fallback?: number;
}

/** A whole number within bounds: anything else is #VALUE!, naming the argument and the bound. */
export function parseWholeNumber(raw: unknown, name: string, rule: WholeNumberRule): number {
  const value = single(raw, name);
  if (isOmitted(value)) {
    if (rule.fallback !== undefined) return rule.fallback;
    throw new SegmentError("value", `${name} is required.`);
  }
  let x: number;
  if (typeof value === "number") x = value;
  else if (typeof value === "string" && /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(value))
    x = Number(value);
  else throw new SegmentError("value", `${name} must be a number (got ${describe(value)}).`);
  if (!Number.isFinite(x) || !Number.isInteger(x)) {
    throw new SegmentError("value", `${name} must be a whole number (got ${describe(value)}).`);
  }
  if (x < rule.min) throw new SegmentError("value", `${name} must be at least ${rule.min} (got ${x}).`);
  if (rule.max !== undefined && x > rule.max) {
    throw new SegmentError("value", `${name} must be at most ${rule.max} (got ${x}).`);
  }
  return x;
}

function parseChoice<T extends string>(raw: unknown, name: string, allowed: readonly T[], fallback: T): T {
  const value = single(raw, name);
  if (isOmitted(value)) return fallback;
  const text = typeof value === "string" ? value.trim().toLowerCase() : null;
  const found = allowed.find((a) => a.toLowerCase() === text);
  if (found === undefined) {
    throw new SegmentError(
      "value",
      `${name} must be one of ${allowed.map((a) => `"${a}"`).join(", ")} (got ${describe(value)}).`,
    );
  }
  return found;
}

export function parseScaling(raw: unknown): Scaling {
  return parseChoice(raw, "scaling", SCALINGS, "zscore");
}

/**
 * transform: "auto" (the default: log(1 + x) for non-negative columns with a heavy right tail),
 * "none", or the names of the columns to log-transform, all others left as they are: one text
 * separated by commas or semicolons ("Frequency, Monetary"), or a range of cells holding names.
 */
export function parseTransform(raw: unknown): LogChoice {
  const cells = Array.isArray(raw) ? raw.flat(2) : [raw];
  const names = cells
    .filter((cell) => !isOmitted(cell))
    .flatMap((cell) => {
      if (typeof cell !== "string") {
        throw new SegmentError(
          "value",
          `transform must be "auto", "none" or column names to log-transform (got ${describe(cell)}).`,
        );
      }
      return cell.split(/[,;]/).map((name) => name.trim());
    })
    .filter((name) => name !== "");
  if (names.length === 0) return PREPROCESS_DEFAULTS.logTransform;
  if (names.length === 1) {
    const word = names[0].toLowerCase();
    if (word === "auto" || word === "none") return word;
  }
  return names;
}

export function parseMethod(raw: unknown): KMethod {
  return parseChoice(raw, "method", K_METHODS, "auto");
}

/** Excel's 32-bit seeds: any whole number that fits, default 42 (the core's default). */
export function parseSeed(raw: unknown): number {
  return parseWholeNumber(raw, "seed", { min: -2147483648, max: 4294967295, fallback: DEFAULTS.seed });
}

/** More restarts than this only make a formula slow: the best of 4 (the default) is rarely beaten. */
export const MAX_RESTARTS = 100;

export function parseRestarts(raw: unknown): number {
  return parseWholeNumber(raw, "restarts", { min: 1, max: MAX_RESTARTS, fallback: DEFAULTS.restarts });
}

export function parseK(raw: unknown): number {
  return parseWholeNumber(raw, "k", { min: 1 });
}

/**
 * A range as a rectangular array of core cell values. Excel passes numbers, text, booleans and empty
 * cells ("" or null); with rich data types allowed it may pass objects, read here through their basic
 * value; anything else becomes an error value, so that the core reports the cell.
 */
export function parseRange(raw: unknown, name: string): CellValue[][] {
  return readRange(raw, name, null);
}

/**
 * parseRange, with `check` given the range's row count and a reader of single parsed rows before
 * the whole range is read: a full sheet refused for its size then costs nothing. Rows that already
 * hold only plain cells are kept as they came rather than copied (a full sheet's copy is 160 MB);
 * only ragged rows and rows with rich values are rebuilt.
 */
function readRange(
  raw: unknown,
  name: string,
  check: ((n: number, rowAt: (i: number) => CellValue[]) => void) | null,
): CellValue[][] {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new SegmentError("value", `${name} must be a range of cells.`);
  }
  const rows: unknown[] = raw;
  // An indexed loop: for-of makes an iterator result per row until it is optimised, 9 MB of
  // garbage on a full sheet.
  let width = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const length = Array.isArray(row) ? row.length : 1;
    if (length > width) width = length;
  }
  if (width === 0) throw new SegmentError("value", `${name} is empty.`);
  const plain = (row: unknown): row is CellValue[] => isPlainRow(row, width);
  const rebuild = (row: unknown): CellValue[] => {
    const cells: unknown[] = Array.isArray(row) ? row : [row];
    const out = new Array<CellValue>(width);
    for (let j = 0; j < width; j++) out[j] = toCell(cells[j]);
    return out;
  };
  check?.(rows.length, (i) => (plain(rows[i]) ? rows[i] : rebuild(rows[i])));
  return keepOrRebuild(rows, plain, rebuild);
}

/** A row of `width` cells that are each a number, text, a boolean or empty, as the core reads them. */
function isPlainRow(row: unknown, width: number): row is CellValue[] {
  if (!Array.isArray(row) || row.length !== width) return false;
  for (let j = 0; j < width; j++) {
    const v: unknown = row[j];
    if (v !== null && v !== undefined && typeof v === "object") return false;
    if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") return false;
  }
  return true;
}

function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "object") {
    const basic = (value as { basicValue?: unknown }).basicValue;
    if (typeof basic === "number" || typeof basic === "string" || typeof basic === "boolean") return basic;
    const code = (value as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("#")) return code;
  }
  return "#VALUE!";
}

function describe(value: unknown): string {
  if (typeof value === "string") return `"${value.length > 24 ? value.slice(0, 21) + "..." : value}"`;
  return String(value);
}

/** A data or model range: rectangular cells, refused when too large for Excel to pass. */
export function parseData(raw: unknown, name = "data", limits: FormulaLimits = EXCEL_LIMITS): CellValue[][] {
  return readRange(raw, name, (n, rowAt) =>
    checkArgumentBytes(estimateRowsPayloadBytes(n, rowAt), name, limits),
  );
}
