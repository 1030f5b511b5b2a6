/** A dense numeric matrix stored row-major in one Float64Array: row i, column j is data[i * d + j]. */
export interface Matrix {
  readonly data: Float64Array;
  readonly n: number;
  readonly d: number;
}

export function matrixFromRows(rows: readonly (readonly number[])[]): Matrix {
  const n = rows.length;
  const d = n === 0 ? 0 : rows[0].length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    if (rows[i].length !== d)
      throw new RangeError(`Row ${i + 1} has ${rows[i].length} values, expected ${d}.`);
    data.set(rows[i], i * d);
  }
  return { data, n, d };
}

export function matrixToRows(m: Matrix): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < m.n; i++) rows.push(Array.from(m.data.subarray(i * m.d, (i + 1) * m.d)));
  return rows;
}

/** Squared Euclidean distance between row i of a and row j of b, both with d columns. */
export function squaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let sum = 0;
  const ai = i * d;
  const bj = j * d;
  for (let t = 0; t < d; t++) {
    const diff = a[ai + t] - b[bj + t];
    sum += diff * diff;
  }
  return sum;
}
