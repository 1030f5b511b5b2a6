import type { GmmModel } from "./algorithms/gmm";
import { COVARIANCE_TYPES, CovarianceType, covarianceLength } from "./algorithms/gmm";
import { CellValue, cellToNumber, cellToText, isEmptyCell } from "./cells";
import { SegmentError } from "./errors";
import { MODEL_HEADER, MODEL_TITLE, ParsedModel, modelTable, parseModelTable } from "./model";
import type { Preprocessor } from "./preprocess";

/**
 * A Gaussian mixture as a model table: the k-means table's rows (features, scaling, encodings, the
 * means in the data's own units, sizes), marked version 3 with an Algorithm row under the title, and
 * below Size the mixing weights and the covariances in model (scaled) space, one row per entry:
 *
 *   Segment model | version 3
 *   Algorithm     | gmm | covariance full: …
 *   …the k-means table's rows, means in place of centroids…
 *   Size          |          |          | … | 70   | …
 *   Weight        |          |          | … | 0.35 | …
 *   Covariance    | Income   | Income   | … | 0.41 | …   (full and tied: each pair i <= j; diag: i = i;
 *   Covariance    | Income   | Spend    | … | 0.02 | …    spherical: one row, "every feature")
 *
 * A k-means model stays version 2, cell for cell as before; reading a version 3 table with no
 * Algorithm row would be a damaged table.
 */
export const MIXTURE_VERSION = 3;
const ALGORITHM_LABEL = "Algorithm";
const WEIGHT_LABEL = "Weight";
const COVARIANCE_LABEL = "Covariance";
const EVERY_FEATURE = "every feature";

export interface ParsedAnyModel extends ParsedModel {
  /** The mixture's weights, means (the centroids, model space) and covariances; null for k-means. */
  readonly mixture: GmmModel | null;
}

export function mixtureTable(
  preprocessor: Preprocessor,
  model: GmmModel,
  sizes: readonly number[],
): CellValue[][] {
  const { k, covariance } = model;
  const d = preprocessor.outputs.length;
  const table = modelTable(preprocessor, model.means, sizes);
  const width = table[0].length;
  const row = (...cells: CellValue[]): CellValue[] => [
    ...cells,
    ...new Array<CellValue>(width - cells.length).fill(""),
  ];
  const pad = new Array<CellValue>(MODEL_HEADER.length - 3).fill("");
  table[0] = row(MODEL_TITLE, `version ${MIXTURE_VERSION}`);
  table.splice(
    1,
    0,
    row(
      ALGORITHM_LABEL,
      "gmm",
      `covariance ${covariance}: each segment is a Gaussian; the highest probability decides the segment`,
    ),
  );
  const names = preprocessor.outputs.map((o) => o.name);
  table.push(row(WEIGHT_LABEL, "", "", ...pad, ...Array.from(model.weights)));
  for (const [i, j] of entries(covariance, d)) {
    const values = Array.from(
      { length: k },
      (_, c) => model.covariances[covarianceIndex(covariance, c, i, j, d)],
    );
    table.push(
      row(
        COVARIANCE_LABEL,
        covariance === "spherical" ? EVERY_FEATURE : names[i],
        covariance === "spherical" ? "" : names[j],
        ...pad,
        ...values,
      ),
    );
  }
  return table;
}

