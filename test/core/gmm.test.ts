/**
 * Gaussian mixtures (src/core/algorithms/gmm*.ts) against scikit-learn 1.2's GaussianMixture
 * (test/fixtures/sklearn-gmm.json, written by `/usr/bin/python3 scripts/sklearn_gmm.py`; see the
 * script for how each case was made), and properties of the fit.
 *
 * Both sides start from the same weights, means and precisions, so EM can be compared iteration for
 * iteration. scikit-learn numbers its components arbitrarily (0-based); the core numbers segments by
 * size, and its component c is segment c + 1. The tests renumber scikit-learn's labels the same way
 * and compare its components in that order.
 */
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { NOISE, ParamSpec } from "../../src/core/algorithms/clusterer";
import {
  COVARIANCE_TYPES,
  CovarianceType,
  GMM_PARAMS,
  GmmResult,
  MAX_GMM_RESTARTS,
  covarianceLength,
  gaussianMixture,
  gmmBicTable,
  gmmClusterer,
  gmmPosteriors,
  parameterCount,
} from "../../src/core/algorithms/gmm";
import { cholesky } from "../../src/core/algorithms/gmm-covariance";
import { DEFAULTS } from "../../src/core/defaults";
import { SegmentError } from "../../src/core/errors";
import { kmeans } from "../../src/core/kmeans";
import { Matrix, matrixFromRows } from "../../src/core/matrix";
import { fitPreprocessor } from "../../src/core/preprocess";
import { createRng } from "../../src/core/random";
import { readTable } from "../../src/core/table";
import { expectAllClose } from "../helpers/close";

const FIXTURES = path.join(__dirname, "..", "fixtures");

interface GmmRef {
  name: string;
  dataset: string;
  features: string[];
  scaling: "zscore" | "none";
  k: number;
  covariance: CovarianceType;
  regCovar: number;
  tol: number;
  maxIter: number;
  firstRows: number[][];
  init: { weights: number[]; means: number[]; precisions: number[] };
  labels: number[];
  lowerBound: number;
  score: number;
  nIter: number;
  converged: boolean;
  weights: number[];
  means: number[];
  covariances: number[];
  bic: number;
  aic: number;
  nParameters: number;
  probaFirstRows: number[][];
}

interface PathRef {
  name: string;
  dataset?: string;
  data?: number[];
  k: number;
  covariance: CovarianceType;
  regCovar: number;
  init: { weights: number[]; means: number[]; precisions: number[] };
  lowerBounds: number[];
}

const reference: {
  meta: { datasets: Record<string, { file: string }> };
  cases: GmmRef[];
  paths: PathRef[];
} = JSON.parse(fs.readFileSync(path.join(FIXTURES, "sklearn-gmm.json"), "utf8"));

function readCsv(file: string): (string | number)[][] {
  const lines = fs.readFileSync(path.join(FIXTURES, file), "utf8").trim().split(/\r?\n/);
  return lines.map((line, i) =>
    line
      .split(",")
      .map((cell) => (i > 0 && cell !== "" && !Number.isNaN(Number(cell)) ? Number(cell) : cell)),
  );
}

function matrixOf(ref: GmmRef): Matrix {
  const values = readCsv(reference.meta.datasets[ref.dataset].file);
  if (ref.scaling === "none") {
    const header = values[0];
    const idx = ref.features.map((f) => header.indexOf(f));
    return matrixFromRows(values.slice(1).map((row) => idx.map((j) => row[j] as number)));
  }
  return fitPreprocessor(readTable(values), { features: ref.features, scaling: ref.scaling }).matrix;
}

/** scikit-learn's component for each of our segments: by size, ties to the first row (numberBySize). */
function sizeOrder(labels: readonly number[], k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  const first = new Array<number>(k).fill(labels.length);
  labels.forEach((c, i) => {
    sizes[c]++;
    if (first[c] === labels.length) first[c] = i;
  });
  return Array.from({ length: k }, (_, c) => c).sort((a, b) => sizes[b] - sizes[a] || first[a] - first[b]);
}

function pick(values: readonly number[], order: readonly number[], size: number): number[] {
  return order.flatMap((c) => values.slice(c * size, c * size + size));
}

/** The type's covariances of scikit-learn's components, in our segment order. */
function covariancesInOrder(ref: GmmRef, order: readonly number[], d: number): number[] {
  switch (ref.covariance) {
    case "full":
      return pick(ref.covariances, order, d * d);
    case "diag":
      return pick(ref.covariances, order, d);
    case "spherical":
      return pick(ref.covariances, order, 1);
    case "tied":
      return ref.covariances;
  }
}

