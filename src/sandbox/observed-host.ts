/**
 * The wizard's host in the sandbox: the ordinary in-memory host, which also tells the page when it has
 * written, so the grid shows the labels, the profile sheet and its chart as they land. Reads and
 * settings change nothing the grid shows and pass straight through.
 */
import type { AddChart, RemovalPlan, WritePlan } from "../core/plan";
import type { ApplyOptions, RemovalReport } from "../host/host";
import { MemoryHost } from "../host/memory";
import type { Workbook } from "../host/workbook";

export class ObservedHost extends MemoryHost {
  constructor(
    workbook: Workbook,
    private readonly onWrite: () => void,
  ) {
    super(workbook);
  }

  override async applyPlan(plan: WritePlan, options: ApplyOptions = {}): Promise<void> {
    try {
      await super.applyPlan(plan, options);
    } finally {
      // Also after a failure halfway: what was written is in the workbook and must show.
      this.onWrite();
    }
  }

  override async addSheet(name: string, options: { replace?: boolean } = {}): Promise<void> {
    await super.addSheet(name, options);
    this.onWrite();
  }

  override async addChart(op: AddChart): Promise<void> {
    await super.addChart(op);
    this.onWrite();
  }

  override async removeResults(plan: RemovalPlan): Promise<RemovalReport> {
    try {
      return await super.removeResults(plan);
    } finally {
      this.onWrite();
    }
  }
}
