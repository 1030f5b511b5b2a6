import { recordingKernels, showKernel } from "./kernel-report";
import type { WorkerLike } from "./worker-client";

/**
 * Starts the analysis worker. Kept alone in this file because webpack needs this exact
 * `new Worker(new URL(..., import.meta.url))` form to bundle worker.ts as its own chunk, and because
 * `import.meta` cannot be loaded by the CommonJS tests. The worker's kernel reports (kernel-report.ts)
 * go to <html data-segment-kernel>, not to the analyzer.
 */
export function createAnalysisWorker(): WorkerLike {
  const worker = new Worker(
    /* webpackChunkName: "worker" */ new URL("./worker.ts", import.meta.url),
  ) as WorkerLike;
  return recordingKernels(worker, (report) => showKernel(report));
}