function fitFromReference(ref: GmmRef, matrix: Matrix): GmmResult {
  return gaussianMixture(matrix, {
    k: ref.k,
    covariance: ref.covariance,
    regCovar: ref.regCovar,
    tolerance: ref.tol,
    maxIterations: ref.maxIter,
    init: {
      weights: Float64Array.from(ref.init.weights),
      means: Float64Array.from(ref.init.means),
      precisions: Float64Array.from(ref.init.precisions),
    },
  });
}

// Observed agreement is about 1e-14 relative; the issue asks for 1e-6 (lower bound). These bounds
// leave room for another summation order without letting a wrong formula through.
const REL = 1e-9;
const ABS = 1e-12;

describe("Gaussian mixture from scikit-learn's start matches scikit-learn 1.2", () => {
  test("the fixture covers every covariance type on both data sets", () => {
    for (const type of COVARIANCE_TYPES) {
      for (const dataset of ["mall", "iris"]) {
        expect(reference.cases.some((c) => c.covariance === type && c.dataset === dataset)).toBe(true);
      }
    }
  });

  test.each(reference.cases.map((r) => [r.name, r] as const))("%s", (_name, ref) => {
    const matrix = matrixOf(ref);
    const { d } = matrix;
    expectAllClose(matrix.data.subarray(0, 3 * d), ref.firstRows.flat(), 1e-12, 1e-14, "first rows");
    const fit = fitFromReference(ref, matrix);

    // Every scikit-learn component holds rows in these cases, so the size order maps them all.
    expect(new Set(ref.labels).size).toBe(ref.k);
    const order = sizeOrder(ref.labels, ref.k);
    const rank = new Map(order.map((c, r) => [c, r + 1]));
    expect(Array.from(fit.labels)).toEqual(ref.labels.map((c) => rank.get(c)));

    expect(fit.iterations).toBe(ref.nIter);
    expect(fit.converged).toBe(ref.converged);
    expectAllClose([fit.lowerBound], [ref.lowerBound], REL, 0, "lower bound");
    expect(fit.lowerBounds[fit.lowerBounds.length - 1]).toBe(fit.lowerBound);
    expect(fit.lowerBounds).toHaveLength(ref.nIter);
    expectAllClose([fit.logLikelihood], [ref.score], REL, 0, "score");
    expectAllClose(fit.weights, pick(ref.weights, order, 1), REL, ABS, "weights");
    expectAllClose(fit.means, pick(ref.means, order, d), REL, ABS, "means");
    expect(fit.centroids).toBe(fit.means);
    expectAllClose(fit.covariances, covariancesInOrder(ref, order, d), REL, ABS, "covariances");
    expect(fit.parameters).toBe(ref.nParameters);
    expectAllClose([fit.bic], [ref.bic], REL, 0, "bic");
    expectAllClose([fit.aic], [ref.aic], REL, 0, "aic");

    const rows = ref.probaFirstRows.length;
    const head: Matrix = { data: matrix.data.subarray(0, rows * d), n: rows, d };
    const { responsibilities } = gmmPosteriors(fit, head);
    expectAllClose(
      responsibilities as Float64Array,
      ref.probaFirstRows.flatMap((row) => order.map((c) => row[c])),
      1e-9,
      1e-12,
      "predict_proba",
    );
    expectAllClose(
      fit.probabilities.subarray(0, rows),
      ref.probaFirstRows.map((row, i) => row[ref.labels[i]]),
      1e-9,
      1e-12,
      "probabilities",
    );
    expect(fit.algorithm).toBe("gmm");
    expect(fit.noise).toBe(0);
    expect(fit.start).toBe(1);
  });
});

describe("the lower bound after each iteration matches scikit-learn's", () => {
  test.each(reference.paths.map((p) => [p.name, p] as const))("%s", (_name, ref) => {
    const matrix = ref.dataset ? mall() : matrixFromRows((ref.data as number[]).map((x) => [x]));
    const fit = gaussianMixture(matrix, {
      k: ref.k,
      covariance: ref.covariance,
      regCovar: ref.regCovar,
      tolerance: 0,
      maxIterations: ref.lowerBounds.length,
      init: {
        weights: Float64Array.from(ref.init.weights),
        means: Float64Array.from(ref.init.means),
        precisions: Float64Array.from(ref.init.precisions),
      },
    });
    expect(fit.converged).toBe(false);
    expectAllClose(fit.lowerBounds, ref.lowerBounds, 1e-12, 0, "lower bounds");
  });

  test("with regCovar the lower bound can fall a little near convergence, as scikit-learn's does", () => {
    const dip = (reg: number) =>
      (reference.paths.find((p) => p.name === `dip-k2-full-reg${reg === 0 ? "0.0" : "1e-06"}`) as PathRef)
        .lowerBounds;
    const falls = (bounds: number[]) => bounds.slice(1).map((b, t) => bounds[t] - b);
    // From iteration 4 to 5 it falls by about 7e-11 with reg_covar = 1e-6, and by no more than
    // rounding without it: EM's guarantee is for the exact M-step.
    expect(falls(dip(1e-6))[3]).toBeGreaterThan(5e-11);
    expect(Math.max(...falls(dip(0)))).toBeLessThan(1e-15);
  });
});

