import type { CellValue } from "../../src/core/cells";
import { rangeWidth } from "../../src/core/cells";
import { chunkRowsFor, decodeInto, encodeRows } from "../../src/taskpane/row-chunks";

describe("row chunks", () => {
  const values: CellValue[][] = [
    ["Age", "Name", "Member", "Spend"],
    [31, "Ann", true, 12.5],
    [-0, "", false, 1e-300],
    [45, null, true, Number.MAX_VALUE],
    [52, "Bo", "", 7],
  ];

  it("sends all-number columns as Float64Arrays and others as cells, and rebuilds the rows exactly", () => {
    const width = rangeWidth(values);
    const body = encodeRows(values, 1, 5, width);
    expect(body.columns[0]).toBeInstanceOf(Float64Array);
    expect(body.columns[3]).toBeInstanceOf(Float64Array);
    expect(Array.isArray(body.columns[1])).toBe(true);
    expect(Array.isArray(body.columns[2])).toBe(true);
    const header = encodeRows(values, 0, 1, width);
    const target = new Array<CellValue[]>(values.length);
    decodeInto(target, structuredClone(body));
    decodeInto(target, structuredClone(header));
    expect(target).toEqual(values);
    expect(Object.is(target[2][0], -0)).toBe(true);
  });

  it("rebuilds a band of numbers only exactly, -0, NaN and infinities included", () => {
    const numbers: CellValue[][] = [
      [1.5, -0, NaN],
      [Infinity, -Infinity, 5e-324],
      [0, 2 ** 53, -1],
    ];
    const band = encodeRows(numbers, 0, 3, 3);
    expect(band.columns.every((c) => c instanceof Float64Array)).toBe(true);
    const target = new Array<CellValue[]>(4);
    decodeInto(target, { ...structuredClone(band), start: 1 });
    expect(target.slice(1)).toEqual(numbers);
    expect(Object.is(target[1][1], -0)).toBe(true);
    expect(target[0]).toBeUndefined();
    // Rows are separate arrays: changing one changes no other.
    (target[1] as number[])[0] = 7;
    expect(target[2][0]).toBe(Infinity);
    expect(target[3][0]).toBe(0);
  });

  it("pads a short row with empty cells and sizes bands by cells", () => {
    const ragged: CellValue[][] = [[1, 2, 3], [4]];
    const target = new Array<CellValue[]>(2);
    decodeInto(target, encodeRows(ragged, 0, 2, rangeWidth(ragged)));
    expect(target).toEqual([
      [1, 2, 3],
      [4, undefined, undefined],
    ]);
    expect(chunkRowsFor(8)).toBe(25_000);
    expect(chunkRowsFor(0)).toBe(200_000);
  });
});
