import { CellValue } from "./cells";
import { SegmentError } from "./errors";
import { KMeansOptions, KMeansResult, kmeans } from "./kmeans";
import { FittedPreprocessing, PreprocessOptions, centroidsInUnits, fitPreprocessor } from "./preprocess";
import { ProfileReport, profileSegments } from "./profile";
import { ReadTableOptions, Table, readTable } from "./table";

/**
 * The path every front door shares: range values -> Table -> fitted Preprocessor -> matrix -> k-means
 * -> labels per row. Formulas and the wizard differ only in what they do with the result.
 */
export interface PrepareOptions extends PreprocessOptions, ReadTableOptions {}

export interface SegmentOptions extends PrepareOptions, Omit<KMeansOptions, "k" | "initialCentroids"> {
  readonly k: number;
}

export interface Prepared {
  readonly table: Table;
  readonly fitted: FittedPreprocessing;
}

export interface Segmentation extends Prepared {
  readonly fit: KMeansResult;
  /** One label per data row: 1..k, or 0 where the row was left out (a missing value under "drop"). */
  readonly labelsByRow: Int32Array;
  /** Centroids in the data's own units, k rows of the model's output features. */
  readonly centroids: Float64Array;
}

/** Where prepare() is: reading the range into a table, then scaling the features (with its fraction done). */
export type PrepareStep = "reading" | "scaling";

export function prepare(
  values: readonly (readonly CellValue[])[],
  options: PrepareOptions = {},
  onProgress?: (step: PrepareStep, fraction: number) => void,
): Prepared {
  onProgress?.("reading", 0);
  const table = readTable(values, options);
  if (table.rowCount === 0) throw new SegmentError("num", "The range has no data rows.");
  onProgress?.("scaling", 0);
  const fitted = fitPreprocessor(table, options, onProgress && ((done) => onProgress("scaling", done)));
  if (fitted.matrix.n < 2) {
    throw new SegmentError(
      "num",
      `Segmenting needs at least two usable rows; this range has ${fitted.matrix.n}.`,
    );
  }
  return { table, fitted };
}

export function segment(values: readonly (readonly CellValue[])[], options: SegmentOptions): Segmentation {
  const prepared = prepare(values, options);
  return segmentPrepared(prepared, options);
}

export function segmentPrepared(
  prepared: Prepared,
  options: Omit<KMeansOptions, "initialCentroids">,
): Segmentation {
  const { table, fitted } = prepared;
  const { k } = options;
  if (!Number.isInteger(k) || k < 1)
    throw new SegmentError("num", `k must be a whole number of at least 1 (got ${k}).`);
  if (k > fitted.matrix.n)
    throw new SegmentError("num", `k = ${k} is more than the ${fitted.matrix.n} usable rows.`);
  const fit = kmeans(fitted.matrix, options);
  return {
    table,
    fitted,
    fit,
    labelsByRow: spreadToRows(fit.labels, fitted.rows, table.rowCount),
    centroids: centroidsInUnits(fitted.preprocessor, fit.centroids, k),
  };
}

/**
 * Labels of matrix rows placed at their table rows (`rows`, as a Transformed's: null for every row,
 * in order), 0 elsewhere. When every row was used the labels are already in place: an Int32Array of
 * them is returned as it is, not copied; other labels (a number[], say) are copied into one.
 */
export function spreadToRows(
  labels: ArrayLike<number>,
  rows: Int32Array | null,
  rowCount: number,
): Int32Array {
  if (rows === null) {
    if (labels instanceof Int32Array && labels.length === rowCount) return labels;
    const out = new Int32Array(rowCount);
    for (let i = 0; i < rowCount; i++) out[i] = labels[i];
    return out;
  }
  // rows is increasing, so as many rows as the table has means every row, in order.
  if (rows.length === rowCount && labels instanceof Int32Array) return labels;
  const out = new Int32Array(rowCount);
  for (let i = 0; i < rows.length; i++) out[rows[i]] = labels[i];
  return out;
}

export function profileOf(
  segmentation: Segmentation,
  onProgress?: (fraction: number) => void,
): ProfileReport {
  return profileSegments(
    segmentation.table,
    segmentation.fitted.preprocessor.inputs.map((i) => i.name),
    segmentation.labelsByRow,
    segmentation.fit.k,
    onProgress,
  );
}