// ---------------------------------------------------------------------------------------------

function mall(): Matrix {
  const values = readCsv("mall-customers.csv");
  return fitPreprocessor(readTable(values), {
    features: ["Annual Income (k$)", "Spending Score (1-100)"],
    scaling: "zscore",
  }).matrix;
}

/** n standard normal points in d dimensions (Box-Muller over the core's seeded generator). */
function gaussianCloud(n: number, d: number, seed: number): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) {
    const u = 1 - rng.next();
    data[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  }
  return { data, n, d };
}

describe("gaussianMixture", () => {
  test("k = 1 is the mean and the population covariance plus regCovar, every row in segment 1", () => {
    const m = matrixFromRows([
      [1, 2],
      [3, 1],
      [0, 0],
      [4, 5],
    ]);
    const fit = gaussianMixture(m, { k: 1 });
    expect(Array.from(fit.labels)).toEqual([1, 1, 1, 1]);
    expect(fit.sizes).toEqual([4]);
    expect(Array.from(fit.probabilities)).toEqual([1, 1, 1, 1]);
    expectAllClose(fit.means, [2, 2], 1e-14, 1e-15, "means");
    // Population covariance: var x = 2.5, var y = 3.5, cov = 2.25.
    expectAllClose(fit.covariances, [2.5 + 1e-6, 2.25, 2.25, 3.5 + 1e-6], 1e-13, 1e-15, "covariances");
    expectAllClose(fit.weights, [1], 1e-15, 0, "weights");
    expect(fit.parameters).toBe(5);
  });

  test("layouts: covariances have the type's length, centroids are the means", () => {
    const m = mall();
    for (const covariance of COVARIANCE_TYPES) {
      const fit = gaussianMixture(m, { k: 4, covariance, restarts: 1 });
      expect(fit.covariances).toHaveLength(covarianceLength(covariance, 4, 2));
      expect(fit.means).toHaveLength(8);
      expect(fit.weights).toHaveLength(4);
      expect(fit.sizes.reduce((a, b) => a + b, 0)).toBe(m.n);
      expect(fit.parameters).toBe(parameterCount(covariance, 4, 2));
      expect(fit.bic).toBeCloseTo(-2 * fit.logLikelihood * m.n + fit.parameters * Math.log(m.n), 9);
      expect(fit.aic).toBeCloseTo(-2 * fit.logLikelihood * m.n + 2 * fit.parameters, 9);
    }
    // scikit-learn's _n_parameters for k = 4, d = 2.
    expect(COVARIANCE_TYPES.map((t) => parameterCount(t, 4, 2))).toEqual([23, 19, 15, 14]);
  });

  test("segment c is component c - 1: its weight and mean, and the rows it takes", () => {
    const m = mall();
    const fit = gaussianMixture(m, { k: 5 });
    for (let c = 1; c < 5; c++) expect(fit.sizes[c]).toBeLessThanOrEqual(fit.sizes[c - 1]);
    const { labels, responsibilities } = gmmPosteriors(fit, m);
    expect(Array.from(labels)).toEqual(Array.from(fit.labels));
    // The weights are the mean responsibilities of the step before; close to the share of rows.
    const r = responsibilities as Float64Array;
    for (let c = 0; c < 5; c++) {
      let sum = 0;
      for (let i = 0; i < m.n; i++) sum += r[i * 5 + c];
      expect(Math.abs(sum / m.n - fit.weights[c])).toBeLessThan(0.02);
    }
  });

  test("more restarts never lower the likelihood: start 1 is the single start's", () => {
    const m = mall();
    for (const covariance of COVARIANCE_TYPES) {
      const one = gaussianMixture(m, { k: 6, covariance, restarts: 1, seed: 7 });
      const four = gaussianMixture(m, { k: 6, covariance, restarts: 4, seed: 7 });
      expect(four.lowerBound).toBeGreaterThanOrEqual(one.lowerBound);
      if (four.start === 1) expect(four.lowerBound).toBe(one.lowerBound);
    }
  });

  test("starts from the core's k-means with the same seed", () => {
    const m = mall();
    const start = kmeans(m, { k: 5, seed: 11, restarts: 1 });
    // One iteration from the k-means start: its lower bound is the likelihood of the M-step of the
    // k-means labelling, which a one-hot start given as init reproduces.
    const fit = gaussianMixture(m, { k: 5, seed: 11, restarts: 1, maxIterations: 1 });
    const nk = start.sizes.map((s) => s / m.n);
    const byRows = gaussianMixture(m, {
      k: 5,
      maxIterations: 1,
      init: {
        weights: Float64Array.from(nk),
        means: start.centroids,
        precisions: precisionsOfLabels(m, start.labels, 5),
      },
    });
    expect(fit.lowerBound).toBeCloseTo(byRows.lowerBound, 12);
    expect(fit.converged).toBe(false);
  });

  test("progress runs from 0 to at most 1 and names the start and iteration", () => {
    const calls: [number | null, string][] = [];
    gaussianMixture(mall(), { k: 3, restarts: 2 }, (f, message) => calls.push([f, message]));
    expect(calls.length).toBeGreaterThan(2);
    expect(calls[0]).toEqual([0, "Gaussian mixture: start 1 of 2, iteration 0"]);
    let last = -1;
    for (const [f] of calls) {
      expect(f).not.toBeNull();
      expect(f as number).toBeGreaterThanOrEqual(last);
      expect(f as number).toBeLessThanOrEqual(1);
      last = f as number;
    }
    expect(calls.some(([, m]) => m.startsWith("Gaussian mixture: start 2 of 2"))).toBe(true);
    // Every step that takes long on a full sheet says so: the k-means start, the components from
    // it, and each half of an EM iteration.
    const messages = calls.map(([, m]) => m.replace(/\d+/g, "N"));
    expect(new Set(messages)).toEqual(
      new Set([
        "Gaussian mixture: start N of N, iteration N",
        "Gaussian mixture: start N of N, k-means start, iteration N",
        "Gaussian mixture: start N of N, components from the k-means start",
        "Gaussian mixture: start N of N, weighing the rows",
        "Gaussian mixture: start N of N, iteration N, weighing the rows",
        "Gaussian mixture: start N of N, iteration N, updating the components",
      ]),
    );
  });

  test("a component that takes no row comes last, with size 0", () => {
    // Two blobs and a third component far away with almost no weight: it never takes a row.
    const rows: number[][] = [];
    for (let i = 0; i < 20; i++)
      rows.push([-5 + (i % 5) * 0.1, (i % 4) * 0.1], [5 + (i % 3) * 0.1, (i % 7) * 0.1]);
    const m = matrixFromRows(rows);
    const fit = gaussianMixture(m, {
      k: 3,
      init: {
        weights: Float64Array.from([1e-10, 0.5, 0.5 - 1e-10]),
        means: Float64Array.from([100, 100, -5, 0, 5, 0]),
        precisions: Float64Array.from([1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1]),
      },
    });
    expect(fit.sizes).toEqual([20, 20, 0]);
    expect(new Set(fit.labels)).toEqual(new Set([1, 2]));
    expect(fit.labels[0]).toBe(1); // the blob of row 0 comes first on a tie of sizes
    expect(fit.weights[2]).toBeLessThan(1e-12);
    expect(Array.from(gmmPosteriors(fit, m).labels)).toEqual(Array.from(fit.labels));
  });

  test("two identical components: every row ties and goes to the lower, the other is empty", () => {
    const m = mall();
    const fit = gaussianMixture(m, {
      k: 2,
      covariance: "spherical",
      init: {
        weights: Float64Array.from([0.5, 0.5]),
        means: Float64Array.from([0.1, -0.2, 0.1, -0.2]),
        precisions: Float64Array.from([1, 1]),
      },
    });
    expect(fit.sizes).toEqual([200, 0]);
    expect(fit.labels.every((l) => l === 1)).toBe(true);
    expect(fit.weights[0]).toBe(fit.weights[1]);
    expect(Array.from(fit.probabilities).every((p) => p === 0.5)).toBe(true);
    expect(Array.from(gmmPosteriors(fit, m).labels)).toEqual(Array.from(fit.labels));
  });

  test("a singular covariance is refused with advice, as scikit-learn's ValueError", () => {
    // Two features that are copies of each other, and no regularisation.
    const m = matrixFromRows(Array.from({ length: 30 }, (_, i) => [i % 7, i % 7]));
    for (const covariance of ["full", "tied"] as const) {
      const fit = () => gaussianMixture(m, { k: 2, covariance, regCovar: 0, restarts: 1 });
      expect(fit).toThrow(SegmentError);
      expect(fit).toThrow(
        /too little variation for 2 Gaussian components with .* covariance.*Try a smaller k/,
      );
    }
    // Rows that are all the same in one feature: a zero variance.
    const flat = matrixFromRows(Array.from({ length: 30 }, (_, i) => [i % 7, 3]));
    expect(() => gaussianMixture(flat, { k: 2, covariance: "diag", regCovar: 0 })).toThrow(
      /a variance is zero/,
    );
    // regCovar is what keeps these fits possible.
    expect(() => gaussianMixture(m, { k: 2, restarts: 1 })).not.toThrow();
    try {
      gaussianMixture(m, { k: 2, regCovar: 0, restarts: 1 });
    } catch (error) {
      expect((error as SegmentError).kind).toBe("value");
    }
  });

  test("bad arguments are refused", () => {
    const m = mall();
    const init = {
      weights: Float64Array.from([0.5, 0.5]),
      means: Float64Array.from([0, 0, 1, 1]),
      precisions: Float64Array.from([1, 0, 0, 1, 1, 0, 0, 1]),
    };
    const cases: [() => unknown, RegExp][] = [
      [() => gaussianMixture(m, { k: 0 }), /k must be a whole number of at least 1/],
      [() => gaussianMixture(m, { k: 2.5 }), /k must be a whole number/],
      [() => gaussianMixture(m, { k: 201 }), /k = 201 is more than the 200 usable rows/],
      [
        () => gaussianMixture(m, { k: 2, covariance: "round" as CovarianceType }),
        /covariance must be one of/,
      ],
      [() => gaussianMixture(m, { k: 2, restarts: 0 }), /restarts must be a whole number/],
      [() => gaussianMixture(m, { k: 2, maxIterations: 0 }), /maxIterations must be/],
      [() => gaussianMixture(m, { k: 2, regCovar: -1 }), /regCovar/],
      [() => gaussianMixture({ data: new Float64Array(0), n: 0, d: 2 }, { k: 1 }), /no rows/],
      [() => gaussianMixture(m, { k: 3, init }), /initial weights must be 3 values/],
      [
        () => gaussianMixture(m, { k: 2, init: { ...init, weights: Float64Array.from([0.5, 0.6]) } }),
        /sum to 1/,
      ],
      [
        () => gaussianMixture(m, { k: 2, init: { ...init, precisions: Float64Array.from([1, 0, 0, 1]) } }),
        /full precisions must be 8 values/,
      ],
      [
        () =>
          gaussianMixture(m, {
            k: 2,
            init: { ...init, precisions: Float64Array.from([1, 2, 2, 1, 1, 0, 0, 1]) },
          }),
        /positive definite/,
      ],
      [
        () =>
          gaussianMixture(m, {
            k: 2,
            init: { ...init, precisions: Float64Array.from([1, 0.5, 0, 1, 1, 0, 0, 1]) },
          }),
        /symmetric/,
      ],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrow(SegmentError);
      expect(call).toThrow(message);
    }
  });
});

