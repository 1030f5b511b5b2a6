import { firstTooLarge } from "./preprocess";
import { skewness } from "./stats";
import { Column, ColumnKind, Table } from "./table";
import { isHeavyTailed } from "./tails";

/**
 * What a column is worth as a feature, before anything is fitted: the warnings an analyst should see
 * while choosing features, and whether the column is a sensible default.
 */
export type FeatureWarningKind =
  | "skewed"
  | "almostConstant"
  | "manyMissing"
  | "invalid"
  | "manyCategories"
  | "identifier"
  | "empty"
  | "segmentLabels"
  | "readAs";

export interface FeatureWarning {
  readonly kind: FeatureWarningKind;
  readonly message: string;
}

export interface FeatureInfo {
  readonly name: string;
  readonly kind: ColumnKind;
  /** False for columns that cannot be a feature at all (empty). */
  readonly selectable: boolean;
  /** Checked when the wizard first shows the column. */
  readonly defaultSelected: boolean;
  /** True when log(1 + x) is defined for every value and would reduce a right skew. */
  readonly suggestLog: boolean;
  /** True when the column has a heavy right tail, so that log(1 + x) is applied by default (tails.ts). */
  readonly autoLog: boolean;
  readonly skewness: number | null;
  readonly missingShare: number;
  readonly warnings: readonly FeatureWarning[];
}

/**
 * The thresholds are rules of thumb: |skewness| > 1 is "highly skewed" (Bulmer), a value on 95% of rows
 * leaves too little variation to separate groups, and a fifth of rows missing changes who gets labelled.
 */
export const FEATURE_THRESHOLDS = {
  skewness: 1,
  almostConstantShare: 0.95,
  manyMissingShare: 0.2,
  manyCategories: 20,
} as const;

/** A column named like the label column Segment writes: re-reading the sheet would otherwise feed old labels back in. */
const SEGMENT_LABELS = /^segment( \(?\d+\)?)?$/i;

/**
 * Every column's description. `onColumn` hears after each (columns done, columns in all): on a full
 * sheet a column takes about a tenth of a second, and the task pane reports them.
 */
export function describeFeatures(
  table: Table,
  onColumn?: (done: number, total: number) => void,
): FeatureInfo[] {
  const total = table.columns.length;
  return table.columns.map((c, j) => {
    const info = describeFeature(c, table.rowCount, table.hasHeader ? 1 : 0);
    onColumn?.(j + 1, total);
    return info;
  });
}

