import type { CellValue } from "../core/cells";
import type { AddChart, CellBlock, ColorScale, RemovalPlan, TableColumn, WritePlan } from "../core/plan";
import { Rect, intersect, qualifiedA1, rectA1, union } from "./address";
import { blockChunks, nextTask, rowsPerChunk, slices } from "./chunk";
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
import { planCells, sheetOfOp } from "./plan-cells";
import { COLOR_SCALE, HEADER_STYLE, sheetNameProblem } from "./styles";
import { SheetData, Workbook } from "./workbook";
import {
  mergedCellsProblem,
  mergedInTarget,
  protectedSheetProblem,
  protectedStructureProblem,
} from "./write-checks";

/**
 * The Host over an in-memory Workbook. It follows the Office.js host step for step (same chunking, same
 * checks, same messages), so tests of the pane against it say something about the pane in Excel.
 */
export class MemoryHost implements Host {
  readonly kind = "memory" as const;
  /** Requests a real workbook would have needed: one per chunk, as office.ts syncs. */
  requests = 0;

  constructor(
    readonly workbook: Workbook,
    private readonly maxCells = MAX_CELLS_PER_SYNC,
  ) {}

  async listTables(): Promise<TableInfo[]> {
    return this.workbook.tables.map((t) => ({
      name: t.name,
      sheet: t.sheet,
      address: qualifiedA1(t.sheet, {
        row: t.row,
        column: t.column,
        rows: t.rows,
        columns: t.headers.length,
      }),
    }));
  }

  async readData(request: DataRequest): Promise<DataRange> {
    const wb = this.workbook;
    let sheet: string;
    let rect: Rect;
    let table: string | null = null;
    if (request.source === "selection") {
      if (!wb.selection) throw new HostError("Nothing is selected: select your data first.");
      sheet = wb.selection.sheet;
      // Clipped to the used range, as office.ts does, so selecting whole columns reads only the data.
      const used = wb.usedRect(sheet);
      const clipped = used ? intersect(wb.selection.rect, used) : null;
      if (!clipped) throw new HostError("The selection is empty: select your data first.");
      rect = clipped;
      if (rect.rows * rect.columns === 1) throw new HostError(SINGLE_CELL);
    } else if (request.source === "table") {
      const t = request.table ? wb.table(request.table) : undefined;
      if (!t) throw new HostError(`There is no table "${request.table ?? ""}" in this workbook.`);
      sheet = t.sheet;
      rect = { row: t.row, column: t.column, rows: t.rows, columns: t.headers.length };
      table = t.name;
    } else {
      sheet = wb.activeSheet;
      if (!wb.getSheet(sheet)) throw new HostError("There is no sheet to read.");
      const used = wb.usedRect(sheet);
      if (!used) throw new HostError("The active sheet is empty.");
      rect = used;
    }
    this.requests++;
    // In requests of at most maxCells cells, as office.ts reads, each a task of its own.
    const values: CellValue[][] = [];
    for (const { start, length } of slices(rect.rows, rowsPerChunk(rect.columns, this.maxCells))) {
      if (start > 0) await nextTask();
      for (const row of wb.values(sheet, { ...rect, row: rect.row + start, rows: length })) values.push(row);
      this.requests++;
      request.onProgress?.(start + length, rect.rows);
    }
    const formatRow = rect.row + (rect.rows > 1 ? 1 : 0);
    const numberFormats = Array.from(
      { length: rect.columns },
      (_, c) => wb.cell(sheet, formatRow, rect.column + c)?.format ?? "General",
    );
    let hiddenRows = 0;
    for (const row of wb.requireSheet(sheet).hiddenRows) {
      if (row >= rect.row && row < rect.row + rect.rows) hiddenRows++;
    }
    return {
      sheet,
      address: qualifiedA1(sheet, rect),
      row: rect.row,
      column: rect.column,
      rowCount: rect.rows,
      columnCount: rect.columns,
      values,
      numberFormats,
      table,
      hiddenRows,
    };
  }

  async findConflicts(plan: WritePlan): Promise<Conflicts> {
    const wb = this.workbook;
    const cells: string[] = [];
    const sheets: string[] = [];
    const problems: string[] = [];
    const targets = planCells(plan, (name) => wb.table(name));
    const added = targets.flatMap((t) => (t.kind === "sheet" ? [t.name] : []));
    if (wb.structureProtected && added.length > 0) problems.push(protectedStructureProblem(added));
    for (const target of targets) {
      if (target.kind === "sheet") {
        if (wb.getSheet(target.name)) sheets.push(target.name);
        continue;
      }
      const sheet = wb.getSheet(target.sheet);
      if (!sheet) continue;
      if (sheet.protected) problems.push(protectedSheetProblem(sheet.name, target.rect));
      const merged = mergedInTarget(sheet.merged, target.rect);
      if (merged) problems.push(mergedCellsProblem(qualifiedA1(sheet.name, merged), sheet.name, target.rect));
      // A band of rows at a time, a macrotask apart: a label column of a full sheet is a million cells.
      const { rect } = target;
      let used: Rect | null = null;
      for (const { start, length } of slices(rect.rows, rowsPerChunk(rect.columns, BREATHE_CELLS))) {
        if (start > 0) await nextTask();
        const band = wb.usedWithin(target.sheet, { ...rect, row: rect.row + start, rows: length });
        if (band) used = used ? union(used, band) : band;
      }
      if (used) cells.push(qualifiedA1(target.sheet, used));
    }
    return { cells, sheets, problems };
  }

