import fc from "fast-check";
import { readTable } from "../../src/core/table";
import {
  DEFAULT_DECIMAL_SEPARATOR,
  DecimalSeparator,
  decimalEvidence,
  looksNumeric,
  parseTextNumber,
} from "../../src/core/text-numbers";

const SEED = 20240611;

describe("parseTextNumber", () => {
  it("reads currency before or after the amount, with or without a space", () => {
    expect(parseTextNumber("$1,234.50", ".")).toBe(1234.5);
    expect(parseTextNumber("€ 12,00", ",")).toBe(12);
    expect(parseTextNumber("12,00 €", ",")).toBe(12);
    expect(parseTextNumber("£3", ".")).toBe(3);
    expect(parseTextNumber("USD 12", ".")).toBe(12);
    expect(parseTextNumber("12.5 EUR", ".")).toBe(12.5);
    expect(parseTextNumber("US$7", ".")).toBe(7);
  });

  it("reads negatives as a sign before or after the currency, or in accounting parentheses", () => {
    expect(parseTextNumber("(1,234)", ".")).toBe(-1234);
    expect(parseTextNumber("-$5", ".")).toBe(-5);
    expect(parseTextNumber("$-5", ".")).toBe(-5);
    expect(parseTextNumber("\u22125", ".")).toBe(-5);
    expect(parseTextNumber("($12.50)", ".")).toBe(-12.5);
    expect(parseTextNumber("(-5)", ".")).toBeNaN();
    expect(parseTextNumber("--5", ".")).toBeNaN();
  });

  it("reads thousands separators of every locale: comma, dot, spaces and apostrophes", () => {
    expect(parseTextNumber("1,234,567", ".")).toBe(1234567);
    expect(parseTextNumber("1.234.567,89", ",")).toBe(1234567.89);
    expect(parseTextNumber("1 234,50", ",")).toBe(1234.5);
    expect(parseTextNumber("1\u00a0234,50", ",")).toBe(1234.5);
    expect(parseTextNumber("1\u2009234,50", ",")).toBe(1234.5);
    expect(parseTextNumber("1\u202f234,50", ",")).toBe(1234.5);
    expect(parseTextNumber("1'234.50", ".")).toBe(1234.5);
    expect(parseTextNumber("1\u2019234.50", ".")).toBe(1234.5);
  });

  it("reads percentages as fractions", () => {
    expect(parseTextNumber("45%", ".")).toBe(0.45);
    expect(parseTextNumber("12,5 %", ",")).toBe(0.125);
    expect(parseTextNumber("-3%", ".")).toBe(-0.03);
  });

  it("reads the same text differently with each decimal separator, and refuses what does not fit", () => {
    expect(parseTextNumber("1,234", ".")).toBe(1234);
    expect(parseTextNumber("1,234", ",")).toBe(1.234);
    expect(parseTextNumber("1.234", ",")).toBe(1234);
    expect(parseTextNumber("12,5", ".")).toBeNaN();
    expect(parseTextNumber("1,23,456", ".")).toBeNaN();
    expect(parseTextNumber("1,234 567", ".")).toBeNaN();
    expect(parseTextNumber("1.234.567,89", ".")).toBeNaN();
  });

  it("reads the very double that Number() reads from the same digits, in either locale", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e20, noNaN: true }), fc.nat(20), (x, places) => {
        const text = x.toFixed(places);
        const [whole, fraction] = text.split(".");
        const grouped =
          whole.replace(/\B(?=(\d{3})+$)/g, ",") + (fraction === undefined ? "" : `.${fraction}`);
        expect(parseTextNumber(text.replace(".", ","), ",")).toBe(Number(text));
        expect(parseTextNumber(`$${grouped}`, ".")).toBe(Number(text));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("keeps plain numeric text as JavaScript reads it, and refuses text that is no number", () => {
    expect(parseTextNumber(" 42 ", ".")).toBe(42);
    expect(parseTextNumber("1e3", ".")).toBe(1000);
    expect(parseTextNumber(".5", ".")).toBe(0.5);
    for (const text of ["12 kg", "C-10023", "$", "abc", "$45%", "USD 12 EUR", "1-2", "ABC 12", ""])
      expect(parseTextNumber(text, ".")).toBeNaN();
  });
});

