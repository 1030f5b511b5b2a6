import { readFileSync } from "fs";
import path from "path";
import type { CellValue } from "../../src/core/cells";
import { parseCsv } from "../../src/host/csv";
import { parseA1 } from "../../src/host/address";
import { Workbook } from "../../src/host/workbook";
import { FormulaEngine, FunctionLookup, typedValue } from "../../src/sandbox/engine";
import { createRuntime, lookupFunctions } from "../../src/sandbox/runtime";
import { loadFunctions } from "../helpers/load-functions";
import { mallCustomers } from "../taskpane/fixtures";

/** Functions whose results are easy to predict, and a count of their calls. */
function fakes(calls: string[] = []): FunctionLookup {
  const specs: Record<string, { matrix: boolean[]; call(args: unknown[]): unknown }> = {
    // A column as tall as the range: the sum of each row, under a header.
    "SEGMENT.ROWSUM": {
      matrix: [true],
      call: ([range]) => {
        calls.push("ROWSUM");
        return [
          ["Sum"],
          ...(range as CellValue[][]).slice(1).map((r) => [r.reduce<number>((s, v) => s + Number(v), 0)]),
        ];
      },
    },
    "SEGMENT.TOTAL": {
      matrix: [true, false],
      call: ([range, scale]) => {
        calls.push("TOTAL");
        const cells = (range as CellValue[][]).flat().filter((v): v is number => typeof v === "number");
        return cells.reduce((s, v) => s + v, 0) * (scale === null || scale === undefined ? 1 : Number(scale));
      },
    },
    "SEGMENT.FAIL": {
      matrix: [true],
      call: () => {
        throw Object.assign(new Error("CustomerID looks like an identifier."), { code: "#VALUE!" });
      },
    },
  };
  return (name) => specs[name];
}

function book(): Workbook {
  const wb = new Workbook();
  wb.addSheet("Data");
  const rows = [
    ["a", "b"],
    [1, 2],
    [3, 4],
    [5, 6],
  ];
  rows.forEach((row, r) => row.forEach((v, c) => wb.setCell("Data", r, c, v)));
  return wb;
}

const at = (a1: string) => parseA1(a1);
const value = (wb: Workbook, a1: string, sheet = "Data") =>
  wb.cell(sheet, at(a1).row, at(a1).column)?.value ?? "";
const column = (wb: Workbook, a1: string) => wb.values("Data", at(a1)).map((r) => r[0]);