  async applyPlan(plan: WritePlan, options: ApplyOptions = {}): Promise<void> {
    for (const op of plan.ops) sheetOfOp(op);
    const total = plan.ops.reduce((sum, op) => sum + cellCount(op), 0);
    let done = 0;
    const progress = (n: number) => {
      done += n;
      options.onProgress?.(done, total);
    };
    for (const [index, op] of plan.ops.entries()) {
      await nextTask();
      options.onOp?.(index);
      switch (op.kind) {
        case "addSheet":
          await this.addSheet(op.name, { replace: options.replaceSheets });
          break;
        case "values":
          await this.writeBlock(op, progress);
          break;
        case "colorScale":
          this.addColorScale(op);
          break;
        case "chart":
          await this.addChart(op);
          break;
        case "tableColumn":
          await this.addTableColumn(op, progress);
          break;
      }
    }
  }

  async addSheet(name: string, options: { replace?: boolean } = {}): Promise<void> {
    const problem = sheetNameProblem(name);
    if (problem) throw new HostError(problem);
    if (this.workbook.structureProtected) throw new HostError(EXCEL_STRUCTURE_PROTECTED);
    if (this.workbook.getSheet(name)) {
      if (!options.replace) throw new HostError(`A sheet named "${name}" already exists.`);
      this.workbook.deleteSheet(name);
    }
    this.workbook.addSheet(name);
    this.requests++;
  }

  async addChart(op: AddChart): Promise<void> {
    const sheet = this.requireSheet(sheetOfOp(op));
    sheet.charts.push({
      name: op.name,
      type: "ColumnClustered",
      title: op.title,
      source: rectA1(op.source),
      at: rectA1({ ...op.at, rows: 1, columns: 1 }),
    });
    this.requests++;
  }

  async getSetting(key: string): Promise<unknown> {
    const raw = this.workbook.settings.get(key);
    return raw === undefined ? null : (JSON.parse(raw) as unknown);
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    // Stored as JSON text, as Office stores document settings: what cannot be serialised fails here too.
    if (value === null || value === undefined) this.workbook.settings.delete(key);
    else this.workbook.settings.set(key, JSON.stringify(value));
  }

  async removeResults(plan: RemovalPlan): Promise<RemovalReport> {
    const wb = this.workbook;
    const removed: string[] = [];
    const missing: string[] = [];
    for (const op of plan.ops) {
      switch (op.kind) {
        case "deleteSheet":
          if (wb.getSheet(op.name)) {
            wb.deleteSheet(op.name);
            removed.push(`sheet ${op.name}`);
          } else missing.push(`sheet ${op.name}`);
          break;
        case "clearCells": {
          const where = qualifiedA1(op.sheet, op);
          if (wb.getSheet(op.sheet)) {
            wb.clear(op.sheet, op);
            removed.push(where);
          } else missing.push(where);
          break;
        }
        case "deleteChart": {
          const charts = wb.getSheet(op.sheet)?.charts;
          const at = charts?.findIndex((c) => c.name === op.name) ?? -1;
          if (charts && at >= 0) {
            charts.splice(at, 1);
            removed.push(`chart ${op.name}`);
          } else missing.push(`chart ${op.name}`);
          break;
        }
        case "deleteTableColumn": {
          const t = wb.table(op.table);
          const at = t?.headers.indexOf(op.name) ?? -1;
          if (t && at >= 0) {
            this.deleteTableColumn(t.name, at);
            removed.push(`column ${op.name} of table ${t.name}`);
          } else missing.push(`column ${op.name} of table ${op.table}`);
          break;
        }
      }
      this.requests++;
    }
    return { removed, missing };
  }

  private requireSheet(name: string) {
    const sheet = this.workbook.getSheet(name);
    if (!sheet) throw new HostError(`There is no sheet "${name}".`);
    return sheet;
  }

