/*
 * Which columns of a transactions file `segment rfm` reads: those named on the command line, else
 * found by their header names (core/rfm-columns.ts).
 */
import type { CellValue } from "../core/cells";
import { TransactionColumns, columnByKnownName } from "../core/rfm-columns";
import { columnLetters } from "../host/address";
import { columnList, columnNamed } from "./columns";
import type { ColumnRole } from "./rfm-args";
import { InputError } from "./read";

const FLAG_WORDS: Record<ColumnRole, string> = {
  customer: "customer ids",
  date: "dates",
  amount: "amounts",
  quantity: "quantities",
  price: "unit prices",
  invoice: "invoice ids",
};

export function findColumns(
  values: CellValue[][],
  named: Partial<Record<ColumnRole, string>>,
): TransactionColumns {
  const found = (role: ColumnRole): number | null => {
    const name = named[role];
    return name !== undefined ? columnNamed(values, name) : columnByKnownName(values[0] ?? [], role);
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
