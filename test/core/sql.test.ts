/**
 * modelSql run in a real database: DuckDB scores the rows and must give every row the segment
 * SEGMENT.ASSIGN gives it, with no mismatch, and the distance to that segment's centroid.
 */
import { readFileSync } from "fs";
import path from "path";
import { CellValue } from "../../src/core/cells";
import { assignToNearest } from "../../src/core/kmeans";
import { modelTable } from "../../src/core/model";
import { parseAnyModel } from "../../src/core/model-mixture";
import { MissingPolicy, Preprocessor, Scaling, transformTable } from "../../src/core/preprocess";
import { createRng } from "../../src/core/random";
import { exactNumber } from "../../src/core/sql/dialects";
import { SQL_LINE_LIMIT, modelSql } from "../../src/core/sql/sql";
import { readTable } from "../../src/core/table";
import { assignLabels } from "../../src/functions/segmenting";
import {
  Database,
  Range,
  customersWithGaps,
  fitModel,
  readCsv,
  loadRange,
  openDatabase,
  runScoring,
} from "../helpers/sql";

const mall = readCsv("samples/mall-customers.csv");
const INCOME = "Annual Income (k$)";
const SCORE = "Spending Score (1-100)";

/** ASSIGN's label per data row, null where it gives none. */
function assigned(values: Range, model: CellValue[][]): (number | null)[] {
  return assignLabels(values, model)
    .slice(1)
    .map((row) => (row[0] === "" ? null : Number(row[0])));
}

/** The distance of each data row to its ASSIGN segment's centroid, computed in JavaScript. */
function distancesInJs(values: Range, model: CellValue[][]): (number | null)[] {
  const parsed = parseAnyModel(model);
  const { matrix, rows } = transformTable(parsed.preprocessor, readTable(values));
  const labels = assignToNearest(matrix, parsed.centroids, parsed.k);
  const out = new Array<number | null>(values.length - 1).fill(null);
  const d = matrix.d;
  for (let r = 0; r < matrix.n; r++) {
    const c = labels[r] - 1;
    let sq = 0;
    for (let t = 0; t < d; t++) {
      const diff = matrix.data[r * d + t] - parsed.centroids[c * d + t];
      sq += diff * diff;
    }
    out[rows ? rows[r] : r] = Math.sqrt(sq);
  }
  return out;
}

let db: Database;
let tables = 0;
beforeAll(async () => {
  db = await openDatabase();
});
afterAll(() => db.close());

/** Squared distances of each data row to every centroid, summed as ASSIGN sums them; null for none. */
function squaredDistancesInJs(values: Range, model: CellValue[][]): (number[] | null)[] {
  const parsed = parseAnyModel(model);
  const { matrix, rows } = transformTable(parsed.preprocessor, readTable(values));
  const out = new Array<number[] | null>(values.length - 1).fill(null);
  const d = matrix.d;
  for (let r = 0; r < matrix.n; r++) {
    out[rows ? rows[r] : r] = Array.from({ length: parsed.k }, (_, c) => {
      let sq = 0;
      for (let t = 0; t < d; t++) {
        const diff = matrix.data[r * d + t] - parsed.centroids[c * d + t];
        sq += diff * diff;
      }
      return sq;
    });
  }
  return out;
}

/** The query's squared distances (its distances step) per data row, null for a row with none. */
async function squaredDistancesInSql(
  lines: readonly string[],
  rowCount: number,
): Promise<(number[] | null)[]> {
  const head = lines.slice(0, lines.indexOf("nearest AS ("));
  head[head.length - 1] = ")";
  const reader = await db.connection.runAndReadAll([...head, "SELECT * FROM distances"].join("\n"));
  const out = new Array<number[] | null>(rowCount).fill(null);
  for (const [rowNo, ...sq] of reader.getRows()) {
    out[Number(rowNo) - 1] = sq[0] === null ? null : sq.map(Number);
  }
  return out;
}

/**
 * Scores `values` with the DuckDB query and checks it against ASSIGN; returns the segments. `exact`:
 * every squared distance is also bit for bit ASSIGN's (not so through log(1 + x): dialects.ts).
 */
async function scoreAndCompare(
  values: Range,
  model: CellValue[][],
  asText: readonly string[] = [],
  exact = true,
): Promise<(number | null)[]> {
  const table = `customers_${++tables}`;
  await loadRange(db, table, values, asText);
  const lines = modelSql(parseAnyModel(model), { dialect: "duckdb", table, idColumn: "row_no" });
  if (exact) {
    expect(await squaredDistancesInSql(lines, values.length - 1)).toEqual(
      squaredDistancesInJs(values, model),
    );
  }
  const scored = await runScoring(db, lines, values.length - 1);
  const expected = assigned(values, model);
  const mismatches = expected.filter((label, i) => label !== scored.segments[i]).length;
  expect(mismatches).toBe(0);
  expect(scored.segments).toEqual(expected);
  const js = distancesInJs(values, model);
  scored.distances.forEach((distance, i) => {
    if (js[i] === null) expect(distance).toBeNull();
    else
      expect(Math.abs((distance as number) - (js[i] as number))).toBeLessThanOrEqual(
        1e-12 * (js[i] as number),
      );
  });
  return scored.segments;
}

