/**
 * Migration between two segmentations of the same customers: how many moved from each segment
 * before to each segment after, matched by customer id or row by row.
 *
 * A label is a segment number 1, 2, 3, …, NOISE (a customer DBSCAN placed in no segment, a state of
 * its own) or 0 for a row the segmentation left out. A customer segmented on one side only (absent
 * from the other, or left out there) is new or gone: the table follows segmented customers, so one
 * who was segmented before and is left out now has gone from every segment.
 */
import { NOISE } from "./algorithms/clusterer";
import { CellValue, describeCell } from "./cells";
import { SegmentError } from "./errors";
import { IdNumbering, NONE } from "./rfm-ids";

/** One side of the comparison: a label per row and, to match by id, an id cell per row. */
export interface Segmentation {
  readonly labels: ArrayLike<number>;
  readonly ids?: readonly CellValue[];
  /** The argument holding the ids, for messages ("ids_before"). */
  readonly idsName?: string;
  /** The range row (1-based) of labels[0] and ids[0], for messages. */
  readonly firstRow?: number;
}

/**
 * Most states a migration table has: a table of counts per pair of states grows as their square, and
 * more segments than this are customer ids or row numbers passed as labels, not a segmentation.
 */
export const MIGRATION_MAX_STATES = 200;

export interface Migration {
  /** The states, rows and columns alike: segment numbers ascending, then NOISE if any side has it. */
  readonly states: readonly number[];
  /** counts[i * states.length + j]: customers in states[i] before and states[j] after. */
  readonly counts: Float64Array;
  /** Per state before: customers segmented before and not after. */
  readonly gone: Float64Array;
  /** Per state after: customers segmented after and not before. */
  readonly fresh: Float64Array;
  readonly matchedBy: "id" | "position";
}

/**
 * The migration table from `before` to `after`: by id when both sides have ids, else row i before
 * with row i after (then the two must be the same length).
 */
export function migrate(before: Segmentation, after: Segmentation): Migration {
  const states = statesOf(before.labels, after.labels);
  if (states.length > MIGRATION_MAX_STATES) {
    throw new SegmentError(
      "value",
      `The two label columns hold ${states.length.toLocaleString("en-US")} different segments, more than the ${MIGRATION_MAX_STATES} a migration table shows: pass segment numbers as labels (customer ids go in ids_before and ids_after).`,
    );
  }
  const index = stateIndex(states);
  const s = states.length;
  const tally = new Tally(s, index);
  if (before.ids && after.ids) {
    tallyById(tally, before, after);
    return tally.result(states, "id");
  }
  if (before.ids || after.ids)
    throw new Error("Both sides or neither need ids: the caller says which is missing.");
  const n = before.labels.length;
  if (after.labels.length !== n)
    throw new Error("By position, the caller checks both sides have the same length.");
  for (let i = 0; i < n; i++) tally.add(before.labels[i], after.labels[i]);
  return tally.result(states, "position");
}

class Tally {
  readonly counts: Float64Array;
  readonly gone: Float64Array;
  readonly fresh: Float64Array;

  constructor(
    private readonly s: number,
    private readonly index: (label: number) => number,
  ) {
    this.counts = new Float64Array(s * s);
    this.gone = new Float64Array(s);
    this.fresh = new Float64Array(s);
  }

  /** One customer: its label before and after, 0 where it was not segmented. */
  add(b: number, a: number): void {
    if (b === 0) {
      if (a !== 0) this.fresh[this.index(a)]++;
    } else if (a === 0) this.gone[this.index(b)]++;
    else this.counts[this.index(b) * this.s + this.index(a)]++;
  }

  result(states: number[], matchedBy: Migration["matchedBy"]): Migration {
    return { states, counts: this.counts, gone: this.gone, fresh: this.fresh, matchedBy };
  }
}

/** Segment numbers present on either side, ascending, then NOISE if either side has it. */
function statesOf(before: ArrayLike<number>, after: ArrayLike<number>): number[] {
  let largest = 0;
  for (const labels of [before, after])
    for (let i = 0; i < labels.length; i++) largest = Math.max(largest, labels[i]);
  const present = new Uint8Array(largest + 1);
  let noise = false;
  for (const labels of [before, after]) {
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i];
      if (l > 0) present[l] = 1;
      else if (l === NOISE) noise = true;
    }
  }
  const states: number[] = [];
  for (let l = 1; l <= largest; l++) if (present[l]) states.push(l);
  if (noise) states.push(NOISE);
  return states;
}

function stateIndex(states: readonly number[]): (label: number) => number {
  const largest = states.reduce((m, l) => Math.max(m, l), 0);
  const bySegment = new Int32Array(largest + 1).fill(-1);
  states.forEach((l, i) => {
    if (l > 0) bySegment[l] = i;
  });
  const noise = states.indexOf(NOISE);
  return (label) => (label === NOISE ? noise : bySegment[label]);
}

/**
 * Customers matched by id: every id is numbered once over both sides (numbers and text spelling
 * the same number are one id), each side's row of each id is found, and each id is tallied once.
 */
function tallyById(tally: Tally, before: Segmentation, after: Segmentation): void {
  const numbering = new IdNumbering();
  const beforeIds = numberIds(numbering, before);
  const afterIds = numberIds(numbering, after);
  const m = numbering.ids.length;
  const beforeRow = rowOfId(beforeIds, m, before, numbering);
  const afterRow = rowOfId(afterIds, m, after, numbering);
  for (let id = 0; id < m; id++) {
    const b = beforeRow[id];
    const a = afterRow[id];
    tally.add(b < 0 ? 0 : before.labels[b], a < 0 ? 0 : after.labels[a]);
  }
}

/** Each row's id number, NONE for a row with neither id nor label; a label without an id is refused. */
function numberIds(numbering: IdNumbering, side: Segmentation): Int32Array {
  const ids = side.ids as readonly CellValue[];
  const out = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = numbering.indexOf(ids[i]);
    if (id === NONE && side.labels[i] !== 0) {
      const cell = ids[i];
      const what = cell === null || cell === undefined || cell === "" ? "empty" : describeCell(cell);
      throw new SegmentError(
        "value",
        `${sideName(side)}, row ${rowOf(side, i)}: no customer id (${what}) on a segmented row. Every segmented customer needs an id to be matched.`,
      );
    }
    out[i] = id;
  }
  return out;
}

/** For each id number, the row of this side holding it (-1 if none); an id on two rows is refused. */
function rowOfId(ids: Int32Array, m: number, side: Segmentation, numbering: IdNumbering): Int32Array {
  const row = new Int32Array(m).fill(-1);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === NONE) continue;
    if (row[id] >= 0) {
      throw new SegmentError(
        "value",
        `${sideName(side)}: customer ${describeCell(numbering.ids[id])} is on rows ${rowOf(side, row[id])} and ${rowOf(side, i)}. Each customer can be on one row per side.`,
      );
    }
    row[id] = i;
  }
  return row;
}

function sideName(side: Segmentation): string {
  return side.idsName ?? "ids";
}

function rowOf(side: Segmentation, i: number): number {
  return (side.firstRow ?? 1) + i;
}
