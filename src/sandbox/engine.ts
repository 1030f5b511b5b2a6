/**
 * Formulas of the sandbox's grid: SEGMENT calls typed into cells of an in-memory Workbook. A formula's
 * result is written into the workbook as plain values (spilled from its cell, as Excel's dynamic arrays
 * do), so the wizard, the grid and the saved file all see the values; the formula text, its error
 * message and the area it spills into are kept here. No DOM: the page wires it to the grid.
 */
import type { CellValue } from "../core/cells";
import { Rect, cellA1, intersect, rectA1, union } from "../host/address";
import { Workbook } from "../host/workbook";
import { FormulaNode, FormulaSyntaxError, isSegmentFormula, parseFormula } from "./formulas";

/** A function the grid can call: how each parameter wants its argument, and the call itself. */
export interface FunctionSpec {
  /** Per parameter: true when it takes a range (metadata dimensionality "matrix"). */
  readonly matrix: readonly boolean[];
  call(args: unknown[]): unknown;
}

/** Looks a function up by the name typed in the cell, "SEGMENT.KMEANS"; undefined when unknown. */
export type FunctionLookup = (name: string) => FunctionSpec | undefined;

/** An error value in a cell, with the message Excel would show on selecting it. */
export interface CellError {
  readonly code: string;
  readonly message: string;
}

interface Formula {
  readonly sheet: string;
  readonly row: number;
  readonly column: number;
  readonly text: string;
  /** What the formula read last time: ranges, and the spill areas its F1# references resolved to. */
  refs: { sheet: string; rect: Rect }[];
  /** The cells its result occupies now (anchor included); null when only the anchor holds something. */
  spill: Rect | null;
  /** The area its last result needed, written or blocked: a change there may unblock it. */
  wanted: Rect | null;
  error: CellError | null;
}

class EvaluationError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Value = CellValue | CellValue[][];

/** Guards against formulas that feed each other in a loop: more evaluations than this in one change stop. */
const MAX_EVALUATIONS = 1000;

export class FormulaEngine {
  private readonly formulas = new Map<string, Formula>();

  constructor(
    private readonly workbook: Workbook,
    private readonly lookup: FunctionLookup,
  ) {}

  /** The formula typed into this cell, if it holds one. */
  formulaAt(sheet: string, row: number, column: number): string | null {
    return this.formulas.get(key(sheet, row, column))?.text ?? null;
  }

  /** The error a formula in this cell gave, with its message. */
  errorAt(sheet: string, row: number, column: number): CellError | null {
    return this.formulas.get(key(sheet, row, column))?.error ?? null;
  }

  /**
   * What the user typed into a cell: a SEGMENT formula is evaluated and spilled, anything else is a
   * value (a number when it reads as one). Formulas that read the cell, or want to spill over it, follow.
   */
  enter(sheet: string, row: number, column: number, text: string): void {
    const name = this.workbook.requireSheetName(sheet);
    this.release(name, row, column);
    if (isSegmentFormula(text)) {
      const formula: Formula = {
        sheet: name,
        row,
        column,
        text,
        refs: [],
        spill: null,
        wanted: null,
        error: null,
      };
      this.formulas.set(key(name, row, column), formula);
      this.propagate([], formula);
      return;
    }
    this.workbook.setCell(name, row, column, typedValue(text));
    this.propagate([{ sheet: name, rect: cellRect(row, column) }], null);
  }

  /** Cells written by someone else (the wizard): formulas that read them are computed again. */
  changed(sheet: string, rect: Rect): void {
    this.propagate([{ sheet: this.workbook.requireSheetName(sheet), rect }], null);
  }

  /** Every formula computed again, e.g. after a sheet was replaced. */
  recalculateAll(): void {
    const all = [...this.formulas.values()];
    for (const f of all) this.evaluate(f);
  }

  /** Empties a rectangle (the user pressed Delete): formulas in it go, with their spills. */
  clear(sheet: string, rect: Rect): void {
    const name = this.workbook.requireSheetName(sheet);
    for (const [k, f] of [...this.formulas]) {
      if (f.sheet !== name) continue;
      if (contains(rect, f.row, f.column)) {
        this.clearSpill(f, null);
        this.formulas.delete(k);
      } else if (f.spill && overlaps(f.spill, rect)) {
        this.clearSpill(f, null);
      }
    }
    const used = this.workbook.usedRect(name);
    const area = used ? intersect(rect, used) : null;
    if (area) this.workbook.clear(name, area);
    this.propagate([{ sheet: name, rect }], null);
  }

  /** Forgets formulas on sheets that are gone (Remove results deleted the profile sheet). */
  dropMissingSheets(): void {
    for (const [k, f] of this.formulas) if (!this.workbook.getSheet(f.sheet)) this.formulas.delete(k);
  }

