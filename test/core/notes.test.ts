import { CellValue } from "../../src/core/cells";
import { dataNotes } from "../../src/core/notes";
import { prepare } from "../../src/core/pipeline";

function notesOf(values: CellValue[][]): string[] {
  const { table, fitted } = prepare(values);
  return dataNotes(table, fitted);
}

const spend = [5, 7, 8, 9, 10, 11, 12, 14, 15, 20, 25, 30, 40, 3000, 9000];

describe("dataNotes", () => {
  it("says nothing for plain data", () => {
    expect(notesOf([["x", "y"], ...spend.map((_, i) => [i % 5, (i * 3) % 7])])).toEqual([]);
  });

  it("names the columns log-transformed for a heavy tail, with their skewness", () => {
    const values = [
      ["Age", "Spend", "Visits"],
      ...spend.map((s, i) => [20 + (i % 6), s, i === 3 ? 400 : i % 4]),
    ];
    const notes = notesOf(values);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(
      /^Spend and Visits were log-transformed, log\(1 \+ x\), for a heavy right tail \(skewness \d+\.\d and \d+\.\d\)\.$/,
    );
  });

  it("says which rows of the range were left out as a totals row or repeated headers", () => {
    const rows: CellValue[][] = [["Age", "Income"]];
    for (let i = 0; i < 12; i++) rows.push([20 + (i % 5), 30 + ((i * 7) % 11)]);
    rows.splice(5, 0, ["Age", "Income"]);
    rows.push(["Total", 999]);
    const { table, fitted } = prepare(rows);
    expect(table.excluded.map((r) => [r.rangeRow, r.reason])).toEqual([
      [6, "header"],
      [15, "totals"],
    ]);
    expect(fitted.matrix.n).toBe(12);
    expect(dataNotes(table, fitted)).toEqual([
      "Row 15 of the range is a totals row, not a customer: left out, with no segment.",
      "Row 6 of the range is a repeated header, not a customer: left out, with no segment.",
    ]);
  });

  it("leaves a totals row out even when missing values are imputed", () => {
    const rows: CellValue[][] = [
      ["Age", "Income"],
      [20, 30],
      [30, ""],
      [40, 50],
      [50, 60],
      ["Total", 140],
    ];
    const { fitted } = prepare(rows, { missing: "mean" });
    expect(fitted.matrix.n).toBe(4);
    expect(Array.from(fitted.rows ?? [])).toEqual([0, 1, 2, 3]);
  });

  it("passes on how a column's text was read, for the columns used", () => {
    const dates = ["03/04/2011", "05/06/2011", "07/08/2011", "09/10/2011", "11/12/2011"];
    const notes = notesOf([["Signup", "Spend"], ...dates.map((d, i) => [d, 10 + i])]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Signup: dates read as month\/day\/year/);
  });
});