/** Precisions ("full") of the one-hot M-step of a labelling, as scikit-learn's init computes them. */
function precisionsOfLabels(m: Matrix, labels: ArrayLike<number>, k: number): Float64Array {
  const { data, n, d } = m;
  const out = new Float64Array(k * d * d);
  for (let c = 0; c < k; c++) {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (labels[i] === c + 1) rows.push(i);
    const nk = rows.length + 10 * 2.220446049250313e-16;
    const mean = new Float64Array(d);
    for (const i of rows) for (let a = 0; a < d; a++) mean[a] += data[i * d + a];
    for (let a = 0; a < d; a++) mean[a] /= nk;
    const cov = new Float64Array(d * d);
    for (const i of rows) {
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++)
          cov[a * d + b] += (data[i * d + a] - mean[a]) * (data[i * d + b] - mean[b]);
      }
    }
    for (let a = 0; a < d * d; a++) cov[a] /= nk;
    for (let a = 0; a < d; a++) cov[a * d + a] += 1e-6;
    out.set(inverse2(cov), c * d * d);
  }
  return out;
}

function inverse2(m: Float64Array): Float64Array {
  const det = m[0] * m[3] - m[1] * m[2];
  return Float64Array.from([m[3] / det, -m[1] / det, -m[2] / det, m[0] / det]);
}

