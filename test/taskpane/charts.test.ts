import type { SweepPoint } from "../../src/core/choosek";
import {
  elbowConfig,
  scatterConfig,
  separationConfig,
  silhouetteBarColors,
  silhouetteByKConfig,
  silhouettePlotConfig,
  SILHOUETTE_PLOT_BARS,
} from "../../src/taskpane/charts/configs";
import {
  CHART_COLORS,
  NOISE_COLOR,
  OTHER_SEGMENTS_COLOR,
  SEGMENT_COLORS,
  SHOWN_SEGMENTS,
  segmentColor,
  withAlpha,
} from "../../src/taskpane/charts/palette";
import { countsText } from "../../src/taskpane/views/density-panel";
import { bicConfig, epsLine, kdistConfig } from "../../src/taskpane/charts/algorithm-configs";
import { NOISE } from "../../src/core/algorithms/clusterer";

const point = (k: number, inertia: number, silhouette: number | null): SweepPoint => ({
  k,
  inertia,
  silhouette,
  silhouetteExact: true,
  calinskiHarabasz: null,
  daviesBouldin: null,
});
const points = [point(2, 100, 0.4), point(3, 50, 0.6), point(4, 40, 0.5)];

describe("chart configurations", () => {
  it("marks the knee on the elbow chart as its own point", () => {
    const config = elbowConfig(points, 3);
    expect(config.data.labels).toEqual(["2", "3", "4"]);
    expect(config.data.datasets[0].data).toEqual([100, 50, 40]);
    expect(config.data.datasets[1]).toMatchObject({ label: "Knee at k = 3", data: [null, 50, null] });
    expect(config.options?.animation).toBe(false);
    expect(elbowConfig(points, null).data.datasets[1].label).toBe("No knee");
    expect(elbowConfig(points, 3, false).data.datasets[1].label).toBe("Weak knee at k = 3");
  });

  it("colours the chosen k's silhouette bar", () => {
    const config = silhouetteByKConfig([point(1, 200, null), ...points], 4);
    expect(config.data.labels).toEqual(["2", "3", "4"]);
    expect(silhouetteBarColors(points, 4)).toEqual([
      CHART_COLORS.muted,
      CHART_COLORS.muted,
      CHART_COLORS.accent,
    ]);
  });

  it("draws one scatter dataset per segment, in the segment's colour", () => {
    const config = scatterConfig(
      {
        x: Float64Array.from([0, 1, 2]),
        y: Float64Array.from([5, 6, 7]),
        labels: Int32Array.from([2, 1, 2]),
        explained: [0.5, 0.25],
        total: 3,
      },
      ["A", "B"],
    );
    expect(config.data.datasets.map((d) => d.data)).toEqual([
      [{ x: 1, y: 6 }],
      [
        { x: 0, y: 5 },
        { x: 2, y: 7 },
      ],
    ]);
    expect(config.data.datasets[1].backgroundColor).toBe(withAlpha(SEGMENT_COLORS[1], 0.75));
    expect(config.options?.scales?.x?.title).toMatchObject({ text: "Component 1 (50% of variance)" });
  });

  it("lays out the silhouette plot as ungrouped bars, one dataset per segment", () => {
    const config = silhouettePlotConfig(
      {
        values: Float64Array.from([0.9, 0.5, 0.7, -0.2]),
        labels: Int32Array.from([1, 1, 2, 2]),
        mean: 0.475,
        exact: true,
      },
      ["A", "B"],
    );
    expect(config.data.datasets.map((d) => d.data)).toEqual([
      [
        { x: 0, y: 0.9 },
        { x: 1, y: 0.5 },
      ],
      [
        { x: 2, y: 0.7 },
        { x: 3, y: -0.2 },
      ],
    ]);
    expect(config.data.labels).toEqual(["1", "2", "3", "4"]);
    expect(config.options).toMatchObject({ parsing: false, normalized: true });
    expect(config.data.datasets.every((d) => d.grouped === false)).toBe(true);
    expect(config.options?.scales?.y).toMatchObject({ min: -0.2, max: 1 });
  });

  it("bins a large silhouette sample into at most SILHOUETTE_PLOT_BARS pixel columns, keeping its extremes", () => {
    // 1,500 rows of segment 1 from 0.9 down to -0.3, then 500 of segment 2 from 0.6 down to 0.1.
    const one = Array.from({ length: 1500 }, (_, i) => 0.9 - (1.2 * i) / 1499);
    const two = Array.from({ length: 500 }, (_, i) => 0.6 - (0.5 * i) / 499);
    const config = silhouettePlotConfig(
      {
        values: Float64Array.from([...one, ...two]),
        labels: Int32Array.from([...one.map(() => 1), ...two.map(() => 2)]),
        mean: 0.35,
        exact: false,
      },
      ["A", "B"],
    );
    const [a, b] = config.data.datasets.map((d) => d.data);
    const columns = (data: { x: number }[]) => new Set(data.map((p) => p.x)).size;
    // Segment 1 has three quarters of the rows and of the columns.
    expect(columns(a)).toBe(375);
    expect(columns(b)).toBe(125);
    expect(config.data.labels).toHaveLength(SILHOUETTE_PLOT_BARS);
    // Its highest and lowest values are drawn, and the column that crosses zero goes both ways.
    expect(a[0].y).toBeCloseTo(0.9, 12);
    expect(a[a.length - 1].y).toBeCloseTo(-0.3, 12);
    expect(a.filter((p) => p.y < 0).length).toBeGreaterThan(0);
    const crossing = a.filter((p, i) => i > 0 && a[i - 1].x === p.x);
    expect(crossing).toHaveLength(1);
    // A column above zero is filled up to its highest row: segment 2's last holds rows 496-499.
    expect(b[b.length - 1].y).toBe(two[496]);
    // Columns follow on from one segment to the next.
    expect(b[0].x).toBe(375);
  });

  it("draws what drives the segments as horizontal bars in percent, strongest on top, ties in feature order", () => {
    const config = separationConfig([
      { feature: "Age", r2: 0.25, split: null },
      { feature: "Income", r2: 0.8123, split: null },
      { feature: "Gender", r2: 0.25, split: { purity: 0.6, leaders: 2 } },
    ]);
    expect(config.type).toBe("bar");
    expect(config.options?.indexAxis).toBe("y");
    expect(config.data.labels).toEqual(["Income", "Age", "Gender"]);
    expect(config.data.datasets).toHaveLength(1);
    expect(config.data.datasets[0].data).toEqual([81.2, 25, 25]);
    expect(config.data.datasets[0].backgroundColor).toBe(CHART_COLORS.accent);
    expect(config.options?.scales?.x).toMatchObject({ min: 0, max: 100 });
    expect(config.options?.animation).toBe(false);
    expect(config.options?.plugins?.legend?.display).toBe(false);
  });

  it("cycles colours past ten segments and writes alpha as hex", () => {
    expect(segmentColor(11)).toBe(segmentColor(1));
    expect(withAlpha("#0f6cbd", 0.5)).toBe("#0f6cbd80");
  });
});

