/**
 * The core against scikit-learn 1.2 reference numbers (test/fixtures/sklearn-reference.json, written by
 * `/usr/bin/python3 scripts/sklearn_reference.py`; see the script for how each figure was made).
 *
 * scikit-learn numbers its clusters arbitrarily (0-based); the core numbers segments 1..k by size,
 * largest first, ties to the segment that appears first. The tests renumber scikit-learn's labels the
 * same way, so partitions compare label for label and centroids row for row.
 */
import * as fs from "fs";
import * as path from "path";
import { kmeans } from "../../src/core/kmeans";
import { Matrix, matrixFromRows } from "../../src/core/matrix";
import { calinskiHarabasz, daviesBouldin, silhouetteSamples, silhouetteScore } from "../../src/core/metrics";
import { Scaling, fitPreprocessor } from "../../src/core/preprocess";
import { readTable } from "../../src/core/table";
import { expectAllClose } from "../helpers/close";

const FIXTURES = path.join(__dirname, "..", "fixtures");

interface ScalerRef {
  dataset: string;
  features: string[];
  scaling: Scaling;
  center: number[];
  scale: number[];
  firstRows: number[][];
}

interface KMeansRef {
  name: string;
  dataset: string;
  features: string[];
  scaling: Scaling;
  k: number;
  initRows: number[];
  maxIter: number;
  tol: number;
  labels: number[];
  centers: number[][];
  inertia: number;
  nIter: number;
}

interface MetricsRef {
  name: string;
  dataset: string;
  features: string[];
  scaling: Scaling;
  labels: number[];
  silhouette: number;
  silhouetteSamples: number[];
  calinskiHarabasz: number;
  daviesBouldin: number;
}

interface OptimumRef {
  name: string;
  dataset: string;
  features: string[];
  scaling: Scaling;
  k: number;
  labels: number[];
  centers: number[][];
  inertia: number;
  silhouette: number;
}

interface Reference {
  meta: { datasets: Record<string, { file: string }> };
  scalers: ScalerRef[];
  kmeans: KMeansRef[];
  metrics: MetricsRef[];
  optima: OptimumRef[];
}

const reference: Reference = JSON.parse(
  fs.readFileSync(path.join(FIXTURES, "sklearn-reference.json"), "utf8"),
);

/** A fixture CSV as Excel would hand it over: a header of text over rows of numbers (or text). */
function readCsv(file: string): (string | number)[][] {
  const lines = fs.readFileSync(path.join(FIXTURES, file), "utf8").trim().split(/\r?\n/);
  return lines.map((line, i) =>
    line
      .split(",")
      .map((cell) => (i > 0 && cell !== "" && !Number.isNaN(Number(cell)) ? Number(cell) : cell)),
  );
}

const csvCache = new Map<string, (string | number)[][]>();
function csvOf(dataset: string): (string | number)[][] {
  let values = csvCache.get(dataset);
  if (!values) {
    values = readCsv(reference.meta.datasets[dataset].file);
    csvCache.set(dataset, values);
  }
  return values;
}

/** Model-space matrix of a dataset: raw columns via matrixFromRows, or the core's own scaling. */
function matrixOf(dataset: string, features: readonly string[], scaling: Scaling): Matrix {
  const values = csvOf(dataset);
  if (scaling === "none") {
    const header = values[0];
    const idx = features.map((f) => header.indexOf(f));
    return matrixFromRows(values.slice(1).map((row) => idx.map((j) => row[j] as number)));
  }
  return fitPreprocessor(readTable(values), { features, scaling }).matrix;
}

function expectClose(actual: number, expected: number, rel: number, abs: number, what: string): void {
  expectAllClose([actual], [expected], rel, abs, what);
}

/** Labels renumbered as the core numbers segments: 1..k by size, largest first, ties to first appearance. */
function canonicalLabels(labels: readonly number[]): { labels: number[]; order: number[] } {
  const sizes = new Map<number, number>();
  const first = new Map<number, number>();
  labels.forEach((c, i) => {
    sizes.set(c, (sizes.get(c) ?? 0) + 1);
    if (!first.has(c)) first.set(c, i);
  });
  const order = [...sizes.keys()].sort(
    (a, b) =>
      (sizes.get(b) as number) - (sizes.get(a) as number) ||
      (first.get(a) as number) - (first.get(b) as number),
  );
  const rank = new Map(order.map((c, r) => [c, r + 1]));
  return { labels: labels.map((c) => rank.get(c) as number), order };
}

const REL = 1e-9;
const ABS = 1e-12;

