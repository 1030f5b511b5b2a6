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
import { profileTable } from "../../src/core/plan";
import { parseCsv } from "../../src/host/csv";
import { sheetsFromExcel } from "../../src/host/xlsx";
import { INCOME_SPEND, MALL, RFM, runCli, runJson, tempDir } from "./support";

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

  it("streams a large sheet out with the same cells as a whole workbook", async () => {
    const dir = tempDir("stream");
    const input = await readInput(RFM, null);
    const a = analyse(featureValues(input.values, null), {
      k: 3,
      scaling: "zscore",
      seed: 42,
      restarts: 4,
      transform: undefined,
    });
    const whole = path.join(dir, "whole.xlsx");
    const streamed = path.join(dir, "streamed.xlsx");
    expect((await writeResults(whole, input, a)).streamed).toBe(false);
    expect((await writeResults(streamed, input, a, 100)).streamed).toBe(true);
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
    const converted = spawnSync(
      "soffice",
      [
        `-env:UserInstallation=file://${path.join(dir, "profile")}`,
        "--headless",
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        "--outdir",
        dir,
        out,
      ],
      { encoding: "utf8", timeout: 60000 },
    );
    expect(converted.status).toBe(0);
    const sheet = (name: string) => parseCsv(fs.readFileSync(path.join(dir, `rfm-${name}.csv`), "utf8"));
    const written = await readBack(out);
    const data = sheet("online-retail-rfm");
    expect(data.map((r) => r[4])).toEqual(written[0].values.map((r) => r[4]));
    const profiles = sheet("Segment profiles");
    // Segment, Name and Size as written; the rest is shown with its number formats.
    expect(profiles.map((r) => r.slice(0, 3))).toEqual(written[1].values.map((r) => r.slice(0, 3)));
  }, 90000);
});
