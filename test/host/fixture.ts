import type { CellValue } from "../../src/core/cells";
import { profileSegments } from "../../src/core/profile";
import { readTable } from "../../src/core/table";
import { workbookFromSeed } from "../../src/host/sandbox";

/** The small workbook both host tests work on: four customers in Data!B3:C7, also a table "People". */
export const data: CellValue[][] = [
  ["Income", "Gender"],
  [100, "Female"],
  [100, "Female"],
  [0, "Male"],
  [0, "Female"],
];

export const report = profileSegments(
  readTable(data),
  ["Income", "Gender"],
  Int32Array.from([1, 1, 2, 2]),
  2,
);

export function seedWorkbook(extra: Record<string, unknown> = {}) {
  return workbookFromSeed({
    sheets: [{ name: "Data", values: data, at: "B3" }, { name: "Other" }],
    tables: [{ name: "People", sheet: "Data", address: "B3:C7" }],
    selection: "Data!B3:C7",
    ...extra,
  });
}
