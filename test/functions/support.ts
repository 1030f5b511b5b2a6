/**
 * Shared setup for the custom function unit tests: a stub CustomFunctions runtime (the same one the
 * artifact test gives the built bundle), the committed Mall Customers fixture, and a helper that
 * returns the Excel error a call throws.
 */
import { ErrorCode, StubCustomFunctionsError } from "../helpers/load-functions";

/** Installs the stub as the global CustomFunctions, as Excel's runtime provides it. */
export function installCustomFunctionsStub(): void {
  (globalThis as unknown as { CustomFunctions: unknown }).CustomFunctions = {
    Error: StubCustomFunctionsError,
    ErrorCode,
    associate: () => undefined,
  };
}

installCustomFunctionsStub();

export { ErrorCode, StubCustomFunctionsError };

export type Cells = (number | string | boolean | null)[][];

export { mallCustomers } from "../helpers/mall";

/** Columns of a table by index (header row included). */
export function columns(values: Cells, ...indices: number[]): Cells {
  return values.map((row) => indices.map((j) => row[j]));
}

export interface ExcelError {
  code: string;
  message: string;
}

/** The CustomFunctions.Error a call throws; fails the test if it returns or throws anything else. */
export function excelError(call: () => unknown): ExcelError {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    if (error instanceof StubCustomFunctionsError) return { code: error.code, message: error.message };
    throw new Error(`expected a CustomFunctions.Error, got ${String(error)}`);
  }
  throw new Error(`expected a CustomFunctions.Error, got a result: ${JSON.stringify(result).slice(0, 200)}`);
}

/** A small customer table with a text category, an identifier and one missing value (row 6). */
export function customers(): Cells {
  const rows: Cells = [["CustomerID", "Gender", "Age", "Income", "Spend"]];
  const genders = ["Male", "Female"];
  for (let i = 0; i < 40; i++) {
    const young = i % 2 === 0;
    rows.push([
      1001 + i,
      genders[(i * 7) % 3 === 0 ? 0 : 1],
      young ? 20 + (i % 7) : 55 + (i % 9),
      young ? 20 + ((i * 3) % 11) : 80 + ((i * 5) % 13),
      young ? 70 + ((i * 7) % 17) : 15 + ((i * 11) % 19),
    ]);
  }
  rows[6][3] = "";
  return rows;
}

/** Labels of a spill as numbers (header dropped), "" kept. */
export function labelsOf(spill: unknown, header = true): (number | string)[] {
  const rows = spill as (number | string)[][];
  return rows.slice(header ? 1 : 0).map((row) => row[0]);
}
