import { SegmentError } from "../../src/core/errors";
import { CancelledError } from "../../src/core/kmeans";
import { HostError } from "../../src/host/host";
import { problemOf } from "../../src/taskpane/messages";
import {
  conflictQuestion,
  describeRecord,
  describePartialWrite,
  describeRemoval,
  uniqueHeader,
} from "../../src/taskpane/writeback";
import { MODEL_SHEET, PROFILE_SHEET, WritePlan } from "../../src/core/plan";

describe("write-back wording", () => {
  it("asks about cells and sheets in one question, listing at most three areas", () => {
    expect(conflictQuestion({ cells: [], sheets: [], problems: [] })).toBeNull();
    expect(
      conflictQuestion({
        cells: ["S!F2", "S!F9", "S!F20:F21", "S!F40"],
        sheets: ["Segment profiles"],
        problems: [],
      }),
    ).toBe(
      'Writing the results would write over cells that are not empty (S!F2, S!F9, S!F20:F21 and 1 more) and replace the sheet "Segment profiles". Excel cannot undo this. Write anyway?',
    );
  });

  it("names a new table column so it never clashes", () => {
    expect(uniqueHeader(["Age", "Income"])).toBe("Segment");
    expect(uniqueHeader(["segment", "Segment 2"])).toBe("Segment 3");
  });

  it("describes a record and a removal", () => {
    expect(
      describeRecord({
        ops: [
          { kind: "clearCells", sheet: "My data", row: 0, column: 5, rows: 201, columns: 1 },
          { kind: "deleteSheet", name: "Segment profiles" },
          { kind: "deleteSheet", name: "Segment model" },
          { kind: "deleteTableColumn", table: "T", name: "Segment" },
        ],
      }),
    ).toBe(
      `the labels in 'My data'!F1:F201, the sheet "Segment profiles" with its chart, the sheet "Segment model", the column "Segment" of table T`,
    );
    expect(describeRemoval({ removed: [], missing: ["sheet P"] })).toBe(
      "There was nothing left to remove. Already gone: sheet P.",
    );
  });
});

describe("what a write that failed partway left behind", () => {
  const tableColumn: WritePlan = {
    ops: [
      { kind: "tableColumn", table: "T", name: "Segment", values: [1, 2, 1, 2] },
      { kind: "addSheet", name: PROFILE_SHEET },
      { kind: "values", sheet: PROFILE_SHEET, row: 0, column: 0, values: [["Segment"], [1]] },
    ],
  };

  it("says nothing was written when the first op had not started or wrote nothing", () => {
    expect(describePartialWrite(tableColumn, -1, 0)).toBe("Nothing was written.");
    expect(describePartialWrite(tableColumn, 0, 0)).toBe("Nothing was written.");
  });

  it("counts the labels of a table column, and the profile sheet once it was started", () => {
    expect(describePartialWrite(tableColumn, 0, 3)).toBe(
      'Written: the first 3 of 4 rows of the label column. Not written: the rest of the labels and the sheet "Segment profiles" with its chart. Remove results takes out what was written.',
    );
    expect(describePartialWrite(tableColumn, 2, 4)).toBe(
      'Written: the labels and part of the sheet "Segment profiles" with its chart. Remove results takes out what was written.',
    );
  });

  it("counts the model sheet as the profile sheet: whole once an op after it started, in part while its own ran", () => {
    const plan: WritePlan = {
      ops: [
        { kind: "values", sheet: "Data", row: 0, column: 5, values: [["Segment"], [1], [2]] },
        { kind: "addSheet", name: PROFILE_SHEET },
        { kind: "values", sheet: PROFILE_SHEET, row: 0, column: 0, values: [["Segment"], [1]] },
        { kind: "addSheet", name: MODEL_SHEET },
        { kind: "values", sheet: MODEL_SHEET, row: 0, column: 0, values: [["Segment model"]] },
      ],
    };
    expect(describePartialWrite(plan, 1, 3)).toBe(
      'Written: the labels and part of the sheet "Segment profiles" with its chart. Not written: the sheet "Segment model". Remove results takes out what was written.',
    );
    expect(describePartialWrite(plan, 4, 5)).toBe(
      'Written: the labels, the sheet "Segment profiles" with its chart, and part of the sheet "Segment model". Remove results takes out what was written.',
    );
  });
});

describe("problemOf", () => {
  it("passes the core's and the host's messages through, and flags anything else as unexpected", () => {
    expect(problemOf("T", new SegmentError("value", "k = 9 is more than the 3 usable rows."))).toEqual({
      title: "T",
      detail: "k = 9 is more than the 3 usable rows.",
    });
    expect(problemOf("T", new HostError("The active sheet is empty.")).detail).toBe(
      "The active sheet is empty.",
    );
    expect(problemOf("T", new CancelledError()).detail).toBe("Cancelled.");
    const office = Object.assign(new Error("The range is protected."), {
      name: "RichApi.Error",
      code: "AccessDenied",
    });
    expect(problemOf("T", office).detail).toBe("Excel reported AccessDenied: The range is protected.");
    expect(problemOf("T", new TypeError("x is undefined")).detail).toMatch(
      /^Something unexpected went wrong \(x is undefined\)/,
    );
  });
});
