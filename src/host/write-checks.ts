import { Rect, intersect, qualifiedA1 } from "./address";

/**
 * The reasons a write plan cannot be carried out at all, worded the same by every host. They are found
 * before anything is written: Excel would refuse these writes halfway, leaving part of the results behind.
 */

export function protectedSheetProblem(sheet: string, target: Rect): string {
  return (
    `The sheet "${sheet}" is protected, so Segment cannot write ${qualifiedA1(sheet, target)}. ` +
    "Unprotect it (Review › Unprotect Sheet), then write again."
  );
}

export function protectedStructureProblem(sheets: readonly string[]): string {
  const quoted = sheets.map((s) => `"${s}"`);
  const names =
    quoted.length === 1
      ? `the sheet ${quoted[0]}`
      : `the sheets ${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
  return (
    `The workbook's structure is protected, so Segment cannot add ${names}. ` +
    "Unprotect it (Review › Protect Workbook), then write again."
  );
}

/** `merged`: the merged cells' address with its sheet, "Data!F3:G4". */
export function mergedCellsProblem(merged: string, sheet: string, target: Rect): string {
  return (
    `The cells ${merged} are merged, and Segment writes into ` +
    `${qualifiedA1(sheet, target)}. ` +
    "Unmerge them (Home › Merge & Center › Unmerge Cells) or move them, then write again."
  );
}

/** The first merged area a target overlaps, or null: writing values into part of one fails in Excel. */
export function mergedInTarget(merged: readonly Rect[], target: Rect): Rect | null {
  return merged.find((area) => intersect(area, target) !== null) ?? null;
}
