import { TINY_SEGMENT, leavesTinySegment } from "../../core/choosek";
import { elbowConfig, silhouetteBarColors, silhouetteByKConfig } from "../charts/configs";
import { Chart, drawChart } from "../charts/setup";
import { ANALYSIS } from "../limits";
import type { Wizard, WizardState } from "../wizard";
import type { AlgorithmPanel } from "./algorithm-panels";
import { chartFigure, formatNumber, h, uid } from "./dom";

/** k-means: the recommended k and why, a choice of k, the elbow and the mean silhouette by k. */
export function kmeansPanel(state: WizardState, wizard: Wizard): AlgorithmPanel {
  const heading = "How many segments?";
  const sweep = state.sweep;
  if (!sweep) {
    return {
      heading,
      nodes: [
        h(
          "p",
          {},
          `Segment is trying ${ANALYSIS.kmin} to ${ANALYSIS.kmax} segments and scoring each. This takes a moment on large data.`,
        ),
      ],
      charts: [],
    };
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
        optionText(p.k, [p.k === rec.k && "recommended", leavesTinySegment(p) && "tiny segment"]),
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

  return {
    heading,
    nodes: [
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
      h("p", { className: "hint" }, sweptNote(sweep.sweptRows, sweep.usableRows)),
    ],
    charts: [
      () => drawChart(elbow.canvas, elbowConfig(points, knee, rec.clearKnee)) as unknown as Chart,
      () => drawChart(silhouette.canvas, silhouetteByKConfig(points, state.k)) as unknown as Chart,
    ],
    update(s, charts) {
      if (s.k !== null) select.value = String(s.k);
      const bars = charts[1];
      if (bars) {
        bars.data.datasets[0].backgroundColor = silhouetteBarColors(points, s.k);
        bars.update();
      }
    },
  };
}

const TINY_SEGMENT_LEGEND = `"Tiny segment": that k leaves a segment of under ${100 * TINY_SEGMENT.share}% of the rows or under ${TINY_SEGMENT.rows} rows, often a few outliers.`;

/** A k as the select lists it: "4", or "4 (recommended, tiny segment)". */
export function optionText(k: number, notes: readonly (string | false)[]): string {
  const shown = notes.filter((n) => n !== false);
  return shown.length > 0 ? `${k} (${shown.join(", ")})` : String(k);
}

/** Which rows a sweep was computed on: all of them, or a sample (the run then uses every row). */
export function sweptNote(swept: number, usable: number): string {
  const rows = (n: number) => n.toLocaleString("en-US");
  return swept < usable
    ? `Computed on a random sample of ${rows(swept)} of the ${rows(usable)} rows; the run uses every row.`
    : `Computed on ${rows(usable)} rows.`;
}
