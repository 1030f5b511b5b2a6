/*
 * Which columns of a transactions file `segment rfm` reads: those named on the command line, else
 * found by their header names, compared without case, spaces or punctuation ("Customer ID" is
 * "customerid"). The first name of each list that some header has wins.
 */
import { CellValue, cellToNumber } from "../core/cells";
import { CellColumn, RfmInput, hasHeaderRow } from "../core/rfm";
import { columnLetters } from "../host/address";
import { columnList, columnNamed } from "./columns";
import type { ColumnRole } from "./rfm-args";
import { InputError } from "./read";

const KNOWN_NAMES: Record<ColumnRole, readonly string[]> = {
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

const FLAG_WORDS: Record<ColumnRole, string> = {
  customer: "customer ids",
  date: "dates",
  amount: "amounts",
  quantity: "quantities",
  price: "unit prices",
  invoice: "invoice ids",
};

function squeeze(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The columns the command reads, by index; the amount is one column or quantity x price. */
export interface TransactionColumns {
  readonly customer: number;
  readonly date: number;
  readonly amount: number | { readonly quantity: number; readonly price: number };
  readonly invoice: number | null;
}

export function findColumns(
  values: CellValue[][],
  named: Partial<Record<ColumnRole, string>>,
): TransactionColumns {
  const header = (values[0] ?? []).map((v) => (typeof v === "string" ? squeeze(v) : ""));
  const found = (role: ColumnRole): number | null => {
    const name = named[role];
    if (name !== undefined) return columnNamed(values, name);
    for (const known of KNOWN_NAMES[role]) {
      const at = header.indexOf(known);
      if (at >= 0) return at;
    }
    return null;
  };
  const required = (role: ColumnRole): number => {
    const at = found(role);
    if (at !== null) return at;
    throw new InputError(
      `No column of ${FLAG_WORDS[role]} found by its name: name it with --${role}; the columns are ${columnList(values)}.`,
    );
  };
  const customer = required("customer");
  const date = required("date");
  const invoice = found("invoice");
  if (named.quantity !== undefined) return { customer, date, invoice, amount: quantityTimesPrice(required) };
  const amount = found("amount");
  if (amount !== null) return { customer, date, invoice, amount };
  if (found("quantity") !== null && found("price") !== null)
    return { customer, date, invoice, amount: quantityTimesPrice(required) };
  throw new InputError(
    `No column of amounts found by its name: name it with --amount, or give --quantity and --price; the columns are ${columnList(values)}.`,
  );
}

function quantityTimesPrice(required: (role: ColumnRole) => number) {
  return { quantity: required("quantity"), price: required("price") };
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

/** "customer "CustomerID", date "InvoiceDate", amount "Quantity" x "UnitPrice", invoice "InvoiceNo"". */
export function describeColumns(values: CellValue[][], columns: TransactionColumns): string {
  const name = (j: number) => {
    const v = values[0]?.[j];
    return typeof v === "string" && v.trim() !== "" ? `"${v.trim()}"` : `column ${columnLetters(j)}`;
  };
  const { amount } = columns;
  const parts = [
    `customer ${name(columns.customer)}`,
    `date ${name(columns.date)}`,
    `amount ${typeof amount === "number" ? name(amount) : `${name(amount.quantity)} x ${name(amount.price)}`}`,
    columns.invoice === null
      ? "no invoice column (each line is a purchase)"
      : `invoice ${name(columns.invoice)}`,
  ];
  return parts.join(", ");
}
