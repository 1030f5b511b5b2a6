import type { ChartConfiguration } from "chart.js";
import { ordinal } from "../../core/algorithms/kdist";
import type { DensityCurveOutcome, MixtureSweepOutcome } from "../protocol";
import { CHART_COLORS, SEGMENT_COLORS } from "./palette";
import { axisTitle, common, flatTicks, grid, legendBelow, markedPoint, ticks } from "./style";

/**
 * The k step's charts for the algorithms other than k-means: BIC and AIC over k for a Gaussian
 * mixture, and DBSCAN's k-distance curve with eps across it. Plain data, as configs.ts's.
 */

/** BIC and AIC by k (lower is better), the recommended k marked. */
export function bicConfig(sweep: MixtureSweepOutcome): ChartConfiguration<"line"> {
  const { points, recommendation } = sweep;
  return {
    type: "line",
    data: {
      labels: points.map((p) => String(p.k)),
      datasets: [
        {
          label: "BIC",
          data: points.map((p) => p.bic),
          borderColor: CHART_COLORS.accent,
          backgroundColor: CHART_COLORS.accent,
          pointRadius: 3,
          borderWidth: 2,
        },
        {
          label: "AIC",
          data: points.map((p) => p.aic),
          borderColor: SEGMENT_COLORS[2],
          backgroundColor: SEGMENT_COLORS[2],
          borderDash: [4, 3],
          pointRadius: 2,
          borderWidth: 1.5,
        },
        markedPoint(
          `Lowest BIC at k = ${recommendation.k}`,
          points.map((p) => (p.k === recommendation.k ? p.bic : null)),
        ),
      ],
    },
    options: {
      ...common,
      plugins: { legend: legendBelow },
      scales: {
        x: { title: axisTitle("Number of segments (k)"), ticks, grid },
        y: { title: axisTitle("BIC and AIC (lower is better)"), ticks, grid },
      },
    },
  };
}

/**
 * The sorted k-distance curve: each row's distance to its min points-th nearest row, from nearest to
 * farthest, as a share of the rows; eps as a horizontal line (rows above it are not core points) and
 * the suggested eps at the knee as a diamond.
 */
export function kdistConfig(curve: DensityCurveOutcome, eps: number | null): ChartConfiguration<"scatter"> {
  const m = curve.distances.length;
  const at = (i: number) => (m > 1 ? (100 * i) / (m - 1) : 0);
  // At most CURVE_POINTS points, the last included: a pane is a few hundred pixels wide, and 5,000
  // points held it for a tenth of a second to draw.
  const step = Math.max(1, Math.ceil(m / CURVE_POINTS));
  const line: { x: number; y: number }[] = [];
  for (let i = 0; i < m; i += step) line.push({ x: at(i), y: curve.distances[i] });
  if (m > 0 && (m - 1) % step !== 0) line.push({ x: at(m - 1), y: curve.distances[m - 1] });
  return {
    type: "scatter",
    data: {
      datasets: [
        {
          label: `Distance to the ${ordinal(curve.minPoints)} nearest row`,
          data: line,
          showLine: true,
          borderColor: CHART_COLORS.accent,
          backgroundColor: CHART_COLORS.accent,
          borderWidth: 2,
          pointRadius: 0,
        },
        {
          label: "eps",
          data: epsLine(eps),
          showLine: true,
          borderColor: SEGMENT_COLORS[2],
          backgroundColor: SEGMENT_COLORS[2],
          borderDash: [4, 3],
          borderWidth: 1.5,
          pointRadius: 0,
        },
        markedPoint(`Suggested eps ${curve.suggestedEps.toPrecision(2)}`, [
          { x: at(curve.kneeIndex), y: curve.suggestedEps },
        ]),
      ],
    },
    options: {
      ...common,
      parsing: false,
      plugins: { legend: legendBelow },
      scales: {
        x: {
          title: axisTitle("Customers, sorted by that distance (%)"),
          ticks: flatTicks,
          grid,
          min: 0,
          max: 100,
        },
        y: { title: axisTitle("Distance (scaled)"), ticks, grid, min: 0 },
      },
    },
  };
}

const CURVE_POINTS = 500;

/** eps across the whole curve, or nothing before one is chosen. */
export function epsLine(eps: number | null): { x: number; y: number }[] {
  return eps === null
    ? []
    : [
        { x: 0, y: eps },
        { x: 100, y: eps },
      ];
}
