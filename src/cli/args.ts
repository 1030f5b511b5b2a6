/*
 * The command line's arguments. Flags are checked here; their values go through the functions' own
 * parsers (args.ts), so that a bad --k or --scaling is refused with the words SEGMENT.KMEANS uses.
 */
import { statSync } from "fs";
import path from "path";
import { DEFAULTS } from "../core/defaults";
import { MODEL_SHEET } from "../core/plan";
import { LogChoice, Scaling } from "../core/preprocess";
import { parseK, parseRestarts, parseScaling, parseSeed, parseTransform } from "../functions/args";

export const USAGE = `Usage: segment FILE.(csv|xlsx) [options]
       segment rfm TRANSACTIONS.(csv|csv.gz|xlsx) [options]   (see segment rfm --help)
       segment sql MODEL.(xlsx|csv) [options]   (see segment sql --help)

Segments the rows of a table with k-means, as the SEGMENT functions do in Excel (a .csv.gz is read
as its .csv). segment rfm computes RFM per customer from invoice lines, as SEGMENT.RFM does.
segment sql prints the SQL query that scores a table with a model, as SEGMENT.SQL writes it.

Options:
  --sheet NAME          the sheet of an .xlsx file to read (default: the first)
  --columns A,B         the columns to segment on, as letters (A,C) or header names
                        ("Annual Income (k$),Spending Score (1-100)"); default: the columns
                        the task pane starts with (identifiers and the like left out)
  --k N|auto            the number of segments; auto (the default) tries k = ${DEFAULTS.kmin} to ${DEFAULTS.kmax} and
                        takes the one SEGMENT.BESTK recommends
  --scaling zscore|minmax|robust|none   how features are put on one scale (default zscore)
  --seed N              random seed (default ${DEFAULTS.seed}): the same seed and data give the same segments
  --restarts N          k-means starts to try, the best kept (default ${DEFAULTS.restarts})
  --transform auto|none|"Col 1,Col 2"   log(1 + x) of heavy-tailed columns (default auto)
  --out OUT.xlsx        write the data with a Segment column and a "Segment profiles" sheet
                        and the model, as SEGMENT.MODEL spills it, on a "${MODEL_SHEET}" sheet
  --force               with --out: replace OUT.xlsx if it exists (never the input file)
  --json                print one JSON object (labels, k, reason, centroids, profiles, metrics)
  -h, --help            print this help

Exit codes: 0 done, 2 bad input or usage (with a one-line message), 1 anything else.`;

/** A mistake in how the command was called, as against in the data: the message ends with a hint. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface CliOptions {
  readonly file: string;
  readonly sheet: string | null;
  readonly columns: readonly string[] | null;
  readonly k: number | "auto";
  readonly scaling: Scaling;
  readonly seed: number;
  readonly restarts: number;
  /** As the user typed it (or undefined): SEGMENT.KMEANS takes it raw, so the command passes it on raw. */
  readonly transform: string | undefined;
  readonly logTransform: LogChoice;
  readonly out: string | null;
  /** Replace --out when it exists; without it an existing file is refused before anything is read. */
  readonly force: boolean;
  readonly json: boolean;
}

const VALUE_FLAGS = ["sheet", "columns", "k", "scaling", "seed", "restarts", "transform", "out"] as const;

export type Parsed = { readonly help: true } | { readonly help: false; readonly options: CliOptions };

/** A command line split into its value flags, its switches and its files; help when -h or --help is in it. */
export interface Scanned<V extends string, S extends string> {
  readonly help: boolean;
  readonly values: ReadonlyMap<V, string>;
  readonly switches: ReadonlySet<S>;
  readonly files: readonly string[];
}

/** Splits argv by the flags a command knows: `--name value` or `--name=value` for values, `--name` for switches. */
export function scanFlags<V extends string, S extends string>(
  argv: readonly string[],
  valueFlags: readonly V[],
  switchFlags: readonly S[],
): Scanned<V, S> {
  const values = new Map<V, string>();
  const switches = new Set<S>();
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") return { help: true, values, switches, files };
    const on = switchFlags.find((f) => `--${f}` === arg);
    if (on !== undefined) {
      switches.add(on);
      continue;
    }
    if (arg === "--") {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      files.push(arg);
      continue;
    }
    const [flag, inline] = splitFlag(arg);
    const name = valueFlags.find((f) => `--${f}` === flag);
    if (name === undefined) throw new UsageError(`unknown option ${flag}.`);
    if (values.has(name)) throw new UsageError(`--${name} is given twice.`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value.`);
    values.set(name, value);
  }
  return { help: false, values, switches, files };
}

/** --out and --force as given: --out never the input file, --force only with --out. */
export function checkOut(out: string | null, force: boolean, input: string): void {
  if (out !== null) checkOutNotInput(out, input);
  if (force && out === null) throw new UsageError("--force only goes with --out.");
}

/** Refuses --out naming the input file itself: Segment never writes over its input. */
function checkOutNotInput(out: string, input: string): void {
  if (sameFile(out, input))
    throw new UsageError(
      `--out ${out} is the input file: Segment never writes over its input. Name another file.`,
    );
}

export function parseArguments(argv: readonly string[]): Parsed {
  const scanned = scanFlags(argv, VALUE_FLAGS, ["json", "force"] as const);
  if (scanned.help) return { help: true };
  const { values, files } = scanned;
  const json = scanned.switches.has("json");
  const force = scanned.switches.has("force");
  if (files.length === 0) throw new UsageError("no input file: give a .csv or .xlsx file.");
  if (files.length > 1) throw new UsageError(`one input file at a time (got ${files.join(", ")}).`);
  const out = values.get("out") ?? null;
  if (out !== null && !/\.xlsx$/i.test(out))
    throw new UsageError(`--out must name an .xlsx file (got ${out}).`);
  checkOut(out, force, files[0]);
  const kText = values.get("k");
  const transform = values.get("transform");
  return {
    help: false,
    options: {
      file: files[0],
      sheet: values.get("sheet") ?? null,
      columns: parseColumnList(values.get("columns")),
      k: kText === undefined || kText.trim().toLowerCase() === "auto" ? "auto" : parseK(kText),
      scaling: parseScaling(values.get("scaling")),
      seed: parseSeed(values.get("seed")),
      restarts: parseRestarts(values.get("restarts")),
      transform,
      logTransform: parseTransform(transform),
      out,
      force,
      json,
    },
  };
}

/** Whether two paths name one file: the same absolute path, or (both existing) the same file on disk. */
function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf("=");
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

/** "A,C" or "Annual Income (k$),Spending Score (1-100)": names separated by commas, trimmed. */
function parseColumnList(text: string | undefined): string[] | null {
  if (text === undefined) return null;
  const names = text
    .split(",")
    .map((n) => n.trim())
    .filter((n) => n !== "");
  if (names.length === 0) throw new UsageError("--columns needs at least one column.");
  return names;
}
