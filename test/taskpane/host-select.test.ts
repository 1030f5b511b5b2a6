import { OfficeHost } from "../../src/host/office";
import { chooseHost } from "../../src/taskpane/host-select";

describe("chooseHost", () => {
  it("uses Office.js in Excel", () => {
    const choice = chooseHost({ inExcel: true, sandbox: { sheets: [] } });
    expect(choice.host).toBeInstanceOf(OfficeHost);
    expect(choice.workbook).toBeNull();
  });

  it("uses the sandbox's workbook in a plain browser", async () => {
    const choice = chooseHost({
      inExcel: false,
      sandbox: { sheets: [{ name: "Data", values: [["a"], [1]] }] },
    });
    expect(choice.host.kind).toBe("memory");
    expect(choice.note).toMatch(/^Sandbox/);
    expect(choice.workbook?.sheets.map((s) => s.name)).toEqual(["Data"]);
  });

  it("falls back to an empty workbook, saying why", () => {
    expect(chooseHost({ inExcel: false, sandbox: undefined }).note).toMatch(/outside Excel, on an empty/);
    const broken = chooseHost({ inExcel: false, sandbox: { sheets: "nope" } });
    expect(broken.note).toBe(
      "The sandbox workbook could not be loaded (The sandbox workbook must be an object with a list of sheets.), so this one is empty.",
    );
    expect(broken.workbook?.sheets.map((s) => s.name)).toEqual(["Sheet1"]);
  });
});
