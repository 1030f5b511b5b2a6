import { CellValue, cellToNumber, cellToText, isEmptyCell } from "./cells";
import { SegmentError } from "./errors";
import {
  InputFeature,
  MISSING_POLICIES,
  MissingPolicy,
  OutputFeature,
  Preprocessor,
  SCALINGS,
} from "./preprocess";

/**
 * A fitted segmentation as a table a person can read in a sheet, and that a formula can read back:
 * the features, how each is scaled, encoded and imputed, and the centroids in the data's own units.
 * Everything assignment needs is in the cells, so a model can be kept, copied to another workbook,
 * reviewed, and applied to new customers without refitting.
 *
 *   Segment model     | version 2 |
 *   Scaling           | zscore    | (note)
 *   Missing values    | drop      | (note)
 *   Feature | Column | Category | Transform | Impute | Center | Scale | Segment 1 | … | Segment k
 *   Age     | Age    |          | none      |        | 38.85  | 13.96 | 27.1      | … |
 *   Spend   | Spend  |          | log(1+x)  |        | 5.12   | 1.31  | 640.2     | … |
 *   Gender=Male | Gender | Male | binary (0 = Female) | | 0.44 | 0.50  | 0.39      | … |
 *   Region=North | Region | North | one-hot |       | 0.31   | 0.79  | 0.52      | … |
 *   Size    |        |          |           |        |        |       | 70        | … |
 *
 * Centroids are written in original units (a category's centroid is its share of the segment) and
 * converted back to model space on reading, with the same Center and Scale, so a read model assigns
 * rows as the fit did.
 */

export const MODEL_TITLE = "Segment model";
/**
 * Version 2 added binary inputs (a two-category column as one 0/1 row). A version 1 table has none,
 * and reads and assigns exactly as it did.
 */
export const MODEL_VERSION = 2;
const READABLE_VERSIONS: readonly number[] = [1, 2];

export const MODEL_HEADER = [
  "Feature",
  "Column",
  "Category",
  "Transform",
  "Impute",
  "Center",
  "Scale",
] as const;

/**
 * Transform cells: how a numeric input enters the model, or that a category is one-hot encoded. A
 * binary input's cell also names its other category, the one coded 0: "binary (0 = Male)".
 */
export const TRANSFORMS = { none: "none", log: "log(1+x)", oneHot: "one-hot", binary: "binary" } as const;

function binaryTransform(zero: string): string {
  return `${TRANSFORMS.binary} (0 = ${zero})`;
}

const BINARY_TRANSFORM = /^binary \(0 = (.*)\)$/is;

const SCALING_LABEL = "Scaling";
const MISSING_LABEL = "Missing values";
const SIZE_LABEL = "Size";

export interface ParsedModel {
  readonly preprocessor: Preprocessor;
  /** k rows of the preprocessor's output features, in model (scaled) space, row c - 1 for segment c. */
  readonly centroids: Float64Array;
  readonly k: number;
  readonly sizes: readonly number[];
}

/** The model table for a fitted preprocessor and its canonical centroids (model space, k rows). */
export function modelTable(
  preprocessor: Preprocessor,
  centroids: Float64Array,
  sizes: readonly number[],
): CellValue[][] {
  const k = sizes.length;
  const d = preprocessor.outputs.length;
  if (k < 1 || centroids.length !== k * d) {
    throw new SegmentError("value", `A model needs k >= 1 centroids of ${d} values.`);
  }
  const width = MODEL_HEADER.length + k;
  const row = (...cells: CellValue[]): CellValue[] => [
    ...cells,
    ...new Array<CellValue>(width - cells.length).fill(""),
  ];
  const scalingNote =
    preprocessor.scaling === "none"
      ? "values are used as they are; the nearest centroid decides the segment"
      : "model value = (value - Center) / Scale; the nearest centroid decides the segment";
  const missingNote =
    preprocessor.missing === "drop"
      ? "a row with a missing value gets no segment"
      : "a missing value is replaced by the Impute value";

  const rows: CellValue[][] = [
    row(MODEL_TITLE, `version ${MODEL_VERSION}`),
    row(SCALING_LABEL, preprocessor.scaling, scalingNote),
    row(MISSING_LABEL, preprocessor.missing, missingNote),
    row(...MODEL_HEADER, ...sizes.map((_, c) => `Segment ${c + 1}`)),
  ];
  preprocessor.outputs.forEach((output, j) => {
    const input = preprocessor.inputs[output.input];
    const transform =
      input.kind === "numeric"
        ? input.log
          ? TRANSFORMS.log
          : TRANSFORMS.none
        : input.binary
          ? binaryTransform(input.categories[1])
          : TRANSFORMS.oneHot;
    const units = sizes.map((_, c) => toUnits(centroids[c * d + j], output, input));
    rows.push(
      row(
        output.name,
        input.name,
        output.category ?? "",
        transform,
        input.impute ?? "",
        output.center,
        output.scale,
        ...units,
      ),
    );
  });
  rows.push(row(SIZE_LABEL, "", "", "", "", "", "", ...sizes));
  return rows;
}

