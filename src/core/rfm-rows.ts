import type { CellValue } from "./cells";
import type { RfmTable } from "./rfm";
import { rfmNotes } from "./rfm-notes";
import { RFM_GRID } from "./rfm-segments";

/**
 * The RFM table as rows of cells: what SEGMENT.RFM spills, the command line writes and the task pane
 * puts on its customers sheet, so that the three are the same table.
 */
export const RFM_HEADER = [
  "Customer",
  "Recency (days)",
  "Frequency",
  "Monetary",
  "R",
  "F",
  "M",
  "RFM",
  "RFM segment",
  "Notes",
] as const;

/** The table as rows under RFM_HEADER, the notes in the last column (the command line writes the same). */
export function rfmRows(table: RfmTable): CellValue[][] {
  const notes = rfmNotes(table);
  const k = table.ids.length;
  // More notes than customers: the rest share the last row's cell.
  const noteAt = (i: number) => (i < k - 1 ? (notes[i] ?? "") : notes.slice(i).join(" "));
  const { r, f, m } = table;
  const out: CellValue[][] = [[...RFM_HEADER]];
  for (let i = 0; i < k; i++) {
    out.push([
      table.ids[i],
      table.recency[i],
      table.frequency[i],
      table.monetary[i],
      r[i],
      f[i],
      m[i],
      r[i] * 100 + f[i] * 10 + m[i],
      RFM_GRID[table.segment[i]].name,
      noteAt(i),
    ]);
  }
  return out;
}
