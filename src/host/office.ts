import type { CellValue } from "../core/cells";
import type { AddChart, CellBlock, ColorScale, RemovalPlan, TableColumn, WritePlan } from "../core/plan";
import { qualifiedA1 } from "./address";
import { blockChunks, rowsPerChunk, slices } from "./chunk";
import {
  ApplyOptions,
  Conflicts,
  DataRange,
  DataRequest,
  Host,
  HostError,
  MAX_CELLS_PER_SYNC,
  RemovalReport,
  TableInfo,
} from "./host";
import { TableShape, planCells, sheetOfOp } from "./plan-cells";
import { CHART_SIZE, COLOR_SCALE, HEADER_STYLE, sheetNameProblem } from "./styles";
import { mergedCellsProblem, protectedSheetProblem, protectedStructureProblem } from "./write-checks";

/** Excel.run's shape, so tests can hand in a mock (office-addin-mock) instead of the global. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** The part of Office.Settings the host uses. */
export type DocumentSettings = Pick<Office.Settings, "get" | "set" | "remove" | "saveAsync">;

export interface OfficeHostOptions {
  readonly run?: ExcelRun;
  readonly settings?: DocumentSettings;
  readonly maxCells?: number;
  /** Whether Excel supports an ExcelApi requirement set ("1.9"); Office.context.requirements by default. */
  readonly supports?: (version: string) => boolean;
}

/**
 * The Host in Excel. Every call is one Excel.run; work is queued and sent with context.sync() in
 * batches of at most MAX_CELLS_PER_SYNC cells, because Excel refuses requests over 5 MB and one huge
 * request would also freeze progress reporting.
 */
export class OfficeHost implements Host {
  readonly kind = "excel" as const;
  private readonly run: ExcelRun;
  private readonly settings: () => DocumentSettings;
  private readonly maxCells: number;
  private readonly supports: (version: string) => boolean;

  constructor(options: OfficeHostOptions = {}) {
    this.run = options.run ?? ((batch) => Excel.run(batch));
    this.settings = () => options.settings ?? Office.context.document.settings;
    this.maxCells = options.maxCells ?? MAX_CELLS_PER_SYNC;
    this.supports =
      options.supports ?? ((version) => Office.context.requirements.isSetSupported("ExcelApi", version));
  }

  listTables(): Promise<TableInfo[]> {
    return this.run(async (ctx) => {
      const tables = ctx.workbook.tables;
      tables.load("items/name");
      await ctx.sync();
      const ranges = tables.items.map((t) => {
        const range = t.getRange();
        range.load("address");
        const sheet = t.worksheet;
        sheet.load("name");
        return { name: t.name, range, sheet };
      });
      await ctx.sync();
      return ranges.map(({ name, range, sheet }) => ({ name, sheet: sheet.name, address: range.address }));
    });
  }

  readData(request: DataRequest): Promise<DataRange> {
    return this.run(async (ctx) => {
      const { range, table } = await this.locate(ctx, request);
      range.load("rowIndex, columnIndex, rowCount, columnCount");
      const sheet = range.worksheet;
      sheet.load("name");
      await ctx.sync();
      if (range.isNullObject) {
        throw new HostError(
          request.source === "selection"
            ? "The selection is empty: select your data first."
            : "The active sheet is empty.",
        );
      }
      const { rowIndex, columnIndex, rowCount, columnCount } = range;
      if (request.source === "selection" && rowCount * columnCount === 1) throw new HostError(SINGLE_CELL);

      const formatRow = sheet.getRangeByIndexes(
        rowIndex + (rowCount > 1 ? 1 : 0),
        columnIndex,
        1,
        columnCount,
      );
      formatRow.load("numberFormat");
      const hidden = this.visibleRows(sheet, range);
      const values: CellValue[][] = [];
      for (const { start, length } of slices(rowCount, rowsPerChunk(columnCount, this.maxCells))) {
        const part = sheet.getRangeByIndexes(rowIndex + start, columnIndex, length, columnCount);
        part.load("values");
        await ctx.sync();
        for (const row of part.values) values.push(row as CellValue[]);
        request.onProgress?.(start + length, rowCount);
      }
      const rect = { row: rowIndex, column: columnIndex, rows: rowCount, columns: columnCount };
      return {
        sheet: sheet.name,
        address: qualifiedA1(sheet.name, rect),
        row: rowIndex,
        column: columnIndex,
        rowCount,
        columnCount,
        values,
        numberFormats: (formatRow.numberFormat[0] ?? []).map((f) => (typeof f === "string" ? f : null)),
        table,
        hiddenRows: hidden ? rowCount - (hidden.isNullObject ? 0 : hidden.cellCount) : 0,
      };
    });
  }

