/*
 * A label column passed back in (SILHOUETTE, METRICS, PROFILE, MIGRATION): usually the spill of
 * SEGMENT.KMEANS, header cell included, so it lines up with data row by row. Empty cells are
 * unlabelled rows.
 */
import { CellValue, classifyCell, describeCell } from "../core/cells";
import { SegmentError } from "../core/errors";
import { readLabels } from "../core/labels";
import { Table } from "../core/table";
import { parseData } from "./args";
import { EXCEL_LIMITS, FormulaLimits, SHEET_ROWS } from "./limits";

/**
 * One label per data row (header excluded): a segment number 1, 2, 3, …, NOISE for a 0 (a row
 * SEGMENT.DBSCAN placed in no segment), or 0 for an empty cell (a row left unlabelled).
 * `rangeRows` is the number of rows of the data range, header included.
 */
export function parseLabels(raw: unknown, table: Table, rangeRows: number): Int32Array {
  const cells = singleColumn(parseData(raw, "labels"), "labels", "segment numbers");
  let first = 0;
  if (cells.length === rangeRows && table.hasHeader) {
    // The first cell lines up with the data's header: a header of its own ("Segment") or empty.
    const cls = classifyCell(cells[0]);
    if (cls !== "text" && cls !== "empty") {
      throw new SegmentError(
        "na",
        `labels starts with ${describeCell(cells[0])} beside the data's header row: pass the label column from the same row as data, header cell included (as SEGMENT.KMEANS spills it).`,
      );
    }
    first = 1;
  } else if (cells.length !== table.rowCount) {
    const shape = table.hasHeader ? `${table.rowCount} rows plus a header row` : `${table.rowCount} rows`;
    throw new SegmentError(
      "na",
      `labels has ${cells.length} cells but data has ${shape}: pass one label per data row, lined up with data.`,
    );
  }
  const rows = table.rowCount;
  return readLabels(cells, first, rows, "labels", { largest: rows, what: `the ${rows} rows of data` });
}

/** A label column standing on its own, with no data beside it to line up with (MIGRATION). */
export interface LabelColumn {
  /** One label per cell below the header: 1, 2, 3, …, NOISE for a 0, or 0 for an empty cell. */
  readonly labels: Int32Array;
  /** Cells of the range before the first label: 1 when its first cell is a header, else 0. */
  readonly headerRows: number;
}

/**
 * A label column read on its own: a first cell of text ("Segment", "Segment (0 = noise)", as
 * SEGMENT.KMEANS and SEGMENT.DBSCAN spill it) is its header and skipped; every other cell is a label.
 */
export function parseLabelColumn(
  raw: unknown,
  name: string,
  limits: FormulaLimits = EXCEL_LIMITS,
): LabelColumn {
  const cells = singleColumn(parseData(raw, name, limits), name, "segment numbers");
  const headerRows = classifyCell(cells[0]) === "text" ? 1 : 0;
  const count = cells.length - headerRows;
  if (count === 0) throw new SegmentError("value", `${name} has a header but no labels under it.`);
  // Without data beside it, a column may hold a few customers of a large segmentation: only a
  // segment number beyond any sheet's rows is surely not one.
  const largest = { largest: SHEET_ROWS, what: `the ${SHEET_ROWS.toLocaleString("en-US")} rows of a sheet` };
  return { labels: readLabels(cells, headerRows, count, name, largest), headerRows };
}

/** A single column or a single row of cells; `what` says what its cells should hold. */
export function singleColumn(values: CellValue[][], name: string, what: string): CellValue[] {
  if (values.every((row) => row.length === 1)) return values.map((row) => row[0]);
  if (values.length === 1) return values[0];
  throw new SegmentError("value", `${name} must be a single column (or row) of ${what}.`);
}
