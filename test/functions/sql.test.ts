/**
 * SEGMENT.SQL's spill: its arguments, and the text of its query in every dialect, checked byte for
 * byte against golden files and parsed by node-sql-parser. DuckDB runs the query in test/core/sql.test.ts.
 *
 * After a deliberate change to the query's text, regenerate the golden files with
 *   UPDATE_GOLDEN=1 npx jest test/functions/sql.test.ts
 * and read their diff before committing them.
 */
import { existsSync, readFileSync, writeFileSync } from "fs";
import path from "path";
import { Parser } from "node-sql-parser";
import { DIALECTS, Dialect, sqlDialect } from "../../src/core/sql/dialects";
import { modelOf } from "../../src/functions/segmenting";
import { sqlSpill } from "../../src/functions/sql";
import { errorOf as error } from "../helpers/segment-error";
import { customersWithGaps, fitModel, readCsv } from "../helpers/sql";

const GOLDEN = path.resolve(__dirname, "..", "fixtures", "sql");
const mall = readCsv("samples/mall-customers.csv");
/** SEGMENT.MODEL(Gender:Score, 5): a binary category and names that need quoting. */
const mallModel = modelOf([mall.map((row) => row.slice(1)), 5, "zscore", null, null]);

/** A one-hot category with a quote and a backslash, median imputation, a logged column, odd names. */
const SPEND = 'Spend "net" [`$`]';
const gapsModel = fitModel(
  customersWithGaps(
    200,
    3,
    ["North", "O'Hare", "Back\\slash", "West"],
    ["Id", "Region", "Plan", "Age", SPEND],
  ),
  { features: ["Region", "Plan", "Age", SPEND], k: 3, missing: "median", logTransform: [SPEND] },
);

/** node-sql-parser's nearest grammar for each dialect (it has no ANSI, DuckDB or Spark one). */
const PARSER_DATABASE: Record<Dialect, string> = {
  ansi: "postgresql",
  duckdb: "postgresql",
  postgres: "postgresql",
  bigquery: "bigquery",
  spark: "hive",
  tsql: "transactsql",
};

function text(spill: unknown[][]): string {
  return `${spill.map((row) => row[0]).join("\n")}\n`;
}

/** SEGMENT.MODEL(Gender:Score, 4, , , , , "gmm"): a Gaussian mixture, full covariance. */
const mallMixture = modelOf([mall.map((row) => row.slice(1)), 4, "zscore", null, null], "gmm");

describe.each([
  ["mall", mallModel],
  ["gaps", gapsModel],
  ["mall-gmm", mallMixture],
] as const)("the %s model's query", (name, model) => {
  test.each(DIALECTS.map((d) => [d]))("%s: as its golden file, byte for byte", (dialect) => {
    const spill = sqlSpill(model, dialect, "sales.customers", "CustomerID");
    expect(spill.every((row) => row.length === 1 && typeof row[0] === "string")).toBe(true);
    const file = path.join(GOLDEN, `${name}-${dialect}.sql`);
    if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, text(spill));
    expect(text(spill)).toBe(readFileSync(file, "utf8"));
  });

  test.each(DIALECTS.map((d) => [d]))("%s: node-sql-parser reads it", (dialect) => {
    let sql = text(sqlSpill(model, dialect, "sales.customers", "CustomerID"));
    // The parser takes neither a quote escaped inside a quoted name (each database's own rule,
    // tested with the quoting below) nor COLLATE after an expression, valid T-SQL.
    sql = sql.split(sqlDialect(dialect).identifier(SPEND)).join("spend");
    sql = sql.split(" COLLATE Latin1_General_100_BIN2").join("");
    const ast = new Parser().astify(sql, { database: PARSER_DATABASE[dialect] });
    expect(Array.isArray(ast) ? ast.length : 1).toBe(1);
  });
});