describe("FormulaEngine", () => {
  it("spills a result from the formula's cell and keeps the formula text", () => {
    const wb = book();
    const engine = new FormulaEngine(wb, fakes());
    engine.enter("Data", 0, 3, "=SEGMENT.ROWSUM(A1:B4)");
    expect(column(wb, "D1:D4")).toEqual(["Sum", 3, 7, 11]);
    expect(engine.formulaAt("Data", 0, 3)).toBe("=SEGMENT.ROWSUM(A1:B4)");
    expect(engine.formulaAt("Data", 1, 3)).toBeNull();
    expect(engine.errorAt("Data", 0, 3)).toBeNull();
  });

  it("recomputes formulas that read a changed cell, and their dependents through F1#", () => {
    const calls: string[] = [];
    const wb = book();
    const engine = new FormulaEngine(wb, fakes(calls));
    engine.enter("Data", 0, 3, "=SEGMENT.ROWSUM(A1:B4)");
    engine.enter("Data", 0, 5, "=SEGMENT.TOTAL(D1#)");
    expect(value(wb, "F1")).toBe(21);
    calls.length = 0;
    engine.enter("Data", 1, 0, "10");
    expect(column(wb, "D1:D4")).toEqual(["Sum", 12, 7, 11]);
    expect(value(wb, "F1")).toBe(30);
    expect(calls).toEqual(["ROWSUM", "TOTAL"]);
    calls.length = 0;
    engine.enter("Data", 9, 9, "99");
    expect(calls).toEqual([]);
  });

  it("reads sheet-qualified ranges, and other sheets' changes reach it", () => {
    const wb = book();
    wb.addSheet("Sheet 2");
    const engine = new FormulaEngine(wb, fakes());
    engine.enter("Sheet 2", 0, 0, "=SEGMENT.TOTAL('Data'!A2:B4, 2)");
    engine.enter("Sheet 2", 1, 0, "=SEGMENT.TOTAL(Data!A2:A4)");
    expect(value(wb, "A1", "Sheet 2")).toBe(42);
    expect(value(wb, "A2", "Sheet 2")).toBe(9);
    wb.setCell("Data", 1, 0, 2);
    engine.changed("Data", at("A2"));
    expect(value(wb, "A1", "Sheet 2")).toBe(44);
  });

  it("gives #SPILL! when the spill area holds a value, and spills again once it is cleared", () => {
    const wb = book();
    const engine = new FormulaEngine(wb, fakes());
    engine.enter("Data", 0, 3, "=SEGMENT.ROWSUM(A1:B4)");
    engine.enter("Data", 2, 3, "x");
    expect(value(wb, "D1")).toBe("#SPILL!");
    expect(engine.errorAt("Data", 0, 3)).toEqual({
      code: "#SPILL!",
      message: expect.stringMatching(/needs D1:D4, but D3 is not empty/),
    });
    expect(column(wb, "D1:D4")).toEqual(["#SPILL!", "", "x", ""]);
    engine.clear("Data", at("D3"));
    expect(column(wb, "D1:D4")).toEqual(["Sum", 3, 7, 11]);
    expect(engine.errorAt("Data", 0, 3)).toBeNull();
  });

  it("does not spill over a value already there, nor over another formula's spill", () => {
    const wb = book();
    wb.setCell("Data", 3, 3, "keep");
    const engine = new FormulaEngine(wb, fakes());
    engine.enter("Data", 0, 3, "=SEGMENT.ROWSUM(A1:B4)");
    expect(value(wb, "D1")).toBe("#SPILL!");
    expect(value(wb, "D4")).toBe("keep");
    engine.enter("Data", 0, 4, "=SEGMENT.ROWSUM(A1:B4)");
    engine.enter("Data", 0, 5, "=SEGMENT.TOTAL(E1#)");
    engine.enter("Data", 2, 4, "=SEGMENT.TOTAL(A1:A2)");
    expect(value(wb, "E3")).toBe(1);
    expect(value(wb, "E1")).toBe("#SPILL!");
    // What reads a blocked spill gets its error.
    expect(engine.errorAt("Data", 0, 5)?.code).toBe("#SPILL!");
  });

  it("takes a formula and its spill out when the cell is cleared or typed over", () => {
    const wb = book();
    const engine = new FormulaEngine(wb, fakes());
    engine.enter("Data", 0, 3, "=SEGMENT.ROWSUM(A1:B4)");
    engine.enter("Data", 0, 3, "plain");
    expect(column(wb, "D1:D4")).toEqual(["plain", "", "", ""]);
    expect(engine.formulaAt("Data", 0, 3)).toBeNull();
  });

  it("shows a function's error code in the cell and keeps its message", () => {
    const wb = book();
    const engine = new FormulaEngine(wb, fakes());
    engine.enter("Data", 0, 3, "=SEGMENT.FAIL(A1:B4)");
    expect(value(wb, "D1")).toBe("#VALUE!");
    expect(engine.errorAt("Data", 0, 3)).toEqual({
      code: "#VALUE!",
      message: "CustomerID looks like an identifier.",
    });
  });

  it.each([
    ["=SEGMENT.NOPE(A1:B4)", "#NAME?", /no function SEGMENT.NOPE/],
    ["=SEGMENT.TOTAL(SUM(A1:B4))", "#NAME?", /SUM is not evaluated here/],
    ["=SEGMENT.TOTAL(A1:B4", "#NAME?", /closing parenthesis/],
    ["=SEGMENT.TOTAL(Nowhere!A1:B4)", "#REF!", /no sheet "Nowhere"/],
    ["=SEGMENT.TOTAL(H1#)", "#REF!", /H1 holds no formula that spills/],
    ["=SEGMENT.TOTAL(A1:B4, A1:B4)", "#VALUE!", /single value/],
    ["=SEGMENT.TOTAL(A1:B4, 1, 2)", "#VALUE!", /at most 2 arguments/],
  ])("%s is %s with a message", (text, code, message) => {
    const wb = book();
    const engine = new FormulaEngine(wb, fakes());
    engine.enter("Data", 0, 7, text);
    expect(value(wb, "H1")).toBe(code);
    expect(engine.errorAt("Data", 0, 7)?.message).toMatch(message);
  });

  it("passes nested calls' results as arguments, a single value as a 1 x 1 range", () => {
    const wb = book();
    const engine = new FormulaEngine(wb, fakes());
    engine.enter("Data", 0, 7, "=SEGMENT.TOTAL(SEGMENT.TOTAL(A2:B4), 0.5)");
    expect(value(wb, "H1")).toBe(10.5);
  });

  it("stops formulas that feed each other in a loop", () => {
    const wb = book();
    const engine = new FormulaEngine(wb, fakes());
    engine.enter("Data", 0, 7, "=SEGMENT.TOTAL(H2)");
    engine.enter("Data", 1, 7, "=SEGMENT.TOTAL(H1)");
    expect(engine.errorAt("Data", 1, 7)?.message ?? engine.errorAt("Data", 0, 7)?.message).toMatch(/loop/);
  });

  it("types text as Excel reads it: numbers, booleans, else text", () => {
    expect(typedValue("42")).toBe(42);
    expect(typedValue(" -1.5e3 ")).toBe(-1500);
    expect(typedValue("true")).toBe(true);
    expect(typedValue("=SUM(A1:A2)")).toBe("=SUM(A1:A2)");
    expect(typedValue("")).toBe("");
  });
});

