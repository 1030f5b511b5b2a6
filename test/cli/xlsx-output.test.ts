/**
 * --out: the workbook the add-in would write (the data with its Segment column, the "Segment profiles"
 * sheet), read back with exceljs, written whole and streamed alike, and opened in LibreOffice Calc.
 */
import { spawnSync } from "child_process";
import * as ExcelJS from "exceljs";
import * as fs from "fs";
import * as path from "path";
import { analyse } from "../../src/cli/analyse";
import { featureValues } from "../../src/cli/columns";
import { readInput } from "../../src/cli/read";
import { writeResults } from "../../src/cli/write";
import { modelTable } from "../../src/core/model";
import { MODEL_SHEET, profileTable } from "../../src/core/plan";
import { modelOf } from "../../src/functions/segmenting";
import { sqlSpill } from "../../src/functions/sql";
import { parseCsv } from "../../src/host/csv";
import { sheetsFromExcel } from "../../src/host/xlsx";
import { INCOME_SPEND, MALL, RFM, runCli, runJson, tempDir } from "./support";

/** The command's defaults, as analyse takes them, for k segments. */
const ANALYSE_DEFAULTS = (k: number) =>
  ({ k, scaling: "zscore", seed: 42, restarts: 4, transform: undefined }) as const;

async function readBack(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return sheetsFromExcel(wb);
}

