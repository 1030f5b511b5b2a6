import type { CellValue } from "../../src/core/cells";
import { FEATURE_THRESHOLDS, describeFeature, describeFeatures } from "../../src/core/features";
import { readTable } from "../../src/core/table";
import { mallCustomers } from "../taskpane/fixtures";

function column(name: string, cells: CellValue[]) {
  const table = readTable([[name], ...cells.map((c) => [c])], { header: true });
  return describeFeature(table.columns[0], table.rowCount);
}

const kinds = (info: { warnings: readonly { kind: string }[] }) => info.warnings.map((w) => w.kind);

describe("describeFeatures on the Mall Customers data", () => {
  const infos = describeFeatures(readTable(mallCustomers()));

  it("reports each column's kind and leaves the identifier unchecked", () => {
    expect(infos.map((i) => [i.name, i.kind, i.defaultSelected])).toEqual([
      ["CustomerID", "identifier", false],
      ["Gender", "categorical", true],
      ["Age", "numeric", true],
      ["Annual Income (k$)", "numeric", true],
      ["Spending Score (1-100)", "numeric", true],
    ]);
  });

  it("finds nothing to warn about in the measures (all mildly skewed at most)", () => {
    for (const info of infos.slice(1)) expect(kinds(info)).toEqual([]);
    expect(kinds(infos[0])).toEqual(["identifier"]);
  });

  it("reports each column as it is done, and describes them the same", () => {
    const heard: [number, number][] = [];
    const again = describeFeatures(readTable(mallCustomers()), (done, total) => heard.push([done, total]));
    expect(heard).toEqual([1, 2, 3, 4, 5].map((done) => [done, 5]));
    expect(again).toEqual(infos);
  });
});

describe("describeFeature warnings", () => {
  it("flags a right skew and suggests log(1 + x) when every value is above -1", () => {
    const spend = [1, 1, 2, 2, 3, 3, 4, 5, 8, 12];
    const info = column("Spend", spend);
    expect(info.skewness).toBeGreaterThan(FEATURE_THRESHOLDS.skewness);
    expect(kinds(info)).toEqual(["skewed"]);
    expect(info.suggestLog).toBe(true);
    expect(info.autoLog).toBe(false);
    expect(info.warnings[0].message).toMatch(/^Skewed to the right \(skewness 1\.3\): a log transform/);
    expect(info.defaultSelected).toBe(true);
  });

  it("says a heavy right tail (skewness above 2) gets log(1 + x) by default", () => {
    const info = column("Spend", [1, 1, 2, 2, 3, 3, 4, 5, 8, 400]);
    expect(info.autoLog).toBe(true);
    expect(info.suggestLog).toBe(true);
    expect(kinds(info)).toEqual(["skewed"]);
    expect(info.warnings[0].message).toBe(
      "Heavy right tail (skewness 2.7): log(1 + x) is on by default, so a few large values do not decide the segments.",
    );
  });

  it("does not suggest a log for a right skew that reaches -1 or below", () => {
    const info = column("Balance", [-5, 1, 1, 2, 2, 3, 3, 4, 5, 400]);
    expect(kinds(info)).toEqual(["skewed"]);
    expect(info.suggestLog).toBe(false);
    expect(info.autoLog).toBe(false);
  });

  it("flags a left skew without suggesting a log", () => {
    const info = column("Score", [100, 99, 99, 98, 98, 97, 97, 96, 95, 1]);
    expect(info.warnings[0].message).toMatch(/^Skewed to the left/);
    expect(info.suggestLog).toBe(false);
  });

  it("flags an almost constant column with its dominant value", () => {
    const cells: CellValue[] = Array.from({ length: 40 }, (_, i) => (i === 0 ? "DE" : "UK"));
    const info = column("Country", cells);
    expect(kinds(info)).toEqual(["almostConstant"]);
    expect(info.warnings[0].message).toBe('Almost constant: 98% of rows are "UK".');
    expect(info.defaultSelected).toBe(true);
  });

  it("unchecks a constant column", () => {
    const info = column("Flag", [7, 7, 7, 7]);
    expect(info.warnings[0].message).toBe("Constant: every row is 7, so it cannot tell segments apart.");
    expect(info.defaultSelected).toBe(false);
  });

  it("flags many missing cells and says what the missing-value policy does", () => {
    const info = column("Age", [30, "", 40, "", 50, 61, 33, 45, 52, 29]);
    expect(info.missingShare).toBeCloseTo(0.2, 12);
    expect(kinds(info)).toEqual(["manyMissing"]);
    expect(info.warnings[0].message).toMatch(/^20% of rows are empty/);
  });

  it("flags invalid cells by row and leaves the column unchecked", () => {
    const info = column("Income", [10, 20, "n/a", 30, 40, 50, 60, 70, 80, 90, "#N/A"]);
    expect(kinds(info)).toContain("invalid");
    expect(info.warnings.find((w) => w.kind === "invalid")?.message).toBe(
      'Row 4 holds "n/a", not a number (2 such cells): fix it before using this column.',
    );
    expect(info.defaultSelected).toBe(false);
  });

  it("flags a text column with many categories", () => {
    const cells = Array.from({ length: 60 }, (_, i) => `City ${i % 30}`);
    const info = column("City", cells);
    expect(kinds(info)).toEqual(["manyCategories"]);
    expect(info.defaultSelected).toBe(false);
  });

  it("recognises labels written by an earlier run", () => {
    const info = column("Segment", [1, 2, 1, 3, 2, 1]);
    expect(kinds(info)).toContain("segmentLabels");
    expect(info.defaultSelected).toBe(false);
  });

  it("makes an empty column unselectable", () => {
    const table = readTable([
      ["A", "B"],
      [1, ""],
      [2, ""],
    ]);
    const info = describeFeature(table.columns[1], table.rowCount);
    expect(info).toMatchObject({ kind: "empty", selectable: false, defaultSelected: false });
  });
});
