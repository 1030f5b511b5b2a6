import { segmentBestK, segmentElbow } from "../../src/functions/functions";
import { RECOMMENDED_MARK } from "../../src/functions/choosing";
import { ErrorCode, columns, excelError, mallCustomers } from "./support";

const mall = mallCustomers();
const incomeSpending = columns(mall, 1, 2);

describe("SEGMENT.ELBOW", () => {
  const table = segmentElbow(incomeSpending);

  it("is a table of k, the four scores, the smallest segment's share and a Recommended column", () => {
    expect(table[0]).toEqual([
      "k",
      "Inertia",
      "Silhouette",
      "Calinski-Harabasz",
      "Davies-Bouldin",
      "Smallest segment %",
      "Recommended",
    ]);
    expect(table.map((row) => row[0])).toEqual(["k", 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(table.every((row) => row.length === 7)).toBe(true);
    const inertias = table.slice(1).map((row) => row[1] as number);
    inertias.slice(1).forEach((x, i) => expect(x).toBeLessThan(inertias[i]));
  });

  it("gives each k's smallest segment as a share of the rows: the 22 customers of k = 5's smallest", () => {
    const shares = table.slice(1).map((row) => row[5] as number);
    for (const share of shares) expect(share).toBeGreaterThan(0);
    expect(shares[3]).toBe(22 / 200);
    // k = 8 leaves a segment of 4 customers (2%): too small to be a segment, but not the recommendation.
    expect(shares[6]).toBe(4 / 200);
  });

  it("marks exactly one row, the recommended k, with the reason", () => {
    const marked = table.slice(1).filter((row) => row[6] !== "");
    expect(marked).toHaveLength(1);
    expect(marked[0][0]).toBe(5);
    expect(marked[0][6]).toBe(
      `${RECOMMENDED_MARK}: k = 5: the inertia curve bends there and it has the highest silhouette (0.55).`,
    );
  });

  it("agrees with BESTK", () => {
    const marked = table.slice(1).find((row) => row[6] !== "") as unknown[];
    expect(segmentBestK(incomeSpending)).toBe(marked[0]);
  });

  it("agrees with BESTK called with the same data, kmin, kmax, scaling and seed", () => {
    // Age, income and spending: here the recommended k does move with the scaling and the seed.
    const markedK = (rows: unknown[][]) => (rows.slice(1).find((row) => row[6] !== "") as unknown[])[0];
    const cases: [number, number, string, number][] = [
      [2, 10, "zscore", 42],
      [2, 10, "zscore", 7],
      [2, 10, "minmax", 42],
      [2, 10, "none", 42],
      [3, 8, "robust", 1],
    ];
    const ks = cases.map(([kmin, kmax, scaling, seed]) => {
      const k = markedK(segmentElbow(mall, kmin, kmax, scaling, seed));
      expect(segmentBestK(mall, kmin, kmax, "auto", scaling, seed)).toBe(k);
      expect(segmentBestK(mall, kmin, kmax, null as never, scaling, seed)).toBe(k);
      return k;
    });
    expect(new Set(ks).size).toBeGreaterThan(1);
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
    expect(excelError(() => segmentElbow(incomeSpending, 0)).code).toBe(ErrorCode.invalidValue);
    expect(excelError(() => segmentElbow(incomeSpending, "two" as never)).code).toBe(ErrorCode.invalidValue);
    expect(excelError(() => segmentElbow(incomeSpending.slice(0, 3), 2)).message).toMatch(
      /leaves no k to try/,
    );
    expect(excelError(() => segmentElbow(incomeSpending.slice(0, 4), 1, 1)).code).toBe(
      ErrorCode.invalidValue,
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

  it("takes scaling and seed as its last arguments, and refuses a bad one as ELBOW does", () => {
    expect(segmentBestK(incomeSpending, 2, 10, "auto", "zscore", 42)).toBe(segmentBestK(incomeSpending));
    expect(excelError(() => segmentBestK(incomeSpending, 2, 10, "auto", "log"))).toEqual(
      excelError(() => segmentElbow(incomeSpending, 2, 10, "log")),
    );
    expect(excelError(() => segmentBestK(incomeSpending, 2, 10, "auto", "zscore", "x" as never)).code).toBe(
      ErrorCode.invalidValue,
    );
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
