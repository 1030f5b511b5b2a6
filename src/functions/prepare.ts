/*
 * The data of every SEGMENT function that fits or scores, prepared as the core prepares it, with the
 * rules a formula adds: a text column with more categories than a feature can sensibly carry is
 * refused (the pane shows the same column unchecked with a warning instead).
 */
import { CellValue } from "../core/cells";
import { FEATURE_THRESHOLDS } from "../core/features";
import { Prepared, prepare } from "../core/pipeline";
import { Scaling } from "../core/preprocess";
import { parseTransform } from "./args";

export function prepareFormulaData(
  values: readonly (readonly CellValue[])[],
  scaling: Scaling,
  transform: unknown,
): Prepared {
  return prepare(values, {
    scaling,
    logTransform: parseTransform(transform),
    maxCategories: FEATURE_THRESHOLDS.manyCategories,
  });
}
