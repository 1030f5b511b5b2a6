/*
 * MIGRATION and FORECAST: how customers moved between two segmentations, and where a Markov chain
 * built from those moves takes the segment sizes.
 *
 * MIGRATION spills two blocks, a blank row apart, each with a header row and a label column:
 *
 *   Before \ After | 1 | 2 | … | Noise | Gone | Total        counts
 *   1              | …                                       one row per segment before
 *   Noise          | …                                       (when either side has noise)
 *   New            | …                 |  ""  |             (when some customers are new)
 *   Total          | …                                       column totals, the grand total
 *
 *   Share of row   | 1 | 2 | … | Noise | Gone | Total        the same rows, each row's counts
 *   …                                                        divided by its total
 *
 * Noise, Gone and New appear only when there is some. FORECAST reads the counts block back: its
 * corner cell says what it is, its header row and label column name every state, and it ends at
 * the blank row, so the whole spill and the counts block alone read the same.
 */
import { NOISE } from "../core/algorithms/clusterer";
import { CellValue, classifyCell, cellToNumber, describeCell } from "../core/cells";
import { SegmentError } from "../core/errors";
import { LongRun, longRun, project, transitionMatrix } from "../core/markov";
import { Migration, Segmentation, migrate } from "../core/migration";
import { isOmitted, parseData, parseWholeNumber } from "./args";
import { parseLabelColumn, singleColumn } from "./labels";
import { EXCEL_LIMITS, FormulaLimits } from "./limits";
import { Cell, toSpill } from "./output";

export const MIGRATION_LABELS = {
  corner: "Before \\ After",
  sharesCorner: "Share of row",
  noise: "Noise",
  gone: "Gone",
  fresh: "New",
  total: "Total",
} as const;

/** FORECAST's steps: the default and the most (ten years of months). */
export const FORECAST_STEPS = { fallback: 1, min: 1, max: 120 } as const;

/** SEGMENT.MIGRATION's spill: counts between two segmentations and each row's shares. */
export function migrationSpill(
  labelsBefore: unknown,
  labelsAfter: unknown,
  idsBefore: unknown,
  idsAfter: unknown,
  limits: FormulaLimits = EXCEL_LIMITS,
): Cell[][] {
  const haveBefore = !isOmitted(idsBefore);
  const haveAfter = !isOmitted(idsAfter);
  if (haveBefore !== haveAfter) {
    const [given, missing] = haveBefore ? ["ids_before", "ids_after"] : ["ids_after", "ids_before"];
    throw new SegmentError(
      "value",
      `${given} is given but ${missing} is not: pass both id columns to match customers by id, or neither to match row by row.`,
    );
  }
  const before = side(labelsBefore, haveBefore ? idsBefore : null, "before", limits);
  const after = side(labelsAfter, haveAfter ? idsAfter : null, "after", limits);
  if (!haveBefore && before.labels.length !== after.labels.length) {
    throw new SegmentError(
      "na",
      `labels_before has ${count(before.labels.length, "label")} and labels_after ${count(after.labels.length, "label")}: without ids, rows are matched by position, so both columns need one label per customer in the same order. Pass ids_before and ids_after to match by customer id.`,
    );
  }
  return toSpill(migrationTable(migrate(before, after)), limits);
}

