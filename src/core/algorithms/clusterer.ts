import { SegmentError } from "../errors";
import type { Matrix } from "../matrix";

/**
 * The seam every clustering algorithm plugs into: an id, a table of its parameters (read by the
 * functions' argument checks, the pane's controls and the README's help, so that each is said once),
 * and a fit from a scaled matrix to a Clustering. Table reading, preprocessing, profiles and the
 * write plan know nothing of which algorithm ran.
 */

/**
 * Label of a noise row (DBSCAN): a row the algorithm saw and placed in no cluster. Distinct from a
 * row left out before clustering (a missing value under "drop"), which has no label at all. In
 * spills a noise row shows 0 and a row left out "".
 */
export const NOISE = -1;

export type ParamValue = number | string;

/** One parameter: what the functions check an argument against and the pane shows a control for. */
export interface ParamSpec {
  readonly name: string;
  readonly type: "integer" | "number" | "choice";
  /** Inclusive bounds for numbers; `above` is an exclusive lower bound (eps > 0). */
  readonly min?: number;
  readonly above?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
  /** The default, or null when the parameter is required. */
  readonly default: ParamValue | null;
  /** One line for the README and the pane. */
  readonly help: string;
}

/** Progress of a fit: a fraction done (null when unknown) and words for the progress bar. */
export type FitProgress = (fraction: number | null, message: string) => void;

export interface Clustering {
  readonly algorithm: string;
  /**
   * One label per matrix row: 1..k, segment 1 the largest (ties by first row), or NOISE.
   */
  readonly labels: Int32Array;
  readonly k: number;
  /** Rows in segments 1..k. */
  readonly sizes: readonly number[];
  /** Rows labelled NOISE. */
  readonly noise: number;
  /** k rows of d in model (scaled) space, or null for an algorithm without centres. */
  readonly centroids: Float64Array | null;
  /** Per row, the probability of its segment (mixtures), or null. */
  readonly probabilities: Float64Array | null;
  readonly iterations: number;
  readonly converged: boolean;
}

export interface Clusterer<P extends Record<string, ParamValue> = Record<string, ParamValue>> {
  readonly id: string;
  /** As users read it: "k-means", "DBSCAN", "Gaussian mixture". */
  readonly label: string;
  readonly params: readonly ParamSpec[];
  fit(matrix: Matrix, params: P, progress?: FitProgress): Clustering;
}

/**
 * Labels renumbered 1..k by cluster size, largest first, ties by the first row in the cluster (so
 * the numbering is the same on every run); NOISE stays NOISE. `raw` holds any non-negative cluster
 * ids and NOISE. Returns the new labels and the sizes.
 */
export function numberBySize(raw: Int32Array): { labels: Int32Array; sizes: number[] } {
  const counts = new Map<number, number>();
  const first = new Map<number, number>();
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === NOISE) continue;
    counts.set(c, (counts.get(c) ?? 0) + 1);
    if (!first.has(c)) first.set(c, i);
  }
  const order = [...counts.keys()].sort(
    (a, b) =>
      (counts.get(b) as number) - (counts.get(a) as number) ||
      (first.get(a) as number) - (first.get(b) as number),
  );
  const rank = new Map(order.map((c, i) => [c, i + 1]));
  const labels = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) labels[i] = raw[i] === NOISE ? NOISE : (rank.get(raw[i]) as number);
  return { labels, sizes: order.map((c) => counts.get(c) as number) };
}

/**
 * What is wrong with `value` as parameter `spec`, in words naming it, or null when nothing is: the
 * bounds and choices of the table, said once for the functions and the pane.
 */
export function paramProblem(spec: ParamSpec, value: ParamValue): string | null {
  const { name } = spec;
  if (spec.type === "choice") {
    const choices = spec.choices ?? [];
    return choices.includes(String(value))
      ? null
      : `${name} must be one of ${choices.map((c) => `"${c}"`).join(", ")} (got "${String(value)}").`;
  }
  if (typeof value !== "number" || !Number.isFinite(value)) return `${name} must be a number.`;
  if (spec.type === "integer" && !Number.isInteger(value))
    return `${name} must be a whole number (got ${value}).`;
  if (spec.above !== undefined && !(value > spec.above))
    return `${name} must be more than ${spec.above} (got ${value}).`;
  if (spec.min !== undefined && value < spec.min)
    return `${name} must be at least ${spec.min} (got ${value}).`;
  if (spec.max !== undefined && value > spec.max)
    return `${name} must be at most ${spec.max} (got ${value}).`;
  return null;
}

/**
 * A full set of parameters from the ones given: each checked against its spec, the defaults filling
 * the rest; a required one missing, or one out of bounds, is a SegmentError naming it.
 */
export function resolveParams(
  specs: readonly ParamSpec[],
  given: Readonly<Record<string, ParamValue>>,
): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const spec of specs) {
    const value = given[spec.name] ?? spec.default;
    if (value === null) throw new SegmentError("value", `${spec.name} is required.`);
    const problem = paramProblem(spec, value);
    if (problem) throw new SegmentError("value", problem);
    out[spec.name] = value;
  }
  return out;
}
