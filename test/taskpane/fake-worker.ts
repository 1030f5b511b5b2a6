import type { FromWorker, ToWorker } from "../../src/taskpane/protocol";
import type { WorkerLike } from "../../src/taskpane/worker-client";
import { createWorkerHandler } from "../../src/taskpane/worker-handler";

/** What the worker posts back: its protocol messages, or whatever a wrapper adds (kernel reports). */
type Deliver = (message: FromWorker) => void;

/**
 * A Worker stand-in that runs the real worker handler, asynchronously (as postMessage is), and can be
 * held before answering so that cancel can be tested while a call is in flight. `handler` builds the
 * worker's side from its post function; the real handler by default.
 */
export class FakeWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  received: ToWorker["type"][] = [];
  /** What was sent to the worker and each acknowledgement of a band it sent back, in order. */
  log: string[] = [];
  hold = false;
  private readonly handle: (message: ToWorker) => void;

  constructor(handler: (deliver: Deliver) => (message: ToWorker) => void = createWorkerHandler) {
    this.handle = handler((message) => {
      if (this.terminated) return;
      if (message.type === "loaded") this.log.push("ack");
      this.onmessage?.({ data: message } as MessageEvent<FromWorker>);
    });
  }

  postMessage(message: ToWorker): void {
    this.received.push(message.type);
    this.log.push(message.type);
    // Structured clone, as postMessage does: nothing is shared between the two sides.
    const copy = structuredClone(message);
    setTimeout(() => {
      if (!this.hold && !this.terminated) this.handle(copy);
    }, 0);
  }

  terminate(): void {
    this.terminated = true;
  }
}

/** Every worker an analyzer made, in order, for tests that look into the fresh one after a cancel. */
export function trackedWorkers(): { workers: FakeWorker[]; create: () => FakeWorker } {
  const workers: FakeWorker[] = [];
  return {
    workers,
    create: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
  };
}
