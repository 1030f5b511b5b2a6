/**
 * What every benchmark child shares: its task from the command line, timing, memory readings and
 * the one JSON line it reports on stdout. Each engine runs in a child of its own so that its peak
 * memory is its own.
 */
import { Matrix } from "../src/core/matrix";
import { inertia } from "../src/core/metrics";
import * as fs from "fs";
import { readFloat64 } from "./data";

/** The task a child is given, as JSON in argv[2]. */
export interface Task {
  readonly data: string;
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly seed: number;
  /** How many times to time the work; run r uses seed + r. Medians are reported. */
  readonly runs: number;
  /** File of int32 labels (the silhouette task). */
  readonly labels?: string;
  /** Free-form engine settings. */
  readonly options?: Record<string, unknown>;
}

/** One run of a k-means engine. */
export interface Run {
  readonly seed: number;
  readonly ms: number;
  readonly iterations: number;
  readonly inertia: number;
}

export interface Report {
  readonly timesMs: number[];
  /** k-means engines: every run; iterations and inertia are then the runs' medians. */
  readonly runs?: Run[];
  readonly iterations?: number;
  readonly inertia?: number;
  readonly value?: number;
  readonly k?: number;
  /** Resident memory once the runtime is loaded, once the input is built, and at its peak. */
  readonly baselineMb: number;
  readonly inputMb: number;
  readonly peakMb: number;
  readonly note?: string;
}

export function task(): Task {
  return JSON.parse(process.argv[2]) as Task;
}

export function rssMb(): number {
  return process.memoryUsage().rss / 1048576;
}

export function peakMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Runs `work` `runs` times (with the run's number); returns the times and the last result. */
export function timed<T>(runs: number, work: (run: number) => T): { timesMs: number[]; result: T } {
  const timesMs: number[] = [];
  let result: T | undefined;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    result = work(r);
    timesMs.push(performance.now() - start);
  }
  return { timesMs, result: result as T };
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * A k-means engine's runs, with seeds seed, seed + 1, ...: each fit timed; its inertia computed
 * afterwards, outside the timing, from the partition, the same way for every JavaScript engine.
 */
export function kmeansRuns(
  t: Task,
  matrix: Matrix,
  fit: (seed: number) => { iterations: number; labels: ArrayLike<number> },
): Run[] {
  const runs: Run[] = [];
  for (let r = 0; r < t.runs; r++) {
    const start = performance.now();
    const result = fit(t.seed + r);
    const ms = performance.now() - start;
    runs.push({
      seed: t.seed + r,
      ms,
      iterations: result.iterations,
      inertia: inertia(matrix, result.labels),
    });
  }
  return runs;
}

/** The report of k-means runs: median time, iterations and inertia, and every run. */
export function kmeansReport(
  runs: Run[],
  memory: { baselineMb: number; inputMb: number },
  note?: string,
): Report {
  return {
    timesMs: runs.map((r) => r.ms),
    iterations: median(runs.map((r) => r.iterations)),
    inertia: median(runs.map((r) => r.inertia)),
    runs,
    ...memory,
    peakMb: peakMb(),
    note,
  };
}

export function loadData(t: Task): Float64Array {
  const data = readFloat64(t.data);
  if (data.length !== t.n * t.d) throw new Error(`${t.data}: expected ${t.n} x ${t.d} values`);
  return data;
}

/**
 * The task's rows as number[][] straight from its file, a block of rows at a time, under `header`
 * when one is given: the process never holds the data twice, and the outer array is made at its
 * final size (an unshift would regrow it to half as much again), so its peak memory is that of the
 * rows as Excel passes them, and no more.
 */
export function loadRows<H>(t: Task, header?: H): (number[] | H)[] {
  const fd = fs.openSync(t.data, "r");
  const blockRows = 8192;
  const block = new Float64Array(blockRows * t.d);
  const bytes = new Uint8Array(block.buffer);
  const offset = header === undefined ? 0 : 1;
  const rows: (number[] | H)[] = new Array(t.n + offset);
  if (header !== undefined) rows[0] = header;
  try {
    for (let first = 0; first < t.n; first += blockRows) {
      const count = Math.min(blockRows, t.n - first);
      const length = count * t.d * 8;
      if (fs.readSync(fd, bytes, 0, length, first * t.d * 8) !== length) {
        throw new Error(`${t.data}: expected ${t.n} x ${t.d} values`);
      }
      for (let r = 0; r < count; r++) rows[offset + first + r] = rowFrom(block, r * t.d, t.d);
    }
  } finally {
    fs.closeSync(fd);
  }
  return rows;
}

/**
 * The rows as number[][], as Excel and ml-kmeans take them, built without garbage (no subarray per
 * row) so that the memory they take is what such an array takes.
 */
export function rowsOf(flat: Float64Array, n: number, d: number): number[][] {
  const rows: number[][] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = rowFrom(flat, i * d, d);
  return rows;
}

/** d numbers of `flat` from `at`, as a row array made at its size (no subarray, no garbage). */
function rowFrom(flat: Float64Array, at: number, d: number): number[] {
  const row = new Array<number>(d);
  for (let j = 0; j < d; j++) row[j] = flat[at + j];
  return row;
}

/**
 * A full garbage collection when Node runs with --expose-gc, and a moment for V8 to hand freed
 * buffers back (it frees them on a background thread): the input's memory, not its scaffolding.
 */
export async function collect(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 200));
}

export function report(r: Report): void {
  process.stdout.write(JSON.stringify(r) + "\n");
}
