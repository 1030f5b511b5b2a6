/**
 * A k-means model fitted again on refreshed data, its segments keeping their numbers.
 *
 * The preprocessing is fitted again on the new data as the model says to: the same columns, the same
 * scaling kind and missing-value policy, log(1 + x) on exactly the columns the model logs; centres,
 * scales, imputed values and categories come from the new data, as SEGMENT.MODEL on that data would
 * have them. The old centroids, read in the data's own units (a category's share of the segment; 0
 * for a category the model never saw), go into the new model space and Lloyd's iterations start from
 * them: one start, no k-means++. New segments are then matched to old ones by the distance between
 * their centroids (Hungarian assignment, least total squared distance), so "Segment 2" stays the same
 * kind of customer even where k-means' own size order would change. With k above the model's, the
 * extra starts are drawn by k-means++ against the old centroids, and the segments no old one matches
 * get the numbers after the model's, largest first.
 */
import { SegmentError } from "./errors";
import { hungarian } from "./hungarian";
import { kmeans } from "./kmeans";
import { Matrix, squaredDistance } from "./matrix";
import { ParsedModel } from "./model";
import {
  FittedPreprocessing,
  MAX_MAGNITUDE,
  Preprocessor,
  centroidsInUnits,
  fitPreprocessor,
} from "./preprocess";
import { createRng } from "./random";
import { Column, Table, columnByName } from "./table";

export interface RefitOptions {
  /** Segments of the new fit: the model's k (the default) or more. */
  readonly k?: number;
  /** Seed of the k-means++ draws for segments beyond the model's k (none otherwise). */
  readonly seed: number;
  /** Most categories a text feature may have (the formulas' rule, as fitPreprocessor's option). */
  readonly maxCategories?: number;
}

export interface Refit {
  readonly fitted: FittedPreprocessing;
  /** k rows of the new model space, row c - 1 for segment c in the old numbering. */
  readonly centroids: Float64Array;
  readonly sizes: readonly number[];
  /** One label per matrix row, 1..k in the old numbering. */
  readonly labels: Int32Array;
  /** The model's k: segments numbered above it are new. */
  readonly oldK: number;
  /** The old centroids in the data's units per new feature (oldK rows), and in the new model space. */
  readonly oldUnits: Float64Array;
  readonly oldCentroids: Float64Array;
  /** The new centroids in the data's units (k rows). */
  readonly units: Float64Array;
}

export function refit(table: Table, model: ParsedModel, options: RefitOptions): Refit {
  const oldK = model.k;
  const k = options.k ?? oldK;
  if (k < oldK) {
    throw new SegmentError(
      "value",
      `k must be at least the model's ${oldK}: a refit keeps every segment's number. To merge segments, make a new model with SEGMENT.MODEL.`,
    );
  }
  const columns = modelColumns(model.preprocessor, table);
  const fittedHere = fitPreprocessor(table, {
    scaling: model.preprocessor.scaling,
    missing: model.preprocessor.missing,
    features: columns.map((c) => c.name),
    logTransform: columns.filter((_, j) => model.preprocessor.inputs[j].log).map((c) => c.name),
    maxCategories: options.maxCategories,
  });
  const fitted = table.hasHeader ? fittedHere : withModelNames(fittedHere, model.preprocessor);
  const { matrix, preprocessor } = fitted;
  if (k > matrix.n) throw new SegmentError("value", `k = ${k} is more than the ${matrix.n} usable rows.`);
  const oldUnits = oldCentroidsInUnits(model, preprocessor);
  const oldCentroids = toModelSpace(oldUnits, preprocessor);
  checkCentroids(oldUnits, oldCentroids, oldK, preprocessor);
  const starts = withExtraStarts(matrix, oldCentroids, oldK, k, options.seed);
  const fit = kmeans(matrix, { k, initialCentroids: starts });

  // Old segment `o` takes the new segment matched to it; the rest follow, in k-means' size order.
  const d = matrix.d;
  const cost = Array.from({ length: k }, (_, c) =>
    Array.from({ length: oldK }, (_, o) => squaredDistance(fit.centroids, c, oldCentroids, o, d)),
  );
  const matched = hungarian(cost);
  const number = new Int32Array(k);
  let next = oldK;
  for (let c = 0; c < k; c++) number[c] = matched[c] >= 0 ? matched[c] + 1 : ++next;
  const centroids = new Float64Array(k * d);
  const sizes = new Array<number>(k);
  for (let c = 0; c < k; c++) {
    centroids.set(fit.centroids.subarray(c * d, c * d + d), (number[c] - 1) * d);
    sizes[number[c] - 1] = fit.sizes[c];
  }
  const labels = Int32Array.from(fit.labels, (label) => number[label - 1]);
  return {
    fitted,
    centroids,
    sizes,
    labels,
    oldK,
    oldUnits,
    oldCentroids,
    units: centroidsInUnits(preprocessor, centroids, k),
  };
}

/**
 * The data's columns for the model's inputs: by name under a header, else by position (as ASSIGN
 * matches them), each of the kind the model needs.
 */
