import * as fs from "fs";
import * as path from "path";
import type { CellValue } from "../../src/core/cells";
import { computeRfm } from "../../src/core/rfm";
import { rfmNotes } from "../../src/core/rfm-notes";
import { SEGMENT_NAMES } from "../../src/core/rfm-segments";
import { dateToSerial } from "../../src/core/text-dates";
import { guard } from "../../src/functions/errors";
import { RFM_HEADER } from "../../src/core/rfm-rows";
import { rfmSpill } from "../../src/functions/rfm";
import { parseCsv } from "../../src/host/csv";
import { ErrorCode, excelError } from "./support";

const SAMPLE = path.resolve(__dirname, "..", "..", "samples", "online-retail-transactions.csv");
const rows = parseCsv(fs.readFileSync(SAMPLE, "utf8"));
/** A column of the sample as Excel passes a one-column range, its header included. */
const column = (name: string): CellValue[][] => rows.map((row) => [row[rows[0].indexOf(name)]]);
const [customers, dates, amounts, invoices] = ["CustomerID", "InvoiceDate", "Amount", "InvoiceNo"].map(
  column,
);

/** As the JSDoc wrapper in functions.ts calls it: every failure an Excel error with a message. */
const call = (...args: unknown[]) =>
  guard(() => rfmSpill(args[0], args[1], args[2], args[3], args[4], args[5]));

const day = (d: number) => dateToSerial(2011, 12, d);

