import type { ClustererId } from "../core/algorithms";
import type { CellValue } from "../core/cells";
import type { ReturnsMode } from "../core/rfm";
import type { TransactionColumns } from "../core/rfm-columns";
import type { ParamValue } from "../core/algorithms/clusterer";
import type { Recommendation, SweepPoint } from "../core/choosek";
import type { SegmentErrorKind } from "../core/errors";
import type { FeatureInfo } from "../core/features";
import type { Labels } from "../core/labels";
import type { MissingPolicy, Scaling } from "../core/preprocess";
import type { ProfileReport } from "../core/profile";
import type { FeatureSeparation } from "../core/separation";
import type { RowChunk } from "./row-chunks";

/**
 * What the pane asks of the analysis (run in a Web Worker) and what comes back: plain data only, so it
 * crosses postMessage unchanged. The data itself is sent once per worker and data, not with every
 * request, in bands of rows ("load-start", then "load-chunk"s, each acknowledged with "loaded") so the
 * pane's thread is never held long.
 */
/** How to read the loaded values: the header rule and the number formats that mark date columns. */
export interface InspectRequest {
  readonly header: "auto" | boolean;
  readonly numberFormats: readonly (string | null)[];
}

/** What the Data and Features steps need to know about the values, found without blocking the pane. */
export interface DataSummary {
  readonly hasHeader: boolean;
  /** Data rows, header excluded. */
  readonly rowCount: number;
  /** One per column: name, kind, warnings, default choice. */
  readonly columns: readonly FeatureInfo[];
  /** Rows of the range left out as not customers (a totals row, repeated headers), in words. */
  readonly notes: readonly string[];
}

export interface AnalysisOptions {
  readonly hasHeader: boolean;
  readonly numberFormats: readonly (string | null)[];
  readonly features: readonly string[];
  readonly logTransform: readonly string[];
  readonly scaling: Scaling;
  readonly missing: MissingPolicy;
}

export interface SweepRequest extends AnalysisOptions {
  readonly kmax: number;
}

export interface SweepOutcome {
  readonly points: SweepPoint[];
  readonly recommendation: Recommendation;
  /** Rows the model used (rows with a missing feature are left out under "drop"). */
  readonly usableRows: number;
  /** Rows the sweep fitted: usableRows, or a uniform sample of them on a large sheet. */
  readonly sweptRows: number;
}

/**
 * Transactions in, one row per customer out (Transactions -> RFM): which columns hold what, the day
 * Recency is counted to (null: the day after the last purchase) and what to do with returns.
 */
export interface RfmRequest {
  readonly columns: TransactionColumns;
  readonly asOf: string | null;
  readonly returns: ReturnsMode;
}

export interface RfmOutcome {
  /** The customer table, as SEGMENT.RFM spills it: a header row, then a row per customer. */
  readonly values: CellValue[][];
  readonly customers: number;
  /** What was left out and the day Recency is counted to, in sentences. */
  readonly notes: readonly string[];
}

/** How stable the k-means segments of `k` are over bootstrap resamples (core/stability.ts). */
export interface StabilityRequest extends AnalysisOptions {
  readonly k: number;
}

export interface StabilityOutcome {
  readonly runs: number;
  /** One per segment, 1..k: the mean Jaccard of its best match, and its verdict. */
  readonly segments: readonly { readonly stability: number; readonly verdict: string }[];
}

/**
 * The run's labels set against an earlier label column of the same data (the Segment column a previous
 * run wrote, the data refreshed in place since): the customers match row by row.
 */
export interface MigrationRequest {
  /** The earlier labels' column in the loaded values, and whether the first row is the header. */
  readonly column: number;
  readonly hasHeader: boolean;
  /** The run's labels, one per data row (RunOutcome.labelsByRow). */
  readonly labels: readonly number[];
}

export interface MigrationOutcome {
  /** Segment numbers, before and after alike; 0 is noise. */
  readonly states: readonly number[];
  /** counts[i][j]: customers in states[i] before and states[j] now. */
  readonly counts: readonly (readonly number[])[];
  /** Per state: customers segmented before and not now (gone), and now and not before (new). */
  readonly gone: readonly number[];
  readonly fresh: readonly number[];
}

/** The clustering algorithms the wizard offers: core/algorithms/index.ts CLUSTERERS, by id. */
export type AlgorithmId = ClustererId;

export interface RunRequest extends AnalysisOptions {
  readonly algorithm: AlgorithmId;
  /** The algorithm's parameters by the names of its parameter table; the table's defaults fill the rest. */
  readonly params: Readonly<Record<string, ParamValue>>;
}

/**
 * What the k step shows for an algorithm other than k-means (whose elbow sweep is SweepRequest):
 * BIC and AIC over k for a Gaussian mixture; for DBSCAN the k-distance curve, and the segment and
 * noise counts an eps and min points would give, before running.
 */
export type ExploreRequest = AnalysisOptions &
  (
    | { readonly kind: "mixture"; readonly kmax: number; readonly covariance: string }
    | { readonly kind: "density"; readonly minPoints: number }
    | { readonly kind: "densityCounts"; readonly eps: number; readonly minPoints: number }
  );

export interface MixtureSweepOutcome {
  readonly kind: "mixture";
  readonly covariance: string;
  readonly points: readonly {
    readonly k: number;
    readonly bic: number;
    readonly aic: number;
    readonly converged: boolean;
  }[];
  readonly recommendation: { readonly k: number; readonly reason: string };
  readonly usableRows: number;
  /** Rows the mixtures were fitted on: usableRows, or a seeded sample of them on a large sheet. */
  readonly sweptRows: number;
}