function modelColumns(preprocessor: Preprocessor, table: Table): Column[] {
  const inputs = preprocessor.inputs;
  if (!table.hasHeader && table.columns.length !== inputs.length) {
    throw new SegmentError(
      "na",
      `The model needs ${inputs.length} columns (${inputs.map((i) => i.name).join(", ")}); the data has ${table.columns.length}.`,
    );
  }
  return inputs.map((input, j) => {
    const column = table.hasHeader ? columnByName(table, input.name) : table.columns[j];
    if (!column)
      throw new SegmentError("na", `The data has no column "${input.name}", which the model needs.`);
    const numeric = column.holdsNumbers;
    if (column.kind !== "empty" && numeric !== (input.kind === "numeric")) {
      throw new SegmentError(
        "value",
        `${column.name} must be ${input.kind === "numeric" ? "numeric" : "text"} for this model, as it was when the model was made.`,
      );
    }
    return column;
  });
}

/** Data without a header has columns "Column 1", ...: the refitted model keeps the model's names. */
function withModelNames(fitted: FittedPreprocessing, model: Preprocessor): FittedPreprocessing {
  const p = fitted.preprocessor;
  const inputs = p.inputs.map((input, j) => ({ ...input, name: model.inputs[j].name }));
  const outputs = p.outputs.map((output) => {
    const name = inputs[output.input].name;
    return { ...output, name: output.category === null ? name : `${name}=${output.category}` };
  });
  return { ...fitted, preprocessor: { ...p, inputs, outputs } };
}

/**
 * The model's centroids in the data's units for each feature of the new preprocessing: a number as
 * it is, a category as its share of the segment (0 for one the model never saw; a binary input's
 * second category 1 minus the first's share). Inputs are in the model's order in both.
 */
function oldCentroidsInUnits(model: ParsedModel, preprocessor: Preprocessor): Float64Array {
  const old = model.preprocessor;
  const oldD = old.outputs.length;
  const units = centroidsInUnits(old, model.centroids, model.k);
  const d = preprocessor.outputs.length;
  const out = new Float64Array(model.k * d);
  for (let c = 0; c < model.k; c++) {
    const value = (input: number, category: string | null): number => {
      const shares = new Map<string | null, number>();
      old.outputs.forEach((output, j) => {
        if (output.input !== input) return;
        const x = units[c * oldD + j];
        shares.set(output.category, x);
        const other = old.inputs[input].binary ? old.inputs[input].categories[1] : null;
        if (other !== null) shares.set(other, 1 - x);
      });
      return shares.get(category) ?? 0;
    };
    preprocessor.outputs.forEach((output, j) => (out[c * d + j] = value(output.input, output.category)));
  }
  return out;
}

/** Centroids in the data's units into a preprocessor's model space: log if it logs, then scaled. */
function toModelSpace(units: Float64Array, preprocessor: Preprocessor): Float64Array {
  const d = preprocessor.outputs.length;
  return units.map((x, at) => {
    const output = preprocessor.outputs[at % d];
    const raw = preprocessor.inputs[output.input].log ? Math.log1p(x) : x;
    return (raw - output.center) / output.scale;
  });
}

/**
 * The old centroids, then k - oldK more starts, each a row drawn with probability in proportion to
 * its squared distance to the nearest start so far (k-means++ with one candidate).
 */
function withExtraStarts(
  matrix: Matrix,
  old: Float64Array,
  oldK: number,
  k: number,
  seed: number,
): Float64Array {
  const { data, n, d } = matrix;
  const starts = new Float64Array(k * d);
  starts.set(old);
  if (k === oldK) return starts;
  const rng = createRng(seed);
  const nearest = new Float64Array(n).fill(Infinity);
  for (let c = 0; c < k; c++) {
    if (c >= oldK) {
      let total = 0;
      for (let i = 0; i < n; i++) total += nearest[i];
      let target = rng.next() * total;
      let row = n - 1;
      for (let i = 0; i < n; i++) {
        target -= nearest[i];
        if (target < 0) {
          row = i;
          break;
        }
      }
      starts.set(data.subarray(row * d, row * d + d), c * d);
    }
    for (let i = 0; i < n; i++) nearest[i] = Math.min(nearest[i], squaredDistance(data, i, starts, c, d));
  }
  return starts;
}

/**
 * The model's centroids must be numbers a fit can start from: one beyond MAX_MAGNITUDE (as a data value
 * may not be) would make every distance to it overflow. A damaged model, said so, naming the cell.
 */
function checkCentroids(
  units: Float64Array,
  modelSpace: Float64Array,
  k: number,
  preprocessor: Preprocessor,
): void {
  const d = modelSpace.length / k;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      const value = modelSpace[c * d + j];
      if (Number.isFinite(value) && Math.abs(value) <= MAX_MAGNITUDE) continue;
      const feature = preprocessor.outputs[j]?.name ?? `feature ${j + 1}`;
      const shown = units[c * d + j] ?? value;
      throw new SegmentError(
        "value",
        `This Segment model is damaged: segment ${c + 1}'s centroid for ${feature} is ${shown}, too large to start a fit from.`,
      );
    }
  }
}
