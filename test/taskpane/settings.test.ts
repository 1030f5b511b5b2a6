import { DEFAULT_SETTINGS, parseRemovalPlan, parseSettings } from "../../src/taskpane/settings";

describe("parseSettings", () => {
  it("keeps valid fields and replaces anything else with the default", () => {
    expect(parseSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings("junk")).toEqual(DEFAULT_SETTINGS);
    expect(
      parseSettings({
        source: "table",
        table: "Mall",
        features: ["Age"],
        logTransform: ["Age", 3],
        scaling: "robust",
        missing: "sometimes",
        k: 4.5,
      }),
    ).toEqual({ ...DEFAULT_SETTINGS, source: "table", table: "Mall", features: ["Age"], scaling: "robust" });
  });
});

describe("parseSettings of the algorithm", () => {
  it("keeps an algorithm and parameters its table accepts, and defaults the rest", () => {
    expect(
      parseSettings({ algorithm: "dbscan", covariance: "tied", mixtureK: 3, minPoints: 8, eps: 0.25 }),
    ).toMatchObject({ algorithm: "dbscan", covariance: "tied", mixtureK: 3, minPoints: 8, eps: 0.25 });
    expect(
      parseSettings({ algorithm: "hdbscan", covariance: "round", mixtureK: 0, minPoints: 2.5, eps: 0 }),
    ).toMatchObject({ algorithm: "kmeans", covariance: "full", mixtureK: null, minPoints: 5, eps: null });
    expect(parseSettings({ eps: "0.4", minPoints: "5" })).toMatchObject({ eps: null, minPoints: 5 });
  });
});

describe("parseRemovalPlan", () => {
  it("keeps well-formed ops only, and gives null when none is left", () => {
    expect(parseRemovalPlan(undefined)).toBeNull();
    expect(parseRemovalPlan({ ops: [{ kind: "deleteSheet" }] })).toBeNull();
    expect(
      parseRemovalPlan({
        ops: [
          { kind: "deleteSheet", name: "P" },
          { kind: "clearCells", sheet: "S", row: 0, column: 5, rows: 201, columns: 1 },
          { kind: "clearCells", sheet: "S", row: -1, column: 5, rows: 201, columns: 1 },
          { kind: "format disk" },
        ],
      }),
    ).toEqual({
      ops: [
        { kind: "deleteSheet", name: "P" },
        { kind: "clearCells", sheet: "S", row: 0, column: 5, rows: 201, columns: 1 },
      ],
    });
  });
});
