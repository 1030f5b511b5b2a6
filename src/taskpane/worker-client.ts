import { CellValue, rangeWidth } from "../core/cells";
import { SegmentError } from "../core/errors";
import type { Analyzer } from "./analyzer";
import { cancelledError } from "./cancelled";
import type {
  DataSummary,
  ExploreOutcome,
  ExploreRequest,
  FromWorker,
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
  ToWorker,
  WireError,
} from "./protocol";
import { nextTask } from "../host/chunk";
import { RowChunk, chunkRowsFor, encodeRows } from "./row-chunks";

/** The parts of a Worker the client uses, so tests can hand in a fake. */
export interface WorkerLike {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  terminate(): void;
}

export interface WorkerAnalyzerOptions {
  /** Rows per load message; default about 200,000 cells' worth (chunkRowsFor). */
  readonly chunkRows?: number;
  /**
   * Bands sent and not yet acknowledged, at most (default 2): the pane's progress then follows what the
   * worker has, not what has been posted, and the worker's queue never holds more than this many copies.
   */
  readonly bandsAhead?: number;
  /** Waits between load messages so the pane can paint and take input; default a macrotask. */
  readonly breathe?: () => Promise<void>;
}

type Outcome =
  DataSummary | SweepOutcome | ExploreOutcome | RfmOutcome | StabilityOutcome | MigrationOutcome | RunOutcome;

interface Pending {
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: Error) => void;
  readonly onProgress: (p: Progress) => void;
}

/** The data as the analyzer keeps them. */
interface Data {
  /** The row arrays, until they have been sent once in full. */
  values: CellValue[][] | null;
  /** Then only their encoded bands (a few typed arrays instead of a million row arrays). */
  chunks: RowChunk[] | null;
  readonly rowCount: number;
}

/** A hand-over in progress: to which worker, and how many rows it has said it has. */
interface Loading {
  readonly worker: WorkerLike;
  readonly dataId: number;
  readonly total: number;
  /** True when the data went to an earlier worker in full: a fresh one after a Cancel gets them again. */
  readonly reload: boolean;
  bandsSent: number;
  bandsAcknowledged: number;
  received: number;
}

/**
 * Runs the analysis in a Web Worker.
 *
 * The data go to the worker in bands of rows (row-chunks.ts): one postMessage of a full sheet's million
 * row arrays would hold the pane's thread for seconds while it is cloned. The worker acknowledges each
 * band once it has decoded it, and at most `bandsAhead` bands are on their way at a time, so the pane's
 * progress follows what the worker has, and a request is sent only when the worker has every row: it is
 * never queued behind a backlog of bands, silent. Once sent, only the bands are kept (numbers as
 * Float64Arrays), not the row arrays.
 *
 * Cancel terminates the worker: the core's long steps (reading the table, k-means++ seeding, the
 * silhouettes) have no callback, and a worker busy in one cannot read a message, so terminating is the
 * only way to stop within a fraction of a second. A fresh worker is started at once and the kept bands
 * are sent to it again in the background, so that it is ready, or nearly, when the next call comes; a
 * call that comes while they are still on their way hears "Reloading the data into a fresh worker: x of
 * y rows…" as they arrive.
 */
export class WorkerAnalyzer implements Analyzer {
  private worker: WorkerLike | null = null;
  /** Resolves when the current worker has the current data, or that hand-over was abandoned (never rejects). */
  private loaded: Promise<void> = Promise.resolve();
  private loading: Loading | null = null;
  /** Woken by every acknowledgement, and when a hand-over is abandoned (the worker stopped, new data). */
  private wakers: (() => void)[] = [];
  private data: Data | null = null;
  private dataId = 0;
  private loadedId = -1;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly chunkRows: number | undefined;
  private readonly bandsAhead: number;
  private readonly breathe: () => Promise<void>;
  /** Workers started so far (tests check that cancel starts a fresh one). */
  started = 0;

  constructor(
    private readonly create: () => WorkerLike,
    options: WorkerAnalyzerOptions = {},
  ) {
    this.chunkRows = options.chunkRows;
    this.bandsAhead = Math.max(1, options.bandsAhead ?? 2);
    this.breathe = options.breathe ?? nextTask;
  }

  setData(values: CellValue[][]): void {
    this.data = { values, chunks: null, rowCount: values.length };
    this.dataId++;
    this.wake();
  }

  inspect(
    request: InspectRequest,
    onProgress: (p: Progress) => void = () => undefined,
  ): Promise<DataSummary> {
    return this.call((id, dataId) => ({ type: "inspect", id, dataId, request }), onProgress);
  }

  sweep(request: SweepRequest, onProgress: (p: Progress) => void): Promise<SweepOutcome> {
    return this.call((id, dataId) => ({ type: "sweep", id, dataId, request }), onProgress);
  }

  explore<R extends ExploreRequest>(
    request: R,
    onProgress: (p: Progress) => void,
  ): Promise<Extract<ExploreOutcome, { kind: R["kind"] }>> {
    return this.call((id, dataId) => ({ type: "explore", id, dataId, request }), onProgress);
  }

  rfm(request: RfmRequest, onProgress: (p: Progress) => void): Promise<RfmOutcome> {
    return this.call((id, dataId) => ({ type: "rfm", id, dataId, request }), onProgress);
  }

  stability(request: StabilityRequest, onProgress: (p: Progress) => void): Promise<StabilityOutcome> {
    return this.call((id, dataId) => ({ type: "stability", id, dataId, request }), onProgress);
  }

  migration(request: MigrationRequest): Promise<MigrationOutcome> {
    return this.call(
      (id, dataId) => ({ type: "migration", id, dataId, request }),
      () => undefined,
    );
  }

