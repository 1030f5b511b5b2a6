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
import { RFM_DEFAULTS, ReturnsMode } from "../core/rfm";
import { TransactionColumns, guessTransactionColumns } from "../core/rfm-columns";
import { RFM_HEADER } from "../core/rfm-rows";
import { RFM_SHEET, rfmDataRange, rfmFeatureChoices, rfmSheetPlan } from "./rfm-path";
import { DEFAULT_SQL_CHOICE, SqlChoice, defaultIdColumn, isDialect } from "./score-sql";
import { nextTask } from "../host/chunk";
import { ParamValue, paramProblem } from "../core/algorithms/clusterer";
import { paneAlgorithm, paramSpec } from "./algorithms";
import type {
  AlgorithmId,
  AnalysisOptions,
  DataSummary,
  DensityCountsOutcome,
  DensityCurveOutcome,
  MixtureSweepOutcome,
  MigrationOutcome,
  Progress,
  RunOutcome,
  StabilityOutcome,
  SweepOutcome,
} from "./protocol";
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
  readonly task: "start" | "read" | "rfm" | "sweep" | "run" | "stability" | "write" | "remove";
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

/** The Gaussian mixture's choices on the k step, and the BIC sweep they were made from. */
export interface MixtureChoice {
  readonly covariance: string;
  readonly k: number | null;
  readonly sweep: MixtureSweepOutcome | null;
}

/**
 * DBSCAN's choices on the k step: min points and eps (which follows the suggested eps until the user
 * types one), the k-distance curve, and the segment and noise counts of the current eps and min
 * points, counted in the background as they change.
 */
export interface DensityChoice {
  readonly minPoints: number;
  readonly eps: number | null;
  readonly epsEdited: boolean;
  readonly curve: DensityCurveOutcome | null;
  readonly counts: DensityCountsOutcome | null;
  readonly counting: boolean;
  /** Where the count in progress is, in words (on a large sheet it takes a second or more), or null. */
  readonly countProgress: string | null;
  /** Why the counts could not be given (an eps that is too wide for the data, say), or null. */
  readonly countsProblem: string | null;
}

/**
 * The Transactions -> RFM path: the transactions as read, which columns hold what, the day Recency
 * is counted to ("" for the day after the last purchase), returns, and once the customer table is
 * built, how many customers it has and what was left out.
 */
