import type { CellValue } from "../../src/core/cells";
import { createRng } from "../../src/core/random";
import { analyseRun, analyseSweep, inspectData } from "../../src/taskpane/analysis";
import { ANALYSIS } from "../../src/taskpane/limits";
import { InlineAnalyzer } from "../../src/taskpane/inline-analyzer";
import { mallCustomers } from "./fixtures";

const base = {
  hasHeader: true,
  numberFormats: [],
  features: ["Gender", "Age", "Annual Income (k$)", "Spending Score (1-100)"],
  logTransform: [],
  scaling: "zscore",
  missing: "drop",
} as const;

describe("analyseRun", () => {
  const outcome = analyseRun(
    mallCustomers(),
    { ...base, algorithm: "kmeans", params: { k: 4 } },
    () => undefined,
  );

  it("sorts silhouettes by segment, then from highest to lowest within each", () => {
    const s = outcome.silhouette;
    expect(s).not.toBeNull();
    if (!s) return;
    for (let i = 1; i < s.values.length; i++) {
      expect(s.labels[i]).toBeGreaterThanOrEqual(s.labels[i - 1]);
      if (s.labels[i] === s.labels[i - 1]) expect(s.values[i]).toBeLessThanOrEqual(s.values[i - 1]);
    }
    expect(s.exact).toBe(true);
    expect(s.mean).toBeCloseTo(s.values.reduce((a, b) => a + b, 0) / s.values.length, 12);
  });

  it("plots every row on two principal components when there are few", () => {
    expect(outcome.scatter.x).toHaveLength(200);
    expect(outcome.scatter.total).toBe(200);
    expect(outcome.scatter.explained[0]).toBeGreaterThan(outcome.scatter.explained[1]);
    const counts = [0, 0, 0, 0];
    for (const l of outcome.scatter.labels) counts[l - 1]++;
    expect(counts).toEqual(outcome.sizes);
  });

  it("says what drives the segments: each feature's R² in feature order, and Gender splitting them", () => {
    expect(outcome.separation.map((f) => f.feature)).toEqual(base.features);
    for (const f of outcome.separation) {
      expect(f.r2).toBeGreaterThanOrEqual(0);
      expect(f.r2).toBeLessThanOrEqual(1);
    }
    // On z-scored one-hot columns Gender outweighs the numbers: k = 4 gives two segments of each gender.
    expect(outcome.separation[0].r2).toBeCloseTo(1, 12);
    expect(outcome.warnings).toEqual([
      "Gender alone splits the segments: every segment is at least 95% one value. Leave it out of the features and profile by it instead.",
    ]);
  });

  it("has no warning on income and spending alone at k = 5", () => {
    const run = analyseRun(
      mallCustomers(),
      {
        ...base,
        features: ["Annual Income (k$)", "Spending Score (1-100)"],
        algorithm: "kmeans",
        params: { k: 5 },
      },
      () => undefined,
    );
    expect(run.separation.map((f) => f.r2)).toEqual([expect.closeTo(0.79, 2), expect.closeTo(0.88, 2)]);
    expect(run.warnings).toEqual([]);
  });

  it("reports progress from the k-means iterations, ending at 1", () => {
    const fractions: number[] = [];
    analyseRun(mallCustomers(), { ...base, algorithm: "kmeans", params: { k: 3 } }, (p) => {
      if (p.fraction !== null) fractions.push(p.fraction);
    });
    expect(fractions.at(-1)).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
  });
});

describe("sampling for the plots", () => {
  it("samples at most the plot limits, every segment represented", () => {
    const rng = createRng(3);
    const rows: CellValue[][] = [["x", "y"]];
    for (let i = 0; i < 6000; i++) rows.push([rng.next() + (i % 3) * 5, rng.next()]);
    const out = analyseRun(
      rows,
      { ...base, features: ["x", "y"], algorithm: "kmeans", params: { k: 3 } },
      () => undefined,
    );
    expect(out.scatter.x.length).toBeLessThanOrEqual(ANALYSIS.scatterLimit + 3);
    expect(out.scatter.total).toBe(6000);
    expect(out.silhouette?.exact).toBe(false);
    expect(out.silhouette?.values.length).toBeLessThanOrEqual(ANALYSIS.silhouetteLimit + 3);
    expect(new Set(out.silhouette?.labels)).toEqual(new Set([1, 2, 3]));
  });
});