  run(request: RunRequest, onProgress: (p: Progress) => void): Promise<RunOutcome> {
    return this.call((id, dataId) => ({ type: "run", id, dataId, request }), onProgress);
  }

  cancel(): void {
    this.stopWorker(cancelledError());
    // Ready for the next call: a fresh worker, the data on their way to it.
    if (this.data) this.ensureWorker();
  }

  dispose(): void {
    this.stopWorker(new Error("The analysis was closed."));
    this.data = null;
  }

  private call<T extends Outcome>(
    message: (id: number, dataId: number) => ToWorker,
    onProgress: (p: Progress) => void,
  ): Promise<T> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const dataId = this.dataId;
    const result = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (outcome) => resolve(outcome as T), reject, onProgress });
    });
    // A call that comes in the middle of a hand-over hears at once how far it is.
    const loading = this.loading;
    if (loading && loading.worker === worker) onProgress(this.loadProgress(loading));
    void this.loaded.then(() => {
      // Unless cancelled (or the data changed) while the data were still on their way.
      if (this.worker === worker && this.pending.has(id) && dataId === this.dataId) {
        worker.postMessage(message(id, dataId));
      }
    });
    return result;
  }

  private ensureWorker(): WorkerLike {
    if (!this.data) throw new Error("No data to analyse: read a range first.");
    if (!this.worker) {
      const worker = this.create();
      this.started++;
      worker.onmessage = (event) => this.receive(worker, event.data);
      worker.onerror = (event) => {
        event.preventDefault?.();
        this.stopWorker(new Error(`The analysis stopped unexpectedly: ${event.message || "unknown error"}`));
      };
      this.worker = worker;
      this.loadedId = -1;
    }
    if (this.loadedId !== this.dataId) {
      this.loadedId = this.dataId;
      this.loaded = this.load(this.worker, this.dataId, this.data);
    }
    return this.worker;
  }

  /**
   * Sends the data in bands of rows, at most `bandsAhead` of them unacknowledged, a macrotask apart, and
   * resolves when the worker has acknowledged every row; stops if the worker or the data change. The
   * header row goes alone, so that every other band of a numeric column is one Float64Array. The first
   * time, the bands are encoded from the rows and kept (the rows are then let go); later, copies of the
   * kept bands are sent.
   */
  private async load(worker: WorkerLike, dataId: number, data: Data): Promise<void> {
    const total = data.rowCount;
    const loading: Loading = {
      worker,
      dataId,
      total,
      reload: data.chunks !== null,
      bandsSent: 0,
      bandsAcknowledged: 0,
      received: 0,
    };
    this.loading = loading;
    this.wake();
    const current = () => this.worker === worker && this.dataId === dataId && this.loading === loading;
    worker.postMessage({ type: "load-start", dataId, rowCount: total });
    const kept = data.chunks;
    const values = data.values;
    const width = kept ? 0 : rangeWidth(values as CellValue[][]);
    const step = this.chunkRows ?? chunkRowsFor(width);
    const bands = kept ? kept.length : total === 0 ? 0 : 1 + Math.ceil((total - 1) / step);
    const encoded: RowChunk[] = [];
    for (let band = 0; band < bands; band++) {
      if (band > 0) {
        await this.breathe();
        if (!current()) return;
      }
      while (loading.bandsSent - loading.bandsAcknowledged >= this.bandsAhead) {
        await this.acknowledgement();
        if (!current()) return;
      }
      let chunk: RowChunk;
      if (kept) chunk = kept[band];
      else {
        const start = band === 0 ? 0 : 1 + (band - 1) * step;
        const end = band === 0 ? 1 : Math.min(total, start + step);
        chunk = encodeRows(values as CellValue[][], start, end, width);
        encoded.push(chunk);
      }
      // Copied, not moved: the pane keeps the band for a worker started after a Cancel.
      worker.postMessage({ type: "load-chunk", dataId, chunk });
      loading.bandsSent++;
    }
    if (!kept) {
      data.chunks = encoded;
      data.values = null;
    }
    while (loading.received < total) {
      await this.acknowledgement();
      if (!current()) return;
    }
    this.loading = null;
  }

  /** The next acknowledgement of a band, or the hand-over being abandoned. */
  private acknowledgement(): Promise<void> {
    return new Promise((resolve) => this.wakers.push(resolve));
  }

  private wake(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const w of wakers) w();
  }

  private loadProgress(loading: Loading): Progress {
    const counts = `${loading.received.toLocaleString("en-US")} of ${loading.total.toLocaleString("en-US")} rows…`;
    return {
      fraction: 0,
      message: loading.reload
        ? `Reloading the data into a fresh worker: ${counts}`
        : `Handing the data to the analysis: ${counts}`,
    };
  }

  private receive(worker: WorkerLike, message: FromWorker): void {
    if (worker !== this.worker) return;
    if (message.type === "loaded") {
      const loading = this.loading;
      if (!loading || loading.worker !== worker || loading.dataId !== message.dataId) return;
      loading.bandsAcknowledged++;
      loading.received = message.received;
      // Calls waiting for the data hear how far along they are.
      const progress = this.loadProgress(loading);
      for (const p of this.pending.values()) p.onProgress(progress);
      this.wake();
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.type === "progress") {
      pending.onProgress(message.progress);
      return;
    }
    this.pending.delete(message.id);
    if (message.type === "error") pending.reject(fromWire(message.error));
    else pending.resolve(message.outcome);
  }

  private stopWorker(reason: Error): void {
    this.worker?.terminate();
    this.worker = null;
    this.loadedId = -1;
    this.loading = null;
    this.wake();
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(reason);
  }
}

export function fromWire(error: WireError): Error {
  if (error.name === "SegmentError" && error.kind) return new SegmentError(error.kind, error.message);
  const out = new Error(error.message);
  out.name = error.name;
  return out;
}