/** `start` is the range row of data row 0 (1 under a header row), for the rows warnings name. */
export function describeFeature(column: Column, rowCount: number, start = 0): FeatureInfo {
  const warnings: FeatureWarning[] = [];
  const missingShare = rowCount > 0 ? column.missing / rowCount : 0;
  const base = { name: column.name, kind: column.kind, missingShare };

  if (column.kind === "empty") {
    warnings.push({ kind: "empty", message: "Every cell is empty." });
    return {
      ...base,
      selectable: false,
      defaultSelected: false,
      suggestLog: false,
      autoLog: false,
      skewness: null,
      warnings,
    };
  }
  if (column.kind === "identifier") {
    warnings.push({
      kind: "identifier",
      message: "Looks like an identifier (a different value on every row): it says nothing about similarity.",
    });
  }
  const labels = SEGMENT_LABELS.test(column.name.trim());
  if (labels) {
    warnings.push({
      kind: "segmentLabels",
      message: "Looks like labels from an earlier run: using them as a feature would repeat that run.",
    });
  }
  if (column.firstInvalid) {
    const what = column.holdsNumbers ? "not a number" : "an error value";
    const more = column.invalid > 1 ? ` (${column.invalid} such cells)` : "";
    warnings.push({
      kind: "invalid",
      message: `Row ${column.firstInvalid.row} holds ${column.firstInvalid.value}, ${what}${more}: fix it before using this column.`,
    });
  }
  // A number past what Segment computes with is refused at the run (preprocess.ts); said here first,
  // and its column's skewness, which would overflow to Infinity or NaN, is not shown.
  const tooLarge =
    column.kind === "numeric" || column.kind === "date" ? firstTooLarge(column, rowCount, start) : null;
  if (tooLarge) {
    warnings.push({
      kind: "invalid",
      message: `Row ${tooLarge.row} holds ${tooLarge.value}, too large a number to segment by (at most 1e100 in size): fix it before using this column.`,
    });
  }
  if (column.note) {
    warnings.push({ kind: "readAs", message: `${column.note[0].toUpperCase()}${column.note.slice(1)}.` });
  }
  if (missingShare >= FEATURE_THRESHOLDS.manyMissingShare) {
    warnings.push({
      kind: "manyMissing",
      message: `${percent(missingShare)} of rows are empty: "drop" leaves them unlabelled; an imputing choice keeps them.`,
    });
  }
  const constant = dominantShare(column);
  if (constant !== null && constant.share >= FEATURE_THRESHOLDS.almostConstantShare) {
    warnings.push({
      kind: "almostConstant",
      message:
        constant.share === 1
          ? `Constant: every row is ${constant.value}, so it cannot tell segments apart.`
          : `Almost constant: ${percent(constant.share)} of rows are ${constant.value}.`,
    });
  }
  if (column.codes && column.kind === "categorical" && column.distinct > FEATURE_THRESHOLDS.manyCategories) {
    warnings.push({
      kind: "manyCategories",
      message: `${column.distinct} different values: each becomes a feature of its own and they crowd out the rest.`,
    });
  }

  const skew = column.kind === "numeric" && !tooLarge ? skewOf(column) : null;
  let suggestLog = false;
  const autoLog = skew !== null && isHeavyTailed({ skewness: skew.value, min: skew.min, count: skew.count });
  if (autoLog) {
    suggestLog = true;
    warnings.push({
      kind: "skewed",
      message: `Heavy right tail (skewness ${skew.value.toFixed(1)}): log(1 + x) is on by default, so a few large values do not decide the segments.`,
    });
  } else if (skew !== null && Math.abs(skew.value) > FEATURE_THRESHOLDS.skewness) {
    // log(1 + x) pulls in a long right tail; a left tail would only get longer.
    suggestLog = skew.value > 0 && skew.min > -1;
    warnings.push({
      kind: "skewed",
      message:
        `Skewed to the ${skew.value > 0 ? "right" : "left"} (skewness ${skew.value.toFixed(1)})` +
        (suggestLog ? ": a log transform makes a few large values count less." : "."),
    });
  }

  const blocking = warnings.some((w) =>
    ["identifier", "segmentLabels", "invalid", "manyCategories"].includes(w.kind),
  );
  return {
    ...base,
    selectable: true,
    defaultSelected: !blocking && !(constant !== null && constant.share === 1),
    suggestLog,
    autoLog,
    skewness: skew?.value ?? null,
    warnings,
  };
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function skewOf(column: Column): { value: number; min: number; count: number } | null {
  const numbers = column.numbers as Float64Array;
  const present = new Float64Array(numbers.length);
  let count = 0;
  let min = Infinity;
  for (let i = 0; i < numbers.length; i++) {
    const x = numbers[i];
    if (x !== x) continue;
    present[count++] = x;
    if (x < min) min = x;
  }
  return count < 3 ? null : { value: skewness(present.subarray(0, count)), min, count };
}

/**
 * The value held by more than half of the present cells, with its share; null when none is. Only
 * shares of 95% and more are ever reported, so the majority is all that matters, and it is found in
 * two passes with no table of counts (Boyer and Moore's vote): a Map of a million distinct numbers
 * took most of a second per column.
 */
function dominantShare(column: Column): { value: string; share: number } | null {
  const values: ArrayLike<number> | null = column.holdsNumbers ? column.numbers : column.codes;
  if (!values) return null;
  // NaN marks a missing number, -1 a missing category code.
  const missing = column.holdsNumbers ? (v: number) => v !== v : (v: number) => v < 0;
  let candidate = NaN;
  let votes = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (missing(v)) continue;
    if (votes === 0) {
      candidate = v;
      votes = 1;
    } else votes += v === candidate ? 1 : -1;
  }
  let present = 0;
  let hits = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (missing(v)) continue;
    present++;
    if (v === candidate) hits++;
  }
  if (present === 0 || 2 * hits <= present) return null;
  // -0 and 0 are one value; show it as 0.
  const value = column.holdsNumbers
    ? String(candidate === 0 ? 0 : candidate)
    : `"${column.categories[candidate]}"`;
  return { value, share: hits / present };
}
