/**
 * The task pane in real headless Chromium (Debian's chromium, driven by playwright-core), on the built
 * dist/ served from 127.0.0.1, with an in-memory workbook holding the Mall Customers data. It clicks
 * through every step, checks what was written to the workbook and that Remove results takes it out,
 * saves a screenshot of each step to test-artifacts/e2e/, and fails if the page asks for anything
 * outside its own origin (Office.js is answered from node_modules). The page runs under its own
 * Content-Security-Policy, from its meta and, so that it covers the worker too, as a header; k-means must
 * run on the WebAssembly kernels under it, with no violation.
 *
 * Needs the built dist/ (`npm test` builds it first; alone: `npm run build`).
 */
import { existsSync, mkdirSync, readFileSync } from "fs";
import path from "path";
import type { Page } from "playwright-core";
import type { CellValue } from "../../src/core/cells";
import type { WorkbookSnapshot } from "../../src/host/workbook";
import { DIALECTS } from "../../src/core/sql/dialects";
import { DIALECT_NAMES } from "../../src/taskpane/score-sql";
import { builtPolicy } from "../helpers/csp";
import { kmeansSpill } from "../../src/functions/segmenting";
import { loadRange, openDatabase, runScoring } from "../helpers/sql";
import { mallCustomers } from "../taskpane/fixtures";
import { Session, openSession } from "./browser";
import { CspWatch, kernelShown, watchContentSecurityPolicy } from "./csp";
import { StaticServer, serveDirectory } from "./static-server";

const ROOT = path.resolve(__dirname, "..", "..");
const DIST = path.join(ROOT, "dist");
const SHOTS = path.join(ROOT, "test-artifacts", "e2e");
const PANE_WIDTH = 320;

jest.setTimeout(90_000);

/** Test hooks installed before the page's scripts: hold "run" requests to the worker, log progress. */
declare global {
  var __segmentTest: { holdRuns: boolean; release(): void; progress: string[] };
}

function installHooks(seed: unknown): void {
  (globalThis as { __SEGMENT_SANDBOX__?: unknown }).__SEGMENT_SANDBOX__ = seed;
  const held: (() => void)[] = [];
  const hooks = {
    holdRuns: false,
    progress: [] as string[],
    release: () => held.splice(0).forEach((send) => send()),
  };
  globalThis.__segmentTest = hooks;
  const RealWorker = globalThis.Worker;
  // A Worker whose "run" messages can be held back, so the Run step can be seen (and cancelled) on
  // data that k-means finishes in milliseconds. Everything else goes straight through.
  globalThis.Worker = class extends RealWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener("message", (event: MessageEvent) => {
        const data = event.data as { type?: string; progress?: { message: string } };
        if (data.type === "progress" && data.progress) hooks.progress.push(data.progress.message);
      });
    }
    postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions): void {
      const send = () => super.postMessage(message, transfer as Transferable[]);
      if (hooks.holdRuns && (message as { type?: string }).type === "run") held.push(send);
      else send();
    }
  };
}