function toUnits(scaled: number, output: OutputFeature, input: InputFeature): number {
  const raw = scaled * output.scale + output.center;
  return input.log ? Math.expm1(raw) : raw;
}

function toModelSpace(value: number, output: OutputFeature, input: InputFeature): number {
  const raw = input.log ? Math.log1p(value) : value;
  return (raw - output.center) / output.scale;
}

/** Reads a model table back, or throws a SegmentError saying what is wrong with it. */
export function parseModelTable(values: readonly (readonly CellValue[])[]): ParsedModel {
  const rows = trimEmpty(values);
  const cell = (r: number, c: number): CellValue => rows[r]?.[c];
  const text = (r: number, c: number): string => (isEmptyCell(cell(r, c)) ? "" : cellToText(cell(r, c)));

  if (rows.length === 0 || text(0, 0).toLowerCase() !== MODEL_TITLE.toLowerCase()) {
    throw new SegmentError(
      "value",
      `This is not a Segment model: its first cell should read "${MODEL_TITLE}". Make one with SEGMENT.MODEL and pass the whole table.`,
    );
  }
  const version = cellToNumber(text(0, 1).replace(/^version\s*/i, ""));
  if (!READABLE_VERSIONS.includes(version)) {
    throw damaged(
      Number.isFinite(version) && version > MODEL_VERSION
        ? `it is version ${version}, newer than this add-in reads (version ${MODEL_VERSION}); update Segment`
        : `the version cell (row 1, column 2) should read "version ${MODEL_VERSION}"`,
    );
  }
  const scaling = readSetting(text, 1, SCALING_LABEL, SCALINGS);
  const missing = readSetting(text, 2, MISSING_LABEL, MISSING_POLICIES);

  const headerRow = 3;
  MODEL_HEADER.forEach((name, c) => {
    if (text(headerRow, c).toLowerCase() !== name.toLowerCase()) {
      throw damaged(`row ${headerRow + 1}, column ${c + 1} should read "${name}"`);
    }
  });
  let k = 0;
  while (text(headerRow, MODEL_HEADER.length + k).toLowerCase() === `segment ${k + 1}`) k++;
  if (k === 0) throw damaged(`row ${headerRow + 1} has no "Segment 1" column after "Scale"`);

  const sizeRow = rows.findIndex((r, i) => i > headerRow && text(i, 0).toLowerCase() === "size");
  if (sizeRow < 0) throw damaged(`it has no "${SIZE_LABEL}" row after the feature rows`);
  if (sizeRow === headerRow + 1) throw damaged("it has no feature rows");
  if (sizeRow !== rows.length - 1) throw damaged(`there is more below the "${SIZE_LABEL}" row`);

  const features = readFeatureRows(rows, headerRow + 1, sizeRow, k, missing, version);
  const sizes = Array.from({ length: k }, (_, c) => {
    const size = cellToNumber(cell(sizeRow, MODEL_HEADER.length + c));
    if (!Number.isInteger(size) || size < 0) {
      throw damaged(`the size of segment ${c + 1} (row ${sizeRow + 1}) is not a whole number`);
    }
    return size;
  });

  const preprocessor: Preprocessor = { scaling, missing, inputs: features.inputs, outputs: features.outputs };
  const d = features.outputs.length;
  const centroids = new Float64Array(k * d);
  features.outputs.forEach((output, j) => {
    const input = features.inputs[output.input];
    for (let c = 0; c < k; c++) {
      const value = features.units[j][c];
      if (input.log && !(value > -1)) {
        throw damaged(`the centroid of ${output.name} in segment ${c + 1} must be above -1 (log transform)`);
      }
      centroids[c * d + j] = toModelSpace(value, output, input);
    }
  });
  return { preprocessor, centroids, k, sizes };
}

