import { mean, populationStd, quantileInPlace } from "./stats";
import { Column, NumberCopier, Table, columnByName } from "./table";

export interface NumericProfile {
  readonly feature: string;
  readonly mean: number;
  readonly median: number;
  /** Standard deviations (overall, population) between this group's mean and the overall mean. */
  readonly score: number;
}

export interface CategoryProfile {
  readonly feature: string;
  readonly category: string;
  readonly share: number;
  /** The share's distance from the overall share, in standard deviations of the 0/1 indicator. */
  readonly score: number;
}

export interface Distinction {
  readonly feature: string;
  readonly category: string | null;
  readonly score: number;
  /** "High income", "Mostly Female": how the distinction reads in a name. */
  readonly phrase: string;
}

export interface GroupProfile {
  /** 1..k, or 0 for the row of all labelled customers. */
  readonly segment: number;
  readonly name: string;
  readonly size: number;
  readonly share: number;
  readonly numeric: readonly NumericProfile[];
  readonly categories: readonly CategoryProfile[];
  /** Features by how far they set this segment apart, strongest first. */
  readonly distinctions: readonly Distinction[];
}

export interface ProfileReport {
  readonly k: number;
  readonly numericFeatures: readonly string[];
  readonly categoryFeatures: readonly { feature: string; category: string }[];
  readonly segments: readonly GroupProfile[];
  readonly overall: GroupProfile;
}

/** A distinction must reach this many standard deviations to be named. */
export const NAMING_THRESHOLD = 0.5;

/**
 * Profiles each segment in the data's own units. `labels` has one entry per table row: 1..k, or 0 for a
 * row left unlabelled. Statistics use each row's actual values; an imputed cell is not counted as data.
 * `onProgress` hears the fraction done after each feature: on a full sheet a profile takes a while.
 */
export function profileSegments(
  table: Table,
  features: readonly string[],
  labels: ArrayLike<number>,
  k: number,
  onProgress?: (fraction: number) => void,
): ProfileReport {
  const columns = features.map((f) => columnByName(table, f)).filter((c): c is Column => c !== undefined);
  const groups = groupRows(labels, k);
  const numericColumns = columns.filter((c) => c.holdsNumbers);
  const codedColumns = columns.filter((c) => c.codes !== null);
  const categoryFeatures = codedColumns.flatMap((c) =>
    categoriesPresent(c, groups[0]).map((category) => ({ feature: c.name, category })),
  );

  // Every statistic of a numeric feature, for all rows and for each segment, one feature at a time:
  // each feature's values are gathered once per group and dropped before the next feature.
  const numericStats = numericColumns.map((c, j) => {
    // One pass down the range for the column, then each group gathered from it: reading the range's
    // scattered row arrays group by group costs several times more.
    const column = new Float64Array(table.rowCount);
    (c.copyNumbers as NumberCopier)(null, 0, table.rowCount, column, 0, 1);
    const stats = groups.map((rows) => {
      const values = valuesOf(column, rows);
      const mu = mean(values);
      const sd = populationStd(values, mu);
      return { count: values.length, mean: mu, median: quantileInPlace(values, 0.5), sd };
    });
    onProgress?.((j + 1) / (numericColumns.length + 1));
    return stats;
  });
  const overallNumeric = numericColumns.map((c, j) => ({ feature: c.name, ...numericStats[j][0] }));
  const overallShares = categoryFeatures.map(({ feature, category }) => {
    const column = codedColumns.find((c) => c.name === feature) as Column;
    return shareOf(column, category, groups[0]);
  });

  const profileOf = (segment: number, rows: Int32Array): GroupProfile => {
    const numeric = numericColumns.map((c, j) => {
      const { count, mean: mu, median } = numericStats[j][segment];
      const { sd } = overallNumeric[j];
      return {
        feature: c.name,
        mean: mu,
        median,
        // A segment with no values of a feature has no score for it (NaN), not a made-up 0.
        score: count === 0 ? NaN : sd > 0 ? (mu - overallNumeric[j].mean) / sd : 0,
      };
    });
    const categories = categoryFeatures.map(({ feature, category }, j) => {
      const column = codedColumns.find((c) => c.name === feature) as Column;
      const share = shareOf(column, category, rows);
      const p = overallShares[j];
      const sd = Math.sqrt(p * (1 - p));
      return { feature, category, share, score: sd > 0 ? (share - p) / sd : 0 };
    });
    const distinctions = distinctionsOf(numeric, categories);
    const size = rows.length;
    return {
      segment,
      name: segment === 0 ? "All segments" : nameFrom(distinctions),
      size,
      share: groups[0].length > 0 ? size / groups[0].length : 0,
      numeric,
      categories,
      distinctions,
    };
  };

  const segments = uniqueNames(groups.slice(1).map((rows, c) => profileOf(c + 1, rows)));
  const report = {
    k,
    numericFeatures: numericColumns.map((c) => c.name),
    categoryFeatures,
    segments,
    overall: profileOf(0, groups[0]),
  };
  onProgress?.(1);
  return report;
}

