import fc from "fast-check";
import { median, quantileInPlace, quantileSorted, sortedCopy } from "../../src/core/stats";

describe("quantileInPlace", () => {
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
  // Few distinct values (ages, counts) and long sorted runs are where a selection can go wrong.
  const values = fc.oneof(
    fc.array(finite, { minLength: 1, maxLength: 300 }),
    fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 300 }),
    fc.array(finite, { minLength: 1, maxLength: 300 }).map((a) => [...a].sort((x, y) => x - y)),
    fc.array(finite, { minLength: 1, maxLength: 300 }).map((a) => [...a].sort((x, y) => y - x)),
  );

  it("gives the number a sort gives, for any quantile", () => {
    fc.assert(
      fc.property(values, fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        const expected = quantileSorted(sortedCopy(xs), q);
        const got = quantileInPlace(Float64Array.from(xs), q);
        // -0 and 0 are one value to a quantile.
        expect(got === expected || (Number.isNaN(got) && Number.isNaN(expected))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("leaves the same values behind, only reordered", () => {
    const xs = Float64Array.from([5, 1, 4, 1, 5, 9, 2, 6]);
    quantileInPlace(xs, 0.5);
    expect(Array.from(xs).sort((a, b) => a - b)).toEqual([1, 1, 2, 4, 5, 5, 6, 9]);
  });

  it("median interpolates between the middle two, and has none for no values", () => {
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
    expect(median(new Float64Array(100001).fill(4))).toBe(4);
  });
});
