/**
 * The sandbox page (dist/sandbox.html) in real headless Chromium: the grid and the task pane on one
 * in-memory workbook. It opens with the Mall customers sample selected; SEGMENT formulas typed into the
 * grid run the built functions.js and spill (errors and #SPILL! with their messages); the wizard runs
 * on the selection and its labels, profile sheet and chart appear in the grid; Save as XLSX gives a
 * file exceljs reads back, which the page opens again. Fails on any request outside the page's origin
 * (the page loads no office.js at all) and on any page error. The page runs under its own
 * Content-Security-Policy (its meta, and as a header so it covers the worker too): formulas, the wizard's
 * k-means on the WebAssembly kernels and exceljs must all work with no violation.
 * Screenshots: test-artifacts/e2e/sandbox-*.png.
 *
 * Needs the built dist/ (`npm run build`).
 */
import ExcelJS from "exceljs";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "fs";
import os from "os";
import path from "path";
import type { Page } from "playwright-core";
import type { CellValue } from "../../src/core/cells";
import type { WorkbookSnapshot } from "../../src/host/workbook";
import { builtPolicy } from "../helpers/csp";
import { Session, openSession } from "./browser";
import { CspWatch, kernelShown, watchContentSecurityPolicy } from "./csp";
import { StaticServer, serveDirectory } from "./static-server";

const ROOT = path.resolve(__dirname, "..", "..");
const DIST = path.join(ROOT, "dist");
const SHOTS = path.join(ROOT, "test-artifacts", "e2e");

jest.setTimeout(90_000);

