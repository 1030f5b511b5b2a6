/**
 * Hostile and huge input for every SEGMENT function (issue 12, section 2): property tests with
 * fast-check over ranges of mixed types, error values, NaN and infinities, magnitudes from 1e-300 to
 * 1e300, text numbers, totals rows, one row, one column, identical and duplicated rows, ragged rows,
 * and arguments of every wrong kind; then a sheet 16,384 columns wide and a full sheet of 1,048,575
 * rows.
 *
 * Every call must end in a spill of the right shape holding only numbers, text and booleans (no NaN,
 * no Infinity), or in a CustomFunctions.Error #VALUE! or #N/A with a message, within a time budget,
 * and the same way twice. "Segment could not compute this (...)" is the guard's wrapper for an
 * exception nobody meant to throw: here it counts as a failure, since it means a bug, not bad input.
 *
 * Every fc.assert has a fixed seed, so CI sees the same cases on every run; fast-check prints the
 * counterexample (and the seed and path to replay it) when one fails.
 */
import fc from "fast-check";
import { readFileSync } from "fs";
import path from "path";
import {
  segmentAssign,
  segmentBestK,
  segmentCentroids,
  segmentDbscan,
  segmentElbow,
  segmentForecast,
  segmentGmm,
  segmentGmmBic,
  segmentKdist,
  segmentKmeans,
  segmentMetrics,
  segmentMigration,
  segmentModel,
  segmentProfile,
  segmentRefit,
  segmentRfm,
  segmentSilhouette,
  segmentSql,
  segmentStability,
  version,
} from "../../src/functions/functions";
import * as functions from "../../src/functions/functions";
import {
  Cell,
  Range,
  TableCase,
  countArgument,
  hostileCell,
  restartsArgument,
  scalingArgument,
  seedArgument,
  tableCase,
  transformArgument,
} from "../helpers/hostile";
import { ErrorCode, StubCustomFunctionsError } from "./support";
import { SEGMENT_NAMES } from "../../src/core/rfm-segments";

// Fixed, so that CI sees the same cases on every run. To explore others locally:
// FUZZ_SEED=7 FUZZ_RUNS=5 npx jest test/functions/fuzz.test.ts (FUZZ_RUNS multiplies the case counts).
const SEED = Number(process.env.FUZZ_SEED ?? 1212);
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (numRuns: number) => ({ seed: SEED, numRuns: Math.round(numRuns * SCALE) });

/** Any one call on a small case; generous for a loaded 2-core machine, where they take milliseconds. */
const CALL_BUDGET_MS = 2000;

/** Excel's grid: a spill larger than this cannot be shown. */
const SHEET_ROWS = 1_048_576;
const SHEET_COLUMNS = 16_384;

// The functions take Excel's loosely typed arguments: the fuzz passes anything at all.
type Loose = (...args: unknown[]) => unknown;
const KMEANS = segmentKmeans as Loose;
const CENTROIDS = segmentCentroids as Loose;
const MODEL = segmentModel as Loose;
const ASSIGN = segmentAssign as Loose;
const ELBOW = segmentElbow as Loose;
const BESTK = segmentBestK as Loose;
const SILHOUETTE = segmentSilhouette as Loose;
const METRICS = segmentMetrics as Loose;
const PROFILE = segmentProfile as Loose;
const DBSCAN = segmentDbscan as Loose;
const KDIST = segmentKdist as Loose;
const GMM = segmentGmm as Loose;
const GMMBIC = segmentGmmBic as Loose;
const STABILITY = segmentStability as Loose;
const REFIT = segmentRefit as Loose;
const RFM = segmentRfm as Loose;
const MIGRATION = segmentMigration as Loose;
const FORECAST = segmentForecast as Loose;
const SQL = segmentSql as Loose;

type Outcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * One call: its result or its Excel error. Throws (failing the property) on a raw exception, on an
 * error code other than #VALUE! and #N/A, on an empty message, on the guard's bug wrapper, and on a
 * call over the time budget.
 */
function attempt(name: string, call: () => unknown, budget = CALL_BUDGET_MS): Outcome {
  const started = Date.now();
  let outcome: Outcome;
  try {
    outcome = { ok: true, value: call() };
  } catch (error) {
    if (!(error instanceof StubCustomFunctionsError)) {
      throw new Error(`${name} let a raw exception out: ${String(error)}`);
    }
    outcome = { ok: false, code: error.code, message: error.message };
  }
  const took = Date.now() - started;
  if (took > budget) throw new Error(`${name} took ${took} ms (budget ${budget} ms)`);
  if (!outcome.ok) {
    if (outcome.code !== ErrorCode.invalidValue && outcome.code !== ErrorCode.notAvailable) {
      throw new Error(`${name} answered ${outcome.code}; only #VALUE! and #N/A carry a message in Excel`);
    }
    if (outcome.message.trim() === "") throw new Error(`${name} answered ${outcome.code} with no message`);
    if (/^Segment could not compute this/.test(outcome.message)) {
      throw new Error(`${name} hit a bug: ${outcome.message}`);
    }
  }
  return outcome;
}

/** attempt(), twice: the same arguments must give the same answer, to the bit. */
function twice(name: string, call: () => unknown): Outcome {
  const first = attempt(name, call);
  const second = attempt(name, call);
  expect(second).toEqual(first);
  return first;
}

/** A spill Excel can show: rectangular, within the sheet, only finite numbers, text and booleans. */
function checkSpill(name: string, value: unknown): (number | string | boolean)[][] {
  if (!Array.isArray(value) || value.length === 0) throw new Error(`${name}: not a non-empty array`);
  const rows = value as unknown[];
  const first = rows[0];
  if (!Array.isArray(first) || first.length === 0) throw new Error(`${name}: row 1 is not a non-empty row`);
  const width = first.length;
  if (rows.length > SHEET_ROWS || width > SHEET_COLUMNS) {
    throw new Error(`${name}: a ${rows.length} x ${width} spill does not fit in a sheet`);
  }
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw new Error(`${name}: row ${i + 1} is not ${width} cells wide (ragged spill)`);
    }
    row.forEach((cell: unknown, j) => {
      const fine =
        typeof cell === "number"
          ? Number.isFinite(cell)
          : typeof cell === "string" || typeof cell === "boolean";
      if (!fine) throw new Error(`${name}: cell (${i + 1}, ${j + 1}) is ${String(cell)}`);
    });
  });
  return rows as (number | string | boolean)[][];
}

/** The number a whole-number argument stood for, once the function accepted it. */
function argumentNumber(raw: unknown): number {
  const value = Array.isArray(raw) ? (raw as unknown[][])[0][0] : raw;
  return Number(value);
}

function isLabel(cell: unknown, k: number): boolean {
  return cell === "" || (typeof cell === "number" && Number.isInteger(cell) && cell >= 1 && cell <= k);
}

