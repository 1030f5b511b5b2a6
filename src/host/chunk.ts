import { CellValue, rangeWidth } from "../core/cells";
import type { CellBlock } from "../core/plan";
import { MAX_CELLS_PER_SYNC } from "./host";

/**
 * A values block cut into row bands of at most `maxCells` cells, each one request to Excel. Header rows
 * and column formats travel with the band they fall in.
 */
export interface BlockChunk {
  readonly row: number;
  readonly column: number;
  readonly values: readonly (readonly CellValue[])[];
  /** Leading rows of this chunk that are header rows. */
  readonly headerRows: number;
  /**
   * The number format of every cell of the chunk ("General" where the block gives none, and on header
   * rows). Rows with the same formats share one array: read, never write, them.
   */
  readonly numberFormats: string[][] | null;
}

export function rowsPerChunk(width: number, maxCells = MAX_CELLS_PER_SYNC): number {
  return Math.max(1, Math.floor(maxCells / Math.max(1, width)));
}

export function chunkBlock(block: CellBlock, maxCells = MAX_CELLS_PER_SYNC): BlockChunk[] {
  return [...blockChunks(block, maxCells)];
}

/**
 * The chunks of chunkBlock one at a time, each made when it is asked for: a million-row block is cut
 * without building every chunk (and its number formats) in one go.
 */
export function* blockChunks(block: CellBlock, maxCells = MAX_CELLS_PER_SYNC): Generator<BlockChunk> {
  const width = rangeWidth(block.values);
  if (width === 0) return;
  const step = rowsPerChunk(width, maxCells);
  const header = block.headerRows ?? 0;
  const formats = block.columnFormats;
  const bodyFormats = formats ? Array.from({ length: width }, (_, j) => formats[j] ?? "General") : null;
  const headerFormats = new Array<string>(width).fill("General");
  for (let start = 0; start < block.values.length; start += step) {
    // Ragged rows are padded with "" so every chunk is a rectangle, as Excel requires.
    const values = block.values
      .slice(start, start + step)
      .map((row) =>
        row.length === width ? row : [...row, ...new Array<CellValue>(width - row.length).fill("")],
      );
    // Every body row has the same formats, every header row "General": two rows shared by all, not
    // a fresh array per row (100,000 of them per chunk of a label column).
    const numberFormats = bodyFormats
      ? values.map((_, i) => (start + i < header ? headerFormats : bodyFormats))
      : null;
    yield {
      row: block.row + start,
      column: block.column,
      values,
      headerRows: Math.max(0, Math.min(values.length, header - start)),
      numberFormats,
    };
  }
}

/** Start indices and lengths of slices of `count` items with at most `size` each. */
export function slices(count: number, size: number): { start: number; length: number }[] {
  const out: { start: number; length: number }[] = [];
  for (let start = 0; start < count; start += size)
    out.push({ start, length: Math.min(size, count - start) });
  return out;
}

/**
 * A macrotask: what a host awaits between requests so the pane's thread can paint and take input. Excel
 * requests are asynchronous anyway; the in-memory host does its work synchronously and needs this.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
