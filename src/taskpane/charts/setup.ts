import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  ChartConfiguration,
  ChartType,
  DefaultDataPoint,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  ScatterController,
  Tooltip,
} from "chart.js";
import { CHART_COLORS } from "./palette";

/**
 * Chart.js with only the pieces the pane draws (line, bar, scatter; linear and category axes; legend and
 * tooltip). Registering them by hand instead of "chart.js/auto" keeps the bundle about half the size.
 */
let registered = false;

function register(): void {
  if (registered) return;
  Chart.register(
    LineController,
    LineElement,
    PointElement,
    BarController,
    BarElement,
    ScatterController,
    LinearScale,
    CategoryScale,
    Legend,
    Tooltip,
  );
  Chart.defaults.font.family = '"Segoe UI", system-ui, sans-serif';
  Chart.defaults.color = CHART_COLORS.text;
  registered = true;
}

export function drawChart<T extends ChartType, D = DefaultDataPoint<T>>(
  canvas: HTMLCanvasElement,
  config: ChartConfiguration<T, D>,
): Chart<T, D> {
  register();
  return new Chart(canvas, config);
}

export type { Chart };

/**
 * Draws charts one per painted frame, once `element` is in the page (Chart.js measures its box): each
 * chart is tens of milliseconds of work on the pane's thread (a scatter of 2,500 points), so drawing
 * them in one go would hold the pane for their sum. Drawn charts are pushed to `into`.
 */
export function drawInTurn(element: HTMLElement, draws: readonly (() => Chart)[], into: Chart[]): void {
  let next = 0;
  // Each chart is drawn in a task of its own just after a frame is painted, not inside the frame:
  // the first frame then lays out and paints the step alone, and no frame carries a step and a chart.
  const afterPaint = () => requestAnimationFrame(() => setTimeout(step, 0));
  const step = () => {
    if (!element.isConnected || next >= draws.length) return;
    const start = performance.now();
    const chart = draws[next++]();
    into.push(chart);
    // A User Timing entry per chart ("chart scatter"): DevTools and the pane benchmark show which
    // draw holds the thread longest. Webviews without User Timing 3 refuse the options: no entry.
    try {
      performance.measure(`chart ${"type" in chart.config ? chart.config.type : ""}`, { start });
    } catch {
      // Only a measurement is lost.
    }
    if (next < draws.length) afterPaint();
  };
  afterPaint();
}
