/*
 * What a function hands back to Excel: a rectangular array of numbers, text and booleans. Excel cannot
 * show NaN, Infinity, null or a ragged array in a spill, so they are made "" here, once, for every table.
 */
import { CellValue } from "../core/cells";
import { checkResultSize } from "./limits";

export type Cell = number | string | boolean;

export function toSpill(values: readonly (readonly CellValue[])[]): Cell[][] {
  const width = values.reduce((w, row) => Math.max(w, row.length), 0);
  const out = values.map((row) =>
    Array.from({ length: width }, (_, j): Cell => {
      const v = row[j];
      if (typeof v === "number") return Number.isFinite(v) ? v : "";
      if (typeof v === "string" || typeof v === "boolean") return v;
      return "";
    }),
  );
  checkResultSize(out);
  return out;
}
