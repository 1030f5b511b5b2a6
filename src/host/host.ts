import type { CellValue } from "../core/cells";
import type { AddChart, RemovalPlan, WritePlan } from "../core/plan";

/**
 * Everything the task pane needs from a workbook, and nothing more. The pane never touches Office.js:
 * office.ts carries these calls out in Excel, memory.ts in an in-memory workbook (tests, the sandbox).
 * Plans handed to a host have their sheets resolved (core resolveSheets): a host decides nothing.
 */
export type DataSourceKind = "selection" | "table" | "usedRange";

export interface DataRequest {
  readonly source: DataSourceKind;
  /** The table to read when source is "table". */
  readonly table?: string;
  /** Rows read so far of the range's total, after each request: a full sheet takes a few. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface DataRange {
  readonly sheet: string;
  /** A1 address with its sheet, as Excel shows it: "'My data'!A1:E201". */
  readonly address: string;
  /** Top-left cell, 0-based. */
  readonly row: number;
  readonly column: number;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly values: CellValue[][];
  /**
   * Number formats of the second row (a data row whether or not the first is a header), one per column:
   * how date columns are told from numbers (core ReadTableOptions.numberFormats).
   */
  readonly numberFormats: (string | null)[];
  /** The Excel table the range is, or null. Tables always have a header row. */
  readonly table: string | null;
  /**
   * Rows of the range hidden by a filter or by hand. They are read and labelled like the others, as
   * Excel's own formulas read them, so the labels still line up when the filter is cleared.
   */
  readonly hiddenRows: number;
}

export interface TableInfo {
  readonly name: string;
  readonly sheet: string;
  readonly address: string;
}

/** What a plan would overwrite. */
export interface Conflicts {
  /** Addresses of target areas that hold something, e.g. "Sheet1!F3:F9". */
  readonly cells: readonly string[];
  /** Sheets the plan adds that already exist. */
  readonly sheets: readonly string[];
  /**
   * Why the plan cannot be written at all (a protected sheet, merged cells in the way), each naming the
   * sheet or cells: the pane refuses before writing anything.
   */
  readonly problems: readonly string[];
}

export interface ApplyOptions {
  /** Replace sheets that already exist instead of failing. */
  readonly replaceSheets?: boolean;
  /** Cells written so far of the plan's total, after each request. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called as op `index` of the plan starts: when a write fails, what was started is what may be there. */
  readonly onOp?: (index: number) => void;
}

export interface RemovalReport {
  /** What was taken out, in words: "sheet Segment profiles", "Sheet1!F1:F201". */
  readonly removed: readonly string[];
  /** What was no longer there (renamed or deleted by hand). */
  readonly missing: readonly string[];
}

export interface Host {
  readonly kind: "excel" | "memory";
  listTables(): Promise<TableInfo[]>;
  readData(request: DataRequest): Promise<DataRange>;
  findConflicts(plan: WritePlan): Promise<Conflicts>;
  applyPlan(plan: WritePlan, options?: ApplyOptions): Promise<void>;
  addSheet(name: string, options?: { replace?: boolean }): Promise<void>;
  addChart(op: AddChart): Promise<void>;
  /** A document setting (JSON data), or null when unset. */
  getSetting(key: string): Promise<unknown>;
  /** Sets and saves a document setting; null removes it. */
  setSetting(key: string, value: unknown): Promise<void>;
  removeResults(plan: RemovalPlan): Promise<RemovalReport>;
}

/** A problem the user can fix in the workbook (nothing selected, no such table); its message is for them. */
export class HostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HostError";
  }
}

export function isHostError(error: unknown): error is HostError {
  return error instanceof HostError;
}

/**
 * Cells per request. Excel rejects requests and responses over 5 MB; 100,000 cells stays well under it
 * even with long text, and keeps each round trip short enough for progress to move.
 */
export const MAX_CELLS_PER_SYNC = 100_000;