  /**
   * The cell is about to get a new content: a formula it held goes (with its spill), and a formula
   * spilling over it gives the cell up, so that it is blocked (#SPILL!) once the new value is in.
   */
  private release(sheet: string, row: number, column: number): void {
    const own = this.formulas.get(key(sheet, row, column));
    if (own) {
      this.clearSpill(own, null);
      this.formulas.delete(key(sheet, row, column));
    }
    for (const f of this.formulas.values()) {
      if (f.sheet === sheet && f.spill && contains(f.spill, row, column)) this.clearSpill(f, null);
    }
  }

  /**
   * Recomputes every formula that reads a changed area or wants to spill into it, then whatever reads
   * what those changed, breadth first. `start` is a formula to compute first whatever it reads.
   */
  private propagate(changes: { sheet: string; rect: Rect }[], start: Formula | null): void {
    const queue: { sheet: string; rect: Rect; by: Formula | null }[] = changes.map((c) => ({
      ...c,
      by: null,
    }));
    let evaluations = 0;
    const run = (f: Formula) => {
      if (++evaluations > MAX_EVALUATIONS) return;
      const before = f.spill ?? cellRect(f.row, f.column);
      this.evaluate(f);
      const after = f.spill ?? cellRect(f.row, f.column);
      queue.push({ sheet: f.sheet, rect: union(before, after), by: f });
    };
    if (start) run(start);
    while (queue.length > 0 && evaluations <= MAX_EVALUATIONS) {
      const change = queue.shift() as { sheet: string; rect: Rect; by: Formula | null };
      for (const f of [...this.formulas.values()]) {
        if (f === change.by || !this.formulas.has(key(f.sheet, f.row, f.column))) continue;
        const reads = f.refs.some((r) => r.sheet === change.sheet && overlaps(r.rect, change.rect));
        const blocked = f.sheet === change.sheet && f.wanted !== null && overlaps(f.wanted, change.rect);
        if (reads || blocked) run(f);
      }
    }
    if (evaluations > MAX_EVALUATIONS) {
      const f = start ?? [...this.formulas.values()][0];
      if (f) this.fail(f, { code: "#VALUE!", message: "These formulas depend on each other in a loop." });
    }
  }

  private evaluate(f: Formula): void {
    f.refs = [];
    let result: Value;
    try {
      const node = parseFormula(f.text);
      if (node.kind !== "call") throw new EvaluationError("#VALUE!", "A SEGMENT formula must be a call.");
      result = this.value(node, f);
    } catch (error) {
      this.fail(f, asCellError(error));
      return;
    }
    const rows = Array.isArray(result) ? result : [[result]];
    const height = rows.length;
    const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
    if (height === 0 || width === 0) {
      this.fail(f, { code: "#VALUE!", message: "The function returned no values." });
      return;
    }
    const wanted: Rect = { row: f.row, column: f.column, rows: height, columns: width };
    f.wanted = wanted;
    const blocker = this.blocker(f, wanted);
    if (blocker) {
      this.clearSpill(f, null);
      this.workbook.setCell(f.sheet, f.row, f.column, "#SPILL!");
      f.error = {
        code: "#SPILL!",
        message: `The result needs ${rectA1(wanted)}, but ${blocker} is not empty: clear it to let the result spill.`,
      };
      return;
    }
    this.clearSpill(f, wanted);
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const v = rows[r][c];
        this.workbook.setCell(f.sheet, f.row + r, f.column + c, v === null || v === undefined ? "" : v);
      }
    }
    f.spill = wanted;
    f.error = null;
  }

  private fail(f: Formula, error: CellError): void {
    this.clearSpill(f, null);
    f.wanted = null;
    this.workbook.setCell(f.sheet, f.row, f.column, error.code);
    f.error = error;
  }

  /** The first cell of the area, other than the formula's own, that holds something it did not write. */
  private blocker(f: Formula, area: Rect): string | null {
    for (let r = area.row; r < area.row + area.rows; r++) {
      for (let c = area.column; c < area.column + area.columns; c++) {
        if (r === f.row && c === f.column) continue;
        if (f.spill && contains(f.spill, r, c)) continue;
        if (!this.workbook.isEmptyAt(f.sheet, r, c) || this.formulas.has(key(f.sheet, r, c)))
          return cellA1(r, c);
      }
    }
    return null;
  }

  /** Empties the cells the formula spilled into, except its own and those `keep` still covers. */
  private clearSpill(f: Formula, keep: Rect | null): void {
    const spill = f.spill;
    if (!spill) return;
    for (let r = spill.row; r < spill.row + spill.rows; r++) {
      for (let c = spill.column; c < spill.column + spill.columns; c++) {
        if ((r === f.row && c === f.column) || (keep && contains(keep, r, c))) continue;
        this.workbook.clear(f.sheet, cellRect(r, c));
      }
    }
    f.spill = null;
  }

  private value(node: FormulaNode, f: Formula): Value {
    switch (node.kind) {
      case "number":
      case "string":
      case "boolean":
        return node.value;
      case "range": {
        const sheet = this.sheetOf(node.sheet, f);
        f.refs.push({ sheet, rect: node.rect });
        return this.workbook.values(sheet, node.rect);
      }
      case "spill": {
        const sheet = this.sheetOf(node.sheet, f);
        const anchor = cellRect(node.row, node.column);
        f.refs.push({ sheet, rect: anchor });
        const target = this.formulas.get(key(sheet, node.row, node.column));
        if (!target || target === f) {
          throw new EvaluationError(
            "#REF!",
            `${cellA1(node.row, node.column)} holds no formula that spills.`,
          );
        }
        if (target.error) throw new EvaluationError(target.error.code, target.error.message);
        const area = target.spill ?? anchor;
        f.refs.push({ sheet, rect: area });
        return this.workbook.values(sheet, area);
      }
      case "call":
        return this.call(node.name, node.args, f);
    }
  }

  private call(name: string, args: readonly (FormulaNode | null)[], f: Formula): Value {
    const spec = this.lookup(name);
    if (!spec) {
      throw new EvaluationError(
        "#NAME?",
        name.startsWith("SEGMENT.")
          ? `There is no function ${name}.`
          : `${name} is not evaluated here: the sandbox computes SEGMENT functions only.`,
      );
    }
    if (args.length > spec.matrix.length) {
      throw new EvaluationError("#VALUE!", `${name} takes at most ${spec.matrix.length} arguments.`);
    }
    const values = args.map((arg, i) => {
      if (arg === null) return null;
      const v = this.value(arg, f);
      return spec.matrix[i] ? asMatrix(v) : asScalar(v);
    });
    let result: unknown;
    try {
      result = spec.call(values);
    } catch (error) {
      throw asEvaluationError(error);
    }
    return asResult(result);
  }

  private sheetOf(name: string | null, f: Formula): string {
    if (name === null) return f.sheet;
    const sheet = this.workbook.getSheet(name);
    if (!sheet) throw new EvaluationError("#REF!", `There is no sheet "${name}".`);
    return sheet.name;
  }
}

