import { NOISE } from "../core/algorithms/clusterer";
import type { CellValue } from "../core/cells";
import { readLabels } from "../core/labels";
import { migrate } from "../core/migration";
import type { MigrationOutcome, MigrationRequest } from "./protocol";

/**
 * The run against earlier segments, in the worker: the earlier label column read as SEGMENT.MIGRATION
 * reads labels (a number, 0 for noise, empty for none), matched row by row with the run's labels, and
 * counted by the core's migration table.
 */
export function analyseMigration(values: CellValue[][], request: MigrationRequest): MigrationOutcome {
  const first = request.hasHeader ? 1 : 0;
  const rows = values.length - first;
  const cells = values.map((row) => row[request.column]);
  const before = readLabels(cells, first, rows, "The earlier segments", {
    largest: rows,
    what: `the ${rows} rows of data`,
  });
  const m = migrate({ labels: before }, { labels: Int32Array.from(request.labels) });
  const s = m.states.length;
  return {
    states: m.states.map((state) => (state === NOISE ? 0 : state)),
    counts: Array.from({ length: s }, (_, i) => Array.from(m.counts.subarray(i * s, i * s + s))),
    gone: Array.from(m.gone),
    fresh: Array.from(m.fresh),
  };
}