describe("the charts of the other algorithms", () => {
  it("draw noise in a grey no segment uses, under the segments", () => {
    expect(segmentColor(NOISE)).toBe(NOISE_COLOR);
    expect(SEGMENT_COLORS).not.toContain(NOISE_COLOR);
    const scatter = {
      x: Float64Array.from([0, 1, 2]),
      y: Float64Array.from([0, 1, 2]),
      labels: Int32Array.from([1, NOISE, 2]),
      explained: [0.6, 0.3] as [number, number],
      total: 3,
    };
    const config = scatterConfig(scatter, ["A", "B"]);
    expect(config.data.datasets.map((d) => [d.label, d.data.length])).toEqual([
      ["1 A", 1],
      ["2 B", 1],
      ["Noise", 1],
    ]);
    const noise = config.data.datasets[2] as { order?: number; backgroundColor?: unknown };
    expect(noise.order).toBeGreaterThan(0);
    expect(noise.backgroundColor).toBe(withAlpha(NOISE_COLOR, 0.75));
  });

  it("plot BIC and AIC over k with the lowest BIC marked", () => {
    const config = bicConfig({
      kind: "mixture",
      covariance: "full",
      points: [
        { k: 1, bic: 30, aic: 28, converged: true },
        { k: 2, bic: 20, aic: 15, converged: true },
        { k: 3, bic: 25, aic: 14, converged: false },
      ],
      recommendation: { k: 2, reason: "" },
      usableRows: 10,
      sweptRows: 10,
    });
    expect(config.data.labels).toEqual(["1", "2", "3"]);
    expect(config.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ["BIC", [30, 20, 25]],
      ["AIC", [28, 15, 14]],
      ["Lowest BIC at k = 2", [null, 20, null]],
    ]);
  });

  it("plot the k-distance curve over 0-100% of the rows, with eps across it and the knee marked", () => {
    const curve = {
      kind: "density" as const,
      minPoints: 3,
      distances: Float64Array.from([0.1, 0.2, 0.3, 1.5, 4]),
      suggestedEps: 0.3,
      kneeIndex: 2,
      usableRows: 5,
    };
    const config = kdistConfig(curve, 0.5);
    expect(config.data.datasets[0].label).toBe("Distance to the 3rd nearest row");
    expect(config.data.datasets[0].data).toEqual([
      { x: 0, y: 0.1 },
      { x: 25, y: 0.2 },
      { x: 50, y: 0.3 },
      { x: 75, y: 1.5 },
      { x: 100, y: 4 },
    ]);
    expect(config.data.datasets[1].data).toEqual(epsLine(0.5));
    expect(epsLine(0.5)).toEqual([
      { x: 0, y: 0.5 },
      { x: 100, y: 0.5 },
    ]);
    expect(config.data.datasets[2]).toMatchObject({ label: "Suggested eps 0.30", data: [{ x: 50, y: 0.3 }] });
    expect(kdistConfig(curve, null).data.datasets[1].data).toEqual([]);
  });
});

