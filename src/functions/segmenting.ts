/*
 * KMEANS, CENTROIDS, MODEL and ASSIGN. The first three share one fit (same arguments, same labels);
 * ASSIGN applies a MODEL table to rows without refitting.
 */
import { CellValue } from "../core/cells";
import { assignToNearest } from "../core/kmeans";
import { modelTable, parseModelTable } from "../core/model";
import { Segmentation, segmentPrepared, spreadToRows } from "../core/pipeline";
import { LABEL_HEADER, labelColumnValues } from "../core/plan";
import { transformTable } from "../core/preprocess";
import { readTable } from "../core/table";
import { parseData, parseK, parseRestarts, parseScaling, parseSeed } from "./args";
import { EXCEL_LIMITS, FormulaLimits, checkFitWork } from "./limits";
import { Cell, toSpill } from "./output";
import { prepareFormulaData } from "./prepare";

/** The raw Excel arguments of KMEANS, CENTROIDS and MODEL, in their public order. */
export type FitArguments = readonly [
  data: unknown,
  k: unknown,
  scaling: unknown,
  seed: unknown,
  restarts: unknown,
  transform?: unknown,
];

/**
 * One fit from raw arguments; every function that takes (data, k, scaling, seed, restarts) uses it.
 * `limits` are Excel's except in the benchmark.
 */
export function fitFromArguments(
  [data, k, scaling, seed, restarts, transform]: FitArguments,
  limits: FormulaLimits = EXCEL_LIMITS,
): Segmentation {
  const options = {
    k: parseK(k),
    scaling: parseScaling(scaling),
    seed: parseSeed(seed),
    restarts: parseRestarts(restarts),
  };
  const prepared = prepareFormulaData(parseData(data, "data", limits), options.scaling, transform);
  checkFitWork(prepared.fitted.matrix, options.k, options.restarts, limits);
  return segmentPrepared(prepared, options);
}

/**
 * SEGMENT.KMEANS's spill, from its raw arguments: one label per data row, "" for a row left out,
 * under a "Segment" header when data has one.
 */
export function kmeansSpill(args: FitArguments, limits: FormulaLimits = EXCEL_LIMITS): Cell[][] {
  const s = fitFromArguments(args, limits);
  return toSpill(labelColumnValues(s.labelsByRow, s.table.hasHeader), limits);
}

/** Segment | Size | each model feature's centroid in original units (a category's share). */
export function centroidsTable(args: FitArguments): CellValue[][] {
  const s = fitFromArguments(args);
  const outputs = s.fitted.preprocessor.outputs;
  const d = outputs.length;
  return [
    ["Segment", "Size", ...outputs.map((o) => o.name)],
    ...s.fit.sizes.map((size, c) => [c + 1, size, ...Array.from(s.centroids.subarray(c * d, c * d + d))]),
  ];
}

export function modelOf(args: FitArguments): CellValue[][] {
  const s = fitFromArguments(args);
  return modelTable(s.fitted.preprocessor, s.fit.centroids, s.fit.sizes);
}

/**
 * Labels of new rows against a model table. Columns are matched by name when new_data has a header,
 * by position otherwise (the core's transformTable); the model decides imputation and dropping. A
 * row whose two-category feature holds a third value gets no segment, and the header says why.
 */
export function assignLabels(newData: unknown, model: unknown): CellValue[][] {
  const parsed = parseModelTable(parseData(model, "model"));
  const table = readTable(parseData(newData, "new_data"));
  const transformed = transformTable(parsed.preprocessor, table);
  const labels = assignToNearest(transformed.matrix, parsed.centroids, parsed.k);
  const spill = labelColumnValues(spreadToRows(labels, transformed.rows, table.rowCount), table.hasHeader);
  const unseen = transformed.unseen;
  if (unseen && table.hasHeader) {
    const rows = unseen.rows === 1 ? "1 row" : `${unseen.rows} rows`;
    spill[0] = [`${LABEL_HEADER} (none for ${rows}: ${unseen.column} "${unseen.value}" is not in the model)`];
  }
  return spill;
}
