/*
 * The Web Worker entry (bundled by webpack from `new Worker(new URL("./worker.ts", import.meta.url))`).
 * Everything slow — the sweep over k, k-means, profiles, PCA, silhouettes — runs here, off the pane's thread.
 */
import type { FromWorker, ToWorker } from "./protocol";
import { createWorkerHandler } from "./worker-handler";

/** The two members of a dedicated worker's global scope this file needs (the DOM lib has no worker types). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const handle = createWorkerHandler((message, transfer) => scope.postMessage(message, transfer ?? []));
scope.onmessage = (event) => handle(event.data);
