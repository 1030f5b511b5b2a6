import type { CellValue } from "../core/cells";
import { SegmentError } from "../core/errors";
import type { FeatureInfo } from "../core/features";
import { parseAnyModel } from "../core/model-mixture";
import { DIALECTS, Dialect, SQL_DIALECT, sqlDialect, tableName } from "../core/sql/dialects";
import { SQL_DEFAULT_TABLE, modelSql } from "../core/sql/sql";

/**
 * "Copy SQL to score new customers" on the results step, without the DOM: the run's model table as the
 * core's scoring query (core/sql), the choices it is made with, and what the pane says once it is
 * copied. The view (views/sql-section.ts) only wires these to its controls and the clipboard.
 */
export interface SqlChoice {
  readonly dialect: Dialect;
  /** The table to score, as typed: a name, or dotted parts (sales.customers). */
  readonly table: string;
  /** The column passed through to join the segments back, or null for none. */
  readonly idColumn: string | null;
}

/**
 * The dialects as the pane lists them, as a sentence names a query in each, and a hint on how far each
 * is checked: DuckDB runs the query in the tests, the others are checked as text.
 */
const CHECK_IT = "check it on a few customers against SEGMENT.ASSIGN before scheduling it.";
export const DIALECT_NAMES: Readonly<
  Record<Dialect, { readonly label: string; readonly query: string; readonly hint: string }>
> = {
  ansi: {
    label: "ANSI SQL",
    query: "ANSI SQL",
    hint: `Standard SQL, for a database not listed: ${CHECK_IT}`,
  },
  duckdb: {
    label: "DuckDB",
    query: "DuckDB SQL",
    hint: "Segment's tests run this query in DuckDB: its segments equal SEGMENT.ASSIGN's.",
  },
  postgres: { label: "PostgreSQL", query: "PostgreSQL", hint: `For PostgreSQL: ${CHECK_IT}` },
  bigquery: { label: "BigQuery", query: "BigQuery SQL", hint: `For Google BigQuery: ${CHECK_IT}` },
  spark: { label: "Spark SQL", query: "Spark SQL", hint: `For Spark SQL: ${CHECK_IT}` },
  tsql: { label: "SQL Server (T-SQL)", query: "T-SQL", hint: `For Microsoft SQL Server: ${CHECK_IT}` },
};

export const DEFAULT_SQL_CHOICE: SqlChoice = {
  dialect: SQL_DIALECT.default as Dialect,
  table: SQL_DEFAULT_TABLE,
  idColumn: null,
};

export function isDialect(x: unknown): x is Dialect {
  return DIALECTS.includes(x as Dialect);
}

/** A table name the query can use as it is typed, or null (empty, or with a ; or a comment in it). */
export function validTableName(x: unknown): string | null {
  if (typeof x !== "string" || x.trim() === "") return null;
  try {
    tableName(x.trim(), sqlDialect("ansi"));
    return x.trim();
  } catch {
    return null;
  }
}

/**
 * The id column a query passes through by default: the first column the Features step took for an
 * identifier (CustomerID on the Mall data), or none.
 */
export function defaultIdColumn(columns: readonly FeatureInfo[]): string | null {
  return columns.find((c) => c.kind === "identifier")?.name ?? null;
}

/** The table as typed; left empty, the placeholder the field shows. */
function tableOf(choice: SqlChoice): string {
  return choice.table.trim() === "" ? SQL_DEFAULT_TABLE : choice.table.trim();
}

export type ScoringQuery =
  | {
      readonly kind: "query";
      readonly lines: readonly string[];
      readonly text: string;
      /** What the query gives beside each segment: k-means' distance, or a mixture's probability. */
      readonly measure: "distance" | "probability";
    }
  /** No query can be made from this run's model (DBSCAN keeps none), and why, in one line. */
  | { readonly kind: "unsupported"; readonly message: string }
  /** The choices cannot make a query (a table name with a semicolon), and what to change. */
  | { readonly kind: "invalid"; readonly message: string };

/**
 * The query that scores every row of `choice.table` with the run's model, as SEGMENT.SQL writes it:
 * the same model table, read back (parseAnyModel), then the core's lines, joined by newlines.
 */
export function scoringQuery(model: CellValue[][] | null, choice: SqlChoice): ScoringQuery {
  if (!model) {
    return {
      kind: "unsupported",
      message:
        "DBSCAN keeps no model, so there is no SQL to score new customers with: run k-means or a Gaussian mixture for segments a query can assign.",
    };
  }
  try {
    const parsed = parseAnyModel(model);
    const lines = modelSql(parsed, {
      dialect: choice.dialect,
      table: tableOf(choice),
      idColumn: choice.idColumn,
    });
    return {
      kind: "query",
      lines,
      text: lines.join("\n"),
      measure: parsed.mixture ? "probability" : "distance",
    };
  } catch (error) {
    if (error instanceof SegmentError) return { kind: "invalid", message: error.message };
    throw error;
  }
}

/** Where the query ended up: on the clipboard, or selected in the pane for the user to copy. */
export type CopyOutcome = "copied" | "selected";

export interface CopyPorts {
  /** The async Clipboard API, when the page has it. */
  readonly clipboard?: { writeText(text: string): Promise<void> } | null;
  /** Selects the query in the pane and asks the browser to copy the selection; false when it would not. */
  selectAndCopy(): boolean;
}

/**
 * Copies `text`: through the Clipboard API first, which Office's webview or an iframe without the
 * clipboard-write permission refuses; then by copying the selected text, the older way; failing both
 * the text stays selected, for Ctrl+C.
 */
export async function copyText(text: string, ports: CopyPorts): Promise<CopyOutcome> {
  if (ports.clipboard) {
    try {
      await ports.clipboard.writeText(text);
      return "copied";
    } catch {
      // Refused: the fallback below.
    }
  }
  let copied = false;
  try {
    copied = ports.selectAndCopy();
  } catch {
    copied = false;
  }
  return copied ? "copied" : "selected";
}

/** What the pane says after Copy: what was copied and what it does, or how to copy it by hand. */
export function copyMessage(
  outcome: CopyOutcome,
  query: { readonly lines: readonly string[]; readonly measure: "distance" | "probability" },
  choice: SqlChoice,
): string {
  if (outcome === "selected") {
    return "The browser would not let Segment copy: the query is selected below. Press Ctrl+C (⌘C on a Mac) to copy it.";
  }
  const table = tableOf(choice);
  const each = choice.idColumn === null ? "each row" : `each ${choice.idColumn}`;
  const measure =
    query.measure === "distance" ? "the distance to the segment's centre" : "the probability of that segment";
  return `Copied ${query.lines.length.toLocaleString("en-US")} lines of ${DIALECT_NAMES[choice.dialect].query}: it scores every row of the table ${table}, giving ${each} its segment and ${measure}, as SEGMENT.ASSIGN would.`;
}
