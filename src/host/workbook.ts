import type { CellValue } from "../core/cells";
import { Rect, cellA1 } from "./address";
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

export interface SheetData {
  readonly name: string;
  readonly cells: Map<string, Cell>;
  readonly charts: ChartData[];
  readonly colorScales: ColorScaleData[];
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

const key = (row: number, column: number) => `${row},${column}`;

export class Workbook {
  readonly sheets: SheetData[] = [];
  readonly tables: TableData[] = [];
  readonly settings = new Map<string, string>();
  selection: Selection | null = null;
  activeSheet = "";

  getSheet(name: string): SheetData | undefined {
    const wanted = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === wanted);
  }

  requireSheet(name: string): SheetData {
    const sheet = this.getSheet(name);
    if (!sheet) throw new HostError(`There is no sheet "${name}".`);
    return sheet;
  }

  /** The sheet's name as the workbook spells it (names are case-insensitive, as in Excel). */
  requireSheetName(name: string): string {
    return this.requireSheet(name).name;
  }

  addSheet(name: string): SheetData {
    if (this.getSheet(name)) throw new HostError(`A sheet named "${name}" already exists.`);
    const sheet: SheetData = { name, cells: new Map(), charts: [], colorScales: [] };
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
    return this.requireSheet(sheet).cells.get(key(row, column));
  }

  setCell(
    sheet: string,
    row: number,
    column: number,
    value: CellValue,
    extra: Omit<Cell, "value"> = {},
  ): void {
    const cells = this.requireSheet(sheet).cells;
    const old = cells.get(key(row, column));
    cells.set(key(row, column), { ...old, value, ...extra });
  }

  isEmptyAt(sheet: string, row: number, column: number): boolean {
    const v = this.cell(sheet, row, column)?.value;
    return v === undefined || v === null || v === "";
  }

  /** Values of a rectangle, "" for empty cells as Excel returns them. */
  values(sheet: string, rect: Rect): CellValue[][] {
    const cells = this.requireSheet(sheet).cells;
    const out: CellValue[][] = [];
    for (let r = 0; r < rect.rows; r++) {
      const row: CellValue[] = [];
      for (let c = 0; c < rect.columns; c++) {
        const v = cells.get(key(rect.row + r, rect.column + c))?.value;
        row.push(v === undefined || v === null ? "" : v);
      }
      out.push(row);
    }
    return out;
  }

  /** The smallest rectangle holding every non-empty value, or null for an empty sheet. */
  usedRect(sheet: string): Rect | null {
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    for (const [k, cell] of this.requireSheet(sheet).cells) {
      if (cell.value === undefined || cell.value === null || cell.value === "") continue;
      const [r, c] = k.split(",").map(Number);
      top = Math.min(top, r);
      left = Math.min(left, c);
      bottom = Math.max(bottom, r);
      right = Math.max(right, c);
    }
    return bottom < 0 ? null : { row: top, column: left, rows: bottom - top + 1, columns: right - left + 1 };
  }

  /** Non-empty cells of a rectangle, as the smallest rectangle around them (like getUsedRange on a range). */
  usedWithin(sheet: string, rect: Rect): Rect | null {
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    for (let r = rect.row; r < rect.row + rect.rows; r++) {
      for (let c = rect.column; c < rect.column + rect.columns; c++) {
        if (this.isEmptyAt(sheet, r, c)) continue;
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
      for (let c = rect.column; c < rect.column + rect.columns; c++) data.cells.delete(key(r, c));
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
          formats.push(
            Array.from({ length: extent.columns }, (_, c) => s.cells.get(key(r, c))?.format ?? null),
          );
        }
        const styles: Record<string, CellStyle> = {};
        for (const [k, cell] of s.cells) {
          if (!cell.style) continue;
          const [r, c] = k.split(",").map(Number);
          styles[cellA1(r, c)] = { ...cell.style };
        }
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
