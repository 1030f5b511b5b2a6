/**
 * Our k-means: one k-means++ seeding and Lloyd iterations to convergence (restarts: 1). With
 * options.wasm === false, the plain JavaScript fallback (same results, no WebAssembly).
 */
import { allocateMatrixData, useWasm } from "../../src/core/arena";
import { kmeans } from "../../src/core/kmeans";
import { Matrix } from "../../src/core/matrix";
import { inertia } from "../../src/core/metrics";
import { loadData, peakMb, report, rssMb, task, timed } from "../child";

const t = task();
if (t.options?.wasm === false) useWasm(false);
const baselineMb = rssMb();
// As fitPreprocessor allocates a fitted matrix: where the kernels work on it in place.
const data = allocateMatrixData(t.n, t.d, true);
data.set(loadData(t));
const matrix: Matrix = { data, n: t.n, d: t.d };
const inputMb = rssMb();
const { timesMs, result: fit } = timed(t.runs, () => kmeans(matrix, { k: t.k, seed: t.seed, restarts: 1 }));
report({
  timesMs,
  iterations: fit.iterations,
  inertia: inertia(matrix, fit.labels),
  baselineMb,
  inputMb,
  peakMb: peakMb(),
});
