import { SegmentError } from "../../src/core/errors";
import {
  isOmitted,
  parseData,
  parseK,
  parseMethod,
  parseParam,
  parseRange,
  parseRestarts,
  parseScaling,
  parseSeed,
  parseWholeNumber,
} from "../../src/functions/args";

function kindOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof SegmentError) return `${error.kind}: ${error.message}`;
    throw error;
  }
  return "no error";
}

describe("optional arguments", () => {
  it("count null, undefined, empty text and an empty array as left out", () => {
    for (const v of [null, undefined, "", "  ", []]) expect(isOmitted(v)).toBe(true);
    for (const v of [0, "0", false, [[1]]]) expect(isOmitted(v)).toBe(false);
  });

  it("take their defaults when left out", () => {
    expect(parseScaling(null)).toBe("zscore");
    expect(parseMethod(undefined)).toBe("auto");
    expect(parseSeed(null)).toBe(42);
    expect(parseRestarts(null)).toBe(4);
  });
});

describe("parseWholeNumber", () => {
  const rule = { min: 1, max: 10 };
  it("reads numbers, numeric text and a 1x1 range", () => {
    expect(parseWholeNumber(3, "k", rule)).toBe(3);
    expect(parseWholeNumber(" 7 ", "k", rule)).toBe(7);
    expect(parseWholeNumber("4.0", "k", rule)).toBe(4);
    expect(parseWholeNumber([[5]], "k", rule)).toBe(5);
  });

  it("says #VALUE! for text and for numbers out of bounds, naming the argument", () => {
    expect(kindOf(() => parseWholeNumber("abc", "kmin", rule))).toBe(
      'value: kmin must be a number (got "abc").',
    );
    expect(kindOf(() => parseWholeNumber(true, "kmin", rule))).toBe(
      "value: kmin must be a number (got true).",
    );
    expect(kindOf(() => parseWholeNumber(0, "kmin", rule))).toBe("value: kmin must be at least 1 (got 0).");
    expect(kindOf(() => parseWholeNumber(11, "kmin", rule))).toBe("value: kmin must be at most 10 (got 11).");
    expect(kindOf(() => parseWholeNumber(1.5, "kmin", rule))).toBe(
      "value: kmin must be a whole number (got 1.5).",
    );
    expect(kindOf(() => parseWholeNumber(NaN, "kmin", rule))).toMatch(/^value: kmin must be a whole number/);
    expect(kindOf(() => parseWholeNumber(Infinity, "kmin", rule))).toMatch(/^value:/);
    expect(kindOf(() => parseWholeNumber([[1, 2]], "kmin", rule))).toBe(
      "value: kmin must be a single value, not a range.",
    );
    expect(kindOf(() => parseWholeNumber(null, "k", rule))).toBe("value: k is required.");
  });

  it("has k, seed and restarts rules", () => {
    expect(kindOf(() => parseK(0))).toMatch(/^value/);
    expect(parseSeed(-5)).toBe(-5);
    expect(kindOf(() => parseSeed(2 ** 40))).toMatch(/^value/);
    expect(kindOf(() => parseRestarts(101))).toMatch(/^value: restarts must be at most 100/);
  });
});

describe("choices", () => {
  it("are case-insensitive and trimmed", () => {
    expect(parseScaling(" MinMax ")).toBe("minmax");
    expect(parseMethod("Calinski")).toBe("calinski");
  });

  it("list the allowed values when wrong", () => {
    expect(kindOf(() => parseScaling("z"))).toBe(
      'value: scaling must be one of "zscore", "minmax", "robust", "none" (got "z").',
    );
    expect(kindOf(() => parseMethod(3))).toMatch(/^value: method must be one of/);
  });
});

