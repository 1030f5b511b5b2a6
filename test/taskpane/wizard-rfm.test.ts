import { readFileSync } from "fs";
import path from "path";
import type { CellValue } from "../../src/core/cells";
import { MODEL_SHEET, PROFILE_SHEET } from "../../src/core/plan";
import { rfmSpill } from "../../src/functions/rfm";
import { RFM_SHEET, crosstabSentences, rfmCrosstab } from "../../src/taskpane/rfm-path";
import { wizardOn } from "./helpers";

/** The shipped transactions sample, numbers as numbers (as Excel would hold them), dates as text. */
function transactions(): CellValue[][] {
  const file = path.resolve(__dirname, "..", "..", "samples", "online-retail-transactions.csv");
  return readFileSync(file, "utf8")
    .trim()
    .split(/\r?\n/)
    .map((line, i) =>
      line
        .split(",")
        .map((cell, j) => (i === 0 || j === 1 || cell === "" || isNaN(Number(cell)) ? cell : Number(cell))),
    );
}

const sheet = (on: ReturnType<typeof wizardOn>, name: string) =>
  on.host.workbook.snapshot().sheets.find((s) => s.name === name)?.values ?? [];

describe("the wizard's Transactions -> RFM path, on the shipped transactions", () => {
  it("recognises transactions, builds the customer table on a new sheet, and segments it by log-scaled R, F and M", async () => {
    const values = transactions();
    const on = wizardOn(values, { answers: [true] });
    const { wizard } = on;
    await wizard.start();
    await wizard.loadData();
    expect(wizard.state.dataKind).toBe("transactions");
    expect(wizard.state.transactions?.columns).toEqual({ customer: 2, date: 1, amount: 5, invoice: 0 });

    // Purchases are not customers: the wizard will not segment them as they are.
    await wizard.next();
    expect(wizard.state.step).toBe("data");
    expect(wizard.state.problem?.title).toBe("Build the customer table first");

    await wizard.buildRfm();
    expect(wizard.state.problem).toBeNull();
    expect(wizard.state.notice).toBe(
      `Wrote 98 customers to the new sheet "${RFM_SHEET}": Next segments them.`,
    );
    // The sheet holds SEGMENT.RFM's spill of the same columns, cell for cell.
    const column = (j: number) => values.map((row) => [row[j]]);
    const spill = rfmSpill(column(2), column(1), column(5), null, column(0), null);
    expect(sheet(on, RFM_SHEET)).toEqual(spill);
    expect(wizard.state.data?.summary.rowCount).toBe(98);
    expect(wizard.state.data?.range.address).toBe("'RFM customers'!A1:J99");
    expect(wizard.state.transactions?.built?.notes).toContain(
      "Left out: 19 lines without a customer id, 119 lines of cancelled invoices (ids starting with C) and 2 lines with an amount of zero or less.",
    );
    const chosen = wizard.state.features.filter((f) => f.selected).map((f) => [f.info.name, f.log]);
    expect(chosen).toEqual([
      ["Recency (days)", true],
      ["Frequency", true],
      ["Monetary", true],
    ]);

    await wizard.next(); // features
    await wizard.next(); // k, with the sweep
    await wizard.next(); // run
    const result = wizard.state.result;
    expect(wizard.state.step).toBe("results");
    expect(result?.sizes.reduce((a, b) => a + b, 0)).toBe(98);

    // The rule-based segments against those found: every customer counted once.
    const names = wizard.state.rfmNames ?? [];
    expect(names).toHaveLength(98);
    const crosstab = rfmCrosstab(names, result?.labelsByRow ?? new Uint8Array(), result?.k ?? 0);
    expect(crosstab.totals).toEqual(result?.sizes);
    expect(crosstab.rows.reduce((n, row) => n + row.total, 0)).toBe(98);
    expect(crosstab.rows.map((row) => row.name)).toContain("Champions");
    // The SQL to score new customers passes the customer id through, to join the segments back.
    expect(wizard.state.sql.idColumn).toBe("Customer");

    // Labels go beside the customer table, on its sheet; Remove results takes out all three.
    await wizard.write();
    expect(wizard.state.problem).toBeNull();
    const rfmSheet = sheet(on, RFM_SHEET);
    expect(rfmSheet[0][10]).toBe("Segment");
    expect(rfmSheet.slice(1).every((row) => typeof row[10] === "number")).toBe(true);
    expect(sheet(on, PROFILE_SHEET).length).toBeGreaterThan(0);
    // The model keeps the path's log(1 + x) on each measure, so ASSIGN and SQL score new customers alike.
    const model = sheet(on, MODEL_SHEET);
    expect(model[0][0]).toBe("Segment model");
    expect(model.filter((row) => row[3] === "log(1+x)").map((row) => row[0])).toEqual([
      "Recency (days)",
      "Frequency",
      "Monetary",
    ]);
    expect(on.host.workbook.sheets.map((s) => s.name)).toEqual([
      "Customers",
      RFM_SHEET,
      PROFILE_SHEET,
      MODEL_SHEET,
    ]);
    await wizard.removeResults();
    expect(on.host.workbook.snapshot().sheets.map((s) => s.name)).toEqual(["Customers"]);
    expect(sheet(on, "Customers")).toEqual(values);
  });

  it("asks before replacing an existing customer sheet, and writes nothing when told no", async () => {
    const on = wizardOn(transactions(), {
      answers: [false],
      seed: {
        sheets: [
          { name: "Customers", values: transactions() },
          { name: RFM_SHEET, values: [["mine"]] },
        ],
      },
    });
    await on.wizard.start();
    await on.wizard.loadData();
    await on.wizard.buildRfm();
    expect(on.questions.map((q) => q.title)).toEqual(["Replace the sheet?"]);
    expect(on.wizard.state.notice).toBe("Nothing was written.");
    expect(sheet(on, RFM_SHEET)).toEqual([["mine"]]);
    expect(on.wizard.state.transactions?.built).toBeNull();
  });

  it("leaves customer tables alone, and asks for the columns it could not find", async () => {
    const mall = wizardOn();
    await mall.wizard.start();
    await mall.wizard.loadData();
    expect(mall.wizard.state.dataKind).toBe("customers");
    mall.wizard.setDataKind("transactions");
    await mall.wizard.buildRfm();
    expect(mall.wizard.state.problem?.title).toBe("Which columns are which?");
  });

  it("builds with quantity x price, an as-of date and returns netted when told so", async () => {
    const on = wizardOn(transactions());
    await on.wizard.start();
    await on.wizard.loadData();
    on.wizard.setTransactionColumns({ customer: 2, date: 1, amount: { quantity: 3, price: 4 }, invoice: 0 });
    on.wizard.setTransactionOptions({ asOf: "2012-01-01", returns: "net" });
    await on.wizard.buildRfm();
    const values = transactions();
    const column = (j: number) => values.map((row) => [row[j]]);
    const amounts = values.map((row, i) => [i === 0 ? "Amount" : (row[3] as number) * (row[4] as number)]);
    const spill = rfmSpill(column(2), column(1), amounts, "2012-01-01", column(0), "net");
    expect(sheet(on, RFM_SHEET)).toEqual(spill);
  });
});

describe("the crosstab of RFM segments against the segments found", () => {
  it("counts each customer once, in the grid's order, and says what each segment is mostly", () => {
    const names = ["Champions", "Champions", "Hibernating", "At Risk", "Champions", "Unknown"];
    const labels = Uint8Array.from([1, 1, 2, 2, 2, 1]);
    const crosstab = rfmCrosstab(names, labels, 2);
    expect(crosstab).toEqual({
      rows: [
        { name: "Hibernating", counts: [0, 1], total: 1 },
        { name: "At Risk", counts: [0, 1], total: 1 },
        { name: "Champions", counts: [2, 1], total: 3 },
      ],
      totals: [2, 3],
    });
    expect(crosstabSentences(crosstab)).toEqual([
      "Segment 1: all Champions.",
      "Segment 2: a mix of Hibernating (33%), At Risk (33%) and Champions (33%).",
    ]);
    const mostly = rfmCrosstab(
      ["Champions", "Champions", "Champions", "Loyal Customers", "At Risk"],
      Uint8Array.from([1, 1, 1, 1, 1]),
      1,
    );
    expect(crosstabSentences(mostly)).toEqual(["Segment 1: mostly Champions (60%), then At Risk (20%)."]);
  });
});
