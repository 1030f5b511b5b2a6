/**
 * A Gaussian mixture's query run in DuckDB: every row's weighted log-densities are gmmPosteriors' to
 * the bit, so its segment is SEGMENT.ASSIGN's, and its probability GMM's (EXP aside: within 1e-12).
 */
import { CellValue } from "../../src/core/cells";
import { CovarianceType } from "../../src/core/algorithms/gmm";
import { gaussianMixture, gmmPosteriors, modelScorer } from "../../src/core/algorithms/gmm-fit";
import { weightedLogProbs } from "../../src/core/algorithms/gmm-kernels";
import { mixtureTable, parseAnyModel } from "../../src/core/model-mixture";
import { fitPreprocessor, transformTable } from "../../src/core/preprocess";
import { modelSql } from "../../src/core/sql/sql";
import { readTable } from "../../src/core/table";
import { assignLabels, modelOf } from "../../src/functions/segmenting";
import {
  Database,
  Range,
  customersWithGaps,
  loadRange,
  mallLikeRows,
  openDatabase,
  readCsv,
  runScoring,
} from "../helpers/sql";

const mall = readCsv("samples/mall-customers.csv");
/** Gender (binary), Age, Income and Score: the Mall customers without their id. */
const mallFeatures = mall.map((row) => row.slice(1));

let db: Database;
let tables = 0;
beforeAll(async () => {
  db = await openDatabase();
});
afterAll(() => db.close());

/** SEGMENT.MODEL's mixture of the data, as a spill. */
function mixture(values: Range, k: number, covariance: string): CellValue[][] {
  return modelOf([values, k, "zscore", null, null], `gmm ${covariance}`);
}

/** A mixture's model table with gaps imputed (a policy of the pane's, not of the formulas). */
function imputedMixture(values: Range, k: number, covariance: CovarianceType): CellValue[][] {
  const fitted = fitPreprocessor(readTable(values), { missing: "median" });
  const fit = gaussianMixture(fitted.matrix, { k, covariance, seed: 42 });
  return mixtureTable(fitted.preprocessor, fit, fit.sizes);
}

/** Per data row: the weighted log-density of each component, as gmmPosteriors computes them; null for none. */
function scoresInJs(values: Range, model: CellValue[][]): (number[] | null)[] {
  const parsed = parseAnyModel(model);
  const { matrix, rows } = transformTable(parsed.preprocessor, readTable(values));
  const k = parsed.k;
  const out = new Float64Array(matrix.n * k);
  weightedLogProbs(matrix, modelScorer(parsed.mixture!, matrix.d), 0, matrix.n, out);
  const byRow = new Array<number[] | null>(values.length - 1).fill(null);
  for (let r = 0; r < matrix.n; r++) byRow[rows ? rows[r] : r] = Array.from(out.subarray(r * k, r * k + k));
  return byRow;
}

/** The query's scores step per data row. */
async function scoresInSql(lines: readonly string[], rowCount: number): Promise<(number[] | null)[]> {
  const head = lines.slice(0, lines.indexOf("nearest AS ("));
  head[head.length - 1] = ")";
  const reader = await db.connection.runAndReadAll([...head, "SELECT * FROM scores"].join("\n"));
  const out = new Array<number[] | null>(rowCount).fill(null);
  for (const [rowNo, ...v] of reader.getRows()) out[Number(rowNo) - 1] = v[0] === null ? null : v.map(Number);
  return out;
}

/** Scores `values` in DuckDB and checks it against ASSIGN and GMM; returns the segments. */
async function scoreAndCompare(values: Range, model: CellValue[][]): Promise<(number | null)[]> {
  const table = `customers_${++tables}`;
  await loadRange(db, table, values);
  const parsed = parseAnyModel(model);
  expect(parsed.mixture).not.toBeNull();
  const lines = modelSql(parsed, { dialect: "duckdb", table, idColumn: "row_no" });
  const rowCount = values.length - 1;
  expect(await scoresInSql(lines, rowCount)).toEqual(scoresInJs(values, model));

  const scored = await runScoring(db, lines, rowCount);
  const assigned = assignLabels(values, model)
    .slice(1)
    .map((row) => (row[0] === "" ? null : Number(row[0])));
  expect(assigned.filter((label, i) => label !== scored.segments[i])).toEqual([]);

  const { matrix, rows } = transformTable(parsed.preprocessor, readTable(values));
  const posteriors = gmmPosteriors(parsed.mixture!, matrix, { responsibilities: false });
  for (let r = 0; r < matrix.n; r++) {
    const i = rows ? rows[r] : r;
    expect(scored.segments[i]).toBe(posteriors.labels[r]);
    const p = posteriors.probabilities[r];
    expect(Math.abs((scored.distances[i] as number) - p)).toBeLessThanOrEqual(1e-12 * p);
  }
  return scored.segments;
}

describe("DuckDB scores a Gaussian mixture as ASSIGN does", () => {
  test.each(["full", "tied", "diag", "spherical"])(
    "the Mall customers, k = 4, covariance %s",
    async (covariance) => {
      const segments = await scoreAndCompare(mall, mixture(mallFeatures, 4, covariance));
      expect(new Set(segments)).toEqual(new Set([1, 2, 3, 4]));
    },
  );

  test("a text category (one-hot), a binary one and gaps imputed, covariance full", async () => {
    const rows = customersWithGaps(300, 11);
    const features = rows.map((row) => row.slice(1));
    const model = imputedMixture(features, 3, "full");
    expect(model.some((row) => row[3] === "one-hot")).toBe(true);
    await scoreAndCompare(rows, model);
  });

  test("gaps left out: those rows get no segment, as in ASSIGN", async () => {
    const rows = customersWithGaps(300, 12);
    const model = mixture(
      rows.map((row) => row.slice(3)),
      3,
      "diag",
    );
    const segments = await scoreAndCompare(rows, model);
    expect(segments.filter((s) => s === null).length).toBeGreaterThan(10);
  });

  test("100,000 generated customers, covariance full, k = 5: no label differs", async () => {
    const rows = mallLikeRows(100_000, 2027);
    const model = mixture(mallFeatures, 5, "full");
    const segments = await scoreAndCompare(rows, model);
    expect(segments.every((s) => s !== null)).toBe(true);
  }, 60_000);
});
