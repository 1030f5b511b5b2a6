/**
 * The SEGMENT functions as Excel's runtime meets them: the BUILT dist/functions.json and
 * dist/functions.js (run `npm run build` first), loaded with a stub CustomFunctions runtime, each
 * function called by its metadata name with arguments shaped as Excel passes them: ranges as 2-D
 * arrays with "" for empty cells, and every optional argument left out as null.
 */
import { readFileSync } from "fs";
import path from "path";
import {
  ErrorCode,
  FunctionMetadata,
  LoadedFunctions,
  StubCustomFunctionsError,
  loadFunctions,
} from "../helpers/load-functions";
import { loadRange, openDatabase, runScoring } from "../helpers/sql";

type Cells = (number | string)[][];

const IDS = [
  "KMEANS",
  "CENTROIDS",
  "SILHOUETTE",
  "ELBOW",
  "BESTK",
  "PROFILE",
  "METRICS",
  "MODEL",
  "ASSIGN",
  "DBSCAN",
  "KDIST",
  "GMM",
  "GMMBIC",
  "STABILITY",
  "REFIT",
  "RFM",
  "MIGRATION",
  "FORECAST",
  "SQL",
];

/** test/fixtures/mall-customers.csv: Age, Annual Income (k$), Spending Score (1-100); header + 200 rows. */
const mall: Cells = readFileSync(path.resolve(__dirname, "..", "fixtures", "mall-customers.csv"), "utf8")
  .trim()
  .split(/\r?\n/)
  .map((line, i) => line.split(",").map((v) => (i === 0 ? v : Number(v))));

let loaded: LoadedFunctions;
let byName: Map<string, FunctionMetadata>;

beforeAll(() => {
  loaded = loadFunctions();
  byName = new Map(loaded.metadata.functions.map((fn) => [fn.name, fn]));
});

/**
 * Calls a function by its metadata name the way Excel does: the arguments given, then null for every
 * optional parameter left out. Returns the result, or the CustomFunctions.Error it threw.
 */
function excel(name: string, ...args: unknown[]): unknown {
  const meta = byName.get(name);
  if (!meta) throw new Error(`functions.json has no function named ${name}`);
  const params = meta.parameters ?? [];
  const required = params.filter((p) => !p.optional).length;
  if (args.length < required || args.length > params.length) {
    throw new Error(`${name} takes ${required} to ${params.length} arguments, not ${args.length}`);
  }
  const full = [...args, ...new Array(params.length - args.length).fill(null)];
  try {
    return loaded.call(meta.id, ...full);
  } catch (error) {
    if (error instanceof StubCustomFunctionsError) return error;
    throw new Error(`${name} threw something other than a CustomFunctions.Error: ${String(error)}`);
  }
}

function expectSpill(value: unknown, rows: number, columns: number): (number | string | boolean)[][] {
  if (value instanceof StubCustomFunctionsError)
    throw new Error(`unexpected ${value.code}: ${value.message}`);
  expect(Array.isArray(value)).toBe(true);
  const spill = value as unknown[][];
  expect([spill.length, ...new Set(spill.map((row) => row.length))]).toEqual([rows, columns]);
  for (const cell of spill.flat()) {
    expect(["number", "string", "boolean"]).toContain(typeof cell);
    if (typeof cell === "number") expect(Number.isFinite(cell)).toBe(true);
  }
  return spill as (number | string | boolean)[][];
}

function expectError(value: unknown, code: string, message?: RegExp): void {
  expect(value).toBeInstanceOf(StubCustomFunctionsError);
  const error = value as StubCustomFunctionsError;
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(10);
  if (message) expect(error.message).toMatch(message);
}

