import { TINY_SEGMENT, leavesTinySegment } from "../../core/choosek";
import { elbowConfig, silhouetteBarColors, silhouetteByKConfig } from "../charts/configs";
import { Chart, drawChart, drawInTurn } from "../charts/setup";
import type { Wizard, WizardState } from "../wizard";
import { chartFigure, formatNumber, h, uid } from "./dom";
import type { StepView } from "./step";
import { ANALYSIS } from "../limits";
import type { SweepOutcome } from "../protocol";

export function kStep(state: WizardState, wizard: Wizard): StepView {
  const heading = h("h2", { className: "step-title", tabindex: "-1" }, "How many segments?");
  const sweep = state.sweep;
  if (!sweep) {
    const element = h(
      "section",
      { className: "step", "aria-label": "Number of segments" },
      heading,
      h(
        "p",
        {},
        `Segment is trying ${ANALYSIS.kmin} to ${ANALYSIS.kmax} segments and scoring each. This takes a moment on large data.`,
      ),
    );
    return { element, heading };
  }
  const rec = sweep.recommendation;
  const selectId = uid("k");
  const select = h(
    "select",
    { id: selectId, onchange: () => wizard.setK(Number(select.value)) },
    sweep.points.map((p) =>
      h(
        "option",
        { value: String(p.k), selected: p.k === state.k },
        optionText(p.k, p.k === rec.k, leavesTinySegment(p)),
      ),
    ),
  );
  // One legend line, only when some k is flagged, rather than a note under every option.
  const anyTiny = sweep.points.some(leavesTinySegment);

  const points = sweep.points;
  const elbowText = points.map((p) => `k ${p.k}: ${formatNumber(p.inertia, 1)}`).join(", ");
  const knee = rec.knee.k;
  const kneeWords = knee === null ? "No knee." : `${rec.clearKnee ? "Knee" : "Weak knee"} at k = ${knee}.`;
  const elbow = chartFigure(
    `Elbow chart. Inertia by number of segments: ${elbowText}. ${kneeWords}`,
    knee === null
      ? "Inertia (spread within segments) by k. The curve has no knee."
      : rec.clearKnee
        ? "Inertia (spread within segments) by k. The diamond marks the knee, where more segments stop paying off."
        : "Inertia (spread within segments) by k. The diamond marks the strongest bend, but it is a weak one.",
  );
  const silText = points
    .filter((p) => p.silhouette !== null)
    .map((p) => `k ${p.k}: ${formatNumber(p.silhouette as number)}`)
    .join(", ");
  const silhouette = chartFigure(
    `Mean silhouette by number of segments: ${silText}.`,
    "Mean silhouette by k: how clearly customers sit in their own segment (higher is better, 1 at most). The chosen k is dark.",
  );

  const element = h(
    "section",
    { className: "step", "aria-label": "Number of segments" },
    heading,
    h(
      "div",
      { className: "card recommendation", role: "note" },
      h("p", { className: "recommended" }, `Recommended: ${rec.k} segments`),
      h("p", {}, rec.reason),
    ),
    h(
      "div",
      { className: "field" },
      h("label", { for: selectId, className: "field-label" }, "Number of segments (k)"),
      select,
      anyTiny ? h("p", { className: "hint" }, TINY_SEGMENT_LEGEND) : null,
    ),
    elbow.figure,
    silhouette.figure,
    h("p", { className: "hint" }, sweptNote(sweep)),
  );

  const charts: Chart[] = [];
  // Chart.js measures its box, so drawing waits until the section is in the page; a chart per frame.
  drawInTurn(
    element,
    [
      () => drawChart(elbow.canvas, elbowConfig(points, knee, rec.clearKnee)) as unknown as Chart,
      () => drawChart(silhouette.canvas, silhouetteByKConfig(points, state.k)) as unknown as Chart,
    ],
    charts,
  );

  return {
    element,
    heading,
    update(s) {
      if (s.k !== null) select.value = String(s.k);
      const bars = charts[1];
      if (bars) {
        bars.data.datasets[0].backgroundColor = silhouetteBarColors(points, s.k);
        bars.update();
      }
    },
    destroy() {
      for (const c of charts) c.destroy();
    },
  };
}

const TINY_SEGMENT_LEGEND = `"Tiny segment": that k leaves a segment of under ${100 * TINY_SEGMENT.share}% of the rows or under ${TINY_SEGMENT.rows} rows, often a few outliers.`;

function optionText(k: number, recommended: boolean, tiny: boolean): string {
  const notes = [recommended ? "recommended" : "", tiny ? "tiny segment" : ""].filter((n) => n !== "");
  return notes.length > 0 ? `${k} (${notes.join(", ")})` : String(k);
}

function sweptNote(sweep: SweepOutcome): string {
  const rows = (n: number) => n.toLocaleString("en-US");
  return sweep.sweptRows < sweep.usableRows
    ? `Computed on a random sample of ${rows(sweep.sweptRows)} of the ${rows(sweep.usableRows)} rows; the run uses every row.`
    : `Computed on ${rows(sweep.usableRows)} rows.`;
}
