import { CellValue } from "../../src/core/cells";
import { readTable } from "../../src/core/table";
import { isSumOf, isTotalsWord } from "../../src/core/totals";

const customers: CellValue[][] = [
  ["Customer", "Region", "Age", "Spend"],
  ["C-1", "North", 30, 120.5],
  ["C-2", "South", 45, 80.25],
  ["C-3", "North", 28, 300],
  ["C-4", "East", 52, 55.75],
];

describe("isTotalsWord", () => {
  it("knows the labels of totals rows, whatever their case, with or without a colon", () => {
    for (const word of [
      "Total",
      "TOTAL:",
      "Totals",
      "Grand total",
      "grand  Total :",
      "Sum",
      "Average",
      "mean:",
    ])
      expect(isTotalsWord(word)).toBe(true);
    for (const word of ["Total spend", "Subtotals", "Mean time", "North", 0, null])
      expect(isTotalsWord(word)).toBe(false);
  });
});

describe("isSumOf", () => {
  const sumOf = (target: number, xs: number[]) => isSumOf(target, xs.length, (i) => xs[i]);

  it("compares with the sum to 1e-9 relative, empty cells left out", () => {
    expect(sumOf(6, [1, 2, NaN, 3])).toBe(true);
    expect(sumOf(6 * (1 + 5e-10), [1, 2, 3])).toBe(true);
    expect(sumOf(6 * (1 + 5e-9), [1, 2, 3])).toBe(false);
    expect(sumOf(0.3, [0.1, 0.2])).toBe(true);
  });

  it("still finds the sum when negative numbers bring the running sum back down", () => {
    expect(sumOf(1, [5, 3, -7])).toBe(true);
    expect(sumOf(-4, [2, -1, -5])).toBe(true);
    expect(sumOf(2, [5, 3, -7])).toBe(false);
  });

  it("stops at the first number that takes a sum of numbers at least 0 past the target", () => {
    let reads = 0;
    const xs = [50, 60, ...Array.from({ length: 1000 }, () => 1)];
    const at = (i: number) => (reads++, xs[i]);
    expect(isSumOf(100, xs.length, at, true)).toBe(false);
    expect(reads).toBe(2);
    expect(isSumOf(1110, xs.length, (i) => xs[i], true)).toBe(true);
  });
});

