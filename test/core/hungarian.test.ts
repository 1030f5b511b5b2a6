import fc from "fast-check";
import { hungarian } from "../../src/core/hungarian";

const SEED = 20240614;
const runs = (numRuns: number) => ({ seed: SEED, numRuns });

/** Every way to give each of r rows a distinct column of c (r <= c). */
function injections(r: number, c: number): number[][] {
  if (r === 0) return [[]];
  const out: number[][] = [];
  for (const head of injections(r - 1, c)) {
    for (let j = 0; j < c; j++) if (!head.includes(j)) out.push([...head, j]);
  }
  return out;
}

/** The least total cost by brute force, rows or columns matched in full, whichever are fewer. */
function bruteForce(cost: number[][]): number {
  const r = cost.length;
  const c = cost[0].length;
  if (r > c) return bruteForce(cost[0].map((_, j) => cost.map((row) => row[j])));
  let best = Infinity;
  for (const pick of injections(r, c)) {
    best = Math.min(
      best,
      pick.reduce((sum, j, i) => sum + cost[i][j], 0),
    );
  }
  return best;
}

function total(cost: number[][], assignment: Int32Array): number {
  let sum = 0;
  assignment.forEach((j, i) => (sum += j >= 0 ? cost[i][j] : 0));
  return sum;
}

const matrix = (rows: number, columns: number) =>
  fc.array(
    fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: columns, maxLength: columns }),
    { minLength: rows, maxLength: rows },
  );
const anyMatrix = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
  .chain(([r, c]) => matrix(r, c));

describe("hungarian", () => {
  it("finds the assignment of least cost, as brute force over every permutation does", () => {
    fc.assert(
      fc.property(anyMatrix, (cost) => {
        const assignment = hungarian(cost);
        expect(total(cost, assignment)).toBeCloseTo(bruteForce(cost), 9);
      }),
      runs(300),
    );
  });

  it("uses each column at most once and matches min(rows, columns) pairs", () => {
    fc.assert(
      fc.property(anyMatrix, (cost) => {
        const assignment = Array.from(hungarian(cost));
        const used = assignment.filter((j) => j >= 0);
        expect(new Set(used).size).toBe(used.length);
        expect(used.length).toBe(Math.min(cost.length, cost[0].length));
        if (cost.length <= cost[0].length) expect(used.length).toBe(cost.length);
      }),
      runs(300),
    );
  });

  it("solves small cases by hand", () => {
    expect(
      Array.from(
        hungarian([
          [4, 1, 3],
          [2, 0, 5],
          [3, 2, 2],
        ]),
      ),
    ).toEqual([1, 0, 2]);
    // Rectangular, wide: the two rows take the two cheap columns.
    expect(
      Array.from(
        hungarian([
          [9, 1, 9, 9],
          [9, 9, 9, 2],
        ]),
      ),
    ).toEqual([1, 3]);
    // Tall: the row left over gets -1.
    expect(Array.from(hungarian([[5], [1], [3]]))).toEqual([-1, 0, -1]);
    // The greedy choice (row 0 takes its cheapest, 1) is not the best.
    expect(
      Array.from(
        hungarian([
          [1, 2],
          [1, 100],
        ]),
      ),
    ).toEqual([1, 0]);
    expect(Array.from(hungarian([]))).toEqual([]);
  });

  it("refuses ragged or non-finite costs", () => {
    expect(() => hungarian([[1, 2], [3]])).toThrow(RangeError);
    expect(() => hungarian([[1, NaN]])).toThrow(RangeError);
  });
});
