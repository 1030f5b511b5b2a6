/*
 * REFIT: a MODEL table fitted again on refreshed data, its segments keeping their numbers
 * (core/refit.ts), as a new MODEL table or as a table of how far each centroid moved.
 */
import type { ParamSpec } from "../core/algorithms/clusterer";
import { CellValue } from "../core/cells";
import { FEATURE_THRESHOLDS } from "../core/features";
import { SegmentError } from "../core/errors";
import { DEFAULTS } from "../core/defaults";
import { squaredDistance } from "../core/matrix";
import { modelTable } from "../core/model";
import { parseAnyModel } from "../core/model-mixture";
import { Refit, refit } from "../core/refit";
import { readTable } from "../core/table";
import { parseData, parseParam, parseWholeNumber } from "./args";
import { EXCEL_LIMITS, FormulaLimits, checkWork } from "./limits";
import { Cell, toSpill } from "./output";

/** Which of REFIT's two tables to spill: a MODEL table cannot hold anything below its Size row. */
export const REFIT_OUTPUT: ParamSpec = {
  name: "output",
  type: "choice",
  choices: ["model", "moved"],
  default: "model",
  help: '"model": the new MODEL table; "moved": how far each centroid moved',
};

/** SEGMENT.REFIT's spill: the refitted MODEL table, or the table of centroid movements. */
export function refitSpill(
  data: unknown,
  model: unknown,
  output: unknown,
  k: unknown,
  limits: FormulaLimits = EXCEL_LIMITS,
): Cell[][] {
  const which = parseParam(REFIT_OUTPUT, output);
  const parsed = parseAnyModel(parseData(model, "model", limits));
  if (parsed.mixture) {
    throw new SegmentError(
      "value",
      "REFIT supports k-means models only yet: for a Gaussian mixture, make a new model with SEGMENT.MODEL on the new data.",
    );
  }
  const segments = parseWholeNumber(k, "k", { min: 1, fallback: parsed.k });
  const table = readTable(parseData(data, "data", limits));
  if (table.rowCount === 0) throw new SegmentError("value", "The range has no data rows.");
  // One start's Lloyd iterations: the work of a fit with one restart, in the model's features.
  checkWork(
    table.rowCount * parsed.preprocessor.outputs.length * segments,
    `Refitting k = ${segments} segments on ${table.rowCount} rows`,
    limits,
  );
  const fit = refit(table, parsed, {
    k: segments,
    seed: DEFAULTS.seed,
    maxCategories: FEATURE_THRESHOLDS.manyCategories,
  });
  if (which === "moved") return toSpill(movedTable(fit, parsed.sizes), limits);
  return toSpill(modelTable(fit.fitted.preprocessor, fit.centroids, fit.sizes), limits);
}

/**
 * Segment | Size before | Size now | Distance moved (in the new model's scaled units) | each feature's
 * change in the data's units (a category: its share's). A segment beyond the model's k had no size
 * before and no centroid to move from.
 */
function movedTable(fit: Refit, sizesBefore: readonly number[]): CellValue[][] {
  const outputs = fit.fitted.preprocessor.outputs;
  const d = outputs.length;
  return [
    [
      "Segment",
      "Size before",
      "Size now",
      "Distance moved (scaled)",
      ...outputs.map((o) => `${o.name} change`),
    ],
    ...fit.sizes.map((size, c): CellValue[] => {
      if (c >= fit.oldK) return [c + 1, 0, size, "", ...new Array<CellValue>(d).fill("")];
      return [
        c + 1,
        sizesBefore[c],
        size,
        Math.sqrt(squaredDistance(fit.centroids, c, fit.oldCentroids, c, d)),
        ...outputs.map((_, j) => fit.units[c * d + j] - fit.oldUnits[c * d + j]),
      ];
    }),
  ];
}
