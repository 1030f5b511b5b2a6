import { segmentKmeans } from "../../src/functions/functions";
import { ErrorCode, columns, customers, excelError, labelsOf, mallCustomers } from "./support";

const mall = mallCustomers();
const incomeSpending = columns(mall, 1, 2);

describe("SEGMENT.KMEANS", () => {
  it("spills one label per input row, starting with a Segment header when data has one", () => {
    const spill = segmentKmeans(incomeSpending, 5);
    expect(spill).toHaveLength(mall.length);
    expect(spill.every((row) => row.length === 1)).toBe(true);
    expect(spill[0]).toEqual(["Segment"]);
    const labels = labelsOf(spill) as number[];
    expect(new Set(labels)).toEqual(new Set([1, 2, 3, 4, 5]));
  });

  it("numbers segments by size, segment 1 the largest", () => {
    const labels = labelsOf(segmentKmeans(incomeSpending, 5)) as number[];
    const sizes = [1, 2, 3, 4, 5].map((c) => labels.filter((l) => l === c).length);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(sizes).toEqual([81, 39, 35, 23, 22]);
  });

  it("has no header cell when data has no header row", () => {
    const spill = segmentKmeans(incomeSpending.slice(1), 5);
    expect(spill).toHaveLength(200);
    expect(labelsOf(spill, false)).toEqual(labelsOf(segmentKmeans(incomeSpending, 5)));
  });

  it("treats optional arguments left out (null or undefined) as their defaults", () => {
    const byDefault = segmentKmeans(incomeSpending, 5);
    expect(segmentKmeans(incomeSpending, 5, null as never, null as never, null as never)).toEqual(byDefault);
    expect(segmentKmeans(incomeSpending, 5, "zscore", 42, 4)).toEqual(byDefault);
    expect(segmentKmeans(incomeSpending, 5, "", undefined, undefined)).toEqual(byDefault);
  });

  it("gives identical results on repeated calls", () => {
    expect(segmentKmeans(mall, 4, "minmax", 7, 2)).toEqual(segmentKmeans(mall, 4, "minmax", 7, 2));
  });

  it("accepts every scaling, case-insensitively", () => {
    for (const scaling of ["zscore", "minmax", "robust", "none", "MinMax"]) {
      const labels = labelsOf(segmentKmeans(mall, 3, scaling)) as number[];
      expect(new Set(labels)).toEqual(new Set([1, 2, 3]));
    }
  });

  it("accepts k as numeric text", () => {
    expect(segmentKmeans(incomeSpending, "5" as never)).toEqual(segmentKmeans(incomeSpending, 5));
  });

  it('leaves a row with a missing value unlabelled (""), keeping the spill aligned', () => {
    const data = columns(customers(), 1, 2, 3, 4);
    const spill = segmentKmeans(data, 2);
    expect(spill).toHaveLength(data.length);
    expect(spill[6]).toEqual([""]);
    expect(labelsOf(spill).filter((l) => l === "")).toHaveLength(1);
  });

  it("one-hot encodes a text column of few categories", () => {
    const data = columns(customers(), 1, 2, 3, 4);
    const labels = labelsOf(segmentKmeans(data, 3)).filter((l) => l !== "");
    expect(new Set(labels)).toEqual(new Set([1, 2, 3]));
  });

  it("refuses an identifier column with #VALUE! naming it", () => {
    expect(excelError(() => segmentKmeans(customers(), 3))).toEqual({
      code: ErrorCode.invalidValue,
      message: "CustomerID looks like an identifier: leave it out of the range.",
    });
  });

  it("refuses text where numbers are needed with #VALUE! naming the cell", () => {
    const data = incomeSpending.map((row) => [...row]);
    data[3][1] = "n/a";
    const error = excelError(() => segmentKmeans(data, 3));
    expect(error.code).toBe(ErrorCode.invalidValue);
    expect(error.message).toMatch(/Spending Score \(1-100\), row 4: "n\/a" is not a number/);
  });

  it("passes Excel error values in data on as #VALUE! with the cell", () => {
    const data = incomeSpending.map((row) => [...row]);
    data[10][0] = "#DIV/0!";
    const error = excelError(() => segmentKmeans(data, 3));
    expect(error.code).toBe(ErrorCode.invalidValue);
    expect(error.message).toContain("row 11");
  });

  it.each([
    [0, ErrorCode.invalidValue, /at least 1/],
    [-2, ErrorCode.invalidValue, /at least 1/],
    [2.5, ErrorCode.invalidValue, /whole number/],
    [201, ErrorCode.invalidValue, /more than the 200 usable rows/],
    ["five", ErrorCode.invalidValue, /must be a number/],
    [null, ErrorCode.invalidValue, /k is required/],
    [true, ErrorCode.invalidValue, /must be a number/],
  ])("refuses k = %p", (k, code, message) => {
    const error = excelError(() => segmentKmeans(incomeSpending, k as never));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it("refuses unknown scaling, bad seeds and restarts", () => {
    expect(excelError(() => segmentKmeans(mall, 3, "log")).code).toBe(ErrorCode.invalidValue);
    expect(excelError(() => segmentKmeans(mall, 3, 5 as never)).code).toBe(ErrorCode.invalidValue);
    expect(excelError(() => segmentKmeans(mall, 3, null as never, 1.5)).code).toBe(ErrorCode.invalidValue);
    expect(excelError(() => segmentKmeans(mall, 3, null as never, null as never, 0)).message).toMatch(
      /restarts must be at least 1/,
    );
    expect(excelError(() => segmentKmeans(mall, 3, null as never, null as never, 1000)).message).toMatch(
      /restarts must be at most 100/,
    );
  });

  it("needs two usable rows", () => {
    expect(excelError(() => segmentKmeans([["Age"], [30]], 1))).toEqual({
      code: ErrorCode.invalidValue,
      message: "Segmenting needs at least two usable rows; this range has 1.",
    });
    expect(
      excelError(() =>
        segmentKmeans(
          [
            ["Age", "Spend"],
            [30, ""],
            ["", 4],
          ],
          1,
        ),
      ).code,
    ).toBe(ErrorCode.invalidValue);
    expect(excelError(() => segmentKmeans([["Age"]], 1)).message).toMatch(/no data rows/);
  });

  it("refuses k above the number of different rows", () => {
    const data = [["x"], [1], [1], [1], [2]];
    expect(excelError(() => segmentKmeans(data, 3)).code).toBe(ErrorCode.invalidValue);
  });

  it("refuses something that is not a range", () => {
    expect(excelError(() => segmentKmeans(null as never, 2)).code).toBe(ErrorCode.invalidValue);
    expect(excelError(() => segmentKmeans([] as never, 2)).code).toBe(ErrorCode.invalidValue);
    expect(excelError(() => segmentKmeans([[]] as never, 2)).code).toBe(ErrorCode.invalidValue);
  });
});
