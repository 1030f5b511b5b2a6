import { useWasm } from "../../src/core/arena";
import {
  KERNEL_ATTRIBUTE,
  KernelReport,
  isKernelReport,
  recordingKernels,
  reportingKernels,
  showKernel,
} from "../../src/taskpane/kernel-report";
import type { FromWorker, RunRequest, ToWorker } from "../../src/taskpane/protocol";
import { WorkerAnalyzer, WorkerLike } from "../../src/taskpane/worker-client";
import { createWorkerHandler } from "../../src/taskpane/worker-handler";
import { FakeWorker } from "./fake-worker";
import { encodeRows } from "../../src/taskpane/row-chunks";
import { mallCustomers } from "./fixtures";

const runRequest: RunRequest = {
  hasHeader: true,
  numberFormats: [],
  features: ["Annual Income (k$)", "Spending Score (1-100)"],
  logTransform: [],
  scaling: "zscore",
  missing: "drop",
  algorithm: "kmeans",
  params: { k: 5 },
};

/** The real worker handler, its posts through reportingKernels: the messages the worker would send. */
function workerPosts(): { handle: (message: ToWorker) => void; sent: (FromWorker | KernelReport)[] } {
  const sent: (FromWorker | KernelReport)[] = [];
  const post = reportingKernels(
    (message) => sent.push(message),
    (report) => sent.push(report),
  );
  return { handle: createWorkerHandler(post), sent };
}

function loadMall(handle: (message: ToWorker) => void): void {
  const values = mallCustomers();
  handle({ type: "load-start", dataId: 1, rowCount: values.length });
  handle({ type: "load-chunk", dataId: 1, chunk: encodeRows(values, 0, values.length, 5) });
}

describe("kernel reports", () => {
  afterEach(() => useWasm(true));

  it.each([
    [true, "wasm"],
    [false, "javascript"],
  ] as const)(
    "the worker reports, before the run's result, whether k-means ran on the kernels (WebAssembly on: %s)",
    (wasm, kernel) => {
      useWasm(wasm);
      const { handle, sent } = workerPosts();
      loadMall(handle);
      handle({ type: "run", id: 7, dataId: 1, request: runRequest });
      const types = sent.map((m): string => m.type).filter((t) => t !== "progress" && t !== "loaded");
      expect(types).toEqual(["kernel", "run-done"]);
      expect(sent.find(isKernelReport)).toEqual({ type: "kernel", task: "run", kernel });
    },
  );

  it("counts only the work since the last report, and reports nothing for other messages", () => {
    let uses = 0;
    const sent: string[] = [];
    const post = reportingKernels(
      (message) => sent.push(message.type),
      (report) => sent.push(`${report.task}:${report.kernel}`),
      () => uses,
    );
    const done = (type: "sweep-done" | "run-done" | "inspect-done") =>
      post({ type, id: 1, outcome: {} } as unknown as FromWorker);
    post({ type: "progress", id: 1, progress: { fraction: 0, message: "" } });
    done("inspect-done");
    uses = 3;
    done("sweep-done");
    done("run-done");
    uses = 4;
    done("run-done");
    expect(sent).toEqual([
      "progress",
      "inspect-done",
      "sweep:wasm",
      "sweep-done",
      "run:javascript",
      "run-done",
      "run:wasm",
      "run-done",
    ]);
  });

  it("are taken out before the analyzer sees the worker's messages, which it still gets in full", async () => {
    const reports: KernelReport[] = [];
    const analyzer = new WorkerAnalyzer(() => recordingKernels(reportingWorker(), (r) => reports.push(r)));
    analyzer.setData(mallCustomers());
    const outcome = await analyzer.run(runRequest, () => undefined);
    expect(outcome.sizes.reduce((a, b) => a + b, 0)).toBe(200);
    expect(reports).toEqual([{ type: "kernel", task: "run", kernel: "wasm" }]);
    analyzer.dispose();
  });

  it("pass the worker's errors, posts and termination through", () => {
    const inner = {
      onmessage: null,
      onerror: null,
      posted: [] as unknown[],
      terminated: false,
      postMessage(message: unknown) {
        this.posted.push(message);
      },
      terminate() {
        this.terminated = true;
      },
    };
    const outer = recordingKernels(inner as unknown as WorkerLike, () => undefined);
    const onerror = () => undefined;
    outer.onerror = onerror;
    expect(inner.onerror).toBe(onerror);
    outer.postMessage({ type: "load-start", dataId: 1, rowCount: 0 });
    expect(inner.posted).toEqual([{ type: "load-start", dataId: 1, rowCount: 0 }]);
    outer.terminate();
    expect(inner.terminated).toBe(true);
  });

  it("recognises only well-formed reports, and shows the kind on the page's root element", () => {
    expect(isKernelReport({ type: "kernel", task: "run", kernel: "wasm" })).toBe(true);
    expect(isKernelReport({ type: "kernel", kernel: "fast" })).toBe(false);
    expect(isKernelReport({ type: "run-done", id: 1 })).toBe(false);
    expect(isKernelReport(null)).toBe(false);
    const attributes = new Map<string, string>();
    const root = { setAttribute: (name: string, value: string) => attributes.set(name, value) };
    showKernel({ type: "kernel", task: "sweep", kernel: "javascript" }, root as unknown as Element);
    expect(attributes.get(KERNEL_ATTRIBUTE)).toBe("javascript");
    expect(KERNEL_ATTRIBUTE).toBe("data-segment-kernel");
  });
});

/** The real handler behind reportingKernels: kernel reports arrive among the worker's messages. */
function reportingWorker(): FakeWorker {
  return new FakeWorker((deliver) =>
    createWorkerHandler(reportingKernels(deliver, (report) => deliver(report as unknown as FromWorker))),
  );
}
