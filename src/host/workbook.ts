import type { CellValue } from "../core/cells";
import { Rect, cellA1, union } from "./address";
import { HostError } from "./host";

/**
 * An in-memory workbook: sheets of cells with values, number formats and styles, tables, charts,
 * conditional colour scales, a selection and document settings. Just enough of Excel for the task pane's
 * tests and the browser sandbox; the Host over it is in memory.ts.
 */
export interface CellStyle {
  readonly bold?: boolean;
  readonly fill?: string;
  readonly color?: string;
}

export interface Cell {
  value: CellValue;
  format?: string;
  style?: CellStyle;
}

export interface ChartData {
  readonly name: string;
  readonly type: string;
  readonly title: string;
  /** Local A1 address of the source data on the chart's sheet. */
  readonly source: string;
  /** Local A1 address of the top-left cell the chart covers. */
  readonly at: string;
}

export interface ColorScaleData {
  readonly address: string;
  readonly low: string;
  readonly mid: string;
  readonly high: string;
}

type CellExtra = Omit<Cell, "value">;

/**
 * A sheet's cells, column by column: for each used column, an array of its values by row (a hole
 * where there is no cell) and, only for columns that have any, an array of the cells' formats and
 * styles, each distinct combination one shared object. A full sheet of numbers is millions of cells;
 * this way a column of numbers is one array of plain numbers and a column of labels with one number
 * format one array more, not an object per cell, so the pane's heap stays small and its garbage
 * collections short. The used rectangle is remembered until a cell is emptied.
 */
export class CellGrid {
  private readonly columns = new Map<number, CellValue[]>();
  private readonly extras = new Map<number, (CellExtra | undefined)[]>();
  private readonly interned = new Map<string, CellExtra>();
  private readonly byFormat = new Map<string, CellExtra>();
  /** The smallest rectangle around every non-empty value; undefined when it must be recomputed. */
  private used: Rect | null | undefined = null;

  get(row: number, column: number): Cell | undefined {
    const value = this.value(row, column);
    if (value === undefined) return undefined;
    const extra = this.extra(row, column);
    return extra ? { value, ...copyExtra(extra) } : { value };
  }

  /** The value alone (undefined where there is no cell), without making a Cell. */
  value(row: number, column: number): CellValue {
    const values = this.columns.get(column);
    // Checked first: reading past an array's end is a slow path in V8.
    return values !== undefined && row < values.length ? values[row] : undefined;
  }

  /** The column's values by row, for reading many rows of it (holes where there is no cell). */
  column(column: number): readonly CellValue[] | undefined {
    return this.columns.get(column);
  }

  set(row: number, column: number, cell: Cell): void {
    this.put(row, column, cell.value, cell.format, cell.style);
  }

  /** Sets a cell from its parts, making no object (a label column is a million of these). */
  put(
    row: number,
    column: number,
    cellValue: CellValue,
    format: string | undefined,
    style: CellStyle | undefined,
  ): void {
    let values = this.columns.get(column);
    if (!values) {
      values = [];
      this.columns.set(column, values);
    }
    // A cell that holds nothing still exists (it may have a format): "" keeps its place.
    const value = cellValue === undefined ? "" : cellValue;
    values[row] = value;
    const extra = this.intern(format, style);
    let extras = this.extras.get(column);
    if (extra && !extras) {
      extras = [];
      this.extras.set(column, extras);
    }
    if (extras) {
      if (extra) extras[row] = extra;
      else if (row < extras.length && extras[row] !== undefined) delete extras[row];
    }
    if (isEmptyValue(value)) this.used = undefined;
    else if (this.used !== undefined) this.used = grow(this.used, row, column);
  }

  /** The cell's format and style as stored (shared: read, never change), or undefined. */
  extra(row: number, column: number): Readonly<CellExtra> | undefined {
    const extras = this.extras.get(column);
    return extras !== undefined && row < extras.length ? extras[row] : undefined;
  }

  delete(row: number, column: number): void {
    const values = this.columns.get(column);
    if (!values || row >= values.length || values[row] === undefined) return;
    delete values[row];
    const extras = this.extras.get(column);
    if (extras && row < extras.length && extras[row] !== undefined) delete extras[row];
    this.used = undefined;
  }

  /** Every stored cell with its position (sparse: holes are skipped). */
  forEach(visit: (cell: Cell, row: number, column: number) => void): void {
    for (const [column, values] of this.columns) {
      const extras = this.extras.get(column);
      values.forEach((value, row) => {
        const extra = extras !== undefined && row < extras.length ? extras[row] : undefined;
        visit(extra ? { value, ...copyExtra(extra) } : { value }, row, column);
      });
    }
  }

