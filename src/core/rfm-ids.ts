/**
 * Customer and invoice identifiers, numbered in order of first appearance. Numbers and text that
 * spells a plain number are the same identifier: a CSV's "17850.0" and Excel's 17850 are one customer.
 * Text with leading zeros ("007") stays text, since such codes are names, not numbers.
 */
import { CellValue, isExcelError } from "./cells";

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
    else if (isPlainNumber(text)) index = this.ofNumber(Number(text));
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

/**
 * The id a cell holds, read as IdNumbering reads it: numbers as they are, text trimmed,
 * text spelling a plain number as that number ("17850.0" is 17850; "007" stays text); null for a
 * cell that holds none (empty, an error value, a boolean). IdNumbering caches every spelling it
 * reads, which pays on invoice lines that repeat ids and not on a column of a million distinct ones.
 */
export function canonicalId(cell: CellValue): number | string | null {
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : null;
  if (typeof cell !== "string") return null;
  // Most ids have no spaces around them: trim() would still make a new string of each, for the
  // Maps to hash again.
  const text =
    cell.length > 0 && cell.charCodeAt(0) > 32 && cell.charCodeAt(cell.length - 1) > 32 ? cell : cell.trim();
  if (text === "" || isExcelError(text)) return null;
  return isPlainNumber(text) ? Number(text) : text;
}

/**
 * Whether text is a plain number as an id: an optional sign, whole digits without a leading zero
 * (0 itself allowed), and optional decimals after a point. A scan of the characters: a regular
 * expression on each of a million ids makes the Maps they go into twice as slow.
 */
function isPlainNumber(text: string): boolean {
  const n = text.length;
  let i = 0;
  let c = text.charCodeAt(0);
  if (c === 43 || c === 45) c = text.charCodeAt(++i); // + -
  if (c === 48)
    c = text.charCodeAt(++i); // a single 0
  else if (c >= 49 && c <= 57) {
    do c = text.charCodeAt(++i);
    while (c >= 48 && c <= 57);
  } else return false;
  if (i === n) return true;
  if (c !== 46 || i + 1 === n) return false; // . then at least one digit
  for (i++; i < n; i++) {
    c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
