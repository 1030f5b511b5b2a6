import { DIALECTS } from "../../src/core/sql/dialects";
import { modelOf } from "../../src/functions/segmenting";
import { sqlSpill } from "../../src/functions/sql";
import { MemoryHost } from "../../src/host/memory";
import { workbookFromSeed } from "../../src/host/sandbox";
import {
  CopyPorts,
  DEFAULT_SQL_CHOICE,
  DIALECT_NAMES,
  copyMessage,
  copyText,
  scoringQuery,
} from "../../src/taskpane/score-sql";
import { DEFAULT_SETTINGS, SETTINGS_KEY, parseSettings } from "../../src/taskpane/settings";
import type { Wizard } from "../../src/taskpane/wizard";
import { loadRange, openDatabase, runScoring } from "../helpers/sql";
import { mallCustomers } from "./fixtures";
import { throughToResults, wizardOn, wizardWith } from "./helpers";

/** The wizard on the Mall customers, run with k-means: on the Results step. */
async function kmeansRun(): Promise<Wizard> {
  const { wizard } = wizardOn();
  await throughToResults(wizard);
  return wizard;
}

describe("the SQL that scores new customers with the run's model", () => {
  it("lists the six dialects by the names users know", () => {
    expect(Object.keys(DIALECT_NAMES)).toEqual([...DIALECTS]);
    expect(DIALECTS.map((d) => DIALECT_NAMES[d].label)).toEqual([
      "ANSI SQL",
      "DuckDB",
      "PostgreSQL",
      "BigQuery",
      "Spark SQL",
      "SQL Server (T-SQL)",
    ]);
    expect(DEFAULT_SQL_CHOICE).toEqual({ dialect: "ansi", table: "customers", idColumn: null });
  });

  it("is SEGMENT.SQL's query of the model sheet, in every dialect, with the identifier column as the id", async () => {
    const wizard = await kmeansRun();
    const { result, sql } = wizard.state;
    expect(sql).toEqual({ dialect: "ansi", table: "customers", idColumn: "CustomerID" });
    const model = result?.model ?? null;
    for (const dialect of DIALECTS) {
      const made = scoringQuery(model, { ...sql, dialect, table: "sales.customers" });
      const spill = sqlSpill(model, dialect, "sales.customers", "CustomerID").map((row) => row[0]);
      expect(made).toEqual({ kind: "query", lines: spill, text: spill.join("\n"), measure: "distance" });
    }
    // An empty table name is the placeholder the field shows.
    const placeholder = scoringQuery(model, { ...sql, table: "  " });
    expect(placeholder.kind === "query" && placeholder.text).toContain("\n  FROM customers\n");
  });

  it("run in DuckDB on the same customers, gives every one the segment the pane found", async () => {
    const wizard = await kmeansRun();
    wizard.setSqlChoice({ dialect: "duckdb" });
    const made = scoringQuery(wizard.state.result?.model ?? null, wizard.state.sql);
    if (made.kind !== "query") throw new Error(made.message);
    const db = await openDatabase();
    try {
      await loadRange(db, "customers", mallCustomers());
      // CustomerID runs 1..200 down the rows, so it is the row number runScoring maps back by.
      const { segments } = await runScoring(db, made.lines, 200);
      expect(segments).toEqual(Array.from(wizard.state.result?.labelsByRow ?? []));
    } finally {
      db.close();
    }
  });

  it("scores a mixture as SEGMENT.SQL does, with probabilities; says in one line why DBSCAN has none", () => {
    const incomeScore = mallCustomers().map((row) => [row[3], row[4]]);
    const mixture = modelOf([incomeScore, 5, "zscore", 42, 4], "gmm");
    const made = scoringQuery(mixture, DEFAULT_SQL_CHOICE);
    expect(made).toMatchObject({ kind: "query", measure: "probability" });
    expect(made.kind === "query" && made.lines).toEqual(
      sqlSpill(mixture, DEFAULT_SQL_CHOICE.dialect, DEFAULT_SQL_CHOICE.table, null).map((row) => row[0]),
    );
    expect(scoringQuery(null, DEFAULT_SQL_CHOICE)).toEqual({
      kind: "unsupported",
      message:
        "DBSCAN keeps no model, so there is no SQL to score new customers with: run k-means or a Gaussian mixture for segments a query can assign.",
    });
  });

  it("refuses a table name with a semicolon or a comment, saying why", async () => {
    const wizard = await kmeansRun();
    const model = wizard.state.result?.model ?? null;
    expect(scoringQuery(model, { ...wizard.state.sql, table: "customers; DROP TABLE x" })).toEqual({
      kind: "invalid",
      message:
        'table must be a table name such as customers or sales.customers (got "customers; DROP TABLE x", with ";").',
    });
  });
});

