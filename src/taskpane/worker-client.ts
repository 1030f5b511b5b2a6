import type { CellValue } from "../core/cells";
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

/** The parts of a Worker the client uses, so tests can hand in a fake. */
export interface WorkerLike {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: ToWorker): void;
  terminate(): void;
}

type Outcome = DataSummary | SweepOutcome | RunOutcome;

interface Pending {
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: Error) => void;
  readonly onProgress: (p: Progress) => void;
}

/**
 * Runs the analysis in a Web Worker. Cancel terminates the worker — the only way to stop a tight loop
 * in another thread — and the next call starts a fresh one, sending it the data again.
 */
export class WorkerAnalyzer implements Analyzer {
  private worker: WorkerLike | null = null;
  private values: CellValue[][] | null = null;
  private dataId = 0;
  private loadedId = -1;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Workers started so far (tests check that cancel starts a fresh one). */
  started = 0;

  constructor(private readonly create: () => WorkerLike) {}

  setData(values: CellValue[][]): void {
    this.values = values;
    this.dataId++;
  }

  inspect(request: InspectRequest): Promise<DataSummary> {
    return this.call(
      (id, dataId) => ({ type: "inspect", id, dataId, request }),
      () => undefined,
    );
  }

  sweep(request: SweepRequest, onProgress: (p: Progress) => void): Promise<SweepOutcome> {
    return this.call((id, dataId) => ({ type: "sweep", id, dataId, request }), onProgress);
  }

  run(request: RunRequest, onProgress: (p: Progress) => void): Promise<RunOutcome> {
    return this.call((id, dataId) => ({ type: "run", id, dataId, request }), onProgress);
  }

  cancel(): void {
    this.stopWorker(cancelledError());
  }

  dispose(): void {
    this.stopWorker(new Error("The analysis was closed."));
    this.values = null;
  }

  private call<T extends Outcome>(
    message: (id: number, dataId: number) => ToWorker,
    onProgress: (p: Progress) => void,
  ): Promise<T> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (outcome) => resolve(outcome as T), reject, onProgress });
      worker.postMessage(message(id, this.dataId));
    });
  }

  private ensureWorker(): WorkerLike {
    if (!this.values) throw new Error("No data to analyse: read a range first.");
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
      this.worker.postMessage({ type: "load", dataId: this.dataId, values: this.values });
      this.loadedId = this.dataId;
    }
    return this.worker;
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
