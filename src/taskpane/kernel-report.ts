import { kernelUses } from "../core/wasm-kernels";
import type { FromWorker } from "./protocol";
import type { WorkerLike } from "./worker-client";

/**
 * Which arithmetic the analysis worker's k-means ran on: the WebAssembly kernels, or the JavaScript
 * fallback the core takes without a word when WebAssembly cannot be compiled (no SIMD, or a
 * Content-Security-Policy without 'wasm-unsafe-eval'). Results are the same bytes either way, so only
 * this report tells the two apart; the pane shows it on <html data-segment-kernel="...">, for the
 * browser tests and the benchmarks.
 */
export type KernelKind = "wasm" | "javascript";

/** Sent by the worker just before each "sweep-done" and "run-done"; never reaches WorkerAnalyzer. */
export interface KernelReport {
  readonly type: "kernel";
  /** The task it is about. */
  readonly task: "sweep" | "run";
  readonly kernel: KernelKind;
}

export const KERNEL_ATTRIBUTE = "data-segment-kernel";

export function isKernelReport(message: unknown): message is KernelReport {
  return (
    typeof message === "object" &&
    message !== null &&
    (message as { type?: unknown }).type === "kernel" &&
    ((message as { kernel?: unknown }).kernel === "wasm" ||
      (message as { kernel?: unknown }).kernel === "javascript")
  );
}

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/**
 * The worker's post, with a kernel report before each finished sweep or run: "wasm" when kernels were
 * handed out since the last report (src/core/wasm-kernels.ts, kernelUses), else "javascript".
 */
export function reportingKernels(
  post: Post,
  postReport: (report: KernelReport) => void,
  uses: () => number = kernelUses,
): Post {
  let seen = uses();
  return (message, transfer) => {
    if (message.type === "sweep-done" || message.type === "run-done") {
      const now = uses();
      postReport({
        type: "kernel",
        task: message.type === "run-done" ? "run" : "sweep",
        kernel: now > seen ? "wasm" : "javascript",
      });
      seen = now;
    }
    post(message, transfer);
  };
}

/**
 * The worker as WorkerAnalyzer sees it, with kernel reports taken out of its messages and handed to
 * `record`; everything else passes through unchanged.
 */
export function recordingKernels(worker: WorkerLike, record: (report: KernelReport) => void): WorkerLike {
  let handler: WorkerLike["onmessage"] = null;
  worker.onmessage = (event) => {
    if (isKernelReport(event.data as unknown)) record(event.data as unknown as KernelReport);
    else handler?.(event);
  };
  return {
    get onmessage() {
      return handler;
    },
    set onmessage(next) {
      handler = next;
    },
    get onerror() {
      return worker.onerror;
    },
    set onerror(next) {
      worker.onerror = next;
    },
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    terminate: () => worker.terminate(),
  };
}

/** Shows the last report on the page: <html data-segment-kernel="wasm">. */
export function showKernel(report: KernelReport, root: Element = document.documentElement): void {
  root.setAttribute(KERNEL_ATTRIBUTE, report.kernel);
}
