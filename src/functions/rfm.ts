/*
 * SEGMENT.RFM: transactions in, one row per customer out, with Recency, Frequency, Monetary, their
 * scores, the RFM code and the segment name. The three (or four) ranges are columns of the same
 * transactions; a first row of column names is recognised and skipped.
 *
 * A spill cannot carry notes, and what RFM left out (guests' lines, cancellations, unreadable dates)
 * changes the numbers, so the notes go in a last column of their own, "Notes", one sentence per row
 * from the top. A notes row under the customers would be a row that is not a customer, and would be
 * read as one by whatever formula takes the spill next; a column beside them is not in the way of
 * CHOOSECOLS or of references to the score columns.
 */
import type { ParamSpec } from "../core/algorithms/clusterer";
import { CellValue } from "../core/cells";
import { SegmentError } from "../core/errors";
import { CellColumn, RETURNS_MODES, RFM_DEFAULTS, ReturnsMode, computeRfm, hasHeaderRow } from "../core/rfm";
import { rfmRows } from "../core/rfm-rows";
import { isOmitted, parseData, parseParam } from "./args";
import { EXCEL_LIMITS, FormulaLimits } from "./limits";
import { Cell, toSpill } from "./output";

export const RETURNS_SPEC: ParamSpec = {
  name: "returns",
  type: "choice",
  choices: RETURNS_MODES,
  default: RFM_DEFAULTS.returns,
  help: 'Cancellations and non-positive amounts: "exclude" leaves them out, "net" subtracts them from Monetary.',
};

/** A range of one column (or one row, turned into a column) as rows of one cell each. */
function oneColumn(raw: unknown, name: string, limits: FormulaLimits): CellValue[][] {
  const range = parseData(raw, name, limits);
  const width = range[0].length;
  if (width === 1) return range;
  if (range.length === 1) return range[0].map((cell) => [cell]);
  throw new SegmentError(
    "value",
    `${name} must be one column of the transactions (got ${range.length.toLocaleString("en-US")} rows by ${width} columns).`,
  );
}

/** as_of as one cell: a 1x1 range counts as its value. */
function asOfCell(raw: unknown): CellValue {
  if (isOmitted(raw)) return null;
  let value = raw;
  if (Array.isArray(value)) {
    if (value.length !== 1 || !Array.isArray(value[0]) || value[0].length !== 1)
      throw new SegmentError("value", "as_of must be a single date, not a range.");
    value = value[0][0];
  }
  if (typeof value === "number" || typeof value === "string") return value;
  throw new SegmentError("value", `as_of must be a date (got ${String(value)}).`);
}

/** SEGMENT.RFM's spill: a header, then one row per customer in order of id; `limits` are Excel's except in the benchmark. */
export function rfmSpill(
  customerIds: unknown,
  dates: unknown,
  amounts: unknown,
  asOf: unknown,
  invoiceIds: unknown,
  returns: unknown,
  limits: FormulaLimits = EXCEL_LIMITS,
): Cell[][] {
  const mode = parseParam(RETURNS_SPEC, returns) as ReturnsMode;
  const asOfValue = asOfCell(asOf);
  const named: [string, CellValue[][]][] = [
    ["customer_ids", oneColumn(customerIds, "customer_ids", limits)],
    ["dates", oneColumn(dates, "dates", limits)],
    ["amounts", oneColumn(amounts, "amounts", limits)],
  ];
  if (!isOmitted(invoiceIds)) named.push(["invoice_ids", oneColumn(invoiceIds, "invoice_ids", limits)]);
  const lengths = named.map(([, rows]) => rows.length);
  if (lengths.some((n) => n !== lengths[0])) {
    const list = named.map(([name, rows]) => `${name} ${rows.length.toLocaleString("en-US")}`).join(", ");
    throw new SegmentError(
      "na",
      `The ranges must be the same transactions, row for row, but their rows differ: ${list}.`,
    );
  }
  const [customerRows, dateRows, amountRows, invoiceRows] = named.map(([, rows]) => rows);
  const column = (rows: CellValue[][]): CellColumn => ({ rows, column: 0 });
  const table = computeRfm(
    {
      customers: column(customerRows),
      dates: column(dateRows),
      amounts: column(amountRows),
      invoices: invoiceRows === undefined ? null : column(invoiceRows),
      start: hasHeaderRow(column(dateRows), column(amountRows)) ? 1 : 0,
    },
    { asOf: asOfValue, returns: mode },
  );
  return toSpill(rfmRows(table), limits);
}
