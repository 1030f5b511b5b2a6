/**
 * The benchmark: our k-means against ml-kmeans and scikit-learn on the same data, side by side in
 * one run, plus the full-sheet pipeline, the exact silhouette, the elbow sweep, the segment command
 * on a full sheet's CSV, DBSCAN and the Gaussian mixture against scikit-learn and, when dist/ is
 * built, the sandbox page opening 100,000 rows.
 *
 *   npm run bench              10,000, 100,000 and 1,048,576 rows x 8 features (a few minutes)
 *   npm run bench -- --quick   10,000 rows only, for CI (a few seconds)
 *   npm run bench -- --only dbscan   DBSCAN alone: 100,000 x 2 against scikit-learn, 1,000,000 x 2 ours
 *                                    (with --quick: 10,000 x 2); written to bench-results/latest-dbscan.json
 *   npm run bench -- --only gmm      Gaussian mixture alone: full covariance, 100,000 x 8, k = 8, ours and
 *                                    scikit-learn from the same start (with --quick: 10,000 x 8);
 *                                    written to bench-results/latest-gmm.json
 *   npm run bench -- --only rfm      RFM on the full Online Retail file (../shared/data): SEGMENT.RFM's
 *                                    code on its columns in memory, and `segment rfm FILE.csv.gz`
 *                                    spawned; written to bench-results/latest-rfm.json
 *   npm run bench -- --only sql      scoring 1,000,000 customers with a Mall model: SEGMENT.SQL's query in
 *                                    DuckDB (1 and 2 threads) against SEGMENT.ASSIGN in Node, limits
 *                                    lifted (with --quick: 10,000); written to bench-results/latest-sql.json
 *   npm run bench -- --print bench/results-epyc-zen3-2cores.json   the table of a saved run
 *
 * Prints one table and writes the same figures to bench-results/latest.json. Every engine runs in
 * a child process of its own, so that each peak memory figure is that engine's alone. The
 * TypeScript children are bundled with esbuild and run on plain Node (no loader in the way);
 * scikit-learn runs under /usr/bin/python3 with one thread, and is skipped, with a note, when that
 * Python does not have it.
 */
import { spawnSync } from "child_process";
import { build } from "esbuild";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { makeBlobs, readFloat64, readInt32, writeFloat64, writeInt32 } from "./data";
import { CLI_ENGINE, Entry, FORMULA_ENGINE, FORMULA_TASK, Target, printTable, targets } from "./report";
import { median } from "./child";
import type { Report, Task } from "./child";
import type { DbscanReport } from "./children/dbscan";
import type { GmmReport } from "./children/gmm";

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "bench-results");
const PYTHON = "/usr/bin/python3";
const D = 8;
const K = 8;
const SEED = 42;
/** Seed of the data: Gaussian blobs, 8 centres in [-10, 10]^8, standard deviation 1. */
const DATA_SEED = 20240611;
const OVERLAP_TASK = "k-means, overlapping blobs (std 4)";
const CHILDREN = [
  "ours-kmeans",
  "ml-kmeans",
  "pipeline",
  "silhouette",
  "sweep",
  "cli",
  "dbscan",
  "gmm",
  "rfm",
  "sql",
] as const;
type Child = (typeof CHILDREN)[number];

interface Plan {
  readonly sizes: number[];
  /** Rows of the second data set, blobs that overlap (more iterations); 0 for none. */
  readonly overlapRows: number;
  readonly silhouetteRows: number;
  readonly sweepRows: number;
  /** Rows under the header of the command line's CSV: a full sheet's. */
  readonly cliRows: number;
  /** Rows of the CSV the sandbox page opens (bench/sandbox.ts). */
  readonly sandboxRows: number;
  readonly mlKmeans: boolean;
  /** Everything but DBSCAN and GMM: k-means, the pipeline, silhouette, sweep, command line, sandbox. */
  readonly kmeansParts: boolean;
  /** Rows of DBSCAN's 2-D blobs: scikit-learn runs beside ours up to DBSCAN_SKLEARN_ROWS. */
  readonly dbscanSizes: number[];
  /** Rows of the Gaussian mixture's blobs (8 features, std 1), ours and scikit-learn; 0 for none. */
  readonly gmmRows: number;
  /** RFM on the Online Retail file (not with --quick: the file is what it is). */
  readonly rfm: boolean;
  /** Customers scored by SEGMENT.SQL's query in DuckDB and by ASSIGN in Node; 0 for none. */
  readonly sqlRows: number;
}

