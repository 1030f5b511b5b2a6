/*
 * SILHOUETTE, METRICS and PROFILE: judging and describing a labelling that is already in the sheet,
 * usually the spill of SEGMENT.KMEANS. The data is prepared as KMEANS prepares it (same scaling, same
 * rows), so the scores are those of the space the segments were found in.
 */
import { CellValue } from "../core/cells";
import { NOISE } from "../core/algorithms/clusterer";
import { SegmentError } from "../core/errors";
import { Matrix } from "../core/matrix";
import { calinskiHarabasz, daviesBouldin, inertia, silhouetteScore, takeRows } from "../core/metrics";
import { dataNotes } from "../core/notes";
import { Prepared } from "../core/pipeline";
import { profileTable } from "../core/plan";
import { profileSegments } from "../core/profile";
import { separationReport } from "../core/separation";
import { parseData, parseScaling } from "./args";
import { parseLabels } from "./labels";
import { prepareFormulaData } from "./prepare";

interface Labelled {
  readonly prepared: Prepared;
  /** One label per table row, 0 where unlabelled. */
  readonly labelsByRow: Int32Array;
  /** Model-space rows that are both usable and labelled, and their labels. */
  readonly matrix: Matrix;
  readonly labels: Int32Array;
}

function labelled(data: unknown, labelsArg: unknown, scaling: unknown, transform: unknown): Labelled {
  const values = parseData(data);
  const prepared = prepareFormulaData(values, parseScaling(scaling), transform);
  const labelsByRow = parseLabels(labelsArg, prepared.table, values.length);
  const { matrix, rows } = prepared.fitted;
  const keep: number[] = [];
  // rows null: matrix row i is table row i.
  const rowOf = (i: number): number => (rows ? rows[i] : i);
  for (let i = 0; i < matrix.n; i++) if (labelsByRow[rowOf(i)] > 0) keep.push(i);
  if (keep.length < 2) {
    const rowsHave = keep.length === 1 ? "row has" : "rows have";
    throw new SegmentError(
      "value",
      `Only ${keep.length} ${rowsHave} both a label and every value: at least two are needed.`,
    );
  }
  return {
    prepared,
    labelsByRow,
    matrix: takeRows(matrix, keep),
    labels: Int32Array.from(keep, (i) => labelsByRow[rowOf(i)]),
  };
}

export function silhouetteOf(data: unknown, labels: unknown, scaling: unknown, transform?: unknown): number {
  const l = labelled(data, labels, scaling, transform);
  const mean = silhouetteScore(l.matrix, l.labels).mean;
  // A single cell cannot be left empty like a spill's: a score that is not a number is an error.
  if (!Number.isFinite(mean))
    throw new SegmentError("value", "The silhouette is not defined for these rows.");
  return mean;
}

export function metricsTable(
  data: unknown,
  labels: unknown,
  scaling: unknown,
  transform?: unknown,
): CellValue[][] {
  const l = labelled(data, labels, scaling, transform);
  const silhouette = silhouetteScore(l.matrix, l.labels);
  const noise = l.labelsByRow.reduce((n, label) => n + (label === NOISE ? 1 : 0), 0);
  return [
    ["Metric", "Value"],
    ["Inertia", inertia(l.matrix, l.labels)],
    [
      silhouette.exact ? "Silhouette" : `Silhouette (estimate from ${silhouette.sampleSize} rows)`,
      silhouette.mean,
    ],
    ["Calinski-Harabasz", calinskiHarabasz(l.matrix, l.labels)],
    ["Davies-Bouldin", daviesBouldin(l.matrix, l.labels)],
    // The scores are of the segments' rows: noise is in no segment, so it is left out of them.
    ...(noise > 0 ? [["Noise rows (0), left out of the scores", noise]] : []),
  ];
}

/**
 * The core's profile table: a row per segment (with its generated name), a row for all of them, then
 * what drives the segments (each feature's R² in the space KMEANS saw, so scaling and transform are
 * those the segments were made with) and notes: warnings about the separation, then what was done
 * to the data on its own (logs, rows left out).
 */
export function profileTableOf(
  data: unknown,
  labels: unknown,
  scaling?: unknown,
  transform?: unknown,
): CellValue[][] {
  const values = parseData(data);
  const prepared = prepareFormulaData(values, parseScaling(scaling), transform);
  const labelsByRow = parseLabels(labels, prepared.table, values.length);
  const k = labelsByRow.reduce((max, l) => Math.max(max, l), 0);
  // Noise is profiled as a group of its own but drives no segment: separation sees segments only.
  const { preprocessor, matrix, rows } = prepared.fitted;
  const features = preprocessor.inputs.map((input) => input.name);
  // One label per matrix row (0 for a usable row left unlabelled): rows null means matrix row i is table row i.
  const matrixLabels = Int32Array.from(rows ?? labelsByRow.keys(), (r) => Math.max(0, labelsByRow[r]));
  const separation = separationReport(preprocessor, matrix, matrixLabels, k);
  const notes = [...separation.warnings, ...dataNotes(prepared.table, prepared.fitted)];
  const report = profileSegments(prepared.table, features, labelsByRow, k);
  return profileTable(report, { ...separation, warnings: notes }).values;
}
