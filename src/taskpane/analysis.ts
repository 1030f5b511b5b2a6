import { CLUSTERERS } from "../core/algorithms";
import { Clustering, ParamValue, resolveParams } from "../core/algorithms/clusterer";
import type { GmmResult } from "../core/algorithms/gmm";
import { fitProgress } from "../core/algorithms/kmeans";
import type { CellValue } from "../core/cells";
import { recommendK, sweep } from "../core/choosek";
import { SegmentError } from "../core/errors";
import { CancelledError } from "../core/kmeans";
import { Labels, narrowLabels } from "../core/labels";
import { describeFeatures } from "../core/features";
import { modelTable } from "../core/model";
import { mixtureTable } from "../core/model-mixture";
import type { Matrix } from "../core/matrix";
import { tableNotes } from "../core/notes";
import { compactLabels, inertia, silhouetteSamples, stratifiedSample, takeRows } from "../core/metrics";
import { fitPca, projectRows } from "../core/pca";
import { PrepareOptions, Prepared, prepare, spreadToRows } from "../core/pipeline";
import type { Preprocessor } from "../core/preprocess";
import { profileSegments } from "../core/profile";
import { STABILITY_RUNS, clusterStability, stabilityVerdict } from "../core/stability";
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
  StabilityOutcome,
  StabilityRequest,
  SweepOutcome,
  SweepRequest,
} from "./protocol";
import { SHOWN_SEGMENTS } from "./charts/palette";
import { ANALYSIS } from "./limits";

/**
 * The heavy work behind the wizard, as plain functions: the worker runs them, tests call them directly.
 * `shouldStop` is polled at each progress report of a fit so that a same-thread caller can cancel too.
 */
export type OnProgress = (progress: Progress) => void;

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

/** The last data prepared, by the values they came from: exploring and running reuse them. */
const preparedCache = new WeakMap<CellValue[][], { key: string; prepared: Prepared }>();

/**
 * The core's prepare(), reporting each step: on a full sheet reading and scaling take a while each.
 * The k step asks again and again of the same data and options (each eps tried, each covariance), so
 * the last preparation of each set of values is kept and reused.
 */
