/*
 * What of a sheet `segment sql` keeps as it streams: only what can hold a model table. Nothing
 * before the sheet's first cell that reads "Segment model"; from that cell on, its rows, cut to the
 * table's columns and to as many rows as core/model.ts's and core/model-mixture.ts's layouts allow;
 * after that, only other title cells (counted by findModel) and the values of SEGMENT.MODEL formulas
 * (named when the file keeps no model). A million-row data sheet then costs its parsing, not its cells.
 */
import { type CellValue, cellToText, isEmptyCell } from "../core/cells";
import { isCovarianceType } from "../core/algorithms/gmm-covariance";
import { MODEL_HEADER, MODEL_TITLE } from "../core/model";
import { SHEET_COLUMNS } from "../functions/limits";
import type { CellSink } from "./xlsx-read";

/** A cell whose formula calls SEGMENT.MODEL: where a model should be, if the file kept its values. */
export interface ModelFormula {
  readonly sheet: string;
  readonly row: number;
  readonly column: number;
  readonly formula: string;
}

const MODEL_CALL = /SEGMENT[._]MODEL\s*\(/i;

export function callsModel(formula: string): boolean {
  return MODEL_CALL.test(formula);
}

/** A model table's title cell: isModelTable's rule, the text of the cell trimmed and case aside. */
export function isTitle(value: CellValue): boolean {
  return typeof value === "string" && cellToText(value).toLowerCase() === MODEL_TITLE.toLowerCase();
}

/** A label cell as cutModel reads it: its text, lower case, "" when empty. */
export function labelOf(value: CellValue | undefined): string {
  return value === undefined || isEmptyCell(value) ? "" : cellToText(value).toLowerCase();
}

/**
 * Feature rows kept under a title before its Size row: one per column of the widest range a sheet
 * holds. A model has a row per numeric feature and per category of a text feature, so a model made
 * in the pane from text columns of many categories could have more; it is cut here, and reads as a
 * damaged model (no Size row) rather than letting a data sheet with the title in A1 be kept whole.
 */
export const MODEL_FEATURE_ROWS = SHEET_COLUMNS;

/**
 * Covariance rows a mixture of d features has (core/model-mixture.ts: the upper triangle for full
 * and tied, the diagonal for diag, one row for spherical); the most, an unknown type's.
 */
export function covarianceRows(type: string, d: number): number {
  if (type === "spherical") return 1;
  if (type === "diag") return d;
  return (d * (d + 1)) / 2;
}

/** The first title's table, as far as read: offsets are rows below the title. */
interface Window {
  readonly row: number;
  readonly column: number;
  mixture: boolean;
  covariance: string;
  /** Offset of the header row (Feature, Column, ... Segment k). */
  header: number;
  /** Columns from the title's: the header's and its segments', once the header row is read. */
  width: number | null;
  size: number | null;
  /** Offset of the first row not kept whole. */
  end: number;
}

/** One sheet's cells, kept as `segment sql` needs them (see the top of this file). */
export class ModelRows implements CellSink {
  /** Rows by their place on the sheet; rows nothing was kept of are holes. */
  private readonly values: CellValue[][] = [];
  private extent = 0;
  private window: Window | null = null;
  private readonly formulaCells = new Map<number, Map<number, true>>();

  constructor(
    private readonly sheet: string,
    private readonly onFormula?: (formula: ModelFormula) => void,
  ) {}

  formula(row: number, column: number, formula: string): void {
    if (!callsModel(formula)) return;
    this.onFormula?.({ sheet: this.sheet, row, column, formula });
    let columns = this.formulaCells.get(row);
    if (!columns) this.formulaCells.set(row, (columns = new Map()));
    columns.set(column, true);
  }

  cell(row: number, column: number, value: CellValue): void {
    this.extent = row + 1;
    const title = isTitle(value);
    if (title && this.window === null) this.open(row, column);
    if (title || this.keeps(row, column) || this.formulaCells.get(row)?.has(column)) {
      (this.values[row] ??= [])[column] = value;
    }
  }

  endRow(row: number): void {
    const w = this.window;
    if (w === null) return;
    const offset = row - w.row;
    const label = (c = 0) => labelOf(this.values[row]?.[w.column + c]);
    if (offset === w.header) {
      // The rows so far were kept whole from the title's column: now the table's width is known.
      const width = this.widthOf(w);
      for (let r = w.row; r <= row; r++) {
        const cells = this.values[r];
        if (cells && cells.length > w.column + width) this.trim(cells, r, w.column + width);
      }
    }
    if (offset === 1 && label() === "algorithm") {
      w.mixture = true;
      w.header = 4;
      const type = /^covariance (\w+)/.exec(label(2))?.[1] ?? "";
      w.covariance = isCovarianceType(type) ? type : "full";
      w.end = this.featureEnd(w);
    } else if (w.size === null && offset > w.header && offset < w.end && label() === "size") {
      w.size = offset;
      const features = offset - w.header - 1;
      // A mixture: Weight, then its covariance rows.
      w.end = offset + 1 + (w.mixture ? 1 + covarianceRows(w.covariance, features) : 0);
    } else if (w.mixture && w.size !== null && offset === w.end) {
      // More Covariance rows than the features need: their labels are kept, so the core counts them.
      if (label() === "covariance") w.end++;
      else if (!this.formulaCells.get(row)?.has(w.column) && !isTitle(this.values[row]?.[w.column] ?? null))
        delete this.values[row]?.[w.column];
    }
  }

  /** Drops a row's cells from `from` on, but for titles and SEGMENT.MODEL formulas. */
  private trim(cells: CellValue[], row: number, from: number): void {
    for (let c = from; c < cells.length; c++)
      if (!isTitle(cells[c] ?? null) && !this.formulaCells.get(row)?.has(c)) delete cells[c];
  }

  /** The sheet as far as kept: rows at their places, as long as the sheet. */
  rows(): CellValue[][] {
    this.values.length = this.extent;
    return this.values;
  }

  private open(row: number, column: number): void {
    const w: Window = {
      row,
      column,
      mixture: false,
      covariance: "",
      header: 3,
      width: null,
      size: null,
      end: 0,
    };
    w.end = this.featureEnd(w);
    this.window = w;
  }

  /** Before its Size row is read: the title's rows, the header and at most MODEL_FEATURE_ROWS and Size. */
  private featureEnd(w: Window): number {
    return w.header + 1 + MODEL_FEATURE_ROWS + 1;
  }

  private keeps(row: number, column: number): boolean {
    const w = this.window;
    if (w === null || row < w.row || column < w.column) return false;
    const offset = row - w.row;
    if (offset <= w.header) return true;
    if (offset >= w.end) {
      // The label of a row past the end, to see whether it is one more Covariance row.
      return w.mixture && w.size !== null && offset === w.end && column === w.column;
    }
    return column < w.column + this.widthOf(w);
  }

  /** MODEL_HEADER's columns and one per "Segment n" that follows them on the header row. */
  private widthOf(w: Window): number {
    if (w.width === null) {
      const header = this.values[w.row + w.header];
      let k = 0;
      while (labelOf(header?.[w.column + MODEL_HEADER.length + k]) === `segment ${k + 1}`) k++;
      w.width = MODEL_HEADER.length + k;
    }
    return w.width;
  }
}
