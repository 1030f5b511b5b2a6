import { readFileSync } from "fs";
import path from "path";
import fc from "fast-check";
import type { CellValue } from "../../src/core/cells";
import { RfmInput, RfmOptions, computeRfm, hasHeaderRow, readAsOf } from "../../src/core/rfm";
import { IdNumbering, compareIds } from "../../src/core/rfm-ids";
import { rfmNotes, serialToIsoDate } from "../../src/core/rfm-notes";
import { quintileScores } from "../../src/core/rfm-scores";
import { RFM_GRID, SEGMENT_NAMES, renderGrid, segmentName } from "../../src/core/rfm-segments";
import { dateToSerial } from "../../src/core/text-dates";
import { errorOf } from "../helpers/segment-error";

const SEED = 20261130;

/** Transactions as lines [customer, date, amount, invoice?], in columns the core reads. */
function input(lines: readonly (readonly CellValue[])[], withInvoices = true, start = 0): RfmInput {
  const rows = lines.map((line) => [...line]);
  return {
    customers: { rows, column: 0 },
    dates: { rows, column: 1 },
    amounts: { rows, column: 2 },
    invoices: withInvoices ? { rows, column: 3 } : null,
    start,
  };
}

function rfm(lines: readonly (readonly CellValue[])[], options: RfmOptions = {}, withInvoices = true) {
  return computeRfm(input(lines, withInvoices), options);
}

const day = (d: number) => dateToSerial(2011, 12, d);

describe("the R x F grid", () => {
  it("names every R, F pair exactly once", () => {
    for (let r = 1; r <= 5; r++) {
      for (let f = 1; f <= 5; f++) {
        const covering = RFM_GRID.filter(
          (cell) => r >= cell.r[0] && r <= cell.r[1] && f >= cell.f[0] && f <= cell.f[1],
        );
        expect(covering.map((c) => c.name)).toEqual([segmentName(r, f)]);
      }
    }
    expect(new Set(SEGMENT_NAMES).size).toBe(10);
  });

  it("is the usual map: a sample of its cells", () => {
    expect(segmentName(5, 5)).toBe("Champions");
    expect(segmentName(5, 1)).toBe("New Customers");
    expect(segmentName(4, 1)).toBe("Promising");
    expect(segmentName(3, 3)).toBe("Need Attention");
    expect(segmentName(3, 4)).toBe("Loyal Customers");
    expect(segmentName(2, 5)).toBe("Can't Lose Them");
    expect(segmentName(1, 3)).toBe("At Risk");
    expect(segmentName(3, 2)).toBe("About to Sleep");
    expect(segmentName(4, 3)).toBe("Potential Loyalists");
    expect(segmentName(1, 1)).toBe("Hibernating");
  });

  it("renders as text, R = 5 on top", () => {
    const lines = renderGrid().split("\n");
    expect(lines).toHaveLength(7);
    expect(lines[2]).toMatch(
      /^5\s+\| New Customers\s+\| Potential Loyalists\s+\| Potential Loyalists\s+\| Champions\s+\| Champions$/,
    );
    expect(lines[6]).toMatch(
      /^1\s+\| Hibernating\s+\| Hibernating\s+\| At Risk\s+\| At Risk\s+\| Can't Lose Them$/,
    );
  });
});

