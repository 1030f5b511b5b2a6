import type { CellValue } from "../core/cells";
import type {
  DataSummary,
  ExploreOutcome,
  ExploreRequest,
  InspectRequest,
  MigrationOutcome,
  MigrationRequest,
  RfmOutcome,
  RfmRequest,
  StabilityOutcome,
  StabilityRequest,
  Progress,
  RunOutcome,
  RunRequest,
  SweepOutcome,
  SweepRequest,
} from "./protocol";

/**
 * Where the wizard's heavy work happens. WorkerAnalyzer (worker-client.ts) runs it in a Web Worker so
 * the pane never freezes; InlineAnalyzer (inline-analyzer.ts) runs the same code on the calling thread,
 * for tests.
 */
export interface Analyzer {
  /** The values later calls work on (the range as read, header included). */
  setData(values: CellValue[][]): void;
  /** `onProgress` hears how the data's hand-over goes (a worker is sent them in bands). */
  inspect(request: InspectRequest, onProgress?: (p: Progress) => void): Promise<DataSummary>;
  sweep(request: SweepRequest, onProgress: (p: Progress) => void): Promise<SweepOutcome>;
  /** What the k step shows for a Gaussian mixture or DBSCAN before running it. */
  explore<R extends ExploreRequest>(
    request: R,
    onProgress: (p: Progress) => void,
  ): Promise<Extract<ExploreOutcome, { kind: R["kind"] }>>;
  /** The customer table of the loaded transactions (Transactions -> RFM). */
  rfm(request: RfmRequest, onProgress: (p: Progress) => void): Promise<RfmOutcome>;
  /** How stable the k-means segments are over bootstrap resamples. */
  stability(request: StabilityRequest, onProgress: (p: Progress) => void): Promise<StabilityOutcome>;
  /** The run's labels against an earlier label column of the data. */
  migration(request: MigrationRequest): Promise<MigrationOutcome>;
  run(request: RunRequest, onProgress: (p: Progress) => void): Promise<RunOutcome>;
  /** Stops the call in progress; its promise rejects with CancelledError. */
  cancel(): void;
  dispose(): void;
}
