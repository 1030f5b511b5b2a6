/* What the command prints: a short summary for a person, or one JSON object for a program. */
import { DEFAULTS } from "../core/defaults";
import type { Analysis } from "./analyse";

export interface JsonResult {
  /** One per data row, in input order; null for a row left out (a missing value, a totals row). */
  readonly labels: (number | null)[];
  readonly k: number;
  readonly reason: string;
  readonly notes: readonly string[];
  /** Per segment (segment 1 first), each output feature's centroid in the data's own units. */
  readonly centroids: Record<string, number>[];
  readonly profiles: {
    readonly segment: number;
    readonly name: string;
    readonly size: number;
    readonly share: number;
    readonly features: Record<string, { readonly mean: number | null; readonly median: number | null }>;
    /** "Gender: Female" -> the share of the segment in that category. */
    readonly categories: Record<string, number>;
  }[];
  readonly metrics: {
    readonly inertia: number;
    readonly silhouette: number | null;
    readonly silhouetteExact: boolean;
    readonly calinskiHarabasz: number | null;
    readonly daviesBouldin: number | null;
  };
}

export function jsonResult(a: Analysis): JsonResult {
  const { segmentation: s, report } = a;
  const outputs = s.fitted.preprocessor.outputs.map((o) => o.name);
  const d = outputs.length;
  const labels = new Array<number | null>(s.labelsByRow.length);
  for (let i = 0; i < labels.length; i++) labels[i] = s.labelsByRow[i] >= 1 ? s.labelsByRow[i] : null;
  return {
    labels,
    k: a.k,
    reason: a.reason,
    notes: a.notes,
    centroids: Array.from({ length: a.k }, (_, c) =>
      Object.fromEntries(outputs.map((name, j) => [name, s.centroids[c * d + j]])),
    ),
    profiles: report.segments.map((p) => ({
      segment: p.segment,
      name: p.name,
      size: p.size,
      share: p.share,
      features: Object.fromEntries(
        p.numeric.map((f) => [f.feature, { mean: finite(f.mean), median: finite(f.median) }]),
      ),
      categories: Object.fromEntries(p.categories.map((c) => [`${c.feature}: ${c.category}`, c.share])),
    })),
    metrics: a.metrics,
  };
}

/** JSON has no NaN: a statistic with no rows behind it is null. */
function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export function summary(a: Analysis): string {
  const { report, metrics } = a;
  const rows = a.segmentation.labelsByRow.length;
  const labelled = report.overall.size;
  const features = a.segmentation.fitted.preprocessor.inputs.map((i) => i.name);
  const lines = [`Features: ${features.join(", ")}`, `k = ${a.k}. ${a.reason}`];
  if (a.sweep && a.sweep.sweptRows < a.segmentation.fitted.matrix.n) {
    lines.push(
      `(k = ${DEFAULTS.kmin} to ${DEFAULTS.kmax} were tried on a sample of ${count(a.sweep.sweptRows)} rows.)`,
    );
  }
  for (const note of a.notes) lines.push(`Note: ${note}`);
  lines.push("");
  const left = rows - labelled;
  lines.push(`Segments of ${count(rows)} rows${left > 0 ? ` (${count(left)} left out, no segment)` : ""}:`);
  const width = Math.max(...report.segments.map((p) => count(p.size).length));
  for (const p of report.segments) {
    const share = `${(p.share * 100).toFixed(1)}%`.padStart(6);
    lines.push(`  ${String(p.segment).padStart(2)}  ${count(p.size).padStart(width)} ${share}  ${p.name}`);
  }
  lines.push("");
  if (metrics.silhouette === null) lines.push("Silhouette: not defined for one segment.");
  else {
    const how = metrics.silhouetteExact ? "" : " (estimated from a sample)";
    lines.push(`Silhouette ${metrics.silhouette.toFixed(4)}${how}: ${silhouetteWords(metrics.silhouette)}.`);
  }
  return lines.join("\n") + "\n";
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** The usual reading of a mean silhouette (Kaufman and Rousseeuw's bands). */
function silhouetteWords(s: number): string {
  if (s > 0.7) return "strong structure";
  if (s > 0.5) return "reasonable structure";
  if (s > 0.25) return "weak structure, the segments overlap";
  return "no substantial structure";
}
