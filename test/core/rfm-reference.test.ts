/**
 * RFM against the independent Python computation (scripts/rfm_reference.py ->
 * test/fixtures/rfm-reference.json): on the shipped sample always, and on the full Online Retail
 * file when ../shared/data/online-retail.csv.gz is there (the test says so when it is not).
 */
import * as fs from "fs";
import * as path from "path";
import type { CellValue } from "../../src/core/cells";
import { RfmInput, RfmTable, computeRfm } from "../../src/core/rfm";
import { serialToIsoDate } from "../../src/core/rfm-notes";
import { SEGMENT_NAMES } from "../../src/core/rfm-segments";
import { readInput } from "../../src/cli/read";
import { parseCsv } from "../../src/host/csv";

const ROOT = path.resolve(__dirname, "..", "..");
const SAMPLE = path.join(ROOT, "samples", "online-retail-transactions.csv");
const FULL = path.join(ROOT, "..", "shared", "data", "online-retail.csv.gz");

interface Reference {
  readonly lines: number;
  readonly distinctIds: number;
  readonly customers: number;
  readonly asOf: string;
  readonly counts: Record<string, number>;
  readonly segmentCounts: Record<string, number>;
  readonly ids: (number | string)[];
  readonly recency: number[];
  readonly frequency: number[];
  readonly monetary: number[];
  readonly scores: string;
  readonly segment: number[];
  readonly net: { readonly monetary: number[]; readonly m: string };
}

const fixture = JSON.parse(
  fs.readFileSync(path.join(ROOT, "test", "fixtures", "rfm-reference.json"), "utf8"),
) as { segmentNames: string[]; sample: Reference; full: Reference };

function columnsOf(rows: CellValue[][], amounts: RfmInput["amounts"] | string): RfmInput {
  const at = (name: string) => {
    const j = rows[0].indexOf(name);
    if (j < 0) throw new Error(`no column ${name}`);
    return { rows, column: j };
  };
  return {
    customers: at("CustomerID"),
    dates: at("InvoiceDate"),
    amounts: typeof amounts === "string" ? at(amounts) : amounts,
    invoices: at("InvoiceNo"),
    start: 1,
  };
}

function expectMatches(table: RfmTable, net: RfmTable, ref: Reference): void {
  expect(table.counts).toEqual({ ...ref.counts, afterAsOf: 0 });
  expect(table.customerIds).toBe(ref.distinctIds);
  expect(table.ids.length).toBe(ref.customers);
  expect(serialToIsoDate(table.asOf)).toBe(ref.asOf);
  expect(table.ids).toEqual(ref.ids);
  expect(Array.from(table.recency)).toEqual(ref.recency);
  expect(Array.from(table.frequency)).toEqual(ref.frequency);
  // The same doubles added in the same order: equal to the last bit.
  expect(Array.from(table.monetary)).toEqual(ref.monetary);
  const scores = Array.from(table.r, (r, i) => `${r}${table.f[i]}${table.m[i]}`).join("");
  expect(scores).toBe(ref.scores);
  expect(Array.from(table.segment)).toEqual(ref.segment);
  const counts = Object.fromEntries(SEGMENT_NAMES.map((name) => [name, 0]));
  for (const s of table.segment) counts[SEGMENT_NAMES[s]]++;
  expect(counts).toEqual(ref.segmentCounts);
  expect(Array.from(net.monetary)).toEqual(ref.net.monetary);
  expect(Array.from(net.m).join("")).toBe(ref.net.m);
  expect(net.ids).toEqual(table.ids);
  expect(net.recency).toEqual(table.recency);
  expect(net.frequency).toEqual(table.frequency);
}

test("the reference and the core name the segments alike, in the same order", () => {
  expect(fixture.segmentNames).toEqual(SEGMENT_NAMES);
});

describe("the shipped sample (samples/online-retail-transactions.csv)", () => {
  const rows = parseCsv(fs.readFileSync(SAMPLE, "utf8"));
  const input = columnsOf(rows, "Amount");

  it("gives the Python reference's table: counts, values, scores and segments", () => {
    expectMatches(computeRfm(input), computeRfm(input, { returns: "net" }), fixture.sample);
  });

  it("holds what the sample is for: guests, cancellations, a free item and a customer with no purchase", () => {
    const ref = fixture.sample;
    expect(ref.lines).toBe(rows.length - 1);
    expect(ref.counts.noCustomer).toBeGreaterThan(0);
    expect(ref.counts.cancelled).toBeGreaterThan(0);
    expect(ref.counts.nonPositive).toBeGreaterThan(0);
    expect(ref.distinctIds - ref.customers).toBe(1);
  });
});

const haveFull = fs.existsSync(FULL);
if (!haveFull) {
  console.log(`Skipping the full Online Retail check: ${FULL} is not there.`);
}
const maybe = haveFull ? test : test.skip;

/** The full file's columns as the command line reads them (src/cli/read.ts), amounts = Quantity x UnitPrice. */
async function fullInput(): Promise<RfmInput> {
  const rows = (await readInput(FULL, null)).values;
  const q = rows[0].indexOf("Quantity");
  const p = rows[0].indexOf("UnitPrice");
  const amounts = Float64Array.from({ length: rows.length - 1 }, (_, i) => {
    const [quantity, price] = [rows[i + 1][q], rows[i + 1][p]];
    return typeof quantity === "number" && typeof price === "number" ? quantity * price : NaN;
  });
  return columnsOf(rows, amounts);
}

maybe(
  "the full Online Retail file: 541,909 lines, 4,372 ids, 4,338 customers, as the reference",
  async () => {
    const input = await fullInput();
    const table = computeRfm(input);
    expect(table.counts.lines).toBe(541909);
    expect(table.customerIds).toBe(4372);
    expect(table.ids.length).toBe(4338);
    expectMatches(table, computeRfm(input, { returns: "net" }), fixture.full);
  },
);
