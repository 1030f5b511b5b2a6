import type { DataSourceKind } from "../../host/host";
import type { Wizard, WizardState } from "../wizard";
import { h, uid } from "./dom";
import type { StepView } from "./step";

const SOURCES: readonly { kind: DataSourceKind; label: string; hint: string }[] = [
  {
    kind: "selection",
    label: "The current selection",
    hint: "Select your customer rows in the sheet, header row included.",
  },
  { kind: "table", label: "An Excel table", hint: "The whole table; labels go into a new column of it." },
  { kind: "usedRange", label: "The active sheet's used range", hint: "Everything on the active sheet." },
];

export function dataStep(state: WizardState, wizard: Wizard): StepView {
  const heading = h("h2", { className: "step-title", tabindex: "-1" }, "Where are your customers?");
  const tableSelectId = uid("table");
  const tableSelect = h(
    "select",
    { id: tableSelectId, onchange: () => wizard.setTable(tableSelect.value) },
    state.tables.length === 0
      ? h("option", { value: "" }, "No tables in this workbook")
      : state.tables.map((t) =>
          h("option", { value: t.name, selected: t.name === state.tableName }, `${t.name} (${t.address})`),
        ),
  );
  const hintId = uid("source-hint");
  const hint = h("p", { id: hintId, className: "hint" });
  const radios = SOURCES.map(({ kind, label }) => {
    const id = uid("source");
    const input = h("input", {
      type: "radio",
      name: "source",
      id,
      value: kind,
      checked: state.source === kind,
      "aria-describedby": hintId,
      onchange: () => wizard.setSource(kind),
    });
    return h("div", { className: "choice" }, input, h("label", { for: id }, label));
  });
  const tableRow = h(
    "div",
    { className: "field indent" },
    h("label", { for: tableSelectId, className: "field-label" }, "Table"),
    tableSelect,
  );

  const update = (s: WizardState) => {
    hint.textContent = SOURCES.find((x) => x.kind === s.source)?.hint ?? "";
    tableRow.hidden = s.source !== "table";
    tableSelect.disabled = s.tables.length === 0;
  };
  update(state);

  const element = h(
    "section",
    { className: "step", "aria-label": "Data" },
    heading,
    state.restored
      ? h("p", { className: "note" }, "Your last settings for this workbook have been restored.")
      : null,
    h("fieldset", { className: "group" }, h("legend", {}, "Read from"), radios, tableRow, hint),
    h(
      "div",
      { className: "actions" },
      h(
        "button",
        { type: "button", className: "primary", onclick: () => void wizard.loadData() },
        state.data ? "Read again" : "Read data",
      ),
    ),
    state.data ? preview(state) : null,
    state.written ? previousResults(wizard) : null,
  );
  return { element, heading, update };
}

function preview(state: WizardState): HTMLElement {
  const p = (state.data as NonNullable<WizardState["data"]>).preview;
  const captionId = uid("preview");
  return h(
    "section",
    { className: "card", "aria-labelledby": captionId },
    h("h3", { id: captionId }, "Preview"),
    h("p", { className: "summary" }, p.summary),
    h("p", { className: "hint" }, p.address),
    p.notes.length > 0
      ? h(
          "ul",
          { className: "notes" },
          p.notes.map((note) => h("li", { className: "note" }, note)),
        )
      : null,
    h(
      "div",
      { className: "table-scroll", tabindex: "0", role: "region", "aria-label": "Preview of the first rows" },
      h(
        "table",
        { className: "grid" },
        h("caption", { className: "visually-hidden" }, `First ${p.rows.length} of ${p.rowCount} rows`),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            p.headers.map((name) => h("th", { scope: "col" }, name)),
          ),
        ),
        h(
          "tbody",
          {},
          p.rows.map((row) =>
            h(
              "tr",
              {},
              row.map((cell) => h("td", {}, cell)),
            ),
          ),
        ),
      ),
    ),
    h("p", { className: "hint" }, `First ${p.rows.length} of ${p.rowCount.toLocaleString("en-US")} rows.`),
  );
}

function previousResults(wizard: Wizard): HTMLElement {
  return h(
    "section",
    { className: "card subtle" },
    h("h3", {}, "Earlier results"),
    h(
      "p",
      {},
      "Segment has written results to this workbook. Excel cannot undo them, but Segment can take them out.",
    ),
    h("button", { type: "button", onclick: () => void wizard.removeResults() }, "Remove results"),
  );
}
