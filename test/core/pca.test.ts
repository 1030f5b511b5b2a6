import { Matrix, matrixFromRows } from "../../src/core/matrix";
import { fitPca, projectRows } from "../../src/core/pca";
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