/** A label spill lined up with a range of `rows` rows: one column, a "Segment..." header or labels. */
function checkLabelSpill(name: string, value: unknown, rows: number, k: number): (number | string)[] {
  const spill = checkSpill(name, value);
  expect([spill.length, spill[0].length]).toEqual([rows, 1]);
  const cells = spill.map((row) => row[0]);
  cells.forEach((cell, i) => {
    const header = i === 0 && typeof cell === "string" && cell.startsWith("Segment");
    if (!header && !isLabel(cell, k)) throw new Error(`${name}: row ${i + 1} holds ${String(cell)}`);
  });
  return cells as (number | string)[];
}

const methodArgument: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  null,
  undefined,
  "auto",
  "elbow",
  "silhouette",
  "calinski",
  " AUTO ",
  "gap",
  3,
  true,
);

const VALID_METHOD = (method: unknown) =>
  method === null ||
  method === undefined ||
  (typeof method === "string" &&
    ["auto", "elbow", "silhouette", "calinski"].includes(method.trim().toLowerCase()));

const AUTO_METHOD = (method: unknown) =>
  method === null ||
  method === undefined ||
  (typeof method === "string" && method.trim().toLowerCase() === "auto");

describe("SEGMENT.VERSION", () => {
  it("says the package's version, and every other export is a function the fuzz calls", () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as {
      version: string;
    };
    expect(version()).toBe(pkg.version);
    expect(version()).toBe(version());
    // A new custom function must be added to this file's properties, not skipped silently.
    expect(Object.keys(functions).sort()).toEqual(
      [
        "segmentAssign",
        "segmentBestK",
        "segmentCentroids",
        "segmentDbscan",
        "segmentElbow",
        "segmentForecast",
        "segmentGmm",
        "segmentGmmBic",
        "segmentKdist",
        "segmentKmeans",
        "segmentMetrics",
        "segmentMigration",
        "segmentModel",
        "segmentProfile",
        "segmentRefit",
        "segmentRfm",
        "segmentSilhouette",
        "segmentSql",
        "segmentStability",
        "version",
      ].sort(),
    );
  });
});

/** 30 customers with numbers, a two-category and a three-category column, for a model to damage. */
function modelData(income: string): Range {
  const base: Range = [["Age", income, "Gender", "Region"]];
  for (let i = 0; i < 30; i++) {
    base.push([
      20 + (i % 10) * 4,
      15 + ((i * 13) % 120) + 0.5,
      i % 3 === 0 ? "Male" : "Female",
      ["North", "South", "East"][i % 3],
    ]);
  }
  return base;
}

describe("fitting on hostile input: KMEANS, CENTROIDS, MODEL and ASSIGN", () => {
  it("answers with one label per data row or a clear error, the four sharing one fit", () => {
    const fitCase = tableCase().chain((table) =>
      fc.record({
        table: fc.constant(table),
        k: countArgument(table.values.length),
        scaling: scalingArgument,
        seed: seedArgument,
        restarts: restartsArgument,
        transform: transformArgument,
      }),
    );
    fc.assert(
      fc.property(fitCase, ({ table, k, scaling, seed, restarts, transform }) => {
        const data = table.values;
        const args = [data, k, scaling, seed, restarts, transform];
        const km = twice("KMEANS", () => KMEANS(...args));
        const centroids = attempt("CENTROIDS", () => CENTROIDS(...args));
        const model = attempt("MODEL", () => MODEL(...args));
        // One fit behind the three: the same answer, or the same error.
        expect(centroids.ok).toBe(km.ok);
        expect(model.ok).toBe(km.ok);
        if (!km.ok) {
          expect(centroids).toEqual(km);
          expect(model).toEqual(km);
          return;
        }
        if (!centroids.ok || !model.ok) return;
        const kk = argumentNumber(k);
        const labels = checkLabelSpill("KMEANS", km.value, data.length, kk);

        const table2 = checkSpill("CENTROIDS", centroids.value);
        expect(table2.length).toBe(kk + 1);
        expect(table2[0].slice(0, 2)).toEqual(["Segment", "Size"]);
        table2.slice(1).forEach((row, c) => {
          expect(row[0]).toBe(c + 1);
          // Every centroid a number: a "" would be a NaN or an overflow blanked by the spill.
          for (const v of row.slice(2)) expect(typeof v).toBe("number");
          expect(row[1]).toBe(labels.filter((l) => l === c + 1).length);
        });

        const modelTable = checkSpill("MODEL", model.value);
        expect(modelTable[0][0]).toBe("Segment model");
        // SEGMENT.ASSIGN(data, SEGMENT.MODEL(data, k)) is exactly SEGMENT.KMEANS(data, k).
        const assigned = twice("ASSIGN", () => ASSIGN(data, model.value));
        expect(assigned).toEqual(km);
        // Any model MODEL makes, whatever its column names, is a query.
        const query = twice("SQL", () => SQL(model.value, "duckdb", "t", "id"));
        if (!query.ok) throw new Error(`SQL refused MODEL's own table: ${query.message}`);
        checkQuerySpill(query.value);
      }),
      runs(300),
    );
  });

  it("assigns new rows against a damaged model, or says what is wrong", () => {
    const good = segmentModel(modelData("Income") as unknown[][], 3);
    const damage = fc.array(
      fc.tuple(fc.nat({ max: good.length - 1 }), fc.nat({ max: good[0].length - 1 }), hostileCell),
      { maxLength: 3 },
    );
    const assignCase = fc.record({
      newData: tableCase({ maxRows: 8 }),
      damage,
      cut: fc.constantFrom("none", "none", "lastRow", "lastColumn", "addRow", "ragged"),
    });
    fc.assert(
      fc.property(assignCase, ({ newData, damage, cut }) => {
        let model: Cell[][] = good.map((row) => [...row]);
        for (const [r, c, cell] of damage) model[r][c] = cell;
        if (cut === "lastRow") model = model.slice(0, -1);
        if (cut === "lastColumn") model = model.map((row) => row.slice(0, -1));
        if (cut === "addRow") model = [...model, model[4]];
        if (cut === "ragged") model[5] = model[5].slice(0, 3);
        const out = twice("ASSIGN", () => ASSIGN(newData.values, model));
        if (!out.ok) return;
        checkLabelSpill("ASSIGN", out.value, newData.values.length, 3);
      }),
      runs(200),
    );
  });
});

/** SEGMENT.SQL's spill: one column of text, no line longer than a cell holds, a whole query. */
function checkQuerySpill(value: unknown): void {
  const spill = checkSpill("SQL", value);
  expect(spill[0].length).toBe(1);
  for (const [line] of spill) {
    expect(typeof line).toBe("string");
    expect((line as string).length).toBeLessThanOrEqual(32767);
  }
  expect(spill[0][0]).toBe("WITH model_input AS (");
  // k-means ends with its distances, a mixture with its probabilities.
  expect(["FROM nearest;", "FROM chosen;"]).toContain(spill[spill.length - 1][0]);
}

