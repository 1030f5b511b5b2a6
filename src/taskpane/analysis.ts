import type { CellValue } from "../core/cells";
import { recommendK, sweep } from "../core/choosek";
import { SegmentError } from "../core/errors";
import type { KMeansProgress } from "../core/kmeans";
import type { Labels } from "../core/labels";
import { describeFeatures } from "../core/features";
import { tableNotes } from "../core/notes";
import { compactLabels, silhouetteSamples, stratifiedSample, takeRows } from "../core/metrics";
import { fitPca, projectRows } from "../core/pca";
import { PrepareOptions, Prepared, prepare, profileOf, segmentPrepared } from "../core/pipeline";
import { separationReport } from "../core/separation";
import { readTable } from "../core/table";
import type {
  AnalysisOptions,
  DataSummary,
  InspectRequest,
  Progress,
  RunOutcome,
  RunRequest,
  ScatterData,
  SilhouetteData,
  SweepOutcome,
  SweepRequest,
} from "./protocol";
import { ANALYSIS } from "./limits";

/**
 * The heavy work behind the wizard, as plain functions: the worker runs them, tests call them directly.
 * `shouldStop` is polled between k-means iterations so that a same-thread caller can cancel too.
 */
type OnProgress = (progress: Progress) => void;

/**
 * Header detection and per-column warnings. Cheap per cell, but a million rows take seconds, which is
 * why this runs in the worker too rather than in the pane.
 */
export function inspectData(
  values: CellValue[][],
  request: InspectRequest,
  onProgress: OnProgress = () => undefined,
): DataSummary {
  // Said here as well as by the pane: in the worker it follows the last band of the data.
  onProgress({ fraction: 0, message: "Checking the columns…" });
  const table = readTable(values, { header: request.header, numberFormats: request.numberFormats });
  if (table.columns.length === 0) throw new SegmentError("value", "The range is empty.");
  if (table.rowCount === 0) throw new SegmentError("value", "The range has a header but no data rows.");
  onProgress({ fraction: 0, message: `Checking the columns… 0 of ${table.columns.length}` });
  const columns = describeFeatures(table, (done, total) =>
    onProgress({ fraction: done / total, message: `Checking the columns… ${done} of ${total}` }),
  );
  return { hasHeader: table.hasHeader, rowCount: table.rowCount, columns, notes: tableNotes(table, []) };
}

/** The core's prepare(), reporting each step: on a full sheet reading and scaling take a while each. */
function prepareFor(values: CellValue[][], options: AnalysisOptions, onProgress: OnProgress): Prepared {
  const prepareOptions: PrepareOptions = {
    header: options.hasHeader,
    numberFormats: options.numberFormats,
    features: options.features,
    logTransform: options.logTransform,
    scaling: options.scaling,
    missing: options.missing,
  };
  const prepared = prepare(values, prepareOptions, (step, done) =>
    onProgress(
      step === "reading"
        ? { fraction: 0, message: "Reading the table…" }
        : { fraction: 0.02 + 0.02 * done, message: "Scaling the features…" },
    ),
  );
  onProgress({ fraction: 0.04, message: "Starting k-means…" });
  return prepared;
}

export function analyseSweep(
  values: CellValue[][],
  request: SweepRequest,
  onProgress: OnProgress,
): SweepOutcome {
  const { fitted } = prepareFor(values, request, onProgress);
  const n = fitted.matrix.n;
  const kmax = Math.min(request.kmax, n - 1);
  if (kmax < ANALYSIS.kmin) {
    throw new SegmentError(
      "value",
      `Choosing the number of segments needs at least 3 usable rows; there are ${n}.`,
    );
  }
  onProgress({ fraction: 0.05, message: `Trying k = ${ANALYSIS.kmin} to ${kmax}…` });
  const total = kmax - ANALYSIS.kmin + 1;
  // Preparing took the first 5% of the bar.
  const after = (fraction: number) => 0.05 + 0.95 * fraction;
  const points = sweep(fitted.matrix, {
    kmin: ANALYSIS.kmin,
    kmax,
    seed: ANALYSIS.seed,
    restarts: ANALYSIS.restarts,
    silhouetteExactLimit: ANALYSIS.sweepSilhouetteLimit,
    sampleSize: ANALYSIS.sweepSampleRows,
    onIteration: (k, progress) => {
      const fit = fitProgress(progress);
      onProgress({
        fraction: after((k - ANALYSIS.kmin + fit.done) / total),
        message: `Trying k = ${k}: ${fit.words}…`,
      });
    },
    onStep: (k, done, total) =>
      onProgress({
        fraction: done === total ? 1 : after(done / total),
        message: `Tried k = ${k} (${done} of ${total})…`,
      }),
  });
  const sweptRows = Math.min(n, ANALYSIS.sweepSampleRows);
  return { points, recommendation: recommendK(points), usableRows: n, sweptRows };
}