function damaged(what: string): SegmentError {
  return new SegmentError(
    "value",
    `This Segment model is damaged: ${what}. Make it again with SEGMENT.MODEL.`,
  );
}

function readSetting<T extends string>(
  text: (r: number, c: number) => string,
  row: number,
  label: string,
  allowed: readonly T[],
): T {
  if (text(row, 0).toLowerCase() !== label.toLowerCase()) {
    throw damaged(`row ${row + 1} should start with "${label}"`);
  }
  const value = text(row, 1);
  const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!found) throw damaged(`${label} is "${value}"; it must be one of ${allowed.join(", ")}`);
  return found;
}

interface FeatureRows {
  readonly inputs: InputFeature[];
  readonly outputs: OutputFeature[];
  /** Centroid values in original units: units[j][c] for output j, segment c. */
  readonly units: number[][];
}

interface FeatureRow {
  readonly where: string;
  readonly feature: string;
  readonly column: string;
  readonly category: string;
  readonly transform: string;
  /** A binary row's category coded 0; null for other rows. */
  readonly zero: string | null;
  readonly impute: CellValue;
  readonly center: number;
  readonly scale: number;
  readonly centroid: number[];
}

/**
 * Feature rows become inputs: a numeric input is one row; a categorical input is a run of consecutive
 * "one-hot" rows of the same Column, one per category, in the order the model encodes them.
 */
function readFeatureRows(
  rows: readonly (readonly CellValue[])[],
  first: number,
  end: number,
  k: number,
  missing: MissingPolicy,
  version: number,
): FeatureRows {
  const inputs: InputFeature[] = [];
  const outputs: OutputFeature[] = [];
  const units: number[][] = [];
  const seen = new Set<string>();
  let r = first;
  while (r < end) {
    const head = readFeatureRow(rows[r], r, k);
    const key = head.column.toLowerCase();
    if (seen.has(key))
      throw damaged(`column "${head.column}" appears again in ${head.where}, apart from its other rows`);
    seen.add(key);
    const inputIndex = inputs.length;
    const binary = head.zero !== null;
    if (head.transform === TRANSFORMS.oneHot || binary) {
      if (binary && version < 2)
        throw damaged(`${head.where} is binary, which a version 1 model cannot hold`);
      // A one-hot column's run of rows, one per category; a binary column's one row.
      const run: FeatureRow[] = [head];
      while (!binary && r + run.length < end) {
        const next = readFeatureRow(rows[r + run.length], r + run.length, k);
        if (next.transform !== TRANSFORMS.oneHot || next.column.toLowerCase() !== key) break;
        run.push(next);
      }
      const categories: string[] = [];
      for (const row of run) {
        if (row.category === "") throw damaged(`${row.where} is ${row.transform} but has no Category`);
        if (categories.includes(row.category)) throw damaged(`category "${row.category}" appears twice`);
        categories.push(row.category);
        outputs.push({
          name: row.feature || `${row.column}=${row.category}`,
          input: inputIndex,
          category: row.category,
          center: row.center,
          scale: row.scale,
        });
        units.push(row.centroid);
      }
      if (head.zero !== null) {
        if (head.zero === head.category) throw damaged(`${head.where} codes "${head.category}" both 1 and 0`);
        categories.push(head.zero);
      }
      const impute = readImpute(head.impute, missing, "categorical", head.where);
      if (impute !== null && !categories.includes(`${impute}`)) {
        throw damaged(`the Impute value of ${head.column} is not one of its categories`);
      }
      inputs.push({ name: head.column, kind: "categorical", log: false, impute, categories, binary });
      r += run.length;
    } else {
      if (head.category !== "") throw damaged(`${head.where} is numeric but has a Category`);
      inputs.push({
        name: head.column,
        kind: "numeric",
        log: head.transform === TRANSFORMS.log,
        impute: readImpute(head.impute, missing, "numeric", head.where),
        categories: [],
        binary: false,
      });
      outputs.push({
        name: head.feature || head.column,
        input: inputIndex,
        category: null,
        center: head.center,
        scale: head.scale,
      });
      units.push(head.centroid);
      r++;
    }
  }
  return { inputs, outputs, units };
}