/** One side's labels and, when given, its ids: the same rows, the label column's header included. */
function side(labels: unknown, ids: unknown, which: string, limits: FormulaLimits): Segmentation {
  const labelsName = `labels_${which}`;
  const column = parseLabelColumn(labels, labelsName, limits);
  const firstRow = column.headerRows + 1;
  if (ids === null) return { labels: column.labels, firstRow };
  const idsName = `ids_${which}`;
  const cells = singleColumn(parseData(ids, idsName, limits), idsName, "customer ids");
  const rows = column.labels.length + column.headerRows;
  if (cells.length !== rows) {
    throw new SegmentError(
      "na",
      `${idsName} has ${count(cells.length, "cell")} but ${labelsName} has ${count(rows, "cell")}: pass the ids of the same rows as the labels (header cell included when the labels have one).`,
    );
  }
  return {
    labels: column.labels,
    ids: column.headerRows === 0 ? cells : cells.slice(column.headerRows),
    idsName,
    firstRow,
  };
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

function stateLabel(state: number): CellValue {
  return state === NOISE ? MIGRATION_LABELS.noise : state;
}

/** The counts block, a blank row, and the shares block (see the top of this file). */
export function migrationTable(m: Migration): CellValue[][] {
  const s = m.states.length;
  const anyGone = m.gone.some((x) => x > 0);
  const anyNew = m.fresh.some((x) => x > 0);
  const rows: { label: CellValue; cells: CellValue[] }[] = m.states.map((state, i) => ({
    label: stateLabel(state),
    cells: [...m.counts.subarray(i * s, i * s + s), ...(anyGone ? [m.gone[i]] : [])],
  }));
  if (anyNew) rows.push({ label: MIGRATION_LABELS.fresh, cells: [...m.fresh, ...(anyGone ? [""] : [])] });
  const width = s + (anyGone ? 1 : 0);
  const columnTotals = Array.from({ length: width }, (_, j) =>
    rows.reduce((sum, row) => sum + (typeof row.cells[j] === "number" ? (row.cells[j] as number) : 0), 0),
  );
  const withTotals = [
    ...rows.map(({ label, cells }) => ({ label, cells, total: sumOf(cells) })),
    {
      label: MIGRATION_LABELS.total as CellValue,
      cells: columnTotals as CellValue[],
      total: sumOf(columnTotals),
    },
  ];
  const header = (corner: string): CellValue[] => [
    corner,
    ...m.states.map(stateLabel),
    ...(anyGone ? [MIGRATION_LABELS.gone] : []),
    MIGRATION_LABELS.total,
  ];
  const share = (x: CellValue, total: number): CellValue =>
    typeof x === "number" && total > 0 ? x / total : "";
  return [
    header(MIGRATION_LABELS.corner),
    ...withTotals.map(({ label, cells, total }) => [label, ...cells, total]),
    [],
    header(MIGRATION_LABELS.sharesCorner),
    ...withTotals.map(({ label, cells, total }) => [
      label,
      ...cells.map((x) => share(x, total)),
      share(total, total),
    ]),
  ];
}

function sumOf(cells: readonly CellValue[]): number {
  let sum = 0;
  for (const x of cells) if (typeof x === "number") sum += x;
  return sum;
}

/** A migration table's counts block read back: the states, their moves, and the sizes after. */
export interface ReadMigration {
  /** Segment numbers, NOISE for the Noise state. */
  readonly states: number[];
  /** Row-major counts between states (New and Gone left out). */
  readonly counts: Float64Array;
  /** Customers in each state after: the column totals, New included. */
  readonly now: Float64Array;
}

const WHAT_FORECAST_READS =
  'SEGMENT.FORECAST reads the counts block of SEGMENT.MIGRATION: a header row starting "Before \\ After" with a column per segment (then Gone and Total, if any), a row per segment (then New and Total, if any).';

/** The counts block of a MIGRATION spill, from its corner to the first blank row. */
export function readMigrationTable(values: CellValue[][]): ReadMigration {
  const corner = values[0]?.[0];
  const cornerText = typeof corner === "string" ? corner.trim().replace(/\s+/g, " ").toLowerCase() : "";
  if (cornerText.startsWith(MIGRATION_LABELS.sharesCorner.toLowerCase())) {
    throw new SegmentError(
      "value",
      `migration is the shares block of SEGMENT.MIGRATION, which has lost the counts: pass the whole spill or its first block (the counts). ${WHAT_FORECAST_READS}`,
    );
  }
  if (cornerText.replace(/ ?\\ ?/, " \\ ") !== MIGRATION_LABELS.corner.toLowerCase()) {
    throw new SegmentError(
      "value",
      `migration starts with ${corner === undefined || isOmitted(corner) ? "an empty cell" : describeCell(corner)}, not "Before \\ After". ${WHAT_FORECAST_READS}`,
    );
  }
  const columns = readAxis(values[0].slice(1), "column", [MIGRATION_LABELS.gone]);
  let end = 1;
  while (end < values.length && !isOmitted(values[end][0])) end++;
  const rows = readAxis(
    values.slice(1, end).map((row) => row[0]),
    "row",
    [MIGRATION_LABELS.fresh],
  );
  const states = columns.states;
  if (rows.states.length !== states.length || rows.states.some((x) => !states.includes(x))) {
    throw new SegmentError(
      "value",
      `migration's rows (${rows.states.map(nameOf).join(", ")}) and columns (${states.map(nameOf).join(", ")}) must name the same segments.`,
    );
  }
  const k = states.length;
  const cell = (r: number, c: number): number => {
    const value = values[r + 1][c + 1];
    const x = classifyCell(value) === "number" ? cellToNumber(value) : NaN;
    if (!(x >= 0)) {
      throw new SegmentError(
        "value",
        `migration, row ${r + 2}, column ${c + 2}: ${isOmitted(value) ? "an empty cell" : describeCell(value)} is not a count (a number, 0 or more).`,
      );
    }
    return x;
  };
  const counts = new Float64Array(k * k);
  const now = new Float64Array(k);
  rows.states.forEach((state, r) => {
    const i = states.indexOf(state);
    columns.at.forEach((c, j) => (counts[i * k + j] = cell(rows.at[r], c)));
  });
  for (const r of rows.extra) columns.at.forEach((c, j) => (now[j] += cell(r, c)));
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) now[j] += counts[i * k + j];
  checkTotals(values, rows, columns, now);
  return { states, counts, now };
}

