import type { CellValue } from "../core/cells";
import { describeFeatures } from "../core/features";
import { readTable } from "../core/table";
import { columnIndex, columnLetters } from "../host/address";
import { InputError } from "./read";

/**
 * The columns to segment on, as the values a formula's data argument would hold: those --columns
 * names (by header name, case aside, or by letter, in the order given), or without it the columns the
 * task pane checks at first (describeFeatures: identifiers, near-constant columns and the like left
 * out), since a formula given an identifier column only refuses it.
 */
export function featureValues(values: CellValue[][], wanted: readonly string[] | null): CellValue[][] {
  const indices = wanted === null ? defaultColumns(values) : namedColumns(values, wanted);
  return indices === null ? values : pickColumns(values, indices);
}

function namedColumns(values: CellValue[][], wanted: readonly string[]): number[] {
  return wanted.map((name) => columnNamed(values, name));
}

/** The index of the column `name` names: by header name (case aside), or by letter (A, C, AB). */
export function columnNamed(values: CellValue[][], name: string): number {
  const width = values[0]?.length ?? 0;
  const byName = headerNames(values).indexOf(name.trim().toLowerCase());
  if (byName >= 0) return byName;
  if (/^[A-Za-z]{1,3}$/.test(name)) {
    const at = columnIndex(name.toUpperCase());
    if (at < width) return at;
  }
  throw new InputError(`There is no column "${name}": the columns are ${columnList(values)}.`);
}

/** The header row's names, trimmed and lower-cased; null where a cell holds no text. */
export function headerNames(values: CellValue[][]): (string | null)[] {
  return (values[0] ?? []).map((v) => (typeof v === "string" ? v.trim().toLowerCase() : null));
}

/** Rows the default choice of columns looks at: what a column is shows in an even sample of its rows. */
export const DEFAULT_COLUMNS_SAMPLE = 10_000;

/**
 * The pane's first choice of columns; null when that is every column (no copy needed). Judged on the
 * first row and an evenly spaced sample of the rest: a full sheet's table read twice costs half a second.
 */
function defaultColumns(values: CellValue[][]): number[] | null {
  const step = Math.max(1, (values.length - 1) / DEFAULT_COLUMNS_SAMPLE);
  const sample = [values[0]];
  for (let i = 1; i < values.length; i += step) sample.push(values[Math.floor(i)]);
  const table = readTable(sample);
  const infos = describeFeatures(table);
  const chosen = table.columns.filter((_, j) => infos[j].defaultSelected).map((c) => c.index);
  if (chosen.length === 0) {
    throw new InputError(
      `No column looks usable as a feature (identifiers, empty or constant columns): name them with --columns; the columns are ${columnList(values)}.`,
    );
  }
  return chosen.length === table.columns.length ? null : chosen;
}

export function columnList(values: CellValue[][]): string {
  return (values[0] ?? [])
    .map((v, j) => (typeof v === "string" && v.trim() !== "" ? `"${v.trim()}"` : columnLetters(j)))
    .join(", ");
}

function pickColumns(values: CellValue[][], indices: readonly number[]): CellValue[][] {
  const out = new Array<CellValue[]>(values.length);
  for (let i = 0; i < values.length; i++) {
    const row = values[i];
    const picked = new Array<CellValue>(indices.length);
    for (let j = 0; j < indices.length; j++) picked[j] = row[indices[j]];
    out[i] = picked;
  }
  return out;
}
