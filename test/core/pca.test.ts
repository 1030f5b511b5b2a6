import { Matrix, matrixFromRows } from "../../src/core/matrix";
import { EXACT_PCA_FEATURES, fitPca, projectRows } from "../../src/core/pca";
import { createRng } from "../../src/core/random";

describe("fitPca", () => {
  it("finds the direction of a line of points and explains all of the variance with it", () => {
    const m = matrixFromRows([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    const pca = fitPca(m);
    expect(Array.from(pca.components.subarray(0, 2))).toEqual([
      expect.closeTo(Math.SQRT1_2, 12),
      expect.closeTo(Math.SQRT1_2, 12),
    ]);
    expect(pca.explained[0]).toBeCloseTo(1, 12);
    expect(pca.explained[1]).toBeCloseTo(0, 12);
    const xy = projectRows(pca, m);
    // Centred at the mean (1.5, 1.5); distances along the line are multiples of sqrt(2).
    expect(Array.from({ length: 4 }, (_, i) => xy[i * 2])).toEqual(
      [-1.5, -0.5, 0.5, 1.5].map((t) => expect.closeTo(t * Math.SQRT2, 12)),
    );
  });

  it("orders components by variance and matches numpy's covariance eigenvalues", () => {
    const rng = createRng(7);
    const rows = Array.from({ length: 500 }, () => [rng.next() * 10, rng.next() * 1, rng.next() * 3]);
    const pca = fitPca(matrixFromRows(rows));
    expect(pca.explained[0]).toBeGreaterThan(pca.explained[1]);
    // Uniform widths 10, 1, 3: variances 100/12, 1/12, 9/12; the first axis is x, the second z.
    expect(Math.abs(pca.components[0])).toBeGreaterThan(0.99);
    expect(Math.abs(pca.components[3 + 2])).toBeGreaterThan(0.99);
    expect(pca.explained[0]).toBeCloseTo(100 / 110, 1);
  });

  it("fixes each component's sign so that its largest loading is positive", () => {
    const m = matrixFromRows([
      [3, 0],
      [2, 0.1],
      [1, 0],
      [0, 0.1],
    ]);
    const pca = fitPca(m);
    const first = Array.from(pca.components.subarray(0, 2));
    expect(Math.abs(first[0])).toBeGreaterThan(Math.abs(first[1]));
    expect(first[0]).toBeGreaterThan(0);
  });

  it("gives a flat second axis for one feature", () => {
    const m: Matrix = { data: Float64Array.from([1, 2, 3]), n: 3, d: 1 };
    const pca = fitPca(m);
    expect(pca.explained).toEqual([1, 0]);
    const xy = projectRows(pca, m, [2, 0]);
    expect(Array.from(xy)).toEqual([1, 0, -1, 0]);
  });
});

describe("fitPca beyond EXACT_PCA_FEATURES features (subspace iteration)", () => {
  /** Rows with planted structure: two strong directions, then noise, in d dimensions. */
  function planted(n: number, d: number, seed: number): Matrix {
    const rng = createRng(seed);
    const u = Array.from({ length: d }, () => rng.next() - 0.5);
    const v = Array.from({ length: d }, () => rng.next() - 0.5);
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const a = (rng.next() - 0.5) * 20;
      const b = (rng.next() - 0.5) * 8;
      for (let j = 0; j < d; j++) data[i * d + j] = 5 + a * u[j] + b * v[j] + (rng.next() - 0.5);
    }
    return { data, n, d };
  }

  it("finds eigenvectors of the covariance: C v = λ v, ordered, with the exact path's sign rule", () => {
    const m = planted(400, EXACT_PCA_FEATURES + 36, 3);
    const pca = fitPca(m);
    const { n, d, data } = m;
    for (let c = 0; c < 2; c++) {
      const v = pca.components.subarray(c * d, c * d + d);
      // C v, computed directly.
      const cv = new Float64Array(d);
      for (let i = 0; i < n; i++) {
        let score = 0;
        for (let j = 0; j < d; j++) score += (data[i * d + j] - pca.mean[j]) * v[j];
        for (let j = 0; j < d; j++) cv[j] += ((data[i * d + j] - pca.mean[j]) * score) / (n - 1);
      }
      let lambda = 0;
      for (let j = 0; j < d; j++) lambda += v[j] * cv[j];
      let residual = 0;
      for (let j = 0; j < d; j++) residual = Math.max(residual, Math.abs(cv[j] - lambda * v[j]));
      expect(residual / lambda).toBeLessThan(1e-6);
      let pivot = 0;
      for (let j = 1; j < d; j++) if (Math.abs(v[j]) > Math.abs(v[pivot])) pivot = j;
      expect(v[pivot]).toBeGreaterThan(0);
    }
    expect(pca.explained[0]).toBeGreaterThan(pca.explained[1]);
    expect(pca.explained[0] + pca.explained[1]).toBeGreaterThan(0.9);
  });

  it("agrees with the exact decomposition on the same data", () => {
    const wide = planted(300, EXACT_PCA_FEATURES + 1, 11);
    const iterative = fitPca(wide);
    const reference = fitPca(wide, 2, "exact");
    const d = wide.d;
    for (let c = 0; c < 2; c++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += iterative.components[c * d + j] * reference.components[c * d + j];
      expect(dot).toBeCloseTo(1, 8);
      expect(iterative.explained[c]).toBeCloseTo(reference.explained[c], 8);
    }
  });

  it("is the same on every run, and quick on a sheet 16,384 columns wide", () => {
    const m = planted(60, 16384, 5);
    const started = Date.now();
    const a = fitPca(m);
    const seconds = (Date.now() - started) / 1000;
    const b = fitPca(m);
    expect(Array.from(a.components)).toEqual(Array.from(b.components));
    expect(a.explained[0]).toBeGreaterThan(0.5);
    // A bound against a hang, not a timing test: the d³ decomposition took minutes here.
    expect(seconds).toBeLessThan(20);
  });

  it("finds the axes on a row sample when the matrix is large, and projects every row", () => {
    const m = planted(30000, 100, 9);
    const pca = fitPca(m);
    expect(pca.explained[0] + pca.explained[1]).toBeGreaterThan(0.9);
    const xy = projectRows(pca, m);
    expect(xy).toHaveLength(60000);
    expect(xy.every(Number.isFinite)).toBe(true);
  });
});
