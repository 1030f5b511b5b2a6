/*
 * What a function hands back to Excel: a rectangular array of numbers, text and booleans. Excel cannot
 * show NaN, Infinity, null or a ragged array in a spill, so they are made "" here, once, for every table.
 */
import { CellValue, rangeWidth } from "../core/cells";
import { EXCEL_LIMITS, FormulaLimits, checkResultSize } from "./limits";

export type Cell = number | string | boolean;

export function toSpill(
  values: readonly (readonly CellValue[])[],
  limits: FormulaLimits = EXCEL_LIMITS,
): Cell[][] {
  const width = rangeWidth(values);
  // A row that is already fit to show is passed on as it is, not copied: a label spill of a full
  // sheet is a million rows, many of them one shared array.
  let first = 0;
  while (first < values.length && isSpillRow(values[first], width)) first++;
  if (first === values.length) {
    checkResultSize(values, limits);
    return values as Cell[][];
  }
  const out = values.slice(0, first) as Cell[][];
  for (let i = first; i < values.length; i++) {
    const row = values[i];
    out.push(isSpillRow(row, width) ? row : spillRow(row, width));
  }
  checkResultSize(out, limits);
  return out;
}

function isSpillRow(row: readonly CellValue[], width: number): row is Cell[] {
  if (row.length !== width) return false;
  for (let j = 0; j < width; j++) {
    const v = row[j];
    if (typeof v === "number" ? !Number.isFinite(v) : typeof v !== "string" && typeof v !== "boolean")
      return false;
  }
  return true;
}

function spillRow(row: readonly CellValue[], width: number): Cell[] {
  return Array.from({ length: width }, (_, j): Cell => {
    const v = row[j];
    if (typeof v === "number") return Number.isFinite(v) ? v : "";
    if (typeof v === "string" || typeof v === "boolean") return v;
    return "";
  });
}
