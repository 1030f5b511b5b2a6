import type { CellValue } from "../core/cells";
import { CancelledError } from "../core/kmeans";
import { analyseRun, analyseStability, analyseSweep, inspectData } from "./analysis";
import { analyseExplore } from "./explore";
import { analyseRfm } from "./rfm";
import { analyseMigration } from "./compare";
import type { Analyzer } from "./analyzer";
import type {
  DataSummary,
  ExploreOutcome,
  ExploreRequest,
  InspectRequest,
  MigrationOutcome,
  MigrationRequest,
  RfmOutcome,
  RfmRequest,
  StabilityOutcome,
  StabilityRequest,
  Progress,
  RunOutcome,
  RunRequest,
  SweepOutcome,
  SweepRequest,
} from "./protocol";

/** The analysis on the calling thread: what the worker runs, without the worker. */
export class InlineAnalyzer implements Analyzer {
  private values: CellValue[][] = [];
  private stop = false;

  setData(values: CellValue[][]): void {
    this.values = values;
  }

  async inspect(request: InspectRequest, onProgress?: (p: Progress) => void): Promise<DataSummary> {
    return inspectData(this.values, request, onProgress);
  }

  async sweep(request: SweepRequest, onProgress: (p: Progress) => void): Promise<SweepOutcome> {
    this.stop = false;
    // A sweep has no iteration hook in the core; cancelling stops at the next progress report.
    return analyseSweep(this.values, request, (p) => {
      onProgress(p);
      if (this.stop) throw new CancelledError();
    });
  }

  async explore<R extends ExploreRequest>(
    request: R,
    onProgress: (p: Progress) => void,
  ): Promise<Extract<ExploreOutcome, { kind: R["kind"] }>> {
    this.stop = false;
    return analyseExplore(this.values, request, (p) => {
      onProgress(p);
      if (this.stop) throw new CancelledError();
    }) as Extract<ExploreOutcome, { kind: R["kind"] }>;
  }

  async rfm(request: RfmRequest, onProgress: (p: Progress) => void): Promise<RfmOutcome> {
    return analyseRfm(this.values, request, onProgress);
  }

  async stability(request: StabilityRequest, onProgress: (p: Progress) => void): Promise<StabilityOutcome> {
    this.stop = false;
    return analyseStability(this.values, request, (p) => {
      onProgress(p);
      if (this.stop) throw new CancelledError();
    });
  }

  async migration(request: MigrationRequest): Promise<MigrationOutcome> {
    return analyseMigration(this.values, request);
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