describe("copying the query", () => {
  const ports = (clipboard: CopyPorts["clipboard"], selectAndCopy: () => boolean) => {
    const calls: string[] = [];
    return {
      calls,
      ports: {
        clipboard: clipboard && {
          writeText: async (text: string) => {
            calls.push(`clipboard ${text}`);
            return clipboard.writeText(text);
          },
        },
        selectAndCopy: () => {
          calls.push("select");
          return selectAndCopy();
        },
      } satisfies CopyPorts,
    };
  };
  const refused = { writeText: () => Promise.reject(new DOMException("Write permission denied.")) };

  it("uses the Clipboard API when it may", async () => {
    const { calls, ports: p } = ports({ writeText: async () => undefined }, () => true);
    expect(await copyText("SELECT 1", p)).toBe("copied");
    expect(calls).toEqual(["clipboard SELECT 1"]);
  });

  it("copies the selected query when the Clipboard API is refused (Office's webview) or missing", async () => {
    const refusedThenCopied = ports(refused, () => true);
    expect(await copyText("SELECT 1", refusedThenCopied.ports)).toBe("copied");
    expect(refusedThenCopied.calls).toEqual(["clipboard SELECT 1", "select"]);
    expect(await copyText("SELECT 1", ports(null, () => true).ports)).toBe("copied");
  });

  it("leaves the query selected for Ctrl+C when both ways are refused", async () => {
    expect(await copyText("SELECT 1", ports(refused, () => false).ports)).toBe("selected");
    const throwing = () => {
      throw new DOMException("execCommand is not allowed");
    };
    expect(await copyText("SELECT 1", ports(null, throwing).ports)).toBe("selected");
  });

  it("says what was copied and what it does, or how to copy it by hand", () => {
    const query = (lines: number, measure: "distance" | "probability") => ({
      lines: new Array<string>(lines).fill(""),
      measure,
    });
    expect(
      copyMessage("copied", query(33, "distance"), {
        dialect: "duckdb",
        table: "customers",
        idColumn: "CustomerID",
      }),
    ).toBe(
      "Copied 33 lines of DuckDB SQL: it scores every row of the table customers, giving each CustomerID its segment and the distance to the segment's centre, as SEGMENT.ASSIGN would.",
    );
    expect(
      copyMessage("copied", query(1200, "distance"), { dialect: "tsql", table: " ", idColumn: null }),
    ).toBe(
      "Copied 1,200 lines of T-SQL: it scores every row of the table customers, giving each row its segment and the distance to the segment's centre, as SEGMENT.ASSIGN would.",
    );
    expect(
      copyMessage("copied", query(60, "probability"), { dialect: "spark", table: "crm.c", idColumn: "Id" }),
    ).toBe(
      "Copied 60 lines of Spark SQL: it scores every row of the table crm.c, giving each Id its segment and the probability of that segment, as SEGMENT.ASSIGN would.",
    );
    expect(copyMessage("selected", query(33, "distance"), DEFAULT_SQL_CHOICE)).toBe(
      "The browser would not let Segment copy: the query is selected below. Press Ctrl+C (⌘C on a Mac) to copy it.",
    );
  });
});

describe("the SQL choices in the wizard", () => {
  it("remembers the dialect and the table in the workbook, not the id column, and restores them", async () => {
    const { wizard, host } = wizardOn();
    await throughToResults(wizard);
    wizard.setSqlChoice({ dialect: "bigquery", table: "my-project.crm.customers", idColumn: null });
    await new Promise((resolve) => setTimeout(resolve, 0)); // saving runs behind the choice
    expect(await host.getSetting(SETTINGS_KEY)).toMatchObject({
      sqlDialect: "bigquery",
      sqlTable: "my-project.crm.customers",
    });
    expect(wizard.state.sql.idColumn).toBeNull();

    const settings = await host.getSetting(SETTINGS_KEY);
    const again = new MemoryHost(
      workbookFromSeed({
        sheets: [{ name: "Customers", values: mallCustomers() }],
        selection: "Customers!A1:E201",
        settings: { [SETTINGS_KEY]: settings },
      }),
    );
    const reopened = wizardWith(again).wizard;
    await reopened.start();
    await reopened.loadData();
    expect(reopened.state.sql).toEqual({
      dialect: "bigquery",
      table: "my-project.crm.customers",
      idColumn: "CustomerID",
    });
  });

  it("takes an id column only from the data's columns, and an unknown dialect not at all", async () => {
    const wizard = await kmeansRun();
    wizard.setSqlChoice({ idColumn: "Age" });
    expect(wizard.state.sql.idColumn).toBe("Age");
    wizard.setSqlChoice({ idColumn: "Email" });
    wizard.setSqlChoice({ dialect: "oracle" as never });
    expect(wizard.state.sql).toMatchObject({ dialect: "ansi", idColumn: "Age" });
  });

  it("parses stored choices back safely: a dialect it knows, a table name it can write", () => {
    expect(parseSettings({ sqlDialect: "spark", sqlTable: " sales.customers " })).toMatchObject({
      sqlDialect: "spark",
      sqlTable: "sales.customers",
    });
    for (const [sqlDialect, sqlTable] of [
      ["oracle", "customers; DROP TABLE x"],
      [3, ""],
      [null, "a -- b"],
      ["DuckDB", ["customers"]],
    ]) {
      expect(parseSettings({ sqlDialect, sqlTable })).toMatchObject({
        sqlDialect: DEFAULT_SETTINGS.sqlDialect,
        sqlTable: DEFAULT_SETTINGS.sqlTable,
      });
    }
  });
});
