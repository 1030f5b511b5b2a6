/*
 * A label column passed back in (SILHOUETTE, METRICS, PROFILE): usually the spill of SEGMENT.KMEANS,
 * header cell included, so it lines up with data row by row. Empty cells are unlabelled rows.
 */
import { CellValue, classifyCell, cellToNumber, describeCell } from "../core/cells";
import { NOISE } from "../core/algorithms/clusterer";
import { SegmentError } from "../core/errors";
import { Table } from "../core/table";
import { parseData } from "./args";

/**
 * One label per data row (header excluded): a segment number 1, 2, 3, …, NOISE for a 0 (a row
 * SEGMENT.DBSCAN placed in no segment), or 0 for an empty cell (a row left unlabelled).
 * `rangeRows` is the number of rows of the data range, header included.
 */
export function parseLabels(raw: unknown, table: Table, rangeRows: number): Int32Array {
  const cells = column(parseData(raw, "labels"));
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
  const labels = new Int32Array(table.rowCount);
  for (let i = 0; i < table.rowCount; i++)
    labels[i] = readLabel(cells[first + i], first + i + 1, table.rowCount);
  if (!labels.some((l) => l > 0))
    throw new SegmentError(
      "value",
      labels.some((l) => l === NOISE)
        ? "labels has no segment numbers, only noise (0) and empty cells."
        : "labels has no segment numbers, only empty cells.",
    );
  return labels;
}

/** A single column or a single row of cells. */
function column(values: CellValue[][]): CellValue[] {
  if (values.every((row) => row.length === 1)) return values.map((row) => row[0]);
  if (values.length === 1) return values[0];
  throw new SegmentError("value", "labels must be a single column (or row) of segment numbers.");
}

function readLabel(cell: CellValue, row: number, rowCount: number): number {
  const cls = classifyCell(cell);
  if (cls === "empty") return 0;
  const x = cls === "number" ? cellToNumber(cell) : NaN;
  if (x === 0) return NOISE;
  if (!Number.isInteger(x) || x < 1) {
    throw new SegmentError(
      "value",
      `labels, row ${row}: ${describeCell(cell)} is not a segment number (1, 2, 3, …; 0 for noise, empty for no segment).`,
    );
  }
  // Segment numbers index per-segment tables: a huge one would allocate that many segments.
  if (x > rowCount) {
    throw new SegmentError(
      "value",
      `labels, row ${row}: segment ${x} is more than the ${rowCount} rows of data.`,
    );
  }
  return x;
}