describe("SEGMENT.RFM on the shipped sample", () => {
  const spill = call(customers, dates, amounts, null, invoices, null);
  const core = computeRfm({
    customers: { rows, column: 2 },
    dates: { rows, column: 1 },
    amounts: { rows, column: 5 },
    invoices: { rows, column: 0 },
    start: 1,
  });

  it("spills a header and one row per customer, in order of id, equal to the core's table", () => {
    expect(spill[0]).toEqual([...RFM_HEADER]);
    expect(spill).toHaveLength(99);
    expect(spill.every((row) => row.length === RFM_HEADER.length)).toBe(true);
    const body = spill.slice(1);
    expect(body.map((row) => row[0])).toEqual(core.ids);
    expect(body.map((row) => row[1])).toEqual(Array.from(core.recency));
    expect(body.map((row) => row[2])).toEqual(Array.from(core.frequency));
    expect(body.map((row) => row[3])).toEqual(Array.from(core.monetary));
    expect(body.map((row) => `${row[4]}${row[5]}${row[6]}`)).toEqual(body.map((row) => String(row[7])));
    expect(body.map((row) => row[8])).toEqual(Array.from(core.segment, (s) => SEGMENT_NAMES[s]));
    const ids = body.map((row) => row[0] as number);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it("puts the notes in the last column, one per row from the top", () => {
    const notes = rfmNotes(core);
    expect(spill.slice(1, 1 + notes.length).map((row) => row[9])).toEqual(notes);
    expect(spill.slice(1 + notes.length).every((row) => row[9] === "")).toBe(true);
    expect(notes).toEqual([
      "Recency counted in days to 2011-12-09, the day after the last date.",
      "4,878 lines of 5,018 counted as purchases.",
      "Left out: 19 lines without a customer id, 119 lines of cancelled invoices (ids starting with C) and 2 lines with an amount of zero or less.",
      "1 customer id has no purchase left, so no row.",
    ]);
  });

  it("gives the same rows with or without the header row in the ranges", () => {
    const noHeader = call(
      customers.slice(1),
      dates.slice(1),
      amounts.slice(1),
      null,
      invoices.slice(1),
      null,
    );
    expect(noHeader).toEqual(spill);
  });

  it("counts lines as purchases without invoice ids, and nets returns when asked", () => {
    const lines = call(customers, dates, amounts, null, null, null);
    const purchases = new Map<CellValue, number>();
    for (const row of rows.slice(1)) {
      const [invoice, , customer, , , amount] = row;
      if (customer !== null && !String(invoice).startsWith("C") && (amount as number) > 0)
        purchases.set(customer, (purchases.get(customer) ?? 0) + 1);
    }
    expect(lines.slice(1).map((row) => [row[0], row[2]])).toEqual(
      [...purchases].sort((x, y) => (x[0] as number) - (y[0] as number)),
    );
    const net = call(customers, dates, amounts, "", invoices, "NET");
    expect(net.slice(1).map((row) => [row[0], row[1], row[2]])).toEqual(
      spill.slice(1).map((row) => [row[0], row[1], row[2]]),
    );
    const returned = new Map<CellValue, number>();
    for (const row of rows.slice(1)) {
      const [invoice, , customer, , , amount] = row;
      if (String(invoice).startsWith("C") || (amount as number) <= 0)
        returned.set(customer, (returned.get(customer) ?? 0) + (amount as number));
    }
    for (let i = 1; i < net.length; i++) {
      expect(net[i][3]).toBeCloseTo((spill[i][3] as number) + (returned.get(net[i][0]) ?? 0), 6);
    }
    expect([...returned.values()].some((x) => x < 0)).toBe(true);
  });

  it("takes as_of as a date serial or a date text, and a row of cells as well as a column", () => {
    const asOf = call(customers, dates, amounts, "2011-12-31", invoices, null);
    expect(asOf.slice(1).map((row) => row[1])).toEqual(spill.slice(1).map((row) => (row[1] as number) + 22));
    expect(call(customers, dates, amounts, [[day(31)]], invoices, null)).toEqual(asOf);
    const asRows = (c: CellValue[][]) => [c.map((cell) => cell[0])];
    expect(call(asRows(customers), asRows(dates), asRows(amounts), null, asRows(invoices), null)).toEqual(
      spill,
    );
  });
});

describe("SEGMENT.RFM's errors", () => {
  const c = [[1], [2], [1]];
  const d = [[day(1)], [day(2)], [day(3)]];
  const a = [[10], [20], [30]];

  it("#N/A when the ranges do not line up, with their lengths", () => {
    expect(excelError(() => call(c, d.slice(1), a, null, [["I1"], ["I2"], ["I3"], ["I4"]], null))).toEqual({
      code: ErrorCode.notAvailable,
      message:
        "The ranges must be the same transactions, row for row, but their rows differ: customer_ids 3, dates 2, amounts 3, invoice_ids 4.",
    });
  });

  it("#VALUE! for a bad as_of, returns or range, naming it", () => {
    expect(excelError(() => call(c, d, a, "next week", null, null))).toEqual({
      code: ErrorCode.invalidValue,
      message: 'as_of must be a date: an Excel date or a text like "2011-12-10" (got "next week").',
    });
    expect(excelError(() => call(c, d, a, true, null, null)).message).toBe(
      "as_of must be a date (got true).",
    );
    // Found by the fuzzing: a serial past 9999-12-31 has no calendar day, and broke the notes' date.
    expect(excelError(() => call(c, d, a, 1e300, null, null))).toEqual({
      code: ErrorCode.invalidValue,
      message: 'as_of must be a date: an Excel date or a text like "2011-12-10" (got 1e+300).',
    });
    expect(excelError(() => call(c, d, a, [[1, 2]], null, null)).message).toBe(
      "as_of must be a single date, not a range.",
    );
    expect(excelError(() => call(c, d, a, null, null, "keep"))).toEqual({
      code: ErrorCode.invalidValue,
      message: 'returns must be one of "exclude", "net" (got "keep").',
    });
    expect(
      excelError(() =>
        call(
          [
            [1, 2],
            [3, 4],
          ],
          d.slice(1),
          a.slice(1),
          null,
          null,
          null,
        ),
      ).message,
    ).toBe("customer_ids must be one column of the transactions (got 2 rows by 2 columns).");
    expect(excelError(() => call(c, 5, a, null, null, null)).message).toBe("dates must be a range of cells.");
  });

  it("counts a date past 9999-12-31 as no date, as Excel has none", () => {
    const spill = call(c, [[day(1)], [3e6], [day(3)]], a, null, null, null) as unknown[][];
    // Customer 2's one line has no date, so no purchase; customer 1 bought on the 1st and the 3rd.
    expect(spill.slice(1).map((row) => row.slice(0, 3))).toEqual([[1, 1, 2]]);
  });

  it("#VALUE! saying why when no line is a purchase", () => {
    expect(excelError(() => call([[""], [""], [""]], d, a, null, null, null))).toEqual({
      code: ErrorCode.invalidValue,
      message: "No purchase to compute RFM from: All 3 lines have no customer id.",
    });
    expect(excelError(() => call(c, [["x"], ["y"], ["z"]], a, null, null, null)).message).toBe(
      "No purchase to compute RFM from: All 3 lines have no readable date.",
    );
    expect(excelError(() => call(c, d, a, null, [["C1"], ["C2"], ["C3"]], null)).message).toBe(
      "No purchase to compute RFM from: All 3 lines are on cancelled invoices (ids starting with C).",
    );
    expect(excelError(() => call([["Customer"]], [["Date"]], [["Amount"]], null, null, null)).message).toBe(
      "There are no transactions to compute RFM from.",
    );
  });

  it("keeps every note when there are fewer customers than notes", () => {
    const spill = call([[1], [""], [2]], d, [[10], [5], [-1]], null, null, null);
    expect(spill).toHaveLength(2);
    expect(spill[1][9]).toBe(
      "Recency counted in days to 2011-12-04, the day after the last date. 1 line of 3 counted as purchases. " +
        "Left out: 1 line without a customer id and 1 line with an amount of zero or less. 1 customer id has no purchase left, so no row.",
    );
  });

  it("refuses a range larger than Excel passes, as the other functions do", () => {
    const big = Array.from({ length: 10 }, (_, i) => [i]);
    expect(() => rfmSpill(big, big, big, null, null, null, { payloadBytes: 20, work: Infinity })).toThrow(
      /customer_ids is about 0\.0 MB, more than the 5 MB Excel passes/,
    );
  });
});