  /**
   * The visible cells of the range's first column, queued to load with the first rows (their count is
   * the visible rows), or null where Excel cannot tell (before ExcelApi 1.9).
   */
  private visibleRows(sheet: Excel.Worksheet, range: Excel.Range): Excel.RangeAreas | null {
    if (!this.supports("1.9")) return null;
    const visible = sheet
      .getRangeByIndexes(range.rowIndex, range.columnIndex, range.rowCount, 1)
      .getSpecialCellsOrNullObject("Visible");
    visible.load("cellCount");
    return visible;
  }

  /** The range a request names, clipped to the used range so a whole-column selection reads only data. */
  private async locate(
    ctx: Excel.RequestContext,
    request: DataRequest,
  ): Promise<{ range: Excel.Range; table: string | null }> {
    const workbook = ctx.workbook;
    if (request.source === "table") {
      const t = workbook.tables.getItemOrNullObject(request.table ?? "");
      t.load("name, showTotals");
      await ctx.sync();
      if (t.isNullObject) throw new HostError(`There is no table "${request.table ?? ""}" in this workbook.`);
      // A totals row is not a customer: read the header and the body only.
      const range = t.getRange();
      return { range: t.showTotals ? range.getResizedRange(-1, 0) : range, table: t.name };
    }
    if (request.source === "usedRange") {
      return { range: workbook.worksheets.getActiveWorksheet().getUsedRangeOrNullObject(true), table: null };
    }
    const selected = workbook.getSelectedRange();
    const used = selected.worksheet.getUsedRangeOrNullObject(true);
    return { range: selected.getIntersectionOrNullObject(used), table: null };
  }

  findConflicts(plan: WritePlan): Promise<Conflicts> {
    return this.run(async (ctx) => {
      const shapes = await this.tableShapes(ctx, plan);
      const targets = planCells(plan, (name) => shapes.get(name.toLowerCase()));
      const mergedAreas = this.supports("1.13");
      const structure = targets.some((t) => t.kind === "sheet") && this.supports("1.7");
      const workbookProtection = structure ? ctx.workbook.protection : null;
      workbookProtection?.load("protected");
      const checks = targets.map((target) => {
        if (target.kind === "sheet") {
          const sheet = ctx.workbook.worksheets.getItemOrNullObject(target.name);
          sheet.load("name");
          return { target, sheet, used: null, protection: null, merged: null };
        }
        const { row, column, rows, columns } = target.rect;
        const sheet = ctx.workbook.worksheets.getItem(target.sheet);
        const range = sheet.getRangeByIndexes(row, column, rows, columns);
        const used = range.getUsedRangeOrNullObject(true);
        used.load("address");
        const protection = sheet.protection;
        protection.load("protected");
        const merged = mergedAreas ? range.getMergedAreasOrNullObject() : null;
        merged?.load("address");
        return { target, sheet: null, used, protection, merged };
      });
      await ctx.sync();
      const cells: string[] = [];
      const sheets: string[] = [];
      const problems: string[] = [];
      const added = targets.flatMap((t) => (t.kind === "sheet" ? [t.name] : []));
      if (workbookProtection?.protected) problems.push(protectedStructureProblem(added));
      for (const { target, sheet, used, protection, merged } of checks) {
        if (target.kind === "sheet") {
          if (sheet && !sheet.isNullObject) sheets.push(target.name);
          continue;
        }
        if (used && !used.isNullObject) cells.push(used.address);
        if (protection?.protected) problems.push(protectedSheetProblem(target.sheet, target.rect));
        if (merged && !merged.isNullObject) {
          // One area is enough to name: "Data!F3:G4, Data!F9:G9" lists them all.
          const first = merged.address.split(",")[0].trim();
          problems.push(mergedCellsProblem(first, target.sheet, target.rect));
        }
      }
      return { cells, sheets, problems };
    });
  }