describe("readTable without rows that are not customers", () => {
  it("excludes a last row labelled Total, and its label does not make the column categorical", () => {
    const table = readTable([...customers, ["Total", "", 155, 556.5]]);
    expect(table.rowCount).toBe(5);
    expect(table.excluded).toEqual([{ row: 4, rangeRow: 6, reason: "totals" }]);
    expect(Array.from(table.excludedMask as Uint8Array)).toEqual([0, 0, 0, 0, 1]);
    const [customer, region, age] = table.columns;
    expect(customer.kind).toBe("identifier");
    expect(customer.codes?.[4]).toBe(-1);
    expect(region).toMatchObject({ kind: "categorical", missing: 0, invalid: 0 });
    expect(age).toMatchObject({ kind: "numeric", missing: 0, invalid: 0, firstInvalid: null });
  });

  it("excludes a last row whose label is in a numeric column, and rows labelled Average or Grand total", () => {
    for (const label of ["Grand total:", "AVERAGE", "Mean"]) {
      const table = readTable([...customers, ["", "", label, 139.125]]);
      expect(table.excluded.map((r) => r.reason)).toEqual(["totals"]);
      expect(table.columns[2]).toMatchObject({ kind: "numeric", invalid: 0, missing: 0 });
    }
  });

  it("excludes a last row that is the sum of the rows above in every numeric column, its other cells empty", () => {
    const table = readTable([...customers, ["", "", 155, 556.5]]);
    expect(table.excluded).toEqual([{ row: 4, rangeRow: 6, reason: "totals" }]);
    const spend = table.columns[3];
    expect(spend.missing).toBe(0);
    expect(spend.numberAt?.(4)).toBeNaN();
    expect(spend.numbers?.[4]).toBeNaN();
    const out = new Float64Array(5);
    spend.copyNumbers?.(null, 0, 5, out, 0, 1);
    expect(out[4]).toBeNaN();
    // A column the total leaves empty does not stop it.
    expect(readTable([...customers, ["", "", "", 556.5]]).excluded).toHaveLength(1);
    // Sums typed as text, in cents, are sums too.
    const text = readTable([["Spend"], ["$1,000.10"], ["$2,000.20"], ["$3,000.30"], ["$6,000.60"]]);
    expect(text.excluded).toEqual([{ row: 3, rangeRow: 5, reason: "totals" }]);
    // Refunds make the running sum fall back: the total is found all the same.
    const refunds = readTable([["Net"], [500], [-200], [300], [-50], [550]]);
    expect(refunds.excluded).toEqual([{ row: 4, rangeRow: 6, reason: "totals" }]);
  });

  it("keeps a last row that is not a sum: a large customer, a mean row, a duplicate, too few rows above", () => {
    const keeps = (last: CellValue[], rows = customers) => readTable([...rows, last]).excluded;
    // A large customer, named, or not named but not the sum in every column.
    expect(keeps(["C-5", "West", 155, 556.5])).toEqual([]);
    expect(keeps(["", "", 61, 5000])).toEqual([]);
    expect(keeps(["", "", 155, 556])).toEqual([]);
    // The mean of the rows above, and a copy of the row above.
    expect(keeps(["", "", 38.75, 139.125])).toEqual([]);
    expect(keeps(["C-4", "East", 52, 55.75])).toEqual([]);
    // Two rows above are too few to tell a total from a customer.
    expect(keeps(["", "", 75, 200.75], customers.slice(0, 3))).toEqual([]);
    // A row of zeros under zeros.
    expect(
      readTable([
        ["A", "B"],
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ]).excluded,
    ).toEqual([]);
  });

  it("looks only at the last non-empty row", () => {
    const table = readTable([
      ...customers.slice(0, 3),
      ["Total", "", 75, 200.75],
      ...customers.slice(3),
      [],
      [null],
    ]);
    expect(table.excluded).toEqual([]);
    expect(table.columns[0].categories).toContain("Total");
    expect(readTable([...customers, ["Total", "", 155, 556.5], [], ["", ""]]).excluded).toEqual([
      { row: 4, rangeRow: 6, reason: "totals" },
    ]);
  });

  it("excludes copies of the header inside the data, as when tables are pasted one under another", () => {
    const table = readTable([...customers, ["Customer", "Region", "Age", "Spend"], ["C-5", "West", 33, 70]]);
    expect(table.rowCount).toBe(6);
    expect(table.excluded).toEqual([{ row: 4, rangeRow: 6, reason: "header" }]);
    expect(table.columns.map((c) => [c.kind, c.missing, c.invalid])).toEqual([
      ["identifier", 0, 0],
      ["categorical", 0, 0],
      ["numeric", 0, 0],
      ["numeric", 0, 0],
    ]);
    expect(table.columns[1].categories).toEqual(["North", "South", "East", "West"]);
    // Some of the header's cells, at least two, with the others empty, are a header still.
    expect(
      readTable([...customers, [" customer ", "", "AGE", ""], ["C-5", "West", 33, 70]]).excluded,
    ).toHaveLength(1);
    // One matching cell is not, nor is a row that differs in a cell.
    expect(readTable([...customers, ["Customer", "", "", ""], ["C-5", "West", 33, 70]]).excluded).toEqual([]);
    expect(
      readTable([...customers, ["Customer", "Region", "Age", 5], ["C-5", "West", 33, 70]]).excluded,
    ).toEqual([]);
    // A one-column range needs its one cell.
    const single = readTable([["Spend"], [1], [2], ["Spend"], [3], [5]]);
    expect(single.excluded).toEqual([{ row: 2, rangeRow: 4, reason: "header" }]);
    expect(single.columns[0]).toMatchObject({ kind: "numeric", invalid: 0 });
  });

  it("reads excluded rows as nothing at all: kinds, missing, invalid and distinct as without them", () => {
    const body = customers.slice(1);
    const plain = readTable([customers[0], ...body]);
    const dirty = readTable([
      customers[0],
      ...body.slice(0, 2),
      customers[0],
      ...body.slice(2),
      ["Total", "", 155, 556.5],
    ]);
    expect(dirty.excluded.map((r) => [r.row, r.reason])).toEqual([
      [2, "header"],
      [5, "totals"],
    ]);
    const summary = (t: typeof plain) =>
      t.columns.map((c) => [c.name, c.kind, c.missing, c.invalid, c.firstInvalid, c.distinct, c.categories]);
    expect(summary(dirty)).toEqual(summary(plain));
    expect(dirty.columns[1].codes?.[2]).toBe(-1);
    expect(dirty.columns[2].numberAt?.(2)).toBeNaN();
    expect(plain.excluded).toEqual([]);
    expect(plain.excludedMask).toBeNull();
  });

  it("keeps a numeric identifier an identifier when a totals row is excluded under it", () => {
    const rows: CellValue[][] = [["CustomerID", "Spend"]];
    for (let i = 0; i < 12; i++) rows.push([1001 + i, 10 + ((i * 7) % 5)]);
    rows.push(["Total", 144]);
    const table = readTable(rows);
    expect(table.excluded).toHaveLength(1);
    expect(table.columns[0].kind).toBe("identifier");
  });
});
