import { SegmentError } from "../../src/core/errors";
import { modelTable, parseModelTable } from "../../src/core/model";
import { segment } from "../../src/core/pipeline";
import { createRng } from "../../src/core/random";
import { refit } from "../../src/core/refit";
import { readTable } from "../../src/core/table";
import { mallCustomers } from "../helpers/mall";

const incomeScore = mallCustomers().map((row) => row.slice(1, 3));
const fit = segment(incomeScore, { k: 5 });
const model = parseModelTable(modelTable(fit.fitted.preprocessor, fit.fit.centroids, fit.fit.sizes));
const seed = 42;

describe("refit", () => {
  it("starts from the old centroids and, on the same data, stays there: same labels, nothing moved", () => {
    const again = refit(readTable(incomeScore), model, { seed });
    expect(Array.from(again.labels)).toEqual(Array.from(fit.fit.labels));
    expect(again.sizes).toEqual([81, 39, 35, 23, 22]);
    expect(again.oldK).toBe(5);
    again.oldUnits.forEach((x, i) => expect(x).toBeCloseTo(fit.centroids[i], 9));
    again.units.forEach((x, i) => expect(x).toBeCloseTo(fit.centroids[i], 9));
    again.centroids.forEach((x, i) => expect(x).toBeCloseTo(again.oldCentroids[i], 12));
  });

  it("re-fits the scaling on the new data and maps the old centroids into it", () => {
    // Every income 10 higher: the z-scores are the same, the old centroids (kept in units) start 10
    // lower, and Lloyd's iterations carry them up to nearly the old partition (one row of 200 differs).
    const richer = incomeScore.map((row, i) => (i === 0 ? row : [(row[0] as number) + 10, row[1]]));
    const again = refit(readTable(richer), model, { seed });
    const income = again.fitted.preprocessor.outputs[0];
    expect(income.center).toBeCloseTo(model.preprocessor.outputs[0].center + 10, 9);
    let same = 0;
    fit.fit.labels.forEach((label, i) => (same += label === again.labels[i] ? 1 : 0));
    expect(same).toBe(199);
    again.oldUnits.forEach((x, i) => expect(x).toBeCloseTo(fit.centroids[i], 9));
    for (let c = 0; c < 5; c++) {
      expect(Math.abs(again.units[2 * c] - again.oldUnits[2 * c] - 10)).toBeLessThan(1);
      expect(Math.abs(again.units[2 * c + 1] - again.oldUnits[2 * c + 1])).toBeLessThan(1);
    }
  });

  it("draws the starts of extra segments with the seed, and numbers them after the model's", () => {
    const a = refit(readTable(incomeScore), model, { k: 7, seed });
    const b = refit(readTable(incomeScore), model, { k: 7, seed });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.sizes.reduce((x, y) => x + y, 0)).toBe(200);
    expect(new Set(a.labels).size).toBe(7);
    const other = refit(readTable(incomeScore), model, { k: 7, seed: 1 });
    expect(other.sizes.slice(0, 5).some((s, c) => s !== a.sizes[c]) || other.sizes[5] !== a.sizes[5]).toBe(
      true,
    );
  });

  it("refuses a smaller k: every old number must survive", () => {
    expect(() => refit(readTable(incomeScore), model, { k: 3, seed })).toThrow(SegmentError);
  });

  it("keeps each customer's segment under a small shuffle of values", () => {
    const rng = createRng(2);
    const noisy = incomeScore.map((row, i) =>
      i === 0 ? row : row.map((x) => (x as number) + (rng.next() - 0.5)),
    );
    const again = refit(readTable(noisy), model, { seed });
    let same = 0;
    fit.fit.labels.forEach((label, i) => (same += label === again.labels[i] ? 1 : 0));
    expect(same).toBeGreaterThanOrEqual(197);
  });
});
