import { SegmentError } from "../../src/core/errors";
import type { FromWorker, RunRequest, SweepRequest } from "../../src/taskpane/protocol";
import { WorkerAnalyzer } from "../../src/taskpane/worker-client";
import { FakeWorker, trackedWorkers } from "./fake-worker";
import { mallCustomers } from "./fixtures";

const options = {
  hasHeader: true,
  numberFormats: [],
  features: ["Annual Income (k$)", "Spending Score (1-100)"],
  logTransform: [],
  scaling: "zscore",
  missing: "drop",
} as const;
const sweepRequest: SweepRequest = { ...options, kmax: 6 };
const runRequest: RunRequest = { ...options, algorithm: "kmeans", params: { k: 5 } };

describe("WorkerAnalyzer", () => {
  it("sends the data once, then requests; relays progress and results", async () => {
    const { workers, create } = trackedWorkers();
    const analyzer = new WorkerAnalyzer(create);
    analyzer.setData(mallCustomers());
    const checked: string[] = [];
    const summary = await analyzer.inspect({ header: "auto", numberFormats: [] }, (p) =>
      checked.push(`${p.message} (${p.fraction})`),
    );
    // The hand-over as the worker acknowledges it (the call hears at once where it stands), then the checks.
    expect(checked).toEqual([
      "Handing the data to the analysis: 0 of 201 rows… (0)",
      "Handing the data to the analysis: 1 of 201 rows… (0)",
      "Handing the data to the analysis: 201 of 201 rows… (0)",
      "Checking the columns… (0)",
      ...[0, 1, 2, 3, 4, 5].map((j) => `Checking the columns… ${j} of 5 (${j / 5})`),
    ]);
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
    // Labels arrive as the typed array the worker made: one byte each for up to 255 segments.
    expect(run.labelsByRow).toBeInstanceOf(Uint8Array);
    expect(workers).toHaveLength(1);
    // The header row alone, then the 200 data rows in one band.
    expect(workers[0].received).toEqual([
      "load-start",
      "load-chunk",
      "load-chunk",
      "inspect",
      "sweep",
      "run",
    ]);
  });

  it("cancels by terminating the worker, and starts a fresh one with the data for the next call", async () => {
    const { workers, create } = trackedWorkers();
    const analyzer = new WorkerAnalyzer(create);
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
    // The fresh worker was started, and sent the data, by the cancel itself.
    expect(workers[1].received).toEqual(["load-start", "load-chunk", "load-chunk", "run"]);
  });

  it("sends the data in bands of rows, breathing between them, and requests only after the last", async () => {
    const workers: FakeWorker[] = [];
    const log: string[] = [];
    const analyzer = new WorkerAnalyzer(
      () => {
        const worker = new FakeWorker();
        const post = worker.postMessage.bind(worker);
        worker.postMessage = (message) => {
          log.push(
            message.type === "load-chunk"
              ? `chunk ${message.chunk.start}+${message.chunk.rows}`
              : message.type,
          );
          post(message);
        };
        workers.push(worker);
        return worker;
      },
      {
        chunkRows: 60,
        breathe: async () => {
          log.push("breathe");
          await new Promise((resolve) => setTimeout(resolve, 0));
        },
      },
    );
    analyzer.setData(mallCustomers());
    const progress: string[] = [];
    const summary = await analyzer.inspect({ header: "auto", numberFormats: [] });
    expect(summary.rowCount).toBe(200);
    expect(log).toEqual([
      "load-start",
      "chunk 0+1",
      "breathe",
      "chunk 1+60",
      "breathe",
      "chunk 61+60",
      "breathe",
      "chunk 121+60",
      "breathe",
      "chunk 181+20",
      "inspect",
    ]);
    // The worker rebuilt exactly the rows it was sent: the run gives the one-message result.
    const run = await analyzer.run(runRequest, (p) => progress.push(p.message));
    const whole = new WorkerAnalyzer(() => new FakeWorker());
    whole.setData(mallCustomers());
    const expected = await whole.run(runRequest, () => undefined);
    expect(Array.from(run.labelsByRow)).toEqual(Array.from(expected.labelsByRow));
    expect(run.inertia).toBe(expected.inertia);
    expect(workers).toHaveLength(1);
  });

  it("stops sending a cancelled load, and resends every band to the fresh worker, with progress", async () => {
    const { workers, create } = trackedWorkers();
    const held: (() => void)[] = [];
    let holding = true;
    const analyzer = new WorkerAnalyzer(create, {
      chunkRows: 50,
      breathe: () => (holding ? new Promise<void>((resolve) => held.push(resolve)) : Promise.resolve()),
    });
    analyzer.setData(mallCustomers());
    const first = analyzer.run(runRequest, () => undefined);
    expect(workers[0].received).toEqual(["load-start", "load-chunk"]);
    analyzer.cancel();
    await expect(first).rejects.toMatchObject({ name: "CancelledError" });
    expect(workers[0].terminated).toBe(true);
    // The fresh worker is started by the cancel, and its first band is on its way.
    expect(workers).toHaveLength(2);
    expect(workers[1].received).toEqual(["load-start", "load-chunk"]);
    // Both loads let go: the cancelled one sends nothing more, to either worker.
    holding = false;
    held.forEach((go) => go());
    const progress: string[] = [];
    const again = await analyzer.run(runRequest, (p) => progress.push(p.message));
    expect(again.sizes.reduce((a, b) => a + b, 0)).toBe(200);
    expect(workers[0].received).toEqual(["load-start", "load-chunk"]);
    expect(workers[1].received).toEqual([
      "load-start",
      "load-chunk",
      "load-chunk",
      "load-chunk",
      "load-chunk",
      "load-chunk",
      "run",
    ]);
    // The first hand-over never finished, so this one is still the first: its bands are encoded anew.
    expect(progress[0]).toMatch(/^Handing the data to the analysis: \d+ of 201 rows…$/);
    expect(progress).toContain("Handing the data to the analysis: 201 of 201 rows…");
  });

  it("keeps the sent bands, not the rows, and gives a fresh worker copies of them", async () => {
    const { workers, create } = trackedWorkers();
    const analyzer = new WorkerAnalyzer(create);
    const values = mallCustomers();
    analyzer.setData(values);
    await analyzer.inspect({ header: "auto", numberFormats: [] });
    const before = await analyzer.run(runRequest, () => undefined);
    // The rows are the pane's to drop: the analyzer no longer reads them.
    values.splice(1, values.length - 1);
    analyzer.cancel();
    const after = await analyzer.run(runRequest, () => undefined);
    expect(workers).toHaveLength(2);
    expect(Array.from(after.labelsByRow)).toEqual(Array.from(before.labelsByRow));
    expect(after.inertia).toBe(before.inertia);
  });

  it("after a cancel, reloads the kept bands into the fresh worker with progress, and sends the call only when it has them all", async () => {
    const { workers, create } = trackedWorkers();
    const analyzer = new WorkerAnalyzer(create, { chunkRows: 50 });
    analyzer.setData(mallCustomers());
    await analyzer.inspect({ header: "auto", numberFormats: [] });
    const first = analyzer.run(runRequest, () => undefined);
    workers[0].hold = true;
    analyzer.cancel();
    await expect(first).rejects.toMatchObject({ name: "CancelledError" });
    // Run again at once, while the fresh worker is still getting the data.
    const progress: string[] = [];
    const again = await analyzer.run(runRequest, (p) => progress.push(p.message));
    expect(again.sizes.reduce((a, b) => a + b, 0)).toBe(200);
    const reloading = progress.filter((m) => m.startsWith("Reloading"));
    // Heard at once, then after each band the worker acknowledged: 1 (the header), 51, ... 201 rows.
    expect(reloading).toEqual(
      ["0", "1", "51", "101", "151", "201"].map(
        (n) => `Reloading the data into a fresh worker: ${n} of 201 rows…`,
      ),
    );
    // The reload's progress came first, then the worker's own.
    expect(progress.indexOf("Reloading the data into a fresh worker: 201 of 201 rows…")).toBe(
      reloading.length - 1,
    );
    expect(progress[reloading.length]).toBe("Reading the table…");
    // The request went after the last band had been acknowledged, not queued behind bands.
    expect(workers[1].log.filter((e) => e !== "ack").at(-1)).toBe("run");
    expect(workers[1].log.slice(-2)).toEqual(["ack", "run"]);
  });

  it("keeps at most `bandsAhead` bands unacknowledged, so a request never waits behind a queue of them", async () => {
    const { workers, create } = trackedWorkers();
    const analyzer = new WorkerAnalyzer(create, {
      chunkRows: 10,
      bandsAhead: 3,
      breathe: () => Promise.resolve(),
    });
    analyzer.setData(mallCustomers());
    await analyzer.inspect({ header: "auto", numberFormats: [] });
    const log = workers[0].log;
    let ahead = 0;
    let most = 0;
    for (const e of log) {
      if (e === "load-chunk") most = Math.max(most, ++ahead);
      if (e === "ack") ahead--;
    }
    expect(log.filter((e) => e === "load-chunk")).toHaveLength(21);
    expect(most).toBe(3);
    expect(ahead).toBe(0);
    expect(log.at(-1)).toBe("inspect");
  });

  it("ignores acknowledgements of data it no longer sends, and loads new data into the same worker", async () => {
    const { workers, create } = trackedWorkers();
    const analyzer = new WorkerAnalyzer(create, { chunkRows: 50 });
    analyzer.setData(mallCustomers());
    await analyzer.inspect({ header: "auto", numberFormats: [] });
    // An acknowledgement of the old data, late: nothing happens.
    workers[0].onmessage?.({
      data: { type: "loaded", dataId: 1, received: 1, rowCount: 201 },
    } as MessageEvent<FromWorker>);
    const smaller = mallCustomers().slice(0, 101);
    analyzer.setData(smaller);
    const progress: string[] = [];
    const summary = await analyzer.inspect({ header: "auto", numberFormats: [] }, (p) =>
      progress.push(p.message),
    );
    expect(summary.rowCount).toBe(100);
    expect(workers).toHaveLength(1);
    expect(progress.slice(0, 4)).toEqual(
      ["0", "1", "51", "101"].map((n) => `Handing the data to the analysis: ${n} of 101 rows…`),
    );
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
