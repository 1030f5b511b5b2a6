import type { Dialect } from "../../core/sql/dialects";
import { DIALECTS } from "../../core/sql/dialects";
import { SQL_DEFAULT_TABLE } from "../../core/sql/sql";
import type { RunOutcome } from "../protocol";
import { DIALECT_NAMES, SqlChoice, copyMessage, copyText, scoringQuery } from "../score-sql";
import type { Wizard, WizardState } from "../wizard";
import { h, uid } from "./dom";
import { selectField } from "./fields";

/** The id column select's value for "no id column" (a column name is never empty). */
const NO_ID = "";

/**
 * The results step's "Score new customers in SQL" card: the dialect, the table and the id column, a
 * button that copies the query, and the query itself, read-only, to read or to copy by hand where the
 * clipboard is refused. For DBSCAN, which keeps no model, one line saying why there is no query.
 */
export function sqlSection(state: WizardState, wizard: Wizard) {
  const result = state.result as RunOutcome;
  const heading = h("h3", {}, "Score new customers in SQL");
  const first = scoringQuery(result.model, state.sql);
  if (first.kind === "unsupported") {
    return {
      element: h("section", { className: "card sql" }, heading, h("p", { className: "hint" }, first.message)),
      update: () => undefined,
    };
  }

  const dialect = selectField<Dialect>(
    "Dialect",
    DIALECTS.map((d) => [d, DIALECT_NAMES[d].label, DIALECT_NAMES[d].hint]),
    state.sql.dialect,
    (value) => wizard.setSqlChoice({ dialect: value }),
  );
  const tableId = uid("sql-table");
  const table = h("input", {
    type: "text",
    id: tableId,
    value: state.sql.table,
    placeholder: SQL_DEFAULT_TABLE,
    spellcheck: "false",
    autocomplete: "off",
    // Each keystroke shows its query; the workbook remembers the name once it is entered.
    oninput: () => refresh(),
    onchange: () => wizard.setSqlChoice({ table: table.value.trim() }),
  });
  const idId = uid("sql-id");
  const columns = (state.data?.summary.columns ?? []).map((c) => c.name);
  const id = h(
    "select",
    {
      id: idId,
      onchange: () => wizard.setSqlChoice({ idColumn: id.value === NO_ID ? null : id.value }),
    },
    h("option", { value: NO_ID, selected: state.sql.idColumn === null }, "None"),
    columns.map((name) => h("option", { value: name, selected: name === state.sql.idColumn }, name)),
  );
  const button = h(
    "button",
    // Not primary: Write to workbook is the step's main action.
    { type: "button", onclick: () => void copy() },
    "Copy SQL to score new customers",
  );
  const status = h("p", { className: "hint", role: "status", "aria-live": "polite" });
  const query = h("textarea", {
    className: "sql-query",
    readonly: true,
    rows: 8,
    wrap: "off",
    spellcheck: "false",
    "aria-label": "SQL query that scores new customers",
  });

  const choice = (): SqlChoice => ({ ...wizard.state.sql, table: table.value });
  let shown = "";
  /** Shows the query of the current choices; a choice that makes none says why and disables Copy. */
  function refresh(): void {
    const made = scoringQuery(result.model, choice());
    const text = made.kind === "query" ? made.text : "";
    button.disabled = made.kind !== "query";
    table.setAttribute("aria-invalid", made.kind === "invalid" ? "true" : "false");
    if (text !== shown || made.kind === "invalid") {
      status.textContent = made.kind === "invalid" ? made.message : "";
      status.classList.toggle("invalid", made.kind === "invalid");
    }
    query.value = text;
    shown = text;
  }

  async function copy(): Promise<void> {
    const made = scoringQuery(result.model, choice());
    if (made.kind !== "query") return;
    const selectQuery = () => {
      query.focus();
      query.select();
    };
    const outcome = await copyText(made.text, {
      clipboard: "clipboard" in navigator ? navigator.clipboard : null,
      selectAndCopy: () => {
        selectQuery();
        return document.execCommand("copy");
      },
    });
    if (outcome === "selected") selectQuery();
    status.classList.remove("invalid");
    status.textContent = copyMessage(outcome, made, choice());
  }

  dialect.sync(state.sql.dialect);
  refresh();
  const element = h(
    "section",
    { className: "card sql" },
    heading,
    h(
      "p",
      { className: "hint" },
      "The model as one query that gives every customer in a database table the segment SEGMENT.ASSIGN would: run it, or schedule it, where the customers are.",
    ),
    dialect.element,
    h(
      "div",
      { className: "field" },
      h("label", { for: tableId, className: "field-label" }, "Table to score"),
      table,
    ),
    h(
      "div",
      { className: "field" },
      h("label", { for: idId, className: "field-label" }, "Customer id column"),
      id,
    ),
    h("div", { className: "actions" }, button),
    status,
    query,
  );
  let synced = state.sql;
  return {
    element,
    /** Follows the wizard's choices without rebuilding the card (and only when they change). */
    update(s: WizardState) {
      if (s.sql === synced) return;
      synced = s.sql;
      dialect.sync(s.sql.dialect);
      refresh();
    },
  };
}
