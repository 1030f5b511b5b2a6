import { SegmentError } from "../errors";
import type { ParsedModel } from "../model";
import { LOG_2PI } from "../algorithms/gmm-kernels";
import { type GmmModel, modelScorer } from "../algorithms/gmm-fit";
import type { InputFeature, OutputFeature } from "../preprocess";
import { Dialect, SqlDialect, sqlDialect, tableName } from "./dialects";

/**
 * A MODEL as one SQL query that scores every row of a table where the data lives, with the labels
 * ASSIGN gives the same rows. For k-means:
 *
 *   WITH model_input AS (SELECT id, x1 … xd FROM table)      -- imputed, encoded, scaled: model space
 *   , distances AS (SELECT id, d1 … dk FROM model_input)     -- squared distance to each centroid
 *   , nearest AS (SELECT id, d1 … dk, segment FROM distances)
 *   SELECT id, segment, SQRT(d of segment) AS distance FROM nearest;
 *
 * For a Gaussian mixture: model_input, [projections (full and tied covariances),] scores (each
 * component's weighted log-density v1 … vk), nearest (the most probable), chosen (its v), then
 * SELECT id, segment, 1 / Σ exp(v - its v) AS probability (mixtureScoring).
 *
 * Bit for bit as ASSIGN: every constant is the model's double, written exactly (dialects.ts); inputs
 * are cast to doubles; each step is the same IEEE operation ASSIGN does, in its order: (value - Center)
 * / Scale, then the squared differences added from the first feature to the last, t1 + t2 + t3 …
 * (SQL's + is left-associative: ((t1 + t2) + t3) …, as ASSIGN's loop adds them).
 * A tie goes to the lower segment number, as ASSIGN's strict "<" over segments in order does. The
 * inexact steps are log(1 + x) where a database has no log1p (dialects.ts) and a mixture's EXP, which
 * moves a probability in its last bits, never a segment.
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

export function modelSql(
  parsed: ParsedModel & { readonly mixture?: GmmModel | null },
  options: SqlOptions,
): string[] {
  const sql = sqlDialect(options.dialect);
  const { inputs, outputs } = parsed.preprocessor;
  const withId = options.idColumn !== null;
  const id = withId ? [[`${sql.identifier(options.idColumn as string)} AS row_id`]] : [];
  const features = outputs.map((output, j) => [
    `${featureExpression(sql, inputs[output.input], output)} AS ${featureName(j)}`,
  ]);
  const scoring = parsed.mixture
    ? mixtureScoring(sql, parsed.mixture, outputs.length)
    : kmeansScoring(sql, parsed.centroids, parsed.k, outputs.length);
  return [
    "WITH model_input AS (",
    ...selectList([...id, ...features]),
    `  FROM ${tableName(options.table, sql)}`,
    ...scoring.steps.flatMap((step, s) => [
      "),",
      `${step.name} AS (`,
      ...selectList([...(withId ? [["row_id"]] : []), ...step.items]),
      `  FROM ${s === 0 ? "model_input" : scoring.steps[s - 1].name}`,
    ]),
    ")",
    "SELECT",
    ...(withId ? [`${INDENT}row_id AS ${sql.identifier(options.idColumn as string)},`] : []),
    `${INDENT}segment,`,
    `${INDENT}${scoring.measure}`,
    `FROM ${scoring.steps[scoring.steps.length - 1].name};`,
  ];
}

/** Model-space feature j of a row, as model_input names it. */
const featureName = (j: number): string => `x${j + 1}`;

/**
 * The query's steps after model_input (each a CTE selecting from the one before, row_id carried
 * through), the last of which holds `segment`, and the measure the final SELECT gives beside it.
 */
interface Scoring {
  readonly steps: readonly { readonly name: string; readonly items: readonly (readonly string[])[] }[];
  readonly measure: string;
}

/**
 * k-means: each segment's squared distance d1 … dk, the nearest segment, and the distance to it.
 * ASSIGN's sum starts at 0 and adds each squared difference in turn: 0 + t1 is t1 exactly, then
 * ((t1 + t2) + t3) …, which SQL's left-to-right + gives without parentheses (600 nested ones crashed
 * DuckDB's parser).
 */
function kmeansScoring(sql: SqlDialect, centroids: Float64Array, k: number, d: number): Scoring {
  const dist = (c: number) => `d${c + 1}`;
  const segments = Array.from({ length: k }, (_, c) => c);
  const distances = segments.map((c) =>
    sumOf(
      Array.from({ length: d }, (_, j) => {
        const diff = `(${featureName(j)} - ${sql.double(centroids[c * d + j])})`;
        return `${diff} * ${diff}`;
      }),
      dist(c),
    ),
  );
  return {
    steps: [
      { name: "distances", items: distances },
      { name: "nearest", items: [...segments.map((c) => [dist(c)]), chosenSegment(k, dist, "<=")] },
    ],
    measure: `SQRT(${valueOfSegment(k, dist)}) AS distance`,
  };
}

