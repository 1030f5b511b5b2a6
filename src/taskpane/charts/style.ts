import { CHART_COLORS } from "./palette";

/**
 * The look every chart of the pane shares: axis titles, ticks and grid lines in the pane's greys at
 * 11 px, a legend under the plot, and no animation (the charts redraw as choices change, and the pane
 * should not wobble).
 */
export const axisTitle = (text: string) => ({
  display: true,
  text,
  color: CHART_COLORS.text,
  font: { size: 11 },
});
export const ticks = { color: CHART_COLORS.text, font: { size: 11 } };
export const grid = { color: CHART_COLORS.grid };
export const flatTicks = { ...ticks, minRotation: 0, maxRotation: 0 };
export const common = { animation: false as const, responsive: true, maintainAspectRatio: false };
export const legendBelow = { position: "bottom" as const, labels: { boxWidth: 10, font: { size: 11 } } };

/** The point a chart recommends (the elbow's knee, the lowest BIC): a diamond in the knee colour. */
export function markedPoint<T>(label: string, data: T) {
  return {
    label,
    data,
    borderColor: CHART_COLORS.knee,
    backgroundColor: CHART_COLORS.knee,
    pointStyle: "rectRot" as const,
    pointRadius: 7,
    pointHoverRadius: 8,
    showLine: false,
  };
}
