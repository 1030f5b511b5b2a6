/*
 * What a function hands back to Excel: a rectangular array of numbers, text and booleans. Excel cannot
 * show NaN, Infinity, null or a ragged array in a spill, so they are made "" here, once, for every table.
 */
import { CellValue, rangeWidth } from "../core/cells";
import { EXCEL_LIMITS, FormulaLimits, checkResultShape, checkResultSize } from "./limits";
import { keepOrRebuild } from "./rows";

export type Cell = number | string | boolean;

export function toSpill(
  values: readonly (readonly CellValue[])[],
  limits: FormulaLimits = EXCEL_LIMITS,
): Cell[][] {
  const width = rangeWidth(values);
  checkResultShape(values.length, width);
  // A row that is already fit to show is passed on as it is, not copied: a label spill of a full
  // sheet is a million rows, many of them one shared array.
  const out = keepOrRebuild(
    values,
    (row): row is Cell[] => isSpillRow(row as readonly CellValue[], width),
    (row) => spillRow(row as readonly CellValue[], width),
  );
  checkResultSize(out, limits);
  return out;
}

function isSpillRow(row: readonly CellValue[], width: number): boolean {
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
