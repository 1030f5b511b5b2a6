import type { CellValue } from "../../src/core/cells";
import { migrationSpill } from "../../src/functions/migration";
import { kmeansSpill } from "../../src/functions/segmenting";
import { migrationSentences } from "../../src/taskpane/migration-words";
import { mallCustomers } from "./fixtures";
import { wizardOn } from "./helpers";

/** Income and Score, with the labels of an earlier k = 5 run beside them, as the wizard writes them. */
function refreshed(): CellValue[][] {
  const incomeScore = mallCustomers().map((row) => [row[3], row[4]]);
  const earlier = kmeansSpill([incomeScore, 5, "zscore", null, null, "none"]);
  return incomeScore.map((row, i) => [...row, earlier[i][0]]);
}

describe("comparing a run with earlier segments in the data", () => {
  it("offers the Segment column an earlier run wrote, and counts as SEGMENT.MIGRATION counts", async () => {
    const values = refreshed();
    const { wizard } = wizardOn(values);
    await wizard.start();
    await wizard.loadData();
    expect(wizard.earlierSegmentColumns()).toEqual(["Segment"]);
    // The earlier labels are not a feature: they start unchecked.
    expect(wizard.state.features.filter((f) => f.selected).map((f) => f.info.name)).toEqual([
      "Annual Income (k$)",
      "Spending Score (1-100)",
    ]);
    await wizard.next();
    await wizard.next();
    wizard.setK(6);
    await wizard.next();
    await wizard.compareWith("Segment");
    const outcome = wizard.state.migration?.outcome;
    expect(wizard.state.migration?.result).toBe(wizard.state.result);

    const after = [["Segment"], ...Array.from(wizard.state.result?.labelsByRow ?? [], (l) => [l])];
    const spill = migrationSpill(
      values.map((row) => [row[2]]),
      after,
      null,
      null,
    );
    const width = (spill[0] as CellValue[]).indexOf("Total");
    const counted = spill.slice(1, 1 + (outcome?.states.length ?? 0)).map((row) => row.slice(1, width));
    expect(outcome?.counts).toEqual(counted);
    expect(outcome?.states).toEqual([1, 2, 3, 4, 5, 6]);
    expect(migrationSentences(outcome as NonNullable<typeof outcome>)).toEqual([
      "Earlier segment 1 (81 customers) is segment 1 now (100%).",
      "Earlier segment 2 (39 customers) split: 74% to segment 3, 26% to segment 6.",
      "Earlier segment 3 (35 customers) is segment 2 now (100%).",
      "Earlier segment 4 (23 customers) is segment 4 now (100%).",
      "Earlier segment 5 (22 customers) is segment 5 now (100%).",
    ]);
  });

  it("offers nothing when the data has no earlier segments", async () => {
    const { wizard } = wizardOn();
    await wizard.start();
    await wizard.loadData();
    expect(wizard.earlierSegmentColumns()).toEqual([]);
  });
});

describe("the comparison in words", () => {
  it("names the flows of a tenth or more, noise, and customers gone and new", () => {
    expect(
      migrationSentences({
        states: [1, 2, 0],
        counts: [
          [50, 30, 5],
          [0, 40, 0],
          [2, 0, 3],
        ],
        gone: [15, 0, 0],
        fresh: [4, 1, 0],
      }),
    ).toEqual([
      "Earlier segment 1 (100 customers) split: 50% to segment 1, 30% to segment 2, 15% in no segment now.",
      "Earlier segment 2 (40 customers) is segment 2 now (100%).",
      "Earlier noise (5 customers) split: 60% to noise, 40% to segment 1.",
      "15 customers had a segment before and have none now.",
      "5 customers have a segment now and had none before.",
    ]);
  });
});