describe("the task pane in Chromium", () => {
  let server: StaticServer;
  let session: Session;
  let page: Page;
  let csp: CspWatch;
  const pageErrors: string[] = [];
  let openedAt = 0;
  const values: CellValue[][] = mallCustomers();
  const seed = { sheets: [{ name: "Customers", values }], selection: "Customers!A1:E201" };

  beforeAll(async () => {
    if (!existsSync(path.join(DIST, "taskpane.html")) || !existsSync(path.join(DIST, "worker.js"))) {
      throw new Error("dist/ has no built task pane (taskpane.html, worker.js): run `npm run build` first.");
    }
    mkdirSync(SHOTS, { recursive: true });
    server = await serveDirectory(DIST, { "Content-Security-Policy": builtPolicy("taskpane.html") });
    session = await openSession(server.origin, { width: PANE_WIDTH, height: 720 });
    csp = await watchContentSecurityPolicy(session.context);
    page = await session.context.newPage();
    // Waits fail fast; the few slow steps (the sweep) say so.
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.addInitScript(installHooks, seed);
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  /**
   * The whole pane as if it were tall enough to show everything: the viewport grows to the page's
   * height first, so the sticky progress and navigation bars sit at the bottom, not over the content.
   */
  const shot = async (name: string) => {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: PANE_WIDTH, height: Math.max(720, height) });
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    await page.setViewportSize({ width: PANE_WIDTH, height: 720 });
  };
  const snapshot = () =>
    page.evaluate(() => (globalThis.__SEGMENT_WORKBOOK__ as { snapshot(): WorkbookSnapshot }).snapshot());
  const heading = () => page.locator("h2.step-title");
  /** Waits for the step whose heading reads `text`. */
  const onStep = (text: string, timeout = 20_000) =>
    page
      .locator("h2.step-title", { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) })
      .waitFor({ timeout });
  /** Nothing may stick out sideways at the pane's width. */
  const expectFits = async () =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PANE_WIDTH);
  const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? "");

  it("1. opens on the Data step with the sandbox workbook, and previews the selection", async () => {
    await page.goto(`${server.origin}/taskpane.html`);
    openedAt = Date.now();
    await onStep("Where are your customers?");
    await page.getByText("Sandbox: an in-memory workbook").waitFor();
    expect(await page.getByLabel("The current selection").isChecked()).toBe(true);
    await shot("01-data");

    await page.getByRole("button", { name: "Read data" }).click();
    await page.getByText("200 rows × 5 columns, with a header row").waitFor();
    const headers = await page.locator("table.grid thead th").allTextContents();
    expect(headers).toEqual(["CustomerID", "Gender", "Age", "Annual Income (k$)", "Spending Score (1-100)"]);
    expect(await page.locator("table.grid tbody tr").count()).toBe(5);
    await expectFits();
    await shot("02-data-preview");
  });

  it("2. shows each column's kind, CustomerID unchecked, and the scaling and missing-value choices", async () => {
    await page.getByRole("button", { name: "Next: features" }).click();
    await onStep("What describes a customer?");
    expect(await focusedText()).toBe("What describes a customer?");
    const checked = async (name: string) => page.getByLabel(name, { exact: true }).isChecked();
    expect(await checked("CustomerID")).toBe(false);
    for (const name of ["Gender", "Age", "Annual Income (k$)", "Spending Score (1-100)"]) {
      expect(await checked(name)).toBe(true);
    }
    expect(await page.locator(".feature .badge").allTextContents()).toEqual([
      "identifier",
      "category",
      "number",
      "number",
      "number",
    ]);
    await page.getByText("Looks like an identifier").waitFor();
    expect(await page.getByLabel("Scaling").inputValue()).toBe("zscore");
    expect(await page.getByLabel("Missing values").inputValue()).toBe("drop");
    await expectFits();
    await shot("03-features");
  });

  it("3. compares k with an elbow and a silhouette chart and recommends a k with its reason", async () => {
    await page.getByRole("button", { name: "Next: number of segments" }).click();
    await page.getByText(/^Recommended: \d+ segments$/).waitFor({ timeout: 30_000 });
    const recommended = Number((await page.locator(".recommended").textContent())?.match(/\d+/)?.[0]);
    expect(recommended).toBeGreaterThanOrEqual(2);
    expect(await page.locator(".recommendation p").nth(1).textContent()).toMatch(/k = \d+/);
    expect(await page.getByLabel("Number of segments (k)").inputValue()).toBe(String(recommended));
    await page.waitForFunction(() => document.querySelectorAll("canvas").length === 2);
    await expectChartsDrawn(page, 2);
    expect(await page.locator("canvas").first().getAttribute("aria-label")).toMatch(/^Elbow chart/);
    await expectFits();
    await shot("04-segments");
  });

  it("4. runs in the worker with a progress bar; Cancel stops it, and a second run completes", async () => {
    const k = await page.getByLabel("Number of segments (k)").inputValue();
    await page.evaluate(() => (globalThis.__segmentTest.holdRuns = true));
    await page.getByRole("button", { name: `Run with k = ${k}` }).click();
    await onStep("Finding segments");
    await page.locator("progress").waitFor();
    const cancel = page.getByRole("button", { name: "Cancel" });
    expect(await cancel.isVisible()).toBe(true);
    await expectFits();
    await shot("05-run");

    await cancel.click();
    await page.getByText("Cancelled: no segments were computed.").waitFor();
    expect(await heading().textContent()).toBe("How many segments?");

    await page.evaluate(() => {
      globalThis.__segmentTest.holdRuns = false;
      globalThis.__segmentTest.release();
    });
    // Keyboard: the select takes arrow keys, the Run button Enter.
    await page.getByLabel("Number of segments (k)").selectOption(k);
    await page.getByRole("button", { name: `Run with k = ${k}` }).focus();
    await page.keyboard.press("Enter");
    await onStep("Your segments");
    const progress = await page.evaluate(() => globalThis.__segmentTest.progress);
    expect(progress).toContain("k-means: start 1 of 4, iteration 1");
    expect(progress.at(-1)).toBe("Done.");
    // Under the page's Content-Security-Policy, on the kernels: the JavaScript fallback would be silent.
    expect(await kernelShown(page)).toBe("wasm");
  });

  it("5. shows sizes, editable profile names, what drives the segments, the PCA scatter and the silhouette plot", async () => {
    const k = await page.locator("ol.segments li").count();
    const counts = (await page.locator(".size-count").allTextContents()).map((t) => Number(t.split(" ")[0]));
    expect(counts).toHaveLength(k);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(200);
    const names = page.locator("ol.segments input[type=text]");
    expect(await names.count()).toBe(k);
    await page.getByLabel("Name of segment 1", { exact: true }).fill("Big spenders");
    expect(await page.locator("ol.segments .segment-why").first().textContent()).toMatch(/^Stands out by /);
    await page.waitForFunction(() => document.querySelectorAll("canvas").length === 3);
    await expectChartsDrawn(page, 3);
    const drivers = page.locator("canvas[aria-label^='Bar chart of how much of each feature']");
    expect(await drivers.getAttribute("aria-label")).toMatch(/Annual Income \(k\$\) \d+%/);
    expect(await page.locator("details.averages").getAttribute("open")).toBe("");
    // Stability, on demand: a line on every card, a score from 0 to 1 and a verdict.
    await page.getByRole("button", { name: "Check stability" }).click();
    await page.locator(".segment-stability").first().waitFor({ timeout: 30_000 });
    const stability = await page.locator(".segment-stability").allTextContents();
    expect(stability).toHaveLength(k);
    for (const line of stability) {
      expect(line).toMatch(/^Stability (0\.\d+|1): (stable|moderately stable|weak|dissolving)$/);
    }
    // The names typed before the check are kept.
    expect(await page.getByLabel("Name of segment 1", { exact: true }).inputValue()).toBe("Big spenders");
    await expectFits();
    await shot("06-results");
  });

  it("6. writes labels beside the data, the formatted profile sheet and a native chart", async () => {
    await page.getByRole("button", { name: "Write to workbook" }).click();
    await page.getByText(/^Wrote 200 labels to column F of Customers/).waitFor();
    await shot("07-written");

    const book = await snapshot();
    const data = book.sheets.find((s) => s.name === "Customers");
    const column = (data?.values ?? []).map((row) => row[5]);
    expect(column).toHaveLength(201);
    expect(column[0]).toBe("Segment");
    const k = await page.locator("ol.segments li").count();
    const labels = column.slice(1) as number[];
    expect(labels.every((l) => Number.isInteger(l) && l >= 1 && l <= k)).toBe(true);
    const shown = (await page.locator(".size-count").allTextContents()).map((t) => Number(t.split(" ")[0]));
    expect(Array.from({ length: k }, (_, c) => labels.filter((l) => l === c + 1).length)).toEqual(shown);

    const profile = book.sheets.find((s) => s.name === "Segment profiles");
    expect(profile).toBeDefined();
    const rows = profile?.values ?? [];
    expect(rows[0].slice(0, 4)).toEqual(["Segment", "Name", "Size", "Share"]);
    expect(rows.slice(1, k + 1).map((r) => r[0])).toEqual(Array.from({ length: k }, (_, c) => c + 1));
    expect(rows[1][1]).toBe("Big spenders");
    expect(rows.slice(1, k + 1).map((r) => r[2])).toEqual(shown);
    expect(rows[k + 1][0]).toBe("All");
    expect(profile?.styles.A1?.bold).toBe(true);
    expect(profile?.formats[1][3]).toBe("0.0%");
    expect(profile?.colorScales).toHaveLength(1);
    expect(profile?.charts).toEqual([
      expect.objectContaining({ name: "Segment sizes", type: "ColumnClustered", source: `B1:C${k + 1}` }),
    ]);
    expect(book.settings["segment.results"]).toBeDefined();
    expect(book.settings["segment.wizard"]).toMatchObject({
      features: ["Gender", "Age", "Annual Income (k$)", "Spending Score (1-100)"],
      scaling: "zscore",
      missing: "drop",
      k,
    });
  });

  it("6b. keeps the model on a Segment model sheet, and copies DuckDB SQL that gives every customer the segment written", async () => {
    const book = await snapshot();
    const model = book.sheets.find((s) => s.name === "Segment model");
    expect(model?.values[0].slice(0, 2)).toEqual(["Segment model", "version 2"]);
    const written = (book.sheets.find((s) => s.name === "Customers")?.values ?? []).map((row) => row[5]);

    const card = page.locator("section.sql");
    expect(await card.getByRole("heading").textContent()).toBe("Score new customers in SQL");
    expect(await page.getByLabel("Dialect").locator("option").allTextContents()).toEqual(
      DIALECTS.map((d) => DIALECT_NAMES[d].label),
    );
    await page.getByLabel("Dialect").selectOption("duckdb");
    expect(await page.getByLabel("Table to score").inputValue()).toBe("customers");
    // The column the Features step took for an identifier is the id the query passes through.
    expect(await page.getByLabel("Customer id column").inputValue()).toBe("CustomerID");
    await session.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
    await page.getByRole("button", { name: "Copy SQL to score new customers" }).click();
    await card
      .getByText(
        /^Copied \d+ lines of DuckDB SQL: it scores every row of the table customers, giving each CustomerID its segment/,
      )
      .waitFor();
    const query = await page.getByLabel("SQL query that scores new customers").inputValue();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(query);
    expect(query).toMatch(/^WITH model_input AS \(\n/);
    await expectFits();
    await shot("07b-copy-sql");
    await card.screenshot({ path: path.join(SHOTS, "07c-sql-card.png") });

    // Where the webview refuses both ways of copying, the query is left selected for Ctrl+C.
    await page.evaluate(() => {
      const refuse = { writeText: () => Promise.reject(new DOMException("Write permission denied.")) };
      Object.defineProperty(navigator, "clipboard", { value: refuse, configurable: true });
      document.execCommand = () => false;
    });
    await page.getByRole("button", { name: "Copy SQL to score new customers" }).click();
    await card.getByText(/Press Ctrl\+C \(⌘C on a Mac\) to copy it\.$/).waitFor();
    expect(
      await page.evaluate(() => {
        const area = document.activeElement as HTMLTextAreaElement;
        return [area.tagName, area.selectionStart, area.selectionEnd, area.value.length];
      }),
    ).toEqual(["TEXTAREA", 0, query.length, query.length]);

    // Run where the customers live: DuckDB, on the same 200 customers.
    const db = await openDatabase();
    try {
      await loadRange(db, "customers", values);
      // CustomerID runs 1..200 down the rows: the row number the scores are mapped back by.
      const { segments } = await runScoring(db, query.split("\n"), 200);
      expect(segments).toEqual(written.slice(1));
    } finally {
      db.close();
    }
    expect((await snapshot()).settings["segment.wizard"]).toMatchObject({
      sqlDialect: "duckdb",
      sqlTable: "customers",
    });
  });

  it("7. asks in the pane before writing over its own results, and Escape keeps everything", async () => {
    await page.getByRole("button", { name: "Write to workbook" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Overwrite?" });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/write over cells that are not empty \(Customers!F1:F201\)/);
    expect(await focusedText()).toBe("Cancel");
    await expectFits();
    await shot("08-confirm-overwrite");
    await page.keyboard.press("Escape");
    await page.getByText("Nothing was written.").waitFor();
    expect(await dialog.count()).toBe(0);
  });

  it("8. Remove results takes out the labels, the profile sheet and the chart", async () => {
    await page.getByRole("button", { name: "Remove results" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Remove results?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Remove" }).click();
    await page
      .getByText(/^Removed Customers!F1:F201, sheet Segment profiles, sheet Segment model\./)
      .waitFor();
    await shot("09-removed");

    const book = await snapshot();
    expect(book.sheets.map((s) => s.name)).toEqual(["Customers"]);
    expect(book.sheets[0].values).toEqual(values);
    expect(book.sheets[0].charts).toEqual([]);
    expect(book.settings["segment.results"]).toBeUndefined();
    expect(await page.getByRole("button", { name: "Remove results" }).count()).toBe(0);
  });

  it("9. reopening the pane restores the settings, and works from the keyboard alone", async () => {
    const settings = (await snapshot()).settings;
    const again = await session.context.newPage();
    again.setDefaultTimeout(10_000);
    await again.addInitScript(installHooks, { ...seed, settings });
    await again.goto(`${server.origin}/taskpane.html`);
    await again.getByText("Your last settings for this workbook have been restored.").waitFor();
    const focused = () => again.evaluate(() => document.activeElement?.textContent ?? "");
    /** Presses Tab until the focused element reads `text`; the order must reach it within a few stops. */
    const tabTo = async (text: string) => {
      for (let i = 0; i < 15 && (await focused()) !== text; i++) await again.keyboard.press("Tab");
      expect(await focused()).toBe(text);
    };
    await tabTo("Read data");
    await again.screenshot({ path: path.join(SHOTS, "10-keyboard-focus.png") });
    await again.keyboard.press("Enter");
    await again.getByText("200 rows × 5 columns, with a header row").waitFor();
    await tabTo("Next");
    await again.keyboard.press("Enter");
    await again.locator("h2.step-title", { hasText: "What describes a customer?" }).waitFor();
    expect(await again.getByLabel("CustomerID", { exact: true }).isChecked()).toBe(false);
    expect(await again.getByLabel("Gender", { exact: true }).isChecked()).toBe(true);
    // Space toggles a focused checkbox, as everywhere else.
    await again.getByLabel("Age", { exact: true }).focus();
    await again.keyboard.press("Space");
    expect(await again.getByLabel("Age", { exact: true }).isChecked()).toBe(false);
    expect(await again.locator(".group .hint").first().textContent()).toBe("3 of 5 columns chosen.");
    await again.close();
  });

  it("10. on Income and Score, a Gaussian mixture: BIC and AIC over k, the lowest BIC recommended, a run that says how sure it is", async () => {
    await page.getByRole("button", { name: "Back" }).click();
    await onStep("How many segments?");
    await page.getByRole("button", { name: "Back" }).click();
    await onStep("What describes a customer?");
    await page.getByLabel("Gender", { exact: true }).uncheck();
    await page.getByLabel("Age", { exact: true }).uncheck();
    await page.getByRole("button", { name: "Next: number of segments" }).click();
    await page.getByText(/^Recommended: \d+ segments$/).waitFor({ timeout: 30_000 });

    await page.getByLabel("Algorithm").selectOption("gmm");
    await page.getByText("Recommended: 5 segments").waitFor({ timeout: 30_000 });
    expect(await page.getByLabel("Segment shape (covariance)").inputValue()).toBe("full");
    expect(await page.getByLabel("Number of segments (k)").inputValue()).toBe("5");
    expect(await page.locator(".recommendation p").nth(1).textContent()).toMatch(/^k = 5 has the lowest BIC/);
    await expectChartsDrawn(page, 1);
    expect(await page.locator("canvas").getAttribute("aria-label")).toMatch(
      /^BIC and AIC by number of segments: k 1: BIC/,
    );
    await expectFits();
    await shot("11-mixture-k");

    await page.getByRole("button", { name: "Run with k = 5" }).click();
    await onStep("Your segments");
    expect(await page.locator(".summary").textContent()).toMatch(
      /^5 segments of 200 customers, by a Gaussian mixture \(full covariance\); mean silhouette [\d.]+\. On average a customer's segment has probability 0\.\d+; \d+ customers? (is|are) below 0\.8, torn between segments\.$/,
    );
    expect(await page.locator("ol.segments li").count()).toBe(5);
    // The mixture's query gives each customer the probability of its segment.
    expect(await page.getByRole("button", { name: "Copy SQL to score new customers" }).count()).toBe(1);
    expect(await page.getByLabel("SQL query that scores new customers").inputValue()).toMatch(
      /\n {4}1 \/ \(EXP\(v1 - top\) \+ EXP\(v2 - top\) \+ EXP\(v3 - top\) \+ EXP\(v4 - top\) \+ EXP\(v5 - top\)\) AS probability\nFROM chosen;$/,
    );
    await expectChartsDrawn(page, 3);
    await expectFits();
    await shot("12-mixture-results");
  });

  it("11. DBSCAN: the k-distance curve suggests eps, eps and min points show the segments and noise before running", async () => {
    await page.getByRole("button", { name: "Back" }).click();
    await onStep("How many segments?");
    await page.getByLabel("Algorithm").selectOption("dbscan");
    await onStep("Which customers group together?");
    const counts = page.locator(".counts");
    await counts.getByText("3 segments (143, 33, 11 customers) and 13 noise rows (6.5%).").waitFor();
    const eps = page.getByLabel("eps (neighbourhood radius)");
    expect(await eps.inputValue()).toBe("0.43");
    expect(await page.getByLabel("Min points").inputValue()).toBe("5");
    await expectChartsDrawn(page, 1);
    expect(await page.locator("canvas").getAttribute("aria-label")).toMatch(
      /^k-distance chart: .* The knee suggests eps 0\.43\.$/,
    );
    await expectFits();
    await shot("13-density-k");

    // A wider eps: fewer noise rows, counted as it is typed, before anything runs.
    await eps.fill("0.6");
    await counts.getByText(/noise rows? \(/).waitFor();
    await page.waitForFunction(
      () => !/ 13 noise rows/.test(document.querySelector(".counts")?.textContent ?? ""),
    );
    expect(await counts.textContent()).not.toContain("13 noise rows");
    // An eps of 0 is refused where it is typed.
    await eps.fill("0");
    await eps.press("Enter");
    await page.getByText("eps must be more than 0 (got 0).").waitFor();
    await page.getByRole("button", { name: "Use the suggested eps (0.43)" }).click();
    await counts.getByText("3 segments (143, 33, 11 customers) and 13 noise rows (6.5%).").waitFor();
    expect(await eps.inputValue()).toBe("0.43");

    await page.getByRole("button", { name: "Run with eps = 0.43" }).click();
    await onStep("Your segments");
    expect(await page.locator(".summary").textContent()).toMatch(
      /^3 segments of 200 customers, by DBSCAN with eps 0\.43 and min points 5; 13 customers are noise, in no segment \(6\.5%\); mean silhouette [\d.]+\.$/,
    );
    // Three named segments, then noise in grey, unnamed.
    expect(await page.locator("ol.segments input[type=text]").count()).toBe(3);
    const noise = page.locator("ol.segments li.noise");
    expect(await noise.locator(".size-count").textContent()).toBe("13 customers · 6.5%");
    expect(await page.locator("details.averages thead th").allTextContents()).toEqual([
      "",
      "1",
      "2",
      "3",
      "Noise",
      "All",
    ]);
    await page.locator(".legend-item", { hasText: "Noise" }).first().waitFor();
    expect(await page.locator("section.sql p").textContent()).toMatch(/^DBSCAN keeps no model/);
    await expectChartsDrawn(page, 3);
    await expectFits();
    await shot("14-density-results");
  });

  it("12. writes DBSCAN's noise as 0 under a header that says so, profiles it, and removes it all again", async () => {
    await page.getByRole("button", { name: "Write to workbook" }).click();
    await page.getByText(/^Wrote 200 labels to column F of Customers/).waitFor();
    const book = await snapshot();
    const column = (book.sheets.find((s) => s.name === "Customers")?.values ?? []).map((row) => row[5]);
    expect(column[0]).toBe("Segment (0 = noise)");
    const labels = column.slice(1);
    expect([0, 1, 2, 3].map((l) => labels.filter((x) => x === l).length)).toEqual([13, 143, 33, 11]);
    const profile = book.sheets.find((s) => s.name === "Segment profiles")?.values ?? [];
    expect(profile.slice(1, 6).map((row) => row.slice(0, 3))).toEqual([
      [1, expect.any(String), 143],
      [2, expect.any(String), 33],
      [3, expect.any(String), 11],
      [0, "Noise", 13],
      ["All", "All segments", 187],
    ]);
    expect(book.settings["segment.wizard"]).toMatchObject({ algorithm: "dbscan", minPoints: 5, eps: null });

    await page.getByRole("button", { name: "Remove results" }).click();
    await page
      .getByRole("alertdialog", { name: "Remove results?" })
      .getByRole("button", { name: "Remove" })
      .click();
    await page.getByText(/^Removed Customers!F1:F201/).waitFor();
    expect((await snapshot()).sheets[0].values).toEqual(values);
  });

  it("13. Transactions -> RFM: recognises purchases, builds the customer table on a new sheet, segments it and sets the RFM segments against those found", async () => {
    const lines = readFileSync(path.join(ROOT, "samples", "online-retail-transactions.csv"), "utf8")
      .trim()
      .split(/\r?\n/)
      .map((line, i) =>
        line
          .split(",")
          .map((cell, j) => (i === 0 || j === 1 || cell === "" || isNaN(Number(cell)) ? cell : Number(cell))),
      );
    const rfm = await session.context.newPage();
    rfm.setDefaultTimeout(20_000);
    rfm.on("pageerror", (error) => pageErrors.push(error.message));
    await rfm.addInitScript(installHooks, {
      sheets: [{ name: "Purchases", values: lines }],
      selection: `Purchases!A1:G${lines.length}`,
    });
    await rfm.goto(`${server.origin}/taskpane.html`);
    await rfm.getByRole("button", { name: "Read data" }).click();
    await rfm.getByText("5,018 rows × 7 columns, with a header row").waitFor();
    expect(await rfm.getByLabel("One row per purchase: build one row per customer (RFM)").isChecked()).toBe(
      true,
    );
    expect(await rfm.getByLabel("Customer ID").inputValue()).toBe("2");
    expect(await rfm.getByLabel("Date").inputValue()).toBe("1");
    expect(await rfm.getByLabel("Amount", { exact: true }).inputValue()).toBe("5");
    expect(await rfm.getByLabel("Invoice (optional)").inputValue()).toBe("0");
    await rfm.screenshot({ path: path.join(SHOTS, "15-transactions.png"), fullPage: true });

    await rfm.getByRole("button", { name: "Build the customer table" }).click();
    await rfm.getByText('Wrote 98 customers to the new sheet "RFM customers": Next segments them.').waitFor();
    await rfm
      .getByText("98 customers from 5,018 purchase lines, on the sheet “RFM customers”.", { exact: false })
      .waitFor();
    expect(await rfm.locator("table.grid thead th").allTextContents()).toEqual([
      "Customer",
      "Recency (days)",
      "Frequency",
      "Monetary",
      "R",
      "F",
      "M",
      "RFM",
      "RFM segment",
      "Notes",
    ]);

    await rfm.getByRole("button", { name: "Next: features" }).click();
    await rfm.locator("h2.step-title", { hasText: "What describes a customer?" }).waitFor();
    for (const name of ["Recency (days)", "Frequency", "Monetary"]) {
      expect(await rfm.getByLabel(name, { exact: true }).isChecked()).toBe(true);
    }
    expect(await rfm.locator(".feature input[type=checkbox]:checked").count()).toBe(6);
    expect(
      await rfm.getByText(/segmented by Recency, Frequency and Monetary, each with log\(1 \+ x\)/).count(),
    ).toBe(1);

    await rfm.getByRole("button", { name: "Next: number of segments" }).click();
    await rfm.getByText(/^Recommended: \d+ segments$/).waitFor({ timeout: 30_000 });
    await rfm.getByRole("button", { name: /^Run with k = \d+$/ }).click();
    await rfm.locator("h2.step-title", { hasText: "Your segments" }).waitFor();
    const crosstab = rfm.locator("[aria-label='RFM segments in each segment'] table");
    await crosstab.waitFor();
    const totals = (await crosstab.locator("tbody tr td:last-child").allTextContents()).map(Number);
    expect(totals.reduce((a, b) => a + b, 0)).toBe(98);
    expect(await crosstab.locator("tbody th").allTextContents()).toContain("Champions");
    expect((await rfm.locator("ul.notes li").allTextContents()).some((t) => /^Segment 1: /.test(t))).toBe(
      true,
    );
    await rfm.screenshot({ path: path.join(SHOTS, "16-rfm-results.png"), fullPage: true });

    await rfm.getByRole("button", { name: "Write to workbook" }).click();
    await rfm.getByText(/^Wrote 98 labels to column K of RFM customers/).waitFor();
    const book = (await rfm.evaluate(() =>
      (globalThis.__SEGMENT_WORKBOOK__ as { snapshot(): WorkbookSnapshot }).snapshot(),
    )) as WorkbookSnapshot;
    expect(book.sheets.map((s) => s.name)).toEqual([
      "Purchases",
      "RFM customers",
      "Segment profiles",
      "Segment model",
    ]);
    const customers = book.sheets.find((s) => s.name === "RFM customers")?.values ?? [];
    expect(customers).toHaveLength(99);
    expect(customers[0][10]).toBe("Segment");
    expect(book.sheets[0].values).toEqual(lines);
    await rfm.close();
  });

  it("14. compares a new run with the segments an earlier run wrote: a heatmap and a sentence per earlier segment", async () => {
    const incomeScore = values.map((row) => [row[3], row[4]]);
    const earlier = kmeansSpill([incomeScore, 5, "zscore", null, null, "none"]);
    const refreshed = incomeScore.map((row, i) => [...row, earlier[i][0]]);
    const again = await session.context.newPage();
    again.setDefaultTimeout(20_000);
    again.on("pageerror", (error) => pageErrors.push(error.message));
    await again.addInitScript(installHooks, {
      sheets: [{ name: "Customers", values: refreshed }],
      selection: "Customers!A1:C201",
    });
    await again.goto(`${server.origin}/taskpane.html`);
    await again.getByRole("button", { name: "Read data" }).click();
    await again.getByText("200 rows × 3 columns, with a header row").waitFor();
    await again.getByRole("button", { name: "Next: features" }).click();
    expect(await again.getByLabel("Segment", { exact: true }).isChecked()).toBe(false);
    await again.getByRole("button", { name: "Next: number of segments" }).click();
    await again.getByText(/^Recommended: \d+ segments$/).waitFor({ timeout: 30_000 });
    await again.getByLabel("Number of segments (k)").selectOption("6");
    await again.getByRole("button", { name: "Run with k = 6" }).click();
    await again.locator("h2.step-title", { hasText: "Your segments" }).waitFor();
    expect(await again.getByLabel("Earlier segments in column").inputValue()).toBe("Segment");
    await again.getByRole("button", { name: "Compare", exact: true }).click();
    const heatmap = again.locator("table.heatmap");
    await heatmap.waitFor();
    expect(await heatmap.locator("thead th").allTextContents()).toEqual([
      "Earlier \\ now",
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
    ]);
    expect(await heatmap.locator("tbody tr").nth(1).locator("td").allTextContents()).toEqual([
      "0",
      "0",
      "29",
      "0",
      "0",
      "10",
    ]);
    await again
      .getByText("Earlier segment 2 (39 customers) split: 74% to segment 3, 26% to segment 6.")
      .waitFor();
    await again.screenshot({ path: path.join(SHOTS, "17-compare.png"), fullPage: true });
    await again.close();
  });

  it("asked for nothing outside its own origin, threw no errors and broke no rule of its Content-Security-Policy", async () => {
    // office.js outside Office would open a telemetry frame 3 s after loading: make sure that moment passed.
    const wait = 4000 - (Date.now() - openedAt);
    if (wait > 0) await page.waitForTimeout(wait);
    expect(session.outside).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(csp.violations).toEqual([]);
  });
});

/** Every canvas has been drawn on: some pixel is not transparent. */
async function expectChartsDrawn(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const canvases = Array.from(document.querySelectorAll("canvas"));
      return (
        canvases.length === n &&
        canvases.every((c) => {
          const ctx = c.getContext("2d");
          if (!ctx || c.width === 0 || c.height === 0) return false;
          const pixels = ctx.getImageData(0, 0, c.width, c.height).data;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
          return false;
        })
      );
    },
    count,
    { timeout: 10_000 },
  );
}
