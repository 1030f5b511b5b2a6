import type { CellBlock } from "../../src/core/plan";
import { chunkBlock, rowsPerChunk, slices } from "../../src/host/chunk";
import { MAX_CELLS_PER_SYNC } from "../../src/host/host";

const block = (rows: number, width: number, extra: Partial<CellBlock> = {}): CellBlock => ({
  kind: "values",
  sheet: "S",
  row: 10,
  column: 2,
  values: Array.from({ length: rows }, (_, r) => Array.from({ length: width }, (_, c) => r * width + c)),
  ...extra,
});

describe("chunkBlock", () => {
  it("keeps every request at or under the cell limit (100,000 by default)", () => {
    expect(MAX_CELLS_PER_SYNC).toBe(100_000);
    const chunks = chunkBlock(block(250_001, 1));
    expect(chunks.map((c) => c.values.length)).toEqual([100_000, 100_000, 50_001]);
    expect(chunks.map((c) => c.row)).toEqual([10, 100_010, 200_010]);
    expect(rowsPerChunk(3)).toBe(33_333);
    expect(rowsPerChunk(200_000)).toBe(1);
  });

  it("cuts by whole rows and keeps the cells in order", () => {
    const chunks = chunkBlock(block(7, 3), 6);
    expect(chunks.map((c) => c.values.length)).toEqual([2, 2, 2, 1]);
    expect(chunks.flatMap((c) => c.values.flat())).toEqual(Array.from({ length: 21 }, (_, i) => i));
  });

  it("carries header rows and column formats into the chunk they fall in", () => {
    const chunks = chunkBlock(block(5, 2, { headerRows: 3, columnFormats: ["0", null] }), 4);
    expect(chunks.map((c) => c.headerRows)).toEqual([2, 1, 0]);
    expect(chunks[0].numberFormats).toEqual([
      ["General", "General"],
      ["General", "General"],
    ]);
    expect(chunks[1].numberFormats).toEqual([
      ["General", "General"],
      ["0", "General"],
    ]);
    expect(chunks[2].numberFormats).toEqual([["0", "General"]]);
    expect(chunkBlock(block(2, 2)).map((c) => c.numberFormats)).toEqual([null]);
  });

  it("pads ragged rows into a rectangle", () => {
    const ragged: CellBlock = { kind: "values", sheet: "S", row: 0, column: 0, values: [["a", "b"], ["c"]] };
    expect(chunkBlock(ragged)[0].values).toEqual([
      ["a", "b"],
      ["c", ""],
    ]);
  });
});

describe("slices", () => {
  it("covers a count in slices of at most the size", () => {
    expect(slices(5, 2)).toEqual([
      { start: 0, length: 2 },
      { start: 2, length: 2 },
      { start: 4, length: 1 },
    ]);
    expect(slices(0, 3)).toEqual([]);
  });
});
