import { resolveParams } from "../../core/algorithms/clusterer";
import { leadingChoice, paneAlgorithm } from "../algorithms";
import type { Wizard, WizardState } from "../wizard";
import { h } from "./dom";
import type { StepView } from "./step";

export function runStep(state: WizardState, wizard: Wizard): StepView {
  const heading = h("h2", { className: "step-title", tabindex: "-1" }, "Finding segments");
  const element = h(
    "section",
    { className: "step", "aria-label": "Run" },
    heading,
    h(
      "p",
      {},
      `${runningWords(state, wizard)} It runs in the background: you can keep working in Excel, or cancel.`,
    ),
  );
  return { element, heading };
}

/** "Running k-means with k = 5 on 200 customers (seed 42, restarts 4)." */
function runningWords(state: WizardState, wizard: Wizard): string {
  const algorithm = paneAlgorithm(state.algorithm);
  const rows = (state.data?.summary.rowCount ?? 0).toLocaleString("en-US");
  const chosen = wizard.runParams();
  if (!chosen) return `Running ${algorithm.label} on ${rows} customers.`;
  const [, ...rest] = Object.entries(resolveParams(algorithm.params, chosen));
  const others =
    rest.length > 0 ? ` (${rest.map(([name, value]) => `${name} ${String(value)}`).join(", ")})` : "";
  return `Running ${algorithm.label} with ${leadingChoice(state.algorithm, chosen)} on ${rows} customers${others}.`;
}
