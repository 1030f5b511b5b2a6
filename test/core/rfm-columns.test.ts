import { columnByKnownName, guessTransactionColumns, transactionInput } from "../../src/core/rfm-columns";

describe("the columns of a table of transactions, from its header", () => {
  it("finds Online Retail's: customer, date, quantity x price (no amount column), invoice", () => {
    const header = [
      "InvoiceNo",
      "StockCode",
      "Description",
      "Quantity",
      "InvoiceDate",
      "UnitPrice",
      "CustomerID",
    ];
    expect(guessTransactionColumns(header)).toEqual({
      customer: 6,
      date: 4,
      amount: { quantity: 3, price: 5 },
      invoice: 0,
    });
  });

  it("prefers an amount column, reads names without case, spaces or punctuation, and needs no invoice", () => {
    expect(guessTransactionColumns(["Customer ID", "order-date", "Qty", "Price", "Line total"])).toEqual({
      customer: 0,
      date: 1,
      amount: 4,
      invoice: null,
    });
    expect(columnByKnownName(["a", "Client"], "customer")).toBe(1);
  });

  it("gives null when a customer, a date or an amount cannot be found", () => {
    expect(guessTransactionColumns(["CustomerID", "Amount"])).toBeNull();
    expect(guessTransactionColumns(["CustomerID", "Date", "Quantity"])).toBeNull();
    expect(guessTransactionColumns([1, 2, 3])).toBeNull();
  });

  it("computes quantity x price per line, the header row skipped", () => {
    const values = [
      ["CustomerID", "InvoiceDate", "Quantity", "UnitPrice"],
      [1, 40000, 2, 1.5],
      [2, 40001, "3", "$2.00"],
    ];
    const input = transactionInput(values, {
      customer: 0,
      date: 1,
      amount: { quantity: 2, price: 3 },
      invoice: null,
    });
    expect(input.start).toBe(1);
    expect(Array.from(input.amounts as Float64Array)).toEqual([3, 6]);
  });
});
