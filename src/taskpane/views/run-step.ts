import type { WizardState } from "../wizard";
import { h } from "./dom";
import type { StepView } from "./step";

export function runStep(state: WizardState): StepView {
  const heading = h("h2", { className: "step-title", tabindex: "-1" }, "Finding segments");
  const rows = state.sweep?.usableRows ?? 0;
  const element = h(
    "section",
    { className: "step", "aria-label": "Run" },
    heading,
    h(
      "p",
      {},
      `Grouping ${rows.toLocaleString("en-US")} customers into ${state.k ?? "?"} segments with k-means, from 4 starting points. ` +
        "It runs in the background: you can keep working in Excel, or cancel.",
    ),
  );
  return { element, heading };
}