/** Reads a k-means or a mixture model table, or throws a SegmentError saying what is wrong. */
export function parseAnyModel(values: readonly (readonly CellValue[])[]): ParsedAnyModel {
  const text = (r: number, c: number): string => {
    const cell = values[r]?.[c];
    return isEmptyCell(cell) ? "" : cellToText(cell);
  };
  if (text(1, 0).toLowerCase() !== ALGORITHM_LABEL.toLowerCase())
    return { ...parseModelTable(values), mixture: null };
  if (text(0, 1).replace(/\s+/g, " ").toLowerCase() !== `version ${MIXTURE_VERSION}`)
    throw damaged(`a table with an Algorithm row is version ${MIXTURE_VERSION}`);
  if (text(1, 1).toLowerCase() !== "gmm")
    throw damaged(`the algorithm is "${text(1, 1)}"; this add-in reads "gmm"`);
  const match = /^covariance (\w+)/i.exec(text(1, 2));
  const covariance = COVARIANCE_TYPES.find((t) => t === match?.[1]?.toLowerCase());
  if (!covariance) throw damaged(`row 2 should say "covariance" and one of ${COVARIANCE_TYPES.join(", ")}`);

  const sizeRow = values.findIndex((r, i) => i > 2 && text(i, 0).toLowerCase() === "size");
  if (sizeRow < 0) throw damaged('it has no "Size" row');
  // The k-means part: without the Algorithm row, up to Size, as version 2 reads it.
  const kmeansPart = [values[0].map((v, c) => (c === 1 ? "version 2" : v)), ...values.slice(2, sizeRow + 1)];
  const parsed = parseModelTable(kmeansPart);
  const { k } = parsed;
  const d = parsed.preprocessor.outputs.length;
  const at = (r: number, c: number): number => cellToNumber(values[r]?.[MODEL_HEADER.length + c]);

  const weightRow = sizeRow + 1;
  if (text(weightRow, 0).toLowerCase() !== WEIGHT_LABEL.toLowerCase())
    throw damaged(`the row after Size should be "${WEIGHT_LABEL}"`);
  const weights = Float64Array.from({ length: k }, (_, c) => at(weightRow, c));
  if (weights.some((w) => !(w > 0 && w <= 1))) throw damaged("every weight must be above 0 and at most 1");

  const names = parsed.preprocessor.outputs.map((o) => o.name.toLowerCase());
  const covariances = new Float64Array(covarianceLength(covariance, k, d));
  const expected = entries(covariance, d);
  const rows = values.slice(weightRow + 1).filter((r) => r.some((cell) => !isEmptyCell(cell)));
  if (rows.length !== expected.length)
    throw damaged(
      `it has ${rows.length} Covariance rows; covariance ${covariance} with ${d} features needs ${expected.length}`,
    );
  expected.forEach(([i, j], e) => {
    const r = weightRow + 1 + e;
    const label = text(r, 0).toLowerCase();
    const fine =
      label === COVARIANCE_LABEL.toLowerCase() &&
      (covariance === "spherical" ||
        (text(r, 1).toLowerCase() === names[i] && text(r, 2).toLowerCase() === names[j]));
    if (!fine)
      throw damaged(
        `row ${r + 1} should be the covariance of ${covariance === "spherical" ? EVERY_FEATURE : `${names[i]} and ${names[j]}`}`,
      );
    for (let c = 0; c < k; c++) {
      const value = at(r, c);
      if (!Number.isFinite(value)) throw damaged(`row ${r + 1}, segment ${c + 1} is not a number`);
      covariances[covarianceIndex(covariance, c, i, j, d)] = value;
      if (covariance === "full" || covariance === "tied")
        covariances[covarianceIndex(covariance, c, j, i, d)] = value;
    }
  });
  return { ...parsed, mixture: { covariance, k, weights, means: parsed.centroids, covariances } };
}

/** The (i, j) entries a covariance type holds: the upper triangle, the diagonal, or one. */
function entries(type: CovarianceType, d: number): [number, number][] {
  if (type === "spherical") return [[0, 0]];
  if (type === "diag") return Array.from({ length: d }, (_, i): [number, number] => [i, i]);
  const out: [number, number][] = [];
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++) out.push([i, j]);
  return out;
}

/** Where segment c's (i, j) entry sits in the type's layout (gmm-covariance.ts). */
function covarianceIndex(type: CovarianceType, c: number, i: number, j: number, d: number): number {
  switch (type) {
    case "full":
      return c * d * d + i * d + j;
    case "tied":
      return i * d + j;
    case "diag":
      return c * d + i;
    case "spherical":
      return c;
  }
}

function damaged(what: string): SegmentError {
  return new SegmentError(
    "value",
    `This Segment model is damaged: ${what}. Make it again with SEGMENT.MODEL.`,
  );
}