export interface TransactionsChoice {
  readonly source: LoadedData;
  readonly columns: TransactionColumns | null;
  readonly asOf: string;
  readonly returns: ReturnsMode;
  readonly built: { readonly customers: number; readonly notes: readonly string[] } | null;
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
  /** What a row of the range is: a customer, or a purchase (then the wizard builds the customers). */
  readonly dataKind: "customers" | "transactions";
  readonly transactions: TransactionsChoice | null;
  /** On the RFM path, each customer row's rule-based RFM segment name, for the crosstab. */
  readonly rfmNames: readonly string[] | null;
  readonly features: readonly FeatureChoice[];
  readonly scaling: Scaling;
  readonly missing: MissingPolicy;
  readonly algorithm: AlgorithmId;
  /** k-means' elbow sweep and k. */
  readonly sweep: SweepOutcome | null;
  readonly k: number | null;
  readonly mixture: MixtureChoice;
  readonly density: DensityChoice;
  /** Parameters set through the generic form of an algorithm's table, by algorithm id. */
  readonly choices: Readonly<Record<string, Readonly<Record<string, ParamValue>>>>;
  readonly result: RunOutcome | null;
  /** `result` set against the earlier segments in a column of the data, once compared. */
  readonly migration: {
    readonly result: RunOutcome;
    readonly column: string;
    readonly outcome: MigrationOutcome;
  } | null;
  /** How stable the segments of `result` are, once checked (k-means only). */
  readonly stability: { readonly result: RunOutcome; readonly outcome: StabilityOutcome } | null;
  /** Segment names as the user edits them, one per segment. */
  readonly names: readonly string[];
  /** How the results step writes the SQL that scores new customers with the run's model. */
  readonly sql: SqlChoice;
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
  /** Bumped by each density count, so that one overtaken by a newer one is dropped. */
  private countToken = 0;
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
      dataKind: "customers",
      transactions: null,
      rfmNames: null,
      features: [],
      scaling: DEFAULT_SETTINGS.scaling,
      missing: DEFAULT_SETTINGS.missing,
      algorithm: DEFAULT_SETTINGS.algorithm,
      sweep: null,
      k: null,
      mixture: mixtureFrom(DEFAULT_SETTINGS),
      density: densityFrom(DEFAULT_SETTINGS),
      choices: {},
      result: null,
      migration: null,
      stability: null,
      names: [],
      sql: DEFAULT_SQL_CHOICE,
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
        return this.explored();
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
          algorithm: this.settings.algorithm,
          mixture: mixtureFrom(this.settings),
          density: densityFrom(this.settings),
          sql: { ...this.s.sql, dialect: this.settings.sqlDialect, table: this.settings.sqlTable },
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
      const data: LoadedData = { range: kept, summary, preview: previewOf(range, summary) };
      // Columns named like a customer id, a date and an amount: transactions, one row per purchase.
      const columns = summary.hasHeader ? guessTransactionColumns(range.values[0] ?? []) : null;
      this.set(
        {
          busy: null,
          data,
          dataKind: columns ? "transactions" : "customers",
          transactions: { source: data, columns, asOf: "", returns: RFM_DEFAULTS.returns, built: null },
          rfmNames: null,
          features: initialChoices(summary.columns, this.settings),
          ...this.unexplored(),
          result: null,
          names: [],
          sql: { ...this.s.sql, idColumn: defaultIdColumn(summary.columns) },
        },
        true,
      );
      await this.persist();
    } catch (error) {
      this.set({ busy: null, problem: problemOf("Segment could not read the data", error) });
    }
  }

  setDataKind(kind: WizardState["dataKind"]): void {
    if (this.s.busy || this.s.transactions?.built) return;
    this.set({ dataKind: kind, problem: null }, true);
  }

  setTransactionColumns(columns: TransactionColumns): void {
    const transactions = this.s.transactions;
    if (!transactions || transactions.built) return;
    this.set({ transactions: { ...transactions, columns }, problem: null });
  }

  setTransactionOptions(options: { readonly asOf?: string; readonly returns?: ReturnsMode }): void {
    const transactions = this.s.transactions;
    if (!transactions || transactions.built) return;
    this.set({ transactions: { ...transactions, ...options }, problem: null });
  }

  /**
   * Transactions -> RFM: one row per customer from the loaded transactions, in the worker; the table
   * written to a new sheet (asking before replacing one, and recorded for Remove results); then that
   * table is the data the wizard segments, by Recency, Frequency and Monetary, each log-scaled.
   */
  async buildRfm(): Promise<void> {
    const transactions = this.s.transactions;
    if (this.s.busy || !transactions || transactions.built) return;
    if (!transactions.columns) {
      this.set({
        problem: {
          title: "Which columns are which?",
          detail: "Choose the columns of customer ids, dates and amounts (or quantities and unit prices).",
        },
      });
      return;
    }
    const busy: Busy = {
      task: "rfm",
      message: "Building the customer table…",
      fraction: null,
      cancellable: false,
    };
    this.set({ busy, problem: null, notice: null });
    try {
      const outcome = await this.deps.analyzer.rfm(
        {
          columns: transactions.columns,
          asOf: transactions.asOf.trim() === "" ? null : transactions.asOf.trim(),
          returns: transactions.returns,
        },
        (p) => this.progress(p),
      );
      const plan = rfmSheetPlan(outcome.values);
      const conflicts = await this.deps.host.findConflicts(plan);
      if (conflicts.problems.length > 0) {
        this.set({
          busy: null,
          problem: { title: "Nothing was written", detail: conflicts.problems.join(" ") },
        });
        return;
      }
      if (conflicts.sheets.length > 0) {
        this.set({ busy: null });
        const ok = await this.deps.confirm({
          title: "Replace the sheet?",
          message: `A sheet "${RFM_SHEET}" is already in this workbook. Replace it with the new customer table? Excel cannot undo this.`,
          confirm: "Replace",
          cancel: "Cancel",
        });
        if (!ok) {
          this.set({ notice: "Nothing was written." });
          return;
        }
        this.set({ busy });
      }
      this.set({
        busy: { ...busy, message: `Writing ${outcome.customers.toLocaleString("en-US")} customers…` },
      });
      const record = this.s.written ? mergeRemovals(this.s.written, planRemoval(plan)) : planRemoval(plan);
      await this.deps.host.setSetting(RESULTS_KEY, record);
      this.set({ written: record });
      await this.deps.host.applyPlan(plan, { replaceSheets: conflicts.sheets.length > 0 });

      const range = rfmDataRange(outcome.values);
      this.deps.analyzer.setData(outcome.values);
      const summary = await this.deps.analyzer.inspect(
        { header: true, numberFormats: range.numberFormats },
        (p) => this.progress(p),
      );
      const kept: DataRange = { ...range, values: outcome.values.slice(0, 1 + PREVIEW_ROWS) };
      const segmentColumn = RFM_HEADER.indexOf("RFM segment");
      this.set(
        {
          busy: null,
          data: { range: kept, summary, preview: previewOf(range, summary) },
          transactions: { ...transactions, built: { customers: outcome.customers, notes: outcome.notes } },
          rfmNames: outcome.values.slice(1).map((row) => String(row[segmentColumn] ?? "")),
          features: rfmFeatureChoices(initialChoices(summary.columns, DEFAULT_SETTINGS)),
          ...this.unexplored(),
          result: null,
          names: [],
          // The table's first column is the customer id, whether or not it reads as an identifier.
          sql: { ...this.s.sql, idColumn: RFM_HEADER[0] },
          notice: `Wrote ${outcome.customers.toLocaleString("en-US")} customers to the new sheet "${RFM_SHEET}": Next segments them.`,
        },
        true,
      );
    } catch (error) {
      this.set({ busy: null, problem: problemOf("Segment could not build the customer table", error) });
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

  /** A change to what the model sees: the sweeps, counts and any result no longer apply. */
  private invalidate(patch: Partial<WizardState>): void {
    this.set({ ...patch, ...this.unexplored(), result: null, names: [], problem: null });
  }

  /** Every algorithm's exploration cleared, its choices kept. */
  private unexplored(): Pick<WizardState, "sweep" | "mixture" | "density"> {
    const { mixture, density } = this.s;
    return {
      sweep: null,
      mixture: { ...mixture, sweep: null },
      density: {
        ...density,
        curve: null,
        counts: null,
        counting: false,
        countProgress: null,
        countsProblem: null,
      },
    };
  }

  /** Whether the current algorithm's k step has what it shows (its sweep or curve). */
  private explored(): boolean {
    return paneAlgorithm(this.s.algorithm).explored(this.s);
  }

  /** Computes what the k step shows for the current algorithm, unless it is there already. */
  private async explore(): Promise<void> {
    if (!this.explored()) await paneAlgorithm(this.s.algorithm).explore(this);
  }

  /** A parameter set through the generic form of an algorithm's table; ignored when the table refuses it. */
  setChoice(algorithm: AlgorithmId, name: string, value: ParamValue): void {
    if (paramProblem(paramSpec(algorithm, name), value) !== null) return;
    const choices = { ...this.s.choices, [algorithm]: { ...this.s.choices[algorithm], [name]: value } };
    this.set({ choices, result: null, names: [] });
  }

  async setAlgorithm(algorithm: AlgorithmId): Promise<void> {
    if (this.s.busy || algorithm === this.s.algorithm) return;
    this.set({ algorithm, result: null, names: [], problem: null, notice: null }, true);
    await this.persist();
    if (this.s.step === "k") await this.explore();
  }

  async setCovariance(covariance: string): Promise<void> {
    if (this.s.busy || covariance === this.s.mixture.covariance) return;
    if (paramProblem(paramSpec("gmm", "covariance"), covariance) !== null) return;
    this.set({ mixture: { covariance, k: null, sweep: null }, result: null, names: [] }, true);
    await this.persist();
    await this.computeMixtureSweep();
  }

  setMixtureK(k: number): void {
    if (paramProblem(paramSpec("gmm", "k"), k) !== null || k === this.s.mixture.k) return;
    this.set({ mixture: { ...this.s.mixture, k }, result: null, names: [] });
    void this.persist();
  }

  /**
   * A new min points: the k-distance curve is of the min points-th neighbour, so it is measured again
   * (and its suggested eps with it), then the counts.
   */
  async setMinPoints(minPoints: number): Promise<void> {
    if (this.s.busy || minPoints === this.s.density.minPoints) return;
    if (paramProblem(paramSpec("dbscan", "min_points"), minPoints) !== null) return;
    this.set(
      { density: { ...this.s.density, minPoints, curve: null, counts: null }, result: null, names: [] },
      true,
    );
    await this.persist();
    await this.computeDensityCurve();
  }

  /** A new eps, typed by the user: it no longer follows the suggestion; the counts follow it. */
  async setEps(eps: number): Promise<void> {
    if (paramProblem(paramSpec("dbscan", "eps"), eps) !== null) return;
    if (eps === this.s.density.eps && this.s.density.epsEdited) return;
    this.set({ density: { ...this.s.density, eps, epsEdited: true, counts: null }, result: null, names: [] });
    await this.persist();
    await this.countDensity();
  }

  /** Back to the suggested eps of the current curve. */
  async useSuggestedEps(): Promise<void> {
    const curve = this.s.density.curve;
    if (!curve) return;
    this.set({
      density: { ...this.s.density, eps: suggestedEps(curve), epsEdited: false, counts: null },
      result: null,
      names: [],
    });
    await this.persist();
    await this.countDensity();
  }

  /** Whether Run may start: the current algorithm's choices are all made. */
  canRun(): boolean {
    return this.s.data !== null && this.runParams() !== null;
  }

  /** The run's parameters, by the names of the algorithm's table, or null while one is unchosen. */
  runParams(): Record<string, ParamValue> | null {
    return paneAlgorithm(this.s.algorithm).runParams(this.s);
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
        if (this.s.dataKind === "transactions" && !this.s.transactions?.built) {
          this.set({
            problem: {
              title: "Build the customer table first",
              detail:
                "These are purchases: select Build the customer table, or say that each row is a customer.",
            },
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
        await this.explore();
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

  /**
   * What the k step computes before a run, as a cancellable task: its outcome, or null when it was
   * cancelled or failed (the pane is then back on the Features step, saying which).
   */
  private async exploring<T>(
    message: string,
    call: (onProgress: (p: Progress) => void) => Promise<T>,
    cancelled: string,
    failure: string,
  ): Promise<T | null> {
    if (!this.s.data) return null;
    this.set({ busy: { task: "sweep", message, fraction: 0, cancellable: true } });
    try {
      return await call((p) => this.progress(p));
    } catch (error) {
      this.stoppedAt("features", error, cancelled, failure);
      return null;
    }
  }

  async computeSweep(): Promise<void> {
    const sweep = await this.exploring(
      "Trying numbers of segments…",
      (onProgress) =>
        this.deps.analyzer.sweep({ ...this.analysisOptions(), kmax: ANALYSIS.kmax }, onProgress),
      "Cancelled: the numbers of segments were not compared.",
      "Segment could not compare numbers of segments",
    );
    if (!sweep) return;
    const k = keptK(this.settings.k, sweep.points, sweep.recommendation.k);
    this.set({ busy: null, sweep, k, result: null, names: [] }, true);
  }

  async computeMixtureSweep(): Promise<void> {
    const covariance = this.s.mixture.covariance;
    const sweep = await this.exploring(
      "Fitting Gaussian mixtures…",
      (onProgress) =>
        this.deps.analyzer.explore(
          { ...this.analysisOptions(), kind: "mixture", kmax: ANALYSIS.kmax, covariance },
          onProgress,
        ),
      "Cancelled: the numbers of segments were not compared.",
      "Segment could not fit the Gaussian mixtures",
    );
    if (!sweep) return;
    const k = keptK(this.s.mixture.k ?? this.settings.mixtureK, sweep.points, sweep.recommendation.k);
    this.set({ busy: null, mixture: { covariance, k, sweep }, result: null, names: [] }, true);
  }

  async computeDensityCurve(): Promise<void> {
    const { minPoints } = this.s.density;
    const curve = await this.exploring(
      "Measuring how dense the data are…",
      (onProgress) =>
        this.deps.analyzer.explore({ ...this.analysisOptions(), kind: "density", minPoints }, onProgress),
      "Cancelled: the distances between customers were not measured.",
      "Segment could not measure the distances between customers",
    );
    if (!curve) return;
    const density = this.s.density;
    const eps = density.epsEdited && density.eps !== null ? density.eps : suggestedEps(curve);
    this.set({ busy: null, density: { ...density, curve, eps, counts: null } }, true);
    await this.countDensity();
  }

  /**
   * The segments and noise that DBSCAN with the current eps and min points gives, counted without
   * blocking the pane: the k step shows them as the user changes either. A count overtaken by a newer
   * one is dropped.
   */
  async countDensity(): Promise<void> {
    const { eps, minPoints, curve } = this.s.density;
    if (!this.s.data || eps === null || !curve) return;
    const token = ++this.countToken;
    this.set({ density: { ...this.s.density, counting: true, countProgress: null, countsProblem: null } });
    try {
      const counts = await this.deps.analyzer.explore(
        { ...this.analysisOptions(), kind: "densityCounts", eps, minPoints },
        (p) => {
          if (token === this.countToken)
            this.set({ density: { ...this.s.density, countProgress: p.message } });
        },
      );
      if (token !== this.countToken) return;
      this.set({ density: { ...this.s.density, counts, counting: false, countProgress: null } });
    } catch (error) {
      if (token !== this.countToken) return;
      const problem = isCancelled(error) ? null : problemOf("", error).detail;
      this.set({
        density: { ...this.s.density, counting: false, countProgress: null, countsProblem: problem },
      });
    }
  }

  async run(): Promise<void> {
    if (this.s.busy || !this.canRun()) return;
    const algorithm = this.s.algorithm;
    const params = this.runParams() as Record<string, ParamValue>;
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
      const result = await this.deps.analyzer.run({ ...this.analysisOptions(), algorithm, params }, (p) =>
        this.progress(p),
      );
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

  /**
   * Checks how stable the k-means segments are over bootstrap resamples (a k-means fit each, so on a
   * large sheet it takes a while: it can be cancelled), for the results step to show beside each.
   */
  async checkStability(): Promise<void> {
    const result = this.s.result;
    if (this.s.busy || !result || result.algorithm !== "kmeans") return;
    this.set({
      busy: { task: "stability", message: "Checking stability…", fraction: 0, cancellable: true },
      problem: null,
      notice: null,
    });
    try {
      const outcome = await this.deps.analyzer.stability({ ...this.analysisOptions(), k: result.k }, (p) =>
        this.progress(p),
      );
      this.set({ busy: null, stability: { result, outcome } }, true);
    } catch (error) {
      this.stoppedAt(
        "results",
        error,
        "Cancelled: stability was not checked.",
        "Segment could not check stability",
      );
    }
  }

  /** Columns of the data that hold earlier segments (a Segment column an earlier run wrote). */
  earlierSegmentColumns(): string[] {
    return (this.s.data?.summary.columns ?? [])
      .filter((c) => c.warnings.some((w) => w.kind === "segmentLabels"))
      .map((c) => c.name);
  }

  /** Sets the run's segments against the earlier segments in `column`, customer by customer. */
  async compareWith(column: string): Promise<void> {
    const { result, data } = this.s;
    if (this.s.busy || !result || !data) return;
    const index = data.summary.columns.findIndex((c) => c.name === column);
    if (index < 0) return;
    try {
      const outcome = await this.deps.analyzer.migration({
        column: index,
        hasHeader: data.summary.hasHeader,
        labels: Array.from(result.labelsByRow),
      });
      this.set({ migration: { result, column, outcome }, problem: null }, true);
    } catch (error) {
      this.set({ problem: problemOf(`Segment could not compare with ${column}`, error) });
    }
  }

  rename(segment: number, name: string): void {
    const names = [...this.s.names];
    if (segment < 1 || segment > names.length) return;
    names[segment - 1] = name;
    this.set({ names });
  }

  /**
   * The dialect, table or id column of the SQL that scores new customers. The dialect and the table are
   * remembered in the workbook; the id column is one of this data's columns (or null for none).
   */
  setSqlChoice(patch: Partial<SqlChoice>): void {
    const sql = { ...this.s.sql, ...patch };
    if (!isDialect(sql.dialect)) return;
    const columns = this.s.data?.summary.columns ?? [];
    if (sql.idColumn !== null && !columns.some((c) => c.name === sql.idColumn)) return;
    const remembered = sql.dialect !== this.s.sql.dialect || sql.table !== this.s.sql.table;
    this.set({ sql });
    if (remembered) void this.persist();
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
      algorithm: s.algorithm,
      covariance: s.mixture.covariance,
      mixtureK: s.mixture.k ?? this.settings.mixtureK,
      minPoints: s.density.minPoints,
      eps: s.density.epsEdited ? s.density.eps : null,
      sqlDialect: s.sql.dialect,
      sqlTable: s.sql.table,
    };
    try {
      await this.deps.host.setSetting(SETTINGS_KEY, this.settings);
    } catch (error) {
      this.set({ problem: problemOf("Segment could not save its settings", error) });
    }
  }
}

function mixtureFrom(settings: PaneSettings): MixtureChoice {
  return { covariance: settings.covariance, k: settings.mixtureK, sweep: null };
}

function densityFrom(settings: PaneSettings): DensityChoice {
  return {
    minPoints: settings.minPoints,
    eps: settings.eps,
    epsEdited: settings.eps !== null,
    curve: null,
    counts: null,
    counting: false,
    countProgress: null,
    countsProblem: null,
  };
}

/** The curve's suggested eps to two significant digits: what an analyst would type, and what the formula shows. */
export function suggestedEps(curve: DensityCurveOutcome): number {
  const eps = Number(curve.suggestedEps.toPrecision(2));
  // eps must be above 0: a curve of duplicates (distance 0) gets the smallest eps that still joins them.
  return eps > 0 ? eps : Number.MIN_VALUE;
}

/** The k chosen before, when the sweep tried it; else the sweep's recommendation. */
function keptK(saved: number | null, points: readonly { readonly k: number }[], recommended: number): number {
  return saved !== null && points.some((p) => p.k === saved) ? saved : recommended;
}
