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
import { canonicalId } from "./rfm-ids";

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
 * Customers matched by id: every id gets one key over both sides (numbers and text spelling the
 * same number are one id), the row of each key is found on each side, and each key is tallied once.
 * The before side's ids come first, so its keys are 0, 1, 2, … in row order.
 */
function tallyById(tally: Tally, before: Segmentation, after: Segmentation): void {
  // Every id is read first and keyed after: reading and keying interleaved run slower at a million.
  const beforeIds = idsOf(before);
  const afterIds = idsOf(after);
  const keys = new CustomerKeys([beforeIds, afterIds]);
  const beforeRow: number[] = [];
  for (let i = 0; i < beforeIds.length; i++) {
    const id = beforeIds[i];
    if (id === null) continue;
    if (keys.insert(id) === DUPLICATE) throw duplicate(before, id, beforeIds.indexOf(id), i);
    beforeRow.push(i);
  }
  const afterRow = new Int32Array(beforeRow.length + afterIds.length).fill(-1);
  for (let i = 0; i < afterIds.length; i++) {
    const id = afterIds[i];
    if (id === null) continue;
    const key = keys.keyOf(id);
    if (afterRow[key] >= 0) throw duplicate(after, id, afterRow[key], i);
    afterRow[key] = i;
  }
  for (let key = 0; key < keys.count; key++) {
    const b = key < beforeRow.length ? beforeRow[key] : -1;
    const a = afterRow[key];
    tally.add(b < 0 ? 0 : before.labels[b], a < 0 ? 0 : after.labels[a]);
  }
}

/** Each row's id (canonicalId), null for a row with neither id nor label; a label without an id is refused. */
function idsOf(side: Segmentation): (number | string | null)[] {
  const cells = side.ids as readonly CellValue[];
  const ids = new Array<number | string | null>(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const id = canonicalId(cells[i]);
    if (id === null && side.labels[i] !== 0) {
      const cell = cells[i];
      const what = cell === null || cell === undefined || cell === "" ? "empty" : describeCell(cell);
      throw new SegmentError(
        "value",
        `${sideName(side)}, row ${rowOf(side, i)}: no customer id (${what}) on a segmented row. Every segmented customer needs an id to be matched.`,
      );
    }
    ids[i] = id;
  }
  return ids;
}

function duplicate(side: Segmentation, id: number | string, first: number, row: number): SegmentError {
  return new SegmentError(
    "value",
    `${sideName(side)}: customer ${describeCell(id)} is on rows ${rowOf(side, first)} and ${rowOf(side, row)}. Each customer can be on one row per side.`,
  );
}

/** CustomerKeys.insert's answer for an id it already has. */
const DUPLICATE = -2;

/**
 * Keys 0, 1, 2, … for ids in order of first sight. Numbers are what Excel passes for ids in number
 * cells, and they usually run over a short range of whole numbers: those are keyed through an array
 * over that range, several times faster than a Map at a million ids; other numbers and text go
 * through Maps.
 */
class CustomerKeys {
  private readonly dense: Int32Array;
  private readonly low: number;
  private readonly byNumber = new Map<number, number>();
  private readonly byText = new Map<string, number>();
  count = 0;

  constructor(columns: readonly (readonly (number | string | null)[])[]) {
    let low = Infinity;
    let high = -Infinity;
    let whole = 0;
    for (const cells of columns) {
      for (let i = 0; i < cells.length; i++) {
        const x = cells[i];
        if (typeof x === "number" && Number.isInteger(x)) {
          if (x < low) low = x;
          if (x > high) high = x;
          whole++;
        }
      }
    }
    // An array up to a few times the ids' count: beyond that, sparse ids are cheaper in a Map.
    const span = high - low + 1;
    const dense = whole > 0 && span <= Math.max(4 * whole, 65536);
    this.low = dense ? low : 0;
    this.dense = new Int32Array(dense ? span : 0).fill(-1);
  }

  /** A new id's key, DUPLICATE for one it has: one Map operation rather than a look-up and an insert. */
  insert(id: number | string): number {
    const key = this.count;
    if (typeof id === "string") {
      const size = this.byText.size;
      if (this.byText.set(id, key).size === size) return DUPLICATE;
    } else {
      const at = this.denseAt(id);
      if (at >= 0) {
        if (this.dense[at] >= 0) return DUPLICATE;
        this.dense[at] = key;
      } else {
        const size = this.byNumber.size;
        if (this.byNumber.set(id, key).size === size) return DUPLICATE;
      }
    }
    return this.count++;
  }

  /** The id's key, given on first sight. */
  keyOf(id: number | string): number {
    let key: number | undefined;
    if (typeof id === "string") {
      key = this.byText.get(id);
      if (key === undefined) this.byText.set(id, (key = this.count++));
      return key;
    }
    const at = this.denseAt(id);
    if (at >= 0) {
      key = this.dense[at];
      if (key < 0) key = this.dense[at] = this.count++;
      return key;
    }
    key = this.byNumber.get(id);
    if (key === undefined) this.byNumber.set(id, (key = this.count++));
    return key;
  }

  /** The id's place in the dense array, -1 if it has none there. */
  private denseAt(x: number): number {
    const at = x - this.low;
    return at >= 0 && at < this.dense.length && Number.isInteger(at) ? at : -1;
  }
}

function sideName(side: Segmentation): string {
  return side.idsName ?? "ids";
}

function rowOf(side: Segmentation, i: number): number {
  return (side.firstRow ?? 1) + i;
}
