import { CellValue } from "./cells";
import { SegmentError } from "./errors";
import { KMeansOptions, KMeansResult, kmeans } from "./kmeans";
import { Labels } from "./labels";
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
  /**
   * One label per data row: 1..k, or 0 where the row was left out (a missing value under "drop");
   * one byte each up to 255 segments (labels.ts).
   */
  readonly labelsByRow: Labels;
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
  if (table.rowCount === 0) throw new SegmentError("value", "The range has no data rows.");
  onProgress?.("scaling", 0);
  const fitted = fitPreprocessor(table, options, onProgress && ((done) => onProgress("scaling", done)));
  if (fitted.matrix.n < 2) {
    throw new SegmentError(
      "value",
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
    throw new SegmentError("value", `k must be a whole number of at least 1 (got ${k}).`);
  if (k > fitted.matrix.n)
    throw new SegmentError("value", `k = ${k} is more than the ${fitted.matrix.n} usable rows.`);
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
 * Labels of matrix rows placed at their table rows (`rows`, as a Transformed's: null exactly when
 * every row was used, in order), 0 elsewhere. When every row was used, labels that are already a
 * label array (labels.ts) are in place and are returned as they are, not copied; others (a number[],
 * say) are copied into an Int32Array. Placed labels keep their width.
 */
export function spreadToRows(labels: ArrayLike<number>, rows: Int32Array | null, rowCount: number): Labels {
  const typed = labels instanceof Int32Array || labels instanceof Uint8Array;
  if (typed && rows === null && labels.length === rowCount) return labels;
  const out = labels instanceof Uint8Array ? new Uint8Array(rowCount) : new Int32Array(rowCount);
  if (rows === null) for (let i = 0; i < rowCount; i++) out[i] = labels[i];
  else for (let i = 0; i < rows.length; i++) out[rows[i]] = labels[i];
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