/** Scoring at scale (issue 15): the generated query in DuckDB against ASSIGN, on the same rows. */
const SQL_TASK = "scoring with a Mall model (k = 6)";
const SQL_ROWS = 1000000;
const DUCKDB_VERSION = (
  JSON.parse(
    fs.readFileSync(path.join(ROOT, "node_modules", "@duckdb", "node-api", "package.json"), "utf8"),
  ) as { version: string }
).version;

/** RFM's tasks (issue 14) and their input, the full Online Retail file, shared outside the repository. */
const RFM_MEMORY_TASK = "SEGMENT.RFM, columns in memory";
const RFM_CLI_TASK = "segment rfm FILE.csv.gz";
const RFM_LINES = 541909;
const RFM_DATA = path.join(ROOT, "..", "shared", "data", "online-retail.csv.gz");

/** DBSCAN's task: 2-D blobs (8 centres in [-10, 10]^2, standard deviation 1), min_points 10. */
const DBSCAN_TASK = "DBSCAN, 2-D blobs, ~20 neighbours a row";
const DBSCAN_MIN_POINTS = 10;
const DBSCAN_SKLEARN_ROWS = 100000;
/**
 * eps for about 20 rows within eps of a row (itself included) on DBSCAN's blobs: 0.072 at 100,000
 * rows, measured (the child reports the mean, counted exactly for a sample of 1,000 rows: 20.0), and
 * scaled by sqrt(100,000 / n) so that the density, and so the count, stays the same at other sizes.
 */
function dbscanEps(n: number): number {
  return 0.072 * Math.sqrt(100000 / n);
}

function plan(args: string[]): Plan {
  const quick = args.includes("--quick");
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : null;
  if (only !== null && only !== "dbscan" && only !== "gmm" && only !== "rfm" && only !== "sql")
    throw new Error(`--only ${only}: the parts that run alone are dbscan, gmm, rfm and sql`);
  const part = (name: string) => only === null || only === name;
  return {
    kmeansParts: only === null,
    dbscanSizes: !part("dbscan") ? [] : quick ? [10000] : [100000, 1000000],
    gmmRows: !part("gmm") ? 0 : quick ? 10000 : GMM_ROWS,
    rfm: part("rfm") && !quick,
    sqlRows: !part("sql") ? 0 : quick ? 10000 : SQL_ROWS,
    sizes: only !== null ? [] : quick ? [10000] : [10000, 100000, 1048576],
    overlapRows: quick || only !== null ? 0 : 1048576,
    silhouetteRows: quick ? 5000 : 20000,
    sweepRows: quick ? 10000 : 100000,
    cliRows: quick ? 10000 : 1048575,
    sandboxRows: quick ? 10000 : 100000,
    mlKmeans: !args.includes("--no-ml-kmeans"),
  };
}

