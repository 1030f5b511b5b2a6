/**
 * A chart the wizard added to a sheet ("Segment sizes" on Segment profiles), drawn with Chart.js over
 * the grid from the cells it names: Excel would float a native chart there; the in-memory workbook
 * only records the chart's type, title and source range.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Title, Tooltip } from "chart.js";
import { parseA1 } from "../host/address";
import type { ChartData, Workbook } from "../host/workbook";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Title, Tooltip);

export class SheetCharts {
  private charts: Chart[] = [];
  private drawn = "";

  constructor(private readonly container: HTMLElement) {}

  /** Shows the sheet's charts, redrawn only when they or their data changed. */
  render(workbook: Workbook, sheet: string): void {
    const data = workbook.getSheet(sheet)?.charts ?? [];
    const series = data.map((chart) => ({ chart, ...this.series(workbook, sheet, chart) }));
    const signature = JSON.stringify(series);
    if (signature === this.drawn) return;
    this.drawn = signature;
    this.charts.forEach((c) => c.destroy());
    this.charts = [];
    this.container.replaceChildren();
    this.container.hidden = series.length === 0;
    for (const { chart, labels, values, header } of series) {
      const box = document.createElement("figure");
      box.className = "sheet-chart";
      const hide = document.createElement("button");
      hide.type = "button";
      hide.className = "sheet-chart-hide";
      hide.textContent = "×";
      hide.title = "Hide this chart";
      hide.setAttribute("aria-label", `Hide the chart ${chart.title}`);
      hide.addEventListener("click", () => box.remove());
      box.append(hide);
      const canvas = document.createElement("canvas");
      canvas.setAttribute("role", "img");
      canvas.setAttribute(
        "aria-label",
        `${chart.title}: ${labels.map((l, i) => `${l} ${values[i]}`).join(", ")}`,
      );
      box.append(canvas);
      this.container.append(box);
      this.charts.push(
        new Chart(canvas, {
          type: "bar",
          // Long generated names are cut: Chart.js would cut them at the canvas edge, mid-word.
          data: {
            labels: labels.map((l) => (l.length > 30 ? `${l.slice(0, 29)}…` : l)),
            datasets: [{ label: header, data: values, backgroundColor: "#0f6cbd" }],
          },
          options: {
            // Bars across, so that segment names read level rather than slanted.
            indexAxis: "y",
            animation: false,
            responsive: true,
            maintainAspectRatio: false,
            plugins: { title: { display: true, text: chart.title }, legend: { display: false } },
          },
        }),
      );
    }
  }

  /** Categories from the source's first column, values from its second, under a header row. */
  private series(workbook: Workbook, sheet: string, chart: ChartData) {
    const rect = parseA1(chart.source);
    const rows = workbook.values(sheet, rect);
    const header = String(rows[0]?.[1] ?? "");
    const body = rows.slice(1);
    return {
      header,
      labels: body.map((r) => String(r[0] ?? "")),
      values: body.map((r) => (typeof r[1] === "number" ? r[1] : Number(r[1]) || 0)),
    };
  }
}