describe("dist/functions.json", () => {
  test("declares the SEGMENT functions (and VERSION)", () => {
    expect(loaded.metadata.functions.map((fn) => fn.id).sort()).toEqual([...IDS, "VERSION"].sort());
    for (const fn of loaded.metadata.functions) expect(fn.name).toBe(fn.id);
  });

  test("gives every function and every parameter a description", () => {
    for (const fn of loaded.metadata.functions) {
      expect({ id: fn.id, description: (fn.description ?? "").length > 20 }).toEqual({
        id: fn.id,
        description: true,
      });
      for (const p of fn.parameters ?? []) {
        expect({
          id: fn.id,
          param: p.name,
          described: (p as { description?: string }).description !== undefined,
        }).toEqual({
          id: fn.id,
          param: p.name,
          described: true,
        });
        expect((p as { description?: string }).description?.length ?? 0).toBeGreaterThan(10);
      }
    }
  });

  test("keeps the public argument order, with ranges typed any (so empty cells are not 0)", () => {
    const signature = (id: string) =>
      (loaded.metadata.functions.find((fn) => fn.id === id)?.parameters ?? []).map(
        (p) =>
          `${p.name}${p.optional ? "?" : ""}:${p.type ?? "any"}${p.dimensionality === "matrix" ? "[][]" : ""}`,
      );
    const fit = [
      "data:any[][]",
      "k:number",
      "scaling?:string",
      "seed?:number",
      "restarts?:number",
      "transform?:string",
    ];
    expect(signature("KMEANS")).toEqual(fit);
    expect(signature("CENTROIDS")).toEqual(fit);
    // A new argument goes last, so every existing formula keeps its meaning.
    expect(signature("MODEL")).toEqual([...fit, "algorithm?:string"]);
    const scored = ["data:any[][]", "labels:any[][]", "scaling?:string", "transform?:string"];
    expect(signature("SILHOUETTE")).toEqual(scored);
    expect(signature("METRICS")).toEqual(scored);
    expect(signature("PROFILE")).toEqual(scored);
    expect(signature("ELBOW")).toEqual([
      "data:any[][]",
      "kmin?:number",
      "kmax?:number",
      "scaling?:string",
      "seed?:number",
      "transform?:string",
    ]);
    expect(signature("BESTK")).toEqual([
      "data:any[][]",
      "kmin?:number",
      "kmax?:number",
      "method?:string",
      "scaling?:string",
      "seed?:number",
      "transform?:string",
    ]);
    expect(signature("ASSIGN")).toEqual(["new_data:any[][]", "model:any[][]"]);
    expect(signature("DBSCAN")).toEqual([
      "data:any[][]",
      "eps:number",
      "min_points:number",
      "scaling?:string",
      "transform?:string",
    ]);
    expect(signature("KDIST")).toEqual([
      "data:any[][]",
      "min_points?:number",
      "scaling?:string",
      "transform?:string",
    ]);
    expect(signature("GMM")).toEqual([
      "data:any[][]",
      "k:number",
      "covariance?:string",
      "scaling?:string",
      "seed?:number",
      "restarts?:number",
      "transform?:string",
    ]);
    expect(signature("GMMBIC")).toEqual([
      "data:any[][]",
      "kmin?:number",
      "kmax?:number",
      "covariance?:string",
      "scaling?:string",
      "transform?:string",
    ]);
    expect(signature("STABILITY")).toEqual([
      "data:any[][]",
      "k:number",
      "runs?:number",
      "scaling?:string",
      "seed?:number",
      "transform?:string",
    ]);
    expect(signature("REFIT")).toEqual(["data:any[][]", "model:any[][]", "output?:string", "k?:number"]);
    expect(signature("RFM")).toEqual([
      "customer_ids:any[][]",
      "dates:any[][]",
      "amounts:any[][]",
      "as_of?:any",
      "invoice_ids?:any[][]",
      "returns?:string",
    ]);
    expect(signature("MIGRATION")).toEqual([
      "labels_before:any[][]",
      "labels_after:any[][]",
      "ids_before?:any[][]",
      "ids_after?:any[][]",
    ]);
    expect(signature("FORECAST")).toEqual(["migration:any[][]", "steps?:number"]);
    expect(signature("SQL")).toEqual([
      "model:any[][]",
      "dialect?:string",
      "table?:string",
      "id_column?:string",
    ]);
  });

  test("declares matrix results for the spills and numbers for SILHOUETTE and BESTK", () => {
    const result = (id: string) => loaded.metadata.functions.find((fn) => fn.id === id)?.result;
    for (const id of [
      "KMEANS",
      "CENTROIDS",
      "ELBOW",
      "PROFILE",
      "METRICS",
      "MODEL",
      "ASSIGN",
      "STABILITY",
      "REFIT",
      "RFM",
      "MIGRATION",
      "FORECAST",
      "SQL",
    ]) {
      expect(result(id)?.dimensionality).toBe("matrix");
    }
    expect(result("SILHOUETTE")).toEqual({ type: "number" });
    expect(result("BESTK")).toEqual({ type: "number" });
  });
});