describe("DuckDB scores the Mall customers as ASSIGN does", () => {
  test("Income and Spending Score, k = 5, zscore", async () => {
    const model = fitModel(mall, { features: [INCOME, SCORE], k: 5 });
    const segments = await scoreAndCompare(mall, model);
    expect(new Set(segments)).toEqual(new Set([1, 2, 3, 4, 5]));
  });

  test.each<Scaling>(["zscore", "minmax", "robust", "none"])(
    "Gender (binary), Age, Income and Score, k = 6, scaling %s",
    async (scaling) => {
      const model = fitModel(mall, { features: ["Gender", "Age", INCOME, SCORE], k: 6, scaling });
      expect(model.some((row) => String(row[3]).startsWith("binary"))).toBe(true);
      const segments = await scoreAndCompare(mall, model);
      expect(segments.every((s) => s !== null)).toBe(true);
    },
  );

  test("numbers stored as text in the database are cast to doubles", async () => {
    const model = fitModel(mall, { features: ["Age", INCOME, SCORE], k: 4 });
    await scoreAndCompare(mall, model, ["Age", INCOME]);
  });

  test("new customers with a Gender the model never saw get no segment, as in ASSIGN", async () => {
    const model = fitModel(mall, { features: ["Gender", INCOME, SCORE], k: 5 });
    const fresh = mall.map((row, i) => (i % 7 === 3 ? ["x", "Other", ...row.slice(2)] : row));
    const segments = await scoreAndCompare(fresh, model);
    expect(segments.filter((s) => s === null).length).toBe(fresh.filter((r) => r[1] === "Other").length);
  });
});

describe("the README's Scoring at scale example", () => {
  test("DuckDB reads the sample CSV itself and the query gives the figures the README prints", async () => {
    const readme = readFileSync(path.resolve(__dirname, "..", "..", "README.md"), "utf8");
    const section = readme.slice(
      readme.indexOf("## Scoring at scale"),
      readme.indexOf("## The task pane wizard"),
    );
    const create = /CREATE TABLE mall_customers AS FROM '[^']+';/.exec(section)?.[0] ?? "";
    expect(create).not.toBe("");
    const model = fitModel(mall, { features: [INCOME, SCORE], k: 5 });
    const lines = modelSql(parseAnyModel(model), {
      dialect: "duckdb",
      table: "mall_customers",
      idColumn: "CustomerID",
    });
    expect(section).toContain(`spills a ${lines.length}-line query`);
    await db.connection.run(create);
    try {
      const reader = await db.connection.runAndReadAll(lines.join("\n"));
      const rows = reader
        .getRows()
        .map(([id, segment, distance]) => [Number(id), Number(segment), Number(distance)]);
      const byId = new Map(rows.map((row) => [row[0], row]));
      const shown = (id: number) =>
        `customer ${id} in segment **${byId.get(id)?.[1]}** at ${byId.get(id)?.[2].toFixed(3)}`;
      expect(section).toContain(`${shown(1)},\n   ${shown(2)};`);
      const sizes = [1, 2, 3, 4, 5].map((c) => rows.filter((row) => row[1] === c).length);
      expect(section).toContain(`sizes ${sizes.join(", ")}, the same as`);
      expect([...rows].sort((a, b) => a[0] - b[0]).map((row) => row[1])).toEqual(assigned(mall, model));
    } finally {
      await db.connection.run("DROP TABLE mall_customers");
    }
  });
});

describe("a text category (one-hot) and missing values", () => {
  const data = customersWithGaps(400, 11);
  const features = ["Region", "Plan", "Age", "Monthly spend ($)"];

  test.each<MissingPolicy>(["drop", "median", "mean", "mostFrequent"])(
    "missing values: %s",
    async (missing) => {
      const model = fitModel(data, { features, k: 4, missing });
      expect(model.filter((row) => row[3] === "one-hot").length).toBe(4);
      const segments = await scoreAndCompare(data, model);
      const none = segments.filter((s) => s === null).length;
      if (missing === "drop") expect(none).toBeGreaterThan(50);
      else expect(none).toBe(0);
    },
  );

  test("new rows with unseen categories, in other case, padded with spaces", async () => {
    const model = fitModel(data, { features, k: 4, missing: "median" });
    const fresh = customersWithGaps(300, 12, ["North", "Central", " South ", "east"]);
    fresh.forEach((row, i) => {
      if (i % 9 === 5) row[2] = "Gold";
    });
    const segments = await scoreAndCompare(fresh, model);
    expect(segments.filter((s) => s === null).length).toBe(fresh.filter((r) => r[2] === "Gold").length);
  });
});