describe("gmmPosteriors", () => {
  const model = {
    covariance: "spherical" as const,
    k: 2,
    weights: Float64Array.from([0.5, 0.5]),
    means: Float64Array.from([0, 0, 2, 0]),
    covariances: Float64Array.from([1, 1]),
  };

  test("posteriors sum to 1 and ties go to the lower segment", () => {
    const m = matrixFromRows([
      [1, 0], // halfway: a tie
      [-1, 3],
      [3, 1],
    ]);
    const { responsibilities, labels, probabilities, logLikelihood } = gmmPosteriors(model, m);
    const r = responsibilities as Float64Array;
    expect(r[0]).toBeCloseTo(0.5, 15);
    expect(r[1]).toBeCloseTo(0.5, 15);
    expect(Array.from(labels)).toEqual([1, 1, 2]);
    expect(probabilities[0]).toBe(r[0]);
    for (let i = 0; i < 3; i++) expect(r[2 * i] + r[2 * i + 1]).toBeCloseTo(1, 15);
    // Row 0's density: 2 · 0.5 · N((1, 0) | (0, 0), I) = e^{-1/2} / (2π).
    const rows = [
      [1, 0],
      [-1, 3],
      [3, 1],
    ];
    const density = (x: number[], mu: number[]) =>
      Math.exp(-0.5 * ((x[0] - mu[0]) ** 2 + (x[1] - mu[1]) ** 2)) / (2 * Math.PI);
    const expected =
      rows.map((x) => Math.log(0.5 * density(x, [0, 0]) + 0.5 * density(x, [2, 0]))).reduce((a, b) => a + b) /
      3;
    expect(logLikelihood).toBeCloseTo(expected, 12);
  });

  test("far rows keep finite posteriors (log-sum-exp)", () => {
    const m = matrixFromRows([[1e6, -1e6]]);
    const { responsibilities, labels, logLikelihood } = gmmPosteriors(model, m);
    expect(Array.from(labels)).toEqual([2]);
    expect(Array.from(responsibilities as Float64Array)).toEqual([0, 1]);
    expect(Number.isFinite(logLikelihood)).toBe(true);
  });

  test("responsibilities can be left out; a damaged model is refused", () => {
    const m = matrixFromRows([[0, 0]]);
    expect(gmmPosteriors(model, m, { responsibilities: false }).responsibilities).toBeNull();
    expect(() => gmmPosteriors({ ...model, covariances: Float64Array.from([1, -1]) }, m)).toThrow(
      /not positive definite/,
    );
    expect(() => gmmPosteriors({ ...model, means: Float64Array.from([0, 0, 0]) }, m)).toThrow(SegmentError);
    expect(() => gmmPosteriors({ ...model, covariance: "full" }, m)).toThrow(/full covariances do not fit/);
  });
});

