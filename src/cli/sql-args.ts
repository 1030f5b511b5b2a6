/*
 * `segment sql`'s arguments. --dialect goes through SEGMENT.SQL's own parameter, and --table through
 * the core's rule for table names, so both are refused in the function's words, before the file is read.
 */
import { parseParam } from "../functions/args";
import { SQL_DEFAULT_TABLE } from "../core/sql/sql";
import { MODEL_SHEET } from "../core/plan";
import { DIALECTS, Dialect, SQL_DIALECT, sqlDialect, tableName } from "../core/sql/dialects";
import { UsageError, checkOut, scanFlags } from "./args";

export const SQL_USAGE = `Usage: segment sql MODEL.(xlsx|csv) [options]

Prints the SQL query that scores every row of a table with a Segment model, as SEGMENT.SQL
writes it: the same preprocessing and nearest centroid as SEGMENT.ASSIGN, with the same labels.
The model is a table SEGMENT.MODEL spilled, or the "${MODEL_SHEET}" sheet that segment FILE --out
and the wizard write.

Options:
  --dialect NAME        ${DIALECTS.join(", ")} (default ${String(SQL_DIALECT.default)});
                        spark is Spark SQL, tsql is SQL Server
  --table NAME          the table to score, plain or qualified (sales.customers) (default ${SQL_DEFAULT_TABLE})
  --id-column NAME      a column passed through as the query's first column, to join segments back
  --sheet NAME          the sheet holding the model (default: the "${MODEL_SHEET}" sheet, else the
                        first sheet with a model table; the first table on the sheet)
  --out QUERY.sql       write the query to a file instead of printing it
  --force               with --out: replace the file if it exists (never the input file)
  -h, --help            print this help

Example:
  segment samples/mall-customers.csv --k 5 --out mall.xlsx
  segment sql mall.xlsx --dialect duckdb --table mall_customers --id-column CustomerID > score.sql

The query's columns are the id (with --id-column), segment (NULL for a row the model gives none) and
distance (to the segment's centroid). Only k-means models can be written as SQL yet.

Exit codes: 0 done, 2 bad input or usage (with a one-line message), 1 anything else.`;

export const SQL_HINT = "(see segment sql --help)";

export interface SqlCliOptions {
  readonly file: string;
  readonly sheet: string | null;
  readonly dialect: Dialect;
  readonly table: string;
  readonly idColumn: string | null;
  readonly out: string | null;
  readonly force: boolean;
}

export type SqlParsed = { readonly help: true } | { readonly help: false; readonly options: SqlCliOptions };

const VALUE_FLAGS = ["dialect", "table", "id-column", "sheet", "out"] as const;

export function parseSqlArguments(argv: readonly string[]): SqlParsed {
  const scanned = scanFlags(argv, VALUE_FLAGS, ["force"] as const);
  if (scanned.help) return { help: true };
  const { values, files, switches } = scanned;
  if (files.length === 0)
    throw new UsageError("no model file: give the .xlsx (or .csv) file holding a Segment model.");
  if (files.length > 1) throw new UsageError(`one model file at a time (got ${files.join(", ")}).`);
  const dialect = parseParam(SQL_DIALECT, values.get("dialect")) as Dialect;
  const table = named(values.get("table"), "table") ?? SQL_DEFAULT_TABLE;
  // Refused now, in the core's words, rather than after the model is read.
  tableName(table, sqlDialect(dialect));
  const out = values.get("out") ?? null;
  const force = switches.has("force");
  checkOut(out, force, files[0]);
  return {
    help: false,
    options: {
      file: files[0],
      sheet: named(values.get("sheet"), "sheet"),
      dialect,
      table,
      idColumn: named(values.get("id-column"), "id-column"),
      out,
      force,
    },
  };
}

/** A name flag's value, trimmed; null when the flag is not given. */
function named(value: string | undefined, flag: string): string | null {
  if (value === undefined) return null;
  if (value.trim() === "") throw new UsageError(`--${flag} needs a name.`);
  return value.trim();
}
