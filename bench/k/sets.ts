/**
 * The k benchmark's data sets (test/fixtures/k-benchmark, made by scripts/k_benchmark.py): each a
 * range of values as Excel would pass it (a header row, then numbers) and the k agreed for it.
 */
import * as fs from "fs";
import * as path from "path";
import type { CellValue } from "../../src/core/cells";

export const K_BENCHMARK_DIR = path.resolve(__dirname, "..", "..", "test", "fixtures", "k-benchmark");

/**
 * tuning: the rule may be tuned on these. held-out: committed before the rule changed; an early
 * draft of the new rule was judged on it and then revised, so it is no longer unseen. held-out-2:
 * committed after that revision and before the rule was run on it.
 */
export const K_GROUPS = ["tuning", "held-out", "held-out-2"] as const;
export type KGroup = (typeof K_GROUPS)[number];

export interface KSet {
  readonly name: string;
  readonly group: KGroup;
  /** The agreed number of segments. */
  readonly k: number;
  /** Header row, then one row of numbers per customer. */
  readonly values: CellValue[][];
}

interface ManifestEntry {
  readonly name: string;
  readonly file: string;
  readonly columns?: readonly string[];
  readonly k: number;
}

export function loadGroup(group: KGroup, dir = K_BENCHMARK_DIR): KSet[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, `${group}.json`), "utf8")) as {
    sets: ManifestEntry[];
  };
  return manifest.sets.map((entry) => ({
    name: entry.name,
    group,
    k: entry.k,
    values: readCsv(fs.readFileSync(path.join(dir, entry.file), "utf8"), entry.columns),
  }));
}

/** A CSV of plain cells (no quoting: the benchmark's files have none), keeping `columns` if given. */
export function readCsv(text: string, columns?: readonly string[]): CellValue[][] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const [header, ...body] = lines.map((line) => line.split(","));
  const keep = columns
    ? columns.map((name) => {
        const j = header.indexOf(name);
        if (j < 0) throw new Error(`No column "${name}" in the CSV (it has ${header.join(", ")}).`);
        return j;
      })
    : header.map((_, j) => j);
  const cell = (text: string): CellValue =>
    text === "" ? null : Number.isNaN(Number(text)) ? text : Number(text);
  return [keep.map((j) => header[j]), ...body.map((row) => keep.map((j) => cell(row[j])))];
}