describe("scalers match scikit-learn", () => {
  test.each(reference.scalers.map((s) => [`${s.dataset} ${s.scaling}`, s] as const))("%s", (_name, ref) => {
    const { preprocessor, matrix } = fitPreprocessor(readTable(csvOf(ref.dataset)), {
      features: ref.features,
      scaling: ref.scaling,
    });
    expect(preprocessor.outputs.map((o) => o.name)).toEqual(ref.features);
    expectAllClose(
      preprocessor.outputs.map((o) => o.center),
      ref.center,
      1e-12,
      0,
      "center",
    );
    expectAllClose(
      preprocessor.outputs.map((o) => o.scale),
      ref.scale,
      1e-12,
      0,
      "scale",
    );
    const d = ref.features.length;
    expectAllClose(matrix.data.subarray(0, 3 * d), ref.firstRows.flat(), 1e-12, 1e-14, "first rows");
  });
});

describe("k-means from explicit initial centres matches scikit-learn (lloyd, n_init=1)", () => {
  test.each(reference.kmeans.map((r) => [r.name, r] as const))("%s", (_name, ref) => {
    const matrix = matrixOf(ref.dataset, ref.features, ref.scaling);
    const { d } = matrix;
    const init = new Float64Array(ref.k * d);
    ref.initRows.forEach((row, c) => init.set(matrix.data.subarray(row * d, row * d + d), c * d));
    const fit = kmeans(matrix, {
      k: ref.k,
      initialCentroids: init,
      maxIterations: ref.maxIter,
      tolerance: ref.tol,
    });

    const canonical = canonicalLabels(ref.labels);
    expect(Array.from(fit.labels)).toEqual(canonical.labels);
    expectAllClose(fit.centroids, canonical.order.map((c) => ref.centers[c]).flat(), REL, ABS, "centroids");
    expectClose(fit.inertia, ref.inertia, REL, 0, "inertia");
    expect(fit.iterations).toBe(ref.nIter);
    expect(fit.converged).toBe(true);
  });
});

describe("metrics match scikit-learn's definitions (exact Euclidean distances)", () => {
  test.each(reference.metrics.map((r) => [`${r.name} (${r.scaling})`, r] as const))("%s", (_name, ref) => {
    const matrix = matrixOf(ref.dataset, ref.features, ref.scaling);
    expectAllClose(
      silhouetteSamples(matrix, ref.labels),
      ref.silhouetteSamples,
      REL,
      ABS,
      "silhouette samples",
    );
    const summary = silhouetteScore(matrix, ref.labels);
    expect(summary.exact).toBe(true);
    expectClose(summary.mean, ref.silhouette, REL, ABS, "silhouette");
    expectClose(calinskiHarabasz(matrix, ref.labels), ref.calinskiHarabasz, REL, 0, "Calinski-Harabasz");
    expectClose(daviesBouldin(matrix, ref.labels), ref.daviesBouldin, REL, 0, "Davies-Bouldin");
  });

  test("the singleton labeling really has a cluster of one, whose silhouette is 0", () => {
    const ref = reference.metrics.find((r) => r.name === "iris-species-row0-singleton") as MetricsRef;
    expect(ref.labels.filter((c) => c === ref.labels[0])).toHaveLength(1);
    const matrix = matrixOf(ref.dataset, ref.features, ref.scaling);
    expect(silhouetteSamples(matrix, ref.labels)[0]).toBe(0);
  });
});

describe("k-means++ restarts reach scikit-learn's best of 50 starts", () => {
  const cases: [string, number | undefined][] = [
    ["mall-income-spending-k5", 10],
    ["mall-income-spending-k5", undefined],
    ["iris-zscore-k3", 10],
  ];
  test.each(cases)("%s, restarts %s, seed 42", (name, restarts) => {
    const ref = reference.optima.find((r) => r.name === name) as OptimumRef;
    const matrix = matrixOf(ref.dataset, ref.features, ref.scaling);
    const fit = kmeans(matrix, { k: ref.k, restarts, seed: 42 });
    expectClose(fit.inertia, ref.inertia, 1e-6, 0, "inertia");
    const canonical = canonicalLabels(ref.labels);
    expect(Array.from(fit.labels)).toEqual(canonical.labels);
    expectAllClose(fit.centroids, canonical.order.map((c) => ref.centers[c]).flat(), 1e-9, ABS, "centroids");
    expectClose(silhouetteScore(matrix, fit.labels).mean, ref.silhouette, REL, ABS, "silhouette");
  });

  test("the mall optimum has the well-known silhouette of about 0.5539", () => {
    const ref = reference.optima.find((r) => r.name === "mall-income-spending-k5") as OptimumRef;
    expect(ref.silhouette).toBeCloseTo(0.5539, 4);
  });
});
