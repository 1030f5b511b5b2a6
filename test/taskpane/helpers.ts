import type { CellValue } from "../../src/core/cells";
import { MemoryHost } from "../../src/host/memory";
import { workbookFromSeed } from "../../src/host/sandbox";
import { InlineAnalyzer } from "../../src/taskpane/inline-analyzer";
import { ConfirmRequest, Wizard } from "../../src/taskpane/wizard";
import { mallCustomers } from "./fixtures";

/** A wizard over an in-memory workbook holding `values` on sheet "Customers", selected. */
export function wizardOn(
  values: CellValue[][] = mallCustomers(),
  options: { answers?: boolean[]; seed?: Record<string, unknown> } = {},
) {
  const host = new MemoryHost(
    workbookFromSeed({
      sheets: [{ name: "Customers", values }],
      selection: `Customers!A1:${String.fromCharCode(64 + values[0].length)}${values.length}`,
      ...options.seed,
    }),
  );
  const questions: ConfirmRequest[] = [];
  const answers = [...(options.answers ?? [])];
  const wizard = new Wizard({
    host,
    analyzer: new InlineAnalyzer(),
    confirm: async (q) => {
      questions.push(q);
      return answers.shift() ?? false;
    },
  });
  return { host, wizard, questions };
}