describe("FormulaEngine with the built functions bundle", () => {
  const loaded = loadFunctions();
  const runtime = createRuntime();
  for (const [id, fn] of loaded.functions) runtime.CustomFunctions.associate(id, fn);
  const lookup = lookupFunctions(loaded.metadata, runtime);

  function mall(): Workbook {
    const wb = new Workbook();
    wb.addSheet("Customers");
    mallCustomers().forEach((row, r) => row.forEach((v, c) => wb.setCell("Customers", r, c, v)));
    return wb;
  }

  it("spills SEGMENT.KMEANS and reads it back with SEGMENT.SILHOUETTE(D1:E201, F1#)", () => {
    const wb = mall();
    const engine = new FormulaEngine(wb, lookup);
    engine.enter("Customers", 0, 5, "=SEGMENT.KMEANS(D1:E201, 5)");
    const labels = wb.values("Customers", at("F1:F201")).map((r) => r[0]);
    expect(labels[0]).toBe("Segment");
    const sizes = [1, 2, 3, 4, 5].map((k) => labels.filter((l) => l === k).length);
    expect(sizes).toEqual([81, 39, 35, 23, 22]);
    engine.enter("Customers", 0, 7, "=SEGMENT.SILHOUETTE(D1:E201, F1#)");
    expect(value(wb, "H1", "Customers")).toBeCloseTo(0.5547, 4);
  });

  it("runs the README's density and mixture example: KDIST's eps into DBSCAN, noise into PROFILE, GMMBIC and GMM", () => {
    const wb = mall();
    const engine = new FormulaEngine(wb, lookup);
    engine.enter("Customers", 0, 6, "=SEGMENT.KDIST(D1:E201)");
    const suggested = wb
      .values("Customers", at("I2:I201"))
      .flat()
      .filter((v) => v !== "");
    expect(suggested).toHaveLength(1);
    expect(suggested[0]).toBeCloseTo(0.43, 2);
    engine.enter("Customers", 0, 5, "=SEGMENT.DBSCAN(D1:E201, 0.43, 5)");
    const labels = wb.values("Customers", at("F1:F201")).map((r) => r[0]);
    expect(labels[0]).toBe("Segment (0 = noise)");
    expect([0, 1, 2, 3].map((k) => labels.filter((l) => l === k).length)).toEqual([13, 143, 33, 11]);
    engine.enter("Customers", 0, 10, "=SEGMENT.PROFILE(D1:E201, F1#)");
    expect(value(wb, "L5", "Customers")).toBe("Noise");
    engine.enter("Customers", 210, 0, "=SEGMENT.GMMBIC(D1:E201)");
    const recommended = wb.values("Customers", at("F212:F221")).flat();
    expect(recommended[4]).toMatch(/^◀ recommended: k = 5 has the lowest BIC/);
    engine.enter("Customers", 230, 0, "=SEGMENT.GMM(D1:E201, 5)");
    expect(wb.values("Customers", at("A231:B231"))).toEqual([["Segment", "Probability"]]);
  });

  it("runs the README's RFM example on the shipped transactions, as the sandbox opens them, and ELBOW on its spill", () => {
    const wb = new Workbook();
    wb.addSheet("Transactions");
    const csv = readFileSync(
      path.resolve(__dirname, "..", "..", "samples", "online-retail-transactions.csv"),
      "utf8",
    );
    parseCsv(csv).forEach((row, r) => row.forEach((v, c) => wb.setCell("Transactions", r, c, v)));
    const engine = new FormulaEngine(wb, lookup);
    engine.enter("Transactions", 0, 7, "=SEGMENT.RFM(C1:C5019, B1:B5019, F1:F5019, , A1:A5019)");
    const first = wb.values("Transactions", at("H1:P2"));
    expect(first[0]).toEqual([
      "Customer",
      "Recency (days)",
      "Frequency",
      "Monetary",
      "R",
      "F",
      "M",
      "RFM",
      "RFM segment",
    ]);
    expect(first[1].slice(0, 3)).toEqual([12356, 22, 3]);
    expect(first[1].slice(4)).toEqual([4, 4, 5, 445, "Loyal Customers"]);
    expect(wb.values("Transactions", at("H100:H100"))).toEqual([[""]]);
    engine.enter("Transactions", 0, 18, "=SEGMENT.BESTK(I1:K99)");
    expect(value(wb, "S1", "Transactions")).toBe(3);
  });

  it("gives the functions' own error and message: CustomerID is an identifier", () => {
    const wb = mall();
    const engine = new FormulaEngine(wb, lookup);
    engine.enter("Customers", 0, 5, "=SEGMENT.KMEANS(A1:E201, 5)");
    expect(value(wb, "F1", "Customers")).toBe("#VALUE!");
    expect(engine.errorAt("Customers", 0, 5)?.message).toMatch(/CustomerID looks like an identifier/);
  });

  it("takes omitted arguments as their defaults", () => {
    const wb = mall();
    const engine = new FormulaEngine(wb, lookup);
    engine.enter("Customers", 0, 5, "=SEGMENT.KMEANS(D1:E201, 5, , , , )");
    engine.enter("Customers", 0, 6, "=SEGMENT.KMEANS(D1:E201, 5)");
    expect(wb.values("Customers", at("F1:F201"))).toEqual(wb.values("Customers", at("G1:G201")));
  });
});