describe("dist/functions.js, called as Excel calls it, on the Mall Customers data", () => {
  const incomeSpending = mall.map((row) => [row[1], row[2]]);

  test("KMEANS spills a Segment header and one label per row", () => {
    const spill = expectSpill(excel("KMEANS", incomeSpending, 5), 201, 1);
    expect(spill[0]).toEqual(["Segment"]);
    const labels = spill.slice(1).map((row) => row[0]);
    expect([1, 2, 3, 4, 5].map((c) => labels.filter((l) => l === c).length)).toEqual([81, 39, 35, 23, 22]);
    expect(excel("KMEANS", incomeSpending, 5)).toEqual(spill);
  });

  test("KMEANS leaves a row with an empty cell unlabelled", () => {
    const data = mall.map((row) => [...row]);
    data[10][1] = "";
    const spill = expectSpill(excel("KMEANS", data, 3, "robust", 7, 2), 201, 1);
    expect(spill[10]).toEqual([""]);
  });

  test("CENTROIDS, MODEL and ASSIGN agree with KMEANS", () => {
    const labels = expectSpill(excel("KMEANS", mall, 4), 201, 1);
    const centroids = expectSpill(excel("CENTROIDS", mall, 4), 5, 5);
    expect(centroids[0]).toEqual(["Segment", "Size", "Age", "Annual Income (k$)", "Spending Score (1-100)"]);
    const sizes = [1, 2, 3, 4].map((c) => labels.filter((row) => row[0] === c).length);
    expect(centroids.slice(1).map((row) => row[1])).toEqual(sizes);
    const model = expectSpill(excel("MODEL", mall, 4), 8, 11);
    expect(model[0][0]).toBe("Segment model");
    expect(model[7].slice(7)).toEqual(sizes);
    expect(excel("ASSIGN", mall, model)).toEqual(labels);
    expect(expectSpill(excel("ASSIGN", mall.slice(1, 4), model), 3, 1)).toEqual(labels.slice(1, 4));
  });

  test("SQL's query, run in DuckDB on the same customers, gives KMEANS's labels", async () => {
    const labels = expectSpill(excel("KMEANS", incomeSpending, 5), 201, 1);
    const model = excel("MODEL", incomeSpending, 5);
    const query = excel("SQL", model, "duckdb", "mall_customers", "row_no") as Cells;
    expect(query.every((row) => row.length === 1 && typeof row[0] === "string")).toBe(true);
    const db = await openDatabase();
    try {
      await loadRange(db, "mall_customers", incomeSpending);
      const scored = await runScoring(
        db,
        query.map((row) => String(row[0])),
        200,
      );
      expect(scored.segments).toEqual(labels.slice(1).map((row) => row[0]));
    } finally {
      db.close();
    }
    expectError(excel("SQL", model, "oracle"), ErrorCode.invalidValue, /dialect/);
    expectError(excel("SQL", incomeSpending), ErrorCode.invalidValue, /not a Segment model/);
  });

  test("SQL of a mixture's MODEL: the query gives each customer the probability of its segment", () => {
    const mixture = excel("MODEL", incomeSpending, 5, null, null, null, null, "gmm");
    const query = expectSpill(excel("SQL", mixture, "bigquery"), 54, 1) as Cells;
    expect(query[query.length - 2][0]).toMatch(/ AS probability$/);
  });

  test("SILHOUETTE and METRICS score the KMEANS spill", () => {
    const labels = excel("KMEANS", incomeSpending, 5);
    const silhouette = excel("SILHOUETTE", incomeSpending, labels);
    expect(silhouette).toBeCloseTo(0.5547, 4);
    const metrics = expectSpill(excel("METRICS", incomeSpending, labels), 5, 2);
    expect(metrics.map((row) => row[0])).toEqual([
      "Metric",
      "Inertia",
      "Silhouette",
      "Calinski-Harabasz",
      "Davies-Bouldin",
    ]);
    expect(metrics[2][1]).toBe(silhouette);
  });

  test("ELBOW marks the k that BESTK returns", () => {
    const elbow = expectSpill(excel("ELBOW", incomeSpending), 10, 7);
    expect(elbow[0]).toEqual([
      "k",
      "Inertia",
      "Silhouette",
      "Calinski-Harabasz",
      "Davies-Bouldin",
      "Smallest segment %",
      "Recommended",
    ]);
    const marked = elbow.slice(1).filter((row) => row[6] !== "");
    expect(marked).toHaveLength(1);
    expect(marked[0][6]).toMatch(/^◀ recommended: k = 5/);
    expect(excel("BESTK", incomeSpending)).toBe(5);
    expect(excel("BESTK", incomeSpending, 2, 8, "silhouette")).toBe(5);
  });

  test("PROFILE names the segments", () => {
    const labels = excel("KMEANS", incomeSpending, 5);
    const profile = expectSpill(excel("PROFILE", incomeSpending, labels), 8, 11);
    expect(profile[2][1]).toBe("High Spending Score · High Annual Income");
    expect(profile[6][0]).toBe("All");
    expect(profile[7][0]).toBe("Separation (R²)");
  });

  test("STABILITY rates KMEANS's five segments stable, and REFIT gives its model back on the same data", () => {
    const stability = expectSpill(excel("STABILITY", incomeSpending, 5), 6, 6);
    expect(stability.slice(1).map((row) => [row[0], row[1], row[5]])).toEqual([
      [1, 81, "stable"],
      [2, 39, "stable"],
      [3, 35, "stable"],
      [4, 23, "stable"],
      [5, 22, "stable"],
    ]);
    const model = excel("MODEL", incomeSpending, 5);
    const refitted = excel("REFIT", incomeSpending, model);
    expect(excel("ASSIGN", incomeSpending, refitted)).toEqual(excel("KMEANS", incomeSpending, 5));
    const moved = expectSpill(excel("REFIT", incomeSpending, model, "moved"), 6, 6);
    expect(moved[0].slice(0, 4)).toEqual(["Segment", "Size before", "Size now", "Distance moved (scaled)"]);
  });

  test("RFM gives the shipped transactions' 98 customers, as of the day after the last line", () => {
    const lines = readFileSync(
      path.resolve(__dirname, "..", "..", "samples", "online-retail-transactions.csv"),
      "utf8",
    )
      .trim()
      .split(/\r?\n/)
      .map((line) => line.split(","));
    const column = (j: number) =>
      lines.map((row, i) => [i === 0 || j === 1 ? row[j] : Number(row[j]) || row[j]]);
    const spill = expectSpill(excel("RFM", column(2), column(1), column(5), null, column(0)), 99, 10);
    expect(spill[1].slice(0, 3)).toEqual([12356, 22, 3]);
    expect(spill[1][3]).toBeCloseTo(2811.43, 9);
    expect(spill[1].slice(4, 9)).toEqual([4, 4, 5, 445, "Loyal Customers"]);
    expect(spill[1][9]).toBe("Recency counted in days to 2011-12-09, the day after the last date.");
  });

  test("MIGRATION shows k = 6 splitting segment 2 of k = 5, and FORECAST projects from it", () => {
    const ids = mall.map((_, i) => [i === 0 ? "ID" : i]);
    const five = excel("KMEANS", incomeSpending, 5);
    const six = excel("KMEANS", incomeSpending, 6);
    const migration = expectSpill(excel("MIGRATION", five, six, ids, ids), 17, 8);
    expect(migration[0]).toEqual(["Before \\ After", 1, 2, 3, 4, 5, 6, "Total"]);
    expect(migration[2]).toEqual([2, 0, 0, 29, 0, 0, 10, 39]);
    expect(migration[7]).toEqual(["Total", 81, 35, 29, 23, 22, 10, 200]);
    const forecast = expectSpill(excel("FORECAST", migration, 2), 8, 6);
    expect(forecast[0].slice(0, 4)).toEqual(["Segment", "Now", "After 1 step", "After 2 steps"]);
  });

  test("VERSION still answers", () => {
    expect(excel("VERSION")).toBe("0.1.0");
  });
});

