import { CLUSTERERS } from "../../src/core/algorithms";
import { NOISE, resolveParams } from "../../src/core/algorithms/clusterer";
import type { CellValue } from "../../src/core/cells";
import { dbscanSpill, kdistTable } from "../../src/functions/density";
import { gmmBicSpill, gmmSpill } from "../../src/functions/mixtures";
import { kmeansSpill } from "../../src/functions/segmenting";
import { PANE_ALGORITHMS } from "../../src/taskpane/algorithms";
import { analyseRun } from "../../src/taskpane/analysis";
import { analyseExplore } from "../../src/taskpane/explore";
import { ANALYSIS } from "../../src/taskpane/limits";
import type { AnalysisOptions, RunOutcome } from "../../src/taskpane/protocol";
import { mallCustomers } from "./fixtures";

/**
 * The wizard's analysis for each algorithm behind the seam, held to what the formulas give on the same
 * data: the pane and SEGMENT.DBSCAN, GMM and GMMBIC must tell an analyst the same thing.
 */
const INCOME_SCORE = ["Annual Income (k$)", "Spending Score (1-100)"];
const options: AnalysisOptions = {
  hasHeader: true,
  numberFormats: [],
  features: INCOME_SCORE,
  logTransform: [],
  scaling: "zscore",
  missing: "drop",
};
/** Income and score with their header, as a formula's range would hold them. */
const incomeScore = (): CellValue[][] => mallCustomers().map((row) => [row[3], row[4]]);
/** A label spill's numbers, header dropped. */
const spillLabels = (spill: unknown[][]) => spill.slice(1).map((row) => row[0]);
/** Labels as a spill shows them: noise 0, a row left out "". */
const shown = (labels: ArrayLike<number>) =>
  Array.from(labels, (label) => (label === NOISE ? 0 : label >= 1 ? label : ""));
const noProgress = () => undefined;

describe("the pane's algorithms", () => {
  it("are the core's clusterers, with their labels and parameter tables", () => {
    expect(PANE_ALGORITHMS.map((a) => a.id)).toEqual(["kmeans", "gmm", "dbscan"]);
    for (const a of PANE_ALGORITHMS) {
      expect(a.label).toBe(CLUSTERERS[a.id].label);
      expect(a.params).toBe(CLUSTERERS[a.id].params);
    }
  });

  it("check parameters against the table, naming the one that is wrong", () => {
    const specs = CLUSTERERS.dbscan.params;
    expect(resolveParams(specs, { eps: 0.5 })).toEqual({ eps: 0.5, min_points: 5 });
    expect(() => resolveParams(specs, {})).toThrow("eps is required.");
    expect(() => resolveParams(specs, { eps: 0 })).toThrow("eps must be more than 0 (got 0).");
    expect(() => resolveParams(specs, { eps: 1, min_points: 2.5 })).toThrow(
      "min_points must be a whole number (got 2.5).",
    );
    expect(() => resolveParams(CLUSTERERS.gmm.params, { k: 3, covariance: "round" })).toThrow(
      'covariance must be one of "full", "diag", "spherical", "tied" (got "round").',
    );
  });
});

describe("a DBSCAN run in the pane", () => {
  const run = analyseRun(
    mallCustomers(),
    { ...options, algorithm: "dbscan", params: { eps: 0.43, min_points: 5 } },
    noProgress,
  );

  it("gives SEGMENT.DBSCAN's labels, noise included", () => {
    expect(shown(run.labelsByRow)).toEqual(
      spillLabels(dbscanSpill(incomeScore(), 0.43, 5, "zscore", "none")),
    );
    expect(run.sizes).toEqual([143, 33, 11]);
    expect([run.k, run.noise, run.unlabelled]).toEqual([3, 13, 0]);
    expect(run.params).toEqual({ eps: 0.43, min_points: 5 });
  });

  it("profiles noise as a group of its own and leaves it out of the silhouettes", () => {
    expect(run.report.segments.map((s) => s.size)).toEqual([143, 33, 11]);
    expect(run.report.noise?.size).toBe(13);
    expect(run.report.noise?.name).toBe("Noise");
    const sil = run.silhouette as NonNullable<RunOutcome["silhouette"]>;
    expect(sil.values).toHaveLength(187);
    expect(Array.from(sil.labels).every((l) => l >= 1 && l <= 3)).toBe(true);
  });

  it("plots the noise, labelled as noise", () => {
    const labels = Array.from(run.scatter.labels);
    expect(labels.filter((l) => l === NOISE)).toHaveLength(13);
    expect(labels.filter((l) => l >= 1)).toHaveLength(187);
  });

  it("explains a run where every row is noise, and what to change", () => {
    expect(() =>
      analyseRun(
        mallCustomers(),
        { ...options, algorithm: "dbscan", params: { eps: 0.01, min_points: 5 } },
        noProgress,
      ),
    ).toThrow("With eps = 0.01 and min points = 5, no row has enough neighbours: every row is noise.");
  });
});