describe("cholesky", () => {
  test("factors a positive definite matrix and refuses a singular one", () => {
    const out = new Float64Array(9);
    expect(cholesky(Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]), out, 3)).toBe(true);
    // L Lᵀ gives the matrix back.
    const back = Array.from({ length: 9 }, (_, x) => {
      const i = Math.floor(x / 3);
      const j = x % 3;
      let s = 0;
      for (let t = 0; t < 3; t++) s += out[i * 3 + t] * out[j * 3 + t];
      return s;
    });
    expectAllClose(back, [4, 2, 0, 2, 5, 1, 0, 1, 3], 1e-15, 1e-15, "L Lᵀ");
    expect(cholesky(Float64Array.from([1, 1, 1, 1]), new Float64Array(4), 2)).toBe(false);
    expect(cholesky(Float64Array.from([NaN, 0, 0, 1]), new Float64Array(4), 2)).toBe(false);
  });
});

describe("behind the seam", () => {
  test("the parameter table: k required, covariance full, seed 42, restarts 4", () => {
    const byName: Record<string, ParamSpec> = Object.fromEntries(GMM_PARAMS.map((p) => [p.name, p]));
    expect(GMM_PARAMS.map((p) => p.name)).toEqual(["k", "covariance", "seed", "restarts"]);
    expect(byName.k.default).toBeNull();
    expect(byName.covariance.default).toBe("full");
    expect(byName.covariance.choices).toEqual(["full", "diag", "spherical", "tied"]);
    expect(byName.seed.default).toBe(DEFAULTS.seed);
    expect(byName.restarts.default).toBe(DEFAULTS.restarts);
    expect(byName.restarts.max).toBe(MAX_GMM_RESTARTS);
    for (const p of GMM_PARAMS) expect(p.help.length).toBeGreaterThan(10);
  });

  test("gmmClusterer.fit is gaussianMixture", () => {
    const m = mall();
    const clustering = gmmClusterer.fit(m, { k: 4, covariance: "diag", seed: 3, restarts: 2 });
    const direct = gaussianMixture(m, { k: 4, covariance: "diag", seed: 3, restarts: 2 });
    expect(gmmClusterer.id).toBe("gmm");
    expect(gmmClusterer.label).toBe("Gaussian mixture");
    expect(clustering.algorithm).toBe("gmm");
    expect(Array.from(clustering.labels)).toEqual(Array.from(direct.labels));
    expect(clustering.centroids).toEqual(direct.means);
    expect(clustering.probabilities).toEqual(direct.probabilities);
    expect(clustering.noise).toBe(0);
    expect(clustering.labels.includes(NOISE)).toBe(false);
    expect(() => gmmClusterer.fit(m, { k: 4, covariance: "round" })).toThrow(/covariance must be one of/);
    // Defaults fill in what is not given.
    const defaults = gmmClusterer.fit(m, { k: 3 });
    expect(Array.from(defaults.labels)).toEqual(Array.from(gaussianMixture(m, { k: 3 }).labels));
  });
});

