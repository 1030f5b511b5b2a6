/**
 * The spreadsheet grid of the sandbox: one sheet of the Workbook drawn by canvas-datagrid (one canvas,
 * only the visible cells painted, so 100,000 rows scroll smoothly), with column letters and row
 * numbers. The Workbook stays the only copy of the data that counts: edits are handed to the page
 * (which runs them through the formula engine) and the grid is redrawn from the Workbook.
 */
import { DataGrid, canvasDatagrid } from "./datagrid";
import type { CellValue } from "../core/cells";
import { Rect, columnLetters } from "../host/address";
import type { Workbook } from "../host/workbook";
import { displayValue } from "./display";

type Grid = DataGrid;

/** Empty rows and columns shown past the data, to type into. */
const SPARE_ROWS = 100;
const MIN_ROWS = 200;
const MIN_COLUMNS = 26;
const SPARE_COLUMNS = 4;

export interface GridEvents {
  /** The user finished editing a cell with this text. */
  edit(row: number, column: number, text: string): void;
  /** The user cleared the selected cells (Delete or Backspace). */
  clear(rect: Rect): void;
  /** The active cell or the selection moved. */
  select(row: number, column: number): void;
  /** What the editor should start with in this cell (the formula rather than its value). */
  source(row: number, column: number): string;
  /** A note for the cell under the mouse (an error's message), or null. */
  hint(row: number, column: number): string | null;
}

interface Cell {
  rowIndex: number;
  columnIndex: number;
}

export class SheetGrid {
  private readonly grid: Grid;
  private sheet = "";
  /** Number formats of the rows that have any, by the row array the grid draws. */
  private formats = new WeakMap<CellValue[], (string | undefined)[]>();
  private columns = 0;

  constructor(
    parent: HTMLElement,
    private readonly workbook: Workbook,
    private readonly events: GridEvents,
  ) {
    this.grid = canvasDatagrid({
      parentNode: parent,
      editable: true,
      allowSorting: false,
      allowColumnReordering: false,
      allowRowReordering: false,
      columnHeaderClickBehavior: "select",
      showFilter: false,
      showNewRow: false,
      saveAppearance: false,
      autoResizeColumns: false,
      showCopy: false,
      showPaste: false,
    });
    this.styleGrid();
    // The grid's filters are off, but it still looks one up for each column's type.
    this.grid.filters.cell = this.grid.filters.string;
    this.grid.formatters.cell = (e: { value: CellValue; row: CellValue[]; header: { index: number } }) =>
      displayValue(e.value, this.formats.get(e.row)?.[e.header.index]);
    this.listen();
  }

  get element(): HTMLElement {
    return this.grid as unknown as HTMLElement;
  }

  get sheetName(): string {
    return this.sheet;
  }

  /** Shows a sheet from the Workbook, scrolled to the top, A1 selected (as Excel opens a sheet). */
  show(sheet: string): void {
    this.sheet = sheet;
    this.load(true);
    this.select({ row: 0, column: 0, rows: 1, columns: 1 });
  }

  /** Draws the sheet again from the Workbook (after a write), keeping the scroll position and selection. */
  refresh(): void {
    if (!this.workbook.getSheet(this.sheet)) {
      this.show(this.workbook.activeSheet);
      return;
    }
    this.load(false);
  }

  /** Selects a rectangle (and makes its first cell the active one), scrolled into view. */
  select(rect: Rect): void {
    this.grid.setActiveCell(rect.column, rect.row);
    this.grid.selectArea({
      top: rect.row,
      left: rect.column,
      bottom: rect.row + rect.rows - 1,
      right: rect.column + rect.columns - 1,
    });
    this.grid.scrollIntoView(rect.column, rect.row);
    this.grid.draw();
  }

  /** The active cell (where typing goes). */
  active(): { row: number; column: number } {
    const cell = this.grid.activeCell as Cell | undefined;
    return { row: Math.max(0, cell?.rowIndex ?? 0), column: Math.max(0, cell?.columnIndex ?? 0) };
  }

  focus(): void {
    this.grid.focus();
  }

  private load(reset: boolean): void {
    const { scrollTop, scrollLeft } = this.grid;
    const used = this.workbook.usedRect(this.sheet);
    const usedRows = used ? used.row + used.rows : 0;
    const usedColumns = used ? used.column + used.columns : 0;
    const values = this.workbook.values(this.sheet, {
      row: 0,
      column: 0,
      rows: usedRows,
      columns: usedColumns,
    });
    const cells = this.workbook.requireSheet(this.sheet).cells;
    this.formats = new WeakMap();
    for (let r = 0; r < values.length; r++) {
      let formats: (string | undefined)[] | undefined;
      for (let c = 0; c < usedColumns; c++) {
        const format = cells.extra(r, c)?.format;
        if (format === undefined || format === "General") continue;
        formats ??= [];
        formats[c] = format;
      }
      if (formats) this.formats.set(values[r], formats);
    }
    const rows = Math.max(MIN_ROWS, usedRows + SPARE_ROWS);
    for (let r = usedRows; r < rows; r++) values.push([]);
    const columns = Math.max(MIN_COLUMNS, usedColumns + SPARE_COLUMNS);
    if (columns !== this.columns || reset) {
      this.columns = columns;
      this.grid.schema = Array.from({ length: columns }, (_, c) => ({
        name: String(c),
        title: columnLetters(c),
        type: "cell",
        width: c < usedColumns ? this.columnWidth(values, c) : 80,
      }));
    }
    this.grid.data = values;
    if (!reset) {
      this.grid.scrollTop = scrollTop;
      this.grid.scrollLeft = scrollLeft;
    }
    this.grid.draw();
  }

