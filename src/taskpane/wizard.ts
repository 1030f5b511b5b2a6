import { RemovalPlan, WritePlan, mergeRemovals, planRemoval } from "../core/plan";
import type { MissingPolicy, Scaling } from "../core/preprocess";
import type { DataRange, DataSourceKind, Host, TableInfo } from "../host/host";
import { ANALYSIS } from "./limits";
import type { Analyzer } from "./analyzer";
import { isCancelled } from "./cancelled";
import {
  FeatureChoice,
  initialChoices,
  loggedFeatures,
  selectedFeatures,
  toggleFeature,
  toggleLog,
} from "./feature-choices";
import { Problem, problemOf } from "./messages";
import { PREVIEW_ROWS, Preview, previewOf } from "./preview";
import { nextTask } from "../host/chunk";
import type { AnalysisOptions, DataSummary, Progress, RunOutcome, SweepOutcome } from "./protocol";
import {
  DEFAULT_SETTINGS,
  PaneSettings,
  RESULTS_KEY,
  SETTINGS_KEY,
  parseRemovalPlan,
  parseSettings,
} from "./settings";
import {
  conflictQuestion,
  describePartialWrite,
  describeRecord,
  describeRemoval,
  describeWritten,
  resultsPlan,
} from "./writeback";

/**
 * The wizard's logic, with no DOM: a state object, and actions that talk to the Host and the Analyzer
 * and update the state. Views render the state and call the actions; tests drive the actions against
 * the in-memory host.
 */
export type StepId = "data" | "features" | "k" | "run" | "results";

export const STEPS: readonly { readonly id: StepId; readonly title: string }[] = [
  { id: "data", title: "Data" },
  { id: "features", title: "Features" },
  { id: "k", title: "Segments" },
  { id: "run", title: "Run" },
  { id: "results", title: "Results" },
];

export interface Busy {
  readonly task: "start" | "read" | "sweep" | "run" | "write" | "remove";
  readonly message: string;
  readonly fraction: number | null;
  readonly cancellable: boolean;
}

export interface LoadedData {
  /** The range as read, but with only its first rows in `values` (the header and the preview's). */
  readonly range: DataRange;
  readonly summary: DataSummary;
  readonly preview: Preview;
}

export interface WizardState {
  readonly step: StepId;
  /** Bumped whenever a step's content must be rebuilt (new data, sweep, result); not for typing or ticking. */
  readonly version: number;
  readonly busy: Busy | null;
  readonly problem: Problem | null;
  readonly notice: string | null;
  readonly hostKind: Host["kind"];
  readonly source: DataSourceKind;
  readonly tables: readonly TableInfo[];
  readonly tableName: string | null;
  readonly data: LoadedData | null;
  readonly features: readonly FeatureChoice[];
  readonly scaling: Scaling;
  readonly missing: MissingPolicy;
  readonly sweep: SweepOutcome | null;
  readonly k: number | null;
  readonly result: RunOutcome | null;
  /** Segment names as the user edits them, one per segment. */
  readonly names: readonly string[];
  /** What Segment has written to this workbook and not yet removed. */
  readonly written: RemovalPlan | null;
  /** True when settings were found in the workbook. */
  readonly restored: boolean;
}

export interface ConfirmRequest {
  readonly title: string;
  readonly message: string;
  readonly confirm: string;
  readonly cancel: string;
}

export interface WizardDeps {
  readonly host: Host;
  readonly analyzer: Analyzer;
  /** Asks the user (the pane's own dialog, never window.confirm); resolves true to go ahead. */
  readonly confirm: (request: ConfirmRequest) => Promise<boolean>;
}

export class Wizard {
  private s: WizardState;
  private settings: PaneSettings = DEFAULT_SETTINGS;
  private readonly listeners = new Set<(state: WizardState) => void>();

  constructor(private readonly deps: WizardDeps) {
    this.s = {
      step: "data",
      version: 0,
      busy: null,
      problem: null,
      notice: null,
      hostKind: deps.host.kind,
      source: DEFAULT_SETTINGS.source,
      tables: [],
      tableName: null,
      data: null,
      features: [],
      scaling: DEFAULT_SETTINGS.scaling,
      missing: DEFAULT_SETTINGS.missing,
      sweep: null,
      k: null,
      result: null,
      names: [],
      written: null,
      restored: false,
    };
  }

  get state(): WizardState {
    return this.s;
  }