/** Rows of each segment in order, and at 0 every labelled row: typed arrays sized by a first count. */
function groupRows(labels: ArrayLike<number>, k: number): Int32Array[] {
  const sizes = new Int32Array(k + 1);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label >= 1 && label <= k) {
      sizes[label]++;
      sizes[0]++;
    }
  }
  const groups = Array.from(sizes, (size) => new Int32Array(size));
  const filled = new Int32Array(k + 1);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label >= 1 && label <= k) {
      groups[label][filled[label]++] = i;
      groups[0][filled[0]++] = i;
    }
  }
  return groups;
}

/** The column's numbers in `rows`, missing ones (NaN) left out. */
function valuesOf(column: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  let present = 0;
  for (let r = 0; r < rows.length; r++) {
    const x = column[rows[r]];
    if (x === x) out[present++] = x;
  }
  return present === out.length ? out : out.slice(0, present);
}

function categoriesPresent(column: Column, rows: Int32Array): string[] {
  const seen = new Set<number>();
  const codes = column.codes as Int32Array;
  for (const r of rows) if (codes[r] >= 0) seen.add(codes[r]);
  return column.categories.filter((_, c) => seen.has(c));
}

/** Share of rows with a value that hold this category. */
function shareOf(column: Column, category: string, rows: Int32Array): number {
  const code = column.categories.indexOf(category);
  const codes = column.codes as Int32Array;
  let present = 0;
  let hits = 0;
  for (const r of rows) {
    if (codes[r] < 0) continue;
    present++;
    if (codes[r] === code) hits++;
  }
  return present > 0 ? hits / present : 0;
}

function distinctionsOf(
  numeric: readonly NumericProfile[],
  categories: readonly CategoryProfile[],
): Distinction[] {
  const list: Distinction[] = [
    ...numeric
      .filter((p) => Number.isFinite(p.score))
      .map((p) => ({
        feature: p.feature,
        category: null,
        score: p.score,
        phrase: numericPhrase(p.feature, p.score),
      })),
    // Only a category a segment has more of names it: "Mostly Female", never "Few Male".
    ...categories
      .filter((p) => p.score > 0 && p.share >= 0.5)
      .map((p) => ({ feature: p.feature, category: p.category, score: p.score, phrase: categoryPhrase(p) })),
  ];
  return list.sort((a, b) => Math.abs(b.score) - Math.abs(a.score) || a.feature.localeCompare(b.feature));
}

/** "Annual Income (k$)" reads as "annual income" inside a name. */
export function shortFeatureName(feature: string): string {
  return feature
    .replace(/\([^)]*\)|\[[^\]]*\]/g, "")
    .replace(/[_]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

function numericPhrase(feature: string, score: number): string {
  const level = score >= 1.5 ? "Very high" : score > 0 ? "High" : score <= -1.5 ? "Very low" : "Low";
  return `${level} ${shortFeatureName(feature)}`;
}

function categoryPhrase(p: CategoryProfile): string {
  const isBoolean = /^(TRUE|FALSE)$/.test(p.category);
  const subject = isBoolean ? `${shortFeatureName(p.feature)} ${p.category}` : p.category;
  return `${p.share >= 0.9 ? "All" : "Mostly"} ${subject}`;
}

/** Up to two distinctions strong enough to name, joined by a middle dot. */
export function nameFrom(distinctions: readonly Distinction[]): string {
  const strong = distinctions.filter((d) => Math.abs(d.score) >= NAMING_THRESHOLD).slice(0, 2);
  return strong.length === 0 ? "Close to average" : strong.map((d) => d.phrase).join(" · ");
}

function uniqueNames(profiles: GroupProfile[]): GroupProfile[] {
  const counts = new Map<string, number>();
  for (const p of profiles) counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
  return profiles.map((p) =>
    (counts.get(p.name) ?? 0) > 1 ? { ...p, name: `${p.name} (${p.segment})` } : p,
  );
}
