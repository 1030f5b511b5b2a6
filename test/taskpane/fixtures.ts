import { readFileSync } from "fs";
import path from "path";
import type { CellValue } from "../../src/core/cells";

/** The 200-row Mall Customers data with its CustomerID and Gender columns (a copy of ../shared/data). */
export const MALL_FULL = path.resolve(__dirname, "..", "fixtures", "mall-customers-full.csv");

/** A small CSV reader for the fixtures: no quoted fields; numeric text becomes numbers, as Excel would store it. */
export function readCsv(file: string): CellValue[][] {
  return readFileSync(file, "utf8")
    .trim()
    .split(/\r?\n/)
    .map((line) =>
      line.split(",").map((cell) => (cell !== "" && Number.isFinite(Number(cell)) ? Number(cell) : cell)),
    );
}

export function mallCustomers(): CellValue[][] {
  return readCsv(MALL_FULL);
}
