/*
 * The sandbox page (dist/sandbox.html): Segment's task pane beside a spreadsheet grid, both on one
 * in-memory Workbook, so that Segment can be tried without Excel. The pane is the real wizard
 * (src/taskpane/app.ts) over an in-memory host; the grid's SEGMENT formulas call the very bundle Excel
 * loads (functions.js, the next script on the page), registered through a stand-in CustomFunctions.
 */
import { runtime } from "./install-runtime"; // first: functions.js registers into it as it loads
import sampleCsv from "../../samples/mall-customers.csv";
import transactionsCsv from "../../samples/online-retail-transactions.csv";
import { Rect, qualifiedA1 } from "../host/address";
import { parseCsv } from "../host/csv";
import { workbookFromSeed } from "../host/sandbox";
import type { Workbook } from "../host/workbook";
import { mountApp } from "../taskpane/app";
import { displayValue } from "./display";
import { FormulaEngine, FunctionLookup } from "./engine";
import { OpenedSheet, download, isSpreadsheetFile, readSheets, workbookToXlsx } from "./files";
import { FormulaBar } from "./formula-bar";
import { SheetGrid } from "./grid";
import { ObservedHost } from "./observed-host";
import { FunctionsMetadata, lookupFunctions } from "./runtime";
import { SheetCharts } from "./sheet-chart";
import { renderTabs } from "./sheet-tabs";

const NOTE = "Sandbox: an in-memory workbook, not Excel. Nothing leaves this page.";
const EVERYWHERE: Rect = { row: 0, column: 0, rows: 1_048_576, columns: 16_384 };

declare global {
  // The in-memory workbook in use, for the browser test and the benchmark to inspect.
  var __SEGMENT_WORKBOOK__: unknown;
}

/** The functions' metadata from the same origin; without it formulas say why they cannot run. */
async function loadLookup(): Promise<{ lookup: FunctionLookup; problem: string | null }> {
  try {
    const response = await fetch("functions.json");
    if (!response.ok) throw new Error(`functions.json: HTTP ${response.status}`);
    const metadata = (await response.json()) as FunctionsMetadata;
    return { lookup: lookupFunctions(metadata, runtime), problem: null };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { lookup: () => undefined, problem: `The SEGMENT functions could not be loaded (${why}).` };
  }
}

