/**
 * A real database for the SQL tests and the bench: an in-memory DuckDB, a sheet-like table loaded
 * into it, and the generated query run over it.
 */
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { CellValue } from "../../src/core/cells";

export interface Database {
  readonly connection: DuckDBConnection;
  close(): void;
}

export async function openDatabase(): Promise<Database> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** How a column is stored: numbers as DOUBLE, or the same numbers as text (a warehouse's VARCHAR). */
export type StoredAs = "double" | "varchar";

/**
 * Loads a range (header row first) as `table`, with a row_no column (1-based data row) to join the
 * results back. A column of numbers and empty cells is DOUBLE unless `asText` names it; any other
 * column is VARCHAR. Empty cells are NULL.
 */
export async function loadRange(
  db: Database,
  table: string,
  values: readonly (readonly CellValue[])[],
  asText: readonly string[] = [],
): Promise<void> {
  const header = values[0].map((v) => String(v));
  const rows = values.slice(1);
  const empty = (v: CellValue) => v === null || v === undefined || v === "";
  const numeric = header.map(
    (name, j) => !asText.includes(name) && rows.every((row) => empty(row[j]) || typeof row[j] === "number"),
  );
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const columns = header.map((name, j) => `${quote(name)} ${numeric[j] ? "DOUBLE" : "VARCHAR"}`);
  await db.connection.run(`CREATE TABLE ${quote(table)} (row_no INTEGER, ${columns.join(", ")})`);
  const appender = await db.connection.createAppender(table);
  rows.forEach((row, i) => {
    appender.appendInteger(i + 1);
    header.forEach((_, j) => {
      const v = row[j];
      if (empty(v)) appender.appendNull();
      else if (numeric[j]) appender.appendDouble(v as number);
      else appender.appendVarchar(String(v));
    });
    appender.endRow();
  });
  appender.closeSync();
}

export interface Scored {
  /** Segment per data row (index row_no - 1), null for none. */
  readonly segments: (number | null)[];
  readonly distances: (number | null)[];
}

/** Runs a query whose output is row_no, segment, distance and returns them by row. */
export async function runScoring(db: Database, lines: readonly string[], rowCount: number): Promise<Scored> {
  const reader = await db.connection.runAndReadAll(lines.join("\n"));
  const segments = new Array<number | null>(rowCount).fill(null);
  const distances = new Array<number | null>(rowCount).fill(null);
  const rowNo = reader.getColumns()[0];
  const segment = reader.getColumns()[1];
  const distance = reader.getColumns()[2];
  for (let r = 0; r < rowNo.length; r++) {
    const i = Number(rowNo[r]) - 1;
    segments[i] = segment[r] === null ? null : Number(segment[r]);
    distances[i] = distance[r] === null ? null : Number(distance[r]);
  }
  return { segments, distances };
}
