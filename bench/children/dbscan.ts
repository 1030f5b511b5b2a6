/**
 * Our DBSCAN (core/algorithms/dbscan.ts) on the task's rows with options.eps and options.minPoints,
 * timed `runs` times. Reports the clusters, core rows and noise rows of the last run (the runs are
 * deterministic), and, outside the timing, the mean number of rows within eps of a row (itself
 * included), counted exactly for a sample of rows spread evenly through the data: what "eps gives
 * about 20 neighbours a row" is checked against.
 */
import { dbscan } from "../../src/core/algorithms/dbscan";
import { Matrix } from "../../src/core/matrix";
import { Report, loadData, peakMb, report, rssMb, task, timed } from "../child";

/** DBSCAN's counts, which bench/run.ts compares with scikit-learn's. */
export interface DbscanReport extends Report {
  readonly clusters: number;
  readonly core: number;
  readonly noise: number;
  readonly meanNeighbours?: number;
}

/** At most this many distances are spent on the mean neighbour count. */
const COUNT_BUDGET = 2e8;

function meanNeighbours(m: Matrix, eps: number): number {
  const rows = Math.max(1, Math.min(1000, Math.floor(COUNT_BUDGET / m.n)));
  const eps2 = eps * eps;
  let within = 0;
  for (let s = 0; s < rows; s++) {
    const i = Math.floor((s * m.n) / rows);
    for (let j = 0; j < m.n; j++) {
      let sum = 0;
      for (let t = 0; t < m.d; t++) {
        const diff = m.data[i * m.d + t] - m.data[j * m.d + t];
        sum += diff * diff;
      }
      if (sum <= eps2) within++;
    }
  }
  return within / rows;
}

const t = task();
const eps = t.options?.eps as number;
const minPoints = t.options?.minPoints as number;
const baselineMb = rssMb();
const matrix: Matrix = { data: loadData(t), n: t.n, d: t.d };
const inputMb = rssMb();
const { timesMs, result } = timed(t.runs, () => dbscan(matrix, { eps, minPoints }));
const peak = peakMb();
const core = result.core.reduce((a, b) => a + b, 0);
const neighbours = meanNeighbours(matrix, eps);
const out: DbscanReport = {
  timesMs,
  clusters: result.k,
  core,
  noise: result.noise,
  meanNeighbours: neighbours,
  note: `${result.k} clusters, ${core.toLocaleString("en-US")} core, ${result.noise.toLocaleString("en-US")} noise (${neighbours.toFixed(1)} neighbours a row; ${result.index})`,
  baselineMb,
  inputMb,
  peakMb: peak,
};
report(out);
