/*
 * SQL: a MODEL table as a SQL query that scores a table where the customers live, one line a cell.
 */
import { SegmentError } from "../core/errors";
import { parseAnyModel } from "../core/model-mixture";
import { Dialect, SQL_DIALECT } from "../core/sql/dialects";
import { SQL_DEFAULT_TABLE, modelSql } from "../core/sql/sql";
import { isOmitted, parseData, parseParam } from "./args";
import { Cell } from "./output";

/**
 * SEGMENT.SQL's spill: the query as one column, a line per cell (none longer than a cell holds).
 * The table may be qualified (schema.table); its plain parts are written as they are, others quoted.
 */
export function sqlSpill(model: unknown, dialect: unknown, table: unknown, idColumn: unknown): Cell[][] {
  const parsed = parseAnyModel(parseData(model, "model"));
  const lines = modelSql(parsed, {
    dialect: parseParam(SQL_DIALECT, dialect) as Dialect,
    table: parseName(table, "table") ?? SQL_DEFAULT_TABLE,
    idColumn: parseName(idColumn, "id_column"),
  });
  return lines.map((line) => [line]);
}

/** A name given as text (a 1x1 range counts as its cell); null when left out. */
function parseName(raw: unknown, name: string): string | null {
  const value =
    Array.isArray(raw) && raw.length === 1 && Array.isArray(raw[0]) && raw[0].length === 1
      ? (raw[0] as unknown[])[0]
      : raw;
  if (isOmitted(value)) return null;
  // A column headed 2024 arrives as a number.
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") {
    throw new SegmentError("value", `${name} must be a name, as text (got ${JSON.stringify(value)}).`);
  }
  return value.trim();
}
