import type { CellValue } from "../core/cells";
import { CancelledError } from "../core/kmeans";
import { analyseRun, analyseSweep } from "./analysis";
import type { Progress, RunOutcome, RunRequest, SweepOutcome, SweepRequest } from "./protocol";

/**
 * Where the wizard's heavy work happens. WorkerAnalyzer (worker-client.ts) runs it in a Web Worker so
 * the pane never freezes; InlineAnalyzer runs it on the calling thread, for tests and as a fallback
 * where workers are unavailable.
 */
export interface Analyzer {
  /** The values later calls work on (the range as read, header included). */
  setData(values: CellValue[][]): void;
  sweep(request: SweepRequest, onProgress: (p: Progress) => void): Promise<SweepOutcome>;
  run(request: RunRequest, onProgress: (p: Progress) => void): Promise<RunOutcome>;
  /** Stops the call in progress; its promise rejects with CancelledError. */
  cancel(): void;
  dispose(): void;
}

export class InlineAnalyzer implements Analyzer {
  private values: CellValue[][] = [];
  private stop = false;

  setData(values: CellValue[][]): void {
    this.values = values;
  }

  async sweep(request: SweepRequest, onProgress: (p: Progress) => void): Promise<SweepOutcome> {
    this.stop = false;
    // A sweep has no iteration hook in the core; cancelling stops at the next progress report.
    return analyseSweep(this.values, request, (p) => {
      onProgress(p);
      if (this.stop) throw new CancelledError();
    });
  }

  async run(request: RunRequest, onProgress: (p: Progress) => void): Promise<RunOutcome> {
    this.stop = false;
    return analyseRun(this.values, request, onProgress, () => this.stop);
  }

  cancel(): void {
    this.stop = true;
  }

  dispose(): void {
    this.values = [];
  }
}
