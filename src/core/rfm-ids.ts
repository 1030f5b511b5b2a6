/**
 * Customer and invoice identifiers, numbered in order of first appearance. Numbers and text that
 * spells a plain number are the same identifier: a CSV's "17850.0" and Excel's 17850 are one customer.
 * Text with leading zeros ("007") stays text, since such codes are names, not numbers.
 */
import { CellValue, isExcelError } from "./cells";

const PLAIN_NUMBER_ID = /^[-+]?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** NONE: the cell holds no identifier (empty, an error value, a boolean). */
export const NONE = -1;

export class IdNumbering {
  /** Each identifier once, in order of first appearance: numbers as numbers, other text trimmed. */
  readonly ids: (number | string)[] = [];
  private readonly byNumber = new Map<number, number>();
  private readonly byText = new Map<string, number>();
  // Invoice lines and a customer's lines come in runs: the last cell read answers most rows.
  private lastCell: CellValue = undefined;
  private lastIndex = NONE;

  /** The identifier's number, given on first sight; NONE for a cell that holds none. */
  indexOf(cell: CellValue): number {
    if (cell === this.lastCell && cell !== undefined) return this.lastIndex;
    let index: number;
    if (typeof cell === "number") index = Number.isFinite(cell) ? this.ofNumber(cell) : NONE;
    else if (typeof cell === "string") index = this.ofText(cell);
    else index = NONE;
    this.lastCell = cell;
    this.lastIndex = index;
    return index;
  }

  private ofNumber(x: number): number {
    let index = this.byNumber.get(x);
    if (index === undefined) {
      index = this.ids.length;
      this.ids.push(x);
      this.byNumber.set(x, index);
    }
    return index;
  }

  private ofText(raw: string): number {
    const known = this.byText.get(raw);
    if (known !== undefined) return known;
    const text = raw.trim();
    let index: number;
    if (text === "" || isExcelError(text)) index = NONE;
    else if (PLAIN_NUMBER_ID.test(text)) index = this.ofNumber(Number(text));
    else {
      const same = this.byText.get(text);
      if (same !== undefined) index = same;
      else {
        index = this.ids.length;
        this.ids.push(text);
        this.byText.set(text, index);
      }
    }
    this.byText.set(raw, index);
    return index;
  }
}

/**
 * Identifiers in reading order: numbers first, ascending, then text by character code (the order a
 * plain sort by code points gives, the same on every machine).
 */
export function compareIds(a: number | string, b: number | string): number {
  if (typeof a === "number") return typeof b === "number" ? a - b : -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