describe("SQL from hostile models and arguments", () => {
  it("writes a query or says which argument is wrong", () => {
    // A name with a space, $ and parentheses, which every dialect must quote; k-means and a mixture.
    const data = modelData("Annual Income (k$)") as unknown[][];
    const models = [segmentModel(data, 3), segmentModel(data, 3, null!, null!, null!, null!, "gmm")];
    const name: fc.Arbitrary<unknown> = fc.oneof(
      fc.constantFrom<unknown>(
        undefined,
        null,
        "",
        "customers",
        "sales.customers",
        " a b ",
        2024,
        true,
        NaN,
        [["x"]],
        [["x", "y"]],
      ),
      fc.string({ maxLength: 40 }),
      hostileCell,
    );
    const sqlCase = fc.record({
      good: fc.constantFrom(...models),
      damage: fc.array(fc.tuple(fc.nat({ max: 40 }), fc.nat({ max: 20 }), hostileCell), { maxLength: 2 }),
      dialect: fc.constantFrom<unknown>(
        undefined,
        null,
        "ansi",
        "DuckDB",
        " postgres ",
        "bigquery",
        "spark",
        "tsql",
        "mysql",
        3,
        "",
      ),
      table: name,
      id: name,
    });
    fc.assert(
      fc.property(sqlCase, ({ good, damage, dialect, table, id }) => {
        const model: Cell[][] = good.map((row) => [...row]);
        for (const [r, c, cell] of damage) model[r % model.length][c % model[0].length] = cell;
        const out = twice("SQL", () => SQL(model, dialect, table, id));
        if (out.ok) checkQuerySpill(out.value);
      }),
      runs(300),
    );
  });
});

describe("keeping segments on hostile input: STABILITY and REFIT", () => {
  /** runs: a few resamples (a call must stay quick), the default, or nonsense. */
  const runsArgument: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<unknown>(10, 12, "10", null) },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(9, 1001, 2.5, "many", NaN) },
  );
  const outputArgument: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
    null,
    "model",
    "moved",
    " MOVED ",
    "both",
    1,
  );

  it("scores each of KMEANS's segments in [0, 1] with a verdict, or gives a clear error", () => {
    const stabilityCase = tableCase({ maxRows: 40 }).chain((table) =>
      fc.record({
        table: fc.constant(table),
        k: countArgument(table.values.length),
        runs: runsArgument,
        scaling: scalingArgument,
        seed: seedArgument,
        transform: transformArgument,
      }),
    );
    fc.assert(
      fc.property(stabilityCase, ({ table, k, runs, scaling, seed, transform }) => {
        const data = table.values;
        const out = twice("STABILITY", () => STABILITY(data, k, runs, scaling, seed, transform));
        if (!out.ok) return;
        const km = attempt("KMEANS", () => KMEANS(data, k, scaling, seed, null, transform));
        if (!km.ok) throw new Error(`STABILITY scored a fit KMEANS refuses: ${km.message}`);
        const kk = argumentNumber(k);
        const labels = checkLabelSpill("KMEANS", km.value, data.length, kk);
        const rows = checkSpill("STABILITY", out.value);
        expect(rows[0].slice(0, 2)).toEqual(["Segment", "Size"]);
        expect(rows.length).toBe(kk + 1);
        rows.slice(1).forEach((row, c) => {
          expect(row[0]).toBe(c + 1);
          // The segments scored are KMEANS's own.
          expect(row[1]).toBe(labels.filter((l) => l === c + 1).length);
          expect(row[2]).toBeGreaterThanOrEqual(0);
          expect(row[2]).toBeLessThanOrEqual(1);
          expect(["stable", "moderately stable", "weak", "dissolving"]).toContain(row[5]);
        });
      }),
      runs(120),
    );
  });

  it("refits KMEANS's own model on its own data to the same segments, and says how far any moved", () => {
    const refitCase = tableCase({ maxRows: 40 }).chain((table) =>
      fc.record({
        table: fc.constant(table),
        k: countArgument(table.values.length),
        scaling: scalingArgument,
        output: outputArgument,
        transform: transformArgument,
      }),
    );
    fc.assert(
      fc.property(refitCase, ({ table, k, scaling, output, transform }) => {
        const data = table.values;
        const model = attempt("MODEL", () => MODEL(data, k, scaling, null, null, transform));
        if (!model.ok) return;
        const out = twice("REFIT", () => REFIT(data, model.value, output));
        if (!out.ok) return;
        const kk = argumentNumber(k);
        const rows = checkSpill("REFIT", out.value);
        if (rows[0][0] === "Segment model") {
          // The same data from the model's own centroids: the same segments, with the same numbers.
          const assigned = attempt("ASSIGN", () => ASSIGN(data, out.value));
          const km = attempt("KMEANS", () => KMEANS(data, k, scaling, null, null, transform));
          expect(assigned).toEqual(km);
        } else {
          expect(rows[0].slice(0, 3)).toEqual(["Segment", "Size before", "Size now"]);
          expect(rows.length).toBe(kk + 1);
        }
      }),
      runs(150),
    );
  });

  it("refits against a damaged model, or says what is wrong", () => {
    const base: Range = [["Age", "Income", "Gender"]];
    for (let i = 0; i < 30; i++) base.push([20 + (i % 10) * 4, 15 + ((i * 13) % 120), i % 3 ? "F" : "M"]);
    const good = segmentModel(base as unknown[][], 3);
    const damage = fc.array(
      fc.tuple(fc.nat({ max: good.length - 1 }), fc.nat({ max: good[0].length - 1 }), hostileCell),
      { maxLength: 3 },
    );
    // The model's own data, with a few hostile cells of its own.
    const dataDamage = fc.array(
      fc.tuple(fc.integer({ min: 1, max: base.length - 1 }), fc.nat({ max: 2 }), hostileCell),
      { maxLength: 2 },
    );
    fc.assert(
      fc.property(
        fc.record({ damage, dataDamage, k: fc.constantFrom<unknown>(null, 3, 4, 2, "x") }),
        ({ damage, dataDamage, k }) => {
          const model: Cell[][] = good.map((row) => [...row]);
          for (const [r, c, cell] of damage) model[r][c] = cell;
          const data: Cell[][] = base.map((row) => [...row]);
          for (const [r, c, cell] of dataDamage) data[r][c] = cell;
          const out = twice("REFIT", () => REFIT(data, model, null, k));
          if (out.ok) checkSpill("REFIT", out.value);
        },
      ),
      runs(150),
    );
  });
});

