/** ml-kmeans 7 with its own k-means++ initialisation, on the number[][] rows it takes. */
import { kmeans } from "ml-kmeans";
import { Matrix } from "../../src/core/matrix";
import { inertia } from "../../src/core/metrics";
import { collect, loadData, peakMb, report, rowsOf, rssMb, task, timed } from "../child";

const t = task();
const baselineMb = rssMb();
const flat = loadData(t);
const rows = rowsOf(flat, t.n, t.d);
const matrix: Matrix = { data: flat, n: t.n, d: t.d };
await collect();
const inputMb = rssMb();
// 300 iterations at most, as ours and scikit-learn; its own tolerance (1e-6 on centroid moves).
const { timesMs, result: fit } = timed(t.runs, () =>
  kmeans(rows, t.k, { initialization: "kmeans++", seed: t.seed, maxIterations: 300 }),
);
report({
  timesMs,
  iterations: fit.iterations,
  inertia: inertia(matrix, fit.clusters),
  baselineMb,
  inputMb,
  peakMb: peakMb(),
  note: fit.converged ? undefined : "did not converge",
});