  usedRect(): Rect | null {
    if (this.used === undefined) {
      let used: Rect | null = null;
      for (const [column, values] of this.columns) {
        values.forEach((value, row) => {
          if (!isEmptyValue(value)) used = grow(used, row, column);
        });
      }
      this.used = used;
    }
    return this.used;
  }

  /** One shared object per distinct format and style (a label column's million cells share one). */
  private intern(format: string | undefined, style: CellStyle | undefined): CellExtra | undefined {
    if (style === undefined) {
      if (format === undefined) return undefined;
      let extra = this.byFormat.get(format);
      if (!extra) {
        extra = { format };
        this.byFormat.set(format, extra);
      }
      return extra;
    }
    const key = JSON.stringify([format ?? null, style]);
    let extra = this.interned.get(key);
    if (!extra) {
      extra = { ...(format !== undefined ? { format } : {}), style: { ...style } };
      this.interned.set(key, extra);
    }
    return extra;
  }
}

/** A caller's own copy: shared extras must not be changed through a Cell. */
function copyExtra(extra: CellExtra): CellExtra {
  return extra.style ? { ...extra, style: { ...extra.style } } : { ...extra };
}

function isEmptyValue(v: CellValue): boolean {
  return v === undefined || v === null || v === "";
}

function grow(rect: Rect | null, row: number, column: number): Rect {
  if (!rect) return { row, column, rows: 1, columns: 1 };
  if (
    row >= rect.row &&
    row < rect.row + rect.rows &&
    column >= rect.column &&
    column < rect.column + rect.columns
  ) {
    return rect;
  }
  return union(rect, { row, column, rows: 1, columns: 1 });
}

export interface SheetData {
  readonly name: string;
  readonly cells: CellGrid;
  readonly charts: ChartData[];
  readonly colorScales: ColorScaleData[];
  /** Protected (Review › Protect Sheet): no cell can be written. */
  protected: boolean;
  /** Merged areas: a write that covers part of one is refused, as Excel refuses it. */
  readonly merged: Rect[];
  /** Rows hidden by a filter or by hand (0-based). */
  readonly hiddenRows: Set<number>;
}

export interface TableData {
  readonly name: string;
  readonly sheet: string;
  readonly row: number;
  readonly column: number;
  /** Rows including the header row. */
  readonly rows: number;
  /** Header names, one per column. */
  readonly headers: string[];
}

export interface Selection {
  readonly sheet: string;
  readonly rect: Rect;
}

/** Plain JSON view of a workbook, for tests and for page.evaluate in the browser test. */
export interface WorkbookSnapshot {
  readonly activeSheet: string;
  readonly sheets: {
    readonly name: string;
    /** Values from A1 to the last used cell; "" where empty. */
    readonly values: CellValue[][];
    readonly formats: (string | null)[][];
    /** Styled cells by A1 address. */
    readonly styles: Record<string, CellStyle>;
    readonly charts: ChartData[];
    readonly colorScales: ColorScaleData[];
  }[];
  readonly tables: TableData[];
  readonly settings: Record<string, unknown>;
}

export class Workbook {
  readonly sheets: SheetData[] = [];
  readonly tables: TableData[] = [];
  readonly settings = new Map<string, string>();
  selection: Selection | null = null;
  activeSheet = "";
  /** The workbook's structure is protected (Review › Protect Workbook): no sheet can be added or deleted. */
  structureProtected = false;
  private lastSheet: SheetData | null = null;

