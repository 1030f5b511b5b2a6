/**
 * For the SQL tests and the bench: models fitted as SEGMENT.MODEL fits them, and a real database, an
 * in-memory DuckDB, with a sheet-like table loaded into it and the generated query run over it.
 */
import { readFileSync } from "fs";
import path from "path";
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { CellValue } from "../../src/core/cells";
import { kmeans } from "../../src/core/kmeans";
import { modelTable } from "../../src/core/model";
import { LogChoice, MissingPolicy, Scaling, fitPreprocessor } from "../../src/core/preprocess";
import { createRng } from "../../src/core/random";
import { readTable } from "../../src/core/table";

export type Range = CellValue[][];

/** A CSV file of the repository (no quoted commas), numbers as numbers, empty cells "". */
export function readCsv(file: string, root = path.resolve(__dirname, "..", "..")): Range {
  return readFileSync(path.resolve(root, file), "utf8")
    .trim()
    .split(/\r?\n/)
    .map((line, i) =>
      line.split(",").map((v) => (i === 0 || v === "" || Number.isNaN(Number(v)) ? v : Number(v))),
    );
}

export interface FitOptions {
  readonly features: readonly string[];
  readonly k: number;
  readonly scaling?: Scaling;
  readonly missing?: MissingPolicy;
  readonly logTransform?: LogChoice;
}

/** A MODEL table fitted as SEGMENT.MODEL fits one, with the missing-value policy chosen. */
export function fitModel(values: Range, options: FitOptions): CellValue[][] {
  const fitted = fitPreprocessor(readTable(values), {
    features: options.features,
    scaling: options.scaling,
    missing: options.missing,
    logTransform: options.logTransform,
  });
  const fit = kmeans(fitted.matrix, { k: options.k, seed: 7 });
  return modelTable(fitted.preprocessor, fit.centroids, fit.sizes);
}

/** Customers with a text category, a binary plan and gaps (about 8%) in every column. */
export function customersWithGaps(
  n: number,
  seed: number,
  regions: readonly string[] = ["North", "South", "East", "West"],
  header: readonly string[] = ["Id", "Region", "Plan", "Age", "Monthly spend ($)"],
): Range {
  const rng = createRng(seed);
  const gap = (v: CellValue) => (rng.next() < 0.08 ? "" : v);
  const rows: Range = [[...header]];
  for (let i = 0; i < n; i++) {
    const region = Math.floor(rng.next() * regions.length);
    rows.push([
      `C${i}`,
      gap(regions[region]),
      gap(rng.next() < 0.3 ? "Premium" : "Basic"),
      gap(Math.round(18 + rng.next() * 60)),
      gap(Math.round((20 + region * 30 + rng.next() * 40) * 100) / 100),
    ]);
  }
  return rows;
}

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

export const MALL_HEADER = ["CustomerID", "Gender", "Age", "Annual Income (k$)", "Spending Score (1-100)"];

/**
 * n customers like the Mall's, generated (seeded): Gender, Age, income with cents and a score with
 * one decimal, so that constants and values are doubles no short decimal names exactly.
 */
export function mallLikeRows(n: number, seed: number): Range {
  const rng = createRng(seed);
  const rows: Range = [MALL_HEADER];
  for (let i = 0; i < n; i++) {
    rows.push([
      i + 1,
      rng.next() < 0.56 ? "Female" : "Male",
      18 + Math.floor(rng.next() * 53),
      Math.round((15 + rng.next() * 122) * 100) / 100,
      Math.round((1 + rng.next() * 98) * 10) / 10,
    ]);
  }
  return rows;
}
