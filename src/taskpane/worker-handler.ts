import type { CellValue } from "../core/cells";
import { isSegmentError } from "../core/errors";
import { analyseRun, analyseSweep, inspectData } from "./analysis";
import type { FromWorker, ToWorker, WireError } from "./protocol";

/**
 * The worker's message handling, apart from the worker global so it can be tested in Node. The worker
 * keeps the last data it was sent; a request for other data is a client bug and says so.
 */
export function createWorkerHandler(post: (message: FromWorker, transfer?: Transferable[]) => void) {
  let data: { id: number; values: CellValue[][] } | null = null;

  const valuesFor = (dataId: number): CellValue[][] => {
    if (!data || data.id !== dataId) throw new Error(`The worker has no data ${dataId}: load it first.`);
    return data.values;
  };

  return (message: ToWorker): void => {
    if (message.type === "load") {
      data = { id: message.dataId, values: message.values };
      return;
    }
    const { id } = message;
    const onProgress = (progress: { fraction: number | null; message: string }) =>
      post({ type: "progress", id, progress });
    try {
      if (message.type === "inspect") {
        post({ type: "inspect-done", id, outcome: inspectData(valuesFor(message.dataId), message.request) });
      } else if (message.type === "sweep") {
        const outcome = analyseSweep(valuesFor(message.dataId), message.request, onProgress);
        post({ type: "sweep-done", id, outcome });
      } else {
        const outcome = analyseRun(valuesFor(message.dataId), message.request, onProgress);
        // Typed arrays are moved, not copied: labels for a million rows are 4 MB.
        const transfer = [
          outcome.labelsByRow.buffer,
          outcome.scatter.x.buffer,
          outcome.scatter.y.buffer,
          outcome.scatter.labels.buffer,
          ...(outcome.silhouette ? [outcome.silhouette.values.buffer, outcome.silhouette.labels.buffer] : []),
        ].filter((b, i, all) => all.indexOf(b) === i) as ArrayBuffer[];
        post({ type: "run-done", id, outcome }, transfer);
      }
    } catch (error) {
      post({ type: "error", id, error: toWire(error) });
    }
  };
}

export function toWire(error: unknown): WireError {
  if (isSegmentError(error)) return { name: error.name, message: error.message, kind: error.kind };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}