export interface DensityCurveOutcome {
  readonly kind: "density";
  readonly minPoints: number;
  /** Each row's distance to its minPoints-th nearest row (itself the first), sorted ascending. */
  readonly distances: Float64Array;
  /** The eps at the knee of that curve, and its position in `distances`. */
  readonly suggestedEps: number;
  readonly kneeIndex: number;
  readonly usableRows: number;
}

export interface DensityCountsOutcome {
  readonly kind: "densityCounts";
  readonly eps: number;
  readonly minPoints: number;
  /** Segment sizes, largest first. */
  readonly sizes: readonly number[];
  readonly noise: number;
}

export type ExploreOutcome = MixtureSweepOutcome | DensityCurveOutcome | DensityCountsOutcome;

/** Points of the 2-D scatter: a sample of rows on the first two principal components. */
export interface ScatterData {
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Segment of each point, 1..k, or NOISE. */
  readonly labels: Int32Array;
  /** Share of the variance each axis explains. */
  readonly explained: readonly [number, number];
  /** Rows the model used; the plot shows `x.length` of them. */
  readonly total: number;
}

/** Per-row silhouettes of a stratified sample, sorted by segment, then from highest to lowest. */
export interface SilhouetteData {
  readonly values: Float64Array;
  readonly labels: Int32Array;
  readonly mean: number;
  /** True when computed on every row, false when on a sample. */
  readonly exact: boolean;
}

export interface RunOutcome {
  readonly algorithm: AlgorithmId;
  /** The parameters the fit ran with, defaults filled in. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly k: number;
  /**
   * One label per data row: 1..k, NOISE (in no segment), or 0 where the row was left out; one byte
   * each up to 255 segments when there is no noise.
   */
  readonly labelsByRow: Labels;
  readonly sizes: readonly number[];
  /** Rows the algorithm placed in no segment (DBSCAN's noise). */
  readonly noise: number;
  readonly unlabelled: number;
  readonly report: ProfileReport;
  /** Within-segment sum of squares in model space, over the segments' rows. */
  readonly inertia: number;
  readonly iterations: number;
  readonly converged: boolean;
  /**
   * For a mixture: the mean probability of each row's own segment, and how many rows are below
   * ANALYSIS.uncertainBelow (torn between segments). Null for the other algorithms.
   */
  readonly confidence: { readonly mean: number; readonly uncertain: number } | null;
  readonly scatter: ScatterData;
  /** Null for k = 1, where a silhouette is not defined. */
  readonly silhouette: SilhouetteData | null;
  /** What drives the segments: each feature's R² in the space k-means saw, in feature order. */
  readonly separation: readonly FeatureSeparation[];
  /** Plain-language warnings about that separation (separationWarnings), for the results step. */
  readonly warnings: readonly string[];
  /**
   * The fitted model as SEGMENT.MODEL spills it (core/model.ts, model-mixture.ts), for the "Segment
   * model" sheet and the SQL that scores new customers; null for DBSCAN, which has no model to apply.
   */
  readonly model: CellValue[][] | null;
}

export interface Progress {
  /** 0..1, or null when there is no telling. */
  readonly fraction: number | null;
  readonly message: string;
}

/** A failure, flattened for postMessage: a SegmentError keeps its kind so the pane can tell it apart. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly kind?: SegmentErrorKind;
}

export type ToWorker =
  | {
      readonly type: "load-start";
      readonly dataId: number;
      readonly rowCount: number;
    }
  | { readonly type: "load-chunk"; readonly dataId: number; readonly chunk: RowChunk }
  | {
      readonly type: "inspect";
      readonly id: number;
      readonly dataId: number;
      readonly request: InspectRequest;
    }
  | { readonly type: "sweep"; readonly id: number; readonly dataId: number; readonly request: SweepRequest }
  | {
      readonly type: "explore";
      readonly id: number;
      readonly dataId: number;
      readonly request: ExploreRequest;
    }
  | { readonly type: "rfm"; readonly id: number; readonly dataId: number; readonly request: RfmRequest }
  | {
      readonly type: "migration";
      readonly id: number;
      readonly dataId: number;
      readonly request: MigrationRequest;
    }
  | {
      readonly type: "stability";
      readonly id: number;
      readonly dataId: number;
      readonly request: StabilityRequest;
    }
  | { readonly type: "run"; readonly id: number; readonly dataId: number; readonly request: RunRequest };

export type FromWorker =
  /**
   * After each band of data: how many rows of data `dataId` the worker now has. The client sends the next
   * bands as these come back, so that no request ever waits behind a queue of bands.
   */
  | { readonly type: "loaded"; readonly dataId: number; readonly received: number; readonly rowCount: number }
  | { readonly type: "progress"; readonly id: number; readonly progress: Progress }
  | { readonly type: "inspect-done"; readonly id: number; readonly outcome: DataSummary }
  | { readonly type: "sweep-done"; readonly id: number; readonly outcome: SweepOutcome }
  | { readonly type: "explore-done"; readonly id: number; readonly outcome: ExploreOutcome }
  | { readonly type: "rfm-done"; readonly id: number; readonly outcome: RfmOutcome }
  | { readonly type: "stability-done"; readonly id: number; readonly outcome: StabilityOutcome }
  | { readonly type: "migration-done"; readonly id: number; readonly outcome: MigrationOutcome }
  | { readonly type: "run-done"; readonly id: number; readonly outcome: RunOutcome }
  | { readonly type: "error"; readonly id: number; readonly error: WireError };