function readFeatureRow(row: readonly CellValue[], r: number, k: number): FeatureRow {
  const where = `row ${r + 1}`;
  const label = (c: number) => (isEmptyCell(row[c]) ? "" : cellToText(row[c]));
  const number = (c: number, what: string): number => {
    const x = cellToNumber(row[c]);
    if (!Number.isFinite(x)) throw damaged(`${what} in ${where} is not a number`);
    return x;
  };
  const column = label(1);
  if (column === "") throw damaged(`${where} has no Column name`);
  const binary = BINARY_TRANSFORM.exec(label(3));
  const transform = binary ? TRANSFORMS.binary : label(3).toLowerCase();
  const known: readonly string[] = [TRANSFORMS.none, TRANSFORMS.log, TRANSFORMS.oneHot];
  if (!binary && !known.includes(transform)) {
    throw damaged(
      `Transform in ${where} is "${label(3)}"; it must be ${known.join(", ")} or ${binaryTransform("a category")}`,
    );
  }
  const scale = number(6, "Scale");
  if (scale === 0) throw damaged(`Scale in ${where} is 0`);
  return {
    where,
    feature: label(0),
    column,
    category: label(2),
    transform,
    zero: binary ? binary[1] : null,
    impute: row[4],
    center: number(5, "Center"),
    scale,
    centroid: Array.from({ length: k }, (_, c) => number(MODEL_HEADER.length + c, `Segment ${c + 1}`)),
  };
}

function readImpute(
  value: CellValue,
  missing: MissingPolicy,
  kind: InputFeature["kind"],
  where: string,
): number | string | null {
  const empty = isEmptyCell(value);
  if (missing === "drop") {
    if (!empty) throw damaged(`${where} has an Impute value, but missing values are dropped`);
    return null;
  }
  if (empty) throw damaged(`${where} has no Impute value, but missing values are imputed (${missing})`);
  if (kind === "categorical") return cellToText(value);
  const x = cellToNumber(value);
  if (!Number.isFinite(x)) throw damaged(`Impute in ${where} is not a number`);
  return x;
}

/** Drops trailing empty rows and columns, so a model pasted into a larger selection still reads. */
function trimEmpty(values: readonly (readonly CellValue[])[]): CellValue[][] {
  let height = values.length;
  const rowEmpty = (row: readonly CellValue[] | undefined) => !row || row.every((v) => isEmptyCell(v));
  while (height > 0 && rowEmpty(values[height - 1])) height--;
  let width = 0;
  for (let r = 0; r < height; r++) {
    const row = values[r] ?? [];
    for (let c = row.length - 1; c >= width; c--) {
      if (!isEmptyCell(row[c])) {
        width = c + 1;
        break;
      }
    }
  }
  return values.slice(0, height).map((row) => Array.from({ length: width }, (_, c) => (row ?? [])[c]));
}

/** Whether a range looks like a model table (its first cell), for callers that accept either. */
export function isModelTable(values: readonly (readonly CellValue[])[]): boolean {
  const first = values[0]?.[0];
  return !isEmptyCell(first) && cellToText(first).toLowerCase() === MODEL_TITLE.toLowerCase();
}
