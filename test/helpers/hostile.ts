/**
 * Hostile input for the fuzz tests of the formulas (test/functions/fuzz.test.ts) and of the wizard's
 * analysis (test/taskpane/analysis-fuzz.test.ts): ranges as Excel, the sandbox or the command line
 * may hand them over. Tables are built column by column (so that most cases still reach k-means and
 * the metrics instead of stopping at the first unreadable cell), then salted with hostile cells and
 * bent into awkward shapes: one row, one column, every row alike, duplicated rows, a totals row,
 * ragged rows.
 */
import fc from "fast-check";

export type Cell = number | string | boolean | null | undefined;
export type Range = Cell[][];

/** Error values as they arrive in a values array. */
export const ERROR_TEXTS = ["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NUM!", "#NAME?", "#NULL!"] as const;

/** Numbers typed as text, as real exports carry them. */
export const TEXT_NUMBERS = [
  "1,234.50",
  "45%",
  "$12",
  "(1,234)",
  "-$5",
  "€ 12,00",
  "1.234.567,89",
  "12,5",
  " 7 ",
  "1e5",
  "USD 12",
] as const;

/** Any magnitude a double can carry, from 1e-300 to 1e300, either sign. */
export const magnitude: fc.Arbitrary<number> = fc
  .tuple(fc.double({ min: 1, max: 9.99, noNaN: true }), fc.integer({ min: -300, max: 300 }), fc.boolean())
  .map(([m, e, negative]) => (negative ? -1 : 1) * m * 10 ** e);

const extremes: fc.Arbitrary<number> = fc.constantFrom(
  1e-300,
  -1e-300,
  1e300,
  -1e300,
  5e-324,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  0,
  -0,
);

/** A single cell of any kind a range can hold, the ill-formed ones over-represented. */
export const hostileCell: fc.Arbitrary<Cell> = fc.oneof(
  fc.integer({ min: -5, max: 50 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  magnitude,
  extremes,
  fc.constantFrom(NaN, Infinity, -Infinity),
  fc.boolean(),
  fc.constantFrom(null, "", "   ", undefined),
  fc.constantFrom(...ERROR_TEXTS),
  fc.constantFrom(...TEXT_NUMBERS),
  fc.constantFrom("Male", "Female", "North", "South", "East", "TRUE", "false", "Total", "Segment"),
  fc.string({ maxLength: 6 }),
);

type ColumnKind =
  | "numbers"
  | "integers"
  | "magnitudes"
  | "large"
  | "tiny"
  | "category"
  | "currency"
  | "percent"
  | "european"
  | "textNumbers"
  | "booleans"
  | "mixed";

// Mostly columns that can be read, so that most cases reach k-means and the metrics; the rest are
// there to be refused with a message.
const columnKind = fc.constantFrom<ColumnKind>(
  "numbers",
  "numbers",
  "numbers",
  "integers",
  "magnitudes",
  "large",
  "tiny",
  "category",
  "currency",
  "percent",
  "european",
  "textNumbers",
  "booleans",
  "mixed",
);

const amount = fc.double({ min: 0, max: 50000, noNaN: true });

function columnCell(kind: ColumnKind): fc.Arbitrary<Cell> {
  switch (kind) {
    case "numbers":
      return fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true });
    case "integers":
      return fc.integer({ min: 0, max: 9 });
    case "magnitudes":
      return fc.oneof(magnitude, extremes);
    case "large":
      // Large, but within what Segment computes with (core MAX_MAGNITUDE, 1e100).
      return fc
        .double({ min: 1, max: 9.99, noNaN: true })
        .chain((m) => fc.integer({ min: 0, max: 99 }).map((e) => m * 10 ** e));
    case "tiny":
      // Numbers that differ only far below 1: spreads that square to nothing.
      return fc.double({ min: 1, max: 9, noNaN: true }).map((m) => m * 1e-300);
    case "category":
      return fc.constantFrom("Male", "Female", "Other");
    case "currency":
      return amount.map(
        (x) => "$" + x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      );
    case "percent":
      return fc.integer({ min: 0, max: 100 }).map((x) => `${x}%`);
    case "european":
      return amount.map((x) =>
        x.toLocaleString("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      );
    case "textNumbers":
      return fc.constantFrom(...TEXT_NUMBERS);
    case "booleans":
      return fc.boolean();
    case "mixed":
      return hostileCell;
  }
}

const blank: fc.Arbitrary<Cell> = fc.constantFrom<Cell>(null, "", "  ", undefined);

/** What replaces a share of the cells: blanks (missing values), or anything at all. */
const noiseKind = fc.constantFrom(
  { rate: 0, cell: blank },
  { rate: 0, cell: blank },
  { rate: 0, cell: blank },
  { rate: 0.15, cell: blank },
  { rate: 0.15, cell: blank },
  { rate: 0.05, cell: hostileCell },
  { rate: 0.3, cell: hostileCell },
);

/** Columns Segment can read, with at most blanks among them: these cases reach k-means and the metrics. */
const readableKind = fc.constantFrom<ColumnKind>(
  "numbers",
  "numbers",
  "integers",
  "large",
  "tiny",
  "category",
  "currency",
  "percent",
  "european",
  "booleans",
);

const blanksOnly = fc.constantFrom({ rate: 0, cell: blank }, { rate: 0.15, cell: blank });

/** Header names: plain, repeated, empty, numeric-looking or a name Segment itself writes. */
const headerName: fc.Arbitrary<Cell> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("Age", "Income", "Spend", "Gender", "Visits", "Region") },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Cell>("", null, "Segment", "Total", "#N/A", "ID", "Customer ID", 2024),
  },
);