describe("decimalEvidence", () => {
  it("says which separator a number reads with, either, or that the choice makes no difference", () => {
    expect(decimalEvidence("1.234,56")).toBe(",");
    expect(decimalEvidence("12,5")).toBe(",");
    expect(decimalEvidence("0,123")).toBe(",");
    expect(decimalEvidence("1.000.000")).toBe(",");
    expect(decimalEvidence("1,234.56")).toBe(".");
    expect(decimalEvidence("3.14159")).toBe(".");
    expect(decimalEvidence("1,234,567")).toBe(".");
    expect(decimalEvidence("1,234")).toBe("either");
    expect(decimalEvidence("1.234")).toBe("either");
    expect(decimalEvidence("1234")).toBeNull();
    expect(decimalEvidence("1 234")).toBeNull();
    expect(decimalEvidence("North")).toBeNull();
  });
});

describe("looksNumeric", () => {
  it("tells numbers with units or odd separators from text identifiers", () => {
    for (const text of ["12 kg", "12kg", "1.2.3", "12-15", "$12.5m", "8:26"])
      expect(looksNumeric(text)).toBe(true);
    for (const text of ["C-10023", "INV0001", "North", "n/a", "Q1 2011"])
      expect(looksNumeric(text)).toBe(false);
  });
});

