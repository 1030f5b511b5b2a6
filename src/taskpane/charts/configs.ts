import type { ChartConfiguration, ChartDataset } from "chart.js";
import type { SweepPoint } from "../../core/choosek";
import type { FeatureSeparation } from "../../core/separation";
import type { ScatterData, SilhouetteData } from "../protocol";
import { NOISE } from "../../core/algorithms/clusterer";
import { CHART_COLORS, OTHER_SEGMENTS_COLOR, SHOWN_SEGMENTS, segmentColor, withAlpha } from "./palette";
import { axisTitle, common, flatTicks, grid, legendBelow, markedPoint, ticks } from "./style";

/**
 * Chart.js configurations as plain data, one function per chart, so they can be unit tested without a
 * canvas. Animation is off: the charts redraw when k changes and the pane should not wobble.
 */

/** Axis bounds a little beyond the data's, or none for no data. */
function rangeOf(values: Float64Array): { min?: number; max?: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max >= min)) return {};
  const pad = (max - min) * 0.05 || 1;
  return { min: min - pad, max: max + pad };
}

export function elbowConfig(
  points: readonly SweepPoint[],
  knee: number | null,
  clear = true,
): ChartConfiguration<"line"> {
  const labels = points.map((p) => String(p.k));
  const kneeData = points.map((p) => (p.k === knee ? p.inertia : null));
  return {
    type: "line",
    data: {
      labels,
      datasets: [
        {
          label: "Inertia",
          data: points.map((p) => p.inertia),
          borderColor: CHART_COLORS.accent,
          backgroundColor: CHART_COLORS.accent,
          pointRadius: 3,
          borderWidth: 2,
        },
        markedPoint(knee === null ? "No knee" : `${clear ? "Knee" : "Weak knee"} at k = ${knee}`, kneeData),
      ],
    },
    options: {
      ...common,
      plugins: { legend: legendBelow },
      scales: {
        x: { title: axisTitle("Number of segments (k)"), ticks, grid },
        y: { title: axisTitle("Inertia"), ticks, grid },
      },
    },
  };
}

export function silhouetteByKConfig(
  points: readonly SweepPoint[],
  chosen: number | null,
): ChartConfiguration<"bar"> {
  const scored = points.filter((p) => p.silhouette !== null);
  return {
    type: "bar",
    data: {
      labels: scored.map((p) => String(p.k)),
      datasets: [
        {
          label: "Mean silhouette",
          data: scored.map((p) => p.silhouette as number),
          backgroundColor: silhouetteBarColors(points, chosen),
        },
      ],
    },
    options: {
      ...common,
      plugins: { legend: { display: false } },
      scales: {
        x: { title: axisTitle("Number of segments (k)"), ticks, grid: { display: false } },
        y: { title: axisTitle("Mean silhouette"), ticks, grid, suggestedMin: 0, suggestedMax: 1 },
      },
    },
  };
}

/** The chosen k's bar in the accent colour, the others muted. */
export function silhouetteBarColors(points: readonly SweepPoint[], chosen: number | null): string[] {
  return points
    .filter((p) => p.silhouette !== null)
    .map((p) => (p.k === chosen ? CHART_COLORS.accent : CHART_COLORS.muted));
}

export function scatterConfig(scatter: ScatterData, names: readonly string[]): ChartConfiguration<"scatter"> {
  const k = Math.min(names.length, SHOWN_SEGMENTS);
  const bySegment: { x: number; y: number }[][] = Array.from({ length: k }, () => []);
  const noise: { x: number; y: number }[] = [];
  const others: { x: number; y: number }[] = [];
  for (let i = 0; i < scatter.x.length; i++) {
    const point = { x: scatter.x[i], y: scatter.y[i] };
    const label = scatter.labels[i];
    if (label === NOISE) noise.push(point);
    else if (label > k) others.push(point);
    else bySegment[label - 1]?.push(point);
  }
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const dense = scatter.x.length > 1000;
  const dataset = (label: string, data: { x: number; y: number }[], color: string) => ({
    label,
    data,
    backgroundColor: withAlpha(color, dense ? 0.45 : 0.75),
    borderWidth: 0,
    pointRadius: dense ? 2 : 3,
  });
  // The legend is HTML under the chart: ten long names would squeeze the plot to nothing at pane width.
  // Noise has the higher order, which Chart.js draws first: under the segments.
  return {
    type: "scatter",
    data: {
      datasets: [
        ...bySegment.map((data, c) => dataset(`${c + 1} ${names[c]}`, data, segmentColor(c + 1))),
        ...(others.length > 0
          ? [{ ...dataset("Other segments", others, OTHER_SEGMENTS_COLOR), order: 1 }]
          : []),
        ...(noise.length > 0 ? [{ ...dataset("Noise", noise, segmentColor(NOISE)), order: 2 }] : []),
      ],
    },
    options: {
      ...common,
      // The points are {x, y} numbers already: Chart.js's internal format, nothing to parse.
      parsing: false,
      plugins: { legend: { display: false } },
      // Flat tick labels and the data's range given: Chart.js need not try rotations or scan the points.
      scales: {
        x: {
          title: axisTitle(`Component 1 (${pct(scatter.explained[0])} of variance)`),
          ticks: flatTicks,
          grid,
          ...rangeOf(scatter.x),
        },
        y: {
          title: axisTitle(`Component 2 (${pct(scatter.explained[1])})`),
          ticks: flatTicks,
          grid,
          ...rangeOf(scatter.y),
        },
      },
    },
  };
}