describe("parseRange", () => {
  it("makes a ragged array rectangular, padding with empty cells", () => {
    expect(parseRange([[1, 2], [3]], "data")).toEqual([
      [1, 2],
      [3, null],
    ]);
  });

  it("keeps numbers, text, booleans and empty cells, and reads rich values through their basic value", () => {
    const rich = { type: "FormattedNumber", basicValue: 44927, numberFormat: "yyyy-mm-dd" };
    expect(parseRange([[1, "a", true, null, undefined, rich]], "data")).toEqual([
      [1, "a", true, null, null, 44927],
    ]);
  });

  it("turns error objects into their error text and anything else into #VALUE!", () => {
    expect(parseRange([[{ code: "#N/A" }, { foo: 1 }, () => 1, Symbol.iterator]], "data")).toEqual([
      ["#N/A", "#VALUE!", "#VALUE!", "#VALUE!"],
    ]);
  });

  it("keeps rows of plain cells as they came, and rebuilds only the rows that need it", () => {
    const plain = [
      ["Age", "Spend"],
      [31, 1200.5],
      [45, null],
    ];
    // Nothing to change: the very array comes back, not a copy (a full sheet's copy is 160 MB).
    expect(parseData(plain)).toBe(plain);
    const rich = { type: "FormattedNumber", basicValue: 44927 };
    const mixed = [plain[0], plain[1], [52, rich], [60]];
    const parsed = parseData(mixed);
    expect(parsed).not.toBe(mixed);
    expect(parsed[0]).toBe(plain[0]);
    expect(parsed[1]).toBe(plain[1]);
    expect(parsed.slice(2)).toEqual([
      [52, 44927],
      [60, null],
    ]);
    // The caller's array is left as it was.
    expect(mixed[2][1]).toBe(rich);
    expect(mixed[3]).toEqual([60]);
  });

  it("wraps a single row given as a flat array", () => {
    expect(parseRange([1, 2], "data")).toEqual([[1], [2]]);
  });

  it("refuses something that is not a range", () => {
    for (const raw of [null, undefined, 5, "A1:B2", [], [[]]]) {
      expect(kindOf(() => parseRange(raw, "data"))).toMatch(/^value: data (must be a range|is empty)/);
    }
  });

  it("parseData also refuses ranges too large for Excel's payload", () => {
    const big = Array.from({ length: 140000 }, (_, i) => [i + 0.123456789, i * 2.5, "Female", 1e6 + i]);
    expect(kindOf(() => parseData(big))).toMatch(/^value: data is about 5\.\d MB, more than the 5 MB/);
  });

  it("parseData measures a range from a sample of its rows, before copying all of it", () => {
    let reads = 0;
    const cell = {
      get basicValue() {
        reads++;
        return 123456.789;
      },
    };
    const big = Array.from({ length: 400000 }, () => [cell, cell]);
    expect(kindOf(() => parseData(big))).toMatch(/^value: data is about \d+\.\d MB, more than the 5 MB/);
    // About 2,000 sampled rows of two cells, not 400,000.
    expect(reads).toBeLessThanOrEqual(2 * 2001);
  });

  it("parseData returns what parseRange returns for ranges it accepts", () => {
    const raw = [[1, "a"], [true], 7, [null, { basicValue: 2 }, "x"]];
    expect(parseData(raw)).toEqual(parseRange(raw, "data"));
    expect(parseData(raw)).toEqual([
      [1, "a", null],
      [true, null, null],
      [7, null, null],
      [null, 2, "x"],
    ]);
  });
});

describe("parseParam: an argument checked against an algorithm's parameter table", () => {
  const eps = { name: "eps", type: "number", above: 0, default: null, help: "" } as const;
  const covariance = {
    name: "covariance",
    type: "choice",
    choices: ["full", "diag", "spherical", "tied"],
    default: "full",
    help: "",
  } as const;

  it("reads numbers and bounds them, naming the argument", () => {
    expect(parseParam(eps, 0.25)).toBe(0.25);
    expect(parseParam(eps, " 1e-3 ")).toBe(0.001);
    expect(() => parseParam(eps, 0)).toThrow("eps must be more than 0 (got 0).");
    expect(() => parseParam(eps, null)).toThrow("eps is required.");
    expect(() => parseParam(eps, "wide")).toThrow('eps must be a number (got "wide").');
  });

  it("reads choices case-insensitively with their default", () => {
    expect(parseParam(covariance, null)).toBe("full");
    expect(parseParam(covariance, "DIAG")).toBe("diag");
    expect(() => parseParam(covariance, "round")).toThrow(/covariance must be one of "full", "diag"/);
  });

  it("k, seed and restarts read k-means' table", () => {
    expect(() => parseK(0)).toThrow("k must be at least 1 (got 0).");
    expect(parseSeed(null)).toBe(42);
    expect(() => parseRestarts(101)).toThrow("restarts must be at most 100 (got 101).");
  });
});