describe("RFM from hostile transactions", () => {
  /** A line: mostly readable, sometimes anything at all in any cell. */
  const customer = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<Cell>(17850, "17850.0", 12346, "C-9", "007", " 12346 ") },
    { weight: 1, arbitrary: hostileCell },
  );
  const date = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 40000, max: 40600 }) },
    {
      weight: 3,
      arbitrary: fc.constantFrom<Cell>(
        "2011-12-01",
        "2011-01-31 09:30",
        "12/31/2010",
        "31/12/2010",
        "Dec 1, 2011",
      ),
    },
    { weight: 1, arbitrary: hostileCell },
  );
  const amount = fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: -50, max: 5000, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom<Cell>("$12.50", "1,234.50", "45%") },
    { weight: 1, arbitrary: hostileCell },
  );
  const invoice = fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 536000, max: 536010 }) },
    { weight: 1, arbitrary: fc.constantFrom<Cell>("C536001", "C536002", "536003A") },
    { weight: 1, arbitrary: hostileCell },
  );
  const line = fc.tuple(customer, date, amount, invoice);
  const rfmCase = fc.record({
    lines: fc.array(line, { minLength: 1, maxLength: 40 }),
    header: fc.boolean(),
    asOf: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom<unknown>(null, 40700, "2012-01-01") },
      { weight: 2, arbitrary: fc.constantFrom<unknown>("yesterday", 1e300, [[40700]], [[1, 2]]) },
    ),
    withInvoices: fc.boolean(),
    returns: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom<unknown>(null, "exclude", "net", " NET ") },
      { weight: 1, arbitrary: fc.constantFrom<unknown>("keep", 3) },
    ),
    cut: fc.constantFrom("none", "none", "none", "none", "none", "shortAmounts", "wideDates"),
  });

  it("gives one row per customer with scores 1..5 and a named segment, or a clear error", () => {
    fc.assert(
      fc.property(rfmCase, ({ lines, header, asOf, withInvoices, returns, cut }) => {
        const column = (j: number, name: string): Cell[][] => [
          ...(header ? [[name]] : []),
          ...lines.map((l) => [l[j]]),
        ];
        const ids = column(0, "CustomerID");
        const dates =
          cut === "wideDates" ? column(1, "InvoiceDate").map((r) => [r[0], 1]) : column(1, "InvoiceDate");
        const amounts = cut === "shortAmounts" ? column(2, "Amount").slice(1) : column(2, "Amount");
        const invoices = withInvoices ? column(3, "InvoiceNo") : null;
        const out = twice("RFM", () => RFM(ids, dates, amounts, asOf, invoices, returns));
        if (cut !== "none") {
          expect(out.ok).toBe(false);
          return;
        }
        if (!out.ok) return;
        const rows = checkSpill("RFM", out.value);
        expect(rows[0]).toEqual([
          "Customer",
          "Recency (days)",
          "Frequency",
          "Monetary",
          "R",
          "F",
          "M",
          "RFM",
          "RFM segment",
          "Notes",
        ]);
        const customers = rows.slice(1).filter((row) => row[0] !== "");
        expect(customers.length).toBeGreaterThan(0);
        expect(customers.length).toBeLessThanOrEqual(lines.length);
        expect(new Set(customers.map((row) => String(row[0]))).size).toBe(customers.length);
        for (const row of customers) {
          expect(row[1]).toBeGreaterThanOrEqual(0);
          expect(row[2]).toBeGreaterThanOrEqual(1);
          for (const score of row.slice(4, 7)) expect([1, 2, 3, 4, 5]).toContain(score);
          expect(row[7]).toBe(100 * (row[4] as number) + 10 * (row[5] as number) + (row[6] as number));
          expect(SEGMENT_NAMES).toContain(row[8]);
        }
      }),
      runs(300),
    );
  });
});

describe("migration between hostile segmentations: MIGRATION and FORECAST", () => {
  const label = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom<Cell>(1, 2, 3, 4, 0, "") },
    { weight: 1, arbitrary: hostileCell },
  );
  /** Customers numbered from `offset`, written as numbers or text ("12.0", " 12 "), one sometimes hostile. */
  const side = fc
    .record({
      labels: fc.array(label, { minLength: 1, maxLength: 12 }),
      offset: fc.nat({ max: 6 }),
      spelling: fc.constantFrom<(n: number) => Cell>(
        (n) => n,
        (n) => `${n}.0`,
        (n) => ` ${n} `,
        (n) => `C${n}`,
      ),
      damage: fc.option(fc.tuple(fc.nat({ max: 11 }), hostileCell), { freq: 4 }),
    })
    .map(({ labels, offset, spelling, damage }) => {
      const ids = labels.map((_, i) => spelling(offset + i + 1));
      if (damage && damage[0] < ids.length) ids[damage[0]] = damage[1];
      return labels.map((l, i): [Cell, Cell] => [l, ids[i]]);
    });
  const migrationCase = fc.record({
    before: side,
    after: side,
    header: fc.boolean(),
    ids: fc.constantFrom("both", "both", "both", "none", "none", "none", "one"),
    steps: fc.constantFrom<unknown>(null, 1, 3, 12, 0, 121, 2.5, "x"),
  });

  it("counts matched customers into a square table with totals, and forecasts from it, or says what is wrong", () => {
    fc.assert(
      fc.property(migrationCase, ({ before, after: drawn, header, ids, steps }) => {
        // Matched by position, the two sides are mostly the same customers, row for row.
        const after =
          ids === "none" && drawn.length % 4 !== 0
            ? before.map((row, i): [Cell, Cell] => [drawn[i % drawn.length][0], row[1]])
            : drawn;
        const column = (rows: [Cell, Cell][], j: 0 | 1, name: string): Cell[][] => [
          ...(header ? [[name]] : []),
          ...rows.map((r) => [r[j]]),
        ];
        const args = [
          column(before, 0, "Segment"),
          column(after, 0, "Segment"),
          ids === "none" ? null : column(before, 1, "ID"),
          ids === "both" ? column(after, 1, "ID") : null,
        ];
        const out = twice("MIGRATION", () => MIGRATION(...args));
        if (ids === "one") {
          expect(out.ok).toBe(false);
          return;
        }
        if (!out.ok) return;
        const rows = checkSpill("MIGRATION", out.value);
        expect(rows[0][0]).toBe("Before \\ After");
        const totalRow = rows.findIndex((row) => row[0] === "Total");
        const width = rows[0].indexOf("Total");
        // Every count a whole number (none where New meets Gone: no customer is both), each row's
        // total its sum, the grand total every row's.
        for (const row of rows.slice(1, totalRow + 1)) {
          const counts = row
            .slice(1, width)
            .map((n, j) => (row[0] === "New" && rows[0][j + 1] === "Gone" && n === "" ? 0 : n)) as number[];
          for (const n of counts) expect(Number.isInteger(n) && n >= 0).toBe(true);
          expect(row[width]).toBe(counts.reduce((a, b) => a + b, 0));
        }
        const grand = rows[totalRow][width] as number;
        expect(grand).toBe(rows.slice(1, totalRow).reduce((n, row) => n + (row[width] as number), 0));
        const forecast = twice("FORECAST", () => FORECAST(out.value, steps));
        if (!forecast.ok) return;
        const table = checkSpill("FORECAST", forecast.value);
        expect(table[0].slice(0, 2)).toEqual(["Segment", "Now"]);
      }),
      runs(300),
    );
  });
});

