/*
 * Which columns of a table of transactions hold the customer ids, dates, amounts (or quantities and
 * unit prices) and invoice ids: found by their header names, compared without case, spaces or
 * punctuation ("Customer ID" is "customerid"); the first name of each list that some header has wins.
 * The command line and the task pane both start from these guesses.
 */
import { CellValue, cellToNumber } from "./cells";
import { CellColumn, RfmInput, hasHeaderRow } from "./rfm";

export const TRANSACTION_ROLES = ["customer", "date", "amount", "quantity", "price", "invoice"] as const;
export type TransactionRole = (typeof TRANSACTION_ROLES)[number];

const KNOWN_NAMES: Record<TransactionRole, readonly string[]> = {
  customer: [
    "customerid",
    "customer",
    "customerno",
    "customernumber",
    "customercode",
    "custid",
    "clientid",
    "client",
  ],
  date: [
    "invoicedate",
    "date",
    "orderdate",
    "transactiondate",
    "purchasedate",
    "saledate",
    "datetime",
    "timestamp",
  ],
  amount: ["amount", "lineamount", "linetotal", "totalprice", "total", "sales", "revenue", "spend", "value"],
  quantity: ["quantity", "qty"],
  price: ["unitprice", "price", "priceeach"],
  invoice: [
    "invoiceno",
    "invoice",
    "invoiceid",
    "invoicenumber",
    "orderid",
    "orderno",
    "ordernumber",
    "order",
    "transactionid",
  ],
};

function squeeze(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The column of `header` that role's known names find first, or null. */
export function columnByKnownName(header: readonly CellValue[], role: TransactionRole): number | null {
  const names = header.map((v) => (typeof v === "string" ? squeeze(v) : ""));
  for (const known of KNOWN_NAMES[role]) {
    const at = names.indexOf(known);
    if (at >= 0) return at;
  }
  return null;
}

/** The columns RFM reads, by index; the amount is one column or quantity x price. */
export interface TransactionColumns {
  readonly customer: number;
  readonly date: number;
  readonly amount: number | { readonly quantity: number; readonly price: number };
  readonly invoice: number | null;
}

/**
 * The columns a header names, where it names enough: a customer and a date, and an amount or else a
 * quantity and a price; the invoice when there is one. Null when it does not.
 */
export function guessTransactionColumns(header: readonly CellValue[]): TransactionColumns | null {
  const at = (role: TransactionRole) => columnByKnownName(header, role);
  const customer = at("customer");
  const date = at("date");
  if (customer === null || date === null) return null;
  const invoice = at("invoice");
  const amount = at("amount");
  if (amount !== null) return { customer, date, amount, invoice };
  const quantity = at("quantity");
  const price = at("price");
  return quantity !== null && price !== null
    ? { customer, date, amount: { quantity, price }, invoice }
    : null;
}

/** The columns as RFM's input; a first row of names is skipped, and quantity x price computed per line. */
export function transactionInput(values: CellValue[][], columns: TransactionColumns): RfmInput {
  const at = (column: number): CellColumn => ({ rows: values, column });
  const { amount } = columns;
  const dates = at(columns.date);
  const start = hasHeaderRow(dates, at(typeof amount === "number" ? amount : amount.quantity)) ? 1 : 0;
  return {
    customers: at(columns.customer),
    dates,
    amounts: typeof amount === "number" ? at(amount) : product(values, amount.quantity, amount.price, start),
    invoices: columns.invoice === null ? null : at(columns.invoice),
    start,
  };
}

function product(values: CellValue[][], quantity: number, price: number, start: number): Float64Array {
  const out = new Float64Array(values.length - start);
  for (let i = start; i < values.length; i++) {
    const q = values[i][quantity];
    const p = values[i][price];
    out[i - start] =
      (typeof q === "number" ? q : cellToNumber(q)) * (typeof p === "number" ? p : cellToNumber(p));
  }
  return out;
}