describe("more segments than colours", () => {
  const labels = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, NOISE, 12];
  const names = Array.from({ length: 12 }, (_, i) => `S${i + 1}`);

  it("are plotted as one group of other segments after the ten shown", () => {
    const m = labels.length;
    const config = scatterConfig(
      {
        x: Float64Array.from(labels, (_, i) => i),
        y: Float64Array.from(labels, (_, i) => i),
        labels: Int32Array.from(labels),
        explained: [0.5, 0.3],
        total: m,
      },
      names,
    );
    expect(config.data.datasets.map((d) => [d.label, d.data.length])).toEqual([
      ...names.slice(0, SHOWN_SEGMENTS).map((n, i) => [`${i + 1} ${n}`, 1]),
      ["Other segments", 3],
      ["Noise", 1],
    ]);
    expect((config.data.datasets[SHOWN_SEGMENTS] as { backgroundColor?: unknown }).backgroundColor).toBe(
      withAlpha(OTHER_SEGMENTS_COLOR, 0.75),
    );
  });

  it("have one group in the silhouette plot, sorted from highest to lowest", () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12];
    const values = Float64Array.from(sorted, (l) => (l === 11 ? 0.1 : l === 12 ? 0.5 : 0.3));
    const config = silhouettePlotConfig(
      { values, labels: Int32Array.from(sorted), mean: 0.3, exact: true },
      names,
    );
    const last = config.data.datasets.at(-1);
    expect(config.data.datasets).toHaveLength(SHOWN_SEGMENTS + 1);
    expect(last?.label).toBe("Other segments");
    expect(last?.data.map((p) => p.y)).toEqual([0.5, 0.5, 0.1]);
  });
});

describe("the DBSCAN counts, in words", () => {
  const density = (sizes: number[], noise: number) => ({
    minPoints: 5,
    eps: 0.5,
    epsEdited: false,
    curve: null,
    counts: { kind: "densityCounts" as const, eps: 0.5, minPoints: 5, sizes, noise },
    counting: false,
    countProgress: null,
    countsProblem: null,
  });

  it("list a few segments' sizes, and the noise with its share", () => {
    expect(countsText(density([143, 33, 11], 13))).toBe(
      "3 segments (143, 33, 11 customers) and 13 noise rows (6.5%).",
    );
    expect(countsText(density([], 200))).toBe(
      "No segments: every row is noise. Use a larger eps or fewer min points.",
    );
    expect(countsText({ ...density([1], 0), counting: true })).toBe("Counting the segments…");
    expect(
      countsText({ ...density([1], 0), counting: true, countProgress: "Joining core rows… 5 of 9 rows" }),
    ).toBe("Counting the segments… (Joining core rows… 5 of 9 rows)");
    expect(countsText({ ...density([1], 0), countsProblem: "Too wide." })).toBe("Too wide.");
  });

  it("say when most segments are tiny, and what to do about it", () => {
    const sizes = [5000, 4000, 900, ...Array.from({ length: 20 }, () => 8)];
    expect(countsText(density(sizes, 100))).toBe(
      "23 segments (the largest 5,000, 4,000, 900 customers) and 100 noise rows (1%). 20 of them hold under 1% of the customers each: a larger min points turns such small groups into noise.",
    );
  });
});
