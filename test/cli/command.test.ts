/**
 * The real command, spawned as a user runs it (node bin/segment.js through tsx): its help, the known
 * optimum of the Mall customers, its summary, and one-line messages with exit code 2 for bad input.
 */
import "../functions/support";
import * as fs from "fs";
import * as path from "path";
import { USAGE } from "../../src/cli/args";
import { segmentKmeans } from "../../src/functions/functions";
import { excelError } from "../functions/support";
import { INCOME_SPEND, MALL, RFM, runCli, sampleRows, spawnCli, tempDir } from "./support";

const oneLine = (text: string) => {
  expect(text.trim().split("\n")).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at /);
};

describe("segment, spawned", () => {
  it("prints its usage with --help", () => {
    const ran = spawnCli(["--help"]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^Usage: segment FILE\.\(csv\|xlsx\)/);
    expect(ran.stdout).toContain("--k N|auto");
  });

  it("finds the known optimum of the Mall customers: silhouette 0.5539 at k = 5 on income and spending", () => {
    const ran = spawnCli([MALL, "--columns", INCOME_SPEND, "--k", "5", "--scaling", "none", "--json"]);
    expect(ran.code).toBe(0);
    const json = JSON.parse(ran.stdout);
    expect(json.metrics.silhouette.toFixed(4)).toBe("0.5539");
    expect(json.labels).toHaveLength(200);
    expect(json.profiles.map((p: { size: number }) => p.size).sort((a: number, b: number) => b - a)).toEqual([
      81, 39, 35, 23, 22,
    ]);
    expect(Object.keys(json.profiles[0].features)).toEqual(["Annual Income (k$)", "Spending Score (1-100)"]);
    expect(json.metrics).toEqual({
      inertia: expect.any(Number),
      silhouette: expect.any(Number),
      silhouetteExact: true,
      calinskiHarabasz: expect.any(Number),
      daviesBouldin: expect.any(Number),
    });
    expect(ran.stderr).toBe("");
  });

  it("summarises k and why, the segments and the silhouette", () => {
    const ran = spawnCli([RFM]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^Features: Recency, Frequency, Monetary\nk = \d+\. k = \d+ /);
    expect(ran.stdout).toMatch(/Segments of 4,339 rows:/);
    expect(ran.stdout).toMatch(/Silhouette 0\.\d{4}/);
  });

  it("refuses a usage mistake with exit code 2, one line and a hint to --help", () => {
    for (const args of [[MALL, "--bogus"], ["missing.csv"], [], [MALL, "--k"], ["notes.txt"]]) {
      const ran = spawnCli(args);
      expect(ran.code).toBe(2);
      oneLine(ran.stderr);
      expect(ran.stderr).toMatch(/^segment: .*\(see segment --help\)\n$/);
      expect(ran.stdout).toBe("");
    }
  });

  it("refuses bad arguments and bad data with the functions' own words and exit code 2", () => {
    const data = sampleRows(MALL).map((r) => [r[3], r[4]]);
    const badK = spawnCli([MALL, "--columns", INCOME_SPEND, "--k", "0"]);
    expect(badK.code).toBe(2);
    oneLine(badK.stderr);
    expect(badK.stderr).toContain(excelError(() => segmentKmeans(data, 0)).message);

    const badScaling = spawnCli([MALL, "--scaling", "log"]);
    expect(badScaling.code).toBe(2);
    expect(badScaling.stderr).toContain(excelError(() => segmentKmeans(data, 3, "log")).message);
  });
});

describe("the README's usage block", () => {
  it("is the command's own help: the same lines, every option", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    const start = readme.indexOf("Usage: segment");
    const block = readme.slice(start, readme.indexOf("```", start)).trimEnd().split("\n");
    const help = USAGE.split("\n");
    expect(block.filter((line) => !help.includes(line))).toEqual([]);
    expect(help.filter((line) => /^\s+--?\w/.test(line) && !block.includes(line))).toEqual([]);
  });
});

describe("segment, in process: bad input", () => {
  it("passes the core's message on for data it cannot segment", async () => {
    const file = path.join(tempDir("bad"), "ids.csv");
    fs.writeFileSync(file, "CustomerID,Spend\n1,10\n2,20\n3,30\n");
    const rows = sampleRows(file);
    const ran = await runCli([file, "--columns", "CustomerID,Spend", "--k", "2"]);
    expect(ran.code).toBe(2);
    oneLine(ran.stderr);
    expect(ran.stderr).toBe(`segment: ${excelError(() => segmentKmeans(rows, 2)).message}\n`);
  });

  it("names a column that is not there, and the ones that are", async () => {
    const ran = await runCli([MALL, "--columns", "Income", "--k", "2"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe(
      'segment: There is no column "Income": the columns are "CustomerID", "Gender", "Age", "Annual Income (k$)", "Spending Score (1-100)".\n',
    );
  });

  it("says when k is more than the rows", async () => {
    const ran = await runCli([MALL, "--columns", "D,E", "--k", "500"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe("segment: k = 500 is more than the 200 usable rows.\n");
  });

  it("never writes over its input, nor over an existing file without --force", async () => {
    const dir = tempDir("out");
    const input = path.join(dir, "customers.xlsx");
    fs.writeFileSync(input, "not really a workbook");
    const self = await runCli([input, "--out", path.join(dir, ".", "customers.xlsx"), "--force"]);
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(
      /is the input file: Segment never writes over its input\. Name another file\./,
    );
    expect(fs.readFileSync(input, "utf8")).toBe("not really a workbook");

    const out = path.join(dir, "segmented.xlsx");
    fs.writeFileSync(out, "an earlier result");
    const refused = await runCli([MALL, "--columns", "D,E", "--k", "3", "--out", out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `segment: ${out} exists: name another file, or add --force to replace it. (see segment --help)\n`,
    );
    expect(fs.readFileSync(out, "utf8")).toBe("an earlier result");

    const replaced = await runCli([MALL, "--columns", "D,E", "--k", "3", "--out", out, "--force"]);
    expect(replaced.code).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe("PK");
    expect((await runCli([MALL, "--force"])).stderr).toMatch(/--force only goes with --out/);
  });

  it("refuses --sheet for a CSV file", async () => {
    const ran = await runCli([MALL, "--sheet", "Data"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/--sheet applies to \.xlsx files only/);
  });
});