describe("analyseSweep", () => {
  it("reports progress from every k-means iteration within each k, never stepping back", () => {
    const reports: { fraction: number; message: string }[] = [];
    analyseSweep(mallCustomers(), { ...base, kmax: 4 }, (p) => {
      if (p.fraction !== null) reports.push({ fraction: p.fraction, message: p.message });
    });
    const messages = reports.map((r) => r.message);
    expect(messages).toContain("Trying k = 3: start 2 of 4, iteration 1…");
    expect(messages.indexOf("Trying k = 3: start 1 of 4, iteration 1…")).toBeGreaterThan(
      messages.indexOf("Tried k = 2 (1 of 3)…"),
    );
    expect(reports.at(-1)).toEqual({ fraction: 1, message: "Tried k = 4 (3 of 3)…" });
    for (let i = 1; i < reports.length; i++) {
      expect(reports[i].fraction).toBeGreaterThanOrEqual(reports[i - 1].fraction);
    }
  });

  it("fits every k on a sample of a large sheet and says so; a small one is swept whole", () => {
    expect(analyseSweep(mallCustomers(), { ...base, kmax: 3 }, () => undefined)).toMatchObject({
      usableRows: 200,
      sweptRows: 200,
    });
    const rng = createRng(3);
    const n = ANALYSIS.sweepSampleRows + 500;
    const big: CellValue[][] = [["a", "b"]];
    for (let i = 0; i < n; i++) big.push([(i % 3) * 10 + rng.next(), (i % 3) * 5 + rng.next()]);
    const out = analyseSweep(big, { ...base, features: ["a", "b"], kmax: 3 }, () => undefined);
    expect(out).toMatchObject({ usableRows: n, sweptRows: ANALYSIS.sweepSampleRows });
    expect(out.recommendation.k).toBe(3);
  });

  it("needs at least three usable rows", () => {
    expect(() =>
      analyseSweep(
        [
          ["a", "b"],
          [1, 2],
          [3, 4],
        ],
        { ...base, features: ["a", "b"], kmax: 10 },
        () => undefined,
      ),
    ).toThrow("Choosing the number of segments needs at least 3 usable rows; there are 2.");
  });
});

describe("InlineAnalyzer", () => {
  it("stops a sweep at the next progress report when cancelled", async () => {
    const analyzer = new InlineAnalyzer();
    analyzer.setData(mallCustomers());
    const call = analyzer.sweep({ ...base, kmax: 10 }, (p) => {
      if (p.message.startsWith("Tried")) analyzer.cancel();
    });
    await expect(call).rejects.toThrow("Cancelled.");
  });
});

describe("inspectData", () => {
  it("detects the header and describes every column, or says why it cannot", () => {
    const summary = inspectData(mallCustomers(), { header: "auto", numberFormats: [] });
    expect(summary).toMatchObject({ hasHeader: true, rowCount: 200 });
    expect(summary.columns[0]).toMatchObject({
      name: "CustomerID",
      kind: "identifier",
      defaultSelected: false,
    });
    expect(() => inspectData([["Age", "Income"]], { header: "auto", numberFormats: [] })).toThrow(
      "The range has a header but no data rows.",
    );
    expect(() => inspectData([], { header: "auto", numberFormats: [] })).toThrow("The range is empty.");
  });

  it("honours a forced header and date formats", () => {
    const values: CellValue[][] = [
      [45000, 3],
      [45031, 4],
      [45090, 5],
    ];
    const summary = inspectData(values, { header: false, numberFormats: ["yyyy-mm-dd", null] });
    expect(summary.hasHeader).toBe(false);
    expect(summary.columns.map((c) => [c.name, c.kind])).toEqual([
      ["Column 1", "date"],
      ["Column 2", "numeric"],
    ]);
  });
});
