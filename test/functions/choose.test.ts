import { segmentBestK, segmentElbow } from "../../src/functions/functions";
import { RECOMMENDED_MARK } from "../../src/functions/choosing";
import { ErrorCode, columns, excelError, mallCustomers } from "./support";

const mall = mallCustomers();
const incomeSpending = columns(mall, 1, 2);

describe("SEGMENT.ELBOW", () => {
  const table = segmentElbow(incomeSpending);

  it("is a table of k, the four scores and a Recommended column", () => {
    expect(table[0]).toEqual([
      "k",
      "Inertia",
      "Silhouette",
      "Calinski-Harabasz",
      "Davies-Bouldin",
      "Recommended",
    ]);
    expect(table.map((row) => row[0])).toEqual(["k", 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(table.every((row) => row.length === 6)).toBe(true);
    const inertias = table.slice(1).map((row) => row[1] as number);
    inertias.slice(1).forEach((x, i) => expect(x).toBeLessThan(inertias[i]));
  });

  it("marks exactly one row, the recommended k, with the reason", () => {
    const marked = table.slice(1).filter((row) => row[5] !== "");
    expect(marked).toHaveLength(1);
    expect(marked[0][0]).toBe(5);
    expect(marked[0][5]).toBe(
      `${RECOMMENDED_MARK}: k = 5: the inertia curve bends there and it has the highest silhouette (0.55).`,
    );
  });

  it("agrees with BESTK", () => {
    const marked = table.slice(1).find((row) => row[5] !== "") as unknown[];
    expect(segmentBestK(incomeSpending)).toBe(marked[0]);
  });

  it("takes kmin and kmax, leaves scores that k = 1 does not have empty, and caps kmax at rows - 1", () => {
    const small = segmentElbow(incomeSpending, 1, 4);
    expect(small.map((row) => row[0])).toEqual(["k", 1, 2, 3, 4]);
    expect(small[1].slice(2, 5)).toEqual(["", "", ""]);
    const tiny = incomeSpending.slice(0, 6);
    expect(segmentElbow(tiny, 2, 50).map((row) => row[0])).toEqual(["k", 2, 3, 4]);
  });

  it("is identical on repeated calls, and follows the seed and scaling", () => {
    expect(segmentElbow(incomeSpending, 2, 6, "minmax", 3)).toEqual(
      segmentElbow(incomeSpending, 2, 6, "minmax", 3),
    );
    expect(segmentElbow(incomeSpending, 2, 6, "none")).not.toEqual(segmentElbow(incomeSpending, 2, 6));
  });

  it("refuses bad ranges of k", () => {
    expect(excelError(() => segmentElbow(incomeSpending, 5, 3)).message).toBe(
      "kmax (3) must be at least kmin (5).",
    );
    expect(excelError(() => segmentElbow(incomeSpending, 0)).code).toBe(ErrorCode.invalidNumber);
    expect(excelError(() => segmentElbow(incomeSpending, "two" as never)).code).toBe(ErrorCode.invalidValue);
    expect(excelError(() => segmentElbow(incomeSpending.slice(0, 3), 2)).message).toMatch(
      /leaves no k to try/,
    );
    expect(excelError(() => segmentElbow(incomeSpending.slice(0, 4), 1, 1)).code).toBe(
      ErrorCode.invalidNumber,
    );
  });
});

describe("SEGMENT.BESTK", () => {
  it("recommends 5 segments for Mall income and spending, by the elbow and the silhouette", () => {
    expect(segmentBestK(incomeSpending)).toBe(5);
    expect(segmentBestK(incomeSpending, null as never, null as never, "auto")).toBe(5);
    expect(segmentBestK(incomeSpending, 2, 10, "elbow")).toBe(5);
    expect(segmentBestK(incomeSpending, 2, 10, "SILHOUETTE")).toBe(5);
  });

  it("picks the best row of ELBOW's columns for the silhouette and calinski methods", () => {
    const rows = segmentElbow(incomeSpending).slice(1);
    const best = (column: number) =>
      rows.reduce((a, b) => ((b[column] as number) > (a[column] as number) ? b : a))[0];
    expect(segmentBestK(incomeSpending, 2, 10, "silhouette")).toBe(best(2));
    expect(segmentBestK(incomeSpending, 2, 10, "calinski")).toBe(best(3));
  });

  it("stays within kmin..kmax", () => {
    const k = segmentBestK(incomeSpending, 2, 4);
    expect(k).toBeGreaterThanOrEqual(2);
    expect(k).toBeLessThanOrEqual(4);
  });

  it("refuses an unknown method with #VALUE!", () => {
    expect(excelError(() => segmentBestK(incomeSpending, 2, 10, "gap"))).toEqual({
      code: ErrorCode.invalidValue,
      message: 'method must be one of "auto", "elbow", "silhouette", "calinski" (got "gap").',
    });
  });
});
