/**
 * Scoring 1,000,000 customers with a Mall model (Gender, Age, Income, Score; zscore; k = 6; k-means, or
 * with options.model "gmm" a Gaussian mixture, full covariance), two ways:
 *
 * - options.mode "duckdb": SEGMENT.SQL's DuckDB query run by DuckDB (@duckdb/node-api, in this
 *   process) as a warehouse job would: CREATE TABLE ... AS the query, every row scored and stored. The
 *   rows are loaded first, untimed (the load's time is in the note); options.threads sets DuckDB's.
 * - options.mode "assign": SEGMENT.ASSIGN itself (functions/segmenting.ts assignLabels) in Node on the
 *   same rows as the range Excel would pass, with the 5 MB argument limit lifted.
 *
 * Both report a checksum of the labels (sum of row x segment), so the two can be seen to agree.
 */
import { parseAnyModel } from "../../src/core/model-mixture";
import { modelSql } from "../../src/core/sql/sql";
import { assignLabels, modelOf } from "../../src/functions/segmenting";
import {
  MALL_HEADER,
  fitModel,
  loadRange,
  mallLikeRows,
  openDatabase,
  readCsv,
} from "../../test/helpers/sql";
import { collect, peakMb, report, rssMb, task, timed } from "../child";

const t = task();
const mode = String(t.options?.mode);
const root = String(t.options?.root);
const mall = readCsv("samples/mall-customers.csv", root);
const model =
  t.options?.model === "gmm"
    ? modelOf([mall.map((row) => row.slice(1)), 6, "zscore", null, null], "gmm")
    : fitModel(mall, { features: MALL_HEADER.slice(1), k: 6 });

const baselineMb = rssMb();
const rows = mallLikeRows(t.n, t.seed);
await collect();
const inputMb = rssMb();

if (mode === "duckdb") {
  const db = await openDatabase();
  await db.connection.run(`SET threads = ${Number(t.options?.threads)}`);
  const loadStart = performance.now();
  await loadRange(db, "customers", rows);
  const loadMs = performance.now() - loadStart;
  const query = modelSql(parseAnyModel(model), { dialect: "duckdb", table: "customers", idColumn: "row_no" })
    .join("\n")
    .replace(/;$/, "");
  const timesMs: number[] = [];
  for (let r = 0; r < t.runs; r++) {
    const start = performance.now();
    await db.connection.run(`CREATE OR REPLACE TABLE scored AS ${query}`);
    timesMs.push(performance.now() - start);
  }
  const check = await db.connection.runAndReadAll(
    "SELECT COUNT(*), SUM(CAST(row_no AS BIGINT) * segment) FROM scored",
  );
  const [count, checksum] = check.getRows()[0].map(Number);
  db.close();
  report({
    timesMs,
    baselineMb,
    inputMb,
    peakMb: peakMb(),
    note: `${count} rows scored into a table; checksum ${checksum}; load ${Math.round(loadMs)} ms (appender)`,
  });
} else {
  const unlimited = { payloadBytes: Infinity, work: Infinity };
  const { timesMs, result } = timed(t.runs, () => assignLabels(rows, model, unlimited));
  let checksum = 0;
  for (let i = 1; i < result.length; i++) checksum += i * Number(result[i][0]);
  report({
    timesMs,
    baselineMb,
    inputMb,
    peakMb: peakMb(),
    note: `${result.length - 1} rows; checksum ${checksum}`,
  });
}