describe("density on hostile input: DBSCAN and KDIST", () => {
  /** eps: mostly a radius that finds something in scaled data, sometimes nonsense. */
  const epsArgument: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: 0.05, max: 3, noNaN: true }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<unknown>(0, -1, NaN, Infinity, 1e300, 1e-300, "0.5", "wide", null, "", [
        [0.4],
      ]),
    },
  );

  it("answers with a label per data row (0 for noise) or a clear error; KDIST's curve is sorted with one suggestion", () => {
    const densityCase = tableCase().chain((table) =>
      fc.record({
        table: fc.constant(table),
        eps: epsArgument,
        minPoints: countArgument(table.values.length),
        scaling: scalingArgument,
        transform: transformArgument,
      }),
    );
    fc.assert(
      fc.property(densityCase, ({ table, eps, minPoints, scaling, transform }) => {
        const data = table.values;
        const labels = twice("DBSCAN", () => DBSCAN(data, eps, minPoints, scaling, transform));
        if (labels.ok) {
          const spill = checkSpill("DBSCAN", labels.value);
          expect([spill.length, spill[0].length]).toEqual([data.length, 1]);
          const body = spill.filter(
            (row, i) => !(i === 0 && typeof row[0] === "string" && row[0].startsWith("Segment")),
          );
          for (const [cell] of body) {
            const fine = cell === "" || (typeof cell === "number" && Number.isInteger(cell) && cell >= 0);
            if (!fine) throw new Error(`DBSCAN: a label ${String(cell)}`);
          }
        }
        const curve = twice("KDIST", () => KDIST(data, minPoints, scaling, transform));
        if (!curve.ok) return;
        const rows = checkSpill("KDIST", curve.value).slice(1);
        const distances = rows.map((row) => row[1] as number);
        for (let i = 1; i < distances.length; i++)
          expect(distances[i]).toBeGreaterThanOrEqual(distances[i - 1]);
        expect(rows.filter((row) => row[2] !== "")).toHaveLength(1);
      }),
      runs(150),
    );
  });
});

describe("mixtures on hostile input: GMM and GMMBIC", () => {
  const covarianceArgument: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
    null,
    "full",
    "diag",
    "spherical",
    "tied",
    " TIED ",
    "round",
    3,
  );

  it("answers with a segment and a probability per data row, or a BIC table, or a clear error", () => {
    const mixtureCase = tableCase({ maxRows: 30 }).chain((table) =>
      fc.record({
        table: fc.constant(table),
        k: countArgument(table.values.length),
        covariance: covarianceArgument,
        scaling: scalingArgument,
        seed: seedArgument,
        restarts: fc.constantFrom<unknown>(null, 1, 2, 0, "x"),
        transform: transformArgument,
      }),
    );
    fc.assert(
      fc.property(mixtureCase, ({ table, k, covariance, scaling, seed, restarts, transform }) => {
        const data = table.values;
        const out = twice("GMM", () => GMM(data, k, covariance, scaling, seed, restarts, transform));
        if (out.ok) {
          const spill = checkSpill("GMM", out.value);
          expect([spill.length, spill[0].length]).toEqual([data.length, 2]);
          for (const [i, [segment, p]] of spill.entries()) {
            if (i === 0 && segment === "Segment") continue;
            if (segment === "") expect(p).toBe("");
            else {
              expect(Number.isInteger(segment) && (segment as number) >= 1).toBe(true);
              expect(p as number).toBeGreaterThan(0);
              expect(p as number).toBeLessThanOrEqual(1);
            }
          }
        }
        const bic = twice("GMMBIC", () => GMMBIC(data, null, k, covariance, scaling, transform));
        if (!bic.ok) return;
        const rows = checkSpill("GMMBIC", bic.value).slice(1);
        expect(rows.filter((row) => row[5] !== "")).toHaveLength(1);
      }),
      runs(60),
    );
  });
});

describe("choosing k on hostile input: ELBOW and BESTK", () => {
  it("answers with a sweep table and a k that agree, or a clear error", () => {
    const sweepCase = tableCase().chain((table) =>
      fc.record({
        table: fc.constant(table),
        kmin: fc.oneof(
          { weight: 2, arbitrary: fc.constantFrom<unknown>(null, undefined) },
          { weight: 1, arbitrary: countArgument(table.values.length) },
        ),
        kmax: fc.oneof(
          { weight: 2, arbitrary: fc.constantFrom<unknown>(null, undefined) },
          { weight: 1, arbitrary: countArgument(table.values.length) },
        ),
        method: methodArgument,
        scaling: scalingArgument,
        seed: seedArgument,
        transform: transformArgument,
      }),
    );
    fc.assert(
      fc.property(sweepCase, ({ table, kmin, kmax, method, scaling, seed, transform }) => {
        const data = table.values;
        const elbow = twice("ELBOW", () => ELBOW(data, kmin, kmax, scaling, seed, transform));
        const best = twice("BESTK", () => BESTK(data, kmin, kmax, method, scaling, seed, transform));
        if (VALID_METHOD(method)) {
          // One sweep behind both: the same error, or a k the table holds.
          expect(best.ok).toBe(elbow.ok);
          if (!elbow.ok) expect(best).toEqual(elbow);
        }
        if (!elbow.ok) return;
        const spill = checkSpill("ELBOW", elbow.value);
        expect(spill[0]).toHaveLength(7);
        expect(spill[0][0]).toBe("k");
        const points = spill.slice(1);
        expect(points.length).toBeGreaterThan(0);
        const ks = points.map((row) => row[0]);
        ks.forEach((k, i) => expect(k).toBe((ks[0] as number) + i));
        for (const [k, inertia, silhouette, ch, db, smallest] of points) {
          expect(typeof inertia).toBe("number");
          expect(inertia).toBeGreaterThanOrEqual(0);
          // Only k = 1 has no scores: a blank elsewhere is a NaN or an overflow the spill hid.
          if (k === 1) {
            expect([silhouette, ch, db]).toEqual(["", "", ""]);
            continue;
          }
          expect(silhouette).toBeGreaterThanOrEqual(-1);
          expect(silhouette).toBeLessThanOrEqual(1);
          expect(ch).toBeGreaterThanOrEqual(0);
          expect(db).toBeGreaterThanOrEqual(0);
          expect(smallest).toBeGreaterThan(0);
          expect(smallest).toBeLessThanOrEqual(1);
        }
        const marked = points.filter((row) => String(row[6]).startsWith("◀ recommended:"));
        expect(marked).toHaveLength(1);
        if (best.ok) {
          expect(ks).toContain(best.value);
          if (AUTO_METHOD(method)) expect(best.value).toBe(marked[0][0]);
        }
      }),
      runs(200),
    );
  });
});

