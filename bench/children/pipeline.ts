/**
 * SEGMENT.KMEANS on a full sheet: the formula's own code (argument parsing, preprocessing, k-means
 * with its default 4 restarts, the spill) on the 2-D array Excel would pass, a header row of text
 * over rows of numbers. Excel never passes a formula that much (its limit is 5 MB, and the formula
 * says so and points to the task pane), so the limits are lifted here to time the code behind it,
 * which the task pane's worker runs as well. The array is built here, in the child, and its memory
 * is reported apart as the input.
 */
import { kmeansSpill } from "../../src/functions/segmenting";
import { collect, loadRows, peakMb, report, rssMb, task, timed } from "../child";

const t = task();
const baselineMb = rssMb();
const header = Array.from({ length: t.d }, (_, j) => `Feature ${j + 1}`);
const rows = loadRows(t, header);
await collect();
const inputMb = rssMb();
const unlimited = { payloadBytes: Infinity, work: Infinity };
const { timesMs, result } = timed(t.runs, () => kmeansSpill([rows, t.k, null, t.seed, null], unlimited));
if (result.length !== rows.length || result[0][0] !== "Segment")
  throw new Error("The spill has the wrong shape.");
const sizes = new Map<unknown, number>();
for (let i = 1; i < result.length; i++) sizes.set(result[i][0], (sizes.get(result[i][0]) ?? 0) + 1);
const counts = [...sizes.values()];
report({
  timesMs,
  baselineMb,
  inputMb,
  peakMb: peakMb(),
  note: `${counts.length} segments of ${Math.min(...counts).toLocaleString("en-US")} to ${Math.max(...counts).toLocaleString("en-US")} rows`,
});