/**
 * A Gaussian mixture: each component's weighted log-density v1 … vk as gmmPosteriors computes it
 * (gmm-kernels.ts: -½ (d ln 2π + Σ_j y_j²) + log det + ln w, with y = (x - μ) times the precision's
 * Cholesky factor, each sum from 0 in the kernel's order), the most probable segment, and its
 * posterior 1 / Σ_r exp(v_r - v_segment). The constants are modelScorer's own doubles; EXP may differ
 * from JavaScript's in the last bit, which moves a probability, never a segment.
 */
function mixtureScoring(sql: SqlDialect, model: GmmModel, d: number): Scoring {
  const scorer = modelScorer(model, d);
  const { k, means, factor, logDet, logWeights } = scorer;
  const components = range(0, k);
  const score = (c: number) => `v${c + 1}`;
  const diff = (c: number, a: number) => `(${featureName(a)} - ${sql.double(means[c * d + a])})`;
  const dl = sql.double(d * LOG_2PI);
  /** -½ (d ln 2π + maha) + log det + ln w, maha given as the pieces of a sum, `times` a factor of it. */
  const density = (c: number, maha: readonly string[], times = "") =>
    wrapped(
      maha,
      `${sql.double(-0.5)} * (${dl} + (`,
      `)${times}) + ${sql.double(logDet[c])} + ${sql.double(logWeights[c])} AS ${score(c)}`,
    );
  const steps: { name: string; items: string[][] }[] = [];
  let scores: string[][];
  if (scorer.type === "full" || scorer.type === "tied") {
    const y = (c: number, j: number) => `y${c + 1}_${j + 1}`;
    const base = (c: number) => (scorer.type === "full" ? c * d * d : 0);
    // y_j = Σ_{a <= j} (x - μ)_a M_aj, as the kernel's triangularUpper adds it: a model's factors,
    // made from its covariances, are upper triangular (gmm-covariance.ts).
    const projections = components.flatMap((c) =>
      range(0, d).map((j) =>
        sumOf(
          range(0, j + 1).map((a) => `${diff(c, a)} * ${sql.double(factor[base(c) + j * d + a])}`),
          y(c, j),
        ),
      ),
    );
    steps.push({ name: "projections", items: projections });
    scores = components.map((c) => density(c, terms(range(0, d).map((j) => `${y(c, j)} * ${y(c, j)}`))));
  } else if (scorer.type === "diag") {
    scores = components.map((c) =>
      density(
        c,
        terms(range(0, d).map((a) => `${diff(c, a)} * ${diff(c, a)} * ${sql.double(factor[c * d + a])}`)),
      ),
    );
  } else {
    scores = components.map((c) =>
      density(
        c,
        terms(range(0, d).map((a) => `${diff(c, a)} * ${diff(c, a)}`)),
        ` * ${sql.double(factor[c])}`,
      ),
    );
  }
  steps.push({ name: "scores", items: scores });
  steps.push({
    name: "nearest",
    items: [...components.map((c) => [score(c)]), chosenSegment(k, score, ">=")],
  });
  // The chosen segment's own value, which the posterior is taken against.
  steps.push({
    name: "chosen",
    items: [["segment"], ...components.map((c) => [score(c)]), [`${valueOfSegment(k, score)} AS top`]],
  });
  return {
    steps,
    measure: `1 / (${components.map((c) => `EXP(${score(c)} - top)`).join(" + ")}) AS probability`,
  };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

/** t1 + t2 + … AS name, as pieces a line may break between. */
function sumOf(items: readonly string[], name: string): string[] {
  return wrapped(terms(items), "", ` AS ${name}`);
}

/** A sum's pieces: t1, + t2, + t3 … (SQL's + is left-associative, as the kernels' loops add). */
function terms(items: readonly string[]): string[] {
  return items.map((t, i) => (i === 0 ? t : `+ ${t}`));
}

/** The pieces with `before` on the first and `after` on the last. */
function wrapped(pieces: readonly string[], before: string, after: string): string[] {
  const out = [...pieces];
  out[0] = before + out[0];
  out[out.length - 1] += after;
  return out;
}

/** The value of column name(segment - 1), for the row's segment. */
function valueOfSegment(k: number, name: (c: number) => string): string {
  if (k === 1) return name(0);
  return `CASE segment ${range(0, k)
    .map((c) => `WHEN ${c + 1} THEN ${name(c)}`)
    .join(" ")} END`;
}

/**
 * The first segment whose value is no worse than any later one's ("<=" for distances, ">=" for
 * log-densities): ASSIGN's first minimum (or maximum), since every earlier segment then has a later
 * one strictly better. NULL when the row has no values.
 */
function chosenSegment(k: number, value: (c: number) => string, noWorse: "<=" | ">="): string[] {
  const whens = range(0, k - 1).map((c) => {
    const later = range(c + 1, k).map((l) => `${value(c)} ${noWorse} ${value(l)}`);
    return `WHEN ${later.join(" AND ")} THEN ${c + 1}`;
  });
  return [`CASE WHEN ${value(0)} IS NULL THEN NULL`, ...whens, `ELSE ${k} END AS segment`];
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
