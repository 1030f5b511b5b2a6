/**
 * segment sql: the query SEGMENT.SQL writes, from a model table found in a workbook (the "Segment
 * model" sheet segment --out writes, or a table SEGMENT.MODEL spilled anywhere and saved with its
 * values), run in DuckDB on the customers it was fitted on, with the segments segment --out wrote.
 */
import "../functions/support";
import * as ExcelJS from "exceljs";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { USAGE } from "../../src/cli/args";
import { findModel } from "../../src/cli/model-table";
import { readSheets } from "../../src/cli/read";
import { SQL_USAGE } from "../../src/cli/sql-args";
import type { CellValue } from "../../src/core/cells";
import { DIALECTS } from "../../src/core/sql/dialects";
import { modelOf } from "../../src/functions/segmenting";
import { SQL_DEFAULT_TABLE } from "../../src/core/sql/sql";
import { sqlSpill } from "../../src/functions/sql";
import { sheetsFromExcel } from "../../src/host/xlsx";
import { errorOf } from "../helpers/segment-error";
import { MALL_HEADER, loadRange, openDatabase, readCsv } from "../helpers/sql";
import { MALL, runCli, sampleRows, spawnCli, tempDir } from "./support";

/** The columns segment picks on its own for the Mall customers: all but CustomerID. */
const MALL_FEATURES = (rows: CellValue[][]) => rows.map((row) => row.slice(1));
/** SEGMENT.MODEL on the Mall customers' features, with the command's seed and restarts. */
const functionModel = (k: number, algorithm?: string) =>
  modelOf([MALL_FEATURES(sampleRows(MALL)), k, "zscore", 42, 4, undefined], algorithm);
/** The query as the function spills it, as the command prints it. */
const spilled = (model: CellValue[][], dialect?: string, table?: string, id?: string) =>
  `${sqlSpill(model, dialect, table, id)
    .map((row) => row[0])
    .join("\n")}\n`;

async function readBack(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return sheetsFromExcel(wb);
}

async function writeBook(file: string, fill: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  await wb.xlsx.writeFile(file);
  return file;
}

/** A table's cells from `at` (0-based row, column) on, "" left empty as Excel leaves a spill's "". */
function put(ws: ExcelJS.Worksheet, table: CellValue[][], row: number, column: number): void {
  table.forEach((cells, r) =>
    cells.forEach((value, c) => {
      if (value !== "" && value !== null) ws.getCell(row + r + 1, column + c + 1).value = value;
    }),
  );
}

const oneLine = (text: string) => {
  expect(text.trim().split("\n")).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at /);
};