describe("a Gaussian mixture run in the pane", () => {
  const run = analyseRun(mallCustomers(), { ...options, algorithm: "gmm", params: { k: 5 } }, noProgress);
  const spill = gmmSpill(incomeScore(), 5, "full", "zscore", undefined, undefined, "none").slice(1);

  it("gives SEGMENT.GMM's labels, with the table's defaults filled in", () => {
    expect(Array.from(run.labelsByRow)).toEqual(spill.map((row) => row[0]));
    expect(run.params).toEqual({ k: 5, covariance: "full", seed: 42, restarts: 4 });
    expect(run.noise).toBe(0);
  });

  it("says how sure the assignments are, from the same probabilities as the formula's", () => {
    const probabilities = spill.map((row) => row[1] as number);
    const mean = probabilities.reduce((a, b) => a + b, 0) / probabilities.length;
    expect(run.confidence?.mean).toBeCloseTo(mean, 12);
    expect(run.confidence?.uncertain).toBe(probabilities.filter((p) => p < ANALYSIS.uncertainBelow).length);
    expect(run.confidence?.uncertain).toBeGreaterThan(0);
  });
});

describe("a k-means run in the pane", () => {
  it("still gives SEGMENT.KMEANS's labels, one byte each", () => {
    const run = analyseRun(
      mallCustomers(),
      { ...options, algorithm: "kmeans", params: { k: 5 } },
      noProgress,
    );
    expect(run.labelsByRow).toBeInstanceOf(Uint8Array);
    expect(Array.from(run.labelsByRow)).toEqual(
      spillLabels(kmeansSpill([incomeScore(), 5, "zscore", undefined, undefined, "none"])),
    );
    expect(run.confidence).toBeNull();
  });
});

describe("exploring before a run", () => {
  it("gives SEGMENT.GMMBIC's BIC and AIC and recommendation for a mixture", () => {
    const sweep = analyseExplore(
      mallCustomers(),
      { ...options, kind: "mixture", kmax: 10, covariance: "full" },
      noProgress,
    );
    if (sweep.kind !== "mixture") throw new Error(sweep.kind);
    const table = gmmBicSpill(incomeScore(), 1, 10, "full", "zscore", "none").slice(1);
    expect(sweep.points.map((p) => [p.k, p.bic, p.aic, p.converged])).toEqual(
      table.map((row) => [row[0], row[1], row[2], row[4]]),
    );
    expect(sweep.recommendation.k).toBe(5);
    expect([sweep.usableRows, sweep.sweptRows]).toEqual([200, 200]);
  });

  it("gives SEGMENT.KDIST's curve and suggested eps for DBSCAN", () => {
    const curve = analyseExplore(mallCustomers(), { ...options, kind: "density", minPoints: 5 }, noProgress);
    if (curve.kind !== "density") throw new Error(curve.kind);
    const table = kdistTable(incomeScore(), 5, "zscore", "none").slice(1);
    expect(Array.from(curve.distances)).toEqual(table.map((row) => row[1]));
    const knee = table.findIndex((row) => row[2] !== "");
    expect([curve.kneeIndex, curve.suggestedEps]).toEqual([knee, table[knee][2]]);
    expect(curve.suggestedEps.toPrecision(2)).toBe("0.43");
  });

  it("counts the segments and noise an eps gives, as the run would", () => {
    const counts = (eps: number) =>
      analyseExplore(mallCustomers(), { ...options, kind: "densityCounts", eps, minPoints: 5 }, noProgress);
    expect(counts(0.43)).toEqual({
      kind: "densityCounts",
      eps: 0.43,
      minPoints: 5,
      sizes: [143, 33, 11],
      noise: 13,
    });
    const wider = counts(0.6);
    if (wider.kind !== "densityCounts") throw new Error(wider.kind);
    expect(wider.noise).toBeLessThan(13);
  });

  it("refuses min points above the rows, naming both", () => {
    expect(() =>
      analyseExplore(mallCustomers().slice(0, 4), { ...options, kind: "density", minPoints: 5 }, noProgress),
    ).toThrow("min points = 5 is more than the 3 usable rows.");
  });
});
