jest.mock("office-addin-manifest", () => ({ OfficeApp: { Excel: "excel", Outlook: "outlook" } }));

import { MODEL_SHEET, PROFILE_SHEET } from "../../src/core/plan";
import type { Host } from "../../src/host/host";
import { MemoryHost } from "../../src/host/memory";
import { OfficeHost } from "../../src/host/office";
import { workbookFromSeed } from "../../src/host/sandbox";
import { CellGrid, Workbook } from "../../src/host/workbook";
import { RESULTS_KEY } from "../../src/taskpane/settings";
import { FakeExcel } from "../host/fake-excel";
import { mallCustomers } from "./fixtures";
import { throughToResults, wizardWith } from "./helpers";

/**
 * Write-back when the workbook will not take it: refused before anything is written when Segment can
 * tell (protected sheet or structure, merged cells), and left in a known, removable state when Excel
 * fails partway (a request refused on chunk 3 of 5), on the in-memory host and on Office.js (mocked).
 */

/** 50 cells a request: the 201 cells of the label column go in 5 chunks (50, 50, 50, 50, 1). */
const MAX_CELLS = 50;

function mallWorkbook(): Workbook {
  return workbookFromSeed({
    sheets: [{ name: "Customers", values: mallCustomers() }],
    selection: "Customers!A1:E201",
  });
}

interface Target {
  readonly workbook: Workbook;
  readonly host: Host;
  /** Makes the third request that writes cells fail, with the two before it written. */
  readonly failThirdWrite: () => void;
}

const targets: [string, () => Target][] = [
  [
    "in memory",
    () => {
      const workbook = mallWorkbook();
      return {
        workbook,
        host: new MemoryHost(workbook, MAX_CELLS),
        failThirdWrite: () => {
          // The in-memory host writes cell by cell: the first cell of the third chunk fails.
          const put = CellGrid.prototype.put;
          let cells = 0;
          jest.spyOn(CellGrid.prototype, "put").mockImplementation(function (this: CellGrid, ...args) {
            if (++cells === 2 * MAX_CELLS + 1) throw new Error("The request could not be completed.");
            return put.apply(this, args);
          });
        },
      };
    },
  ],
  [
    "in Excel (office-addin-mock)",
    () => {
      const excel = new FakeExcel(mallWorkbook());
      const host = new OfficeHost({
        run: excel.run,
        settings: excel.settings,
        maxCells: MAX_CELLS,
        supports: () => true,
      });
      return { workbook: excel.workbook, host, failThirdWrite: () => (excel.failWriteSync = 3) };
    },
  ],
];

afterEach(() => jest.restoreAllMocks());

const labelColumn = (wb: Workbook) =>
  wb.values("Customers", { row: 0, column: 5, rows: 201, columns: 1 }).map((r) => r[0]);