export function analyseRun(
  values: CellValue[][],
  request: RunRequest,
  onProgress: OnProgress,
  shouldStop: () => boolean = () => false,
): RunOutcome {
  const prepared = prepareFor(values, request, onProgress);
  const segmentation = segmentPrepared(prepared, {
    k: request.k,
    seed: ANALYSIS.seed,
    restarts: ANALYSIS.restarts,
    onIteration: (progress) => {
      const fit = fitProgress(progress);
      onProgress({ fraction: 0.05 + 0.75 * fit.done, message: `k-means: ${fit.words}` });
      return !shouldStop();
    },
  });
  onProgress({ fraction: 0.8, message: "Describing the segments…" });
  const report = profileOf(segmentation, (done) =>
    // min: 0.8 + 0.05 is a hair above 0.85 in floating point, and the bar must not step back.
    onProgress({ fraction: Math.min(0.85, 0.8 + 0.05 * done), message: "Describing the segments…" }),
  );
  const matrix = prepared.fitted.matrix;
  const labels = segmentation.fit.labels;
  // A few passes over the matrix, quick next to k-means: no progress step of its own.
  const { separation, warnings } = separationReport(prepared.fitted.preprocessor, matrix, labels, request.k);

  onProgress({ fraction: 0.85, message: "Projecting the segments on two axes…" });
  const scatter = scatterOf(matrix, labels);
  onProgress({ fraction: 0.9, message: "Computing silhouettes…" });
  const silhouette = request.k >= 2 && matrix.n > request.k ? silhouetteOf(matrix, labels) : null;
  onProgress({ fraction: 1, message: "Done." });

  return {
    k: request.k,
    labelsByRow: segmentation.labelsByRow,
    sizes: segmentation.fit.sizes,
    unlabelled: segmentation.table.rowCount - matrix.n,
    report,
    inertia: segmentation.fit.inertia,
    iterations: segmentation.fit.iterations,
    converged: segmentation.fit.converged,
    scatter,
    silhouette,
    separation,
    warnings,
  };
}

type Matrix = Prepared["fitted"]["matrix"];

/**
 * How far one fit is (0..1) and where, in words ("start 2 of 4, iteration 3"; iteration 0 is a
 * start's centres just placed by k-means++).
 */
function fitProgress({ restart, restarts, iteration }: KMeansProgress): { done: number; words: string } {
  // Iterations per start are unknown in advance; most runs settle within a few dozen.
  const within = Math.min(0.95, iteration / 40);
  const where = iteration === 0 ? "centres placed" : `iteration ${iteration}`;
  return { done: (restart - 1 + within) / restarts, words: `start ${restart} of ${restarts}, ${where}` };
}

function sampleRows(labels: Labels, limit: number): Int32Array | null {
  return labels.length > limit ? stratifiedSample(compactLabels(labels), limit, ANALYSIS.seed) : null;
}

function scatterOf(matrix: Matrix, labels: Labels): ScatterData {
  const rows = sampleRows(labels, ANALYSIS.scatterLimit);
  const pca = fitPca(matrix, 2);
  const xy = projectRows(pca, matrix, rows ?? undefined);
  const m = rows ? rows.length : matrix.n;
  const x = new Float64Array(m);
  const y = new Float64Array(m);
  const plotted = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    x[i] = xy[2 * i];
    y[i] = xy[2 * i + 1];
    plotted[i] = labels[rows ? rows[i] : i];
  }
  return { x, y, labels: plotted, explained: [pca.explained[0], pca.explained[1]], total: matrix.n };
}

function silhouetteOf(matrix: Matrix, labels: Labels): SilhouetteData {
  const rows = sampleRows(labels, ANALYSIS.silhouetteLimit);
  const sample = rows ? takeRows(matrix, rows) : matrix;
  const sampleLabels = rows ? Int32Array.from(rows, (r) => labels[r]) : labels;
  const values = silhouetteSamples(sample, sampleLabels);
  const order = Array.from(values, (_, i) => i).sort(
    (a, b) => sampleLabels[a] - sampleLabels[b] || values[b] - values[a] || a - b,
  );
  let sum = 0;
  for (const v of values) sum += v;
  return {
    values: Float64Array.from(order, (i) => values[i]),
    labels: Int32Array.from(order, (i) => sampleLabels[i]),
    mean: sum / values.length,
    exact: rows === null,
  };
}