describe("quintile scores", () => {
  it("are the quintiles when values are distinct", () => {
    expect(Array.from(quintileScores([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], true))).toEqual([
      5, 1, 5, 1, 4, 2, 4, 2, 3, 3,
    ]);
    expect(Array.from(quintileScores([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], false))).toEqual([
      1, 5, 1, 5, 2, 4, 2, 4, 3, 3,
    ]);
  });

  it("give equal values equal scores, the worst value 1: a third of ones all score 1", () => {
    // 4 of 10 have Frequency 1: ceil(5 * 1 / 10) = 1 for all four, then 2 at rank 5.
    expect(Array.from(quintileScores([1, 1, 1, 1, 2, 2, 3, 4, 5, 6], true))).toEqual([
      1, 1, 1, 1, 3, 3, 4, 4, 5, 5,
    ]);
    // A tie at the top takes the score of its first rank.
    expect(Array.from(quintileScores([1, 2, 3, 9, 9, 9, 9, 9], true))).toEqual([1, 2, 2, 3, 3, 3, 3, 3]);
    expect(Array.from(quintileScores([7, 7, 7], true))).toEqual([2, 2, 2]);
  });

  it("are monotone, tie-blind and within 1..5 (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 5, maxLength: 60 }),
        fc.boolean(),
        (xs, up) => {
          const s = quintileScores(xs, up);
          for (let i = 0; i < xs.length; i++) {
            expect(s[i]).toBeGreaterThanOrEqual(1);
            expect(s[i]).toBeLessThanOrEqual(5);
            for (let j = 0; j < xs.length; j++) {
              if (xs[i] === xs[j]) expect(s[i]).toBe(s[j]);
              else if (xs[i] < xs[j] === up) expect(s[i]).toBeLessThanOrEqual(s[j]);
            }
          }
          const worst = up ? Math.min(...xs) : Math.max(...xs);
          expect(s[xs.indexOf(worst)]).toBe(1);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("customer ids", () => {
  it('read 17850, 17850.0 and " 17850 " as one customer; text ids stay text, leading zeros too', () => {
    const ids = new IdNumbering();
    expect(
      [17850, "17850.0", " 17850 ", "17850", "007", "A-1", " A-1", "", null, true, "#N/A"].map((v) =>
        ids.indexOf(v),
      ),
    ).toEqual([0, 0, 0, 0, 1, 2, 2, -1, -1, -1, -1]);
    expect(ids.ids).toEqual([17850, "007", "A-1"]);
  });

  it("sort numbers first, numerically, then text", () => {
    expect(["b" as number | string, 100, "a", 9].sort(compareIds)).toEqual([9, 100, "a", "b"]);
  });
});

describe("computeRfm", () => {
  const lines: CellValue[][] = [
    [1, day(1), 10, "A1"],
    [1, day(1), 5, "A1"],
    ["1.0", day(5), 20, "A2"],
    [2, day(3), 100, "B1"],
    [2, day(4), -30, "C9"],
    ["", day(6), 50, "G1"],
    [3, "not a date", 50, "X1"],
    [3, day(2), "", "X2"],
    [3, day(2), 0, "X3"],
  ];

  it("counts each line under its first reason and leaves customers with no purchase out", () => {
    const t = rfm(lines);
    expect(t.counts).toEqual({
      lines: 9,
      purchases: 4,
      noCustomer: 1,
      badDate: 1,
      badAmount: 1,
      afterAsOf: 0,
      cancelled: 1,
      nonPositive: 1,
    });
    expect(t.ids).toEqual([1, 2]);
    expect(t.customerIds).toBe(3);
    expect(t.withoutPurchase).toBe(1);
  });

  it("as_of defaults to the day after the latest date, guests' lines included", () => {
    const t = rfm(lines);
    expect(serialToIsoDate(t.asOf)).toBe("2011-12-07");
    expect(t.asOfGiven).toBe(false);
    expect(Array.from(t.recency)).toEqual([2, 4]);
    expect(Array.from(t.frequency)).toEqual([2, 1]);
    expect(Array.from(t.monetary)).toEqual([35, 100]);
  });

  it("counts distinct invoices, or lines without invoice ids", () => {
    expect(Array.from(rfm(lines, {}, false).frequency)).toEqual([3, 1]);
    // An invoice shared by two customers counts once for each; an empty invoice id is a purchase of its own.
    const shared = rfm([
      [1, day(1), 1, "S"],
      [2, day(1), 1, "S"],
      [1, day(1), 1, "S"],
      [2, day(1), 1, "S"],
      [2, day(1), 1, ""],
      [2, day(1), 1, null],
    ]);
    expect(Array.from(shared.frequency)).toEqual([1, 3]);
  });

  it("with returns net, subtracts cancellations and adds non-positive lines to Monetary only", () => {
    const t = rfm(lines, { returns: "net" });
    expect(Array.from(t.monetary)).toEqual([35, 70]);
    expect(Array.from(t.recency)).toEqual([2, 4]);
    expect(Array.from(t.frequency)).toEqual([2, 1]);
    expect(rfmNotes(t)).toContain(
      "Netted in Monetary, not counted as purchases: 1 line of cancelled invoices (ids starting with C) and 1 line with an amount of zero or less.",
    );
  });

  it("leaves out lines after a given as_of, and reads as_of as a serial or a date text", () => {
    const t = rfm(lines, { asOf: "2011-12-04" });
    expect(t.asOfGiven).toBe(true);
    expect(serialToIsoDate(t.asOf)).toBe("2011-12-04");
    expect(t.counts.afterAsOf).toBe(1);
    expect(Array.from(t.recency)).toEqual([3, 1]);
    expect(Array.from(rfm(lines, { asOf: day(10) + 0.75 }).recency)).toEqual([5, 7]);
    expect(readAsOf("12/10/2011", "mdy")).toBe(day(10));
    expect(readAsOf("10/12/2011", "dmy")).toBe(day(10));
    expect(errorOf(() => rfm(lines, { asOf: "soon" })).message).toBe(
      'as_of must be a date: an Excel date or a text like "2011-12-10" (got "soon").',
    );
  });

  it("reads text dates in the column's order, and says when it had to assume one", () => {
    const dayFirst = rfm([
      [1, "31/12/2011", 1, "A"],
      [2, "03/04/2011", 1, "B"],
    ]);
    expect(serialToIsoDate(dayFirst.asOf)).toBe("2012-01-01");
    expect(Array.from(dayFirst.recency)).toEqual([1, 273]);
    expect(dayFirst.dateNote).toBe("dates read day-first");
    const either = rfm([[1, "03/04/2011", 1, "A"]]);
    expect(serialToIsoDate(either.asOf)).toBe("2011-03-05");
    expect(rfmNotes(either)).toContain(
      "Dates: dates read as month/day/year; every date here could also be day/month.",
    );
  });

  it("reads amounts typed as text", () => {
    const t = rfm([
      [1, day(1), "£1,234.50", "A"],
      [1, day(1), "12.5", "B"],
    ]);
    expect(Array.from(t.monetary)).toEqual([1247]);
  });

  it("says in notes what it left out, with counts", () => {
    expect(rfmNotes(rfm(lines))).toEqual([
      "Recency counted in days to 2011-12-07, the day after the last date.",
      "4 lines of 9 counted as purchases.",
      "Left out: 1 line without a customer id, 1 line without a readable date, 1 line without a readable amount, 1 line of cancelled invoices (ids starting with C) and 1 line with an amount of zero or less.",
      "1 customer id has no purchase left, so no row.",
    ]);
  });

  it("says why when no line is a purchase", () => {
    expect(errorOf(() => rfm([["", day(1), 5, "A"]])).message).toBe(
      "No purchase to compute RFM from: All 1 lines have no customer id.",
    );
    expect(
      errorOf(() =>
        rfm([
          [1, day(1), -5, "C1"],
          [2, day(1), -5, "C2"],
          [3, day(1), 5, "C3"],
        ]),
      ).message,
    ).toBe("No purchase to compute RFM from: All 3 lines are on cancelled invoices (ids starting with C).");
    expect(
      errorOf(() =>
        rfm([
          [1, "x", 5, "1"],
          [2, "y", 5, "2"],
          ["", day(1), 5, "3"],
        ]),
      ).message,
    ).toBe("No purchase to compute RFM from: 2 of the 3 lines have no readable date.");
    expect(
      errorOf(() => computeRfm(input([["Customer", "Date", "Amount", "Invoice"]], true, 1))).message,
    ).toBe("There are no transactions to compute RFM from.");
  });

  it("scores and names every customer from its own values", () => {
    const many: CellValue[][] = Array.from({ length: 50 }, (_, i) => [
      i + 1,
      day(1 + (i % 9)),
      10 + i,
      `I${i}`,
    ]);
    const t = rfm(many);
    for (let i = 0; i < t.ids.length; i++)
      expect(SEGMENT_NAMES[t.segment[i]]).toBe(segmentName(t.r[i], t.f[i]));
    expect(Array.from(t.m)).toEqual(Array.from(quintileScores(t.monetary, true)));
    expect(Array.from(t.r)).toEqual(Array.from(quintileScores(t.recency, false)));
  });

  it("gives the same table whatever the order of the lines (property)", () => {
    const line = fc.tuple(
      fc.constantFrom<CellValue>(1, 2, 3, "4", "4.0", "x", ""),
      fc.integer({ min: 1, max: 9 }).map(day),
      fc.integer({ min: -5, max: 40 }),
      fc.constantFrom("A", "B", "C1", "D", "C2"),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), (ls) => {
        const forward = ls.map((l) => [...l] as CellValue[]);
        const backward = [...forward].reverse();
        let a;
        try {
          a = rfm(forward);
        } catch {
          expect(() => rfm(backward)).toThrow();
          return;
        }
        const b = rfm(backward);
        expect(b.ids).toEqual(a.ids);
        expect(b.recency).toEqual(a.recency);
        expect(b.frequency).toEqual(a.frequency);
        expect(b.monetary).toEqual(a.monetary);
        expect(b.segment).toEqual(a.segment);
        expect(b.counts).toEqual(a.counts);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("header detection", () => {
  const col = (...cells: CellValue[]) => ({ rows: cells.map((c) => [c]), column: 0 });

  it("takes a first row of names over dates or amounts for a header", () => {
    expect(hasHeaderRow(col("InvoiceDate", 40000), col("Amount", 3))).toBe(true);
    expect(hasHeaderRow(col(40000, 40001), col("Amount", "12.50"))).toBe(true);
    expect(hasHeaderRow(col("Date", "2011-12-01 08:26:00"), col(12, 3))).toBe(true);
    expect(hasHeaderRow(col("Date"), col("Amount"))).toBe(true);
  });

  it("does not take data, or a first line as unreadable as the rest, for a header", () => {
    expect(hasHeaderRow(col("2011-12-01 08:26:00", 40000), col(12, 3))).toBe(false);
    expect(hasHeaderRow(col("12/1/2011", 40000), col("12.50", 3))).toBe(false);
    expect(hasHeaderRow(col(40000, 40001), col(3, 4))).toBe(false);
    expect(hasHeaderRow(col("", 40001), col("", 4))).toBe(false);
    expect(hasHeaderRow(col("x", "y"), col(3, 4))).toBe(false);
  });
});

describe("the README's R x F grid", () => {
  it("is the one the segment names come from, cell for cell", () => {
    const readme = readFileSync(path.resolve(__dirname, "..", "..", "README.md"), "utf8");
    const cells = (text: string) =>
      text
        .split("\n")
        .filter((line) => /^\s*\d\s+\|/.test(line))
        .map((line) => line.split("|").map((cell) => cell.trim()));
    const shown = cells(readme);
    expect(shown).toHaveLength(5);
    expect(shown).toEqual(cells(renderGrid()));
  });
});
