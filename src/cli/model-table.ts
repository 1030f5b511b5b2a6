/*
 * Where a model table is in a workbook, and its cells: the "Segment model" sheet the write-back and
 * segment --out make, or a table SEGMENT.MODEL spilled anywhere on any sheet (=SEGMENT.MODEL(...) typed
 * in H30 and saved). The block is cut to the table's own rows and columns, as its layout in
 * core/model.ts fixes them, so that data beside or below it is not read as part of the model.
 */
import { CellValue, cellToText, isEmptyCell } from "../core/cells";
import { MODEL_HEADER, MODEL_TITLE } from "../core/model";
import { MODEL_SHEET } from "../core/plan";
import { Rect, qualifiedA1 } from "../host/address";
import { type ModelFormula, isTitle, labelOf } from "./model-rows";
import { InputError, InputSheet, sheetNamed } from "./read";

export type { ModelFormula };

export interface FoundModel {
  readonly sheet: string;
  /** Where the table is on its sheet (0-based), title cell first. */
  readonly rect: Rect;
  /** The table's cells, exactly its rows and columns. */
  readonly values: CellValue[][];
  /** Other model titles on the same sheet, outside this table: the table used is the first of them all. */
  readonly others: number;
}

/**
 * The model table to read: on `sheet` when given; otherwise on the "Segment model" sheet if it holds
 * one, else on the first sheet that does. On a sheet, the first title cell by rows, then columns.
 */
export function findModel(
  file: string,
  sheets: readonly InputSheet[],
  sheet: string | null,
  formulas: readonly ModelFormula[] = [],
): FoundModel {
  const searched = sheet === null ? modelSheetFirst(sheets) : [sheetNamed(file, sheets, sheet)];
  for (const candidate of searched) {
    const titles = titleCells(candidate.values);
    if (titles.length === 0) continue;
    const [row, column] = titles[0];
    const values = cutModel(candidate.values, row, column);
    const rect = { row, column, rows: values.length, columns: values[0].length };
    const inside = ([r, c]: [number, number]) =>
      r >= row && r < row + rect.rows && c >= column && c < column + rect.columns;
    return { sheet: candidate.name, rect, values, others: titles.filter((t) => !inside(t)).length };
  }
  const names = searched.map((s) => `"${s.name}"`).join(", ");
  const unsaved = formulas.find((f) => searched.some((s) => s.name === f.sheet));
  const advice = unsaved
    ? `${qualifiedA1(unsaved.sheet, { row: unsaved.row, column: unsaved.column, rows: 1, columns: 1 })} holds =${unsaved.formula}, ${unsavedValue(sheets, unsaved)}: open the workbook in Excel with Segment, let it calculate, and save it.`
    : "Make one with SEGMENT.MODEL, or with segment FILE --out.";
  throw new InputError(
    `There is no Segment model in ${file}: no cell reads "${MODEL_TITLE}" on the ${searched.length === 1 ? "sheet" : "sheets"} ${names}. ${advice}`,
  );
}

function unsavedValue(sheets: readonly InputSheet[], f: ModelFormula): string {
  const value = sheets.find((s) => s.name === f.sheet)?.values[f.row]?.[f.column];
  return isEmptyCell(value ?? null) ? "with no value saved" : `saved as ${cellToText(value ?? null)}`;
}

/** Where the model is, as Excel names a range: 'Segment model'!A1:L9. */
export function modelAddress(found: FoundModel): string {
  return qualifiedA1(found.sheet, found.rect);
}

function modelSheetFirst(sheets: readonly InputSheet[]): InputSheet[] {
  const named = (s: InputSheet) => s.name.toLowerCase() === MODEL_SHEET.toLowerCase();
  return [...sheets.filter(named), ...sheets.filter((s) => !named(s))];
}

function titleCells(values: readonly (readonly CellValue[])[]): [number, number][] {
  const found: [number, number][] = [];
  values.forEach((row, r) => {
    // Sheets read from a file may have holes.
    (row ?? []).forEach((value, c) => {
      if (isTitle(value)) found.push([r, c]);
    });
  });
  return found;
}

/**
 * The model table whose title is at (row, column), by core/model.ts's layout: the title, an Algorithm
 * row for a mixture, Scaling, Missing values, the header (Feature … Scale, Segment 1 … Segment k), the
 * feature rows and Size; for a mixture also Weight and the Covariance rows. Seven columns and k. A
 * table damaged beyond finding its Size row ends at its first empty row, and the core says what is wrong.
 */
export function cutModel(
  values: readonly (readonly CellValue[])[],
  row: number,
  column: number,
): CellValue[][] {
  const cell = (r: number, c: number): CellValue => values[row + r]?.[column + c] ?? null;
  const label = (r: number, c = 0): string => labelOf(cell(r, c));
  const mixture = label(1) === "algorithm";
  const header = mixture ? 4 : 3;
  let k = 0;
  while (label(header, MODEL_HEADER.length + k) === `segment ${k + 1}`) k++;
  const width = MODEL_HEADER.length + k;
  const emptyRow = (r: number) => Array.from({ length: width }, (_, c) => cell(r, c)).every(isEmptyCell);
  let end = header + 1;
  while (row + end < values.length && !emptyRow(end) && label(end) !== "size") end++;
  if (row + end < values.length && label(end) === "size") {
    end++;
    if (mixture && label(end) === "weight") end++;
    while (mixture && label(end) === "covariance") end++;
  }
  return Array.from({ length: end }, (_, r) => Array.from({ length: width }, (_, c) => cell(r, c)));
}