describe.each(targets)("a write that fails partway, %s", (_, make) => {
  it("leaves the first two chunks written, says so, keeps a record of only what started, and Remove cleans up", async () => {
    const { workbook, host, failThirdWrite } = make();
    const before = workbook.snapshot();
    const { wizard } = wizardWith(host, [true]);
    await throughToResults(wizard);
    failThirdWrite();
    await wizard.write();

    expect(wizard.state.busy).toBeNull();
    expect(wizard.state.problem?.title).toBe("Writing the results stopped partway");
    expect(wizard.state.problem?.detail).toMatch(
      /Written: the first 100 of 201 rows of the label column\. Not written: the rest of the labels, the sheet "Segment profiles" with its chart, and the sheet "Segment model"\. Remove results takes out what was written\.$/,
    );
    const labels = labelColumn(workbook);
    expect(labels[0]).toBe("Segment");
    expect(labels.slice(1, 100).every((l) => typeof l === "number")).toBe(true);
    expect(labels.slice(100).every((l) => l === "")).toBe(true);
    expect(workbook.getSheet(PROFILE_SHEET)).toBeUndefined();
    expect(workbook.getSheet(MODEL_SHEET)).toBeUndefined();
    // The record names the label column only: the profile and model sheets were never reached.
    const record = {
      ops: [{ kind: "clearCells", sheet: "Customers", row: 0, column: 5, rows: 201, columns: 1 }],
    };
    expect(wizard.state.written).toEqual(record);
    expect(await host.getSetting(RESULTS_KEY)).toEqual(record);

    jest.restoreAllMocks();
    await wizard.removeResults();
    expect(wizard.state.written).toBeNull();
    expect(workbook.snapshot().sheets).toEqual(before.sheets);
  });

  it("never deletes a profile sheet of the user's that the failed write did not reach", async () => {
    const { workbook, host, failThirdWrite } = make();
    workbook.addSheet(PROFILE_SHEET);
    workbook.setCell(PROFILE_SHEET, 0, 0, "my own notes");
    const { wizard, questions } = wizardWith(host, [true, true]);
    await throughToResults(wizard);
    failThirdWrite();
    await wizard.write();
    expect(questions.map((q) => q.title)).toEqual(["Overwrite?"]);
    expect(wizard.state.problem?.title).toBe("Writing the results stopped partway");
    jest.restoreAllMocks();
    await wizard.removeResults();
    expect(workbook.cell(PROFILE_SHEET, 0, 0)?.value).toBe("my own notes");
    expect(labelColumn(workbook).every((l) => l === "")).toBe(true);
  });

  it("after a failure, writing again asks to overwrite the partial labels and then completes", async () => {
    const { workbook, host, failThirdWrite } = make();
    const { wizard, questions } = wizardWith(host, [true]);
    await throughToResults(wizard);
    failThirdWrite();
    await wizard.write();
    jest.restoreAllMocks();
    await wizard.write();
    expect(questions[0]?.message).toMatch(/write over cells that are not empty \(Customers!F1:F100\)/);
    expect(wizard.state.problem).toBeNull();
    expect(
      labelColumn(workbook)
        .slice(1)
        .every((l) => typeof l === "number"),
    ).toBe(true);
    expect(workbook.getSheet(PROFILE_SHEET)).toBeDefined();
    expect(workbook.getSheet(MODEL_SHEET)).toBeDefined();
  });
});

describe.each(targets)("writes refused before anything is written, %s", (_, make) => {
  async function refused(prepare: (wb: Workbook) => void): Promise<{ detail: string; wb: Workbook }> {
    const { workbook, host } = make();
    const { wizard } = wizardWith(host, [true]);
    await throughToResults(wizard);
    prepare(workbook);
    const before = JSON.stringify(workbook.snapshot());
    await wizard.write();
    expect(wizard.state.problem?.title).toBe("Nothing was written");
    expect(wizard.state.written).toBeNull();
    expect(JSON.stringify(workbook.snapshot())).toBe(before);
    return { detail: wizard.state.problem?.detail ?? "", wb: workbook };
  }

  it("a protected data sheet, naming the sheet and the cells", async () => {
    const { detail } = await refused((wb) => void (wb.requireSheet("Customers").protected = true));
    expect(detail).toBe(
      'The sheet "Customers" is protected, so Segment cannot write Customers!F1:F201. Unprotect it (Review › Unprotect Sheet), then write again.',
    );
  });

  it("a workbook whose structure is protected, naming the sheet Segment would add", async () => {
    const { detail } = await refused((wb) => void (wb.structureProtected = true));
    expect(detail).toMatch(
      /^The workbook's structure is protected, so Segment cannot add the sheets "Segment profiles" and "Segment model"\./,
    );
  });

  it("merged cells where the labels go, naming them", async () => {
    const { detail } = await refused(
      (wb) => void wb.requireSheet("Customers").merged.push({ row: 9, column: 5, rows: 2, columns: 2 }),
    );
    expect(detail).toBe(
      "The cells Customers!F10:G11 are merged, and Segment writes into Customers!F1:F201. Unmerge them (Home › Merge & Center › Unmerge Cells) or move them, then write again.",
    );
  });
});

describe.each(targets)("a range with rows hidden by a filter, %s", (_, make) => {
  it("reads and labels every row, hidden ones too, and says so on the Data step", async () => {
    const { workbook, host } = make();
    for (const row of [3, 4, 10]) workbook.requireSheet("Customers").hiddenRows.add(row);
    const range = await host.readData({ source: "selection" });
    expect(range.hiddenRows).toBe(3);
    const { wizard } = wizardWith(host);
    await throughToResults(wizard);
    expect(wizard.state.data?.preview.notes).toContain(
      "3 rows are hidden (by a filter or by hand): Segment reads and labels them too, so the labels line up when the filter is cleared. To segment only the visible rows, copy them to a new sheet first.",
    );
    await wizard.write();
    expect(
      labelColumn(workbook)
        .slice(1)
        .every((l) => typeof l === "number"),
    ).toBe(true);
  });
});
