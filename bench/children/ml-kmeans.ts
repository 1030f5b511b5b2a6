/** ml-kmeans 7 with its own k-means++ initialisation, on the number[][] rows it takes. */
import { kmeans } from "ml-kmeans";
import { Matrix } from "../../src/core/matrix";
import { collect, kmeansReport, kmeansRuns, loadData, report, rowsOf, rssMb, task } from "../child";

const t = task();
const baselineMb = rssMb();
const flat = loadData(t);
const rows = rowsOf(flat, t.n, t.d);
const matrix: Matrix = { data: flat, n: t.n, d: t.d };
await collect();
const inputMb = rssMb();
// 300 iterations at most, as ours and scikit-learn; its own tolerance (1e-6 on centroid moves).
let converged = true;
const runs = kmeansRuns(t, matrix, (seed) => {
  const fit = kmeans(rows, t.k, { initialization: "kmeans++", seed, maxIterations: 300 });
  converged &&= fit.converged;
  return { iterations: fit.iterations, labels: fit.clusters };
});
report(kmeansReport(runs, { baselineMb, inputMb }, converged ? undefined : "did not converge"));