class SandboxPage {
  private workbook!: Workbook;
  private engine!: FormulaEngine;
  private grid!: SheetGrid;
  private readonly charts: SheetCharts;
  private readonly bar: FormulaBar;
  private renderPending = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly lookup: FunctionLookup,
  ) {
    this.charts = new SheetCharts(this.element("#charts"));
    this.bar = new FormulaBar(root, {
      go: (rect) => {
        this.grid.select(rect);
        this.grid.focus();
      },
      commit: (text) => {
        const { row, column } = this.grid.active();
        this.enter(row, column, text);
        this.grid.focus();
      },
    });
    this.listenForFiles();
  }

  /** Shows a workbook: the grid on its active sheet with its selection, and a fresh task pane on it. */
  open(workbook: Workbook): void {
    this.workbook = workbook;
    globalThis.__SEGMENT_WORKBOOK__ = workbook;
    this.engine = new FormulaEngine(workbook, this.lookup);
    const host = this.element("#grid-host");
    host.querySelector("canvas-datagrid")?.remove();
    this.grid = new SheetGrid(host, workbook, {
      edit: (row, column, text) => this.enter(row, column, text),
      clear: (rect) => {
        this.engine.clear(this.grid.sheetName, rect);
        this.render();
      },
      select: (row, column) => this.showActive(row, column),
      source: (row, column) => this.source(row, column),
      hint: (row, column) => {
        const error = this.engine.errorAt(this.grid.sheetName, row, column);
        return error ? `${error.code} ${error.message}` : null;
      },
    });
    // Taken first: showing a sheet selects its A1, as Excel does.
    const selection = workbook.selection;
    this.grid.show(workbook.activeSheet);
    if (selection && selection.sheet === workbook.activeSheet) this.grid.select(selection.rect);
    this.render();
    this.mountPane(workbook);
  }

  private mountPane(workbook: Workbook): void {
    const pane = this.element("#pane");
    const app = document.createElement("div");
    app.id = "app";
    app.className = "app";
    pane.replaceChildren(app);
    const host = new ObservedHost(workbook, () => this.afterHostWrite());
    mountApp(app, { host, note: NOTE, workbook });
  }

  private enter(row: number, column: number, text: string): void {
    this.engine.enter(this.grid.sheetName, row, column, text);
    this.render();
  }

  /** What a cell holds as typed: its formula, or its value. */
  private source(row: number, column: number): string {
    const sheet = this.grid.sheetName;
    const formula = this.engine.formulaAt(sheet, row, column);
    if (formula !== null) return formula;
    const value = this.workbook.getSheet(sheet)?.cells.value(row, column);
    return typeof value === "number" ? String(value) : displayValue(value);
  }

  private showActive(row: number, column: number): void {
    this.bar.show(
      row,
      column,
      this.source(row, column),
      this.engine.errorAt(this.grid.sheetName, row, column),
    );
  }

  /**
   * The wizard wrote (labels, a sheet, a chart; a large write comes in several requests): formulas
   * that read what changed are computed again, and the page redrawn once per frame.
   */
  private afterHostWrite(): void {
    if (this.renderPending) return;
    this.renderPending = true;
    requestAnimationFrame(() => {
      this.renderPending = false;
      for (const sheet of this.workbook.sheets) this.engine.changed(sheet.name, EVERYWHERE);
      this.engine.dropMissingSheets();
      this.render();
    });
  }

  private render(): void {
    this.grid.refresh();
    renderTabs(this.element("#tabs"), this.workbook, this.grid.sheetName, (sheet) => {
      this.workbook.activeSheet = sheet;
      this.grid.show(sheet);
      this.render();
    });
    this.charts.render(this.workbook, this.grid.sheetName);
    const { row, column } = this.grid.active();
    this.showActive(row, column);
  }

  private listenForFiles(): void {
    const input = this.element<HTMLInputElement>("#open-file");
    this.element("#open").addEventListener("click", () => input.click());
    input.addEventListener("change", () => {
      const file = input.files?.[0];
      input.value = "";
      if (file) void this.openFile(file);
    });
    const area = this.element("#sheet-area");
    area.addEventListener("dragover", (e) => {
      e.preventDefault();
      area.classList.add("dropping");
    });
    area.addEventListener("dragleave", () => area.classList.remove("dropping"));
    area.addEventListener("drop", (e) => {
      e.preventDefault();
      area.classList.remove("dropping");
      const file = e.dataTransfer?.files[0];
      if (file) void this.openFile(file);
    });
    this.element("#save").addEventListener("click", () => void this.save());
  }

  private async openFile(file: File): Promise<void> {
    if (!isSpreadsheetFile(file.name)) {
      this.status(`${file.name} is neither a CSV nor an .xlsx file.`, true);
      return;
    }
    this.status(`Opening ${file.name}…`, false);
    try {
      const sheets = await readSheets(file);
      const workbook = workbookFromSeed({ sheets, selection: firstUsedRange(sheets) });
      this.open(workbook);
      const first = sheets[0];
      const rows = Math.max(0, first.values.length - 1);
      const columns = first.values.reduce((w, r) => Math.max(w, r.length), 0);
      this.status(
        `Opened ${file.name}: ${rows.toLocaleString("en-US")} rows × ${columns} columns under a header row, selected for Segment.`,
        false,
      );
      // For the benchmark: the grid has drawn the file once this frame is painted.
      requestAnimationFrame(() => (document.body.dataset.opened = file.name));
    } catch (error) {
      this.status(
        `${file.name} could not be opened: ${error instanceof Error ? error.message : error}`,
        true,
      );
    }
  }

  private async save(): Promise<void> {
    this.status("Saving…", false);
    try {
      const { blob, skippedCharts } = await workbookToXlsx(this.workbook.snapshot());
      download(blob, "segment-sandbox.xlsx");
      const charts =
        skippedCharts === 0
          ? ""
          : ` ${skippedCharts === 1 ? "1 chart was" : `${skippedCharts} charts were`} left out: the file format library cannot write charts.`;
      this.status(`Saved segment-sandbox.xlsx.${charts}`, false);
    } catch (error) {
      this.status(`The workbook could not be saved: ${error instanceof Error ? error.message : error}`, true);
    }
  }

  private status(text: string, isError: boolean): void {
    const status = this.element("#status");
    status.textContent = text;
    status.classList.toggle("error", isError);
  }

  private element<T extends HTMLElement = HTMLElement>(selector: string): T {
    const found = this.root.querySelector<T>(selector);
    if (!found) throw new Error(`The sandbox page has no ${selector}.`);
    return found;
  }
}

/** The first sheet's data from A1, so the wizard's "current selection" reads it at once. */
function firstUsedRange(sheets: readonly OpenedSheet[]): string | undefined {
  const first = sheets[0];
  const rows = first.values.length;
  const columns = first.values.reduce((w, r) => Math.max(w, r.length), 0);
  if (rows === 0 || columns === 0) return undefined;
  return qualifiedA1(first.name, { row: 0, column: 0, rows, columns });
}

async function start(): Promise<void> {
  const root = document.getElementById("sandbox");
  if (!root) return;
  const { lookup, problem } = await loadLookup();
  const page = new SandboxPage(root, lookup);
  // The Mall customers to segment at once, and a sheet of purchases for SEGMENT.RFM and the pane's
  // Transactions path.
  page.open(
    workbookFromSeed({
      sheets: [
        { name: "Customers", values: parseCsv(sampleCsv) },
        { name: "Transactions", values: parseCsv(transactionsCsv) },
      ],
      selection: "Customers!A1:E201",
    }),
  );
  if (problem) {
    const status = root.querySelector("#status");
    if (status) status.textContent = problem;
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => void start());
else void start();