interface Axis {
  /** The states in order, and where each is (0-based after the label column or header row). */
  readonly states: number[];
  readonly at: number[];
  /** Positions of New (rows) or Gone (columns), which are counted but are no state. */
  readonly extra: number[];
  /** Position of Total, -1 if none. */
  readonly total: number;
}

/** A header row or label column: segment numbers, Noise, New or Gone, Total, up to the first empty cell. */
function readAxis(cells: CellValue[], what: "row" | "column", extras: readonly string[]): Axis {
  const states: number[] = [];
  const at: number[] = [];
  const extra: number[] = [];
  let total = -1;
  for (let p = 0; p < cells.length && !isOmitted(cells[p]) && total < 0; p++) {
    const cell = cells[p];
    const text = typeof cell === "string" ? cell.trim().toLowerCase() : "";
    const x = classifyCell(cell) === "number" ? cellToNumber(cell) : NaN;
    let state: number | null = null;
    if (Number.isInteger(x) && x >= 1) state = x;
    else if (text === MIGRATION_LABELS.noise.toLowerCase()) state = NOISE;
    else if (extras.some((e) => e.toLowerCase() === text)) extra.push(p);
    else if (text === MIGRATION_LABELS.total.toLowerCase()) total = p;
    else {
      const allowed = ["segment numbers", MIGRATION_LABELS.noise, ...extras, MIGRATION_LABELS.total];
      throw new SegmentError(
        "value",
        `migration, ${what === "row" ? `row ${p + 2}` : `column ${p + 2}`}: ${describeCell(cell)} is not a ${what} of a migration table (${allowed.join(", ")}). ${WHAT_FORECAST_READS}`,
      );
    }
    if (state !== null) {
      if (states.includes(state))
        throw new SegmentError("value", `migration names ${nameOf(state)} twice in its ${what}s.`);
      if (extra.length > 0)
        throw new SegmentError("value", `migration's ${what}s must list the segments before ${extras[0]}.`);
      states.push(state);
      at.push(p);
    }
  }
  if (states.length === 0)
    throw new SegmentError("value", `migration has no segment ${what}s. ${WHAT_FORECAST_READS}`);
  return { states, at, extra, total };
}

