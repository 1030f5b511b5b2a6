/**
 * The "Segment model" sheet the write-back adds: the model table exactly as SEGMENT.MODEL spills it for
 * the same data and parameters, so SEGMENT.ASSIGN on it gives back the labels the pane wrote.
 */
import type { CellValue } from "../../src/core/cells";
import { MODEL_SHEET, PROFILE_SHEET } from "../../src/core/plan";
import { segmentAssign, segmentModel } from "../../src/functions/functions";
import type { Wizard } from "../../src/taskpane/wizard";
import { describeResultsWrite } from "../../src/taskpane/writeback";
import { mallCustomers } from "./fixtures";
import { throughToIncomeAndScore, throughToResults, wizardOn } from "./helpers";

type On = ReturnType<typeof wizardOn>;

const sheet = (on: On, name: string): CellValue[][] =>
  on.host.workbook.snapshot().sheets.find((s) => s.name === name)?.values ?? [];

/** The columns of the Mall data a formula would be given: the header and every row. */
function columns(values: CellValue[][], names: readonly string[]): CellValue[][] {
  const at = names.map((name) => values[0].indexOf(name));
  return values.map((row) => at.map((j) => row[j]));
}

/** The label column the pane wrote beside the data (column F), header first. */
const writtenLabels = (on: On): CellValue[][] => sheet(on, "Customers").map((row) => [row[5]]);

/** As ASSIGN reads a model range: the sheet's cells, an empty cell as Excel passes it (""). */
const asRange = (values: CellValue[][]): unknown[][] => values.map((row) => row.map((v) => v ?? ""));

describe("the Segment model sheet", () => {
  it("holds SEGMENT.MODEL's spill of a k-means run, cell for cell, and ASSIGN on it gives the labels written", async () => {
    const on = wizardOn(mallCustomers(), { answers: [true] });
    const { wizard } = on;
    await throughToResults(wizard);
    const result = wizard.state.result;
    const features = ["Gender", "Age", "Annual Income (k$)", "Spending Score (1-100)"];
    expect(result?.algorithm).toBe("kmeans");
    expect(result?.params).toEqual({ k: result?.k, seed: 42, restarts: 4 });

    const spill = segmentModel(columns(mallCustomers(), features), result?.k ?? 0, "zscore", 42, 4);
    expect(spill[0]).toEqual(["Segment model", "version 2", ...new Array(spill[0].length - 2).fill("")]);
    expect(result?.model).toEqual(spill);

    const data = wizard.state.data;
    expect(data && result && describeResultsWrite(data.range, true, result)).toBe(
      'Write to workbook puts the labels in column F next to your data (Customers!F1:F201, under a “Segment” header), the sheet "Segment profiles" with a chart of segment sizes, and the model on the sheet "Segment model". Nothing you typed is overwritten without asking.',
    );
    await wizard.write();
    expect(wizard.state.problem).toBeNull();
    const written = sheet(on, MODEL_SHEET);
    expect(asRange(written)).toEqual(spill);
    // The header row (the title) is styled, the numbers are written as they are, unrounded.
    expect(on.host.workbook.snapshot().sheets.find((s) => s.name === MODEL_SHEET)?.styles.A1?.bold).toBe(
      true,
    );

    const labels = writtenLabels(on);
    expect(labels[0]).toEqual(["Segment"]);
    expect(segmentAssign(mallCustomers(), asRange(written))).toEqual(labels);
  });

  it("holds SEGMENT.MODEL's mixture table for a Gaussian mixture run, and ASSIGN on it gives the labels written", async () => {
    const on = wizardOn(mallCustomers(), { answers: [true] });
    const { wizard } = on;
    await onMixture(wizard);
    const result = wizard.state.result;
    expect(result?.params).toEqual({ k: 5, covariance: "full", seed: 42, restarts: 4 });

    const data = columns(mallCustomers(), ["Annual Income (k$)", "Spending Score (1-100)"]);
    const spill = segmentModel(data, 5, "zscore", 42, 4, undefined, "gmm");
    expect(spill[0].slice(0, 2)).toEqual(["Segment model", "version 3"]);
    expect(spill[1].slice(0, 2)).toEqual(["Algorithm", "gmm"]);
    expect(result?.model).toEqual(spill);

    await wizard.write();
    const written = sheet(on, MODEL_SHEET);
    expect(asRange(written)).toEqual(spill);
    expect(segmentAssign(mallCustomers(), asRange(written))).toEqual(writtenLabels(on));
  });

  it("is not written for DBSCAN, which keeps no model, and the pane says so", async () => {
    const on = wizardOn(mallCustomers(), { answers: [true] });
    const { wizard } = on;
    await throughToIncomeAndScore(wizard);
    await wizard.setAlgorithm("dbscan");
    for (let i = 0; i < 50 && wizard.state.density.counting; i++) await new Promise((r) => setTimeout(r, 0));
    await wizard.next();
    const { data, result } = wizard.state;
    expect(result?.model).toBeNull();
    expect(data && result && describeResultsWrite(data.range, true, result)).toMatch(
      /, under a “Segment \(0 = noise\)” header\) and the sheet "Segment profiles" with a chart of segment sizes\. DBSCAN keeps no model to score new customers with, so there is no "Segment model" sheet\. Nothing/,
    );
    await wizard.write();
    expect(wizard.state.notice).toBe(
      'Wrote 200 labels to column F of Customers and the sheet "Segment profiles" with a chart of segment sizes. DBSCAN keeps no model to score new customers with, so there is no "Segment model" sheet.',
    );
    expect(on.host.workbook.sheets.map((s) => s.name)).toEqual(["Customers", PROFILE_SHEET]);
  });

  it("asks before replacing a Segment model sheet of the user's, and leaves it when told no", async () => {
    const on = wizardOn(mallCustomers(), { answers: [false] });
    on.host.workbook.addSheet(MODEL_SHEET);
    on.host.workbook.setCell(MODEL_SHEET, 0, 0, "my model");
    const { wizard } = on;
    await throughToResults(wizard);
    await wizard.write();
    expect(on.questions.map((q) => q.message)).toEqual([
      'Writing the results would replace the sheet "Segment model". Excel cannot undo this. Write anyway?',
    ]);
    expect(on.host.workbook.cell(MODEL_SHEET, 0, 0)?.value).toBe("my model");
    expect(wizard.state.written).toBeNull();
  });

  it("is in the record Remove results takes out, and named in its question", async () => {
    const on = wizardOn(mallCustomers(), { answers: [true, true] });
    const { wizard } = on;
    await throughToResults(wizard);
    await wizard.write();
    expect(wizard.state.written?.ops).toContainEqual({ kind: "deleteSheet", name: MODEL_SHEET });
    await wizard.removeResults();
    expect(on.questions.at(-1)?.message).toBe(
      `This deletes what Segment wrote: the labels in Customers!F1:F201, the sheet "Segment profiles" with its chart, the sheet "Segment model". Excel cannot undo this.`,
    );
    expect(on.host.workbook.sheets.map((s) => s.name)).toEqual(["Customers"]);
  });
});

/** A Gaussian mixture of 5 (the BIC's recommendation) with full covariance, run: on the Results step. */
async function onMixture(wizard: Wizard): Promise<void> {
  await throughToIncomeAndScore(wizard);
  await wizard.setAlgorithm("gmm");
  await wizard.next();
}