/** A uniform draw in [0, 1): fast-check's bias towards 0 would make every "rare" cell common. */
const roll = fc.noBias(fc.integer({ min: 0, max: 999 })).map((x) => x / 1000);

export type Shape = "plain" | "identical" | "duplicates" | "totals" | "ragged";

export interface TableCase {
  readonly values: Range;
  readonly shape: Shape;
  readonly header: boolean;
}

export interface TableOptions {
  readonly maxRows?: number;
  readonly maxColumns?: number;
}

/**
 * A table of 1..maxRows data rows and 1..maxColumns columns, with or without a header row. Each
 * column has a kind; a share of its cells (none, a few, or a third) is replaced by blanks or, in the
 * half of the tables that are not kept readable, by hostile cells.
 */
export function tableCase({ maxRows = 14, maxColumns = 4 }: TableOptions = {}): fc.Arbitrary<TableCase> {
  // Half the tables are readable (blanks at most), so that the compute behind the errors is fuzzed too.
  return fc.boolean().chain((readable) =>
    fc
      .record({
        n: fc.oneof(
          { weight: 1, arbitrary: fc.constant(1) },
          { weight: 6, arbitrary: fc.integer({ min: 2, max: maxRows }) },
        ),
        kinds: fc.array(readable ? readableKind : columnKind, { minLength: 1, maxLength: maxColumns }),
        header: fc.boolean(),
        noise: readable ? blanksOnly : noiseKind,
        shape: fc.constantFrom<Shape>("plain", "plain", "identical", "duplicates", "totals", "ragged"),
      })
      .chain(({ n, kinds, header, noise, shape }) =>
        fc
          .record({
            columns: fc.tuple(
              ...kinds.map((kind) =>
                fc.array(fc.tuple(columnCell(kind), roll, noise.cell), {
                  minLength: n,
                  maxLength: n,
                }),
              ),
            ),
            names: fc.array(headerName, { minLength: kinds.length, maxLength: kinds.length }),
            pick: fc.nat(),
          })
          .map(({ columns, names, pick }) => {
            const d = kinds.length;
            let rows: Range = Array.from({ length: n }, (_, i) =>
              Array.from({ length: d }, (_, j) => {
                const [cell, draw, bad] = columns[j][i];
                return draw < noise.rate ? bad : cell;
              }),
            );
            rows = bend(rows, shape, pick);
            return { values: header ? [names, ...rows] : rows, shape, header };
          }),
      ),
  );
}

/** Sums of the numeric cells of each column, for a totals row. */
function columnSums(rows: Range): Cell[] {
  const d = rows[0].length;
  return Array.from({ length: d }, (_, j) => {
    let sum = 0;
    let any = false;
    for (const row of rows) {
      const v = row[j];
      if (typeof v === "number") {
        sum += v;
        any = true;
      }
    }
    return any ? sum : "";
  });
}

function bend(rows: Range, shape: Shape, pick: number): Range {
  const n = rows.length;
  switch (shape) {
    case "plain":
      return rows;
    case "identical":
      return rows.map(() => [...rows[pick % n]]);
    case "duplicates":
      return [...rows, ...rows.slice(0, 1 + (pick % n)).map((r) => [...r])];
    case "totals": {
      const total = columnSums(rows);
      total[0] = "Total";
      return [...rows, total];
    }
    case "ragged":
      return rows.map((r, i) => (i === pick % n ? r.slice(0, Math.max(0, r.length - 1 - (pick % 2))) : r));
  }
}

/** Values for a whole-number argument (k, kmin, kmax) around n, the data rows: mostly valid. */
export function countArgument(n: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 16, arbitrary: fc.integer({ min: 1, max: Math.max(1, Math.min(n, 6)) }) },
    { weight: 3, arbitrary: fc.constantFrom(0, 1, n, n + 1) },
    { weight: 2, arbitrary: fc.constantFrom<unknown>("3", " 2 ", [[2]]) },
    {
      weight: 3,
      arbitrary: fc.constantFrom<unknown>(
        2.5,
        -1,
        -3,
        NaN,
        Infinity,
        -Infinity,
        1e300,
        "2.5",
        "abc",
        "#N/A",
        "",
        null,
        undefined,
        true,
        [[1, 2]],
        [],
      ),
    },
  );
}

/** scaling: omitted, each valid word, odd case, or nonsense. */
export const scalingArgument: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 15,
    arbitrary: fc.constantFrom<unknown>(null, undefined, "zscore", "minmax", "robust", "none", " MinMax ", [
      ["robust"],
    ]),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>("z-score", 3, true, "#VALUE!") },
);

/** transform: omitted, auto, none, column names that exist or not, or nonsense. */
export const transformArgument: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 14, arbitrary: fc.constantFrom<unknown>(null, undefined, "auto", "none", [[null]]) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>("Income", "Spend; Visits", "Age, Age", "Column 1", "Nope", [
      ["Income", "Spend"],
    ]),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(5, true, NaN, "#N/A", ",;,") },
);

/** seed: omitted, any 32-bit whole number, or something else. */
export const seedArgument: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 15,
    arbitrary: fc.oneof(fc.integer(), fc.constantFrom<unknown>(null, undefined, 42, 0, -1, 4294967295, "7")),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(4294967296, 2.5, "x", NaN) },
);

/** restarts: omitted, 1 to 100, or out of bounds. */
export const restartsArgument: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 15, arbitrary: fc.constantFrom<unknown>(null, undefined, 1, 2, 4, "3", [[2]]) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 101, 2.5, "x", -1) },
);
