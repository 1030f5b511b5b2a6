/*
 * The formulas of any algorithm behind the core's seam (core/algorithms): arguments checked against
 * its parameter table, the data prepared as every SEGMENT function prepares it, one fit, and the label
 * column spilled as KMEANS spills it, with 0 for noise.
 */
import type { Clusterer, Clustering, ParamValue } from "../core/algorithms/clusterer";
import type { Prepared } from "../core/pipeline";
import { labelColumnValues } from "../core/plan";
import { parseData, parseParam, parseScaling } from "./args";
import { EXCEL_LIMITS, FormulaLimits } from "./limits";
import { Cell, toSpill } from "./output";
import { prepareFormulaData } from "./prepare";

export interface ClusterFit {
  readonly prepared: Prepared;
  readonly clustering: Clustering;
  /** One label per table row: 1..k, NOISE, or 0 where the row was left out before clustering. */
  readonly labelsByRow: Int32Array;
}

/**
 * One fit of `clusterer` from raw arguments: `raw` holds the algorithm's arguments by parameter name.
 * `check` may refuse the work before it starts, once the matrix is known.
 */
export function clusterFromArguments<P extends Record<string, ParamValue>>(
  clusterer: Clusterer<P>,
  data: unknown,
  raw: Readonly<Record<string, unknown>>,
  scaling: unknown,
  transform: unknown,
  check?: (prepared: Prepared, params: P) => void,
  limits: FormulaLimits = EXCEL_LIMITS,
): ClusterFit {
  const params = Object.fromEntries(
    clusterer.params.map((spec) => [spec.name, parseParam(spec, raw[spec.name])]),
  ) as P;
  const prepared = prepareFormulaData(parseData(data, "data", limits), parseScaling(scaling), transform);
  check?.(prepared, params);
  const clustering = clusterer.fit(prepared.fitted.matrix, params);
  const { rows } = prepared.fitted;
  const labelsByRow = new Int32Array(prepared.table.rowCount);
  for (let i = 0; i < clustering.labels.length; i++) labelsByRow[rows ? rows[i] : i] = clustering.labels[i];
  return { prepared, clustering, labelsByRow };
}

/** The label column of a fit: a label per data row, 0 for noise, "" for a row left out. */
export function labelSpill(fit: ClusterFit, limits: FormulaLimits = EXCEL_LIMITS): Cell[][] {
  return toSpill(labelColumnValues(fit.labelsByRow, fit.prepared.table.hasHeader), limits);
}
