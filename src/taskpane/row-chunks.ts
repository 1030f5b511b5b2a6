import type { CellValue } from "../core/cells";
import { rowsPerChunk } from "../host/chunk";

/**
 * A band of rows of the range, as it crosses to the worker: a column whose cells are all numbers
 * travels as a Float64Array (a million rows of eight numbers is 64 MB in a few hundred arrays, cloned by
 * a memory copy, instead of a million small arrays to walk), any other column as its plain cells. Cheap
 * to make on the pane's thread, a band at a time, so sending a full sheet never holds the pane for long.
 */
export interface RowChunk {
  /** Index of the band's first row in the range. */
  readonly start: number;
  readonly rows: number;
  readonly columns: readonly (Float64Array | CellValue[])[];
}

/** Rows per chunk: about 200,000 cells, a few milliseconds of work on either side. */
export function chunkRowsFor(columns: number, cells = 200_000): number {
  return rowsPerChunk(columns, cells);
}

/** Rows start..end-1 of `values`, `width` columns (a shorter row's missing cells become undefined). */
export function encodeRows(
  values: readonly (readonly CellValue[])[],
  start: number,
  end: number,
  width: number,
): RowChunk {
  const rows = end - start;
  const columns: (Float64Array | CellValue[])[] = [];
  for (let c = 0; c < width; c++) {
    const numbers = new Float64Array(rows);
    let numeric = true;
    for (let i = 0; i < rows; i++) {
      const v = values[start + i][c];
      if (typeof v !== "number") {
        numeric = false;
        break;
      }
      numbers[i] = v;
    }
    if (numeric) {
      columns.push(numbers);
      continue;
    }
    const cells = new Array<CellValue>(rows);
    for (let i = 0; i < rows; i++) cells[i] = values[start + i][c];
    columns.push(cells);
  }
  return { start, rows, columns };
}

/**
 * Writes a chunk's rows back as row arrays into `target` (rows start..start+rows-1). A band of numbers
 * only (a full sheet's usual case) makes each row as a copy of an array of doubles, so that it is made
 * once, unboxed, where `new Array(width)` then numbers would make an array of small integers first and
 * leave its storage behind as garbage: a million of them for the worker's collector.
 */
export function decodeInto(target: CellValue[][], chunk: RowChunk): void {
  const width = chunk.columns.length;
  const columns = chunk.columns;
  if (width > 0 && columns.every((c) => c instanceof Float64Array)) {
    const template: number[] = Array.from({ length: width }, () => 0.5);
    for (let i = 0; i < chunk.rows; i++) {
      const row = template.slice();
      for (let c = 0; c < width; c++) row[c] = (columns[c] as Float64Array)[i];
      target[chunk.start + i] = row;
    }
    return;
  }
  for (let i = 0; i < chunk.rows; i++) {
    const row = new Array<CellValue>(width);
    for (let c = 0; c < width; c++) row[c] = columns[c][i];
    target[chunk.start + i] = row;
  }
}
