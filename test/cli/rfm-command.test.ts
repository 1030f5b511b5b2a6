/**
 * `segment rfm` on the shipped transactions sample: the table equals the Python reference's and
 * SEGMENT.RFM's, columns are found by name or given, .csv.gz reads as .csv, --out writes .csv and
 * .xlsx, and mistakes end in one line with exit code 2.
 */
import "../functions/support";
import * as ExcelJS from "exceljs";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import type { RfmJson } from "../../src/cli/rfm";
import { renderGrid } from "../../src/core/rfm-segments";
import { rfmSpill } from "../../src/functions/rfm";
import { parseCsv } from "../../src/host/csv";
import { ROOT, runCli, sampleRows, spawnCli, tempDir } from "./support";

const SAMPLE = path.join(ROOT, "samples", "online-retail-transactions.csv");
const reference = JSON.parse(
  fs.readFileSync(path.join(ROOT, "test", "fixtures", "rfm-reference.json"), "utf8"),
).sample as {
  ids: number[];
  recency: number[];
  frequency: number[];
  monetary: number[];
  scores: string;
  counts: Record<string, number>;
  net: { monetary: number[] };
};

async function rfmJson(args: readonly string[]): Promise<RfmJson> {
  const ran = await runCli(["rfm", ...args, "--json"]);
  if (ran.code !== 0) throw new Error(`segment rfm exited with ${ran.code}: ${ran.stderr}`);
  return JSON.parse(ran.stdout) as RfmJson;
}

const oneLine = (text: string) => {
  expect(text.trim().split("\n")).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at /);
};

describe("segment rfm, spawned", () => {
  it("prints its usage, with the segment grid", () => {
    const ran = spawnCli(["rfm", "--help"]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^Usage: segment rfm TRANSACTIONS\.\(csv\|csv\.gz\|xlsx\)/);
    expect(ran.stdout).toContain(renderGrid());
  });

  it("summarises the sample per segment, with the notes", () => {
    const ran = spawnCli(["rfm", SAMPLE]);
    expect(ran.code).toBe(0);
    expect(ran.stderr).toBe("");
    const lines = ran.stdout.split("\n");
    expect(lines[0]).toBe(
      "RFM of 98 customers from 5,018 lines of online-retail-transactions.csv, as of 2011-12-09.",
    );
    expect(lines[1]).toBe(
      'Columns: customer "CustomerID", date "InvoiceDate", amount "Amount", invoice "InvoiceNo".',
    );
    expect(ran.stdout).toContain(
      "Note: Left out: 19 lines without a customer id, 119 lines of cancelled invoices (ids starting with C) and 2 lines with an amount of zero or less.",
    );
    expect(ran.stdout).toMatch(/\nHibernating +29 +29\.6% +\d+ +\d+ +[\d,.]+\n/);
  });

  it("refuses mistakes in one line with exit code 2", () => {
    const cases: [string[], RegExp][] = [
      [["rfm"], /^segment: no input file: .*\(see segment rfm --help\)\n$/],
      [["rfm", SAMPLE, "--amount", "Amount", "--quantity", "Quantity", "--price", "UnitPrice"], /not both/],
      [["rfm", SAMPLE, "--quantity", "Quantity"], /--quantity and --price go together/],
      [["rfm", SAMPLE, "--as-of", "tomorrow"], /--as-of must be a date as YYYY-MM-DD \(got tomorrow\)/],
      [["rfm", SAMPLE, "--returns", "keep"], /returns must be one of "exclude", "net" \(got "keep"\)/],
      [["rfm", SAMPLE, "--out", "rfm.txt"], /--out must name a \.csv or \.xlsx file/],
      [["rfm", SAMPLE, "--customer", "Buyer"], /There is no column "Buyer": the columns are "InvoiceNo", /],
      [["rfm", SAMPLE, "--out", SAMPLE], /is the input file/],
    ];
    for (const [args, message] of cases) {
      const ran = spawnCli(args);
      expect(ran.code).toBe(2);
      oneLine(ran.stderr);
      expect(ran.stderr).toMatch(message);
      expect(ran.stdout).toBe("");
    }
  });
});

