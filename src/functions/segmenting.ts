/*
 * KMEANS, CENTROIDS, MODEL and ASSIGN. The first three share one fit (same arguments, same labels);
 * ASSIGN applies a MODEL table to rows without refitting.
 */
import { CellValue } from "../core/cells";
import { assignToNearest } from "../core/kmeans";
import {
  COVARIANCE_TYPES,
  CovarianceType,
  GmmResult,
  gmmClusterer,
  gmmPosteriors,
} from "../core/algorithms/gmm";
import { SegmentError } from "../core/errors";
import { modelTable } from "../core/model";
import { mixtureTable, parseAnyModel } from "../core/model-mixture";
import { Segmentation, segmentPrepared, spreadToRows } from "../core/pipeline";
import { LABEL_HEADER, labelColumnValues } from "../core/plan";
import { transformTable } from "../core/preprocess";
import { readTable } from "../core/table";
import { isOmitted, parseData, parseK, parseRestarts, parseScaling, parseSeed } from "./args";
import { clusterFromArguments } from "./clustering";
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

/**
 * MODEL's algorithm argument: "kmeans" (the default) or "gmm", optionally with the mixture's
 * covariance ("gmm diag"). One argument, last, so every existing MODEL formula keeps its meaning, and
 * it reads as the choice it is.
 */
export function parseModelAlgorithm(
  raw: unknown,
): { readonly algorithm: "kmeans" } | { readonly algorithm: "gmm"; readonly covariance: CovarianceType } {
  if (isOmitted(raw)) return { algorithm: "kmeans" };
  const words =
    typeof raw === "string"
      ? raw
          .trim()
          .toLowerCase()
          .split(/[\s:,;-]+/)
      : [];
  if (words.length === 1 && (words[0] === "kmeans" || words[0] === "k")) return { algorithm: "kmeans" };
  const covariance = words.length === 1 ? "full" : COVARIANCE_TYPES.find((t) => t === words[1]);
  if (words[0] === "gmm" && words.length <= 2 && covariance) return { algorithm: "gmm", covariance };
  throw new SegmentError(
    "value",
    `algorithm must be "kmeans" or "gmm", with the mixture's covariance if not full ("gmm diag", "gmm spherical", "gmm tied") (got ${JSON.stringify(raw)}).`,
  );
}

export function modelOf(args: FitArguments, algorithm?: unknown): CellValue[][] {
  const choice = parseModelAlgorithm(algorithm);
  if (choice.algorithm === "kmeans") {
    const s = fitFromArguments(args);
    return modelTable(s.fitted.preprocessor, s.fit.centroids, s.fit.sizes);
  }
  const [data, k, scaling, seed, restarts, transform] = args;
  const fit = clusterFromArguments(
    gmmClusterer,
    data,
    { k, covariance: choice.covariance, seed, restarts },
    scaling,
    transform,
  );
  return mixtureTable(fit.prepared.fitted.preprocessor, fit.clustering as GmmResult, fit.clustering.sizes);
}

/**
 * Labels of new rows against a model table. Columns are matched by name when new_data has a header,
 * by position otherwise (the core's transformTable); the model decides imputation and dropping. A
 * row whose two-category feature holds a third value gets no segment, and the header says why.
 * `limits` are Excel's except in the benchmark and the tests that score a million rows.
 */
export function assignLabels(
  newData: unknown,
  model: unknown,
  limits: FormulaLimits = EXCEL_LIMITS,
): CellValue[][] {
  const parsed = parseAnyModel(parseData(model, "model", limits));
  const table = readTable(parseData(newData, "new_data", limits));
  const transformed = transformTable(parsed.preprocessor, table);
  // A mixture assigns each row to its most probable segment; k-means to the nearest centroid.
  const labels = parsed.mixture
    ? gmmPosteriors(parsed.mixture, transformed.matrix, { responsibilities: false }).labels
    : assignToNearest(transformed.matrix, parsed.centroids, parsed.k);
  const spill = labelColumnValues(spreadToRows(labels, transformed.rows, table.rowCount), table.hasHeader);
  const unseen = transformed.unseen;
  if (unseen && table.hasHeader) {
    const rows = unseen.rows === 1 ? "1 row" : `${unseen.rows} rows`;
    const why =
      unseen.reason === "log"
        ? `${unseen.column} ${unseen.value} is -1 or less, where the model's log(1 + x) is not defined`
        : `${unseen.column} "${unseen.value}" is not in the model`;
    spill[0] = [`${LABEL_HEADER} (none for ${rows}: ${why})`];
  }
  return spill;
}
