/**
 * The Hungarian algorithm (Kuhn-Munkres with potentials, O(r² c) for r <= c): the assignment of rows
 * to columns, each used at most once, of least total cost. Rectangular matrices are allowed: with
 * fewer rows than columns every row gets a column; with more rows, every column gets a row and the
 * rows left over get none. REFIT uses it to give new segments the numbers of the old ones nearest.
 */

/** assignment[row] = its column, or -1 for a row left over (only when there are more rows than columns). */
export function hungarian(cost: readonly (readonly number[])[]): Int32Array {
  const rows = cost.length;
  const columns = rows === 0 ? 0 : cost[0].length;
  for (const row of cost) {
    if (row.length !== columns) throw new RangeError("The cost matrix must be rectangular.");
    for (const x of row) if (!Number.isFinite(x)) throw new RangeError("Costs must be finite numbers.");
  }
  if (rows <= columns) return assignRows(cost, rows, columns);
  // More rows than columns: assign the columns instead, then read the answer back per row.
  const transposed = Array.from({ length: columns }, (_, j) => cost.map((row) => row[j]));
  const byColumn = assignRows(transposed, columns, rows);
  const out = new Int32Array(rows).fill(-1);
  byColumn.forEach((row, column) => (out[row] = column));
  return out;
}

/**
 * Rows (r <= c) one at a time: each new row finds the cheapest augmenting path in reduced costs
 * (cost - u[row] - v[column]), the potentials keeping every reduced cost non-negative. Index 0 of
 * the 1-based arrays is the new row's virtual starting column.
 */
function assignRows(cost: readonly (readonly number[])[], r: number, c: number): Int32Array {
  const u = new Float64Array(r + 1);
  const v = new Float64Array(c + 1);
  const rowOf = new Int32Array(c + 1);
  const way = new Int32Array(c + 1);
  const minv = new Float64Array(c + 1);
  const used = new Uint8Array(c + 1);
  for (let i = 1; i <= r; i++) {
    rowOf[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOf[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= c; j++) {
        if (used[j]) continue;
        const reduced = cost[i0 - 1][j - 1] - u[i0] - v[j];
        if (reduced < minv[j]) {
          minv[j] = reduced;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= c; j++) {
        if (used[j]) {
          u[rowOf[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (rowOf[j0] !== 0);
    // Flip the augmenting path back to the start.
    do {
      const j1 = way[j0];
      rowOf[j0] = rowOf[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const out = new Int32Array(r).fill(-1);
  for (let j = 1; j <= c; j++) if (rowOf[j] !== 0) out[rowOf[j] - 1] = j - 1;
  return out;
}