  /** Position and header of every table a plan adds a column to, keyed by lower-case name. */
  private async tableShapes(ctx: Excel.RequestContext, plan: WritePlan): Promise<Map<string, TableShape>> {
    const wanted = plan.ops.filter((op): op is TableColumn => op.kind === "tableColumn");
    const loads = wanted.map((op) => {
      const table = ctx.workbook.tables.getItemOrNullObject(op.table);
      table.load("name");
      return { op, table };
    });
    await ctx.sync();
    const shapes = loads.map(({ op, table }) => {
      if (table.isNullObject) throw new HostError(`There is no table "${op.table}" in this workbook.`);
      const range = table.getRange();
      range.load("rowIndex, columnIndex, rowCount");
      const header = table.getHeaderRowRange();
      header.load("values");
      const sheet = table.worksheet;
      sheet.load("name");
      return { name: table.name, range, header, sheet };
    });
    await ctx.sync();
    return new Map(
      shapes.map(({ name, range, header, sheet }) => [
        name.toLowerCase(),
        {
          sheet: sheet.name,
          row: range.rowIndex,
          column: range.columnIndex,
          rows: range.rowCount,
          headers: (header.values[0] ?? []).map(String),
        },
      ]),
    );
  }

  applyPlan(plan: WritePlan, options: ApplyOptions = {}): Promise<void> {
    for (const op of plan.ops) sheetOfOp(op);
    const total = plan.ops.reduce(
      (sum, op) =>
        sum +
        (op.kind === "values"
          ? op.values.reduce((s, row) => s + row.length, 0)
          : op.kind === "tableColumn"
            ? op.values.length
            : 0),
      0,
    );
    let done = 0;
    const progress = (n: number) => {
      done += n;
      options.onProgress?.(done, total);
    };
    return this.run(async (ctx) => {
      const added = new Set<string>();
      for (const [index, op] of plan.ops.entries()) {
        options.onOp?.(index);
        switch (op.kind) {
          case "addSheet":
            await this.addSheetIn(ctx, op.name, Boolean(options.replaceSheets));
            added.add(op.name);
            break;
          case "values":
            await this.writeBlock(ctx, op, added.has(op.sheet as string), progress);
            break;
          case "colorScale":
            this.addColorScale(ctx, op);
            await ctx.sync();
            break;
          case "chart":
            this.addChartIn(ctx, op);
            await ctx.sync();
            break;
          case "tableColumn":
            await this.addTableColumn(ctx, op, progress);
            break;
        }
      }
    });
  }

  addSheet(name: string, options: { replace?: boolean } = {}): Promise<void> {
    return this.run((ctx) => this.addSheetIn(ctx, name, Boolean(options.replace)));
  }

  private async addSheetIn(ctx: Excel.RequestContext, name: string, replace: boolean): Promise<void> {
    const problem = sheetNameProblem(name);
    if (problem) throw new HostError(problem);
    const existing = ctx.workbook.worksheets.getItemOrNullObject(name);
    existing.load("name");
    await ctx.sync();
    if (!existing.isNullObject) {
      if (!replace) throw new HostError(`A sheet named "${name}" already exists.`);
      existing.delete();
    }
    ctx.workbook.worksheets.add(name);
    await ctx.sync();
  }