describe("segment FILE --out, then segment sql, then DuckDB", () => {
  const dir = tempDir("sql");
  const book = path.join(dir, "mall.xlsx");

  beforeAll(async () => {
    const ran = await runCli([MALL, "--k", "5", "--out", book]);
    expect(ran.code).toBe(0);
  });

  it("scores every Mall customer into the segment segment --out wrote beside it", async () => {
    // The launcher, as a user runs it.
    const ran = spawnCli([
      "sql",
      book,
      "--dialect",
      "duckdb",
      "--table",
      "mall_customers",
      "--id-column",
      "CustomerID",
    ]);
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^WITH model_input AS \(\n[^]*\nFROM nearest;\n$/);
    expect(ran.stdout).toContain("FROM mall_customers\n");

    const [data] = await readBack(book);
    expect(data.values[0]).toEqual([...MALL_HEADER, "Segment"]);
    const written = new Map(data.values.slice(1).map((row) => [row[0], row[5]]));
    const db = await openDatabase();
    try {
      await loadRange(db, "mall_customers", readCsv(MALL));
      const reader = await db.connection.runAndReadAll(ran.stdout);
      const rows = reader.getRowObjects();
      expect(reader.columnNames()).toEqual(["CustomerID", "segment", "distance"]);
      expect(rows).toHaveLength(200);
      const scored = new Map(rows.map((row) => [Number(row.CustomerID), Number(row.segment)]));
      expect(scored).toEqual(written);
      // Every segment is used, so a constant label would not pass.
      expect(new Set(scored.values())).toEqual(new Set([1, 2, 3, 4, 5]));
    } finally {
      db.close();
    }
  });

  it("prints, in every dialect, the text SEGMENT.SQL spills for SEGMENT.MODEL's model of the same data", async () => {
    const model = functionModel(5);
    for (const dialect of DIALECTS) {
      const ran = await runCli([
        "sql",
        book,
        "--dialect",
        dialect,
        "--table",
        "mall_customers",
        "--id-column",
        "CustomerID",
      ]);
      expect(ran.code).toBe(0);
      expect(ran.stdout).toBe(spilled(model, dialect, "mall_customers", "CustomerID"));
    }
    // Without options: ansi, the function's default table, no id column.
    const plain = await runCli(["sql", book]);
    expect(plain.stdout).toBe(spilled(model));
    expect(plain.stdout).toContain(`FROM ${SQL_DEFAULT_TABLE}\n`);
    expect(plain.stdout).not.toContain("row_id");
  });

  it("writes the query with --out, refusing to replace it without --force or to write over the model", async () => {
    const query = path.join(dir, "score.sql");
    const ran = await runCli(["sql", book, "--dialect", "postgres", "--out", query]);
    const lines = spilled(functionModel(5), "postgres");
    expect(ran).toEqual({
      code: 0,
      stdout: "",
      stderr: `segment: wrote ${query}: ${lines.trimEnd().split("\n").length} lines of postgres SQL scoring customers with the model at 'Segment model'!A1:L9.\n`,
    });
    expect(fs.readFileSync(query, "utf8")).toBe(lines);

    const again = await runCli(["sql", book, "--out", query]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      `segment: ${query} exists: name another file, or add --force to replace it. (see segment sql --help)\n`,
    );
    expect((await runCli(["sql", book, "--out", query, "--force"])).code).toBe(0);
    expect(fs.readFileSync(query, "utf8")).toBe(spilled(functionModel(5)));

    const self = await runCli(["sql", book, "--out", book, "--force"]);
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(/^segment: --out .* is the input file: .*\(see segment sql --help\)\n$/);
  });

  it("reads a model that LibreOffice Calc opened and saved: its numbers cut to 15 digits, the same segments", async () => {
    const soffice = spawnSync("sh", ["-c", "command -v soffice"], { encoding: "utf8" });
    if (soffice.status !== 0) {
      throw new Error(
        "This test needs LibreOffice Calc (soffice): run 'bash scripts/ensure-libreoffice.sh' or 'sudo apt-get install libreoffice-calc'.",
      );
    }
    const calcDir = path.join(dir, "calc");
    const converted = spawnSync(
      "soffice",
      [
        `-env:UserInstallation=file://${path.join(calcDir, "profile")}`,
        "--headless",
        "--convert-to",
        "xlsx",
        "--outdir",
        calcDir,
        book,
      ],
      { encoding: "utf8", timeout: 60000 },
    );
    expect(converted.status).toBe(0);
    const resaved = path.join(calcDir, "mall.xlsx");
    const ran = await runCli(["sql", resaved, "--dialect", "duckdb", "--id-column", "CustomerID"]);
    expect(ran.code).toBe(0);
    // Calc writes 15 significant digits: the constants move, not the segments.
    expect(ran.stdout).not.toBe(spilled(functionModel(5), "duckdb", undefined, "CustomerID"));
    const [data] = await readBack(book);
    const db = await openDatabase();
    try {
      await loadRange(db, SQL_DEFAULT_TABLE, readCsv(MALL));
      const rows = (await db.connection.runAndReadAll(ran.stdout)).getRowObjects();
      expect(rows.map((row) => [Number(row.CustomerID), Number(row.segment)])).toEqual(
        data.values.slice(1).map((row) => [row[0], row[5]]),
      );
    } finally {
      db.close();
    }
  }, 90000);
});

