import type { ColumnKind } from "../../core/table";
import type { MissingPolicy, Scaling } from "../../core/preprocess";
import type { FeatureChoice } from "../feature-choices";
import type { Wizard, WizardState } from "../wizard";
import { h, uid } from "./dom";
import { selectField } from "./fields";
import type { StepView } from "./step";

const KIND_LABELS: Record<ColumnKind, string> = {
  numeric: "number",
  date: "date",
  boolean: "yes/no",
  categorical: "category",
  identifier: "identifier",
  empty: "empty",
};

const SCALING_OPTIONS: readonly [Scaling, string, string][] = [
  ["zscore", "Standardise (z-score)", "Every feature counts equally, whatever its units. The usual choice."],
  ["minmax", "Min–max (0 to 1)", "Squeezes each feature into 0..1; one extreme value shrinks the rest."],
  ["robust", "Robust (median and IQR)", "Like standardising, but outliers pull less."],
  ["none", "None (raw units)", "Features with large numbers dominate. Only for features in the same units."],
];

const MISSING_OPTIONS: readonly [MissingPolicy, string, string][] = [
  ["drop", "Leave those rows unlabelled", "Rows with an empty feature get no segment."],
  ["mean", "Fill with the mean", "Empty numbers become the column's mean; text, its most frequent value."],
  [
    "median",
    "Fill with the median",
    "Empty numbers become the column's median; text, its most frequent value.",
  ],
  ["mostFrequent", "Fill with the most frequent value", "Empty cells become the column's most common value."],
];

export function featuresStep(state: WizardState, wizard: Wizard): StepView {
  const heading = h("h2", { className: "step-title", tabindex: "-1" }, "What describes a customer?");
  const count = h("p", { className: "hint", "aria-live": "polite" });
  const rows = state.features.map((choice) => featureRow(choice, wizard));

  const scaling = selectField("Scaling", SCALING_OPTIONS, state.scaling, (v) => wizard.setScaling(v));
  const missing = selectField("Missing values", MISSING_OPTIONS, state.missing, (v) => wizard.setMissing(v));

  const update = (s: WizardState) => {
    s.features.forEach((choice, i) => rows[i].sync(choice));
    const chosen = s.features.filter((f) => f.selected).length;
    count.textContent = `${chosen} of ${s.features.length} columns chosen.`;
    scaling.sync(s.scaling);
    missing.sync(s.missing);
  };
  update(state);

  const element = h(
    "section",
    { className: "step", "aria-label": "Features" },
    heading,
    h(
      "p",
      {},
      "Checked columns decide which customers are alike. Identifiers say nothing about that, so they start unchecked.",
    ),
    state.rfmNames
      ? h(
          "p",
          { className: "note" },
          "Customers built from purchases are segmented by Recency, Frequency and Monetary, each with log(1 + x): spend and purchase counts have long right tails, and a few big customers would otherwise decide the segments. The scores, the code and the RFM segment say the same thing again, so they start unchecked.",
        )
      : null,
    h(
      "fieldset",
      { className: "group" },
      h("legend", {}, "Columns"),
      h(
        "ul",
        { className: "feature-list" },
        rows.map((r) => r.element),
      ),
      count,
    ),
    h(
      "fieldset",
      { className: "group" },
      h("legend", {}, "Preparing the numbers"),
      scaling.element,
      missing.element,
    ),
  );
  return { element, heading, update };
}

function featureRow(choice: FeatureChoice, wizard: Wizard) {
  const { info } = choice;
  const id = uid("feature");
  const warningsId = uid("warnings");
  const box = h("input", {
    type: "checkbox",
    id,
    disabled: !info.selectable,
    "aria-describedby": info.warnings.length > 0 ? warningsId : null,
    onchange: () => wizard.toggleFeature(info.name, box.checked),
  });
  const logId = uid("log");
  const logBox = h("input", {
    type: "checkbox",
    id: logId,
    onchange: () => wizard.toggleLog(info.name, logBox.checked),
  });
  const offerLog = info.kind === "numeric" && (info.suggestLog || choice.log);
  const element = h(
    "li",
    { className: "feature" },
    h(
      "div",
      { className: "feature-head" },
      box,
      h("label", { for: id, className: "feature-name" }, info.name),
      h("span", { className: `badge kind-${info.kind}` }, KIND_LABELS[info.kind]),
    ),
    info.warnings.length > 0
      ? h(
          "ul",
          { className: "warnings", id: warningsId },
          info.warnings.map((w) => h("li", { className: `warning ${w.kind}` }, w.message)),
        )
      : null,
    offerLog
      ? h(
          "div",
          { className: "choice sub" },
          logBox,
          h("label", { for: logId }, "Use log(1 + x) for this column"),
        )
      : null,
  );
  return {
    element,
    sync(next: FeatureChoice) {
      box.checked = next.selected;
      logBox.checked = next.log;
    },
  };
}
