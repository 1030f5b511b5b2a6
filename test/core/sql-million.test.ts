/**
 * DuckDB scores 1,000,000 generated customers with the Mall model's query: every label is ASSIGN's.
 * (The timing of the same run is the bench's sql entry.)
 */
import { parseAnyModel } from "../../src/core/model-mixture";
import { modelSql } from "../../src/core/sql/sql";
import { assignLabels } from "../../src/functions/segmenting";
import {
  MALL_HEADER,
  fitModel,
  loadRange,
  mallLikeRows,
  openDatabase,
  readCsv,
  runScoring,
} from "../helpers/sql";

const ROWS = 1_000_000;

test("1,000,000 rows: DuckDB's segments equal ASSIGN's, no mismatch", async () => {
  const mall = readCsv("samples/mall-customers.csv");
  const model = fitModel(mall, { features: MALL_HEADER.slice(1), k: 6 });
  const rows = mallLikeRows(ROWS, 2026);
  const db = await openDatabase();
  try {
    await loadRange(db, "customers", rows);
    const lines = modelSql(parseAnyModel(model), {
      dialect: "duckdb",
      table: "customers",
      idColumn: "row_no",
    });
    const scored = await runScoring(db, lines, ROWS);
    // SEGMENT.ASSIGN itself, without Excel's 5 MB argument limit: a header, then a label per row.
    const spill = assignLabels(rows, model, { payloadBytes: Infinity, work: Infinity });
    expect(spill).toHaveLength(ROWS + 1);
    const assigned = spill.slice(1).map((row) => row[0] as number);
    let mismatches = 0;
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < ROWS; i++) {
      const label = assigned[i];
      if (label !== scored.segments[i]) mismatches++;
      counts[label]++;
    }
    expect(mismatches).toBe(0);
    expect(counts.slice(1).every((c) => c > 10000)).toBe(true);
  } finally {
    db.close();
  }
}, 120_000);
