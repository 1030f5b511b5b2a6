import type { WorkerLike } from "./worker-client";

/**
 * Starts the analysis worker. Kept alone in this file because webpack needs this exact
 * `new Worker(new URL(..., import.meta.url))` form to bundle worker.ts as its own chunk, and because
 * `import.meta` cannot be loaded by the CommonJS tests.
 */
export function createAnalysisWorker(): WorkerLike {
  return new Worker(/* webpackChunkName: "worker" */ new URL("./worker.ts", import.meta.url)) as WorkerLike;
}
