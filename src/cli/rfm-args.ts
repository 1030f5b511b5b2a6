/*
 * `segment rfm`'s arguments. Columns are named by header or letter, or found by their header names
 * (rfm-columns.ts); --returns goes through SEGMENT.RFM's own parser, so it is refused in the same words.
 */
import { ReturnsMode } from "../core/rfm";
import { renderGrid } from "../core/rfm-segments";
import { isoDateToSerial } from "../core/text-dates";
import { parseParam } from "../functions/args";
import { RETURNS_SPEC } from "../functions/rfm";
import { UsageError, checkOut, scanFlags } from "./args";

export const RFM_USAGE = `Usage: segment rfm TRANSACTIONS.(csv|csv.gz|xlsx) [options]

RFM per customer from invoice lines, as SEGMENT.RFM computes it: Recency (days from the last
purchase to the as-of day), Frequency (distinct invoices), Monetary (the sum of the amounts), their
scores 1..5 (quintiles, equal values equal scores; recent scores high) and the segment name.

Columns, by header name or letter (found by their header names when not given):
  --customer COL        customer ids (CustomerID, Customer ID, Customer, Client ...)
  --date COL            the date of each line (InvoiceDate, Date, Order Date ...)
  --amount COL          the amount of each line (Amount, Total, Sales, Revenue ...)
  --quantity COL --price COL
                        or the amount as quantity x unit price (Quantity, UnitPrice)
  --invoice COL         invoice ids, for Frequency and cancellations (InvoiceNo, Invoice, Order ID ...);
                        without one, each line counts as a purchase
Options:
  --as-of YYYY-MM-DD    count Recency to this day (default: the day after the last date)
  --returns exclude|net cancelled invoices (ids starting with C) and amounts of zero or less are
                        left out (exclude, the default) or netted in Monetary (net); never purchases
  --sheet NAME          the sheet of an .xlsx file to read (default: the first)
  --out OUT.csv|OUT.xlsx  write the table: one row per customer, the notes in the last column
  --force               with --out: replace OUT if it exists (never the input file)
  --json                print one JSON object: the summary and every customer's row
  -h, --help            print this help

Lines without a customer id, date or amount are left out and counted in the notes.
Segments from the R and F scores:

${renderGrid()}

Exit codes: 0 done, 2 bad input or usage (with a one-line message), 1 anything else.`;

export const RFM_HINT = "(see segment rfm --help)";

const COLUMN_FLAGS = ["customer", "date", "amount", "quantity", "price", "invoice"] as const;
export type ColumnRole = (typeof COLUMN_FLAGS)[number];
const VALUE_FLAGS = [...COLUMN_FLAGS, "as-of", "returns", "sheet", "out"] as const;

export interface RfmCliOptions {
  readonly file: string;
  readonly sheet: string | null;
  /** The columns named on the command line (header name or letter); the others are found by name. */
  readonly columns: Partial<Record<ColumnRole, string>>;
  /** --as-of as a serial day, or null for the default. */
  readonly asOf: number | null;
  readonly returns: ReturnsMode;
  readonly out: string | null;
  readonly force: boolean;
  readonly json: boolean;
}

export type RfmParsed = { readonly help: true } | { readonly help: false; readonly options: RfmCliOptions };

export function parseRfmArguments(argv: readonly string[]): RfmParsed {
  const scanned = scanFlags(argv, VALUE_FLAGS, ["json", "force"] as const);
  if (scanned.help) return { help: true };
  const { values, files, switches } = scanned;
  if (files.length === 0)
    throw new UsageError("no input file: give a .csv, .csv.gz or .xlsx file of transactions.");
  if (files.length > 1) throw new UsageError(`one input file at a time (got ${files.join(", ")}).`);
  const columns: Partial<Record<ColumnRole, string>> = {};
  for (const role of COLUMN_FLAGS) {
    const name = values.get(role);
    if (name !== undefined) columns[role] = name;
  }
  if (columns.amount !== undefined && (columns.quantity !== undefined || columns.price !== undefined))
    throw new UsageError("give --amount, or --quantity and --price, not both.");
  if ((columns.quantity === undefined) !== (columns.price === undefined))
    throw new UsageError("--quantity and --price go together: the amount is quantity x price.");
  const out = values.get("out") ?? null;
  if (out !== null && !/\.(csv|xlsx)$/i.test(out))
    throw new UsageError(`--out must name a .csv or .xlsx file (got ${out}).`);
  const force = switches.has("force");
  checkOut(out, force, files[0]);
  return {
    help: false,
    options: {
      file: files[0],
      sheet: values.get("sheet") ?? null,
      columns,
      asOf: parseAsOf(values.get("as-of")),
      returns: parseParam(RETURNS_SPEC, values.get("returns")) as ReturnsMode,
      out,
      force,
      json: switches.has("json"),
    },
  };
}

function parseAsOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  const serial = /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? isoDateToSerial(text.trim()) : NaN;
  if (Number.isNaN(serial)) throw new UsageError(`--as-of must be a date as YYYY-MM-DD (got ${text}).`);
  return serial;
}
