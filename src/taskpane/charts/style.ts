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
