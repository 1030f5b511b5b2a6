/**
 * The sandbox's formula language: just enough of Excel's to call the SEGMENT functions from a cell.
 * Arguments are ranges (A1:B2, Sheet1!A1:B2, 'Sheet 1'!A1:B2), spill references (F1#), numbers,
 * strings in double quotes, TRUE and FALSE, and nested calls; an argument left empty is omitted.
 * Anything else (SUM, arithmetic) is not a SEGMENT formula and stays text in the grid: the sandbox has
 * no general formula engine.
 */
import { Rect, parseA1 } from "../host/address";

export type FormulaNode =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "boolean"; readonly value: boolean }
  | { readonly kind: "range"; readonly sheet: string | null; readonly rect: Rect }
  | { readonly kind: "spill"; readonly sheet: string | null; readonly row: number; readonly column: number }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly (FormulaNode | null)[] };

export class FormulaSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FormulaSyntaxError";
  }
}

/** Whether a typed text is meant as a SEGMENT formula (and so evaluated, or shown as an error). */
export function isSegmentFormula(text: string): boolean {
  return /^=\s*SEGMENT\./i.test(text);
}

/** Parses "=SEGMENT.KMEANS(D1:E201, 5)"; throws FormulaSyntaxError saying where it went wrong. */
export function parseFormula(text: string): FormulaNode {
  const source = text.startsWith("=") ? text.slice(1) : text;
  const parser = new Parser(source);
  const node = parser.expression();
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail("Unexpected");
  return node;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;
const NAME = /[A-Za-z_][A-Za-z0-9_.]*/y;
const BARE_SHEET = /[A-Za-z_][A-Za-z0-9_.]*(?=!)/y;
const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
/** Excel's last row and column: a reference beyond them is a name, not a cell. */
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;

class Parser {
  private at = 0;

  constructor(private readonly source: string) {}

  atEnd(): boolean {
    return this.at >= this.source.length;
  }

  skipSpace(): void {
    while (this.at < this.source.length && /\s/.test(this.source[this.at])) this.at++;
  }

  fail(what: string): never {
    const rest = this.source.slice(this.at, this.at + 12);
    throw new FormulaSyntaxError(
      rest ? `${what} "${rest}" at character ${this.at + 2} of the formula.` : `${what} end of the formula.`,
    );
  }

  expression(): FormulaNode {
    this.skipSpace();
    const ch = this.source[this.at];
    if (ch === undefined) this.fail("Unexpected");
    if (ch === '"') return this.string();
    if (ch === "'") return this.reference(this.quotedSheet());
    const number = this.match(NUMBER);
    if (number !== null) return { kind: "number", value: Number(number) };
    const sheet = this.match(BARE_SHEET);
    if (sheet !== null) return this.reference(sheet);
    const name = this.match(NAME);
    if (name === null) this.fail("Unexpected");
    this.skipSpace();
    if (this.source[this.at] === "(") return this.call(name);
    if (/^(true|false)$/i.test(name)) return { kind: "boolean", value: name.toUpperCase() === "TRUE" };
    this.at -= name.length;
    return this.reference(null);
  }

  private match(pattern: RegExp): string | null {
    pattern.lastIndex = this.at;
    const m = pattern.exec(this.source);
    if (!m || m[0] === "") return null;
    this.at += m[0].length;
    return m[0];
  }

  private string(): FormulaNode {
    let value = "";
    this.at++;
    for (;;) {
      const ch = this.source[this.at];
      if (ch === undefined) throw new FormulaSyntaxError("A string has no closing quote.");
      this.at++;
      if (ch === '"') {
        if (this.source[this.at] !== '"') return { kind: "string", value };
        this.at++;
      }
      value += ch;
    }
  }

  private quotedSheet(): string {
    let name = "";
    this.at++;
    for (;;) {
      const ch = this.source[this.at];
      if (ch === undefined) throw new FormulaSyntaxError("A sheet name has no closing quote.");
      this.at++;
      if (ch === "'") {
        if (this.source[this.at] !== "'") break;
        this.at++;
      }
      name += ch;
    }
    if (this.source[this.at] !== "!") this.fail("Expected ! after the sheet name, not");
    return name;
  }

  /** A cell, a range or a spill reference, after an optional "Sheet!" (the ! not yet read). */
  private reference(sheet: string | null): FormulaNode {
    if (sheet !== null) this.at++; // the "!"
    const first = this.cell();
    if (this.source[this.at] === "#") {
      this.at++;
      return { kind: "spill", sheet, row: first.row, column: first.column };
    }
    if (this.source[this.at] === ":") {
      this.at++;
      const last = this.cell();
      return { kind: "range", sheet, rect: parseA1(`${first.text}:${last.text}`) };
    }
    return { kind: "range", sheet, rect: parseA1(first.text) };
  }

  private cell(): { text: string; row: number; column: number } {
    const start = this.at;
    const text = this.match(/\$?[A-Za-z]{1,3}\$?\d+/y);
    const m = text === null ? null : CELL.exec(text);
    const next = this.source[this.at];
    if (!m || text === null || (next !== undefined && /[A-Za-z0-9_.(]/.test(next))) {
      this.at = start;
      const name = this.match(NAME);
      if (name !== null)
        throw new FormulaSyntaxError(`Unknown name "${name}": only SEGMENT functions are evaluated here.`);
      this.fail("Expected a cell reference, not");
    }
    const { row, column } = parseA1(text);
    if (row >= MAX_ROWS || column >= MAX_COLUMNS)
      throw new FormulaSyntaxError(`${text} is outside the sheet.`);
    return { text, row, column };
  }

  private call(name: string): FormulaNode {
    this.at++; // "("
    const args: (FormulaNode | null)[] = [];
    this.skipSpace();
    if (this.source[this.at] === ")") {
      this.at++;
      return { kind: "call", name: name.toUpperCase(), args };
    }
    for (;;) {
      this.skipSpace();
      const ch = this.source[this.at];
      args.push(ch === "," || ch === ")" ? null : this.expression());
      this.skipSpace();
      const sep = this.source[this.at];
      if (sep === ",") {
        this.at++;
        continue;
      }
      if (sep === ")") {
        this.at++;
        return { kind: "call", name: name.toUpperCase(), args };
      }
      this.fail(sep === undefined ? "A call has no closing parenthesis at" : "Expected , or ) before");
    }
  }
}
