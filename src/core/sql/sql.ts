import { SegmentError } from "../errors";
import type { ParsedModel } from "../model";
import type { ParsedAnyModel } from "../model-mixture";
import type { InputFeature, OutputFeature } from "../preprocess";
import { Dialect, SqlDialect, sqlDialect, tableName } from "./dialects";

/**
 * A k-means MODEL as one SQL query that scores every row of a table where the data lives, with the
 * labels ASSIGN gives the same rows:
 *
 *   WITH model_input AS (SELECT id, x1 … xd FROM table)      -- imputed, encoded, scaled: model space
 *   , distances AS (SELECT id, d1 … dk FROM model_input)     -- squared distance to each centroid
 *   , nearest AS (SELECT id, d1 … dk, segment FROM distances)
 *   SELECT id, segment, SQRT(d of segment) AS distance FROM nearest;
 *
 * Bit for bit as ASSIGN: every constant is the model's double, written exactly (dialects.ts); inputs
 * are cast to doubles; each step is the same IEEE operation ASSIGN does, in its order: (value - Center)
 * / Scale, then the squared differences added from the first feature to the last, t1 + t2 + t3 …
 * (SQL's + is left-associative: ((t1 + t2) + t3) …, as ASSIGN's loop adds them).
 * A tie goes to the lower segment number, as ASSIGN's strict "<" over segments in order does. The one
 * inexact step is log(1 + x) where a database has no log1p (dialects.ts).
 *
 * Missing values are NULL: under "drop" such a row gets segment NULL, otherwise the Impute value. A
 * category is compared as ASSIGN reads a cell: trimmed, case-sensitive, TRUE/FALSE in capitals. One the
 * model never saw counts for no category of a one-hot input, and leaves a binary input's row without a
 * segment.
 */
export interface SqlOptions {
  readonly dialect: Dialect;
  /** The table to score: a name, or dotted parts (schema.table), as dialects.ts tableName takes it. */
  readonly table: string;
  /** A column passed through as the first output column, to join the segments back; null for none. */
  readonly idColumn: string | null;
}

/** The table a query scores when none is named: a placeholder to replace in the query. */
export const SQL_DEFAULT_TABLE = "customers";

/** Excel's limit on the text of one cell: the query is split into lines no longer. */
export const SQL_LINE_LIMIT = 32767;

const INDENT = "    ";

/** Why a Gaussian mixture's model has no query: its posteriors have no SQL here yet. */
export const SQL_MIXTURE_MESSAGE =
  "SQL scoring supports k-means models only yet: this model is a Gaussian mixture. Use a k-means model (SEGMENT.MODEL's default, or k-means in the task pane) to score customers in SQL; SEGMENT.ASSIGN scores them with this one in Excel.";

/** The model a query can score: a k-means one. */
export function kmeansModel(parsed: ParsedAnyModel): ParsedModel {
  if (parsed.mixture) throw new SegmentError("value", SQL_MIXTURE_MESSAGE);
  return parsed;
}

export function modelSql(parsed: ParsedModel, options: SqlOptions): string[] {
  const sql = sqlDialect(options.dialect);
  const { preprocessor, centroids, k } = parsed;
  const { inputs, outputs } = preprocessor;
  const d = outputs.length;
  const id = options.idColumn === null ? [] : [`${sql.identifier(options.idColumn)} AS row_id`];
  const idOut = options.idColumn === null ? [] : ["row_id"];
  const x = (j: number) => `x${j + 1}`;
  const dist = (c: number) => `d${c + 1}`;
  const segments = Array.from({ length: k }, (_, c) => c);

  const features = outputs.map((output, j) => [
    `${featureExpression(sql, inputs[output.input], output)} AS ${x(j)}`,
  ]);
  const distances = segments.map((c) => {
    // ASSIGN's sum starts at 0 and adds each squared difference in turn: 0 + t1 is t1 exactly, then
    // ((t1 + t2) + t3) …, which SQL's left-to-right + gives without parentheses (600 nested ones
    // crashed DuckDB's parser).
    const terms = outputs.map((_, j) => {
      const diff = `(${x(j)} - ${sql.double(centroids[c * d + j])})`;
      return `${diff} * ${diff}`;
    });
    const pieces = [terms[0], ...terms.slice(1).map((t) => `+ ${t}`)];
    return [...pieces.slice(0, -1), `${pieces[pieces.length - 1]} AS ${dist(c)}`];
  });
  const lines = [
    "WITH model_input AS (",
    ...selectList([...id.map((e) => [e]), ...features]),
    `  FROM ${tableName(options.table, sql)}`,
    "),",
    "distances AS (",
    ...selectList([...idOut.map((e) => [e]), ...distances]),
    "  FROM model_input",
    "),",
    "nearest AS (",
    ...selectList([...idOut.map((e) => [e]), ...segments.map((c) => [dist(c)]), nearestSegment(k, dist)]),
    "  FROM distances",
    ")",
    "SELECT",
    ...(options.idColumn === null ? [] : [`${INDENT}row_id AS ${sql.identifier(options.idColumn)},`]),
    `${INDENT}segment,`,
    `${INDENT}SQRT(${k === 1 ? dist(0) : `CASE segment ${segments.map((c) => `WHEN ${c + 1} THEN ${dist(c)}`).join(" ")} END`}) AS distance`,
    "FROM nearest;",
  ];
  return lines;
}