describe("segment sql: finding the model in a workbook", () => {
  const dir = tempDir("sql-find");
  const mall = () => sampleRows(MALL);

  it("reads a model SEGMENT.MODEL spilled at H30, beside and above other data, from the values Excel saved", async () => {
    const model = functionModel(5);
    const width = model[0].length;
    const file = await writeBook(path.join(dir, "h30.xlsx"), (wb) => {
      wb.addWorksheet("Notes").getCell("A1").value = "Customers and their model";
      const ws = wb.addWorksheet("Analysis");
      put(ws, mall(), 0, 0);
      ws.getCell("H28").value = "Model of the customers:";
      // A dynamic array as Excel saves it: the formula and its cached value in H30, the spill's values
      // in the other cells; here every other cell also as a formula with its cached result.
      model.forEach((cells, r) =>
        cells.forEach((value, c) => {
          if (value === "") return;
          const cell = ws.getCell(30 + r, 8 + c);
          if (r === 0 && c === 0) {
            cell.value = {
              formula: "_xlfn._xlws.SEGMENT.MODEL(A1:E201,5)",
              result: value,
              shareType: "array",
              ref: `H30:${ws.getCell(30 + model.length - 1, 8 + width - 1).address}`,
            } as ExcelJS.CellValue;
          } else if ((r + c) % 2 === 0) {
            cell.value = { formula: `INDEX(H30#,${r + 1},${c + 1})`, result: value } as ExcelJS.CellValue;
          } else cell.value = value as string | number;
        }),
      );
      // Data right beside the table and straight under its Size row, and a note in its Scaling row.
      for (let r = 26; r <= 45; r++) ws.getCell(r, 8 + width).value = r * 1.5;
      ws.getCell(30 + model.length, 8).value = "Size";
      ws.getCell(30 + model.length, 9).value = 123;
      ws.getCell(30 + model.length + 1, 8).value = "Weight";
    });
    const found = findModel(file, await readSheets(file), null);
    expect(found.sheet).toBe("Analysis");
    expect(found.rect).toEqual({ row: 29, column: 7, rows: model.length, columns: width });
    expect(found.values).toEqual(model.map((cells) => cells.map((v) => (v === "" ? null : v))));
    const ran = await runCli(["sql", file, "--dialect", "duckdb", "--id-column", "CustomerID"]);
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    expect(ran.stdout).toBe(spilled(model, "duckdb", undefined, "CustomerID"));
  });

  it("takes the first of two model tables on a sheet, by rows then columns, and says which", async () => {
    const three = functionModel(3);
    const four = functionModel(4);
    const file = await writeBook(path.join(dir, "two.xlsx"), (wb) => {
      const ws = wb.addWorksheet("Models");
      put(ws, four, 11, 0);
      put(ws, three, 0, 12);
    });
    const ran = await runCli(["sql", file]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toBe(spilled(three));
    expect(ran.stderr).toBe(
      'segment: note: 2 model tables on sheet "Models"; the query is for the first, at Models!M1:V9.\n',
    );
    expect(three[0].length).toBe(10);
    expect(three).toHaveLength(9);
  });

  it('prefers the "Segment model" sheet, wherever it is, and takes --sheet when given', async () => {
    const file = await writeBook(path.join(dir, "sheets.xlsx"), (wb) => {
      put(wb.addWorksheet("Old model"), functionModel(3), 0, 0);
      put(wb.addWorksheet("Customers"), mall(), 0, 0);
      put(wb.addWorksheet("segment MODEL"), functionModel(5), 0, 0);
    });
    expect((await runCli(["sql", file])).stdout).toBe(spilled(functionModel(5)));
    expect((await runCli(["sql", file, "--sheet", "old model"])).stdout).toBe(spilled(functionModel(3)));
    const none = await runCli(["sql", file, "--sheet", "Customers"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      `segment: There is no Segment model in ${file}: no cell reads "Segment model" on the sheet "Customers". Make one with SEGMENT.MODEL, or with segment FILE --out.\n`,
    );
    const missing = await runCli(["sql", file, "--sheet", "Model"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `segment: There is no sheet "Model" in ${file}: its sheets are "Old model", "Customers", "segment MODEL".\n`,
    );
  });

  it("reads a Gaussian mixture's model, cut to its Weight and Covariance rows: the query gives probabilities", async () => {
    const mixture = functionModel(3, "gmm diag");
    expect(mixture).toHaveLength(15);
    const file = await writeBook(path.join(dir, "gmm.xlsx"), (wb) => {
      const sheet = wb.addWorksheet("GMM");
      put(sheet, mixture, 2, 1);
      // Data right under the table must not be read as one more Covariance row.
      put(sheet, [["Not", "the model"]], 2 + mixture.length, 1);
    });
    const ran = await runCli(["sql", file, "--dialect", "duckdb"]);
    expect(ran).toEqual({ code: 0, stdout: spilled(mixture, "duckdb"), stderr: "" });
    expect(ran.stdout).toMatch(/ AS probability\nFROM chosen;\n$/);
  });

  it("reads a model saved as CSV", async () => {
    const model = functionModel(4);
    const file = path.join(dir, "model.csv");
    const field = (v: CellValue) =>
      typeof v === "string" && /[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v);
    fs.writeFileSync(file, model.map((row) => row.map(field).join(",")).join("\n") + "\n");
    const ran = await runCli(["sql", file, "--dialect", "bigquery"]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toBe(spilled(model, "bigquery"));
  });
});

describe("segment sql: what it refuses, in one line with exit code 2", () => {
  const dir = tempDir("sql-refused");

  it("a workbook with no model table, naming the file and the sheets searched", async () => {
    const file = await writeBook(path.join(dir, "none.xlsx"), (wb) => {
      put(wb.addWorksheet("Customers"), sampleRows(MALL), 0, 0);
      wb.addWorksheet("Segment model").getCell("B2").value = "Segment models are kept here";
    });
    const ran = await runCli(["sql", file]);
    expect(ran.code).toBe(2);
    oneLine(ran.stderr);
    expect(ran.stderr).toBe(
      `segment: There is no Segment model in ${file}: no cell reads "Segment model" on the sheets "Segment model", "Customers". Make one with SEGMENT.MODEL, or with segment FILE --out.\n`,
    );
    expect(ran.stdout).toBe("");
  });

  it("a SEGMENT.MODEL formula the file keeps no model for: saved as #NAME? (no Segment), or with no value", async () => {
    const file = await writeBook(path.join(dir, "unsaved.xlsx"), (wb) => {
      const ws = wb.addWorksheet("Analysis");
      put(ws, sampleRows(MALL), 0, 0);
      const formula = "_xldudf_SEGMENT_MODEL(A1:E201,5)";
      ws.getCell("H30").value = { formula, result: { error: "#NAME?" } } as ExcelJS.CellValue;
      wb.addWorksheet("Later").getCell("B2").value = { formula: "SEGMENT.MODEL(Analysis!A1:E201,3)" };
    });
    const ran = await runCli(["sql", file]);
    expect(ran.code).toBe(2);
    oneLine(ran.stderr);
    expect(ran.stderr).toBe(
      `segment: There is no Segment model in ${file}: no cell reads "Segment model" on the sheets "Analysis", "Later". Analysis!H30 holds =_xldudf_SEGMENT_MODEL(A1:E201,5), saved as #NAME?: open the workbook in Excel with Segment, let it calculate, and save it.\n`,
    );
    const later = await runCli(["sql", file, "--sheet", "Later"]);
    expect(later.stderr).toMatch(
      /Later!B2 holds =SEGMENT\.MODEL\(Analysis!A1:E201,3\), with no value saved: open the workbook in Excel/,
    );
  });

  it("a damaged model, in the core's words naming the cell", async () => {
    const model = functionModel(5);
    model[3][1] = "Col";
    const file = await writeBook(path.join(dir, "damaged.xlsx"), (wb) =>
      put(wb.addWorksheet("Segment model"), model, 0, 0),
    );
    const ran = await runCli(["sql", file]);
    expect(ran.code).toBe(2);
    oneLine(ran.stderr);
    expect(ran.stderr).toBe(
      `segment: ${file}, model at 'Segment model'!A1:L9: This Segment model is damaged: row 4, column 2 should read "Column". Make it again with SEGMENT.MODEL.\n`,
    );
  });

  it("a title with nothing of a model under it", async () => {
    const file = await writeBook(path.join(dir, "title.xlsx"), (wb) => {
      wb.addWorksheet("Sheet1").getCell("C5").value = "  segment MODEL ";
    });
    const ran = await runCli(["sql", file]);
    expect(ran.code).toBe(2);
    oneLine(ran.stderr);
    expect(ran.stderr).toMatch(
      /^segment: .*title\.xlsx, model at Sheet1!C5:I8: This Segment model is damaged: /,
    );
  });

  it("usage mistakes, with SEGMENT.SQL's words for a bad dialect or table, and a hint", async () => {
    const model = functionModel(2);
    const cases: [string[], string][] = [
      [["sql"], "segment: no model file: give the .xlsx (or .csv) file holding a Segment model."],
      [["sql", "a.xlsx", "b.xlsx"], "segment: one model file at a time (got a.xlsx, b.xlsx)."],
      [
        ["sql", "m.xlsx", "--dialect", "oracle"],
        `segment: ${errorOf(() => sqlSpill(model, "oracle", undefined, undefined)).message}`,
      ],
      [
        ["sql", "m.xlsx", "--table", "customers; DROP TABLE x"],
        `segment: ${errorOf(() => sqlSpill(model, undefined, "customers; DROP TABLE x", undefined)).message}`,
      ],
      [["sql", "m.xlsx", "--id-column", " "], "segment: --id-column needs a name."],
      [["sql", "m.xlsx", "--force"], "segment: --force only goes with --out."],
      [["sql", "m.xlsx", "--k", "3"], "segment: unknown option --k."],
      [["sql", "m.txt"], "segment: m.txt: only .csv, .csv.gz and .xlsx files can be read."],
    ];
    for (const [args, message] of cases) {
      const ran = await runCli(args);
      expect(ran.code).toBe(2);
      expect(ran.stderr).toBe(`${message} (see segment sql --help)\n`);
      expect(ran.stdout).toBe("");
    }
  });
});

describe("segment sql --help", () => {
  it("prints its own usage, with an example; segment --help names the subcommands", async () => {
    const ran = await runCli(["sql", "--help"]);
    expect(ran).toEqual({ code: 0, stdout: `${SQL_USAGE}\n`, stderr: "" });
    for (const flag of ["--dialect", "--table", "--id-column", "--sheet", "--out", "--force"])
      expect(SQL_USAGE).toContain(`  ${flag} `);
    expect(SQL_USAGE).toContain("segment sql mall.xlsx --dialect duckdb");
    const main = await runCli(["--help"]);
    expect(main.stdout).toBe(`${USAGE}\n`);
    expect(USAGE).toMatch(/^ {7}segment rfm /m);
    expect(USAGE).toMatch(
      /^ {7}segment sql MODEL\.\(xlsx\|csv\) \[options\] {3}\(see segment sql --help\)$/m,
    );
  });
});
