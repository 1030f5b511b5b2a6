import type { DataSourceKind } from "../../host/host";
import type { ReturnsMode } from "../../core/rfm";
import { RFM_SHEET } from "../rfm-path";
import type { TransactionsChoice, Wizard, WizardState } from "../wizard";
import { h, uid } from "./dom";
import { selectField } from "./fields";
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
    state.transactions?.built ? builtCard(state.transactions) : null,
    state.data && !state.transactions?.built ? kindChoice(state, wizard) : null,
    state.data && state.dataKind === "transactions" && state.transactions && !state.transactions.built
      ? transactionsCard(state.transactions, wizard)
      : null,
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

/** What a row of the range is: a customer, or a purchase (then Segment builds the customers). */
function kindChoice(state: WizardState, wizard: Wizard): HTMLElement {
  const kinds: readonly [WizardState["dataKind"], string][] = [
    ["customers", "One row per customer"],
    ["transactions", "One row per purchase: build one row per customer (RFM)"],
  ];
  return h(
    "fieldset",
    { className: "group" },
    h("legend", {}, "Each row is"),
    kinds.map(([kind, label]) => {
      const id = uid("kind");
      return h(
        "div",
        { className: "choice" },
        h("input", {
          type: "radio",
          name: "data-kind",
          id,
          value: kind,
          checked: state.dataKind === kind,
          onchange: () => wizard.setDataKind(kind),
        }),
        h("label", { for: id }, label),
      );
    }),
  );
}

/** Which columns hold the customer, the date, the amount and the invoice; as of when; returns. */
function transactionsCard(transactions: TransactionsChoice, wizard: Wizard): HTMLElement {
  const headers = transactions.source.preview.headers;
  const guess = transactions.columns;
  const columns = { customer: guess?.customer ?? -1, date: guess?.date ?? -1, invoice: guess?.invoice ?? -1 };
  let amount: number | { quantity: number; price: number } = guess?.amount ?? -1;
  const commit = () => {
    const ready =
      columns.customer >= 0 &&
      columns.date >= 0 &&
      (typeof amount === "number" ? amount >= 0 : amount.quantity >= 0 && amount.price >= 0);
    if (ready) {
      wizard.setTransactionColumns({
        customer: columns.customer,
        date: columns.date,
        amount,
        invoice: columns.invoice >= 0 ? columns.invoice : null,
      });
    }
  };
  const options = (chosen: number, none: string | null) => [
    ...(none !== null ? [h("option", { value: "-1", selected: chosen < 0 }, none)] : []),
    ...headers.map((name, j) => h("option", { value: String(j), selected: j === chosen }, name)),
  ];
  const select = (label: string, chosen: number, none: string | null, onChange: (j: number) => void) => {
    const id = uid("column");
    const element = h(
      "select",
      { id, onchange: () => onChange(Number(element.value)) },
      options(chosen, none),
    );
    return h(
      "div",
      { className: "field" },
      h("label", { for: id, className: "field-label" }, label),
      element,
    );
  };
  const byProduct = typeof amount !== "number";
  const quantityFields = h(
    "div",
    { className: "indent" },
    select("Quantity", typeof amount === "number" ? -1 : amount.quantity, "Choose…", (j) => {
      amount = { quantity: j, price: typeof amount === "number" ? -1 : amount.price };
      commit();
    }),
    select("Unit price", typeof amount === "number" ? -1 : amount.price, "Choose…", (j) => {
      amount = { quantity: typeof amount === "number" ? -1 : amount.quantity, price: j };
      commit();
    }),
  );
  quantityFields.hidden = !byProduct;
  const amountId = uid("amount");
  const amountSelect = h(
    "select",
    {
      id: amountId,
      onchange: () => {
        const j = Number(amountSelect.value);
        quantityFields.hidden = j !== QUANTITY_TIMES_PRICE;
        amount = j === QUANTITY_TIMES_PRICE ? { quantity: -1, price: -1 } : j;
        commit();
      },
    },
    h("option", { value: String(QUANTITY_TIMES_PRICE), selected: byProduct }, "Quantity × unit price"),
    options(typeof amount === "number" ? amount : QUANTITY_TIMES_PRICE, null),
  );
  const asOfId = uid("as-of");
  const asOf = h("input", {
    type: "text",
    id: asOfId,
    value: transactions.asOf,
    placeholder: "the day after the last purchase",
    oninput: () => wizard.setTransactionOptions({ asOf: asOf.value }),
  });
  const returns = selectField<ReturnsMode>(
    "Cancellations and returns",
    [
      ["exclude", "Leave out", "Invoices starting with C and amounts of zero or less are left out."],
      ["net", "Net them in Monetary", "Subtracted from Monetary; they never count as purchases."],
    ],
    transactions.returns,
    (mode) => wizard.setTransactionOptions({ returns: mode }),
  );
  returns.sync(transactions.returns);
  return h(
    "section",
    { className: "card" },
    h("h3", {}, "From purchases to customers"),
    h(
      "p",
      { className: "hint" },
      "Segment builds one row per customer: Recency (days since the last purchase), Frequency (invoices) and Monetary (spend), their 1–5 scores and the RFM segment, on a new sheet, then segments those customers.",
    ),
    select("Customer ID", columns.customer, guess ? null : "Choose…", (j) => {
      columns.customer = j;
      commit();
    }),
    select("Date", columns.date, guess ? null : "Choose…", (j) => {
      columns.date = j;
      commit();
    }),
    h(
      "div",
      { className: "field" },
      h("label", { for: amountId, className: "field-label" }, "Amount"),
      amountSelect,
    ),
    quantityFields,
    select("Invoice (optional)", columns.invoice, "None: each line is a purchase", (j) => {
      columns.invoice = j;
      commit();
    }),
    h(
      "div",
      { className: "field" },
      h("label", { for: asOfId, className: "field-label" }, "Recency as of"),
      asOf,
    ),
    returns.element,
    h(
      "div",
      { className: "actions" },
      h(
        "button",
        { type: "button", className: "primary", onclick: () => void wizard.buildRfm() },
        "Build the customer table",
      ),
    ),
  );
}

/** The amount select's option for quantity x unit price, apart from every column index. */
const QUANTITY_TIMES_PRICE = -2;

/** The customer table built from purchases: how many, where, and what was left out. */
function builtCard(transactions: TransactionsChoice): HTMLElement {
  const built = transactions.built as NonNullable<TransactionsChoice["built"]>;
  return h(
    "section",
    { className: "card" },
    h("h3", {}, "Customer table"),
    h(
      "p",
      {},
      `${built.customers.toLocaleString("en-US")} customers from ${transactions.source.summary.rowCount.toLocaleString("en-US")} purchase lines, on the sheet “${RFM_SHEET}”. Read data again to start over.`,
    ),
    h(
      "ul",
      { className: "notes" },
      built.notes.map((note) => h("li", { className: "note" }, note)),
    ),
  );
}
