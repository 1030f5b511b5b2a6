import { gaussianMixture } from "../../src/core/algorithms/gmm";
import { prepare } from "../../src/core/pipeline";
import {
  segmentAssign,
  segmentGmm,
  segmentGmmBic,
  segmentModel,
  segmentProfile,
} from "../../src/functions/functions";
import { ErrorCode, columns, excelError, mallCustomers } from "./support";

const incomeSpending = columns(mallCustomers(), 1, 2);

describe("SEGMENT.GMM", () => {
  it("spills the core's mixture: Segment (1..k by size) and the probability of that segment", () => {
    const spill = segmentGmm(incomeSpending, 5);
    expect(spill[0]).toEqual(["Segment", "Probability"]);
    expect(spill).toHaveLength(201);
    const { fitted } = prepare(incomeSpending, { scaling: "zscore" });
    const core = gaussianMixture(fitted.matrix, { k: 5 });
    expect(spill.slice(1).map((row) => row[0])).toEqual(Array.from(core.labels));
    expect(spill.slice(1).map((row) => row[1])).toEqual(Array.from(core.probabilities));
    for (const [, p] of spill.slice(1)) expect(p as number).toBeGreaterThan(0.2);
  });

  it("its Segment column reads back into PROFILE", () => {
    const labels = segmentGmm(incomeSpending, 3).map((row) => [row[0]]);
    expect(
      segmentProfile(incomeSpending, labels)
        .slice(1, 4)
        .map((row) => row[0]),
    ).toEqual([1, 2, 3]);
  });

  it("refuses an unknown covariance, naming the choices", () => {
    expect(excelError(() => segmentGmm(incomeSpending, 3, "round"))).toEqual({
      code: ErrorCode.invalidValue,
      message: 'covariance must be one of "full", "diag", "spherical", "tied" (got "round").',
    });
  });
});

describe("SEGMENT.GMMBIC", () => {
  it("gives BIC and AIC from one Gaussian to ten, and recommends the lowest BIC with its reason", () => {
    const table = segmentGmmBic(incomeSpending);
    expect(table[0]).toEqual(["k", "BIC", "AIC", "Log-likelihood per row", "Converged", "Recommended"]);
    const rows = table.slice(1);
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const bics = rows.map((r) => r[1] as number);
    const best = rows[bics.indexOf(Math.min(...bics))];
    expect(best[5]).toMatch(/^◀ recommended: k = \d+ has the lowest BIC/);
    expect(rows.filter((r) => r[5] !== "")).toHaveLength(1);
  });
});

describe("MODEL and ASSIGN for mixtures", () => {
  it.each(["gmm", "gmm diag", "gmm spherical", "gmm tied"])(
    "SEGMENT.ASSIGN(data, SEGMENT.MODEL(data, k, …, %p)) equals GMM's labels",
    (algorithm) => {
      const covariance = algorithm.split(" ")[1] ?? "full";
      const model = segmentModel(
        incomeSpending,
        4,
        null as never,
        null as never,
        null as never,
        null as never,
        algorithm,
      );
      expect(model[0].slice(0, 2)).toEqual(["Segment model", "version 3"]);
      expect(model[1].slice(0, 3)).toEqual([
        "Algorithm",
        "gmm",
        expect.stringMatching(new RegExp(`^covariance ${covariance}:`)),
      ]);
      const labels = segmentGmm(incomeSpending, 4, covariance).map((row) => [row[0]]);
      expect(segmentAssign(incomeSpending, model)).toEqual(labels);
    },
  );

  it("keeps a k-means model exactly as before, and says what algorithm means", () => {
    expect(
      segmentModel(incomeSpending, 4, null as never, null as never, null as never, null as never, "kmeans"),
    ).toEqual(segmentModel(incomeSpending, 4));
    expect(
      excelError(() =>
        segmentModel(incomeSpending, 4, null as never, null as never, null as never, null as never, "dbscan"),
      ).message,
    ).toMatch(/^algorithm must be "kmeans" or "gmm"/);
  });

  it("refuses a mixture table whose covariance rows were damaged, saying where", () => {
    const model = segmentModel(
      incomeSpending,
      3,
      null as never,
      null as never,
      null as never,
      null as never,
      "gmm",
    );
    const damaged = model.slice(0, -1);
    expect(excelError(() => segmentAssign(incomeSpending, damaged)).message).toMatch(
      /^This Segment model is damaged: it has 2 Covariance rows; covariance full with 2 features needs 3/,
    );
  });
});
