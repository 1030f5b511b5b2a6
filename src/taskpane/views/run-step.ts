import { paramDefault } from "../algorithms";
import { ANALYSIS } from "../limits";
import type { WizardState } from "../wizard";
import { h } from "./dom";
import type { StepView } from "./step";

export function runStep(state: WizardState): StepView {
  const heading = h("h2", { className: "step-title", tabindex: "-1" }, "Finding segments");
  const element = h(
    "section",
    { className: "step", "aria-label": "Run" },
    heading,
    h("p", {}, `${runningWords(state)} It runs in the background: you can keep working in Excel, or cancel.`),
  );
  return { element, heading };
}

/** What the run is doing, in a sentence, with the choices it runs with. */
function runningWords(state: WizardState): string {
  const count = (n: number | undefined) => (n ?? 0).toLocaleString("en-US");
  switch (state.algorithm) {
    case "kmeans":
      return `Grouping ${count(state.sweep?.usableRows)} customers into ${state.k ?? "?"} segments with k-means, from ${ANALYSIS.restarts} starting points.`;
    case "gmm": {
      const { k, covariance, sweep } = state.mixture;
      return `Fitting a mixture of ${k ?? "?"} Gaussians (${covariance} covariance) to ${count(sweep?.usableRows)} customers, from ${String(paramDefault("gmm", "restarts"))} starting points.`;
    }
    case "dbscan": {
      const { eps, minPoints, curve } = state.density;
      return `Finding the dense groups among ${count(curve?.usableRows)} customers with DBSCAN (eps ${eps ?? "?"}, min points ${minPoints}).`;
    }
  }
}
