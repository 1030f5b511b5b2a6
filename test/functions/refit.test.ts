import { refitSpill } from "../../src/functions/refit";
import { assignLabels, kmeansSpill, modelOf } from "../../src/functions/segmenting";
import { createRng } from "../../src/core/random";
import { errorOf } from "../helpers/segment-error";
import { columns, customers, labelsOf, mallCustomers } from "./support";

const incomeScore = columns(mallCustomers(), 1, 2);
const model = modelOf([incomeScore, 5, null, null, null]);
const refit = (data: unknown, m: unknown = model, output: unknown = null, k: unknown = null) =>
  refitSpill(data, m, output, k);
/** Labels ASSIGN gives data with a model table. */
const assigned = (data: unknown, m: unknown) => labelsOf(assignLabels(data, m));

/** The model table with segments a and b swapped (centroids and sizes): a numbering not by size. */
function swapped<T>(table: readonly (readonly T[])[], a: number, b: number): T[][] {
  return table.map((row) => {
    const out = [...row];
    if (row[0] === "Feature") return out;
    [out[6 + a], out[6 + b]] = [row[6 + b], row[6 + a]];
    return out;
  });
}

describe("SEGMENT.REFIT", () => {
  it("on the model's own data gives back the model: same partition, numbering, centroids", () => {
    const again = refit(incomeScore);
    expect(again.slice(0, 4)).toEqual(model.slice(0, 4));
    expect(again[6]).toEqual(model[6]);
    again
      .slice(4, 6)
      .forEach((row, r) =>
        row.forEach((x, c) =>
          typeof x === "number"
            ? expect(x).toBeCloseTo(model[4 + r][c] as number, 9)
            : expect(x).toBe(model[4 + r][c]),
        ),
      );
    expect(assigned(incomeScore, again)).toEqual(labelsOf(kmeansSpill([incomeScore, 5, null, null, null])));
  });

  it("keeps the numbering when the rows come in another order", () => {
    const rng = createRng(5);
    const order = Array.from({ length: 200 }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const shuffled = [incomeScore[0], ...order.map((i) => incomeScore[1 + i])];
    const before = assigned(incomeScore, model);
    const after = assigned(shuffled, refit(shuffled));
    expect(after).toEqual(order.map((i) => before[i]));
  });

  it("keeps the numbering under small drift, and the moved table shows small moves", () => {
    const rng = createRng(9);
    const drifted = incomeScore.map((row, i) =>
      i === 0 ? row : row.map((x) => (x as number) + 2 * (rng.next() - 0.5)),
    );
    const before = assigned(incomeScore, model);
    const after = assigned(drifted, refit(drifted));
    const same = after.filter((label, i) => label === before[i]).length;
    expect(same).toBeGreaterThanOrEqual(195);
    const moved = refit(drifted, model, "moved");
    expect(moved[0]).toEqual([
      "Segment",
      "Size before",
      "Size now",
      "Distance moved (scaled)",
      "Annual Income (k$) change",
      "Spending Score (1-100) change",
    ]);
    expect(moved.slice(1).map((row) => row[0])).toEqual([1, 2, 3, 4, 5]);
    expect(moved.slice(1).map((row) => row[1])).toEqual([81, 39, 35, 23, 22]);
    for (const row of moved.slice(1)) {
      expect(row[3]).toBeLessThan(0.05);
      expect(Math.abs(row[4] as number)).toBeLessThan(1);
      expect(Math.abs(row[5] as number)).toBeLessThan(1);
    }
  });

  it("keeps the numbering when a tenth of the customers are replaced", () => {
    const rng = createRng(3);
    const changed = incomeScore.map((row, i) =>
      i > 0 && i % 10 === 0 ? [15 + Math.round(rng.next() * 120), 1 + Math.round(rng.next() * 98)] : row,
    );
    const before = assigned(incomeScore, model);
    const after = assigned(changed, refit(changed));
    const kept = before.filter((label, i) => (i + 1) % 10 !== 0 && label === after[i]).length;
    expect(kept).toBeGreaterThanOrEqual(175); // of 180 unchanged rows
    const moved = refit(changed, model, "moved").slice(1);
    expect(moved.map((row) => row[2])).toEqual([73, 37, 43, 27, 20]);
    for (const row of moved) expect(row[3]).toBeLessThan(0.15);
  });

  it("keeps a numbering that is not by size: segment 1 need not be the largest", () => {
    const reordered = swapped(model, 1, 3);
    expect(reordered.at(-1)?.slice(7)).toEqual([35, 39, 81, 23, 22]);
    const again = refit(incomeScore, reordered);
    expect(again.at(-1)?.slice(7)).toEqual([35, 39, 81, 23, 22]);
    expect(assigned(incomeScore, again)).toEqual(assigned(incomeScore, reordered));
  });

  it("numbers segments beyond the model's k after its own", () => {
    const six = refit(incomeScore, model, "moved", 6).slice(1);
    expect(six.map((row) => row[0])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(six[5].slice(0, 4)).toEqual([6, 0, six[5][2], ""]);
    expect(six.reduce((sum, row) => sum + (row[2] as number), 0)).toBe(200);
    // Segments the new one took no rows from keep theirs.
    const kept = six.filter((row, c) => c < 5 && row[2] === row[1]);
    expect(kept.length).toBeGreaterThanOrEqual(3);
  });

  it("refits text and log-transformed features as the model encodes them", () => {
    const data = columns(customers(), 1, 2, 3, 4);
    const logged = modelOf([data, 3, "robust", null, null, "Spend"]);
    const again = refit(data, logged);
    expect(again.map((row) => row.slice(0, 4))).toEqual(logged.map((row) => row.slice(0, 4)));
    expect(assigned(data, again)).toEqual(assigned(data, logged));
  });

  it("gives a category the model never saw a share of 0 to start from", () => {
    const data = columns(customers(), 1, 2, 3, 4);
    const m = modelOf([data, 2, null, null, null]);
    const more = data.map((row, i) => (i === 3 ? ["Other", ...row.slice(1)] : row));
    const moved = refit(more, m, "moved");
    expect(moved[0]).toContain("Gender=Other change");
    const again = refit(more, m);
    expect(again.map((row) => row[3])).toContain("one-hot");
  });

  it("refuses what it cannot refit, saying why", () => {
    expect(errorOf(() => refit(incomeScore, [["not a model"]])).message).toMatch(
      /^This is not a Segment model/,
    );
    const gmm = modelOf([incomeScore, 3, null, null, null], "gmm");
    expect(errorOf(() => refit(incomeScore, gmm)).message).toMatch(/^REFIT supports k-means models only yet/);
    const missing = errorOf(() => refit(columns(mallCustomers(), 0, 1), model));
    expect(missing.kind).toBe("na");
    expect(missing.message).toBe('The data has no column "Spending Score (1-100)", which the model needs.');
    expect(errorOf(() => refit(incomeScore, model, null, 4)).message).toMatch(
      /^k must be at least the model's 5/,
    );
    expect(errorOf(() => refit(incomeScore, model, "both")).message).toBe(
      'output must be one of "model", "moved" (got "both").',
    );
    const text = incomeScore.map((row, i) => (i === 0 ? row : [row[0], `score ${String(row[1])}`]));
    expect(errorOf(() => refit(text, model)).message).toMatch(/^Spending Score \(1-100\) must be numeric/);
  });

  it("refuses a centroid too large to start from, found by the fuzzing (it overflowed every distance)", () => {
    const damaged = model.map((row) => [...row]);
    const size = damaged.findIndex((row) => row[0] === "Size");
    damaged[size - 1][7] = 1e300;
    const error = errorOf(() => refit(incomeScore, damaged));
    expect(error.kind).toBe("value");
    expect(error.message).toBe(
      "This Segment model is damaged: segment 1's centroid for Spending Score (1-100) is 1e+300, too large to start a fit from.",
    );
  });

  it("matches columns by position when the data has no header", () => {
    const rows = incomeScore.slice(1);
    const again = refit(rows);
    expect(labelsOf(assignLabels(rows, again), false)).toEqual(assigned(incomeScore, model));
    // The model's column names stay, so the new model still reads data with a header.
    expect(again.slice(4, 6).map((row) => row.slice(0, 2))).toEqual(
      model.slice(4, 6).map((row) => row.slice(0, 2)),
    );
    expect(errorOf(() => refit(columns(rows, 0), model)).message).toMatch(/^The model needs 2 columns/);
  });
});