describe("judging labels on hostile input: SILHOUETTE, METRICS and PROFILE", () => {
  it("scores or profiles any labels against any data, or says what does not line up", () => {
    // Labels as KMEANS spills them (most cases), segment numbers with a header cell when the data
    // has a header, or anything at all: wrong lengths, a row, a block, text, errors, huge numbers.
    const labelColumn = (table: TableCase): fc.Arbitrary<{ source: string; cells: unknown[][] }> => {
      const n = table.values.length;
      const lined = (xs: unknown[]) => xs.map((x, i) => [i === 0 && table.header ? "Segment" : x]);
      return fc.oneof(
        {
          weight: 4,
          arbitrary: fc
            .integer({ min: 1, max: 4 })
            .map((k) => ({ source: `kmeans:${k}`, cells: [] as unknown[][] })),
        },
        {
          weight: 3,
          arbitrary: fc
            .array(fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant("")), { minLength: n, maxLength: n })
            .map((xs) => ({ source: "numbers", cells: lined(xs) })),
        },
        {
          weight: 1,
          arbitrary: fc
            .array(hostileCell, { minLength: n, maxLength: n })
            .map((xs) => ({ source: "hostile", cells: xs.map((x) => [x]) })),
        },
        {
          weight: 1,
          arbitrary: fc
            .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: n + 2 })
            .map((xs) => ({ source: "length", cells: xs.map((x) => [x]) })),
        },
        {
          weight: 1,
          arbitrary: fc
            .array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n })
            .map((xs) => ({ source: "row", cells: [xs] })),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom<{ source: string; cells: unknown[][] }>(
            { source: "scalar", cells: [[2]] },
            {
              source: "block",
              cells: [
                [1, 2],
                [2, 1],
              ],
            },
            { source: "huge", cells: [[1e9]] },
          ),
        },
      );
    };
    const labelCase = tableCase().chain((table) =>
      fc.record({
        table: fc.constant(table),
        labels: labelColumn(table),
        scaling: scalingArgument,
        transform: transformArgument,
      }),
    );
    fc.assert(
      fc.property(labelCase, ({ table, labels, scaling, transform }) => {
        const data = table.values;
        let cells = labels.cells;
        if (labels.source.startsWith("kmeans:")) {
          const k = Number(labels.source.split(":")[1]);
          const fit = attempt("KMEANS", () => KMEANS(data, k));
          cells = fit.ok
            ? (fit.value as unknown[][])
            : data.map((_, i) => [i === 0 && table.header ? "Segment" : 1 + (i % k)]);
        }
        const silhouette = twice("SILHOUETTE", () => SILHOUETTE(data, cells, scaling, transform));
        const metrics = twice("METRICS", () => METRICS(data, cells, scaling, transform));
        const profile = twice("PROFILE", () => PROFILE(data, cells, scaling, transform));
        if (silhouette.ok) {
          expect(typeof silhouette.value).toBe("number");
          expect(Number.isFinite(silhouette.value)).toBe(true);
          expect(silhouette.value).toBeGreaterThanOrEqual(-1);
          expect(silhouette.value).toBeLessThanOrEqual(1);
        }
        // Both read the labels the same way: a refusal of the labels is the same refusal.
        if (!metrics.ok) expect(silhouette).toEqual(metrics);
        if (metrics.ok) {
          const spill = checkSpill("METRICS", metrics.value);
          expect(spill.map((row) => row[0])).toEqual([
            "Metric",
            "Inertia",
            expect.stringMatching(/^Silhouette/),
            "Calinski-Harabasz",
            "Davies-Bouldin",
          ]);
          // Every score a number: labels reach METRICS only with two segments or more.
          for (const [, value] of spill.slice(1)) expect(typeof value).toBe("number");
          expect(spill[1][1]).toBeGreaterThanOrEqual(0);
          if (silhouette.ok) expect(spill[2][1]).toBe(silhouette.value);
        }
        if (profile.ok) {
          const spill = checkSpill("PROFILE", profile.value);
          expect(spill.length).toBeGreaterThanOrEqual(2);
        }
      }),
      runs(300),
    );
  });
});

describe("the arguments the brief names, one by one", () => {
  // A small table every k below is tried on: 6 customers, two clear groups.
  const data: Range = [
    ["Age", "Spend"],
    [21, 80],
    [23, 75],
    [25, 82],
    [61, 15],
    [64, 12],
    [66, 19],
  ];
  const n = data.length - 1;
  it.each<[string, unknown, boolean]>([
    ["0", 0, false],
    ["1", 1, true],
    ["n", n, true],
    ["n + 1", n + 1, false],
    ["2.5", 2.5, false],
    ["-1", -1, false],
    ["NaN", NaN, false],
    ["Infinity", Infinity, false],
    ['"abc"', "abc", false],
    ['"2" (text)', "2", true],
    ["a range", [[1, 2]], false],
    ["left out", null, false],
  ])("k = %s", (_, k, fits) => {
    for (const [name, fn] of [
      ["KMEANS", KMEANS],
      ["CENTROIDS", CENTROIDS],
      ["MODEL", MODEL],
    ] as const) {
      const out = twice(name, () => fn(data, k));
      expect(out.ok).toBe(fits);
      if (!out.ok) {
        expect(out.code).toBe(ErrorCode.invalidValue);
        expect(out.message).toMatch(/^k /);
      }
    }
    const kmax = twice("ELBOW", () => ELBOW(data, 2, k));
    if (!kmax.ok) expect(kmax.message).toMatch(/kmax|k = /);
  });

  it("reads text numbers, names an error cell's column and row, and leaves a totals row out", () => {
    const messy: Range = [
      ["Region", "Income", "Share"],
      ["North", "1,234.50", "45%"],
      ["South", "$12", "5%"],
      ["North", "$1,100.00", "40%"],
      ["South", "$15", "6%"],
      ["North", "1,300", "50%"],
      ["South", "$11", "4%"],
    ];
    const out = attempt("KMEANS", () => KMEANS(messy, 2));
    if (!out.ok) throw new Error(out.message);
    const labels = checkLabelSpill("KMEANS", out.value, messy.length, 2);
    expect(labels.slice(1).every((l) => l === 1 || l === 2)).toBe(true);
    // An error value among numbers is a cell to fix, not a missing value: #VALUE! saying where.
    const broken = messy.map((row) => [...row]);
    broken[4][2] = "#N/A";
    broken[6][2] = "#DIV/0!";
    expect(attempt("KMEANS", () => KMEANS(broken, 2))).toEqual({
      ok: false,
      code: ErrorCode.invalidValue,
      message: 'Share, row 5: "#N/A" is not a number (2 such cells).',
    });
    // Column sums with the first cell empty, or reading "Total": not a customer either way.
    const sums: Range = [
      ["Region", "Spend", "Visits"],
      ["North", 10, 1.5],
      ["South", 20, 2.5],
      ["North", 31, 3.25],
      ["South", 44, 4.75],
      ["", 105, 12],
    ];
    const withTotal: Range = [...sums.slice(0, -1), ["Total", 105, 12]];
    for (const table of [sums, withTotal]) {
      const fit = attempt("KMEANS", () => KMEANS(table, 2));
      if (!fit.ok) throw new Error(fit.message);
      expect(checkLabelSpill("KMEANS", fit.value, table.length, 2).at(-1)).toBe("");
    }
  });
});

