/*
 * Excel arguments as they arrive, turned into what the core expects. Optional arguments left out arrive
 * as null (undefined from some callers); a cell reference can bring text where a number is expected, or
 * an empty cell ("" or null). Each parser names the argument in its message, so the user knows which one
 * to fix.
 */
import type { ParamSpec, ParamValue } from "../core/algorithms/clusterer";
import { KMEANS_PARAMS } from "../core/algorithms/kmeans";
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

/**
 * An argument checked against its entry in an algorithm's parameter table (core/algorithms): the
 * bounds, choices and default are said there once, for the functions, the pane and the README.
 */
export function parseParam(spec: ParamSpec, raw: unknown, name: string = spec.name): ParamValue {
  const fallback = spec.default ?? undefined;
  if (spec.type === "choice") {
    const choices = spec.choices ?? [];
    if (fallback === undefined && isOmitted(single(raw, name)))
      throw new SegmentError("value", `${name} is required.`);
    return parseChoice(raw, name, choices, String(fallback ?? choices[0]));
  }
  if (spec.type === "integer") {
    return parseWholeNumber(raw, name, {
      min: spec.min ?? -Infinity,
      max: spec.max,
      fallback: typeof fallback === "number" ? fallback : undefined,
    });
  }
  return parseNumber(raw, name, spec, typeof fallback === "number" ? fallback : undefined);
}

/** A number within the spec's bounds (eps > 0): anything else is #VALUE!, naming the argument. */
function parseNumber(raw: unknown, name: string, spec: ParamSpec, fallback: number | undefined): number {
  const value = single(raw, name);
  if (isOmitted(value)) {
    if (fallback !== undefined) return fallback;
    throw new SegmentError("value", `${name} is required.`);
  }
  const x =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isFinite(x))
    throw new SegmentError("value", `${name} must be a number (got ${describe(value)}).`);
  if (spec.above !== undefined && !(x > spec.above))
    throw new SegmentError("value", `${name} must be more than ${spec.above} (got ${x}).`);
  if (spec.min !== undefined && x < spec.min)
    throw new SegmentError("value", `${name} must be at least ${spec.min} (got ${x}).`);
  if (spec.max !== undefined && x > spec.max)
    throw new SegmentError("value", `${name} must be at most ${spec.max} (got ${x}).`);
  return x;
}

/** The entry `name` of a parameter table. */
export function specOf(params: readonly ParamSpec[], name: string): ParamSpec {
  const spec = params.find((p) => p.name === name);
  if (!spec) throw new Error(`No parameter ${name}.`);
  return spec;
}

export function parseSeed(raw: unknown): number {
  return parseParam(specOf(KMEANS_PARAMS, "seed"), raw) as number;
}

export function parseRestarts(raw: unknown): number {
  return parseParam(specOf(KMEANS_PARAMS, "restarts"), raw) as number;
}

export function parseK(raw: unknown): number {
  return parseParam(specOf(KMEANS_PARAMS, "k"), raw) as number;
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
