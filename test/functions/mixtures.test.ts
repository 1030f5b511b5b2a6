import { gaussianMixture } from "../../src/core/algorithms/gmm";
import { prepare } from "../../src/core/pipeline";
import { segmentGmm, segmentGmmBic, segmentProfile } from "../../src/functions/functions";
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