function machine(): Record<string, unknown> {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  return {
    cpu: model,
    nproc: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}

/** scikit-learn's and numpy's versions, or null when /usr/bin/python3 cannot import them. */
function sklearnVersions(): { sklearn: string; numpy: string } | null {
  const probe = spawnSync(
    PYTHON,
    ["-c", "import sklearn, numpy; print(sklearn.__version__, numpy.__version__)"],
    {
      encoding: "utf8",
    },
  );
  if (probe.status !== 0) return null;
  const [sklearn, numpy] = probe.stdout.trim().split(" ");
  return { sklearn, numpy };
}

/** The TypeScript children, bundled to plain JavaScript modules. */
async function bundle(): Promise<Record<Child, string>> {
  const dir = path.join(OUT, "build");
  fs.mkdirSync(dir, { recursive: true });
  const files = {} as Record<Child, string>;
  for (const child of CHILDREN) {
    files[child] = path.join(dir, `${child}.mjs`);
    await build({
      entryPoints: [path.join(__dirname, "children", `${child}.ts`)],
      outfile: files[child],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      logLevel: "error",
      // DuckDB's native binding loads from node_modules, not from a bundle.
      external: ["@duckdb/*"],
    });
  }
  return files;
}

/** Data files for n rows of blobs with standard deviation std: the rows (float64) and the blob of each (int32). */
function dataFor(n: number, std = 1): { data: string; labels: string } {
  const dir = path.join(OUT, "data");
  fs.mkdirSync(dir, { recursive: true });
  const name = `blobs-${n}x${D}${std === 1 ? "" : `-std${std}`}`;
  const data = path.join(dir, `${name}.f64`);
  const labels = path.join(dir, `${name}.labels.i32`);
  if (!fs.existsSync(data) || !fs.existsSync(labels)) {
    const blobs = makeBlobs(n, D, K, DATA_SEED, std);
    writeFloat64(data, blobs.data);
    writeInt32(labels, blobs.truth);
  }
  return { data, labels };
}

/** DBSCAN's data: n rows of 2-D blobs (float64). */
function dbscanData(n: number): string {
  const dir = path.join(OUT, "data");
  fs.mkdirSync(dir, { recursive: true });
  const data = path.join(dir, `blobs-${n}x2.f64`);
  if (!fs.existsSync(data)) writeFloat64(data, makeBlobs(n, 2, K, DATA_SEED).data);
  return data;
}

/**
 * DBSCAN's targets (issue 13): within scikit-learn's time at 100,000 x 2 in the same run, the same
 * clusters, core rows and noise rows, and 1,000,000 x 2 done.
 */
function dbscanTargets(entries: readonly Entry[]): Target[] {
  const find = (engine: string, n: number) => {
    const e = entries.find((x) => x.task === DBSCAN_TASK && x.engine === engine && x.n === n);
    return e && "timesMs" in e.report ? (e.report as DbscanReport) : undefined;
  };
  const ours = find("ours", DBSCAN_SKLEARN_ROWS);
  const sk = find("scikit-learn", DBSCAN_SKLEARN_ROWS);
  const big = find("ours", 1000000);
  const t = (r: DbscanReport) => median(r.timesMs);
  const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  const counts = (r: DbscanReport) =>
    `${r.clusters} clusters, ${r.core.toLocaleString("en-US")} core, ${r.noise.toLocaleString("en-US")} noise`;
  return [
    {
      target: "DBSCAN at 100,000 x 2, ~20 neighbours a row: within scikit-learn's time (1 thread)",
      measured:
        ours && sk
          ? `ours ${s(t(ours))}, scikit-learn ${s(t(sk))}: ours takes ${(t(ours) / t(sk)).toFixed(2)} of its time`
          : "not measured",
      met: ours && sk ? t(ours) <= t(sk) : null,
    },
    {
      target: "DBSCAN at 100,000 x 2: the same clusters, core rows and noise rows as scikit-learn",
      measured: ours && sk ? `ours ${counts(ours)}; scikit-learn ${counts(sk)}` : "not measured",
      met:
        ours && sk ? ours.clusters === sk.clusters && ours.core === sk.core && ours.noise === sk.noise : null,
    },
    {
      target: "DBSCAN at 1,000,000 x 2 completes: time and peak memory",
      measured: big ? `${s(t(big))}, ${Math.round(big.peakMb)} MB peak; ${counts(big)}` : "not measured",
      met: big ? true : null,
    },
  ];
}

/**
 * The Gaussian mixture's task (issue 13): full covariance on the k-means blobs (8 features, std 1),
 * k = 8, from one given start, with scikit-learn's defaults for the rest.
 */
const GMM_TASK = "Gaussian mixture, full, same start";
const GMM_ROWS = 100000;
const GMM_SETTINGS = { covariance: "full", tolerance: 1e-3, regCovar: 1e-6, maxIterations: 100 } as const;

/**
 * The start both engines take, written once next to the data: one M-step (as scikit-learn's
 * _estimate_gaussian_parameters, "full") on the one-hot labels of the blob each row was drawn from,
 * which a k-means start finds on these separated blobs: weights n_c / n (n_c with scikit-learn's
 * 10 eps), means, and the precisions, the inverses of the covariances with regCovar on their
 * diagonal, made exactly symmetric. Float64: weights (k), means (k x d), precisions (k x d x d).
 */
function gmmInit(n: number): { data: string; init: string } {
  const { data, labels } = dataFor(n);
  const init = path.join(OUT, "data", `blobs-${n}x${D}.gmm-init-k${K}.f64`);
  if (fs.existsSync(init)) return { data, init };
  const x = readFloat64(data);
  const label = readInt32(labels);
  const nk = new Float64Array(K);
  const means = new Float64Array(K * D);
  for (let i = 0; i < n; i++) {
    nk[label[i]]++;
    for (let a = 0; a < D; a++) means[label[i] * D + a] += x[i * D + a];
  }
  for (let c = 0; c < K; c++) {
    nk[c] += 10 * 2.220446049250313e-16;
    for (let a = 0; a < D; a++) means[c * D + a] /= nk[c];
  }
  const cov = new Float64Array(K * D * D);
  for (let i = 0; i < n; i++) {
    const o = label[i] * D * D;
    for (let a = 0; a < D; a++) {
      const da = x[i * D + a] - means[label[i] * D + a];
      for (let b = 0; b <= a; b++) cov[o + a * D + b] += da * (x[i * D + b] - means[label[i] * D + b]);
    }
  }
  const precisions = new Float64Array(K * D * D);
  for (let c = 0; c < K; c++) {
    const o = c * D * D;
    // The lower Cholesky factor L of the covariance, then L^-1, then precision = L^-T L^-1.
    const l = new Float64Array(D * D);
    for (let a = 0; a < D; a++) {
      for (let b = 0; b <= a; b++) {
        let v = cov[o + a * D + b] / nk[c] + (a === b ? GMM_SETTINGS.regCovar : 0);
        for (let t = 0; t < b; t++) v -= l[a * D + t] * l[b * D + t];
        l[a * D + b] = a === b ? Math.sqrt(v) : v / l[b * D + b];
      }
    }
    const inv = new Float64Array(D * D);
    for (let j = 0; j < D; j++) {
      for (let a = j; a < D; a++) {
        let v = a === j ? 1 : 0;
        for (let t = j; t < a; t++) v -= l[a * D + t] * inv[t * D + j];
        inv[a * D + j] = v / l[a * D + a];
      }
    }
    for (let a = 0; a < D; a++) {
      for (let b = a; b < D; b++) {
        let v = 0;
        for (let t = b; t < D; t++) v += inv[t * D + a] * inv[t * D + b];
        precisions[o + a * D + b] = v;
        precisions[o + b * D + a] = v;
      }
    }
  }
  const out = new Float64Array(K + K * D + K * D * D);
  out.set(nk.map((v) => v / n));
  out.set(means, K);
  out.set(precisions, K + K * D);
  writeFloat64(init, out);
  return { data, init };
}

/**
 * The Gaussian mixture's targets (issue 13): within twice scikit-learn's time from the same start,
 * the same iterations, and the same lower bound (to 1e-9 relative, as test/core/gmm.test.ts asserts).
 */
function gmmTargets(entries: readonly Entry[]): Target[] {
  const find = (engine: string) => {
    const e = entries.find((x) => x.task === GMM_TASK && x.engine === engine);
    return e && "timesMs" in e.report ? { n: e.n, r: e.report as GmmReport } : undefined;
  };
  const ours = find("ours");
  const sk = find("scikit-learn");
  const n = (ours ?? sk)?.n ?? GMM_ROWS;
  const what = `Gaussian mixture, full, ${n.toLocaleString("en-US")} x ${D}, k = ${K}`;
  const t = (r: GmmReport) => median(r.timesMs);
  const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  const gap = ours && sk ? Math.abs(ours.r.lowerBound / sk.r.lowerBound - 1) : NaN;
  return [
    {
      target: `${what}, same start: ours within 2 times scikit-learn's time (1 thread)`,
      measured:
        ours && sk
          ? `ours ${s(t(ours.r))}, scikit-learn ${s(t(sk.r))}: ours takes ${(t(ours.r) / t(sk.r)).toFixed(2)} times its time`
          : "not measured",
      met: ours && sk ? t(ours.r) <= 2 * t(sk.r) : null,
    },
    {
      target: `${what}: the same EM iterations as scikit-learn`,
      measured:
        ours && sk
          ? `ours ${ours.r.iterations}${ours.r.converged ? "" : " (not converged)"}, ` +
            `scikit-learn ${sk.r.iterations}${sk.r.converged ? "" : " (not converged)"}`
          : "not measured",
      met: ours && sk ? ours.r.iterations === sk.r.iterations : null,
    },
    {
      target: `${what}: the same lower bound as scikit-learn, within 1e-9 relative`,
      measured:
        ours && sk
          ? `ours ${ours.r.lowerBound.toPrecision(12)}, scikit-learn ${sk.r.lowerBound.toPrecision(12)}: ` +
            `${gap.toExponential(1)} apart`
          : "not measured",
      met: ours && sk ? gap <= 1e-9 : null,
    },
  ];
}

/**
 * RFM's targets (issue 14): all 541,909 lines from columns in memory, as the function receives them,
 * in at most 0.5 s; from the .gz through the command line, start to exit, in at most 3 s.
 */
function rfmTargets(entries: readonly Entry[]): Target[] {
  const find = (task: string) => {
    const e = entries.find((x) => x.task === task);
    return e && "timesMs" in e.report ? e.report : undefined;
  };
  const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  const memory = ["text", "serial"].map((dates) => ({
    dates,
    r: find(`${RFM_MEMORY_TASK}, dates as ${dates}`),
  }));
  const cli = find(RFM_CLI_TASK);
  return [
    ...memory.map(({ dates, r }) => ({
      target: `SEGMENT.RFM over 541,909 lines from columns in memory (dates as ${dates}): at most 0.5 s`,
      measured: r ? `${s(median(r.timesMs))} (median of 3; first run ${s(r.timesMs[0])})` : "not measured",
      met: r ? median(r.timesMs) <= 500 : null,
    })),
    {
      target: "segment rfm on the full Online Retail .csv.gz, start to exit: at most 3 s",
      measured: cli
        ? `${s(median(cli.timesMs))} (median of 3)${Number.isFinite(cli.peakMb) ? `, ${Math.round(cli.peakMb)} MB peak` : ""}`
        : "not measured",
      met: cli ? median(cli.timesMs) <= 3000 : null,
    },
  ];
}

function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): Report | { error: string } {
  const child = spawnSync(command, args, { encoding: "utf8", env, maxBuffer: 1 << 24, timeout: 30 * 60000 });
  const line = child.stdout?.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !line.startsWith("{")) {
    return { error: (child.stderr || child.error?.message || `exit ${child.status}`).trim().slice(-400) };
  }
  return JSON.parse(line) as Report;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const saved = args.indexOf("--print");
  if (saved >= 0) {
    const result = JSON.parse(fs.readFileSync(args[saved + 1], "utf8"));
    process.stdout.write(printTable(result.machine, result.entries, result.targets));
    return;
  }
  const p = plan(args);
  const files = await bundle();
  const versions = sklearnVersions();
  const sklearnEnv: NodeJS.ProcessEnv = {
    ...process.env,
    OMP_NUM_THREADS: "1",
    OPENBLAS_NUM_THREADS: "1",
    MKL_NUM_THREADS: "1",
  };
  // This machine may pin OpenBLAS to a core type; scikit-learn's child gets the library's defaults.
  delete sklearnEnv.OPENBLAS_CORETYPE;
  delete sklearnEnv.OPENBLAS_L2_SIZE;
  const entries: Entry[] = [];
  const loadBefore = os.loadavg()[0];

  const run = (entry: Omit<Entry, "report">, command: string, args: string[], env = process.env) => {
    process.stderr.write(`  ${entry.task} ${entry.engine} ${entry.n.toLocaleString("en-US")} rows... `);
    const report = runChild(command, args, env);
    process.stderr.write("error" in report ? `failed\n${report.error}\n` : "done\n");
    entries.push({ ...entry, report });
  };
  // --expose-gc lets a child collect the scaffolding of its input before it measures it.
  const node = (child: Child, t: Task) => ["--expose-gc", files[child], JSON.stringify(t)];
  const sklearn = (t: Task) => [path.join(__dirname, "sklearn_kmeans.py"), JSON.stringify(t)];
  const skipped = (entry: Omit<Entry, "report">, note: string) =>
    entries.push({ ...entry, report: { skipped: note } });
  const noSklearn = `skipped: ${PYTHON} has no scikit-learn (apt-get install python3-sklearn)`;

  /** One k-means run per engine on the same data: ours (and its fallback), ml-kmeans, scikit-learn. */
  const kmeansEngines = (task: string, t: Task) => {
    const n = t.n;
    run({ task, engine: "ours", n }, process.execPath, node("ours-kmeans", t));
    run(
      { task, engine: "ours, JavaScript only", n },
      process.execPath,
      node("ours-kmeans", { ...t, options: { wasm: false } }),
    );
    if (p.mlKmeans) run({ task, engine: "ml-kmeans 7", n }, process.execPath, node("ml-kmeans", t));
    for (const algorithm of ["lloyd", "elkan"]) {
      const entry = { task, engine: `scikit-learn ${algorithm}`, n };
      if (!versions) skipped(entry, noSklearn);
      else run(entry, PYTHON, sklearn({ ...t, options: { mode: "kmeans", algorithm } }), sklearnEnv);
    }
  };

  for (const n of p.sizes) {
    const { data } = dataFor(n);
    const runs = n <= 100000 ? 3 : 1;
    const t: Task = { data, n, d: D, k: K, seed: SEED, runs };
    kmeansEngines("k-means", t);
    run(
      { task: FORMULA_TASK, engine: FORMULA_ENGINE, n },
      process.execPath,
      node("pipeline", { ...t, runs: 1 }),
    );
  }

  if (p.overlapRows > 0) {
    // Blobs of standard deviation 4 overlap: tens of iterations instead of two, where the bounds
    // in Lloyd's iterations matter; engines may also settle in different local optima.
    const { data } = dataFor(p.overlapRows, 4);
    kmeansEngines(OVERLAP_TASK, { data, n: p.overlapRows, d: D, k: K, seed: SEED, runs: 3 });
  }

  if (p.kmeansParts) {
    const sil = dataFor(p.silhouetteRows);
    const st: Task = {
      data: sil.data,
      labels: sil.labels,
      n: p.silhouetteRows,
      d: D,
      k: K,
      seed: SEED,
      runs: 3,
    };
    run({ task: "exact silhouette", engine: "ours", n: st.n }, process.execPath, node("silhouette", st));
    if (!versions) skipped({ task: "exact silhouette", engine: "scikit-learn", n: st.n }, noSklearn);
    else
      run(
        { task: "exact silhouette", engine: "scikit-learn", n: st.n },
        PYTHON,
        sklearn({ ...st, runs: 1, options: { mode: "silhouette" } }),
        sklearnEnv,
      );

    const sw = dataFor(p.sweepRows);
    run(
      { task: "elbow sweep k = 2..10", engine: "ours, as the task pane", n: p.sweepRows },
      process.execPath,
      node("sweep", {
        data: sw.data,
        n: p.sweepRows,
        d: D,
        k: K,
        seed: SEED,
        runs: 1,
        options: { restarts: 4, silhouetteExactLimit: 5000 },
      }),
    );

    // The command line on a CSV file of blobs: k given, k chosen, and k given with the workbook written.
    const cli = dataFor(p.cliRows);
    const xlsx = path.join(OUT, "data", `segment-${p.cliRows}.xlsx`);
    for (const args of [["--k", "8"], [], ["--k", "8", "--out", xlsx]]) {
      const task = `segment FILE.csv ${args.length === 0 ? "(k auto)" : args.join(" ").replace(xlsx, "OUT.xlsx")}`;
      run({ task, engine: CLI_ENGINE, n: p.cliRows }, process.execPath, [
        "--expose-gc",
        files.cli,
        JSON.stringify({
          data: cli.data,
          n: p.cliRows,
          d: D,
          k: K,
          seed: SEED,
          runs: 1,
          options: { args, root: ROOT },
        }),
      ]);
    }
  }

  for (const n of p.dbscanSizes) {
    // One run at a million rows, as at the k-means sizes; the median of 3 below.
    const dt: Task = {
      data: dbscanData(n),
      n,
      d: 2,
      k: 0,
      seed: SEED,
      runs: n <= DBSCAN_SKLEARN_ROWS ? 3 : 1,
      options: { eps: dbscanEps(n), minPoints: DBSCAN_MIN_POINTS },
    };
    run({ task: DBSCAN_TASK, engine: "ours", n }, process.execPath, node("dbscan", dt));
    if (n > DBSCAN_SKLEARN_ROWS) continue;
    const entry = { task: DBSCAN_TASK, engine: "scikit-learn", n };
    if (!versions) skipped(entry, noSklearn);
    else run(entry, PYTHON, sklearn({ ...dt, options: { ...dt.options, mode: "dbscan" } }), sklearnEnv);
  }

  if (p.gmmRows > 0) {
    const n = p.gmmRows;
    const { data, init } = gmmInit(n);
    const gt: Task = { data, n, d: D, k: K, seed: SEED, runs: 3, options: { ...GMM_SETTINGS, init } };
    run({ task: GMM_TASK, engine: "ours", n }, process.execPath, node("gmm", gt));
    const entry = { task: GMM_TASK, engine: "scikit-learn", n };
    if (!versions) skipped(entry, noSklearn);
    else run(entry, PYTHON, sklearn({ ...gt, options: { ...gt.options, mode: "gmm" } }), sklearnEnv);
  }

  if (p.rfm) {
    const rt = (options: Record<string, unknown>): Task => ({
      data: RFM_DATA,
      n: RFM_LINES,
      d: 4,
      k: 0,
      seed: SEED,
      runs: 3,
      options: { ...options, root: ROOT },
    });
    const note = `skipped: ${path.relative(ROOT, RFM_DATA)} is not there`;
    for (const dates of ["text", "serial"]) {
      const entry = {
        task: `${RFM_MEMORY_TASK}, dates as ${dates}`,
        engine: "ours, limits lifted",
        n: RFM_LINES,
      };
      if (!fs.existsSync(RFM_DATA)) skipped(entry, note);
      else run(entry, process.execPath, node("rfm", rt({ mode: "memory", dates })));
    }
    const entry = { task: RFM_CLI_TASK, engine: CLI_ENGINE, n: RFM_LINES };
    if (!fs.existsSync(RFM_DATA)) skipped(entry, note);
    else run(entry, process.execPath, node("rfm", rt({ mode: "cli" })));
  }

  if (p.sqlRows > 0) {
    const n = p.sqlRows;
    const st = (options: Record<string, unknown>): Task => ({
      data: "",
      n,
      d: 4,
      k: 6,
      seed: SEED,
      runs: 3,
      options: { ...options, root: ROOT },
    });
    for (const threads of [1, 2]) {
      const engine = `DuckDB ${DUCKDB_VERSION}, SEGMENT.SQL's query, ${threads} thread${threads > 1 ? "s" : ""}`;
      run({ task: SQL_TASK, engine, n }, process.execPath, node("sql", st({ mode: "duckdb", threads })));
    }
    run(
      { task: SQL_TASK, engine: "SEGMENT.ASSIGN in Node, limits lifted", n },
      process.execPath,
      node("sql", st({ mode: "assign" })),
    );
    // A Gaussian mixture's query: k components' log-densities, each through a d x d factor.
    const mixture = { task: `${SQL_TASK}, Gaussian mixture (full)`, n };
    run(
      { ...mixture, engine: `DuckDB ${DUCKDB_VERSION}, SEGMENT.SQL's query, 1 thread` },
      process.execPath,
      node("sql", st({ mode: "duckdb", threads: 1, model: "gmm" })),
    );
    run(
      { ...mixture, engine: "SEGMENT.ASSIGN in Node, limits lifted" },
      process.execPath,
      node("sql", st({ mode: "assign", model: "gmm" })),
    );
  }

  const result = {
    machine: { ...machine(), loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg()[0] },
    versions: { scikitLearn: versions?.sklearn ?? null, numpy: versions?.numpy ?? null },
    data: {
      kind: "Gaussian blobs",
      centres: K,
      features: D,
      std: 1,
      overlappingStd: p.overlapRows > 0 ? 4 : null,
      box: [-10, 10],
      seed: DATA_SEED,
      dbscan:
        "the same generator and seed in 2 features, 8 centres; eps 0.072 * sqrt(100,000 / n), min_points 10",
      gmm:
        "the k-means blobs (std 1); both engines start from one M-step on the blobs' own labels, one-hot; " +
        "full covariance, k = 8, tol 1e-3, reg_covar 1e-6, max_iter 100",
    },
    settings: {
      k: K,
      seed: SEED,
      timing:
        "medians of 3 runs (k-means: seeds 42, 43, 44) up to 100,000 rows and on the overlapping blobs; " +
        "1 run (seed 42) at 1,048,576",
    },
    entries,
    targets: [
      ...(p.kmeansParts ? targets(entries) : []),
      ...(p.dbscanSizes.length > 0 ? dbscanTargets(entries) : []),
      ...(p.gmmRows > 0 ? gmmTargets(entries) : []),
      ...(p.rfm ? rfmTargets(entries) : []),
    ],
  };
  // A run of DBSCAN or GMM alone does not overwrite the full run's figures.
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : null;
  const written = path.join(OUT, only === null ? "latest.json" : `latest-${only}.json`);
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(written, JSON.stringify(result, null, 2) + "\n");
  process.stdout.write(printTable(result.machine, entries, result.targets));
  process.stdout.write(`\nWritten to ${path.relative(ROOT, written)}\n`);
  if (p.kmeansParts) sandboxOpen(p.sandboxRows);
}

/**
 * The sandbox page opening a CSV of `rows` x 8 in headless Chromium (bench/sandbox.ts, issue 11's
 * target: shown within 3 s at 100,000 rows). It needs the built page, so it is skipped, with a note,
 * before `npm run build`.
 */
function sandboxOpen(rows: number): void {
  process.stdout.write(
    `\nThe sandbox page opening ${rows.toLocaleString("en-US")} rows x 8 (bench/sandbox.ts):\n`,
  );
  if (!fs.existsSync(path.join(ROOT, "dist", "sandbox.html"))) {
    process.stdout.write("  skipped: run npm run build first\n");
    return;
  }
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  spawnSync(tsx, [path.join(__dirname, "sandbox.ts"), "--rows", String(rows)], { stdio: "inherit" });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
