/**
 * The standard RFM segment names, read from the R and F scores on the widely used R x F grid (the
 * regular-expression map of the common RFM tutorials: "[1-2][1-2]" Hibernating, "5[4-5]" Champions,
 * ...; M does not enter). Defined once, as data, so that the code, the README and the tests read the
 * same grid.
 */

/** Scores run 1..SCORE_LEVELS. */
export const SCORE_LEVELS = 5;

export interface GridCell {
  readonly name: string;
  /** Inclusive ranges of the R and F scores the name covers. */
  readonly r: readonly [number, number];
  readonly f: readonly [number, number];
}

/** In the order of the usual map; together the rectangles cover the 25 cells exactly once. */
export const RFM_GRID: readonly GridCell[] = [
  { name: "Hibernating", r: [1, 2], f: [1, 2] },
  { name: "At Risk", r: [1, 2], f: [3, 4] },
  { name: "Can't Lose Them", r: [1, 2], f: [5, 5] },
  { name: "About to Sleep", r: [3, 3], f: [1, 2] },
  { name: "Need Attention", r: [3, 3], f: [3, 3] },
  { name: "Loyal Customers", r: [3, 4], f: [4, 5] },
  { name: "Promising", r: [4, 4], f: [1, 1] },
  { name: "New Customers", r: [5, 5], f: [1, 1] },
  { name: "Potential Loyalists", r: [4, 5], f: [2, 3] },
  { name: "Champions", r: [5, 5], f: [4, 5] },
];

/** The names in the grid's order, each once. */
export const SEGMENT_NAMES: readonly string[] = RFM_GRID.map((cell) => cell.name);

/** Index into RFM_GRID for R, F (row r - 1, column f - 1), -1 where no rectangle covers the cell. */
function gridLookup(): Int8Array {
  const lookup = new Int8Array(SCORE_LEVELS * SCORE_LEVELS).fill(-1);
  RFM_GRID.forEach((cell, index) => {
    for (let r = cell.r[0]; r <= cell.r[1]; r++)
      for (let f = cell.f[0]; f <= cell.f[1]; f++) lookup[(r - 1) * SCORE_LEVELS + f - 1] = index;
  });
  return lookup;
}

const LOOKUP = gridLookup();

/** The index in RFM_GRID of the segment of scores r and f (1..5 each). */
export function segmentIndex(r: number, f: number): number {
  return LOOKUP[(r - 1) * SCORE_LEVELS + f - 1];
}

/** The segment name of scores r and f (1..5 each). */
export function segmentName(r: number, f: number): string {
  return RFM_GRID[segmentIndex(r, f)].name;
}

/**
 * The grid as text, R down (5 at the top, as it is usually drawn: recent customers first) and F
 * across, each cell's name padded to a column: for the README and the command line's help.
 */
export function renderGrid(): string {
  const width = Math.max(...SEGMENT_NAMES.map((n) => n.length));
  const pad = (text: string) => text.padEnd(width);
  const lines = [`${"R \\ F".padEnd(5)} | ${[1, 2, 3, 4, 5].map((f) => pad(String(f))).join(" | ")}`];
  lines.push(`${"-".repeat(5)}-|-${[1, 2, 3, 4, 5].map(() => "-".repeat(width)).join("-|-")}`);
  for (let r = SCORE_LEVELS; r >= 1; r--) {
    const names = [1, 2, 3, 4, 5].map((f) => pad(segmentName(r, f)));
    lines.push(`${String(r).padEnd(5)} | ${names.join(" | ")}`);
  }
  return lines.map((line) => line.trimEnd()).join("\n");
}
