/*
 * The Web Worker entry (bundled by webpack from `new Worker(new URL("./worker.ts", import.meta.url))`).
 * Everything slow — the sweep over k, k-means, profiles, PCA, silhouettes — runs here, off the pane's thread.
 */
import { KernelReport, reportingKernels } from "./kernel-report";
import type { FromWorker, ToWorker } from "./protocol";
import { createWorkerHandler } from "./worker-handler";

/** The two members of a dedicated worker's global scope this file needs (the DOM lib has no worker types). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker | KernelReport, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
// Each finished sweep or run is preceded by a report of whether it ran on the WebAssembly kernels.
const post = reportingKernels(
  (message, transfer) => scope.postMessage(message, transfer ?? []),
  (report) => scope.postMessage(report),
);
const handle = createWorkerHandler(post);
scope.onmessage = (event) => handle(event.data);
