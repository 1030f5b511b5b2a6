/**
 * Our k-means: one k-means++ seeding and Lloyd iterations to convergence (restarts: 1). With
 * options.wasm === false, the plain JavaScript fallback (same results, no WebAssembly).
 */
import { allocateMatrixData, useWasm } from "../../src/core/arena";
import { kmeans } from "../../src/core/kmeans";
import { Matrix } from "../../src/core/matrix";
import { kmeansReport, kmeansRuns, loadData, report, rssMb, task } from "../child";

const t = task();
if (t.options?.wasm === false) useWasm(false);
const baselineMb = rssMb();
// As fitPreprocessor allocates a fitted matrix: where the kernels work on it in place.
const data = allocateMatrixData(t.n, t.d, true);
data.set(loadData(t));
const matrix: Matrix = { data, n: t.n, d: t.d };
const inputMb = rssMb();
const runs = kmeansRuns(t, matrix, (seed) => kmeans(matrix, { k: t.k, seed, restarts: 1 }));
report(kmeansReport(runs, { baselineMb, inputMb }));