describe("segment rfm, in process", () => {
  it("gives the Python reference's table on the sample, and SEGMENT.RFM's rows", async () => {
    const json = await rfmJson([SAMPLE]);
    expect(json.customers).toBe(98);
    expect(json.counts).toEqual({ ...reference.counts, afterAsOf: 0 });
    expect(json.header).toEqual([
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
    expect(json.rows.map((r) => r[0])).toEqual(reference.ids);
    expect(json.rows.map((r) => r[1])).toEqual(reference.recency);
    expect(json.rows.map((r) => r[2])).toEqual(reference.frequency);
    expect(json.rows.map((r) => r[3])).toEqual(reference.monetary);
    expect(json.rows.map((r) => `${r[4]}${r[5]}${r[6]}`).join("")).toBe(reference.scores);
    const rows = sampleRows(SAMPLE);
    const col = (j: number) => rows.map((row) => [row[j]]);
    const spill = rfmSpill(col(2), col(1), col(5), null, col(0), null);
    expect(json.rows).toEqual(spill.slice(1).map((row) => row.slice(0, -1)));
    expect(json.segments.reduce((sum, s) => sum + s.customers, 0)).toBe(98);
  });

  it("reads a .csv.gz as the .csv, and other column names when given", async () => {
    const dir = tempDir("rfm-gz");
    const gz = path.join(dir, "transactions.csv.gz");
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(SAMPLE)));
    const plain = await rfmJson([SAMPLE]);
    const zipped = await rfmJson([gz]);
    expect({ ...zipped, file: plain.file }).toEqual(plain);
    const byLetter = await rfmJson([gz, "--customer", "C", "--date", "B", "--amount", "F", "--invoice", "A"]);
    expect(byLetter.rows).toEqual(plain.rows);
  });

  it("computes the amount as quantity x price when told, or when there is no amount column", async () => {
    const plain = await rfmJson([SAMPLE]);
    const product = await rfmJson([SAMPLE, "--quantity", "Quantity", "--price", "UnitPrice"]);
    expect(product.columns).toBe(
      'customer "CustomerID", date "InvoiceDate", amount "Quantity" x "UnitPrice", invoice "InvoiceNo"',
    );
    product.rows.forEach((row, i) => expect(row[3] as number).toBeCloseTo(plain.rows[i][3] as number, 6));
    // Without the Amount column, Quantity and UnitPrice are found by name.
    const dir = tempDir("rfm-qp");
    const file = path.join(dir, "no-amount.csv");
    const rows = parseCsv(fs.readFileSync(SAMPLE, "utf8")).map((row) => [...row.slice(0, 5), row[6]]);
    fs.writeFileSync(file, rows.map((row) => row.map((c) => c ?? "").join(",")).join("\n"));
    const found = await rfmJson([file]);
    expect(found.columns).toBe(product.columns);
    expect(found.rows).toEqual(product.rows);
  });

  it("counts lines as purchases without an invoice column, and says so", async () => {
    const dir = tempDir("rfm-noinv");
    const file = path.join(dir, "no-invoice.csv");
    const rows = parseCsv(fs.readFileSync(SAMPLE, "utf8")).map((row) => row.slice(1));
    fs.writeFileSync(file, rows.map((row) => row.map((c) => c ?? "").join(",")).join("\n"));
    const json = await rfmJson([file]);
    expect(json.columns).toContain("no invoice column (each line is a purchase)");
    // Cancellations cannot be told without invoice ids: only the non-positive amounts are left out.
    expect(json.counts.cancelled).toBe(0);
    expect(json.counts.nonPositive).toBe(reference.counts.cancelled + reference.counts.nonPositive);
  });

  it("takes --as-of and --returns net", async () => {
    const plain = await rfmJson([SAMPLE]);
    const later = await rfmJson([SAMPLE, "--as-of", "2011-12-31"]);
    expect(later.asOf).toBe("2011-12-31");
    expect(later.rows.map((r) => r[1])).toEqual(plain.rows.map((r) => (r[1] as number) + 22));
    const net = await rfmJson([SAMPLE, "--returns", "net"]);
    expect(net.rows.map((r) => r[3])).toEqual(reference.net.monetary);
    expect(net.notes.some((n) => n.startsWith("Netted in Monetary"))).toBe(true);
  });

  it("writes the table to .csv and .xlsx, notes in the last column, and refuses to overwrite without --force", async () => {
    const dir = tempDir("rfm-out");
    const csv = path.join(dir, "rfm.csv");
    const xlsx = path.join(dir, "rfm.xlsx");
    expect((await runCli(["rfm", SAMPLE, "--out", csv])).code).toBe(0);
    expect((await runCli(["rfm", SAMPLE, "--out", xlsx])).code).toBe(0);
    const json = await rfmJson([SAMPLE]);
    const written = parseCsv(fs.readFileSync(csv, "utf8"));
    expect(written[0]).toEqual([...json.header, "Notes"]);
    expect(written).toHaveLength(99);
    expect(written[1][9]).toBe(json.notes[0]);
    written.slice(1).forEach((row, i) => {
      expect(row.slice(0, 3)).toEqual(json.rows[i].slice(0, 3));
      expect(row[3] as number).toBeCloseTo(json.rows[i][3] as number, 8);
      expect(row.slice(4, 9)).toEqual(json.rows[i].slice(4, 9));
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const sheet = book.getWorksheet("RFM")!;
    expect(sheet.rowCount).toBe(99);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...json.header, "Notes"]);
    expect((sheet.getRow(2).values as unknown[]).slice(1, 10)).toEqual(json.rows[0]);
    const again = await runCli(["rfm", SAMPLE, "--out", csv]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists: name another file, or add --force/);
    expect((await runCli(["rfm", SAMPLE, "--out", csv, "--force"])).code).toBe(0);
  });

  it("says which column it could not find, and reads a broken .gz as bad input", async () => {
    const dir = tempDir("rfm-bad");
    const file = path.join(dir, "no-dates.csv");
    fs.writeFileSync(file, "Customer,When,Amount\n1,2011-12-01,5\n");
    const ran = await runCli(["rfm", file]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe(
      'segment: No column of dates found by its name: name it with --date; the columns are "Customer", "When", "Amount".\n',
    );
    expect((await rfmJson([file, "--date", "When"])).rows).toEqual([[1, 1, 1, 5, 5, 5, 5, 555, "Champions"]]);
    const broken = path.join(dir, "broken.csv.gz");
    fs.writeFileSync(broken, "not gzip at all");
    const bad = await runCli(["rfm", broken]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^segment: .*broken\.csv\.gz could not be read as gzip-compressed CSV \(incorrect header check\)\.\n$/,
    );
  });
});
