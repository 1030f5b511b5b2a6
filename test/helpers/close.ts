/** Closeness to reference numbers (scikit-learn), shared by the reference tests. */

export function close(actual: number, expected: number, rel: number, abs: number): boolean {
  return Math.abs(actual - expected) <= rel * Math.max(Math.abs(actual), Math.abs(expected)) + abs;
}

/** Element-wise closeness with a message that names the first index that is off. */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rel: number,
  abs: number,
  what: string,
): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!close(actual[i], expected[i], rel, abs)) {
      throw new Error(
        `${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (diff ${actual[i] - expected[i]})`,
      );
    }
  }
}