/**
 * The first segment whose squared distance is no more than any later one's: ASSIGN's first minimum,
 * since every earlier segment then has a later one strictly nearer. NULL when the row has no values.
 */
function nearestSegment(k: number, dist: (c: number) => string): string[] {
  const whens = Array.from({ length: k - 1 }, (_, c) => {
    const later = Array.from({ length: k - 1 - c }, (_, i) => `${dist(c)} <= ${dist(c + 1 + i)}`);
    return `WHEN ${later.join(" AND ")} THEN ${c + 1}`;
  });
  return [`CASE WHEN ${dist(0)} IS NULL THEN NULL`, ...whens, `ELSE ${k} END AS segment`];
}

/** One model-space feature of a row, NULL where ASSIGN gives the row no segment. */
function featureExpression(sql: SqlDialect, input: InputFeature, output: OutputFeature): string {
  const column = sql.identifier(input.name);
  if (input.kind === "numeric") {
    const cast = sql.toDouble(column);
    const value = typeof input.impute === "number" ? `COALESCE(${cast}, ${sql.double(input.impute)})` : cast;
    // ASSIGN's Math.log1p of -1 or less is NaN; here the row gets no segment instead.
    const raw = input.log ? `CASE WHEN ${value} > -1 THEN ${sql.log1p(value)} END` : value;
    return scaled(sql, raw, output);
  }
  const text = categoryText(sql, input, column);
  // The two model-space values of a 0/1 indicator: the same IEEE operations ASSIGN's scaling does.
  const one = sql.double((1 - output.center) / output.scale);
  const zero = sql.double((0 - output.center) / output.scale);
  const category = output.category as string;
  if (input.binary) {
    return `CASE WHEN ${text} = ${sql.text(input.categories[0])} THEN ${one} WHEN ${text} = ${sql.text(input.categories[1])} THEN ${zero} END`;
  }
  const missing = input.impute === null ? `WHEN ${text} IS NULL THEN NULL ` : "";
  return `CASE ${missing}WHEN ${text} = ${sql.text(category)} THEN ${one} ELSE ${zero} END`;
}

function scaled(sql: SqlDialect, raw: string, output: OutputFeature): string {
  // ASSIGN leaves such a column as it is; (x - 0) / 1 would be x anyway.
  if (output.center === 0 && output.scale === 1) return raw;
  return `(${raw} - ${sql.double(output.center)}) / ${sql.double(output.scale)}`;
}

/** A category cell as ASSIGN reads it (cellToText): trimmed, empty text missing, TRUE/FALSE in capitals. */
function categoryText(sql: SqlDialect, input: InputFeature, column: string): string {
  const trimmed = `NULLIF(TRIM(${sql.toText(column)}), '')`;
  const logical = input.categories.some((c) => c === "TRUE" || c === "FALSE");
  const text = logical
    ? `CASE WHEN UPPER(${trimmed}) IN ('TRUE', 'FALSE') THEN UPPER(${trimmed}) ELSE ${trimmed} END`
    : trimmed;
  return typeof input.impute === "string" ? `COALESCE(${text}, ${sql.text(input.impute)})` : text;
}

/**
 * SELECT's items, one a line, each given as pieces that may go on lines of their own: a line never
 * breaks inside a name or a text constant, and never passes a cell's limit.
 */
function selectList(items: readonly (readonly string[])[]): string[] {
  const lines = ["  SELECT"];
  items.forEach((pieces, i) => {
    const last = [...pieces];
    if (i < items.length - 1) last[last.length - 1] += ",";
    lines.push(...packed(last));
  });
  return lines;
}

function packed(pieces: readonly string[]): string[] {
  const lines: string[] = [];
  let line = INDENT;
  for (const piece of pieces) {
    if (line !== INDENT && line.length + 1 + piece.length > SQL_LINE_LIMIT) {
      lines.push(line);
      line = INDENT + INDENT;
    } else if (line !== INDENT) line += " ";
    if (line.length + piece.length > SQL_LINE_LIMIT) {
      throw new SegmentError("value", "A name in this model is too long to write into SQL.");
    }
    line += piece;
  }
  lines.push(line);
  return lines;
}
