import { isoDateToSerial } from "../../src/core/cells";
import { readTable } from "../../src/core/table";
import {
  DEFAULT_DATE_ORDER,
  dateOrderEvidence,
  dateToSerial,
  parseTextDate,
} from "../../src/core/text-dates";

/** 31 December 2011 and 1 December 2011 as Excel serial numbers. */
const DEC_31 = 40908;
const DEC_1 = 40878;

describe("parseTextDate", () => {
  it("reads ISO dates as isoDateToSerial does", () => {
    expect(parseTextDate("2011-12-31", "mdy")).toBe(DEC_31);
    expect(parseTextDate("2011-12-09 12:00", "dmy")).toBe(isoDateToSerial("2011-12-09 12:00"));
    expect(dateToSerial(1970, 1, 1)).toBe(25569);
  });

  it("reads US and day-first dates in the order it is given", () => {
    expect(parseTextDate("12/31/2011", "mdy")).toBe(DEC_31);
    expect(parseTextDate("31/12/2011", "dmy")).toBe(DEC_31);
    expect(parseTextDate("31.12.2011", "dmy")).toBe(DEC_31);
    expect(parseTextDate("31-12-2011", "dmy")).toBe(DEC_31);
    expect(parseTextDate("12/31/2011", "dmy")).toBeNaN();
    expect(parseTextDate("03/04/2011", "mdy")).toBe(dateToSerial(2011, 3, 4));
    expect(parseTextDate("03/04/2011", "dmy")).toBe(dateToSerial(2011, 4, 3));
    expect(parseTextDate("2011/12/31", "dmy")).toBe(DEC_31);
  });

  it("reads dates with the month's name in any order", () => {
    for (const text of [
      "01-Dec-2011",
      "1-Dec-11",
      "1 Dec 2011",
      "1 December 2011",
      "Dec 1, 2011",
      "December 1 2011",
    ]) {
      expect(parseTextDate(text, "mdy")).toBe(DEC_1);
      expect(parseTextDate(text, "dmy")).toBe(DEC_1);
    }
  });

  it("reads a time after the date, in 24 or 12 hours", () => {
    expect(parseTextDate("12/31/2011 18:00", "mdy")).toBe(DEC_31 + 0.75);
    expect(parseTextDate("12/31/2011 6:00 PM", "mdy")).toBe(DEC_31 + 0.75);
    expect(parseTextDate("12/31/2011 12:00 am", "mdy")).toBe(DEC_31);
    expect(parseTextDate("01-Dec-2011 06:30:00", "mdy")).toBe(DEC_1 + 6.5 / 24);
    expect(parseTextDate("12/31/2011 25:00", "mdy")).toBeNaN();
    expect(parseTextDate("12/31/2011 13:00 PM", "mdy")).toBeNaN();
  });

  it("reads two-digit years as Excel does, and refuses what is no date", () => {
    expect(parseTextDate("12/1/10 8:26", "mdy")).toBe(dateToSerial(2010, 12, 1, 8, 26));
    expect(parseTextDate("1/1/30", "mdy")).toBe(dateToSerial(1930, 1, 1));
    for (const text of ["31.12.11", "1.2.3", "2/30/2011", "13/13/2011", "Dec 32, 2011", "12/31", "Q1 2011"])
      expect(parseTextDate(text, "mdy")).toBeNaN();
  });
});

describe("dateOrderEvidence", () => {
  it("says which order a date reads in, either, or that the order makes no difference", () => {
    expect(dateOrderEvidence("31/12/2011")).toBe("dmy");
    expect(dateOrderEvidence("12/31/2011")).toBe("mdy");
    expect(dateOrderEvidence("03/04/2011")).toBe("either");
    expect(dateOrderEvidence("05/05/2011")).toBeNull();
    expect(dateOrderEvidence("01-Dec-2011")).toBeNull();
    expect(dateOrderEvidence("2011-12-31")).toBeNull();
  });
});

describe("readTable with dates typed as text", () => {
  const column = (cells: string[], options = {}) =>
    readTable([["Signup"], ...cells.map((c) => [c])], { header: true, ...options }).columns[0];

  it("reads a column day-first when one of its dates has a first field above 12, and says so", () => {
    const signup = column(["03/04/2011", "31/12/2011", "05/06/2011"]);
    expect(signup.kind).toBe("date");
    expect(Array.from(signup.numbers as Float64Array)).toEqual([
      dateToSerial(2011, 4, 3),
      DEC_31,
      dateToSerial(2011, 6, 5),
    ]);
    expect(signup.note).toBe("dates read day-first");
  });

  it("reads a column month-first when one of its dates has a second field above 12", () => {
    const signup = column(["03/04/2011", "12/31/2011"]);
    expect(Array.from(signup.numbers as Float64Array)).toEqual([dateToSerial(2011, 3, 4), DEC_31]);
    expect(signup.note).toBeNull();
  });

  it("uses the hint when every date could be read either way, and says which order it assumed", () => {
    expect(DEFAULT_DATE_ORDER).toBe("mdy");
    const byDefault = column(["03/04/2011", "05/06/2011"]);
    expect(byDefault.numbers?.[0]).toBe(dateToSerial(2011, 3, 4));
    expect(byDefault.note).toBe("dates read as month/day/year; every date here could also be day/month");
    const hinted = column(["03/04/2011", "05/06/2011"], { dateOrder: "dmy" });
    expect(hinted.numbers?.[0]).toBe(dateToSerial(2011, 4, 3));
    expect(hinted.note).toBe("dates read as day/month/year; every date here could also be month/day");
  });

  it("reads dates with month names, dots and times in one column, and never calls them an identifier", () => {
    const signup = column(["01-Dec-2011", "2 Dec 2011", "Dec 3, 2011", "2011-12-05", "14.12.2011 10:00"]);
    expect(signup.kind).toBe("date");
    expect(signup.invalid).toBe(0);
    expect(Array.from(signup.numbers as Float64Array)).toEqual([
      DEC_1,
      DEC_1 + 1,
      DEC_1 + 2,
      DEC_1 + 4,
      DEC_1 + 13 + 10 / 24,
    ]);
  });

  it("counts dates that disagree with the column's order as invalid", () => {
    const cells = [...Array.from({ length: 12 }, (_, i) => `${13 + i}/01/2011`), "01/13/2011"];
    const signup = column(cells);
    expect(signup.kind).toBe("date");
    expect(signup.note).toBe("dates read day-first");
    expect(signup.invalid).toBe(1);
    expect(signup.firstInvalid).toEqual({ row: 14, value: '"01/13/2011"' });
  });
});
