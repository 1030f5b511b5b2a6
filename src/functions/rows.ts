/**
 * Rows made fit for one purpose (the core's cells, a spill) without copying the rows that already
 * are: a full sheet is a million row arrays, and a copy of them is 160 MB for nothing.
 */

/**
 * `rows` itself when every row passes `fits`; otherwise a new outer array in which the rows that
 * pass are the very same arrays and only the others are rebuilt by `rebuild`.
 */
export function keepOrRebuild<T>(
  rows: readonly unknown[],
  fits: (row: unknown) => row is T,
  rebuild: (row: unknown) => T,
): T[] {
  let first = 0;
  while (first < rows.length && fits(rows[first])) first++;
  if (first === rows.length) return rows as T[];
  const out = rows.slice(0, first) as T[];
  for (let i = first; i < rows.length; i++) {
    const row = rows[i];
    out.push(fits(row) ? row : rebuild(row));
  }
  return out;
}