describe("readTable with numbers typed as text", () => {
  const column = (cells: string[], options = {}) =>
    readTable([["Amount"], ...cells.map((c) => [c])], { header: true, ...options }).columns[0];

  it("reads a column of currency text as numbers, the same through numbers, numberAt and copyNumbers", () => {
    const amount = column(["$1,234.50", "$12.00", "(1,000.25)", "-$5", "", "#N/A"]);
    expect(amount.kind).toBe("numeric");
    expect(amount.missing).toBe(1);
    expect(amount.invalid).toBe(1);
    expect(amount.firstInvalid).toEqual({ row: 7, value: '"#N/A"' });
    const expected = [1234.5, 12, -1000.25, -5, NaN, NaN];
    expect(Array.from(amount.numbers as Float64Array)).toEqual(expected);
    expect(expected.map((_, i) => amount.numberAt?.(i))).toEqual(expected);
    const out = new Float64Array(6);
    amount.copyNumbers?.(null, 0, 6, out, 0, 1);
    expect(Array.from(out)).toEqual(expected);
    expect(amount.note).toBeNull();
  });

  it("decides the decimal separator per column: a single decisive cell settles the ambiguous ones", () => {
    const euro = column(["1.234", "12,50", "7"]);
    expect(Array.from(euro.numbers as Float64Array)).toEqual([1234, 12.5, 7]);
    expect(euro.note).toBe('text numbers read with "," as the decimal separator');
    const dollar = column(["1,234", "12.50", "7"]);
    expect(Array.from(dollar.numbers as Float64Array)).toEqual([1234, 12.5, 7]);
    expect(dollar.note).toBeNull();
  });

  it("uses the hint for a column where every separator is ambiguous, and says so", () => {
    expect(DEFAULT_DECIMAL_SEPARATOR).toBe(".");
    const byDefault = column(["1,234", "2,500", "17"]);
    expect(Array.from(byDefault.numbers as Float64Array)).toEqual([1234, 2500, 17]);
    expect(byDefault.note).toBe(
      'text numbers read with "." as the decimal separator; every one here could also be read with ","',
    );
    const hinted = column(["1,234", "2,500", "17"], { decimalSeparator: "," });
    expect(Array.from(hinted.numbers as Float64Array)).toEqual([1.234, 2.5, 17]);
    expect(hinted.note).toBe(
      'text numbers read with "," as the decimal separator; every one here could also be read with "."',
    );
  });

  it("reads percentages as fractions and says so", () => {
    const share = column(["45%", "12,5 %", "3 %"]);
    expect(share.kind).toBe("numeric");
    expect(Array.from(share.numbers as Float64Array)).toEqual([0.45, 0.125, 0.03]);
    expect(share.note).toContain("percentages read as fractions");
  });

  it("counts the cells that disagree with the column's separator as invalid", () => {
    const cells = ["1.234,50", ...Array.from({ length: 12 }, (_, i) => `${i},25`), "1,234.50"];
    const mixed = column(cells);
    expect(mixed.kind).toBe("numeric");
    expect(mixed.invalid).toBe(1);
    expect(mixed.firstInvalid).toEqual({ row: 15, value: '"1,234.50"' });
  });

  it("reads text with a header detected above it", () => {
    const table = readTable([
      ["Name", "Spend"],
      ["Ann", "$1,200.00"],
      ["Bob", "$950.50"],
      ["Cy", "$80.00"],
    ]);
    expect(table.hasHeader).toBe(true);
    expect(table.columns[1].kind).toBe("numeric");
  });

  it("gives x back to 1e-12 relative for any x written as currency in either locale's style", () => {
    const locales: { decimal: DecimalSeparator; groups: string[] }[] = [
      { decimal: ".", groups: [",", "'", "\u2019", " "] },
      { decimal: ",", groups: [".", " ", "\u00a0", "\u2009", "\u202f", "'"] },
    ];
    const amount = fc
      .double({ min: -1e12, max: 1e12, noNaN: true })
      .filter((x) => x === 0 || Math.abs(x) >= 1e-6);
    fc.assert(
      fc.property(
        fc.array(amount, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...locales),
        fc.nat(5),
        fc.constantFrom("$", "€ ", " €", "USD ", ""),
        fc.boolean(),
        (xs, locale, g, currency, parentheses) => {
          const group = locale.groups[g % locale.groups.length];
          const format = (x: number): string => {
            // 15 significant digits: fixed notation in this range, and always a fraction.
            const [whole, fraction] = Math.abs(x).toPrecision(15).split(".");
            const grouped = whole.replace(/\B(?=(\d{3})+$)/g, group);
            const body = `${grouped}${locale.decimal}${fraction}`;
            const money = currency.startsWith(" ") ? body + currency : currency + body;
            if (x >= 0) return money;
            return parentheses ? `(${money})` : `-${money}`;
          };
          // A name on every row: a last amount that happens to be the sum of the others is no totals row.
          const rows = xs.map((x, i) => [`C-${i}`, format(x)]);
          const read = readTable([["Customer", "Amount"], ...rows], { header: true }).columns[1];
          expect(read.kind === "numeric" || read.kind === "identifier").toBe(true);
          xs.forEach((x, i) => {
            const y = read.numberAt?.(i) as number;
            expect(Math.abs(y - x)).toBeLessThanOrEqual(1e-12 * Math.abs(x));
          });
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("long cells", () => {
  // Excel's longest cell. With two patterns that could both take a run of spaces, a failing match
  // tried every split of them: seconds per cell, so a column of them hung the formula.
  const long = (filler: string) => ["1" + filler.repeat(32765) + "x", "$" + filler.repeat(32765) + "1 x"];

  it("reads a cell of 32,767 characters of spaces or separators as text, in one pass", () => {
    for (const filler of [" ", "'", "1,", "\u00a0"]) {
      for (const cell of long(filler)) {
        expect(parseTextNumber(cell, ".")).toBeNaN();
        // looksNumeric runs on each of them too, deciding whether to name a cell that did not read.
        expect(readTable([["a"], [cell], [cell], [cell]]).columns[0].kind).not.toBe("numeric");
      }
    }
  });
});
