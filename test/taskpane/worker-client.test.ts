import { SegmentError } from "../../src/core/errors";
import type { FromWorker, RunRequest, SweepRequest, ToWorker } from "../../src/taskpane/protocol";
import { WorkerAnalyzer, WorkerLike } from "../../src/taskpane/worker-client";
import { createWorkerHandler } from "../../src/taskpane/worker-handler";
import { mallCustomers } from "./fixtures";

/**
 * A Worker stand-in that runs the real worker handler, asynchronously (as postMessage is), and can be
 * held before answering so that cancel can be tested while a call is in flight.
 */
class FakeWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  received: ToWorker["type"][] = [];
  hold = false;
  private readonly handle = createWorkerHandler((message) => {
    if (!this.terminated) this.onmessage?.({ data: message } as MessageEvent<FromWorker>);
  });

  postMessage(message: ToWorker): void {
    this.received.push(message.type);
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

const options = {
  hasHeader: true,
  numberFormats: [],
  features: ["Annual Income (k$)", "Spending Score (1-100)"],
  logTransform: [],
  scaling: "zscore",
  missing: "drop",
} as const;
const sweepRequest: SweepRequest = { ...options, kmax: 6 };
const runRequest: RunRequest = { ...options, k: 5 };

describe("WorkerAnalyzer", () => {
  it("sends the data once, then requests; relays progress and results", async () => {
    const workers: FakeWorker[] = [];
    const analyzer = new WorkerAnalyzer(() => {
      workers.push(new FakeWorker());
      return workers[workers.length - 1];
    });
    analyzer.setData(mallCustomers());
    const summary = await analyzer.inspect({ header: "auto", numberFormats: [] });
    expect(summary.hasHeader).toBe(true);
    expect(summary.rowCount).toBe(200);
    expect(summary.columns.map((c) => c.kind)).toEqual([
      "identifier",
      "categorical",
      "numeric",
      "numeric",
      "numeric",
    ]);
    const progress: string[] = [];
    const sweep = await analyzer.sweep(sweepRequest, (p) => progress.push(p.message));
    expect(sweep.points.map((p) => p.k)).toEqual([2, 3, 4, 5, 6]);
    expect(sweep.recommendation.k).toBe(5);
    expect(progress.at(-1)).toBe("Tried k = 6 (5 of 5)…");
    const run = await analyzer.run(runRequest, () => undefined);
    expect(run.sizes.reduce((a, b) => a + b, 0)).toBe(200);
    expect(run.labelsByRow).toBeInstanceOf(Int32Array);
    expect(workers).toHaveLength(1);
    expect(workers[0].received).toEqual(["load", "inspect", "sweep", "run"]);
  });

  it("cancels by terminating the worker, and starts a fresh one (with the data) for the next call", async () => {
    const workers: FakeWorker[] = [];
    const analyzer = new WorkerAnalyzer(() => {
      workers.push(new FakeWorker());
      return workers[workers.length - 1];
    });
    analyzer.setData(mallCustomers());
    workers.length = 0;
    const first = analyzer.run(runRequest, () => undefined);
    workers[0].hold = true;
    analyzer.cancel();
    await expect(first).rejects.toMatchObject({ name: "CancelledError", message: "Cancelled." });
    expect(workers[0].terminated).toBe(true);
    const again = await analyzer.run(runRequest, () => undefined);
    expect(again.k).toBe(5);
    expect(analyzer.started).toBe(2);
    expect(workers[1].received).toEqual(["load", "run"]);
  });

  it("rebuilds SegmentErrors from the worker so the pane shows the core's message", async () => {
    const analyzer = new WorkerAnalyzer(() => new FakeWorker());
    analyzer.setData(mallCustomers());
    const error = await analyzer
      .sweep({ ...sweepRequest, features: ["CustomerID"] }, () => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SegmentError);
    expect((error as SegmentError).message).toBe(
      "CustomerID looks like an identifier: leave it out of the range.",
    );
  });

  it("reports a worker that dies", async () => {
    let worker: FakeWorker | null = null;
    const analyzer = new WorkerAnalyzer(() => (worker = new FakeWorker()));
    analyzer.setData(mallCustomers());
    const call = analyzer.run(runRequest, () => undefined);
    (worker as unknown as FakeWorker).hold = true;
    (worker as unknown as FakeWorker).onerror?.({
      message: "out of memory",
      preventDefault: () => undefined,
    } as ErrorEvent);
    await expect(call).rejects.toThrow("The analysis stopped unexpectedly: out of memory");
  });
});
