import type { CellValue } from "../core/cells";
import { isSegmentError } from "../core/errors";
import { analyseRun, analyseStability, analyseSweep, inspectData } from "./analysis";
import { analyseExplore } from "./explore";
import { analyseRfm } from "./rfm";
import { analyseMigration } from "./compare";
import type { FromWorker, ToWorker, WireError } from "./protocol";
import { decodeInto } from "./row-chunks";

/**
 * The worker's message handling, apart from the worker global so it can be tested in Node. The worker
 * keeps the last data it was sent, rebuilt row by row from the bands it arrives in, and says after each
 * band how many rows it has ("loaded"); a request for data it does not have in full is a client bug and
 * says so.
 */
export function createWorkerHandler(post: (message: FromWorker, transfer?: Transferable[]) => void) {
  let data: { id: number; values: CellValue[][]; received: number } | null = null;

  const valuesFor = (dataId: number): CellValue[][] => {
    if (!data || data.id !== dataId) throw new Error(`The worker has no data ${dataId}: load it first.`);
    if (data.received !== data.values.length) {
      throw new Error(`The worker has ${data.received} of the ${data.values.length} rows of data ${dataId}.`);
    }
    return data.values;
  };

  return (message: ToWorker): void => {
    if (message.type === "load-start") {
      data = { id: message.dataId, values: new Array<CellValue[]>(message.rowCount), received: 0 };
      return;
    }
    if (message.type === "load-chunk") {
      if (data && data.id === message.dataId) {
        decodeInto(data.values, message.chunk);
        data.received += message.chunk.rows;
        post({ type: "loaded", dataId: data.id, received: data.received, rowCount: data.values.length });
      }
      return;
    }
    const { id } = message;
    const onProgress = (progress: { fraction: number | null; message: string }) =>
      post({ type: "progress", id, progress });
    try {
      if (message.type === "inspect") {
        const outcome = inspectData(valuesFor(message.dataId), message.request, onProgress);
        post({ type: "inspect-done", id, outcome });
      } else if (message.type === "sweep") {
        const outcome = analyseSweep(valuesFor(message.dataId), message.request, onProgress);
        post({ type: "sweep-done", id, outcome });
      } else if (message.type === "explore") {
        const outcome = analyseExplore(valuesFor(message.dataId), message.request, onProgress);
        post({ type: "explore-done", id, outcome });
      } else if (message.type === "migration") {
        post({
          type: "migration-done",
          id,
          outcome: analyseMigration(valuesFor(message.dataId), message.request),
        });
      } else if (message.type === "stability") {
        const outcome = analyseStability(valuesFor(message.dataId), message.request, onProgress);
        post({ type: "stability-done", id, outcome });
      } else if (message.type === "rfm") {
        const outcome = analyseRfm(valuesFor(message.dataId), message.request, onProgress);
        post({ type: "rfm-done", id, outcome });
      } else {
        const outcome = analyseRun(valuesFor(message.dataId), message.request, onProgress);
        // Typed arrays are moved, not copied: labels for a million rows are 1 to 4 MB.
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