  /** Wide enough for the header and the first rows' text, as Excel's autofit would make it. */
  private columnWidth(values: CellValue[][], column: number): number {
    let chars = 4;
    for (let r = 0; r < Math.min(values.length, 50); r++) {
      const v = values[r][column];
      if (v !== undefined && v !== "") {
        chars = Math.max(chars, displayValue(v, this.formats.get(values[r])?.[column]).length);
      }
    }
    return Math.min(260, Math.max(64, chars * 8 + 20));
  }

  private styleGrid(): void {
    const font = '13px "Segoe UI", system-ui, sans-serif';
    Object.assign(this.grid.style, {
      // Fill the area the page gives the grid (the default, "auto", grows the canvas to fit the data).
      width: "100%",
      height: "100%",
      cellFont: font,
      activeCellFont: font,
      columnHeaderCellFont: font,
      rowHeaderCellFont: font,
      cellHeight: 22,
      columnHeaderCellHeight: 22,
      cellPaddingTop: 2,
      cellPaddingBottom: 2,
      activeCellPaddingTop: 2,
      activeCellPaddingBottom: 2,
      columnHeaderCellHorizontalAlignment: "center",
      rowHeaderCellHorizontalAlignment: "center",
      cellBorderColor: "rgba(218, 220, 224, 1)",
      gridBackgroundColor: "rgba(255, 255, 255, 1)",
      columnHeaderCellBackgroundColor: "rgba(245, 245, 245, 1)",
      rowHeaderCellBackgroundColor: "rgba(245, 245, 245, 1)",
      cellSelectedBackgroundColor: "rgba(235, 243, 252, 1)",
      activeCellSelectedBackgroundColor: "rgba(235, 243, 252, 1)",
      activeCellOverlayBorderColor: "rgba(15, 108, 189, 1)",
      selectionOverlayBorderColor: "rgba(15, 108, 189, 1)",
    });
  }

  private listen(): void {
    const grid = this.grid;
    grid.addEventListener("beginedit", (e: { cell: Cell; input: HTMLInputElement | HTMLTextAreaElement }) => {
      const source = this.events.source(e.cell.rowIndex, e.cell.columnIndex);
      // Typing into a cell starts with the key pressed; opening it (F2, double click) shows its formula.
      if (e.input.value === displayValue(grid.data?.[e.cell.rowIndex]?.[e.cell.columnIndex] as CellValue)) {
        e.input.value = source;
      }
    });
    grid.addEventListener(
      "beforeendedit",
      (e: { cell: Cell; newValue: string; oldValue: unknown; abort: () => void }) => {
        // The grid never writes its own copy: the page writes the Workbook and redraws from it.
        e.abort();
        const { rowIndex, columnIndex } = e.cell;
        if (e.newValue !== this.events.source(rowIndex, columnIndex)) {
          queueMicrotask(() => this.events.edit(rowIndex, columnIndex, e.newValue));
        }
      },
    );
    grid.addEventListener("keydown", (e: KeyboardEvent & { preventDefault(): void }) => {
      if ((e.key === "Delete" || e.key === "Backspace") && !grid.input) {
        e.preventDefault();
        const b = grid.selectionBounds;
        const rect = b
          ? { row: b.top, column: b.left, rows: b.bottom - b.top + 1, columns: b.right - b.left + 1 }
          : { row: grid.activeCell.rowIndex, column: grid.activeCell.columnIndex, rows: 1, columns: 1 };
        this.events.clear(rect);
      }
    });
    const selected = () => {
      const b = grid.selectionBounds;
      const active = grid.activeCell as Cell;
      if (b && b.top >= 0 && b.left >= 0 && Number.isFinite(b.bottom) && Number.isFinite(b.right)) {
        this.workbook.selection = {
          sheet: this.sheet,
          rect: { row: b.top, column: b.left, rows: b.bottom - b.top + 1, columns: b.right - b.left + 1 },
        };
      }
      this.events.select(active.rowIndex, active.columnIndex);
    };
    grid.addEventListener("selectionchanged", selected);
    grid.addEventListener("activecellchanged", selected);
    grid.addEventListener(
      "rendercell",
      (e: { cell: { value: unknown; isNormal?: boolean; horizontalAlignment: string } }) => {
        // Numbers to the right, text to the left, as Excel aligns cells left at General.
        if (e.cell.isNormal && typeof e.cell.value === "number") e.cell.horizontalAlignment = "right";
      },
    );
    grid.addEventListener("mousemove", (e: { cell?: Cell & { isNormal?: boolean } }) => {
      const cell = e.cell;
      const hint = cell && cell.isNormal ? this.events.hint(cell.rowIndex, cell.columnIndex) : null;
      this.element.title = hint ?? "";
    });
  }
}