describe("gmmBicTable", () => {
  test("one row per k, each the fit's BIC and AIC; the lowest BIC recommended", () => {
    const m = mall();
    const table = gmmBicTable(m, { kmin: 1, kmax: 7, seed: 42 });
    expect(table.rows.map((r) => r.k)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(table.stopped).toBeNull();
    for (const row of table.rows) {
      const fit = gaussianMixture(m, { k: row.k, seed: 42 });
      expect(row.bic).toBe(fit.bic);
      expect(row.aic).toBe(fit.aic);
      expect(row.lowerBound).toBe(fit.lowerBound);
      expect(row.logLikelihood).toBe(fit.logLikelihood);
      expect(row.converged).toBe(fit.converged);
    }
    const best = table.rows.reduce((a, b) => (b.bic < a.bic ? b : a));
    expect(table.recommendation.k).toBe(best.k);
    // The Mall customers' income and spending: five groups is the known answer.
    expect(table.recommendation.k).toBe(5);
    expect(table.recommendation.reason).toMatch(
      /^k = 5 has the lowest BIC \(\d+\.\d\), \d+\.\d below the next best, k = \d/,
    );
    expect(table.recommendation.reason).toMatch(
      /One Gaussian \(k = 1\) is \d+\.\d higher, so there is structure\./,
    );
  });

  test("says when the difference is too small to tell, and when the best k is the largest tried", () => {
    const m = mall();
    // Spherical: k = 6 beats k = 5 by 1.5.
    const close = gmmBicTable(m, { kmin: 4, kmax: 7, covariance: "spherical" });
    expect(close.recommendation.k).toBe(6);
    expect(close.recommendation.reason).toMatch(
      /below the next best, k = 5: too small a difference to tell the two apart\. The simpler k = 5 may serve as well\./,
    );
    const edge = gmmBicTable(m, { kmin: 2, kmax: 4 });
    expect(edge.recommendation.k).toBe(4);
    expect(edge.recommendation.reason).toMatch(
      /That is the largest k tried: a larger kmax may give a lower BIC still\./,
    );
  });

  test("one Gaussian wins on one Gaussian cloud, and says so", () => {
    const table = gmmBicTable(gaussianCloud(300, 2, 5), { kmin: 1, kmax: 4 });
    expect(table.recommendation.k).toBe(1);
    expect(table.recommendation.reason).toMatch(
      /^One Gaussian has the lowest BIC .*no clear segment structure/,
    );
  });

  test("stops where the data cannot carry more components", () => {
    const m = matrixFromRows(Array.from({ length: 30 }, (_, i) => [i % 3, (i % 3) * 2]));
    const table = gmmBicTable(m, { kmin: 1, kmax: 6, covariance: "spherical" });
    expect(table.rows.map((r) => r.k)).toEqual([1, 2, 3]);
    expect(table.stopped?.k).toBe(4);
    expect(table.recommendation.reason).toMatch(
      /k = 4 and above could not be fitted: The data has too few different rows/,
    );
  });

  test("bad ranges are refused", () => {
    const m = mall();
    expect(() => gmmBicTable(m, { kmin: 0 })).toThrow(/kmin must be/);
    expect(() => gmmBicTable(m, { kmin: 3, kmax: 2 })).toThrow(/kmax must be/);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties (fixed seeds: the same cases on every run)

const SEED = 1313;

/** Small data sets of a few noisy blobs, with k and a covariance type. */
const mixtureCase = fc
  .record({
    n: fc.integer({ min: 12, max: 60 }),
    d: fc.integer({ min: 1, max: 3 }),
    k: fc.integer({ min: 1, max: 4 }),
    blobs: fc.integer({ min: 1, max: 4 }),
    dataSeed: fc.integer({ min: 0, max: 1e6 }),
    seed: fc.integer({ min: 0, max: 1e6 }),
    covariance: fc.constantFrom(...COVARIANCE_TYPES),
  })
  .map(({ n, d, k, blobs, dataSeed, seed, covariance }) => {
    const rng = createRng(dataSeed);
    const centres = Array.from({ length: blobs * d }, () => rng.next() * 20 - 10);
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const b = rng.int(blobs);
      const spread = 0.2 + 2 * rng.next();
      for (let a = 0; a < d; a++) data[i * d + a] = centres[b * d + a] + spread * (rng.next() - 0.5);
    }
    return { matrix: { data, n, d } as Matrix, k, seed, covariance };
  });

describe("properties", () => {
  test("posteriors sum to 1, labels are their argmax, probabilities are the label's posterior", () => {
    fc.assert(
      fc.property(mixtureCase, ({ matrix, k, seed, covariance }) => {
        const fit = gaussianMixture(matrix, { k, seed, covariance, restarts: 1 });
        const { responsibilities, labels } = gmmPosteriors(fit, matrix);
        const r = responsibilities as Float64Array;
        expect(Array.from(labels)).toEqual(Array.from(fit.labels));
        expect(gmmPosteriors(fit, matrix).logLikelihood).toBe(fit.logLikelihood);
        for (let i = 0; i < matrix.n; i++) {
          let sum = 0;
          for (let c = 0; c < k; c++) sum += r[i * k + c];
          expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
          const own = r[i * k + fit.labels[i] - 1];
          for (let c = 0; c < k; c++) {
            expect(own).toBeGreaterThanOrEqual(r[i * k + c]);
            // Ties to the lower segment.
            if (c < fit.labels[i] - 1) expect(own).toBeGreaterThan(r[i * k + c]);
          }
          expect(fit.probabilities[i]).toBe(own);
        }
        expect(fit.sizes.reduce((a, b) => a + b, 0)).toBe(matrix.n);
        for (let c = 1; c < k; c++) expect(fit.sizes[c]).toBeLessThanOrEqual(fit.sizes[c - 1]);
        for (let c = 0; c < k; c++) {
          expect(fit.sizes[c]).toBe(fit.labels.filter((l) => l === c + 1).length);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  test("the lower bound never decreases from one iteration to the next (exact EM: regCovar 0)", () => {
    // With regCovar > 0 the M-step is not the exact maximiser and the bound may fall by ~1e-10 near
    // convergence, in scikit-learn too (the "dip" paths above). Without it, EM's guarantee holds up
    // to rounding, as long as no covariance is (nearly) singular: a component on d rows or fewer
    // has a covariance that is singular but for rounding, its density is a spike whose height is
    // rounding noise, and the bound with it (which is what regCovar is for). Such starts are skipped.
    let ran = 0;
    fc.assert(
      fc.property(mixtureCase, ({ matrix, k, seed, covariance }) => {
        const start = kmeans(matrix, { k, seed, restarts: 1 });
        if (Math.min(...start.sizes) <= 2 * (matrix.d + 1)) return;
        let fit: GmmResult;
        try {
          fit = gaussianMixture(matrix, { k, seed, covariance, restarts: 1, regCovar: 0, tolerance: 1e-10 });
        } catch (error) {
          // A component that collapsed on the way: singular without regCovar, refused.
          expect(error).toBeInstanceOf(SegmentError);
          return;
        }
        if (Math.min(...fit.sizes) <= matrix.d + 1) return;
        ran++;
        const bounds = fit.lowerBounds;
        for (let t = 1; t < bounds.length; t++) {
          expect(bounds[t]).toBeGreaterThanOrEqual(bounds[t - 1] - 1e-12 * Math.abs(bounds[t - 1]));
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(ran).toBeGreaterThan(100);
  });

  test("deterministic: the same data and seed give the same fit", () => {
    fc.assert(
      fc.property(mixtureCase, ({ matrix, k, seed, covariance }) => {
        const a = gaussianMixture(matrix, { k, seed, covariance, restarts: 2 });
        const b = gaussianMixture(matrix, { k, seed, covariance, restarts: 2 });
        expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
        expect(Array.from(a.means)).toEqual(Array.from(b.means));
        expect(Array.from(a.covariances)).toEqual(Array.from(b.covariances));
        expect(a.lowerBound).toBe(b.lowerBound);
        expect(a.bic).toBe(b.bic);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});