/**
 * "What drives the segments": one horizontal bar per feature, its R² as a percentage, strongest on
 * top (ties keep the features' order), on a fixed 0-100% axis so that runs compare at a glance.
 */
export function separationConfig(separation: readonly FeatureSeparation[]): ChartConfiguration<"bar"> {
  // sort is stable: equal R² keep the features' order.
  const bars = [...separation].sort((a, b) => b.r2 - a.r2);
  return {
    type: "bar",
    data: {
      labels: bars.map((f) => f.feature),
      datasets: [
        {
          label: "Share of spread between segments (R²)",
          data: bars.map((f) => Math.round(1000 * f.r2) / 10),
          backgroundColor: CHART_COLORS.accent,
        },
      ],
    },
    options: {
      ...common,
      indexAxis: "y",
      plugins: { legend: { display: false } },
      scales: {
        x: { title: axisTitle("Between segments (R², %)"), ticks: flatTicks, grid, min: 0, max: 100 },
        y: { ticks, grid: { display: false } },
      },
    },
  };
}

/**
 * Bars at most in the silhouette plot: more than a narrow pane has pixels for. Each costs Chart.js an
 * element to lay out and draw, and 2,000 of them held the pane for up to a tenth of a second.
 */
export const SILHOUETTE_PLOT_BARS = 500;

/**
 * The classic silhouette plot turned upright for a narrow pane: rows sorted within their segment,
 * one dataset per segment (so the legend names them) drawn ungrouped. Beyond SILHOUETTE_PLOT_BARS
 * rows, each segment's sorted rows go into bins (as many as its share of the bars) and a bin is drawn
 * as the pixel column its rows would fill: a bar up to its highest value and one down to its lowest,
 * where they are above and below zero. So the shape, the widths and the negative tails are those of
 * every row, whatever the sample size.
 */
export function silhouettePlotConfig(
  silhouette: SilhouetteData,
  names: readonly string[],
): ChartConfiguration<"bar", { x: number; y: number }[]> {
  const m = silhouette.values.length;
  const bins = Math.min(m, SILHOUETTE_PLOT_BARS);
  let x = 0;
  // Each segment's dataset holds only its own bars, as {x: bar index, y}: Chart.js's internal format,
  // so it skips parsing, and its bars are elements to lay out only once, not k times.
  // Segments past SHOWN_SEGMENTS are one group, its rows sorted from highest to lowest as a segment's.
  const shown = Math.min(names.length, SHOWN_SEGMENTS);
  const groups = names.slice(0, shown).map((name, c) => ({
    label: `${c + 1} ${name}`,
    color: segmentColor(c + 1),
    rows: [] as number[],
  }));
  const others = { label: "Other segments", color: OTHER_SEGMENTS_COLOR, rows: [] as number[] };
  for (let i = 0; i < m; i++) {
    const label = silhouette.labels[i];
    if (label >= 1 && label <= shown) groups[label - 1].rows.push(i);
    else if (label > shown) others.rows.push(i);
  }
  others.rows.sort((a, b) => silhouette.values[b] - silhouette.values[a] || a - b);
  if (others.rows.length > 0) groups.push(others);
  const datasets: ChartDataset<"bar", { x: number; y: number }[]>[] = groups.map(({ label, color, rows }) => {
    const data: { x: number; y: number }[] = [];
    const count = rows.length === 0 ? 0 : Math.max(1, Math.round((rows.length * bins) / m));
    for (let b = 0; b < count; b++, x++) {
      let high = -Infinity;
      let low = Infinity;
      for (
        let r = Math.floor((b * rows.length) / count);
        r < Math.floor(((b + 1) * rows.length) / count);
        r++
      ) {
        high = Math.max(high, silhouette.values[rows[r]]);
        low = Math.min(low, silhouette.values[rows[r]]);
      }
      if (high >= 0) data.push({ x, y: high });
      if (low < 0) data.push({ x, y: low });
    }
    return {
      label,
      data,
      backgroundColor: color,
      grouped: false,
      categoryPercentage: 1,
      barPercentage: 1,
    };
  });
  let min = 0;
  for (const v of silhouette.values) min = Math.min(min, v);
  return {
    type: "bar",
    data: { labels: Array.from({ length: x }, (_, i) => String(i + 1)), datasets },
    options: {
      ...common,
      parsing: false,
      normalized: true,
      plugins: {
        legend: { display: false },
        tooltip: { enabled: false },
      },
      scales: {
        x: {
          title: axisTitle("Customers, sorted within each segment"),
          ticks: { display: false },
          grid: { display: false },
        },
        y: { title: axisTitle("Silhouette"), ticks, grid, min: Math.floor(min * 10) / 10, max: 1 },
      },
    },
  };
}
