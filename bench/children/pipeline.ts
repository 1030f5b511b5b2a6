/**
 * The full-sheet path of SEGMENT.KMEANS: segment(values, { k }) with its default restarts, on the
 * 2-D array Excel passes (a header row of text over rows of numbers). The array is built here, in
 * the child, and its memory is reported apart as the input.
 */
import { segment } from "../../src/core/pipeline";
import { collect, loadData, peakMb, report, rowsOf, rssMb, task, timed } from "../child";

const t = task();
const baselineMb = rssMb();
const header = Array.from({ length: t.d }, (_, j) => `Feature ${j + 1}`);
const values: (number | string)[][] = [header, ...rowsOf(loadData(t), t.n, t.d)];
await collect();
const inputMb = rssMb();
const { timesMs, result } = timed(t.runs, () => segment(values, { k: t.k }));
report({
  timesMs,
  iterations: result.fit.iterations,
  inertia: result.fit.inertia,
  baselineMb,
  inputMb,
  peakMb: peakMb(),
});