describe("the Mall model's query", () => {
  test("quotes the names, casts to doubles, writes exact constants, and ends with the three outputs", () => {
    const duckdb = text(sqlSpill(mallModel, "duckdb", null, "CustomerID"));
    expect(duckdb).toContain('CAST("Annual Income (k$)" AS DOUBLE)');
    expect(duckdb).toContain("  FROM customers\n");
    expect(duckdb).toMatch(/= 'Male' THEN \S+E\S+ WHEN .* = 'Female' THEN/);
    expect(duckdb).not.toMatch(/[^E\d.-]\d+\.\d+(?![\dE])/);
    expect(duckdb).toContain('row_id AS "CustomerID",\n    segment,\n    SQRT(CASE segment WHEN 1 THEN d1');
    expect(text(sqlSpill(mallModel, "tsql", "dbo.customers", "CustomerID"))).toContain(
      "CAST([Annual Income (k$)] AS FLOAT)",
    );
    expect(text(sqlSpill(mallModel, "postgres", null, null))).toContain(
      "- CAST(6.0560000000000002E1 AS DOUBLE PRECISION)",
    );
  });

  test("without id_column the query returns segment and distance only", () => {
    const lines = sqlSpill(mallModel, "ansi", "customers", "").map((row) => row[0]);
    expect(lines.join("\n")).not.toContain("row_id");
    expect(lines.slice(-4)).toEqual([
      "SELECT",
      "    segment,",
      expect.stringMatching(/^ {4}SQRT\(/),
      "FROM nearest;",
    ]);
  });
});

describe("names in every dialect", () => {
  test.each<[Dialect, string]>([
    ["ansi", '"a ""b"" (k$)"'],
    ["duckdb", '"a ""b"" (k$)"'],
    ["postgres", '"a ""b"" (k$)"'],
    ["bigquery", '`a "b" (k$)`'],
    ["spark", '`a "b" (k$)`'],
    ["tsql", '[a "b" (k$)]'],
  ])("%s quotes a name as %s", (dialect, quoted) => {
    expect(sqlDialect(dialect).identifier('a "b" (k$)')).toBe(quoted);
  });

  test("a quote character of the dialect's own inside a name is escaped its way", () => {
    expect(sqlDialect("bigquery").identifier("a`b\\c")).toBe("`a\\`b\\\\c`");
    expect(sqlDialect("spark").identifier("a`b")).toBe("`a``b`");
    expect(sqlDialect("tsql").identifier("a]b[c")).toBe("[a]]b[c]");
    expect(sqlDialect("spark").text("O'Hare\\")).toBe("'O\\'Hare\\\\'");
    expect(sqlDialect("postgres").text("O'Hare\\")).toBe("'O''Hare\\'");
    expect(sqlDialect("tsql").text("O'Hare")).toBe("N'O''Hare'");
  });

  test("a table name: plain parts as they are, others quoted", () => {
    const from = (table: string, dialect: Dialect = "duckdb") =>
      sqlSpill(mallModel, dialect, table, null).find((row) => String(row[0]).startsWith("  FROM "))?.[0];
    expect(from("sales.customers")).toBe("  FROM sales.customers");
    expect(from(" crm . New customers ")).toBe('  FROM crm."New customers"');
    expect(from("my-project.crm.customers", "bigquery")).toBe("  FROM `my-project`.crm.customers");
    expect(from("dbo.Customer List", "tsql")).toBe("  FROM dbo.[Customer List]");
  });
});

describe("arguments", () => {
  test("dialect: one of six, case-blind, ansi when left out", () => {
    expect(sqlSpill(mallModel, "DuckDB", null, null)).toEqual(sqlSpill(mallModel, "duckdb", null, null));
    expect(sqlSpill(mallModel, null, null, null)).toEqual(sqlSpill(mallModel, "ansi", null, null));
    const e = error(() => sqlSpill(mallModel, "oracle", null, null));
    expect(e.kind).toBe("value");
    expect(e.message).toMatch(
      /^dialect must be one of "ansi", "duckdb", "postgres", "bigquery", "spark", "tsql"/,
    );
  });

  test.each(["customers; DROP TABLE customers", "customers -- x", "a..b", "a/*b*/", "t\nx"])(
    "table %j is refused, naming the argument",
    (table) => {
      const e = error(() => sqlSpill(mallModel, "duckdb", table, null));
      expect(e.kind).toBe("value");
      expect(e.message).toMatch(/^table must be a table name/);
    },
  );

  test("table and id_column must be text; a number heading a column is its name", () => {
    expect(error(() => sqlSpill(mallModel, "duckdb", true, null)).message).toMatch(/^table must be a name/);
    expect(error(() => sqlSpill(mallModel, "duckdb", null, [[1, 2]])).message).toMatch(
      /^id_column must be a name/,
    );
    expect(text(sqlSpill(mallModel, "duckdb", null, 2024))).toContain('"2024" AS row_id');
    expect(text(sqlSpill(mallModel, "duckdb", [["crm.customers"]], [["CustomerID"]]))).toContain(
      "FROM crm.customers",
    );
  });

  test("a damaged model whose numbers overflow is #VALUE! (the fuzz found it as an internal error)", () => {
    const damaged = mallModel.map((row) => [...row]);
    const male = damaged.findIndex((row) => row[0] === "Gender=Male" || row[1] === "Gender");
    damaged[male][5] = 1.7976931348623157e308;
    const e = error(() => sqlSpill(damaged, "duckdb", null, null));
    expect(e.kind).toBe("value");
    expect(e.message).toMatch(/^This model's numbers overflow/);
  });

  test("a range that is no model is #VALUE!; a mixture's query gives the probability of the segment", () => {
    expect(error(() => sqlSpill([["Age"], [1]], "duckdb", null, null)).message).toMatch(
      /not a Segment model/,
    );
    for (const covariance of ["full", "tied", "diag", "spherical"]) {
      const mixture = modelOf(
        [mall.map((row) => row.slice(2)), 3, "zscore", null, null],
        `gmm ${covariance}`,
      );
      const lines = sqlSpill(mixture, "duckdb", null, "CustomerID").map((row) => String(row[0]));
      expect(lines.slice(-3)).toEqual([
        "    segment,",
        "    1 / (EXP(v1 - top) + EXP(v2 - top) + EXP(v3 - top)) AS probability",
        "FROM chosen;",
      ]);
      expect(lines.includes("projections AS (")).toBe(covariance === "full" || covariance === "tied");
    }
  });
});