export function prepareFor(
  values: CellValue[][],
  options: AnalysisOptions,
  onProgress: OnProgress,
): Prepared {
  const prepareOptions: PrepareOptions = {
    header: options.hasHeader,
    numberFormats: options.numberFormats,
    features: options.features,
    logTransform: options.logTransform,
    scaling: options.scaling,
    missing: options.missing,
  };
  const key = JSON.stringify(prepareOptions);
  const cached = preparedCache.get(values);
  if (cached && cached.key === key) return cached.prepared;
  const prepared = prepare(values, prepareOptions, (step, done) =>
    onProgress(
      step === "reading"
        ? { fraction: 0, message: "Reading the table…" }
        : { fraction: 0.02 + 0.02 * done, message: "Scaling the features…" },
    ),
  );
  preparedCache.set(values, { key, prepared });
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

/**
 * One fit of the chosen algorithm on every usable row, then what the results step shows: profiles,
 * what drives the segments, a 2-D scatter and silhouettes. Noise (DBSCAN) is profiled as its own
 * group, plotted in grey, and left out of the silhouettes and the separation, as in the formulas.
 */
export function analyseRun(
  values: CellValue[][],
  request: RunRequest,
  onProgress: OnProgress,
  shouldStop: () => boolean = () => false,
): RunOutcome {
  const prepared = prepareFor(values, request, onProgress);
  const clusterer = CLUSTERERS[request.algorithm];
  const params = resolveParams(clusterer.params, request.params);
  const matrix = prepared.fitted.matrix;
  if (typeof params.k === "number" && params.k > matrix.n) {
    throw new SegmentError("value", `k = ${params.k} is more than the ${matrix.n} usable rows.`);
  }
  onProgress({ fraction: 0.04, message: `Starting ${clusterer.label}…` });
  const clustering = clusterer.fit(matrix, params, (fraction, message) => {
    if (shouldStop()) throw new CancelledError();
    onProgress({ fraction: 0.05 + 0.75 * (fraction ?? 0), message });
  });
  if (clustering.k === 0) throw new SegmentError("value", noSegments(params));
  const labels = clustering.labels;
  const { k, noise } = clustering;
  const labelsByRow = placeLabels(clustering, prepared);
  onProgress({ fraction: 0.8, message: "Describing the segments…" });
  const report = profileSegments(
    prepared.table,
    prepared.fitted.preprocessor.inputs.map((i) => i.name),
    labelsByRow,
    k,
    // min: 0.8 + 0.05 is a hair above 0.85 in floating point, and the bar must not step back.
    (done) =>
      onProgress({ fraction: Math.min(0.85, 0.8 + 0.05 * done), message: "Describing the segments…" }),
  );
  // A few passes over the matrix, quick next to the fit: no progress step of its own. Noise rows
  // are in no segment, and the separation skips any label outside 1..k.
  const { separation, warnings } = separationReport(prepared.fitted.preprocessor, matrix, labels, k);

  onProgress({ fraction: 0.85, message: "Projecting the segments on two axes…" });
  const scatter = scatterOf(matrix, labels);
  onProgress({ fraction: 0.9, message: "Computing silhouettes…" });
  const placed = noise > 0 ? segmentRows(matrix, labels) : { matrix, labels };
  const silhouette = k >= 2 && placed.matrix.n > k ? silhouetteOf(placed.matrix, placed.labels) : null;
  onProgress({ fraction: 1, message: "Done." });

  return {
    algorithm: request.algorithm,
    params,
    k,
    labelsByRow,
    sizes: clustering.sizes,
    noise,
    unlabelled: prepared.table.rowCount - matrix.n,
    report,
    inertia: inertia(placed.matrix, placed.labels),
    iterations: clustering.iterations,
    converged: clustering.converged,
    confidence: confidenceOf(clustering.probabilities),
    scatter,
    silhouette,
    separation,
    warnings,
    model: modelOfRun(prepared.fitted.preprocessor, clustering),
  };
}

/**
 * The run's model table, cell for cell as SEGMENT.MODEL spills it for the same fit: centroids for
 * k-means, the mixture's means, weights and covariances for a Gaussian mixture. DBSCAN keeps no
 * centres, so it has none.
 */
function modelOfRun(preprocessor: Preprocessor, clustering: Clustering): CellValue[][] | null {
  if (clustering.algorithm === "gmm") {
    return mixtureTable(preprocessor, clustering as GmmResult, clustering.sizes);
  }
  if (clustering.algorithm === "kmeans" && clustering.centroids) {
    return modelTable(preprocessor, clustering.centroids, clustering.sizes);
  }
  return null;
}

/**
 * How stable the run's k-means segments are: the same fit the run made (same seed and restarts, so
 * the same labels), then STABILITY_RUNS' default of bootstrap resamples, as SEGMENT.STABILITY scores
 * them.
 */
export function analyseStability(
  values: CellValue[][],
  request: StabilityRequest,
  onProgress: OnProgress,
): StabilityOutcome {
  const { matrix } = prepareFor(values, request, onProgress).fitted;
  onProgress({ fraction: 0, message: "Fitting the segments to judge…" });
  const fit = CLUSTERERS.kmeans.fit(matrix, resolveParams(CLUSTERERS.kmeans.params, { k: request.k }));
  const runs = STABILITY_RUNS.default as number;
  const scores = clusterStability(matrix, fit.labels, {
    k: request.k,
    runs,
    seed: ANALYSIS.seed,
    restarts: ANALYSIS.restarts,
    onRun: (done, total) =>
      onProgress({ fraction: done / total, message: `Resample ${done} of ${total}: fitting k-means again…` }),
  });
  return {
    runs,
    segments: scores.map((s) => ({ stability: s.stability, verdict: stabilityVerdict(s.stability) })),
  };
}

/** Why a DBSCAN found no segment, and what to do about it. */
function noSegments(params: Record<string, ParamValue>): string {
  return `With eps = ${params.eps} and min points = ${params.min_points}, no row has enough neighbours: every row is noise. Use a larger eps or fewer min points.`;
}

/**
 * Labels per table row (0 where a row was left out before clustering): one byte each when every
 * label fits, as k-means' always did, four when there is noise or more than 255 segments.
 */
function placeLabels(clustering: Clustering, { table, fitted }: Prepared): Labels {
  const narrow = clustering.noise === 0 && narrowLabels(clustering.k);
  const labels = narrow ? Uint8Array.from(clustering.labels) : clustering.labels;
  return spreadToRows(labels, fitted.rows, table.rowCount);
}

/** The rows in a segment (not noise), and their labels. */
function segmentRows(matrix: Matrix, labels: Int32Array): { matrix: Matrix; labels: Int32Array } {
  const keep: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 1) keep.push(i);
  return { matrix: takeRows(matrix, keep), labels: Int32Array.from(keep, (i) => labels[i]) };
}

function confidenceOf(probabilities: Float64Array | null): RunOutcome["confidence"] {
  if (!probabilities || probabilities.length === 0) return null;
  let sum = 0;
  let uncertain = 0;
  for (const p of probabilities) {
    sum += p;
    if (p < ANALYSIS.uncertainBelow) uncertain++;
  }
  return { mean: sum / probabilities.length, uncertain };
}

/**
 * A sample of at most about `limit` rows, stratified by segment so that small segments show. The
 * segments past SHOWN_SEGMENTS are one stratum, as the charts show them: each of DBSCAN's hundreds
 * of tiny segments would otherwise bring two rows of its own, and the silhouettes cost the square of
 * the sample.
 */
function sampleRows(labels: Labels, limit: number): Int32Array | null {
  if (labels.length <= limit) return null;
  const strata = Int32Array.from(labels, (l) => (l > SHOWN_SEGMENTS ? SHOWN_SEGMENTS + 1 : l));
  return stratifiedSample(compactLabels(strata), limit, ANALYSIS.seed);
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
