/*
 * The segmentation behind the command: the data prepared as the SEGMENT functions prepare it
 * (prepareFormulaData), k given or chosen (choose-k.ts), one fit with the formula's seed and restarts,
 * then what the task pane shows of a run: the profile, what separates the segments, and the scores.
 */
import type { CellValue } from "../core/cells";
import { SweepPoint } from "../core/choosek";
import { calinskiHarabasz, daviesBouldin, silhouetteScore } from "../core/metrics";
import { dataNotes } from "../core/notes";
import { Segmentation, profileOf, segmentPrepared } from "../core/pipeline";
import type { Scaling } from "../core/preprocess";
import type { ProfileReport } from "../core/profile";
import { SeparationReport, separationReport } from "../core/separation";
import { SWEEP_SILHOUETTE_LIMIT } from "../functions/limits";
import { prepareFormulaData } from "../functions/prepare";
import { chooseK } from "./choose-k";
import { collectGarbage } from "./memory";
import { Progress, SILENT, fitFraction } from "./progress";

/** Rows above which the profile's copies are collected feature by feature (memory.ts says why). */
export const COLLECT_ABOVE_ROWS = 100_000;

export interface AnalyseOptions {
  readonly k: number | "auto";
  readonly scaling: Scaling;
  readonly seed: number;
  readonly restarts: number;
  /** Raw, as SEGMENT.KMEANS's transform argument. */
  readonly transform: string | undefined;
}

export interface Metrics {
  /** In the scaled space the segments were found in, as SEGMENT.METRICS reports it. */
  readonly inertia: number;
  /** Null for a single segment, where it is not defined. */
  readonly silhouette: number | null;
  /** Exact up to the core's limit (20,000 rows), above it estimated from a stratified sample of 5,000. */
  readonly silhouetteExact: boolean;
  readonly calinskiHarabasz: number | null;
  readonly daviesBouldin: number | null;
}

export interface Analysis {
  readonly segmentation: Segmentation;
  readonly k: number;
  /** Why this k: the recommendation's reason, or that it was given. */
  readonly reason: string;
  /** What drives the segments (warnings) and what was done to the data on its own (dataNotes). */
  readonly notes: readonly string[];
  readonly sweep: { readonly points: SweepPoint[]; readonly sweptRows: number } | null;
  readonly report: ProfileReport;
  readonly separation: SeparationReport;
  readonly metrics: Metrics;
}

export function analyse(
  values: readonly (readonly CellValue[])[],
  options: AnalyseOptions,
  progress: Progress = SILENT,
): Analysis {
  progress.stage("scaling");
  const prepared = prepareFormulaData(values, options.scaling, options.transform);
  const choice = options.k === "auto" ? chooseK(prepared, options.seed, progress) : null;
  const k = choice ? choice.recommendation.k : (options.k as number);
  progress.stage("k-means");
  const segmentation = segmentPrepared(prepared, {
    k,
    seed: options.seed,
    restarts: options.restarts,
    onIteration: (p) => {
      const fit = fitFraction(p);
      progress.update(fit.fraction, fit.detail);
    },
  });
  progress.stage("profiling");
  const large = segmentation.table.rowCount > COLLECT_ABOVE_ROWS;
  const report = profileOf(segmentation, (fraction) => {
    if (large) collectGarbage();
    progress.update(fraction);
  });
  const { matrix, preprocessor } = prepared.fitted;
  const labels = segmentation.fit.labels;
  const separation = separationReport(preprocessor, matrix, labels, k);
  progress.stage("scoring");
  const scored = k >= 2 && matrix.n > k;
  // Exact up to the core's limit, as SEGMENT.SILHOUETTE; beyond it (never a formula's data) estimated
  // on the sweep's smaller sample, a second sooner on a full sheet.
  const silhouette = scored ? silhouetteScore(matrix, labels, { sampleSize: SWEEP_SILHOUETTE_LIMIT }) : null;
  return {
    segmentation,
    k,
    reason: choice ? choice.recommendation.reason : `k = ${k} was given.`,
    notes: [...separation.warnings, ...dataNotes(prepared.table, prepared.fitted)],
    sweep: choice ? { points: choice.points, sweptRows: choice.sweptRows } : null,
    report,
    separation,
    metrics: {
      inertia: segmentation.fit.inertia,
      silhouette: silhouette ? silhouette.mean : null,
      silhouetteExact: silhouette ? silhouette.exact : true,
      calinskiHarabasz: scored ? calinskiHarabasz(matrix, labels) : null,
      daviesBouldin: scored ? daviesBouldin(matrix, labels) : null,
    },
  };
}