function key(sheet: string, row: number, column: number): string {
  return `${sheet.toLowerCase()}\u0000${row}\u0000${column}`;
}

function cellRect(row: number, column: number): Rect {
  return { row, column, rows: 1, columns: 1 };
}

function contains(rect: Rect, row: number, column: number): boolean {
  return (
    row >= rect.row &&
    row < rect.row + rect.rows &&
    column >= rect.column &&
    column < rect.column + rect.columns
  );
}

function overlaps(a: Rect, b: Rect): boolean {
  return (
    a.row < b.row + b.rows &&
    b.row < a.row + a.rows &&
    a.column < b.column + b.columns &&
    b.column < a.column + a.columns
  );
}

/** A typed value as Excel reads it: a number when the whole text is one, TRUE/FALSE, else the text. */
export function typedValue(text: string): CellValue {
  const trimmed = text.trim();
  if (trimmed === "") return "";
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed);
  if (/^(true|false)$/i.test(trimmed)) return trimmed.toUpperCase() === "TRUE";
  return text;
}

/** A range argument given one value (a number, a nested call's single result): a 1 x 1 range. */
function asMatrix(v: Value): CellValue[][] {
  return Array.isArray(v) ? v : [[v]];
}

/** A single-value argument given a range: its first cell, as Excel takes a one-cell reference. */
function asScalar(v: Value): CellValue {
  if (!Array.isArray(v)) return v;
  if (v.length === 1 && v[0].length === 1) return v[0][0];
  throw new EvaluationError("#VALUE!", "A range was given where a single value is expected.");
}

function asResult(result: unknown): Value {
  if (Array.isArray(result)) {
    return result.map((row: unknown) =>
      (Array.isArray(row) ? row : [row]).map((v: unknown) => {
        const error = errorOf(v);
        return error ? error.code : (v as CellValue);
      }),
    );
  }
  if (result === null || result === undefined) return "";
  if (typeof result === "number" || typeof result === "string" || typeof result === "boolean") return result;
  throw new EvaluationError("#VALUE!", "The function returned something that is not a cell value.");
}

function errorOf(x: unknown): CellError | null {
  if (typeof x !== "object" || x === null) return null;
  const { code, message } = x as { code?: unknown; message?: unknown };
  if (typeof code !== "string" || !code.startsWith("#")) return null;
  return { code, message: typeof message === "string" && message !== "" ? message : code };
}

function asEvaluationError(error: unknown): EvaluationError {
  if (error instanceof EvaluationError) return error;
  const found = errorOf(error);
  if (found) return new EvaluationError(found.code, found.message);
  return new EvaluationError("#VALUE!", error instanceof Error ? error.message : String(error));
}

function asCellError(error: unknown): CellError {
  if (error instanceof FormulaSyntaxError) return { code: "#NAME?", message: error.message };
  if (error instanceof RangeError) return { code: "#REF!", message: error.message };
  const e = asEvaluationError(error);
  return { code: e.code, message: e.message };
}
