/** Our mean silhouette, exact (every pair of rows), for given labels. */
import { silhouetteScore } from "../../src/core/metrics";
import { readInt32 } from "../data";
import { loadData, peakMb, report, rssMb, task, timed } from "../child";

const t = task();
const baselineMb = rssMb();
const matrix = { data: loadData(t), n: t.n, d: t.d };
const labels = readInt32(t.labels as string);
const inputMb = rssMb();
const { timesMs, result } = timed(t.runs, () => silhouetteScore(matrix, labels, { exactLimit: t.n }));
if (!result.exact) throw new Error("expected an exact silhouette");
report({ timesMs, value: result.mean, baselineMb, inputMb, peakMb: peakMb() });
