import { bicConfig } from "../charts/algorithm-configs";
import { Chart, drawChart } from "../charts/setup";
import { paramSpec } from "../algorithms";
import { ANALYSIS } from "../limits";
import type { Wizard, WizardState } from "../wizard";
import type { AlgorithmPanel } from "./algorithm-panels";
import { chartFigure, formatNumber, h, uid } from "./dom";
import { selectField } from "./fields";
import { optionText, sweptNote } from "./kmeans-panel";

/**
 * Gaussian mixture: the covariance (the shape segments may take), BIC and AIC over k with the k of
 * the lowest BIC recommended and why, and a choice of k.
 */
export function mixturePanel(state: WizardState, wizard: Wizard): AlgorithmPanel {
  const heading = "How many segments?";
  const covarianceSpec = paramSpec("gmm", "covariance");
  const covariance = selectField(
    "Segment shape (covariance)",
    (covarianceSpec.choices ?? []).map((c) => [c, c, `The shape of each segment: ${covarianceSpec.help}.`]),
    state.mixture.covariance,
    (c) => void wizard.setCovariance(c),
  );
  covariance.sync(state.mixture.covariance);
  const sweep = state.mixture.sweep;
  if (!sweep) {
    return {
      heading,
      nodes: [
        covariance.element,
        h(
          "p",
          {},
          `Segment is fitting mixtures of ${ANALYSIS.mixtureKmin} to ${ANALYSIS.kmax} Gaussians and scoring each by BIC. This takes a moment on large data.`,
        ),
      ],
      charts: [],
    };
  }
  const rec = sweep.recommendation;
  const selectId = uid("k");
  const select = h(
    "select",
    { id: selectId, onchange: () => wizard.setMixtureK(Number(select.value)) },
    sweep.points.map((p) =>
      h(
        "option",
        { value: String(p.k), selected: p.k === state.mixture.k },
        optionText(p.k, [p.k === rec.k && "recommended", !p.converged && "did not converge"]),
      ),
    ),
  );
  const figure = chartFigure(
    `BIC and AIC by number of segments: ${sweep.points
      .map((p) => `k ${p.k}: BIC ${formatNumber(p.bic, 0)}, AIC ${formatNumber(p.aic, 0)}`)
      .join("; ")}. Lowest BIC at k = ${rec.k}.`,
    "BIC and AIC by k: how well each mixture explains the customers, less a penalty for its size (lower is better). BIC's penalty is the stronger; the diamond marks its lowest.",
  );
  return {
    heading,
    nodes: [
      covariance.element,
      h(
        "div",
        { className: "card recommendation", role: "note" },
        h(
          "p",
          { className: "recommended" },
          rec.k === 1 ? "Recommended: 1 (no segment structure)" : `Recommended: ${rec.k} segments`,
        ),
        h("p", {}, rec.reason),
      ),
      h(
        "div",
        { className: "field" },
        h("label", { for: selectId, className: "field-label" }, "Number of segments (k)"),
        select,
        h(
          "p",
          { className: "hint" },
          "Each customer also gets the probability of its segment: the results say how many are torn between two.",
        ),
      ),
      figure.figure,
      h("p", { className: "hint" }, sweptNote(sweep.sweptRows, sweep.usableRows)),
    ],
    charts: [() => drawChart(figure.canvas, bicConfig(sweep)) as unknown as Chart],
    update(s) {
      if (s.mixture.k !== null) select.value = String(s.mixture.k);
    },
  };
}