describe("the sandbox page in Chromium", () => {
  let server: StaticServer;
  let session: Session;
  let page: Page;
  let downloads: string;
  let csp: CspWatch;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(DIST, "sandbox.html")) || !existsSync(path.join(DIST, "functions.json"))) {
      throw new Error(
        "dist/ has no built sandbox (sandbox.html, functions.json): run `npm run build` first.",
      );
    }
    mkdirSync(SHOTS, { recursive: true });
    downloads = mkdtempSync(path.join(os.tmpdir(), "segment-sandbox-"));
    server = await serveDirectory(DIST, { "Content-Security-Policy": builtPolicy("sandbox.html") });
    session = await openSession(server.origin, { width: 1280, height: 800 });
    csp = await watchContentSecurityPolicy(session.context);
    page = await session.context.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `sandbox-${name}.png`) });
  const snapshot = () =>
    page.evaluate(() => (globalThis.__SEGMENT_WORKBOOK__ as { snapshot(): WorkbookSnapshot }).snapshot());
  /** What the grid component itself holds for a cell of the shown sheet (what it draws). */
  const shown = (row: number, column: number) =>
    page.evaluate(
      ([r, c]) => {
        const grid = document.querySelector("canvas-datagrid") as unknown as { data: CellValue[][] };
        return grid.data[r]?.[c] ?? "";
      },
      [row, column],
    );
  const goTo = async (address: string) => {
    await page.locator("#name-box").fill(address);
    await page.locator("#name-box").press("Enter");
  };
  /** Types into the formula bar for the cell at `address`, as a user would. */
  const type = async (address: string, text: string) => {
    await goTo(address);
    await page.locator("#cell-contents").fill(text);
    await page.locator("#cell-contents").press("Enter");
  };
  const note = () => page.locator("#cell-note");

  it("opens with the Mall customers sample, A1:E201 selected, beside the task pane", async () => {
    await page.goto(`${server.origin}/sandbox.html`);
    await page.locator("canvas-datagrid").waitFor();
    await page.getByText("Sandbox: an in-memory workbook").waitFor();
    const book = await snapshot();
    expect(book.sheets.map((s) => s.name)).toEqual(["Customers", "Transactions"]);
    expect(book.sheets[1].values).toHaveLength(5019);
    expect(book.sheets[0].values).toHaveLength(201);
    expect(book.sheets[0].values[0]).toEqual([
      "CustomerID",
      "Gender",
      "Age",
      "Annual Income (k$)",
      "Spending Score (1-100)",
    ]);
    const selection = await page.evaluate(
      () => (globalThis.__SEGMENT_WORKBOOK__ as { selection: unknown }).selection,
    );
    expect(selection).toEqual({ sheet: "Customers", rect: { row: 0, column: 0, rows: 201, columns: 5 } });
    expect(await shown(1, 1)).toBe("Male");
    expect(await page.getByRole("tab").allTextContents()).toEqual(["Customers", "Transactions"]);
    await shot("01-open");
  });

  it("spills =SEGMENT.KMEANS(D1:E201, 5) typed into F1: Segment on top, sizes 81, 39, 35, 23, 22", async () => {
    await type("F1", "=SEGMENT.KMEANS(D1:E201, 5)");
    const column = (await snapshot()).sheets[0].values.map((row) => row[5]);
    expect(column).toHaveLength(201);
    expect(column[0]).toBe("Segment");
    const sizes = [1, 2, 3, 4, 5].map((k) => column.filter((l) => l === k).length);
    expect(sizes).toEqual([81, 39, 35, 23, 22]);
    expect(await shown(0, 5)).toBe("Segment");
    expect(await shown(200, 5)).toBe(column[200]);
  });

  it("reads the spill with =SEGMENT.SILHOUETTE(D1:E201, F1#), typed into the grid's own cell editor", async () => {
    await goTo("H1");
    // Typing on a selected cell opens its editor, as in Excel.
    await page.keyboard.type("=SEGMENT.SILHOUETTE(D1:E201, F1#)");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => {
      const book = (globalThis.__SEGMENT_WORKBOOK__ as { snapshot(): WorkbookSnapshot }).snapshot();
      return typeof book.sheets[0].values[0][7] === "number";
    });
    const value = (await snapshot()).sheets[0].values[0][7] as number;
    expect(value).toBeCloseTo(0.5547, 4);
    await goTo("H1");
    expect(await page.locator("#cell-contents").inputValue()).toBe("=SEGMENT.SILHOUETTE(D1:E201, F1#)");
    await shot("02-formulas");
  });

  it("shows an error's message when its cell is selected", async () => {
    await type("J1", "=SEGMENT.KMEANS(A1:E201, 5)");
    expect(await shown(0, 9)).toBe("#VALUE!");
    await goTo("J1");
    await note()
      .getByText(/^#VALUE! CustomerID looks like an identifier/)
      .waitFor();
    await shot("03-error");
  });

  it("gives #SPILL! when a value is typed into the spill area, and spills again when it is cleared", async () => {
    await type("F10", "in the way");
    expect(await shown(0, 5)).toBe("#SPILL!");
    expect(await shown(1, 5)).toBe("");
    // The silhouette reads the blocked spill, so it carries the error on.
    expect(await shown(0, 7)).toBe("#SPILL!");
    await goTo("F1");
    await note()
      .getByText(/^#SPILL! The result needs F1:F201, but F10 is not empty/)
      .waitFor();
    await shot("04-spill");
    await type("F10", "");
    expect(await shown(0, 5)).toBe("Segment");
    expect(await shown(0, 7)).toBeCloseTo(0.5547, 4);
  });

  it("runs the wizard on the selection and writes into the grid: the Segment column and the profile sheet", async () => {
    for (const cell of ["F1", "H1", "J1"]) await type(cell, "");
    expect((await snapshot()).sheets[0].values[0]).toHaveLength(5);
    // The formulas moved the selection: select the data again, as a user would, for "the current selection".
    await goTo("A1:E201");
    await page.getByRole("button", { name: "Read data" }).click();
    await page.getByText("200 rows × 5 columns, with a header row").waitFor();
    await page.getByRole("button", { name: "Next: features" }).click();
    await page.getByRole("button", { name: "Next: number of segments" }).click();
    await page.getByText(/^Recommended: \d+ segments$/).waitFor({ timeout: 30_000 });
    const k = await page.getByLabel("Number of segments (k)").inputValue();
    await page.getByRole("button", { name: `Run with k = ${k}` }).click();
    await page.locator("h2.step-title", { hasText: "Your segments" }).waitFor({ timeout: 30_000 });
    expect(await kernelShown(page)).toBe("wasm");
    await page.getByRole("button", { name: "Write to workbook" }).click();
    await page.getByText(/^Wrote 200 labels to column F of Customers/).waitFor();
    await page.getByRole("tab", { name: "Segment profiles" }).waitFor();
    expect(await shown(0, 5)).toBe("Segment");
    expect(typeof (await shown(1, 5))).toBe("number");
    await shot("05-written");

    await page.getByRole("tab", { name: "Segment profiles" }).click();
    expect(await shown(0, 0)).toBe("Segment");
    const chart = page.locator(".sheet-chart canvas");
    await chart.waitFor();
    expect(await chart.getAttribute("aria-label")).toMatch(/^Segment sizes: /);
    await shot("06-profiles");
    await page.getByRole("tab", { name: "Customers" }).click();
  });

  it("saves the workbook as XLSX, both sheets in it, saying charts are left out", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Save as XLSX" }).click(),
    ]);
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    await page.getByText(/^Saved segment-sandbox\.xlsx\. 1 chart was left out/).waitFor();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      "Customers",
      "Transactions",
      "Segment profiles",
      "Segment model",
    ]);
    const customers = workbook.getWorksheet("Customers");
    expect(customers?.getCell("F1").value).toBe("Segment");
    expect(customers?.rowCount).toBe(201);
    expect(workbook.getWorksheet("Segment profiles")?.getCell("A1").value).toBe("Segment");
    expect(workbook.getWorksheet("Segment model")?.getCell("A1").value).toBe("Segment model");

    // And opens again from disk, every sheet a tab, the first sheet's data selected for the wizard.
    await page.locator("#open-file").setInputFiles(file);
    await page.getByText(/^Opened segment-sandbox\.xlsx: 200 rows × 6 columns/).waitFor();
    expect(await page.getByRole("tab").allTextContents()).toEqual([
      "Customers",
      "Transactions",
      "Segment profiles",
      "Segment model",
    ]);
    const selection = await page.evaluate(
      () => (globalThis.__SEGMENT_WORKBOOK__ as { selection: unknown }).selection,
    );
    expect(selection).toEqual({ sheet: "Customers", rect: { row: 0, column: 0, rows: 201, columns: 6 } });
    await shot("07-reopened");
  });

  it("asked for nothing outside its own origin, threw no errors and broke no rule of its Content-Security-Policy", async () => {
    expect(session.outside).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(csp.violations).toEqual([]);
  });
});