describe("regressions the fuzzing found", () => {
  const TOO_LARGE =
    "is too large a number to segment by (at most 1e100 in size). Fix that cell, or leave the column out of the range.";

  // Found: numbers near the double's limit (1e300, 1.8e308 from a broken formula) overflowed the
  // variances and squared distances to Infinity. ELBOW showed blank Inertia and scores and a reason
  // citing "the highest silhouette (NaN)", METRICS blank values, CENTROIDS blank centroids, KMEANS
  // labels at random, and minmax said "too few different rows". Now such a cell is #VALUE! naming it.
  it("a number beyond 1e100 is refused naming its column and row, in every function", () => {
    const counterexample: Range = [["Income"], [-3.955030465462478e-68], [1e300], [-Number.MAX_VALUE], [0]];
    expect(attempt("ELBOW", () => ELBOW(counterexample))).toEqual({
      ok: false,
      code: ErrorCode.invalidValue,
      message: `Income, row 3: 1e+300 ${TOO_LARGE}`,
    });
    const noHeader: Range = [
      [1.7e308, 1],
      [-1.7e308, 2],
      [1e300, 3],
      [5, 4],
      [6, 5],
    ];
    for (const scaling of ["zscore", "minmax", "robust", "none"]) {
      expect(attempt("KMEANS", () => KMEANS(noHeader, 2, scaling))).toMatchObject({
        ok: false,
        message: `Column 1, row 1: 1.7e+308 ${TOO_LARGE}`,
      });
    }
    const labelled: Range = [["Age"], [1], [1e-300], [1], [1e-300], [Number.MAX_VALUE]];
    const labels = [["Segment"], [1], [1], [2], [2], [1]];
    for (const [name, fn] of [
      ["METRICS", METRICS],
      ["SILHOUETTE", SILHOUETTE],
      ["PROFILE", PROFILE],
    ] as const) {
      expect(attempt(name, () => fn(labelled, labels))).toMatchObject({
        ok: false,
        message: `Age, row 6: 1.7976931348623157e+308 ${TOO_LARGE}`,
      });
    }
    // New rows too: ASSIGN names the cell of new_data.
    const model = segmentModel(
      [
        ["Age", "Spend"],
        [20, 1],
        [30, 5],
        [40, 2],
        [50, 8],
      ] as unknown[][],
      2,
    );
    expect(
      attempt("ASSIGN", () =>
        ASSIGN(
          [
            ["Spend", "Age"],
            [3, 25],
            [4e120, 33],
          ],
          model,
        ),
      ),
    ).toMatchObject({
      ok: false,
      message: `Spend, row 3: 4e+120 ${TOO_LARGE}`,
    });
    // Large numbers within the bound still segment, under every scaling.
    const large: Range = [
      [1e99, 1],
      [-1e99, 2],
      [3e99, 3],
      [5, 4],
      [6, 5],
    ];
    for (const scaling of ["zscore", "minmax", "robust", "none"]) {
      const fit = attempt("KMEANS", () => KMEANS(large, 2, scaling));
      if (!fit.ok) throw new Error(fit.message);
      checkLabelSpill("KMEANS", fit.value, large.length, 2);
      const scores = attempt("METRICS", () => METRICS(large, fit.value, scaling));
      if (!scores.ok) throw new Error(scores.message);
      for (const [, value] of checkSpill("METRICS", scores.value).slice(1))
        expect(typeof value).toBe("number");
    }
  });

  // Found: ASSIGN(data, MODEL(data, k)) headed its column "Segment (none for 1 row: Age (3) "Female"
  // is not in the model)" where KMEANS says "Segment": Female stood only in a row left out for its
  // missing values, so the model's two-category feature never saw it, and ASSIGN blamed it for a row
  // that had no segment anyway. The documented equality with KMEANS holds again.
  it("ASSIGN on the model's own data equals KMEANS when a category stood only in dropped rows", () => {
    const counterexample: Range = [
      ["Age", "Age", "Age"],
      [0, 1, "Other"],
      [null, null, null],
      [null, null, null],
      [null, null, null],
      [null, null, "Female"],
      [0, 1, "Male"],
      [null, null, null],
    ];
    const km = attempt("KMEANS", () => KMEANS(counterexample, 1));
    const model = attempt("MODEL", () => MODEL(counterexample, 1));
    if (!km.ok || !model.ok) throw new Error("the fit should succeed");
    expect((km.value as unknown[][])[0]).toEqual(["Segment"]);
    expect(attempt("ASSIGN", () => ASSIGN(counterexample, model.value))).toEqual(km);
    // A usable row with the unseen value is still named in the header.
    const newRows: Range = [
      ["Age", "Age (2)", "Age (3)"],
      [0, 1, "Female"],
      [0, 1, "Male"],
    ];
    expect(attempt("ASSIGN", () => ASSIGN(newRows, model.value))).toEqual({
      ok: true,
      value: [['Segment (none for 1 row: Age (3) "Female" is not in the model)'], [""], [1]],
    });
  });

  // Found: data with fewer different rows than the default kmax (answers on a 1-to-3 scale: 3
  // different rows among 200) made ELBOW, BESTK and the pane's sweep refuse with "too few different
  // rows for k = 4: try a smaller k", a k nobody asked for. The sweep now stops below that k.
  it("a sweep over data with few different rows stops at the k it can fit", () => {
    const answers: Range = [["Q1", "Q2"]];
    for (let i = 0; i < 200; i++) answers.push([1 + (i % 3), 3 - (i % 3)]);
    const elbow = attempt("ELBOW", () => ELBOW(answers));
    if (!elbow.ok) throw new Error(elbow.message);
    const table = checkSpill("ELBOW", elbow.value);
    expect(table.slice(1).map((row) => row[0])).toEqual([2, 3]);
    expect(attempt("BESTK", () => BESTK(answers))).toEqual({ ok: true, value: 3 });
    // A k asked for outright still says why it cannot be.
    expect(attempt("KMEANS", () => KMEANS(answers, 4))).toMatchObject({
      ok: false,
      message: "The data has too few different rows for k = 4: try a smaller k.",
    });
  });
});

describe("a sweep that ends early", () => {
  it("says larger k are not possible rather than suggesting a larger kmax", () => {
    const answers: Range = [["Q1", "Q2"]];
    for (let i = 0; i < 200; i++) answers.push([1 + (i % 4), 4 - (i % 4)]);
    const elbow = attempt("ELBOW", () => ELBOW(answers));
    if (!elbow.ok) throw new Error(elbow.message);
    const table = checkSpill("ELBOW", elbow.value);
    expect(table.slice(1).map((row) => row[0])).toEqual([2, 3, 4]);
    const text = table.flat().join(" ");
    expect(text).toMatch(/Larger k are not possible: the rows have too few different values\./);
    expect(text).not.toMatch(/try a larger kmax/);
  });
});

