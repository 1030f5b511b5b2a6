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

export interface RunRequest extends AnalysisOptions {
  readonly k: number;
}

/** Points of the 2-D scatter: a sample of rows on the first two principal components. */
export interface ScatterData {
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Segment of each point, 1..k. */
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
  readonly k: number;
  /** One label per data row: 1..k, or 0 where the row was left out; one byte each up to 255 segments. */
  readonly labelsByRow: Labels;
  readonly sizes: readonly number[];
  readonly unlabelled: number;
  readonly report: ProfileReport;
  readonly inertia: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly scatter: ScatterData;
  /** Null for k = 1, where a silhouette is not defined. */
  readonly silhouette: SilhouetteData | null;
  /** What drives the segments: each feature's R² in the space k-means saw, in feature order. */
  readonly separation: readonly FeatureSeparation[];
  /** Plain-language warnings about that separation (separationWarnings), for the results step. */
  readonly warnings: readonly string[];
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
  | { readonly type: "run-done"; readonly id: number; readonly outcome: RunOutcome }
  | { readonly type: "error"; readonly id: number; readonly error: WireError };