describe("errors from the built bundle are CustomFunctions.Error values with messages", () => {
  const incomeSpending = mall.map((row) => [row[1], row[2]]);

  test.each<[string, () => unknown, string, RegExp]>([
    ["k < 1", () => excel("KMEANS", mall, 0), ErrorCode.invalidValue, /at least 1/],
    ["k above the usable rows", () => excel("CENTROIDS", mall, 500), ErrorCode.invalidValue, /usable rows/],
    ["text for k", () => excel("MODEL", mall, "many"), ErrorCode.invalidValue, /k must be a number/],
    [
      "an unknown scaling",
      () => excel("KMEANS", mall, 3, "log"),
      ErrorCode.invalidValue,
      /scaling must be one of/,
    ],
    [
      "text where numbers are needed",
      () =>
        excel(
          "KMEANS",
          mall.map((row, i) => (i === 5 ? [row[0], "lots", row[2]] : row)),
          3,
        ),
      ErrorCode.invalidValue,
      /row 6: "lots" is not a number/,
    ],
    [
      "fewer than two usable rows",
      () => excel("KMEANS", mall.slice(0, 2), 1),
      ErrorCode.invalidValue,
      /two usable rows/,
    ],
    [
      "an identifier column",
      () =>
        excel(
          "KMEANS",
          mall.map((row, i) => [i === 0 ? "CustomerID" : i, ...row]),
          3,
        ),
      ErrorCode.invalidValue,
      /CustomerID looks like an identifier: leave it out of the range/,
    ],
    [
      "labels of another length",
      () => excel("SILHOUETTE", incomeSpending, [["Segment"], [1], [2]]),
      ErrorCode.notAvailable,
      /labels has 3 cells/,
    ],
    ["a kmax below kmin", () => excel("ELBOW", mall, 6, 3), ErrorCode.invalidValue, /kmax/],
    [
      "an unknown method",
      () => excel("BESTK", mall, 2, 10, "gap"),
      ErrorCode.invalidValue,
      /method must be one of/,
    ],
    [
      "a table that is not a model",
      () => excel("ASSIGN", mall, mall),
      ErrorCode.invalidValue,
      /not a Segment model/,
    ],
  ])("%s", (_, call, code, message) => expectError(call(), code, message));

  test("a model that does not match the data's columns is #N/A", () => {
    const model = excel("MODEL", mall, 3);
    expectError(excel("ASSIGN", incomeSpending, model), ErrorCode.notAvailable, /no column "Age"/);
    expectError(excel("ASSIGN", [[1, 2]], model), ErrorCode.notAvailable, /needs 3 columns/);
  });

  test("every function answers a one-cell range with an error, not an exception or a wrong-shaped spill", () => {
    // RFM and MIGRATION excepted: one line (customer 7, day 7, amount 7) is a customer's whole history,
    // and one customer in segment 7 before and after is a migration.
    for (const id of IDS.filter((id) => id !== "RFM" && id !== "MIGRATION")) {
      const params = byName.get(id)?.parameters ?? [];
      const args = params.filter((p) => !p.optional).map((p) => (p.dimensionality === "matrix" ? [[7]] : 2));
      expect({ id, result: excel(id, ...args) instanceof StubCustomFunctionsError }).toEqual({
        id,
        result: true,
      });
    }
    expectSpill(excel("RFM", [[7]], [[7]], [[7]]), 2, 10);
    expect(expectSpill(excel("MIGRATION", [[7]], [[7]]), 7, 3)[1]).toEqual([7, 1, 1]);
  });
});