  subscribe(listener: (state: WizardState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<WizardState>, rebuild = false): void {
    this.s = { ...this.s, ...patch, version: this.s.version + (rebuild ? 1 : 0) };
    for (const listener of this.listeners) listener(this.s);
  }

  /** Whether the stepper may jump to a step: every step before it has what it needs. */
  canGoTo(step: StepId): boolean {
    const s = this.s;
    switch (step) {
      case "data":
        return true;
      case "features":
        return s.data !== null;
      case "k":
        return s.sweep !== null;
      case "run":
        return false;
      case "results":
        return s.result !== null;
    }
  }

  dismissMessages(): void {
    this.set({ problem: null, notice: null });
  }

  /** Reads the stored settings, the record of earlier results and the workbook's tables. */
  async start(): Promise<void> {
    this.set({ busy: { task: "start", message: "Opening…", fraction: null, cancellable: false } });
    try {
      const raw = await this.deps.host.getSetting(SETTINGS_KEY);
      this.settings = parseSettings(raw);
      const written = parseRemovalPlan(await this.deps.host.getSetting(RESULTS_KEY));
      const tables = await this.deps.host.listTables();
      const savedTable = tables.find(
        (t) => t.name.toLowerCase() === (this.settings.table ?? "").toLowerCase(),
      );
      this.set(
        {
          busy: null,
          source: this.settings.source,
          tables,
          tableName: savedTable?.name ?? tables[0]?.name ?? null,
          scaling: this.settings.scaling,
          missing: this.settings.missing,
          written,
          restored: raw !== null,
        },
        true,
      );
    } catch (error) {
      this.set({ busy: null, problem: problemOf("Segment could not open this workbook", error) });
    }
  }

  setSource(source: DataSourceKind): void {
    this.set({ source, problem: null });
  }

  setTable(name: string): void {
    this.set({ tableName: name, problem: null });
  }

  async loadData(): Promise<void> {
    if (this.s.busy) return;
    const { source, tableName } = this.s;
    if (source === "table" && !tableName) {
      this.set({
        problem: {
          title: "There is no table to read",
          detail: "This workbook has no Excel tables: use the selection or the sheet's used range.",
        },
      });
      return;
    }
    this.set({
      busy: { task: "read", message: "Reading the data…", fraction: null, cancellable: false },
      problem: null,
      notice: null,
    });
    try {
      const busy = { task: "read", cancellable: false } as const;
      const range = await this.deps.host.readData({
        source,
        table: tableName ?? undefined,
        onProgress: (done, total) =>
          this.set({
            busy: {
              ...busy,
              message: `Reading the data… ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} rows`,
              fraction: total > 0 ? (0.5 * done) / total : null,
            },
          }),
      });
      this.deps.analyzer.setData(range.values);
      this.set({ busy: { ...busy, message: "Checking the columns…", fraction: 0.5 } });
      // A table always has a header row; anything else is detected (in the worker: it reads every cell).
      const summary = await this.deps.analyzer.inspect(
        { header: range.table ? true : "auto", numberFormats: range.numberFormats },
        // The second half of the bar: handing the data over (fraction 0), then checking the columns.
        (p) => this.set({ busy: { ...busy, message: p.message, fraction: 0.5 + 0.5 * (p.fraction ?? 0) } }),
      );
      // The analyzer has the data now; the pane keeps the header and preview rows only (a full
      // sheet is a million row arrays on the pane's heap, and every garbage collection walks them).
      const kept: DataRange = { ...range, values: range.values.slice(0, 1 + PREVIEW_ROWS) };
      this.set(
        {
          busy: null,
          data: { range: kept, summary, preview: previewOf(range, summary) },
          features: initialChoices(summary.columns, this.settings),
          sweep: null,
          result: null,
          names: [],
        },
        true,
      );
      await this.persist();
    } catch (error) {
      this.set({ busy: null, problem: problemOf("Segment could not read the data", error) });
    }
  }

  toggleFeature(name: string, on: boolean): void {
    this.invalidate({ features: toggleFeature(this.s.features, name, on) });
  }

  toggleLog(name: string, on: boolean): void {
    this.invalidate({ features: toggleLog(this.s.features, name, on) });
  }

  setScaling(scaling: Scaling): void {
    this.invalidate({ scaling });
  }

  setMissing(missing: MissingPolicy): void {
    this.invalidate({ missing });
  }

  /** A change to what the model sees: the sweep and any result no longer apply. */
  private invalidate(patch: Partial<WizardState>): void {
    this.set({ ...patch, sweep: null, result: null, names: [], problem: null });
  }

  setK(k: number): void {
    if (!Number.isInteger(k) || k < 1) return;
    if (k === this.s.k) return;
    this.set({ k, result: null, names: [] });
    void this.persist();
  }

  async next(): Promise<void> {
    if (this.s.busy) return;
    switch (this.s.step) {
      case "data":
        if (!this.s.data) {
          this.set({
            problem: { title: "No data yet", detail: "Choose where the data is and select Read data first." },
          });
          return;
        }
        this.set({ step: "features", problem: null, notice: null }, true);
        return;
      case "features":
        if (selectedFeatures(this.s.features).length === 0) {
          this.set({
            problem: { title: "No features chosen", detail: "Choose at least one column to segment by." },
          });
          return;
        }
        this.set({ step: "k", problem: null, notice: null }, true);
        await this.persist();
        if (!this.s.sweep) await this.computeSweep();
        return;
      case "k":
        await this.run();
        return;
      default:
        return;
    }
  }

  back(): void {
    if (this.s.busy) return;
    const order: StepId[] = ["data", "features", "k", "k", "k"];
    const at = STEPS.findIndex((s) => s.id === this.s.step);
    if (at > 0) this.set({ step: order[at - 1], problem: null, notice: null }, true);
  }

  goTo(step: StepId): void {
    if (this.s.busy || !this.canGoTo(step) || step === this.s.step) return;
    this.set({ step, problem: null, notice: null }, true);
  }

  private analysisOptions(): AnalysisOptions {
    const data = this.s.data as LoadedData;
    return {
      hasHeader: data.summary.hasHeader,
      numberFormats: data.range.numberFormats,
      features: selectedFeatures(this.s.features),
      logTransform: loggedFeatures(this.s.features),
      scaling: this.s.scaling,
      missing: this.s.missing,
    };
  }

  private progress(p: Progress): void {
    const busy = this.s.busy;
    if (busy) this.set({ busy: { ...busy, message: p.message, fraction: p.fraction } });
  }

  async computeSweep(): Promise<void> {
    if (!this.s.data) return;
    this.set({
      busy: { task: "sweep", message: "Trying numbers of segments…", fraction: 0, cancellable: true },
    });
    try {
      const sweep = await this.deps.analyzer.sweep({ ...this.analysisOptions(), kmax: ANALYSIS.kmax }, (p) =>
        this.progress(p),
      );
      const saved = this.settings.k;
      const inRange = saved !== null && sweep.points.some((p) => p.k === saved);
      this.set(
        { busy: null, sweep, k: inRange ? saved : sweep.recommendation.k, result: null, names: [] },
        true,
      );
    } catch (error) {
      this.stoppedAt(
        "features",
        error,
        "Cancelled: the numbers of segments were not compared.",
        "Segment could not compare numbers of segments",
      );
    }
  }

  async run(): Promise<void> {
    if (this.s.busy || !this.s.data || !this.s.sweep || this.s.k === null) return;
    const k = this.s.k;
    this.set(
      {
        step: "run",
        busy: { task: "run", message: "Starting…", fraction: 0, cancellable: true },
        problem: null,
        notice: null,
      },
      true,
    );
    await this.persist();
    try {
      const result = await this.deps.analyzer.run({ ...this.analysisOptions(), k }, (p) => this.progress(p));
      this.set(
        { busy: null, step: "results", result, names: result.report.segments.map((s) => s.name) },
        true,
      );
    } catch (error) {
      this.stoppedAt("k", error, "Cancelled: no segments were computed.", "The segmentation failed");
    }
  }

  /** Back to `step` after the analysis stopped: a notice when the user cancelled, a problem otherwise. */
  private stoppedAt(
    step: WizardState["step"],
    error: unknown,
    cancelledNotice: string,
    failure: string,
  ): void {
    const cancelled = isCancelled(error);
    this.set(
      {
        busy: null,
        step,
        notice: cancelled ? cancelledNotice : null,
        problem: cancelled ? null : problemOf(failure, error),
      },
      true,
    );
  }

  cancel(): void {
    if (this.s.busy?.cancellable) this.deps.analyzer.cancel();
  }

  rename(segment: number, name: string): void {
    const names = [...this.s.names];
    if (segment < 1 || segment > names.length) return;
    names[segment - 1] = name;
    this.set({ names });
  }

  /** Writes labels, profile sheet and chart; asks first when something would be overwritten. */
  async write(): Promise<void> {
    const { data, result } = this.s;
    if (this.s.busy || !data || !result) return;
    const busy: Busy = {
      task: "write",
      message: "Preparing what to write…",
      fraction: null,
      cancellable: false,
    };
    this.set({ busy, problem: null, notice: null });
    try {
      // Each step over a full sheet's million labels is its own task, so the pane can paint between.
      await nextTask();
      const plan = resultsPlan(data.range, data.summary.hasHeader, result, this.s.names);
      this.set({ busy: { ...busy, message: "Checking the target cells…" } });
      await nextTask();
      const conflicts = await this.deps.host.findConflicts(plan);
      if (conflicts.problems.length > 0) {
        this.set({
          busy: null,
          problem: { title: "Nothing was written", detail: conflicts.problems.join(" ") },
        });
        return;
      }
      const question = conflictQuestion(conflicts);
      if (question) {
        this.set({ busy: null });
        const ok = await this.deps.confirm({
          title: "Overwrite?",
          message: question,
          confirm: "Overwrite",
          cancel: "Cancel",
        });
        if (!ok) {
          this.set({ notice: "Nothing was written." });
          return;
        }
        this.set({ busy });
      }
      // The record is saved before writing, so that a write that fails halfway can still be removed.
      this.set({ busy: { ...busy, message: "Recording what will be written, for Remove results…" } });
      await nextTask();
      const before = this.s.written;
      const record = before ? mergeRemovals(before, planRemoval(plan)) : planRemoval(plan);
      await this.deps.host.setSetting(RESULTS_KEY, record);
      this.set({ written: record, busy: { ...busy, message: "Writing…" } });
      await nextTask();
      const progress = { started: -1, cells: 0 };
      try {
        await this.deps.host.applyPlan(plan, {
          replaceSheets: conflicts.sheets.length > 0,
          onOp: (index) => (progress.started = index),
          onProgress: (done, total) => {
            progress.cells = done;
            this.set({
              busy: {
                ...busy,
                message: `Writing… ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} cells`,
                fraction: total > 0 ? done / total : null,
              },
            });
          },
        });
      } catch (error) {
        await this.afterPartialWrite(plan, before, progress.started, progress.cells, error);
        return;
      }
      this.set({ busy: null, notice: describeWritten(data.range, result) });
    } catch (error) {
      this.set({ busy: null, problem: problemOf("Writing the results failed", error) });
    }
  }

  /**
   * A write that failed partway: the record keeps only the ops that had started (a sheet that was to be
   * replaced but was not reached is the user's still, and Remove must not delete it), and the pane says
   * what is in the workbook and what is not.
   */
  private async afterPartialWrite(
    plan: WritePlan,
    before: RemovalPlan | null,
    started: number,
    cells: number,
    error: unknown,
  ): Promise<void> {
    const reached = planRemoval({ ops: plan.ops.slice(0, started + 1) });
    const kept = before ? mergeRemovals(before, reached) : reached;
    const record = kept.ops.length > 0 ? kept : null;
    let saved = true;
    try {
      await this.deps.host.setSetting(RESULTS_KEY, record);
    } catch {
      saved = false; // The record in the pane still serves Remove results until it is closed.
    }
    const cause = problemOf("", error).detail;
    const state = describePartialWrite(plan, started, cells);
    const unsaved = saved
      ? ""
      : " Segment could not save this record in the workbook: remove the results before closing the pane.";
    this.set({
      busy: null,
      written: record,
      problem: { title: "Writing the results stopped partway", detail: `${cause} ${state}${unsaved}` },
    });
  }

  /** Takes out everything Segment wrote (as recorded), after asking. */
  async removeResults(): Promise<void> {
    const written = this.s.written;
    if (this.s.busy || !written) return;
    const ok = await this.deps.confirm({
      title: "Remove results?",
      message: `This deletes what Segment wrote: ${describeRecord(written)}. Excel cannot undo this.`,
      confirm: "Remove",
      cancel: "Keep",
    });
    if (!ok) return;
    this.set({
      busy: { task: "remove", message: "Removing results…", fraction: null, cancellable: false },
      problem: null,
      notice: null,
    });
    try {
      const report = await this.deps.host.removeResults(written);
      await this.deps.host.setSetting(RESULTS_KEY, null);
      this.set({ busy: null, written: null, notice: describeRemoval(report) });
    } catch (error) {
      this.set({ busy: null, problem: problemOf("Removing the results failed", error) });
    }
  }

  private async persist(): Promise<void> {
    const s = this.s;
    this.settings = {
      source: s.source,
      table: s.source === "table" ? s.tableName : this.settings.table,
      features: s.data ? selectedFeatures(s.features) : this.settings.features,
      logTransform: s.data ? loggedFeatures(s.features) : this.settings.logTransform,
      scaling: s.scaling,
      missing: s.missing,
      k: s.k ?? this.settings.k,
    };
    try {
      await this.deps.host.setSetting(SETTINGS_KEY, this.settings);
    } catch (error) {
      this.set({ problem: problemOf("Segment could not save its settings", error) });
    }
  }
}
