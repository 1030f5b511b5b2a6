import { NOISE } from "./algorithms/clusterer";
import { CellValue, cellToNumber, classifyCell, describeCell } from "./cells";
import { SegmentError } from "./errors";

/**
 * Cluster labels, one per row. Segments number a few dozen at most in practice and a full sheet is
 * a million rows, so labels take one byte each whenever every label fits (up to 255 clusters) and
 * four bytes otherwise: 3 MB less per label array on a full sheet.
 */
export type Labels = Uint8Array | Int32Array;

/** Whether labels up to `largest` fit in one byte each. */
export function narrowLabels(largest: number): boolean {
  return largest <= 255;
}

/*
 * Labels read back from cells (a label column spilled by SEGMENT.KMEANS or DBSCAN, or written by the
 * wizard): a segment number 1, 2, 3, ..., NOISE for a 0, 0 for an empty cell.
 */

/** The largest segment number accepted, and what it is in a message ("the 200 rows of data"). */
export interface LargestLabel {
  readonly largest: number;
  readonly what: string;
}

/** `count` labels from cells[first] on; `name` is the argument in messages. */
export function readLabels(
  cells: CellValue[],
  first: number,
  count: number,
  name: string,
  largest: LargestLabel,
): Int32Array {
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) labels[i] = readLabel(cells[first + i], first + i + 1, name, largest);
  if (!labels.some((l) => l > 0))
    throw new SegmentError(
      "value",
      labels.some((l) => l === NOISE)
        ? `${name} has no segment numbers, only noise (0) and empty cells.`
        : `${name} has no segment numbers, only empty cells.`,
    );
  return labels;
}

function readLabel(cell: CellValue, row: number, name: string, { largest, what }: LargestLabel): number {
  const cls = classifyCell(cell);
  if (cls === "empty") return 0;
  const x = cls === "number" ? cellToNumber(cell) : NaN;
  if (x === 0) return NOISE;
  if (!Number.isInteger(x) || x < 1) {
    throw new SegmentError(
      "value",
      `${name}, row ${row}: ${describeCell(cell)} is not a segment number (1, 2, 3, …; 0 for noise, empty for no segment).`,
    );
  }
  // Segment numbers index per-segment tables: a huge one would allocate that many segments.
  if (x > largest) {
    throw new SegmentError("value", `${name}, row ${row}: segment ${x} is more than ${what}.`);
  }
  return x;
}
