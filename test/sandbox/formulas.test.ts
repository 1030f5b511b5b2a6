import { FormulaSyntaxError, isSegmentFormula, parseFormula } from "../../src/sandbox/formulas";

describe("parseFormula", () => {
  it("reads a call with a range and a number", () => {
    expect(parseFormula("=SEGMENT.KMEANS(D1:E201, 5)")).toEqual({
      kind: "call",
      name: "SEGMENT.KMEANS",
      args: [
        { kind: "range", sheet: null, rect: { row: 0, column: 3, rows: 201, columns: 2 } },
        { kind: "number", value: 5 },
      ],
    });
  });

  it("reads quoted and bare sheet names, absolute references and single cells", () => {
    const node = parseFormula("=segment.kmeans('Sheet 1'!$A$1:B2, Data!C3)");
    expect(node).toMatchObject({
      name: "SEGMENT.KMEANS",
      args: [
        { kind: "range", sheet: "Sheet 1", rect: { row: 0, column: 0, rows: 2, columns: 2 } },
        { kind: "range", sheet: "Data", rect: { row: 2, column: 2, rows: 1, columns: 1 } },
      ],
    });
    expect(parseFormula("=SEGMENT.X('It''s'!A1)")).toMatchObject({ args: [{ sheet: "It's" }] });
  });

  it("reads spill references, strings with doubled quotes, booleans, negative and decimal numbers", () => {
    expect(
      parseFormula('=SEGMENT.SILHOUETTE(D1:E201, F1#, "say ""minmax""", TRUE, -1.5e2, .5)'),
    ).toMatchObject({
      args: [
        { kind: "range" },
        { kind: "spill", sheet: null, row: 0, column: 5 },
        { kind: "string", value: 'say "minmax"' },
        { kind: "boolean", value: true },
        { kind: "number", value: -150 },
        { kind: "number", value: 0.5 },
      ],
    });
    expect(parseFormula("=SEGMENT.X(Other!F1#)")).toMatchObject({
      args: [{ kind: "spill", sheet: "Other" }],
    });
  });

  it("leaves omitted arguments empty, in the middle and at the end", () => {
    expect(parseFormula("=SEGMENT.KMEANS(A1:B9, 3, , 7,)").kind).toBe("call");
    const node = parseFormula("=SEGMENT.KMEANS(A1:B9, 3, , 7,)");
    expect(node.kind === "call" && node.args.map((a) => a?.kind ?? null)).toEqual([
      "range",
      "number",
      null,
      "number",
      null,
    ]);
    expect(parseFormula("=SEGMENT.F()")).toEqual({ kind: "call", name: "SEGMENT.F", args: [] });
  });

  it("nests calls", () => {
    expect(parseFormula("=SEGMENT.ASSIGN(A1:B9, SEGMENT.MODEL(A1:B9, 3))")).toMatchObject({
      args: [
        { kind: "range" },
        { kind: "call", name: "SEGMENT.MODEL", args: [{ kind: "range" }, { value: 3 }] },
      ],
    });
  });

  it.each([
    ["=SEGMENT.KMEANS(D1:E201, 5", /closing parenthesis/],
    ['=SEGMENT.KMEANS("abc', /closing quote/],
    ["=SEGMENT.KMEANS(D1:E201 5)", /Expected , or \)/],
    ["=SEGMENT.KMEANS(foo, 5)", /Unknown name "foo"/],
    ["=SEGMENT.KMEANS(D1:E201, 5) + 1", /Unexpected/],
    ["=SEGMENT.KMEANS(A1:ZZZ9999999)", /outside the sheet/],
  ])("refuses %s, saying why", (text, message) => {
    expect(() => parseFormula(text)).toThrow(FormulaSyntaxError);
    expect(() => parseFormula(text)).toThrow(message);
  });
});

describe("isSegmentFormula", () => {
  it("is true for SEGMENT calls only: other formulas stay text in the sandbox", () => {
    expect(isSegmentFormula("=SEGMENT.KMEANS(A1:B2, 2)")).toBe(true);
    expect(isSegmentFormula("= segment.bestk(A1:B2)")).toBe(true);
    expect(isSegmentFormula("=SUM(A1:A3)")).toBe(false);
    expect(isSegmentFormula("SEGMENT.KMEANS(A1:B2, 2)")).toBe(false);
  });
});
