/**
 * What RFM did with the lines on its own, in sentences an analyst can check against the data: the
 * day counted to, the lines left out or netted and why, the customers with no row, and how text was
 * read. The function, the command line and the pane show the same sentences.
 */
import type { LineCounts, RfmTable } from "./rfm";

/** Days from Excel's epoch (1899-12-30) to 1970-01-01. */
const EXCEL_UNIX_EPOCH_DAYS = 25569;

/** A whole serial day as "2011-12-10". */
export function serialToIsoDate(serial: number): string {
  return new Date((Math.floor(serial) - EXCEL_UNIX_EPOCH_DAYS) * 86400000).toISOString().slice(0, 10);
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** "a", "a and b", "a, b and c". */
function listing(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** The lines left out for lacking something, each reason with its count. */
function leftOutParts(c: LineCounts): string[] {
  const parts: string[] = [];
  if (c.noCustomer > 0) parts.push(`${count(c.noCustomer, "line", "lines")} without a customer id`);
  if (c.badDate > 0) parts.push(`${count(c.badDate, "line", "lines")} without a readable date`);
  if (c.badAmount > 0) parts.push(`${count(c.badAmount, "line", "lines")} without a readable amount`);
  if (c.afterAsOf > 0) parts.push(`${count(c.afterAsOf, "line", "lines")} dated after as_of`);
  return parts;
}

/** Cancellations and non-positive amounts, each with its count. */
function returnParts(c: LineCounts): string[] {
  const parts: string[] = [];
  if (c.cancelled > 0)
    parts.push(`${count(c.cancelled, "line", "lines")} of cancelled invoices (ids starting with C)`);
  if (c.nonPositive > 0)
    parts.push(`${count(c.nonPositive, "line", "lines")} with an amount of zero or less`);
  return parts;
}

export function rfmNotes(table: RfmTable): string[] {
  const c = table.counts;
  const day = serialToIsoDate(table.asOf);
  const notes = [
    table.asOfGiven
      ? `Recency counted in days to ${day} (as_of).`
      : `Recency counted in days to ${day}, the day after the last date.`,
    `${count(c.purchases, "line", "lines")} of ${c.lines.toLocaleString("en-US")} counted as purchases.`,
  ];
  const returns = returnParts(c);
  const leftOut = table.returns === "net" ? leftOutParts(c) : [...leftOutParts(c), ...returns];
  if (leftOut.length > 0) notes.push(`Left out: ${listing(leftOut)}.`);
  if (table.returns === "net" && returns.length > 0)
    notes.push(`Netted in Monetary, not counted as purchases: ${listing(returns)}.`);
  if (table.withoutPurchase > 0)
    notes.push(
      `${count(table.withoutPurchase, "customer id has", "customer ids have")} no purchase left, so no row.`,
    );
  if (table.dateNote) notes.push(`Dates: ${table.dateNote}.`);
  if (table.amountNote) notes.push(`Amounts: ${table.amountNote}.`);
  return notes;
}
