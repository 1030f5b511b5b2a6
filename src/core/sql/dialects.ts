import type { ParamSpec } from "../algorithms/clusterer";
import { SegmentError } from "../errors";

/**
 * How each database spells what the scoring query needs: quoted names, text literals, exact doubles,
 * casts and log(1 + x). Everything else in the query (WITH, CASE, SQRT, arithmetic) is written the same
 * in all of them.
 */
export type Dialect = "ansi" | "duckdb" | "postgres" | "bigquery" | "spark" | "tsql";

export const DIALECTS: readonly Dialect[] = ["ansi", "duckdb", "postgres", "bigquery", "spark", "tsql"];

/** The dialect argument, checked by the functions as any parameter (functions/args.ts parseParam). */
export const SQL_DIALECT: ParamSpec = {
  name: "dialect",
  type: "choice",
  choices: DIALECTS,
  default: "ansi",
  help: "the SQL dialect: ansi, duckdb, postgres, bigquery, spark (Spark SQL) or tsql (SQL Server)",
};

export interface SqlDialect {
  readonly name: Dialect;
  /** A column or table name, quoted so that any character in it is taken literally. */
  identifier(name: string): string;
  /** A text constant. */
  text(value: string): string;
  /** The double `x` exactly, as a DOUBLE (never a DECIMAL, which would round it differently). */
  double(x: number): string;
  /** An expression read as a double. */
  toDouble(expr: string): string;
  /** An expression read as text. */
  toText(expr: string): string;
  /** log(1 + x) of a double expression (already known to be above -1). */
  log1p(expr: string): string;
}

/**
 * 17 significant digits name every double exactly (the shortest round trip may need up to 17), and
 * E-notation is what makes DuckDB, Spark, BigQuery and T-SQL read a literal as a double rather than a
 * DECIMAL: "60.56" as DECIMAL(4,2) came out 1 ulp away from JavaScript's 60.56 about once in 20.
 */
export function exactNumber(x: number): string {
  // Only a damaged model gets here: a Center or Scale typed so large that its values overflow.
  if (!Number.isFinite(x)) {
    throw new SegmentError(
      "value",
      "This model's numbers overflow (a Center, Scale or centroid far too large): make it again with SEGMENT.MODEL.",
    );
  }
  // -0 and 0 subtract and square alike; "0E0" reads the same everywhere.
  const [mantissa, exponent] = (x === 0 ? 0 : x).toExponential(16).split("e");
  return `${mantissa}E${Number(exponent)}`;
}

/** A bare literal, negative ones in parentheses so that "x - -1E0" can never read as a comment. */
const bareNumber = (x: number): string => (x < 0 ? `(${exactNumber(x)})` : exactNumber(x));

const doubleQuoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const singleQuoted = (value: string): string => `'${value.replace(/'/g, "''")}'`;
/** BigQuery and Spark read backslash escapes inside quotes: a backslash and the quote are escaped. */
const backslashEscaped = (value: string, quote: string): string =>
  quote + value.replace(/\\/g, "\\\\").replace(new RegExp(quote, "g"), `\\${quote}`) + quote;

/**
 * log(1 + x) as ln(1 + x) where the database has no log1p. It is within an ulp of JavaScript's
 * Math.log1p (fdlibm) but not always equal to it: 1,199 of the 13,017 values of the RFM sample differ in
 * the last bit, which moves a label only for a row almost exactly between two centroids.
 */
const lnOnePlus = (expr: string): string => `LN(1 + ${expr})`;

const castAs = (type: string) => (expr: string) => `CAST(${expr} AS ${type})`;

const SQL_DIALECTS: Readonly<Record<Dialect, SqlDialect>> = {
  // Standard SQL: an E-notation literal's type is left to the implementation, so it is cast.
  ansi: {
    name: "ansi",
    identifier: doubleQuoted,
    text: singleQuoted,
    double: (x) => `CAST(${exactNumber(x)} AS DOUBLE PRECISION)`,
    toDouble: castAs("DOUBLE PRECISION"),
    toText: castAs("VARCHAR(4000)"),
    log1p: lnOnePlus,
  },
  duckdb: {
    name: "duckdb",
    identifier: doubleQuoted,
    text: singleQuoted,
    double: bareNumber,
    toDouble: castAs("DOUBLE"),
    toText: castAs("VARCHAR"),
    log1p: lnOnePlus,
  },
  // PostgreSQL reads 6.056E1 as NUMERIC; its cast to DOUBLE PRECISION rounds correctly (strtod).
  postgres: {
    name: "postgres",
    identifier: doubleQuoted,
    text: singleQuoted,
    double: (x) => `CAST(${exactNumber(x)} AS DOUBLE PRECISION)`,
    toDouble: castAs("DOUBLE PRECISION"),
    toText: castAs("TEXT"),
    log1p: lnOnePlus,
  },
  bigquery: {
    name: "bigquery",
    identifier: (name) => backslashEscaped(name, "`"),
    text: (value) => backslashEscaped(value, "'"),
    double: bareNumber,
    toDouble: castAs("FLOAT64"),
    toText: castAs("STRING"),
    log1p: lnOnePlus,
  },
  // Spark doubles a backtick inside a quoted name. Its log1p is Java's StrictMath one, fdlibm's
  // algorithm as V8's Math.log1p is (not checked against a Spark here).
  spark: {
    name: "spark",
    identifier: (name) => `\`${name.replace(/`/g, "``")}\``,
    text: (value) => backslashEscaped(value, "'"),
    double: bareNumber,
    toDouble: castAs("DOUBLE"),
    toText: castAs("STRING"),
    log1p: (expr) => `LOG1P(${expr})`,
  },
  tsql: {
    name: "tsql",
    identifier: (name) => `[${name.replace(/]/g, "]]")}]`,
    text: (value) => `N${singleQuoted(value)}`,
    double: bareNumber,
    toDouble: castAs("FLOAT"),
    // SQL Server compares text case-blind by default; ASSIGN tells "Male" from "male".
    toText: (expr) => `CAST(${expr} AS NVARCHAR(4000)) COLLATE Latin1_General_100_BIN2`,
    log1p: (expr) => `LOG(1 + ${expr})`,
  },
};

export function sqlDialect(name: Dialect): SqlDialect {
  return SQL_DIALECTS[name];
}

/** A plain name part: written as it is, so the database's own case rules apply to it. */
const PLAIN_PART = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The table to score, as the query names it: parts separated by dots (catalog.schema.table), each
 * written as it is when it is a plain name and quoted otherwise ("Customer list", BigQuery's
 * my-project). Quoting makes any character harmless, but a semicolon, a comment or a control character
 * has no business in a table name and is refused rather than quoted.
 */
export function tableName(table: string, dialect: SqlDialect): string {
  const problem = /[;\u0000-\u001f\u007f]|--|\/\*|\*\//.exec(table);
  if (problem) {
    throw new SegmentError(
      "value",
      `table must be a table name such as customers or sales.customers (got ${JSON.stringify(table)}, with ${JSON.stringify(problem[0])}).`,
    );
  }
  const parts = table.split(".").map((part) => part.trim());
  if (parts.some((part) => part === "")) {
    throw new SegmentError(
      "value",
      `table must be a table name such as customers or sales.customers (got ${JSON.stringify(table)}).`,
    );
  }
  return parts.map((part) => (PLAIN_PART.test(part) ? part : dialect.identifier(part))).join(".");
}