  private async writeBlock(op: CellBlock, progress: (n: number) => void): Promise<void> {
    const sheet = this.requireSheet(sheetOfOp(op));
    const grid = sheet.cells;
    let first = true;
    for (const chunk of blockChunks(op, this.maxCells)) {
      if (!first) await nextTask();
      first = false;
      const width = chunk.values[0]?.length ?? 0;
      refuseLikeExcel(sheet, {
        row: chunk.row,
        column: chunk.column,
        rows: chunk.values.length,
        columns: width,
      });
      let cells = 0;
      let reported = 0;
      for (let r = 0; r < chunk.values.length; r++) {
        // Within a request too: Excel writes a request while the pane runs; here the pane must wait,
        // and hears how far the writing is.
        if (cells >= BREATHE_CELLS) {
          progress(r * width - reported);
          reported = r * width;
          await nextTask();
          cells = 0;
        }
        const row = chunk.values[r];
        for (let c = 0; c < row.length; c++) {
          const format = chunk.numberFormats?.[r][c];
          grid.put(
            chunk.row + r,
            chunk.column + c,
            row[c],
            format && format !== "General" ? format : undefined,
            r < chunk.headerRows ? HEADER_STYLE : undefined,
          );
        }
        cells += row.length;
      }
      this.requests++;
      progress(chunk.values.length * width - reported);
    }
  }

  private addColorScale(op: ColorScale): void {
    this.requireSheet(sheetOfOp(op)).colorScales.push({ address: rectA1(op), ...COLOR_SCALE });
    this.requests++;
  }

  private async addTableColumn(op: TableColumn, progress: (n: number) => void): Promise<void> {
    const t = this.workbook.table(op.table);
    if (!t) throw new HostError(`There is no table "${op.table}" in this workbook.`);
    if (t.headers.some((h) => h.toLowerCase() === op.name.toLowerCase())) {
      throw new HostError(`The table ${t.name} already has a column "${op.name}".`);
    }
    const body = t.rows - 1;
    if (op.values.length !== body) {
      throw new HostError(`The table ${t.name} has ${body} rows, but ${op.values.length} labels were given.`);
    }
    const column = t.column + t.headers.length;
    refuseLikeExcel(this.requireSheet(t.sheet), { row: t.row, column, rows: t.rows, columns: 1 });
    this.workbook.setCell(t.sheet, t.row, column, op.name, { style: { ...HEADER_STYLE } });
    t.headers.push(op.name);
    this.requests++;
    const { cells } = this.requireSheet(t.sheet);
    for (const { start, length } of slices(body, this.maxCells)) {
      if (start > 0) await nextTask();
      for (let i = start; i < start + length; i++) {
        if (i > start && (i - start) % BREATHE_CELLS === 0) await nextTask();
        // As setCell with only a format: a style already on the cell stays.
        const at = t.row + 1 + i;
        cells.put(at, column, op.values[i], op.format, cells.extra(at, column)?.style);
      }
      this.requests++;
      progress(length);
    }
  }

  private deleteTableColumn(table: string, index: number): void {
    const wb = this.workbook;
    const t = wb.table(table);
    if (!t) return;
    // Cells right of the column move left, as Excel shifts a table's columns.
    const width = t.headers.length;
    for (let r = t.row; r < t.row + t.rows; r++) {
      for (let c = t.column + index; c < t.column + width; c++) {
        const next = c + 1 < t.column + width ? wb.cell(t.sheet, r, c + 1) : undefined;
        wb.clear(t.sheet, { row: r, column: c, rows: 1, columns: 1 });
        if (next) wb.setCell(t.sheet, r, c, next.value, { format: next.format, style: next.style });
      }
    }
    t.headers.splice(index, 1);
  }
}

/** Excel's own refusals, for a write that findConflicts' checks did not stop (the sheet changed since). */
const EXCEL_PROTECTED = "The cell or chart you're trying to change is on a protected sheet.";
const EXCEL_MERGED = "We can't do that to a merged cell.";
const EXCEL_STRUCTURE_PROTECTED = "The workbook's structure is protected: sheets cannot be added or deleted.";

function refuseLikeExcel(sheet: SheetData, rect: Rect): void {
  if (sheet.protected) throw new HostError(EXCEL_PROTECTED);
  if (mergedInTarget(sheet.merged, rect)) throw new HostError(EXCEL_MERGED);
}

/** Cells the in-memory host handles in one go before letting the pane's thread run (a few ms of work). */
const BREATHE_CELLS = 20_000;

const SINGLE_CELL =
  "Only one cell is selected: select the whole data range, or read the sheet's used range or a table instead.";

function cellCount(op: WritePlan["ops"][number]): number {
  if (op.kind === "values") {
    let cells = 0;
    for (let i = 0; i < op.values.length; i++) cells += op.values[i].length;
    return cells;
  }
  if (op.kind === "tableColumn") return op.values.length;
  return 0;
}