describe("log-transformed columns", () => {
  test("the RFM sample: transform auto logs Frequency and Monetary", async () => {
    const rfm = readCsv("samples/online-retail-rfm.csv");
    const model = fitModel(rfm, {
      features: ["Recency", "Frequency", "Monetary"],
      k: 4,
      logTransform: "auto",
    });
    expect(model.filter((row) => row[3] === "log(1+x)").map((row) => row[1])).toEqual(
      expect.arrayContaining(["Frequency", "Monetary"]),
    );
    await scoreAndCompare(rfm, model, [], false);
  });
});

describe("values log(1 + x) is not defined for", () => {
  test("a value of -1 or less in a logged column gets no segment, in SQL as in ASSIGN", async () => {
    const rfm = readCsv("samples/online-retail-rfm.csv");
    const model = fitModel(rfm, { features: ["Recency", "Frequency", "Monetary"], k: 4 });
    const rows: Range = [
      ["Recency", "Frequency", "Monetary"],
      [10, 3, -5],
      [10, 3, 500],
    ];
    await loadRange(db, "negative", rows);
    const lines = modelSql(parseAnyModel(model), {
      dialect: "duckdb",
      table: "negative",
      idColumn: "row_no",
    });
    const scored = await runScoring(db, lines, 2);
    expect(scored.segments[0]).toBeNull();
    expect(assigned(rows, model)[0]).toBeNull();
    expect(scored.segments[1]).toBe(assigned(rows, model)[1]);
    expect(assignLabels(rows, model)[0][0]).toBe(
      "Segment (none for 1 row: Monetary -5 is -1 or less, where the model's log(1 + x) is not defined)",
    );
  });
});

describe("ties", () => {
  /** A one-feature model with centroids at the given values, scaling none. */
  function lineModel(centroids: number[]): CellValue[][] {
    const preprocessor: Preprocessor = {
      scaling: "none",
      missing: "drop",
      inputs: [{ name: "x", kind: "numeric", log: false, impute: null, categories: [], binary: false }],
      outputs: [{ name: "x", input: 0, category: null, center: 0, scale: 1 }],
    };
    return modelTable(
      preprocessor,
      Float64Array.from(centroids),
      centroids.map(() => 1),
    );
  }

  test("a row exactly between two centroids goes to the lower segment number", async () => {
    const values: Range = [["x"], [1], [3], [0.5], [5], [2]];
    expect(await scoreAndCompare(values, lineModel([0, 2, 4]))).toEqual([1, 2, 1, 3, 2]);
    expect(await scoreAndCompare(values, lineModel([4, 2, 0]))).toEqual([2, 1, 3, 1, 2]);
  });
});

describe("exact constants", () => {
  test("17 significant digits in E-notation give back every double", () => {
    const rng = createRng(3);
    for (let i = 0; i < 10000; i++) {
      const x = (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 40 - 20);
      expect(Number(exactNumber(x))).toBe(x);
      expect(exactNumber(x)).toMatch(/^-?\d\.\d{16}E-?\d+$/);
    }
    expect(exactNumber(60.56)).toBe("6.0560000000000002E1");
    expect(exactNumber(-0)).toBe("0.0000000000000000E0");
  });

  test("DuckDB reads them as the same doubles, where a plain decimal literal is a DECIMAL", async () => {
    const rng = createRng(5);
    const xs = Array.from({ length: 2000 }, () => Math.round(rng.next() * 1e6) / 100);
    const reader = await db.connection.runAndReadAll(
      `SELECT ${xs.map((x) => `${exactNumber(x)} AS e${xs.indexOf(x)}`).join(", ")}`,
    );
    expect(reader.getRows()[0].map(Number)).toEqual(xs);
  });
});

describe("wide models", () => {
  function wideModel(d: number): { values: Range; model: CellValue[][] } {
    const rng = createRng(9);
    const header = Array.from({ length: d }, (_, j) => `feature ${j + 1}`);
    const values: Range = [header];
    for (let i = 0; i < 60; i++) values.push(header.map(() => Math.round(rng.next() * 1000) / 10));
    return { values, model: fitModel(values, { features: header, k: 3, logTransform: "none" }) };
  }

  test("100 features: ASSIGN's labels and squared distances", async () => {
    const { values, model } = wideModel(100);
    await scoreAndCompare(values, model);
  });

  // DuckDB takes about d^3 to plan the query (0.27 s at 100 features, 2 s at 200): 600 is only written.
  test("600 features: a distance spills over lines of at most 32,767 characters, each piece whole", () => {
    const { model } = wideModel(600);
    const lines = modelSql(parseAnyModel(model), { dialect: "duckdb", table: "t", idColumn: null });
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(SQL_LINE_LIMIT);
    const d1 = lines.slice(
      lines.indexOf("distances AS (") + 2,
      lines.findIndex((l) => l.endsWith(" AS d1,")) + 1,
    );
    expect(d1.length).toBe(2);
    expect(d1[1]).toMatch(/^ {8}\+ \(x\d+ - /);
    expect(
      d1
        .join(" ")
        .replace(/\s+/g, " ")
        .match(/\(x(\d+) - /g)?.length,
    ).toBe(2 * 600);
  });
});