  getSheet(name: string): SheetData | undefined {
    const wanted = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === wanted);
  }

  requireSheet(name: string): SheetData {
    // The same sheet, asked for a million times over when a column is written: looked up once.
    const last = this.lastSheet;
    if (last && last.name === name && this.sheets.includes(last)) return last;
    const sheet = this.getSheet(name);
    if (sheet) this.lastSheet = sheet;
    if (!sheet) throw new HostError(`There is no sheet "${name}".`);
    return sheet;
  }

  /** The sheet's name as the workbook spells it (names are case-insensitive, as in Excel). */
  requireSheetName(name: string): string {
    return this.requireSheet(name).name;
  }

  addSheet(name: string): SheetData {
    if (this.getSheet(name)) throw new HostError(`A sheet named "${name}" already exists.`);
    const sheet: SheetData = {
      name,
      cells: new CellGrid(),
      charts: [],
      colorScales: [],
      protected: false,
      merged: [],
      hiddenRows: new Set(),
    };
    this.sheets.push(sheet);
    if (this.activeSheet === "") this.activeSheet = name;
    return sheet;
  }

  deleteSheet(name: string): void {
    const sheet = this.requireSheet(name);
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    for (let i = this.tables.length - 1; i >= 0; i--) {
      if (this.tables[i].sheet.toLowerCase() === sheet.name.toLowerCase()) this.tables.splice(i, 1);
    }
    if (this.selection?.sheet === sheet.name) this.selection = null;
    if (this.activeSheet === sheet.name) this.activeSheet = this.sheets[0]?.name ?? "";
  }

  cell(sheet: string, row: number, column: number): Cell | undefined {
    return this.requireSheet(sheet).cells.get(row, column);
  }

  setCell(
    sheet: string,
    row: number,
    column: number,
    value: CellValue,
    extra: Omit<Cell, "value"> = {},
  ): void {
    const cells = this.requireSheet(sheet).cells;
    // As { ...old, value, ...extra }: what extra names replaces, the rest of the old cell stays.
    const old = "format" in extra && "style" in extra ? undefined : cells.extra(row, column);
    cells.put(
      row,
      column,
      value,
      "format" in extra ? extra.format : old?.format,
      "style" in extra ? extra.style : old?.style,
    );
  }

  isEmptyAt(sheet: string, row: number, column: number): boolean {
    const v = this.cell(sheet, row, column)?.value;
    return v === undefined || v === null || v === "";
  }

  /** Values of a rectangle, "" for empty cells as Excel returns them. */
  values(sheet: string, rect: Rect): CellValue[][] {
    const cells = this.requireSheet(sheet).cells;
    const columns = Array.from({ length: rect.columns }, (_, c) => cells.column(rect.column + c) ?? []);
    const out: CellValue[][] = new Array(rect.rows);
    for (let r = 0; r < rect.rows; r++) {
      const at = rect.row + r;
      const row = new Array<CellValue>(rect.columns);
      for (let c = 0; c < rect.columns; c++) {
        const values = columns[c];
        const v = at < values.length ? values[at] : undefined;
        row[c] = v === undefined || v === null ? "" : v;
      }
      out[r] = row;
    }
    return out;
  }

  /** The smallest rectangle holding every non-empty value, or null for an empty sheet. */
  usedRect(sheet: string): Rect | null {
    return this.requireSheet(sheet).cells.usedRect();
  }

  /** Non-empty cells of a rectangle, as the smallest rectangle around them (like getUsedRange on a range). */
  usedWithin(sheet: string, rect: Rect): Rect | null {
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    const cells = this.requireSheet(sheet).cells;
    for (let r = rect.row; r < rect.row + rect.rows; r++) {
      for (let c = rect.column; c < rect.column + rect.columns; c++) {
        if (isEmptyValue(cells.value(r, c))) continue;
        top = Math.min(top, r);
        left = Math.min(left, c);
        bottom = Math.max(bottom, r);
        right = Math.max(right, c);
      }
    }
    return bottom < 0 ? null : { row: top, column: left, rows: bottom - top + 1, columns: right - left + 1 };
  }

  /** Takes values, formats and styles out of a rectangle, and colour scales that lie inside it. */
  clear(sheet: string, rect: Rect): void {
    const data = this.requireSheet(sheet);
    for (let r = rect.row; r < rect.row + rect.rows; r++) {
      for (let c = rect.column; c < rect.column + rect.columns; c++) data.cells.delete(r, c);
    }
  }

  table(name: string): TableData | undefined {
    const wanted = name.toLowerCase();
    return this.tables.find((t) => t.name.toLowerCase() === wanted);
  }

  snapshot(): WorkbookSnapshot {
    return {
      activeSheet: this.activeSheet,
      sheets: this.sheets.map((s) => {
        const used = this.usedRect(s.name);
        const extent = used
          ? { row: 0, column: 0, rows: used.row + used.rows, columns: used.column + used.columns }
          : { row: 0, column: 0, rows: 0, columns: 0 };
        const formats: (string | null)[][] = [];
        for (let r = 0; r < extent.rows; r++) {
          formats.push(Array.from({ length: extent.columns }, (_, c) => s.cells.get(r, c)?.format ?? null));
        }
        const styles: Record<string, CellStyle> = {};
        s.cells.forEach((cell, r, c) => {
          if (cell.style) styles[cellA1(r, c)] = { ...cell.style };
        });
        return {
          name: s.name,
          values: this.values(s.name, extent),
          formats,
          styles,
          charts: s.charts.map((c) => ({ ...c })),
          colorScales: s.colorScales.map((c) => ({ ...c })),
        };
      }),
      tables: this.tables.map((t) => ({ ...t, headers: [...t.headers] })),
      settings: Object.fromEntries([...this.settings].map(([k, v]) => [k, JSON.parse(v) as unknown])),
    };
  }
}
