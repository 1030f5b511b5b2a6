import type { CellValue } from "../../src/core/cells";
import type { Host } from "../../src/host/host";
import { MemoryHost } from "../../src/host/memory";
import { workbookFromSeed } from "../../src/host/sandbox";
import { InlineAnalyzer } from "../../src/taskpane/inline-analyzer";
import { ConfirmRequest, Wizard } from "../../src/taskpane/wizard";
import { mallCustomers } from "./fixtures";

/** A wizard over an in-memory workbook holding `values` on sheet "Customers", selected. */
export function wizardOn(
  values: CellValue[][] = mallCustomers(),
  options: { answers?: boolean[]; seed?: Record<string, unknown>; maxCells?: number } = {},
) {
  const host = new MemoryHost(
    workbookFromSeed({
      sheets: [{ name: "Customers", values }],
      selection: `Customers!A1:${String.fromCharCode(64 + values[0].length)}${values.length}`,
      ...options.seed,
    }),
    options.maxCells,
  );
  return { host, ...wizardWith(host, options.answers) };
}

/** A wizard over any host, answering its questions from `answers` in turn (no when they run out). */
export function wizardWith(host: Host, answers: readonly boolean[] = []) {
  const questions: ConfirmRequest[] = [];
  const queue = [...answers];
  const wizard = new Wizard({
    host,
    analyzer: new InlineAnalyzer(),
    confirm: async (q) => {
      questions.push(q);
      return queue.shift() ?? false;
    },
  });
  return { wizard, questions };
}

/** Reads the selection, keeps the suggested features and k, and runs: the wizard ends on Results. */
export async function throughToResults(wizard: Wizard): Promise<void> {
  await wizard.start();
  await wizard.loadData();
  await wizard.next(); // features
  await wizard.next(); // k, with the sweep
  await wizard.next(); // run -> results
}

/** Reads the selection and keeps only Annual Income and Spending Score: the wizard ends on the k step. */
export async function throughToIncomeAndScore(wizard: Wizard): Promise<void> {
  await wizard.start();
  await wizard.loadData();
  await wizard.next(); // features
  wizard.toggleFeature("Gender", false);
  wizard.toggleFeature("Age", false);
  await wizard.next(); // k
}