/**
 * Excel shows a custom function's message only with #VALUE! and #N/A: with #NUM! and the others it
 * drops it. So every error the bundle returns, for every function and every bad input a user can
 * type, must be one of those two, with a message.
 */
describe("every error the built bundle returns carries its message", () => {
  const SHOWN = new Set<string>([ErrorCode.invalidValue, ErrorCode.notAvailable]);
  const incomeSpending = mall.map((row) => [row[1], row[2]]);
  const identical: Cells = [["a", "b"], ...Array.from({ length: 20 }, () => [3, 4])];
  const oneRow: Cells = [
    ["a", "b"],
    [1, 2],
  ];
  const huge: Cells = [["a", "b"], ...Array.from({ length: 250000 }, (_, i) => [i * 1.0001, i * 2.0003])];
  const labels = (): unknown => excel("KMEANS", incomeSpending, 5);
  const model = (): unknown => excel("MODEL", incomeSpending, 5);
  const datas: [string, unknown][] = [
    ["one row", oneRow],
    ["all rows identical", identical],
    ["an identifier column", mall.map((row, i) => [i === 0 ? "CustomerID" : i, row[1]])],
    ["text IDs", [["a"], ["p1"], ["p2"], ["p3"], ["p4"]]],
    ["a range too large for a formula", huge],
  ];
  const cases: [string, () => unknown][] = [
    ...["KMEANS", "CENTROIDS", "MODEL"].flatMap((id): [string, () => unknown][] => [
      [`${id} k = 0`, () => excel(id, incomeSpending, 0)],
      [`${id} k above the rows`, () => excel(id, incomeSpending, 201)],
      [`${id} k not whole`, () => excel(id, incomeSpending, 2.5)],
      [`${id} restarts = 0`, () => excel(id, incomeSpending, 3, null, null, 0)],
      [`${id} restarts = 1000`, () => excel(id, incomeSpending, 3, null, null, 1000)],
      [`${id} seed too large`, () => excel(id, incomeSpending, 3, null, 2 ** 40)],
      [`${id} k = 200 on 100,000 rows (too much work)`, () => excel(id, huge.slice(0, 100001), 200)],
      ...datas.map(([what, data]): [string, () => unknown] => [`${id} on ${what}`, () => excel(id, data, 2)]),
    ]),
    ...["ELBOW", "BESTK"].flatMap((id): [string, () => unknown][] => [
      [`${id} kmin = 0`, () => excel(id, incomeSpending, 0)],
      [`${id} kmax below kmin`, () => excel(id, incomeSpending, 6, 3)],
      [`${id} kmin above the rows`, () => excel(id, oneRow.concat([[3, 4]]), 5)],
      ...datas.map(([what, data]): [string, () => unknown] => [`${id} on ${what}`, () => excel(id, data)]),
    ]),
    ...["SILHOUETTE", "METRICS", "PROFILE"].flatMap((id): [string, () => unknown][] => [
      [
        `${id} one segment`,
        () => excel(id, incomeSpending, [["Segment"], ...incomeSpending.slice(1).map(() => [1])]),
      ],
      [
        `${id} no labels`,
        () => excel(id, incomeSpending, [["Segment"], ...incomeSpending.slice(1).map(() => [""])]),
      ],
      [`${id} labels too short`, () => excel(id, incomeSpending, [[1], [2]])],
      [
        `${id} labels not numbers`,
        () => excel(id, incomeSpending, [["Segment"], ...incomeSpending.slice(1).map(() => ["x"])]),
      ],
      [
        `${id} on all rows identical`,
        () => excel(id, identical, [["Segment"], ...identical.slice(1).map((_, i) => [1 + (i % 2)])]),
      ],
    ]),
    ["ASSIGN with no model", () => excel("ASSIGN", incomeSpending, incomeSpending)],
    ["ASSIGN with missing columns", () => excel("ASSIGN", [["x"], [1]], model())],
    ["ASSIGN with a damaged model", () => excel("ASSIGN", incomeSpending, (model() as Cells).slice(0, 4))],
    ["SILHOUETTE with the labels of other data", () => excel("SILHOUETTE", oneRow, labels())],
    ["SQL with no model", () => excel("SQL", incomeSpending)],
    ["SQL in an unknown dialect", () => excel("SQL", model(), "oracle")],
    [
      "SQL of a model whose numbers overflow",
      () => {
        const damaged = (model() as Cells).map((row) => [...row]);
        damaged[4][5] = 1.7976931348623157e308;
        damaged[4][6] = 1e-300;
        return excel("SQL", damaged);
      },
    ],
    ["SQL with a table named by a number array", () => excel("SQL", model(), null, [[1, 2]])],
  ];

  test.each(cases)("%s", (_, call) => {
    const result = call();
    if (!(result instanceof StubCustomFunctionsError)) return; // a result, not an error: nothing to show
    expect({ code: result.code, shown: SHOWN.has(result.code) }).toEqual({ code: result.code, shown: true });
    expect(result.message.length).toBeGreaterThan(10);
  });

  test("the sweep above ends in an error in every case but four answers, so it cannot pass by returning results", () => {
    const results = cases
      .filter(([, call]) => !(call() instanceof StubCustomFunctionsError))
      .map(([name]) => name);
    // Scores of identical rows (all 0) and a profile of one segment are answers, not errors.
    expect(results).toEqual([
      "SILHOUETTE on all rows identical",
      "METRICS on all rows identical",
      "PROFILE one segment",
      "PROFILE on all rows identical",
    ]);
  });
});
