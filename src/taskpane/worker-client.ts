import { CellValue, rangeWidth } from "../core/cells";
import { SegmentError } from "../core/errors";
import type { Analyzer } from "./analyzer";
import { cancelledError } from "./cancelled";
import type {
  DataSummary,
  FromWorker,
  InspectRequest,
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
  /** Waits between load messages so the pane can paint and take input; default a macrotask. */
  readonly breathe?: () => Promise<void>;
}

type Outcome = DataSummary | SweepOutcome | RunOutcome;

interface Pending {
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: Error) => void;
  readonly onProgress: (p: Progress) => void;
}

/**
 * Runs the analysis in a Web Worker.
 *
 * The data go to the worker in bands of rows, a macrotask apart (row-chunks.ts): one postMessage of a
 * full sheet's million row arrays would hold the pane's thread for seconds while it is cloned. Once
 * sent, only the bands are kept (numbers as Float64Arrays), not the row arrays.
 *
 * Cancel terminates the worker: the core's long steps (reading the table, k-means++ seeding, the
 * silhouettes) have no callback, and a worker busy in one cannot read a message, so terminating is the
 * only way to stop within a fraction of a second. A fresh worker is started at once and the data are
 * sent to it again, in bands, in the background, so the next call does not wait for them.
 */
export class WorkerAnalyzer implements Analyzer {
  private worker: WorkerLike | null = null;
  /** Resolves when the current worker has the current data (never rejects). */
  private loaded: Promise<void> = Promise.resolve();
  /**
   * The data: the row arrays until they have been sent once in full, then only their encoded bands
   * (a few typed arrays instead of a million row arrays), which a fresh worker gets copies of.
   */
  private data: { values: CellValue[][] | null; chunks: RowChunk[] | null; rowCount: number } | null = null;
  private dataId = 0;
  private loadedId = -1;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly chunkRows: number | undefined;
  private readonly breathe: () => Promise<void>;
  /** Workers started so far (tests check that cancel starts a fresh one). */
  started = 0;

  constructor(
    private readonly create: () => WorkerLike,
    options: WorkerAnalyzerOptions = {},
  ) {
    this.chunkRows = options.chunkRows;
    this.breathe = options.breathe ?? nextTask;
  }

  setData(values: CellValue[][]): void {
    this.data = { values, chunks: null, rowCount: values.length };
    this.dataId++;
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
      worker.onmessage = (event) => this.receive(event.data);
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
   * Sends the data in bands of rows, a macrotask apart; stops if the worker or the data change. The
   * header row goes alone, so that every other band of a numeric column is one Float64Array. The first
   * time, the bands are encoded from the rows and kept (the rows are then let go); later, copies of the
   * kept bands are sent.
   */
  private async load(
    worker: WorkerLike,
    dataId: number,
    data: { values: CellValue[][] | null; chunks: RowChunk[] | null; rowCount: number },
  ): Promise<void> {
    const current = () => this.worker === worker && this.dataId === dataId;
    const total = data.rowCount;
    worker.postMessage({ type: "load-start", dataId, rowCount: total });
    const kept = data.chunks;
    if (kept) {
      for (let i = 0; i < kept.length; i++) {
        if (i > 0) {
          await this.breathe();
          if (!current()) return;
          this.loadProgress(kept[i].start, total);
        }
        worker.postMessage({ type: "load-chunk", dataId, chunk: kept[i] });
      }
      return;
    }
    const values = data.values as CellValue[][];
    const width = rangeWidth(values);
    const step = this.chunkRows ?? chunkRowsFor(width);
    const encoded: RowChunk[] = [];
    for (let start = 0; start < total; start = start === 0 ? 1 : start + step) {
      if (start > 0) {
        await this.breathe();
        if (!current()) return;
        this.loadProgress(start, total);
      }
      const chunk = encodeRows(values, start, Math.min(total, start === 0 ? 1 : start + step), width);
      encoded.push(chunk);
      // Copied, not moved: the pane keeps the band for a worker started after a Cancel.
      worker.postMessage({ type: "load-chunk", dataId, chunk });
    }
    data.chunks = encoded;
    data.values = null;
  }

  /** Calls waiting for the data hear how far along they are (only when there are several bands). */
  private loadProgress(sent: number, total: number): void {
    const message = `Handing the data to the analysis: ${sent.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} rows…`;
    for (const p of this.pending.values()) p.onProgress({ fraction: 0, message });
  }

  private receive(message: FromWorker): void {
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
