/**
 * The elbow sweep, k = 2..10, with a silhouette for every k, and the recommended k: as the task
 * pane runs it (4 restarts per k, silhouettes on a stratified sample of 5,000 rows), on a matrix
 * allocated as fitPreprocessor allocates one.
 */
import { allocateMatrixData } from "../../src/core/arena";
import { SweepOptions, recommendK, sweep } from "../../src/core/choosek";
import { loadData, peakMb, report, rssMb, task, timed } from "../child";

const t = task();
const baselineMb = rssMb();
const data = allocateMatrixData(t.n, t.d, true);
data.set(loadData(t));
const matrix = { data, n: t.n, d: t.d };
const inputMb = rssMb();
const options: SweepOptions = { kmin: 2, kmax: 10, seed: t.seed, ...(t.options as SweepOptions | undefined) };
const { timesMs, result } = timed(t.runs, () => recommendK(sweep(matrix, options)));
report({ timesMs, k: result.k, baselineMb, inputMb, peakMb: peakMb(), note: result.reason });
