import type { CellValue } from "../core/cells";
import { Rect, parseA1, splitSheet } from "./address";
import { HostError } from "./host";
import { sheetNameProblem } from "./styles";
import { Workbook } from "./workbook";

/**
 * A workbook described as plain data: what the browser sandbox and the end-to-end test put in
 * `globalThis.__SEGMENT_SANDBOX__` before the pane loads. It comes from outside the pane, so it is checked
 * field by field and every problem is reported by name.
 */
export interface SandboxSeed {
  readonly sheets: readonly {
    readonly name: string;
    readonly values?: readonly (readonly CellValue[])[];
    /** Top-left cell of `values`; default "A1". */
    readonly at?: string;
    /** Number formats, same shape as values; null keeps General. */
    readonly formats?: readonly (readonly (string | null)[])[];
  }[];
  /** Excel tables: a name and an address (header row included), on a sheet. */
  readonly tables?: readonly { readonly name: string; readonly sheet: string; readonly address: string }[];
  /** "Sheet!A1:E201", or "A1:E201" on the active sheet. */
  readonly selection?: string;
  readonly activeSheet?: string;
  /** Document settings, as JSON values. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

export function workbookFromSeed(seed: unknown): Workbook {
  if (!isRecord(seed) || !Array.isArray(seed.sheets)) {
    throw new HostError("The sandbox workbook must be an object with a list of sheets.");
  }
  const wb = new Workbook();
  seed.sheets.forEach((raw: unknown, i: number) => {
    if (!isRecord(raw) || typeof raw.name !== "string") throw new HostError(`Sheet ${i + 1} has no name.`);
    const problem = sheetNameProblem(raw.name);
    if (problem) throw new HostError(problem);
    wb.addSheet(raw.name);
    const at = typeof raw.at === "string" ? parseA1(raw.at) : { row: 0, column: 0 };
    const values = raw.values === undefined ? [] : raw.values;
    if (!Array.isArray(values)) throw new HostError(`The values of sheet ${raw.name} must be rows of cells.`);
    const formats = Array.isArray(raw.formats) ? raw.formats : [];
    values.forEach((row: unknown, r: number) => {
      if (!Array.isArray(row))
        throw new HostError(`Row ${r + 1} of sheet ${raw.name} is not a list of cells.`);
      row.forEach((value: unknown, c: number) => {
        if (!isCellValue(value)) {
          throw new HostError(
            `Cell ${r + 1},${c + 1} of sheet ${raw.name} is not a number, text or boolean.`,
          );
        }
        const format = Array.isArray(formats[r]) ? (formats[r] as unknown[])[c] : null;
        if (value === "" || value === null || value === undefined) {
          if (typeof format !== "string") return;
        }
        wb.setCell(raw.name as string, at.row + r, at.column + c, value ?? "", {
          format: typeof format === "string" ? format : undefined,
        });
      });
    });
  });
  if (typeof seed.activeSheet === "string") {
    wb.activeSheet = wb.requireSheetName(seed.activeSheet);
  }
  for (const raw of Array.isArray(seed.tables) ? seed.tables : []) {
    if (
      !isRecord(raw) ||
      typeof raw.name !== "string" ||
      typeof raw.sheet !== "string" ||
      typeof raw.address !== "string"
    ) {
      throw new HostError("Each sandbox table needs a name, a sheet and an address.");
    }
    const sheet = wb.requireSheetName(raw.sheet);
    const rect = parseA1(raw.address);
    const headers = wb
      .values(sheet, { ...rect, rows: 1 })[0]
      .map((v, c) => (v === "" ? `Column${c + 1}` : String(v)));
    wb.tables.push({ name: raw.name, sheet, row: rect.row, column: rect.column, rows: rect.rows, headers });
  }
  if (typeof seed.selection === "string") {
    const { sheet } = splitSheet(seed.selection);
    const rect: Rect = parseA1(seed.selection);
    wb.selection = { sheet: wb.requireSheetName(sheet ?? wb.activeSheet), rect };
  }
  if (isRecord(seed.settings)) {
    for (const [key, value] of Object.entries(seed.settings)) wb.settings.set(key, JSON.stringify(value));
  }
  return wb;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function isCellValue(x: unknown): x is CellValue {
  return x === null || x === undefined || ["number", "string", "boolean"].includes(typeof x);
}
