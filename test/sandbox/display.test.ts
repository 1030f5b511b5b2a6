import { displayValue } from "../../src/sandbox/display";

describe("displayValue", () => {
  it("shows General numbers with at most ten significant digits", () => {
    expect(displayValue(42)).toBe("42");
    expect(displayValue(0.554711111111111)).toBe("0.5547111111");
    expect(displayValue(1e-12)).toBe("1.0000E-12");
    expect(displayValue(true)).toBe("TRUE");
    expect(displayValue("")).toBe("");
    expect(displayValue(null)).toBe("");
  });

  it("follows the formats the wizard writes: 0, 0.00, 0.0%, #,##0.00 and dates", () => {
    expect(displayValue(3.6, "0")).toBe("4");
    expect(displayValue(38.85, "0.00")).toBe("38.85");
    expect(displayValue(0.165, "0.0%")).toBe("16.5%");
    expect(displayValue(1234.5, "#,##0.00")).toBe("1,234.50");
    expect(displayValue(40513, "yyyy-mm-dd")).toBe("2010-12-01");
  });
});
