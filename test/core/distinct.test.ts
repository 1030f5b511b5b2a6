import { allDistinct, countDistinct } from "../../src/core/distinct";
import { createRng } from "../../src/core/random";

/** What a Set counts: NaN left out, -0 and 0 one value. */
function setCount(values: Float64Array): number {
  return new Set(Array.from(values).filter((x) => !Number.isNaN(x))).size;
}

describe("countDistinct and allDistinct", () => {
  const rng = createRng(9);
  const cases: [string, Float64Array][] = [
    ["empty", new Float64Array(0)],
    ["only NaN", Float64Array.from([NaN, NaN])],
    ["-0 and 0", Float64Array.from([-0, 0, -0, 1])],
    ["consecutive whole numbers", Float64Array.from({ length: 5000 }, (_, i) => 12346 + i)],
    ["repeated small integers", Float64Array.from({ length: 5000 }, () => rng.int(37))],
    ["continuous with NaN", Float64Array.from({ length: 5000 }, (_, i) => (i % 9 === 0 ? NaN : rng.next()))],
    ["huge and tiny", Float64Array.from([1e308, -1e308, 5e-324, -5e-324, Infinity, -Infinity, 1e308])],
  ];
  test.each(cases)("%s", (_name, values) => {
    const expected = setCount(values);
    expect(countDistinct(values)).toBe(expected);
    const present = values.filter((x) => !Number.isNaN(x)).length;
    expect(allDistinct(values)).toBe(expected === present);
  });
});