describe("huge input", () => {
  /** Budget for a refusal of a full sheet: "a couple of seconds". */
  const HUGE_BUDGET_MS = 2500;
  /**
   * Budget for an answer on a sheet's full width: warm, each takes 0.1 to 0.5 s; the first fit of so
   * wide a matrix in a process takes up to 2 s more while V8 compiles, on a loaded 2-core machine.
   */
  const WIDE_BUDGET_MS = 5000;

  beforeAll(() => {
    // The WebAssembly kernels are assembled on the first fit in a process: not the wide case's cost.
    segmentElbow(
      [
        [1, 2],
        [3, 4],
        [5, 7],
        [1, 1],
      ] as unknown[][],
      2,
      2,
    );
  });

  /** A sheet's full width, 16,384 columns, over four rows in two groups: numbers or yes/no text. */
  function wideSheet(kind: "numbers" | "text"): Cell[][] {
    const d = SHEET_COLUMNS;
    const wide: Cell[][] = [Array.from({ length: d }, (_, j) => `x${j + 1}`)];
    for (let i = 0; i < 4; i++) {
      wide.push(
        Array.from({ length: d }, (_, j) =>
          kind === "text"
            ? (i + j) % 2 === 0
              ? "yes"
              : "no"
            : // Fractions, so that no column looks like an identifier.
              (i < 2 ? 0 : 10) + (((i + 1) * (j + 7) * 0.618034) % 1),
        ),
      );
    }
    return wide;
  }

  // Found by this file: ELBOW, BESTK and PROFILE took 16 to 18 s here (featureSeparation searched
  // every model column for every feature), ASSIGN and PROFILE 2 to 4 s more (columns looked up by
  // name one search each), and CENTROIDS and PROFILE spilled 16,386 and 49,157 columns, wider than
  // any sheet. Now each answers within the budget, and the two tables are refused with a message.
  it.each(["numbers", "text"] as const)(
    "16,384 columns of %s: each function answers within seconds, in a sheet's bounds",
    (kind) => {
      const wide = wideSheet(kind);
      const labels = wide.map((_, i) => [i === 0 ? "Segment" : i <= 2 ? 1 : 2]);
      const fits: [string, () => unknown][] = [
        ["KMEANS", () => KMEANS(wide, 2)],
        ["ELBOW", () => ELBOW(wide, 2, 2)],
        ["BESTK", () => BESTK(wide, 2, 2)],
        ["SILHOUETTE", () => SILHOUETTE(wide, labels)],
        ["METRICS", () => METRICS(wide, labels)],
      ];
      for (const [name, call] of fits) {
        const out = attempt(name, call, WIDE_BUDGET_MS);
        if (!out.ok) throw new Error(`${name}: ${out.message}`);
        if (typeof out.value !== "number") checkSpill(name, out.value);
      }
      for (const [name, call, columns] of [
        ["CENTROIDS", () => CENTROIDS(wide, 2), "16,386"],
        ["PROFILE", () => PROFILE(wide, labels), kind === "numbers" ? "49,157" : "65,541"],
      ] as const) {
        expect(attempt(name, call, WIDE_BUDGET_MS)).toEqual({
          ok: false,
          code: ErrorCode.invalidValue,
          message: `The result would be ${columns} columns wide, more than the 16,384 columns of a sheet: use fewer columns in data.`,
        });
      }
      const model = attempt("MODEL", () => MODEL(wide, 2), WIDE_BUDGET_MS);
      if (!model.ok) throw new Error(model.message);
      expect(checkSpill("MODEL", model.value)).toHaveLength(5 + SHEET_COLUMNS);
      const assigned = attempt("ASSIGN", () => ASSIGN(wide, model.value), WIDE_BUDGET_MS);
      expect(assigned).toEqual(attempt("KMEANS", () => KMEANS(wide, 2), WIDE_BUDGET_MS));
      // A query over 16,384 features: long lines stay within a cell, each feature on lines of its own.
      const query = attempt("SQL", () => SQL(model.value, "duckdb"), WIDE_BUDGET_MS);
      if (!query.ok) throw new Error(query.message);
      checkQuerySpill(query.value);
    },
  );

  describe("a full sheet, 1,048,575 rows under a header, is refused quickly for its size", () => {
    const FULL_ROWS = 1_048_575;
    // Built once and cheaply: three row arrays shared by every row (Excel would pass about 25 MB).
    const patterns: Cell[][] = [
      [23, 1234.5678, "Male"],
      [45, 98765.4321, "Female"],
      [67, 555.55, "Female"],
    ];
    const full: Cell[][] = new Array<Cell[]>(FULL_ROWS + 1);
    full[0] = ["Age", "Income", "Gender"];
    for (let i = 1; i <= FULL_ROWS; i++) full[i] = patterns[i % 3];
    const labelRows = [[1], [2], [3]];
    const fullLabels: Cell[][] = new Array<Cell[]>(FULL_ROWS + 1);
    fullLabels[0] = ["Segment"];
    for (let i = 1; i <= FULL_ROWS; i++) fullLabels[i] = labelRows[i % 3];
    const small: Cell[][] = [["Age", "Income", "Gender"], ...patterns, ...patterns];
    const smallModel = segmentModel(small as unknown[][], 2);
    const PAYLOAD = /is about \d+\.\d MB, more than the 5 MB Excel passes to a custom function\. .*task pane/;

    it.each<[string, string, () => unknown]>([
      ["KMEANS", "data", () => KMEANS(full, 3)],
      ["CENTROIDS", "data", () => CENTROIDS(full, 3)],
      ["MODEL", "data", () => MODEL(full, 3)],
      ["ELBOW", "data", () => ELBOW(full)],
      ["BESTK", "data", () => BESTK(full)],
      ["SILHOUETTE", "data", () => SILHOUETTE(full, fullLabels)],
      ["METRICS", "data", () => METRICS(full, fullLabels)],
      ["PROFILE", "data", () => PROFILE(full, fullLabels)],
      ["ASSIGN", "new_data", () => ASSIGN(full, smallModel)],
      ["ASSIGN", "model", () => ASSIGN(small, full)],
    ])("%s refuses its %s argument", (name, argument, call) => {
      const out = attempt(name, call, HUGE_BUDGET_MS);
      expect(out).toEqual({
        ok: false,
        code: ErrorCode.invalidValue,
        message: expect.stringMatching(new RegExp(`^${argument} ${PAYLOAD.source}`)),
      });
    });

    it("labels of a full sheet beside small data do not line up (#N/A), quickly", () => {
      const out = attempt("METRICS", () => METRICS(small, fullLabels), HUGE_BUDGET_MS);
      expect(out).toMatchObject({ ok: false, code: ErrorCode.notAvailable });
    });
  });
});
