import {
  cellA1,
  columnIndex,
  columnLetters,
  parseA1,
  qualifiedA1,
  quoteSheet,
  rectA1,
  splitSheet,
  union,
} from "../../src/host/address";

describe("A1 addresses", () => {
  it("converts column indices to letters and back", () => {
    expect([0, 25, 26, 51, 701, 702, 16383].map(columnLetters)).toEqual([
      "A",
      "Z",
      "AA",
      "AZ",
      "ZZ",
      "AAA",
      "XFD",
    ]);
    for (const i of [0, 25, 26, 701, 702, 16383]) expect(columnIndex(columnLetters(i))).toBe(i);
    expect(() => columnLetters(-1)).toThrow(RangeError);
  });

  it("writes cells and rectangles", () => {
    expect(cellA1(0, 0)).toBe("A1");
    expect(rectA1({ row: 0, column: 5, rows: 201, columns: 1 })).toBe("F1:F201");
    expect(rectA1({ row: 4, column: 1, rows: 1, columns: 1 })).toBe("B5");
  });

  it("quotes sheet names as Excel does", () => {
    expect(quoteSheet("Sheet1")).toBe("Sheet1");
    expect(quoteSheet("Segment profiles")).toBe("'Segment profiles'");
    expect(quoteSheet("Bob's")).toBe("'Bob''s'");
    expect(qualifiedA1("Segment profiles", { row: 0, column: 0, rows: 2, columns: 2 })).toBe(
      "'Segment profiles'!A1:B2",
    );
  });

  it("parses addresses with or without a sheet and $ signs", () => {
    expect(parseA1("B2:D9")).toEqual({ row: 1, column: 1, rows: 8, columns: 3 });
    expect(parseA1("'My data'!$A$1:$E$201")).toEqual({ row: 0, column: 0, rows: 201, columns: 5 });
    expect(parseA1("C3")).toEqual({ row: 2, column: 2, rows: 1, columns: 1 });
    expect(splitSheet("'Bob''s'!A1")).toEqual({ sheet: "Bob's", local: "A1" });
    expect(splitSheet("A1")).toEqual({ sheet: null, local: "A1" });
    expect(() => parseA1("not an address")).toThrow(/Not an A1 address/);
  });
});

describe("union", () => {
  it("is the smallest rectangle holding both, whichever comes first", () => {
    const a = { row: 2, column: 1, rows: 3, columns: 2 };
    const b = { row: 0, column: 4, rows: 1, columns: 1 };
    expect(union(a, b)).toEqual({ row: 0, column: 1, rows: 5, columns: 4 });
    expect(union(b, a)).toEqual(union(a, b));
    expect(union(a, { row: 3, column: 1, rows: 1, columns: 1 })).toEqual(a);
  });
});