describe("segment FILE --out OUT.xlsx", () => {
  it("writes the data with a Segment column and the profile sheet, and says the chart was left out", async () => {
    const out = path.join(tempDir("xlsx"), "mall.xlsx");
    const ran = await runCli([MALL, "--columns", INCOME_SPEND, "--k", "5", "--out", out]);
    expect(ran.code).toBe(0);
    expect(ran.stderr).toMatch(/chart of segment sizes was left out/);
    const json = await runJson([MALL, "--columns", INCOME_SPEND, "--k", "5"]);
    const [data, profiles] = await readBack(out);
    expect(data.name).toBe("mall-customers");
    expect(data.values[0]).toEqual([
      "CustomerID",
      "Gender",
      "Age",
      "Annual Income (k$)",
      "Spending Score (1-100)",
      "Segment",
    ]);
    expect(data.values.slice(1).map((r) => r[5])).toEqual(json.labels);
    expect(profiles.name).toBe("Segment profiles");
    const input = await readInput(MALL, null);
    const a = analyse(featureValues(input.values, INCOME_SPEND.split(",")), {
      k: 5,
      scaling: "zscore",
      seed: 42,
      restarts: 4,
      transform: undefined,
    });
    const expected = profileTable(a.report, a.separation).values.map((r) =>
      r.map((v) => (v === "" ? null : v)),
    );
    expect(profiles.values).toEqual(expected);
  });

  it('writes SEGMENT.MODEL\'s table for the same data and arguments on a "Segment model" sheet, every number to the bit', async () => {
    const out = path.join(tempDir("model"), "mall.xlsx");
    expect((await runCli([MALL, "--k", "5", "--seed", "9", "--out", out])).code).toBe(0);
    const sheets = await readBack(out);
    expect(sheets.map((s) => s.name)).toEqual(["mall-customers", "Segment profiles", MODEL_SHEET]);
    // The command's own choice of columns on the Mall customers: all but CustomerID.
    const features = parseCsv(fs.readFileSync(MALL, "utf8")).map((row) => row.slice(1));
    const model = modelOf([features, 5, "zscore", 9, 4, undefined]);
    const numbers = model.flat().filter((v) => typeof v === "number");
    // Centroids and scales no short decimal names: a written 15-digit number would not equal them.
    expect(numbers.filter((x) => Number(x.toPrecision(15)) !== x).length).toBeGreaterThan(15);
    // toEqual compares numbers with Object.is: equal to the bit.
    expect(sheets[2].values).toEqual(model.map((row) => row.map((v) => (v === "" ? null : v))));
    // And it reads back as the model it is: the same query SEGMENT.SQL writes for the function's table.
    expect(sqlSpill(sheets[2].values, "duckdb", null, null)).toEqual(sqlSpill(model, "duckdb", null, null));
  });

  it("streams a large sheet out with the same cells as a whole workbook", async () => {
    const dir = tempDir("stream");
    const { whole, streamed } = await writtenBothWays(dir, RFM, 3, 100);
    expect(await readBack(streamed)).toEqual(await readBack(whole));
  });

  it("reads an .xlsx sheet by name, and names the sheets when one is not there", async () => {
    const dir = tempDir("sheet");
    const file = path.join(dir, "book.xlsx");
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Notes").getCell("A1").value = "nothing here";
    const ws = wb.addWorksheet("Customers");
    parseCsv(fs.readFileSync(MALL, "utf8")).forEach((row) => ws.addRow(row));
    await wb.xlsx.writeFile(file);
    const fromXlsx = await runJson([file, "--sheet", "customers", "--columns", INCOME_SPEND, "--k", "4"]);
    const fromCsv = await runJson([MALL, "--columns", INCOME_SPEND, "--k", "4"]);
    expect(fromXlsx.labels).toEqual(fromCsv.labels);
    const missing = await runCli([file, "--sheet", "Data"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `segment: There is no sheet "Data" in ${file}: its sheets are "Notes", "Customers".\n`,
    );
  });
});

describe("the written workbook in LibreOffice Calc", () => {
  it("opens, and its labels and profile sheet come back as written", async () => {
    const soffice = spawnSync("sh", ["-c", "command -v soffice"], { encoding: "utf8" });
    if (soffice.status !== 0) {
      throw new Error(
        "This test needs LibreOffice Calc (soffice): run 'bash scripts/ensure-libreoffice.sh' (as root it installs libreoffice-calc) or 'sudo apt-get install libreoffice-calc'.",
      );
    }
    const dir = tempDir("calc");
    const out = path.join(dir, "rfm.xlsx");
    expect((await runCli([RFM, "--k", "4", "--out", out])).code).toBe(0);
    expect(convertWithCalc(dir, out)).toBe(0);
    const sheet = (name: string) => parseCsv(fs.readFileSync(path.join(dir, `rfm-${name}.csv`), "utf8"));
    const written = await readBack(out);
    const data = sheet("online-retail-rfm");
    expect(data.map((r) => r[4])).toEqual(written[0].values.map((r) => r[4]));
    const profiles = sheet("Segment profiles");
    // Segment, Name and Size as written; the rest is shown with its number formats.
    expect(profiles.map((r) => r.slice(0, 3))).toEqual(written[1].values.map((r) => r.slice(0, 3)));
  }, 90000);
});

describe("a streamed --out (our own writer) of a few thousand rows", () => {
  it("reads back as the whole workbook does, through exceljs and through LibreOffice Calc", async () => {
    const dir = tempDir("streamed");
    const csv = path.join(dir, "customers.csv");
    // Text that XML must escape, blanks kept at the edges, numbers of every size; seeded.
    let seed = 7;
    const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const lines = ["Name,Note,Recency,Frequency,Monetary"];
    for (let i = 0; i < 3000; i++) {
      const note = i % 7 === 0 ? '"  says ""hi"" & <waves>  "' : i % 11 === 0 ? "" : `n${i}`;
      const values = [next() * 365, Math.round(next() * 40), (next() - 0.2) * 10 ** (1 + (i % 6))];
      lines.push([`Cust ${i}`, note, ...values].join(","));
    }
    fs.writeFileSync(csv, lines.join("\n") + "\n");
    const { input, whole, streamed } = await writtenBothWays(dir, csv, 4, 1000);
    const back = await readBack(streamed);
    expect(back).toEqual(await readBack(whole));
    expect(back.map((s) => s.name)).toEqual(["customers", "Segment profiles", MODEL_SHEET]);
    const { segmentation } = analyse(featureValues(input.values, null), ANALYSE_DEFAULTS(4));
    const model = modelTable(
      segmentation.fitted.preprocessor,
      segmentation.fit.centroids,
      segmentation.fit.sizes,
    );
    expect(back[2].values).toEqual(model.map((row) => row.map((v) => (v === "" ? null : v))));
    expect(back[0].values[8][1]).toBe(input.values[8][1]);
    expect(back[0].values[8][1]).toMatch(/^\s*says "hi" & <waves>\s*$/);
    expect(back[0].values[0][5]).toBe("Segment");
    expect(back[0].formats[1][5]).toBe("0");

    expect(convertWithCalc(dir, streamed)).toBe(0);
    const data = parseCsv(fs.readFileSync(path.join(dir, "streamed-customers.csv"), "utf8"));
    expect(data.length).toBe(back[0].values.length);
    data.forEach((row, r) =>
      back[0].values[r].forEach((value, c) => {
        const calc = row[c] === "" ? null : row[c];
        if (typeof value === "number")
          expect(Math.abs((calc as number) - value)).toBeLessThan(1e-9 * Math.max(1, Math.abs(value)));
        else expect(calc).toEqual(value);
      }),
    );
    const profiles = parseCsv(fs.readFileSync(path.join(dir, "streamed-Segment profiles.csv"), "utf8"));
    expect(profiles.map((r) => r.slice(0, 3))).toEqual(back[1].values.map((r) => r.slice(0, 3)));
  }, 90000);
});

/**
 * LibreOffice Calc opens `file` headless and writes one CSV per sheet into `dir` (the filter's 12th
 * token, -1); a profile of its own in `dir`, so that runs never share one. The exit status.
 */
function convertWithCalc(dir: string, file: string): number | null {
  return spawnSync(
    "soffice",
    [
      `-env:UserInstallation=file://${path.join(dir, "profile")}`,
      "--headless",
      "--convert-to",
      "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
      "--outdir",
      dir,
      file,
    ],
    { encoding: "utf8", timeout: 60000 },
  ).status;
}

/**
 * `file` segmented with k and written twice into `dir`: whole through exceljs, and streamed by our own
 * writer (which `streamAbove` rows forces). Checks that each went the way asked.
 */
async function writtenBothWays(dir: string, file: string, k: number, streamAbove: number) {
  const input = await readInput(file, null);
  const a = analyse(featureValues(input.values, null), ANALYSE_DEFAULTS(k));
  const whole = path.join(dir, "whole.xlsx");
  const streamed = path.join(dir, "streamed.xlsx");
  expect((await writeResults(whole, input, a)).streamed).toBe(false);
  expect((await writeResults(streamed, input, a, streamAbove)).streamed).toBe(true);
  return { input, whole, streamed };
}
