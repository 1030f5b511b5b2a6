import { NOISE, numberBySize, type Clusterer } from "../../src/core/algorithms/clusterer";
import { NOISE_HEADER } from "../../src/core/plan";
import { clusterFromArguments, labelSpill } from "../../src/functions/clustering";
import { segmentProfile, segmentSilhouette } from "../../src/functions/functions";
import { columns, excelError, mallCustomers } from "./support";

/** A stand-in algorithm: rows whose first feature is above `cut` form one cluster, the rest noise. */
const thresholds: Clusterer<{ cut: number }> = {
  id: "threshold",
  label: "threshold",
  params: [{ name: "cut", type: "number", default: 0, help: "" }],
  fit(matrix, { cut }) {
    const raw = Int32Array.from({ length: matrix.n }, (_, i) =>
      matrix.data[i * matrix.d] > cut ? 0 : NOISE,
    );
    const { labels, sizes } = numberBySize(raw);
    return {
      algorithm: "threshold",
      labels,
      k: sizes.length,
      sizes,
      noise: matrix.n - sizes.reduce((a, b) => a + b, 0),
      centroids: null,
      probabilities: null,
      iterations: 1,
      converged: true,
    };
  },
};

describe("a formula over any algorithm behind the seam", () => {
  const data = columns(mallCustomers(), 1, 2);

  it('spills 1..k, 0 for noise under a header that says so, and "" for a row left out', () => {
    const withGap = data.map((row, i) => (i === 3 ? [row[0], ""] : row));
    const fit = clusterFromArguments(thresholds, withGap, { cut: 0.5 }, null, null);
    const spill = labelSpill(fit);
    expect(spill[0]).toEqual([NOISE_HEADER]);
    expect(spill[3]).toEqual([""]);
    const values = spill.slice(1).map((r) => r[0]);
    expect(new Set(values)).toEqual(new Set([1, 0, ""]));
    expect(values.filter((v) => v === 0)).toHaveLength(fit.clustering.noise);
    // The spill reads back as labels: noise profiled as its own group.
    expect(segmentProfile(withGap, spill as never).map((row) => row[1])).toContain("Noise");
    // One segment and noise: no silhouette, and the message says why.
    expect(excelError(() => segmentSilhouette(withGap, spill as never)).message).toMatch(/the labels have 1/);
  });

  it("checks the algorithm's arguments against its table", () => {
    expect(() => clusterFromArguments(thresholds, data, { cut: "high" }, null, null)).toThrow(
      'cut must be a number (got "high").',
    );
  });
});
