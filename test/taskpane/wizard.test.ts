import { MODEL_SHEET, PROFILE_SHEET, SIZE_CHART } from "../../src/core/plan";
import { RESULTS_KEY, SETTINGS_KEY } from "../../src/taskpane/settings";
import { Wizard } from "../../src/taskpane/wizard";
import { mallCustomers } from "./fixtures";
import { MemoryHost } from "../../src/host/memory";
import { workbookFromSeed } from "../../src/host/sandbox";
import { InlineAnalyzer } from "../../src/taskpane/inline-analyzer";
import { throughToResults, wizardOn } from "./helpers";

describe("the wizard on the Mall Customers data", () => {
  it("reads the selection, detects the header and previews the first rows", async () => {
    const { wizard } = wizardOn();
    await wizard.start();
    await wizard.loadData();
    const { data, problem, step } = wizard.state;
    expect(problem).toBeNull();
    expect(step).toBe("data");
    expect(data?.preview).toMatchObject({
      address: "Customers!A1:E201",
      hasHeader: true,
      headers: ["CustomerID", "Gender", "Age", "Annual Income (k$)", "Spending Score (1-100)"],
      rowCount: 200,
      summary: "200 rows × 5 columns, with a header row",
    });
    expect(data?.preview.rows[0]).toEqual(["1", "Male", "19", "15", "39"]);
    expect(data?.preview.rows).toHaveLength(5);
    // The analyzer holds the data; the pane keeps only the header and preview rows.
    expect(data?.range.rowCount).toBe(201);
    expect(data?.range.values).toEqual(mallCustomers().slice(0, 6));
  });

  it("says how far reading has got, request by request, and then column by column how the checking goes", async () => {
    const values = mallCustomers();
    const host = new MemoryHost(
      workbookFromSeed({ sheets: [{ name: "Customers", values }], selection: "Customers!A1:E201" }),
      250, // 50 rows of 5 cells per request
    );
    const wizard = new Wizard({ host, analyzer: new InlineAnalyzer(), confirm: async () => false });
    const seen: string[] = [];
    wizard.subscribe((s) => {
      if (s.busy && seen.at(-1) !== s.busy.message) seen.push(s.busy.message);
    });
    await wizard.start();
    seen.length = 0;
    await wizard.loadData();
    expect(seen).toEqual([
      "Reading the data…",
      "Reading the data… 50 of 201 rows",
      "Reading the data… 100 of 201 rows",
      "Reading the data… 150 of 201 rows",
      "Reading the data… 200 of 201 rows",
      "Reading the data… 201 of 201 rows",
      "Checking the columns…",
      "Checking the columns… 0 of 5",
      "Checking the columns… 1 of 5",
      "Checking the columns… 2 of 5",
      "Checking the columns… 3 of 5",
      "Checking the columns… 4 of 5",
      "Checking the columns… 5 of 5",
    ]);
    expect(wizard.state.data?.summary.rowCount).toBe(200);
  });

  it("offers every column with its kind and leaves CustomerID unchecked", async () => {
    const { wizard } = wizardOn();
    await wizard.start();
    await wizard.loadData();
    await wizard.next();
    expect(wizard.state.step).toBe("features");
    expect(wizard.state.features.map((f) => [f.info.name, f.info.kind, f.selected])).toEqual([
      ["CustomerID", "identifier", false],
      ["Gender", "categorical", true],
      ["Age", "numeric", true],
      ["Annual Income (k$)", "numeric", true],
      ["Spending Score (1-100)", "numeric", true],
    ]);
  });

  it("sweeps k, recommends one with its reason, runs, and profiles the segments", async () => {
    const { wizard } = wizardOn();
    const seen: string[] = [];
    wizard.subscribe((s) => {
      if (s.busy) seen.push(s.busy.task);
    });
    await wizard.start();
    await wizard.loadData();
    await wizard.next();
    await wizard.next();
    const { sweep, k, step } = wizard.state;
    expect(step).toBe("k");
    expect(sweep?.points.map((p) => p.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(k).toBe(sweep?.recommendation.k);
    expect(sweep?.recommendation.reason).toMatch(/k = \d+/);
    await wizard.next();
    const { result, names } = wizard.state;
    expect(wizard.state.step).toBe("results");
    expect(result?.k).toBe(k);
    expect(result?.labelsByRow).toHaveLength(200);
    expect(result?.sizes.reduce((a, b) => a + b, 0)).toBe(200);
    expect(names).toEqual(result?.report.segments.map((s) => s.name));
    expect(result?.scatter.x).toHaveLength(200);
    expect(result?.silhouette?.values).toHaveLength(200);
    expect(new Set(seen)).toEqual(new Set(["start", "read", "sweep", "run"]));
  });

  it("writes labels next to the data, the profile sheet with edited names and the chart; Remove takes them out", async () => {
    const { wizard, host } = wizardOn(mallCustomers(), { answers: [true] });
    const before = host.workbook.snapshot();
    await throughToResults(wizard);
    wizard.rename(1, "Big spenders");
    const steps: string[] = [];
    const stop = wizard.subscribe((st) => {
      if (st.busy?.task === "write" && steps.at(-1) !== st.busy.message) steps.push(st.busy.message);
    });
    await wizard.write();
    stop();
    // Each step of writing says what it is doing, then the cells written so far.
    expect(steps.slice(0, 4)).toEqual([
      "Preparing what to write…",
      "Checking the target cells…",
      "Recording what will be written, for Remove results…",
      "Writing…",
    ]);
    expect(steps.at(-1)).toMatch(/^Writing… [\d,]+ of [\d,]+ cells$/);
    expect(wizard.state.problem).toBeNull();
    expect(wizard.state.notice).toBe(
      'Wrote 200 labels to column F of Customers, the sheet "Segment profiles" with a chart of segment sizes, and the model on the sheet "Segment model".',
    );
    const snap = host.workbook.snapshot();
    const labels = snap.sheets[0].values.map((row) => row[5]);
    const k = wizard.state.result?.k ?? 0;
    expect(labels[0]).toBe("Segment");
    expect(labels.slice(1).every((l) => typeof l === "number" && l >= 1 && l <= k)).toBe(true);
    const profile = snap.sheets.find((s) => s.name === PROFILE_SHEET);
    expect(profile?.values[1][1]).toBe("Big spenders");
    expect(profile?.values.filter((r) => typeof r[0] === "number")).toHaveLength(k);
    // Under the "All" row, what drives the segments.
    expect(profile?.values[k + 2][0]).toBe("Separation (R²)");
    expect(profile?.charts.map((c) => c.name)).toEqual([SIZE_CHART]);
    expect(snap.sheets.map((s) => s.name)).toEqual(["Customers", PROFILE_SHEET, MODEL_SHEET]);
    expect(snap.sheets.find((s) => s.name === MODEL_SHEET)?.values[0][0]).toBe("Segment model");
    expect(await host.getSetting(RESULTS_KEY)).toEqual(wizard.state.written);

    await wizard.removeResults();
    expect(wizard.state.notice).toBe(
      `Removed Customers!F1:F201, sheet ${PROFILE_SHEET}, sheet ${MODEL_SHEET}.`,
    );
    expect(wizard.state.written).toBeNull();
    const after = host.workbook.snapshot();
    expect(after.sheets).toEqual(before.sheets);
    expect(after.settings[RESULTS_KEY]).toBeUndefined();
  });

  it("asks before writing over non-empty cells, and writes nothing when told no", async () => {
    const { wizard, host, questions } = wizardOn(mallCustomers(), { answers: [false] });
    host.workbook.setCell("Customers", 10, 5, "my note");
    await throughToResults(wizard);
    await wizard.write();
    expect(questions).toHaveLength(1);
    expect(questions[0].message).toBe(
      "Writing the results would write over cells that are not empty (Customers!F11). Excel cannot undo this. Write anyway?",
    );
    expect(wizard.state.notice).toBe("Nothing was written.");
    expect(host.workbook.cell("Customers", 10, 5)?.value).toBe("my note");
    expect(host.workbook.getSheet(PROFILE_SHEET)).toBeUndefined();
    expect(wizard.state.written).toBeNull();
  });

  it("replaces an existing profile sheet only after asking", async () => {
    const { wizard, host, questions } = wizardOn(mallCustomers(), { answers: [true, true] });
    await throughToResults(wizard);
    await wizard.write();
    await wizard.write();
    expect(questions.map((q) => q.title)).toEqual(["Overwrite?"]);
    expect(questions[0].message).toMatch(/replace the sheets "Segment profiles", "Segment model"/);
    expect(host.workbook.sheets.map((s) => s.name)).toEqual(["Customers", PROFILE_SHEET, MODEL_SHEET]);
  });

  it("adds a table column when the data is an Excel table", async () => {
    const { wizard, host } = wizardOn(mallCustomers(), {
      seed: { tables: [{ name: "Mall", sheet: "Customers", address: "A1:E201" }] },
    });
    await wizard.start();
    wizard.setSource("table");
    expect(wizard.state.tableName).toBe("Mall");
    await wizard.loadData();
    await wizard.next();
    await wizard.next();
    await wizard.next();
    await wizard.write();
    expect(host.workbook.table("Mall")?.headers.at(-1)).toBe("Segment");
    expect(wizard.state.notice).toMatch(/^Wrote 200 labels to a new column of table Mall/);
    expect(wizard.state.written?.ops[0]).toEqual({
      kind: "deleteTableColumn",
      table: "Mall",
      name: "Segment",
    });
  });

  it("remembers features, log transforms, scaling, missing policy and k in the document settings", async () => {
    const first = wizardOn();
    await first.wizard.start();
    await first.wizard.loadData();
    await first.wizard.next();
    first.wizard.toggleFeature("Gender", false);
    first.wizard.toggleLog("Annual Income (k$)", true);
    first.wizard.setScaling("robust");
    first.wizard.setMissing("median");
    await first.wizard.next();
    first.wizard.setK(6);
    await first.wizard.next();
    const stored = first.host.workbook.snapshot().settings[SETTINGS_KEY];
    expect(stored).toEqual({
      source: "selection",
      table: null,
      features: ["Age", "Annual Income (k$)", "Spending Score (1-100)"],
      logTransform: ["Annual Income (k$)"],
      scaling: "robust",
      missing: "median",
      k: 6,
      algorithm: "kmeans",
      covariance: "full",
      mixtureK: null,
      minPoints: 5,
      eps: null,
      sqlDialect: "ansi",
      sqlTable: "customers",
    });

    // Reopening the pane on the same workbook shows them again.
    const again = wizardOn(mallCustomers(), { seed: { settings: { [SETTINGS_KEY]: stored } } });
    await again.wizard.start();
    expect(again.wizard.state).toMatchObject({ restored: true, scaling: "robust", missing: "median" });
    await again.wizard.loadData();
    expect(again.wizard.state.features.map((f) => [f.info.name, f.selected, f.log])).toEqual([
      ["CustomerID", false, false],
      ["Gender", false, false],
      ["Age", true, false],
      ["Annual Income (k$)", true, true],
      ["Spending Score (1-100)", true, false],
    ]);
    await again.wizard.next();
    await again.wizard.next();
    expect(again.wizard.state.k).toBe(6);
  });
});

describe("the wizard's messages", () => {
  it("shows the core's message when an identifier is chosen, and stays on Features", async () => {
    const { wizard } = wizardOn();
    await wizard.start();
    await wizard.loadData();
    await wizard.next();
    wizard.toggleFeature("CustomerID", true);
    await wizard.next();
    expect(wizard.state.step).toBe("features");
    expect(wizard.state.problem).toEqual({
      title: "Segment could not compare numbers of segments",
      detail: "CustomerID looks like an identifier: leave it out of the range.",
    });
  });

  it("explains a single-cell selection and an empty choice of features", async () => {
    const { wizard } = wizardOn(mallCustomers(), { seed: { selection: "Customers!B2" } });
    await wizard.start();
    await wizard.loadData();
    expect(wizard.state.problem?.detail).toMatch(/^Only one cell is selected/);
    await wizard.next();
    expect(wizard.state.problem?.title).toBe("No data yet");

    const other = wizardOn();
    await other.wizard.start();
    await other.wizard.loadData();
    await other.wizard.next();
    for (const f of other.wizard.state.features) other.wizard.toggleFeature(f.info.name, false);
    await other.wizard.next();
    expect(other.wizard.state.problem?.title).toBe("No features chosen");
  });

  it("asks for a table when there is none", async () => {
    const { wizard } = wizardOn();
    await wizard.start();
    wizard.setSource("table");
    await wizard.loadData();
    expect(wizard.state.problem?.detail).toBe(
      "This workbook has no Excel tables: use the selection or the sheet's used range.",
    );
  });

  it("goes back to the k step with a notice when a run is cancelled", async () => {
    const { wizard } = wizardOn();
    await wizard.start();
    await wizard.loadData();
    await wizard.next();
    await wizard.next();
    const unsubscribe = wizard.subscribe((s) => {
      if (s.busy?.task === "run" && s.busy.message.startsWith("k-means")) wizard.cancel();
    });
    await wizard.next();
    unsubscribe();
    expect(wizard.state).toMatchObject({
      step: "k",
      busy: null,
      result: null,
      notice: "Cancelled: no segments were computed.",
    });
  });

  it("drops the sweep and results when the features change", async () => {
    const { wizard } = wizardOn();
    await throughToResults(wizard);
    expect(wizard.canGoTo("results")).toBe(true);
    wizard.goTo("features");
    wizard.toggleFeature("Age", false);
    expect(wizard.state.sweep).toBeNull();
    expect(wizard.state.result).toBeNull();
    expect(wizard.canGoTo("k")).toBe(false);
    expect(wizard.canGoTo("results")).toBe(false);
  });
});

describe("the wizard on heavy-tailed data", () => {
  it("starts a column with a heavy right tail with log(1 + x) on, and a moderate one with it off", async () => {
    const rows = Array.from({ length: 60 }, (_, i) => [
      20 + ((i * 7) % 40), // Age: flat
      i % 10 === 0 ? 5000 + i : 10 + (i % 9), // Spend: a few whales
    ]);
    const host = new MemoryHost(
      workbookFromSeed({
        sheets: [{ name: "RFM", values: [["Age", "Spend"], ...rows] }],
        selection: "RFM!A1:B61",
      }),
    );
    const wizard = new Wizard({ host, analyzer: new InlineAnalyzer(), confirm: async () => false });
    await wizard.start();
    await wizard.loadData();
    await wizard.next();
    expect(wizard.state.features.map((f) => [f.info.name, f.selected, f.log])).toEqual([
      ["Age", true, false],
      ["Spend", true, true],
    ]);
  });
});

describe("the wizard on a range with a totals row", () => {
  it("says the totals row is left out, and gives it no segment", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => [20 + (i % 9), 30 + ((i * 7) % 23)]);
    const total = ["Total", rows.reduce((s, r) => s + r[1], 0)];
    const host = new MemoryHost(
      workbookFromSeed({
        sheets: [{ name: "Data", values: [["Age", "Income"], ...rows, total] }],
        selection: "Data!A1:B42",
      }),
    );
    const wizard = new Wizard({ host, analyzer: new InlineAnalyzer(), confirm: async () => false });
    await throughToResults(wizard);
    expect(wizard.state.data?.preview.notes).toEqual([
      "Row 42 of the range is a totals row, not a customer: left out, with no segment.",
    ]);
    const labels = wizard.state.result?.labelsByRow;
    expect(labels?.length).toBe(41);
    expect(labels?.[40]).toBe(0);
    expect(
      Array.from(labels ?? [])
        .slice(0, 40)
        .every((l) => l >= 1),
    ).toBe(true);
  });
});