  private async writeBlock(
    ctx: Excel.RequestContext,
    op: CellBlock,
    onNewSheet: boolean,
    progress: (n: number) => void,
  ): Promise<void> {
    const sheet = ctx.workbook.worksheets.getItem(sheetOfOp(op));
    let width = 0;
    for (const chunk of blockChunks(op, this.maxCells)) {
      width = chunk.values[0].length;
      const range = sheet.getRangeByIndexes(chunk.row, chunk.column, chunk.values.length, width);
      // Formats first: a number written into a text-formatted cell would stay text.
      if (chunk.numberFormats) range.numberFormat = chunk.numberFormats;
      range.values = chunk.values as CellValue[][] as (string | number | boolean)[][];
      if (chunk.headerRows > 0) {
        const header = sheet.getRangeByIndexes(chunk.row, chunk.column, chunk.headerRows, width);
        header.format.font.bold = HEADER_STYLE.bold;
        header.format.font.color = HEADER_STYLE.color;
        header.format.fill.color = HEADER_STYLE.fill;
      }
      await ctx.sync();
      progress(chunk.values.length * width);
    }
    if (onNewSheet && width > 0) {
      // Only on a sheet Segment made: autofitting the user's own columns would change their layout.
      sheet.getRangeByIndexes(op.row, op.column, op.values.length, width).format.autofitColumns();
      await ctx.sync();
    }
  }

  private addColorScale(ctx: Excel.RequestContext, op: ColorScale): void {
    const range = ctx.workbook.worksheets
      .getItem(sheetOfOp(op))
      .getRangeByIndexes(op.row, op.column, op.rows, op.columns);
    const format = range.conditionalFormats.add("ColorScale");
    format.colorScale.criteria = {
      minimum: { type: "LowestValue", color: COLOR_SCALE.low },
      midpoint: { formula: "0", type: "Number", color: COLOR_SCALE.mid },
      maximum: { type: "HighestValue", color: COLOR_SCALE.high },
    };
  }

  addChart(op: AddChart): Promise<void> {
    return this.run(async (ctx) => {
      this.addChartIn(ctx, op);
      await ctx.sync();
    });
  }

  private addChartIn(ctx: Excel.RequestContext, op: AddChart): void {
    const sheet = ctx.workbook.worksheets.getItem(sheetOfOp(op));
    const { row, column, rows, columns } = op.source;
    const chart = sheet.charts.add(
      "ColumnClustered",
      sheet.getRangeByIndexes(row, column, rows, columns),
      "Columns",
    );
    chart.name = op.name;
    chart.title.text = op.title;
    chart.legend.visible = false;
    chart.setPosition(sheet.getRangeByIndexes(op.at.row, op.at.column, 1, 1));
    chart.width = CHART_SIZE.width;
    chart.height = CHART_SIZE.height;
  }

  private async addTableColumn(
    ctx: Excel.RequestContext,
    op: TableColumn,
    progress: (n: number) => void,
  ): Promise<void> {
    const table = ctx.workbook.tables.getItem(op.table);
    // The header alone first; the body goes in chunks, so a million labels never travel in one request.
    const column = table.columns.add(undefined, undefined, op.name);
    const body = column.getDataBodyRange();
    body.load("rowIndex, columnIndex, rowCount");
    const sheet = table.worksheet;
    await ctx.sync();
    if (body.rowCount !== op.values.length) {
      throw new HostError(
        `The table ${op.table} has ${body.rowCount} rows, but ${op.values.length} labels were given.`,
      );
    }
    for (const { start, length } of slices(op.values.length, this.maxCells)) {
      const range = sheet.getRangeByIndexes(body.rowIndex + start, body.columnIndex, length, 1);
      const values = op.values.slice(start, start + length).map((v) => [v ?? ""]);
      if (op.format) range.numberFormat = values.map(() => [op.format as string]);
      range.values = values as (string | number | boolean)[][];
      await ctx.sync();
      progress(length);
    }
  }

