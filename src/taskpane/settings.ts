import { MISSING_POLICIES, MissingPolicy, SCALINGS, Scaling } from "../core/preprocess";
import type { RemovalOp, RemovalPlan } from "../core/plan";
import type { DataSourceKind } from "../host/host";
import { DEFAULT_ALGORITHM, PANE_ALGORITHMS, paramDefault, paramSpec } from "./algorithms";
import { paramProblem } from "../core/algorithms/clusterer";
import type { AlgorithmId } from "./protocol";
import type { Dialect } from "../core/sql/dialects";
import { DEFAULT_SQL_CHOICE, isDialect, validTableName } from "./score-sql";

/**
 * What the pane remembers in the workbook's document settings. Settings come back from a file anyone
 * may have edited (or an older Segment wrote), so every field is checked and falls back to its default.
 */
export const SETTINGS_KEY = "segment.wizard";
/** What Segment wrote, so that "Remove results" can take it out (core RemovalPlan). */
export const RESULTS_KEY = "segment.results";

export interface PaneSettings {
  readonly source: DataSourceKind;
  readonly table: string | null;
  /** Chosen features by name; null until the user has chosen (then the defaults apply). */
  readonly features: readonly string[] | null;
  readonly logTransform: readonly string[];
  readonly scaling: Scaling;
  readonly missing: MissingPolicy;
  readonly k: number | null;
  readonly algorithm: AlgorithmId;
  /** The Gaussian mixture's covariance and k (null until chosen: the BIC's recommendation then). */
  readonly covariance: string;
  readonly mixtureK: number | null;
  /** DBSCAN's min points, and eps (null until the user sets one: the suggested eps then). */
  readonly minPoints: number;
  readonly eps: number | null;
  /** The SQL to score new customers: its dialect and the table it scores. */
  readonly sqlDialect: Dialect;
  readonly sqlTable: string;
}

export const DEFAULT_SETTINGS: PaneSettings = {
  source: "selection",
  table: null,
  features: null,
  logTransform: [],
  scaling: "zscore",
  missing: "drop",
  k: null,
  algorithm: DEFAULT_ALGORITHM,
  covariance: paramDefault("gmm", "covariance") as string,
  mixtureK: null,
  minPoints: paramDefault("dbscan", "min_points") as number,
  eps: null,
  sqlDialect: DEFAULT_SQL_CHOICE.dialect,
  sqlTable: DEFAULT_SQL_CHOICE.table,
};

const SOURCES: readonly DataSourceKind[] = ["selection", "table", "usedRange"];

export function parseSettings(raw: unknown): PaneSettings {
  if (typeof raw !== "object" || raw === null) return DEFAULT_SETTINGS;
  const r = raw as Record<string, unknown>;
  const names = (x: unknown) =>
    Array.isArray(x) && x.every((s) => typeof s === "string") ? (x as string[]) : null;
  const pick = <T>(x: unknown, allowed: readonly T[], fallback: T): T =>
    allowed.includes(x as T) ? (x as T) : fallback;
  return {
    source: pick(r.source, SOURCES, DEFAULT_SETTINGS.source),
    table: typeof r.table === "string" ? r.table : null,
    features: names(r.features),
    logTransform: names(r.logTransform) ?? [],
    scaling: pick(r.scaling, SCALINGS, DEFAULT_SETTINGS.scaling),
    missing: pick(r.missing, MISSING_POLICIES, DEFAULT_SETTINGS.missing),
    k: typeof r.k === "number" && Number.isInteger(r.k) && r.k >= 1 ? r.k : null,
    algorithm: pick(
      r.algorithm,
      PANE_ALGORITHMS.map((a) => a.id),
      DEFAULT_SETTINGS.algorithm,
    ),
    covariance: valid<string>("gmm", "covariance", r.covariance) ?? DEFAULT_SETTINGS.covariance,
    mixtureK: valid<number>("gmm", "k", r.mixtureK) ?? null,
    minPoints: valid<number>("dbscan", "min_points", r.minPoints) ?? DEFAULT_SETTINGS.minPoints,
    eps: valid<number>("dbscan", "eps", r.eps) ?? null,
    sqlDialect: isDialect(r.sqlDialect) ? r.sqlDialect : DEFAULT_SETTINGS.sqlDialect,
    sqlTable: validTableName(r.sqlTable) ?? DEFAULT_SETTINGS.sqlTable,
  };
}

/** A stored parameter when its algorithm's table accepts it, else undefined. */
function valid<T extends number | string>(id: AlgorithmId, name: string, value: unknown): T | undefined {
  if (typeof value !== "number" && typeof value !== "string") return undefined;
  return paramProblem(paramSpec(id, name), value) === null ? (value as T) : undefined;
}

/** The stored record of what was written, or null when there is none or it is not one. */
export function parseRemovalPlan(raw: unknown): RemovalPlan | null {
  if (typeof raw !== "object" || raw === null || !Array.isArray((raw as { ops?: unknown }).ops)) return null;
  const ops = (raw as { ops: unknown[] }).ops.filter(isRemovalOp);
  return ops.length > 0 ? { ops } : null;
}

function isRemovalOp(x: unknown): x is RemovalOp {
  if (typeof x !== "object" || x === null) return false;
  const o = x as Record<string, unknown>;
  const str = (k: string) => typeof o[k] === "string";
  const int = (k: string) => Number.isInteger(o[k]) && (o[k] as number) >= 0;
  switch (o.kind) {
    case "deleteSheet":
      return str("name");
    case "clearCells":
      return str("sheet") && int("row") && int("column") && int("rows") && int("columns");
    case "deleteChart":
      return str("sheet") && str("name");
    case "deleteTableColumn":
      return str("table") && str("name");
    default:
      return false;
  }
}
