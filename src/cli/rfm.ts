/*
 * `segment rfm FILE`: RFM per customer from a file of transactions, as SEGMENT.RFM computes it, with
 * no 5 MB limit: the full Online Retail file (541,909 lines, gzip-compressed) takes about two
 * seconds. Prints a summary per segment or JSON; --out writes the table as .csv or .xlsx.
 */
import * as ExcelJS from "exceljs";
import * as fs from "fs/promises";
import path from "path";
import type { CellValue } from "../core/cells";
import { RfmTable, computeRfm } from "../core/rfm";
import { rfmNotes, serialToIsoDate } from "../core/rfm-notes";
import { RFM_GRID } from "../core/rfm-segments";
import { median } from "../core/stats";
import { transactionInput } from "../core/rfm-columns";
import { rfmRows } from "../core/rfm-rows";
import { EXIT, Io, failure, refuseExistingOut } from "./exit";
import { createProgress } from "./progress";
import { InputError, readInput } from "./read";
import { RFM_HINT, RFM_USAGE, RfmCliOptions, parseRfmArguments } from "./rfm-args";
import { describeColumns, findColumns } from "./rfm-columns";

export const RFM_COMMAND = "rfm";

export interface RfmSegmentSummary {
  readonly name: string;
  readonly customers: number;
  readonly share: number;
  readonly medianRecency: number;
  readonly medianFrequency: number;
  readonly medianMonetary: number;
}

export interface RfmJson {
  readonly file: string;
  readonly lines: number;
  readonly customers: number;
  readonly asOf: string;
  readonly returns: string;
  readonly columns: string;
  readonly counts: RfmTable["counts"];
  readonly notes: readonly string[];
  readonly segments: readonly RfmSegmentSummary[];
  /** The table's columns but the notes, and one row per customer. */
  readonly header: readonly string[];
  readonly rows: readonly CellValue[][];
}

export async function runRfm(argv: readonly string[], io: Io): Promise<number> {
  let options: RfmCliOptions;
  try {
    const parsed = parseRfmArguments(argv);
    if (parsed.help) {
      io.stdout.write(`${RFM_USAGE}\n`);
      return EXIT.ok;
    }
    options = parsed.options;
  } catch (error) {
    return failure(error, io, RFM_HINT);
  }
  const refused = refuseExistingOut(options.out, options.force, io, RFM_HINT);
  if (refused !== null) return refused;
  const progress = createProgress(io.stderr);
  try {
    progress.stage("reading");
    const input = await readInput(options.file, options.sheet, (f) => progress.update(f));
    progress.stop();
    if (input.values.length === 0) throw new InputError(`${options.file} is empty.`);
    const columns = findColumns(input.values, options.columns);
    const table = computeRfm(transactionInput(input.values, columns), {
      asOf: options.asOf,
      returns: options.returns,
    });
    if (options.out !== null) await writeTable(options.out, rfmRows(table));
    const json = rfmJson(path.basename(options.file), describeColumns(input.values, columns), table);
    io.stdout.write(options.json ? `${JSON.stringify(json)}\n` : rfmSummary(json));
    return EXIT.ok;
  } catch (error) {
    progress.stop();
    return failure(error, io, RFM_HINT);
  }
}

export function rfmJson(file: string, columns: string, table: RfmTable): RfmJson {
  const rows = rfmRows(table);
  const k = table.ids.length;
  const segments = RFM_GRID.map((cell, s): RfmSegmentSummary => {
    const members: number[] = [];
    for (let i = 0; i < k; i++) if (table.segment[i] === s) members.push(i);
    const of = (values: ArrayLike<number>) =>
      members.length === 0 ? NaN : median(members.map((i) => values[i]));
    return {
      name: cell.name,
      customers: members.length,
      share: members.length / k,
      medianRecency: of(table.recency),
      medianFrequency: of(table.frequency),
      medianMonetary: of(table.monetary),
    };
  }).sort((a, b) => b.customers - a.customers);
  return {
    file,
    lines: table.counts.lines,
    customers: k,
    asOf: serialToIsoDate(table.asOf),
    returns: table.returns,
    columns,
    counts: table.counts,
    notes: rfmNotes(table),
    segments,
    header: rows[0].slice(0, -1) as string[],
    rows: rows.slice(1).map((row) => row.slice(0, -1)),
  };
}

const count = (n: number) => n.toLocaleString("en-US");

export function rfmSummary(json: RfmJson): string {
  const lines = [
    `RFM of ${count(json.customers)} customers from ${count(json.lines)} lines of ${json.file}, as of ${json.asOf}.`,
    `Columns: ${json.columns}.`,
    ...json.notes.map((note) => `Note: ${note}`),
    "",
  ];
  const nameWidth = Math.max(...json.segments.map((s) => s.name.length));
  const medians = (s: RfmSegmentSummary) =>
    s.customers === 0
      ? ""
      : `${String(s.medianRecency).padStart(7)} ${String(s.medianFrequency).padStart(9)} ${s.medianMonetary
          .toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })
          .padStart(12)}`;
  lines.push(`${"Segment".padEnd(nameWidth)}  Customers   Share  Medians: Recency Frequency     Monetary`);
  for (const s of json.segments) {
    const share = `${(s.share * 100).toFixed(1)}%`.padStart(6);
    lines.push(
      `${s.name.padEnd(nameWidth)}  ${count(s.customers).padStart(9)}  ${share}          ${medians(s)}`.trimEnd(),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The table as the function spills it, to .csv (numbers as Excel shows them) or .xlsx (one sheet, "RFM"). */
async function writeTable(out: string, rows: CellValue[][]): Promise<void> {
  if (/\.xlsx$/i.test(out)) {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("RFM");
    for (const row of rows) sheet.addRow(row);
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: "frozen", ySplit: 1 }];
    await book.xlsx.writeFile(out);
    return;
  }
  await fs.writeFile(out, rows.map((row) => row.map(csvField).join(",")).join("\n") + "\n", "utf8");
}

function csvField(cell: CellValue): string {
  if (typeof cell === "number") return String(Number(cell.toPrecision(15)));
  const text = cell === null || cell === undefined ? "" : String(cell);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