  async getSetting(key: string): Promise<unknown> {
    const value: unknown = this.settings().get(key);
    return value === undefined ? null : value;
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    const settings = this.settings();
    if (value === null || value === undefined) settings.remove(key);
    else settings.set(key, value);
    // Settings live in memory until saved; unsaved, they vanish when the pane closes.
    await new Promise<void>((resolve, reject) =>
      settings.saveAsync((result) =>
        result.error
          ? reject(new HostError(`The workbook did not save Segment's settings: ${result.error.message}`))
          : resolve(),
      ),
    );
  }

  removeResults(plan: RemovalPlan): Promise<RemovalReport> {
    return this.run(async (ctx) => {
      // Three round trips whatever the plan's length: find the sheets and tables, then the charts and
      // columns inside them, then remove what is still there. What is gone is reported, not an error.
      const steps = plan.ops.map((op) => removalStep(ctx, op));
      await ctx.sync();
      const children = steps.map((step) => (step.container.isNullObject ? null : step.child()));
      await ctx.sync();
      const removed: string[] = [];
      const missing: string[] = [];
      steps.forEach((step, i) => {
        const child = children[i];
        if (step.container.isNullObject || child === null || child.isNullObject) {
          missing.push(step.label);
        } else {
          step.remove(child);
          removed.push(step.label);
        }
      });
      await ctx.sync();
      return { removed, missing };
    });
  }
}

/** One removal in Office.js terms: a container that may be gone, an item inside it, and how to remove that. */
interface RemovalStep {
  readonly label: string;
  readonly container: { readonly isNullObject: boolean };
  /** Queues the lookup of the item (the container itself for sheets and cells). */
  readonly child: () => { readonly isNullObject: boolean };
  readonly remove: (child: { readonly isNullObject: boolean }) => void;
}

function removalStep(ctx: Excel.RequestContext, op: RemovalPlan["ops"][number]): RemovalStep {
  const worksheets = ctx.workbook.worksheets;
  switch (op.kind) {
    case "deleteSheet": {
      const sheet = worksheets.getItemOrNullObject(op.name);
      sheet.load("name");
      return {
        label: `sheet ${op.name}`,
        container: sheet,
        child: () => sheet,
        remove: () => sheet.delete(),
      };
    }
    case "clearCells": {
      const sheet = worksheets.getItemOrNullObject(op.sheet);
      sheet.load("name");
      return {
        label: qualifiedA1(op.sheet, op),
        container: sheet,
        child: () => sheet,
        remove: () => sheet.getRangeByIndexes(op.row, op.column, op.rows, op.columns).clear("All"),
      };
    }
    case "deleteChart": {
      const sheet = worksheets.getItemOrNullObject(op.sheet);
      sheet.load("name");
      let chart: Excel.Chart | null = null;
      return {
        label: `chart ${op.name}`,
        container: sheet,
        child: () => {
          chart = sheet.charts.getItemOrNullObject(op.name);
          chart.load("name");
          return chart;
        },
        remove: () => chart?.delete(),
      };
    }
    case "deleteTableColumn": {
      const table = ctx.workbook.tables.getItemOrNullObject(op.table);
      table.load("name");
      let column: Excel.TableColumn | null = null;
      return {
        label: `column ${op.name} of table ${op.table}`,
        container: table,
        child: () => {
          column = table.columns.getItemOrNullObject(op.name);
          column.load("name");
          return column;
        },
        remove: () => column?.delete(),
      };
    }
  }
}

const SINGLE_CELL =
  "Only one cell is selected: select the whole data range, or read the sheet's used range or a table instead.";
