import fc from "fast-check";
import { LONG_RUN, longRun, project, step, transitionMatrix } from "../../src/core/markov";

const SEED = 20240615;

describe("transitionMatrix", () => {
  it("divides each row of counts by its total", () => {
    const chain = transitionMatrix([9, 1, 2, 8], 2);
    expect(Array.from(chain.p)).toEqual([0.9, 0.1, 0.2, 0.8]);
    expect(chain.unobserved).toEqual([]);
  });

  it("keeps a state nobody was seen leaving where it is, and says which", () => {
    const chain = transitionMatrix([1, 1, 0, 0, 0, 0, 0, 0, 0], 3);
    expect(Array.from(chain.p)).toEqual([0.5, 0.5, 0, 0, 1, 0, 0, 0, 1]);
    expect(chain.unobserved).toEqual([1, 2]);
  });
});

describe("project", () => {
  it("moves the sizes one period at a time, by hand", () => {
    const chain = transitionMatrix([9, 1, 2, 8], 2);
    const sizes = project([100, 0], chain, 2).map((x) => Array.from(x));
    // 100 * 0.9 = 90 stay, 10 move; then 90 * 0.9 + 10 * 0.2 = 83 and 90 * 0.1 + 10 * 0.8 = 17.
    expect(sizes[0]).toEqual([100, 0]);
    expect(sizes[1][0]).toBeCloseTo(90, 12);
    expect(sizes[1][1]).toBeCloseTo(10, 12);
    expect(sizes[2][0]).toBeCloseTo(83, 12);
    expect(sizes[2][1]).toBeCloseTo(17, 12);
  });
});

describe("longRun", () => {
  it("finds the stationary distribution of a chain that mixes: 2/3 and 1/3 for 0.9/0.1 and 0.2/0.8", () => {
    const end = longRun([100, 0], transitionMatrix([9, 1, 2, 8], 2));
    if (end.kind !== "settles") throw new Error(end.kind);
    expect(end.sizes[0]).toBeCloseTo(200 / 3, 9);
    expect(end.sizes[1]).toBeCloseTo(100 / 3, 9);
    // The second eigenvalue is 0.7: the gap shrinks 0.7 times a period, so about 90 periods.
    expect(end.steps).toBeGreaterThan(60);
    expect(end.steps).toBeLessThan(120);
  });

  it("ends where the customers are absorbed when a chain cannot leave some states", () => {
    // Half of segment 1 moves to 2 each period, 2 and 3 keep theirs: 1 empties into 2.
    const end = longRun([2, 2, 5], transitionMatrix([1, 1, 0, 0, 1, 0, 0, 0, 1], 3));
    if (end.kind !== "settles") throw new Error(end.kind);
    expect(Array.from(end.sizes, (x) => Math.round(x * 1e9) / 1e9)).toEqual([0, 4, 5]);
  });

  it("says a periodic chain cycles, with its period", () => {
    expect(longRun([10, 20], transitionMatrix([0, 1, 1, 0], 2))).toEqual({ kind: "cycles", period: 2 });
    const rotate = transitionMatrix([0, 1, 0, 0, 0, 1, 1, 0, 0], 3);
    expect(longRun([1, 2, 3], rotate)).toEqual({ kind: "cycles", period: 3 });
  });

  it("settles at once when a periodic chain starts where it stays", () => {
    const end = longRun([15, 15], transitionMatrix([0, 1, 1, 0], 2));
    expect(end.kind).toBe("settles");
    if (end.kind === "settles") expect(Array.from(end.sizes)).toEqual([15, 15]);
  });

  it("gives up on a chain too slow to settle in the periods allowed, rather than calling it a cycle", () => {
    const tiny = 1e-7;
    const end = longRun([100, 0], transitionMatrix([1 - tiny, tiny, tiny, 1 - tiny], 2));
    expect(end).toEqual({ kind: "slow", steps: LONG_RUN.maxSteps });
  });

  it("keeps the total and is a fixed point of the chain (property)", () => {
    const chainArb = fc.integer({ min: 1, max: 6 }).chain((k) =>
      fc.record({
        k: fc.constant(k),
        // Every count at least 1: the chain mixes and does not cycle, so the sizes settle.
        counts: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: k * k, maxLength: k * k }),
        now: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: k, maxLength: k }),
      }),
    );
    fc.assert(
      fc.property(chainArb, ({ k, counts, now }) => {
        const chain = transitionMatrix(counts, k);
        for (let i = 0; i < k; i++) {
          const row = chain.p.subarray(i * k, i * k + k).reduce((a, b) => a + b, 0);
          expect(row).toBeCloseTo(1, 12);
        }
        const total = now.reduce((a, b) => a + b, 0);
        for (const x of project(now, chain, 5)) expect(x.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 8);
        const end = longRun(now, chain);
        expect(end.kind).toBe("settles");
        if (end.kind !== "settles") return;
        const again = step(end.sizes, chain);
        for (let i = 0; i < k; i++)
          expect(Math.abs(again[i] - end.sizes[i])).toBeLessThan(1e-9 * Math.max(1, total));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