function nameOf(state: number): string {
  return state === NOISE ? MIGRATION_LABELS.noise : `segment ${state}`;
}

/** Totals in the table, when it has them, must be the sums of their cells: else it was edited or is not counts. */
function checkTotals(values: CellValue[][], rows: Axis, columns: Axis, now: Float64Array): void {
  if (rows.total < 0) return;
  const totals = values[rows.total + 1];
  columns.at.forEach((c, j) => {
    const given = cellToNumber(totals[c + 1]);
    if (!(Math.abs(given - now[j]) <= 1e-9 * Math.max(1, now[j]))) {
      throw new SegmentError(
        "value",
        `migration's Total row says ${describeCell(totals[c + 1])} for ${nameOf(columns.states[j])} but its column adds up to ${now[j]}: pass the counts as SEGMENT.MIGRATION spills them.`,
      );
    }
  });
}

/** SEGMENT.FORECAST's spill: segment sizes now, after each step, and in the long run, with notes. */
export function forecastSpill(
  migration: unknown,
  steps: unknown,
  limits: FormulaLimits = EXCEL_LIMITS,
): Cell[][] {
  const periods = parseWholeNumber(steps, "steps", FORECAST_STEPS);
  const table = readMigrationTable(parseData(migration, "migration", limits));
  const k = table.states.length;
  const chain = transitionMatrix(table.counts, k);
  const sizes = project(table.now, chain, periods);
  const end = longRun(table.now, chain);
  const total = table.now.reduce((a, b) => a + b, 0);
  const notes = forecastNotes(table, chain.unobserved, end, total);
  const header: CellValue[] = [
    "Segment",
    "Now",
    ...Array.from({ length: periods }, (_, t) => `After ${t + 1} step${t === 0 ? "" : "s"}`),
    "Long run",
    "Notes",
  ];
  const rows: CellValue[][] = table.states.map((state, i) => [
    stateLabel(state),
    ...sizes.map((x) => x[i]),
    end.kind === "settles" ? end.sizes[i] : "",
  ]);
  rows.push([
    MIGRATION_LABELS.total,
    ...sizes.map((x) => x.reduce((a, b) => a + b, 0)),
    end.kind === "settles" ? end.sizes.reduce((a, b) => a + b, 0) : "",
  ]);
  // More notes than rows: the rest share the last row's cell.
  const last = rows.length - 1;
  rows.forEach((row, i) => row.push(i < last ? (notes[i] ?? "") : notes.slice(i).join(" ")));
  return toSpill([header, ...rows], limits);
}

function forecastNotes(
  table: ReadMigration,
  unobserved: readonly number[],
  end: LongRun,
  total: number,
): string[] {
  const notes = [
    "Markov assumption: next period's segment depends only on this period's, with the same probabilities every period (each before row's shares among customers in both periods).",
    `New and gone customers are not modelled: the chain moves the ${total.toLocaleString("en-US")} customers segmented now, and the total stays the same.`,
  ];
  if (unobserved.length > 0) {
    const names = unobserved.map((i) => nameOf(table.states[i]));
    notes.push(
      `No customer of ${names.join(", ")} before is segmented after, so nothing says where its customers go: they are taken to stay.`,
    );
  }
  if (end.kind === "settles")
    notes.push(`Long run: where the sizes settle (after about ${end.steps.toLocaleString("en-US")} steps).`);
  else if (end.kind === "cycles")
    notes.push(`Long run: none, the sizes cycle every ${end.period} steps without settling.`);
  else
    notes.push(
      `Long run: the sizes had not settled after ${end.steps.toLocaleString("en-US")} steps, so none is given.`,
    );
  return notes;
}
