import { PANE_ALGORITHMS } from "../algorithms";
import { Chart, drawInTurn } from "../charts/setup";
import type { AlgorithmId } from "../protocol";
import type { Wizard, WizardState } from "../wizard";
import { PANELS } from "./algorithm-panels";
import { h } from "./dom";
import { selectField } from "./fields";
import type { StepView } from "./step";

/** The k step: the algorithm (k-means by default), then that algorithm's panel of choices and charts. */
export function kStep(state: WizardState, wizard: Wizard): StepView {
  const panel = PANELS[state.algorithm](state, wizard);
  const heading = h("h2", { className: "step-title", tabindex: "-1" }, panel.heading);
  const algorithm = selectField<AlgorithmId>(
    "Algorithm",
    PANE_ALGORITHMS.map((a) => [a.id, a.label, a.summary]),
    state.algorithm,
    (id) => void wizard.setAlgorithm(id),
  );
  algorithm.sync(state.algorithm);
  const element = h(
    "section",
    { className: "step", "aria-label": "Segments" },
    heading,
    algorithm.element,
    ...panel.nodes,
  );
  const charts: Chart[] = [];
  // Chart.js measures its box, so drawing waits until the section is in the page; a chart per frame.
  drawInTurn(element, panel.charts, charts);
  return {
    element,
    heading,
    update(s) {
      panel.update?.(s, charts);
    },
    destroy() {
      for (const c of charts) c.destroy();
    },
  };
}
