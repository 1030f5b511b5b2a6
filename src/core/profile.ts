import { NOISE } from "./algorithms/clusterer";
import { mean, populationStd, quantileInPlace } from "./stats";
import { Column, NumberCopier, Table, columnByName } from "./table";

export interface NumericProfile {
  readonly feature: string;
  readonly mean: number;
  readonly median: number;
  /**
   * Robust standard deviations between this group's median and the overall median (see robustSpread):
   * a few very large values ("whales") neither move the median nor inflate the spread, so a group with
   * twice the typical spend still reads as high.
   */
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
  /** 1..k, 0 for the row of all labelled customers, or NOISE for the rows an algorithm left in no segment. */
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
  /** The segments together: noise rows are not in it. */
  readonly overall: GroupProfile;
  /** Rows labelled NOISE (DBSCAN), profiled as a group of their own that is not a segment; null when none. */
  readonly noise: GroupProfile | null;
}

/** A distinction must reach this many (robust) standard deviations to be named. */
export const NAMING_THRESHOLD = 0.5;

/**
 * 1.4826 x MAD and IQR / 1.349 both equal the standard deviation on normal data, so a robust score
 * reads on the same scale as a z-score where the data is well behaved.
 */
export const MAD_TO_SD = 1.4826;
export const IQR_TO_SD = 1.349;

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
  const noiseRows = rowsLabelled(labels, NOISE);
  // Shares are of every row placed, noise included: without noise, of the segments' rows as before.
  const placed = groups[0].length + noiseRows.length;
  // The noise rows' statistics are gathered after the segments', at index groups.length.
  const statGroups = noiseRows.length > 0 ? [...groups, noiseRows] : groups;
  const statIndex = (segment: number) => (segment === NOISE ? groups.length : segment);
  const numericColumns = columns.filter((c) => c.holdsNumbers);
  const codedColumns = columns.filter((c) => c.codes !== null);
  // By name, not a search per category and segment: that is quadratic in the text features.
  const codedByName = new Map(codedColumns.map((c) => [c.name, c]));
  // Column order breaks ties between equally strong distinctions: a name must not depend on spelling.
  const order = new Map(columns.map((c, j) => [c.name, j]));
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
    const stats = statGroups.map((rows, g) => {
      const values = valuesOf(column, rows);
      const mu = mean(values);
      const median = quantileInPlace(values, 0.5);
      // Only the overall group's spread scores anything: a segment's would cost a copy per feature.
      const spread = g === 0 ? robustSpread(values, median, mu) : NaN;
      return { count: values.length, mean: mu, median, spread };
    });
    onProgress?.((j + 1) / (numericColumns.length + 1));
    return stats;
  });
  const overallNumeric = numericColumns.map((c, j) => ({ feature: c.name, ...numericStats[j][0] }));
  const overallShares = categoryFeatures.map(({ feature, category }) => {
    const column = codedByName.get(feature) as Column;
    return shareOf(column, category, groups[0]);
  });

  const profileOf = (segment: number, rows: Int32Array): GroupProfile => {
    const numeric = numericColumns.map((c, j) => {
      const { count, mean: mu, median } = numericStats[j][statIndex(segment)];
      const { spread } = overallNumeric[j];
      return {
        feature: c.name,
        mean: mu,
        median,
        // A segment with no values of a feature has no score for it (NaN), not a made-up 0.
        score: count === 0 ? NaN : spread > 0 ? (median - overallNumeric[j].median) / spread : 0,
      };
    });
    const categories = categoryFeatures.map(({ feature, category }, j) => {
      const column = codedByName.get(feature) as Column;
      const share = shareOf(column, category, rows);
      const p = overallShares[j];
      const sd = Math.sqrt(p * (1 - p));
      return { feature, category, share, score: sd > 0 ? (share - p) / sd : 0 };
    });
    const distinctions = distinctionsOf(numeric, categories, order);
    const size = rows.length;
    return {
      segment,
      name: segment === 0 ? "All segments" : segment === NOISE ? "Noise" : nameFrom(distinctions),
      size,
      share: placed > 0 ? size / placed : 0,
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
    noise: noiseRows.length > 0 ? profileOf(NOISE, noiseRows) : null,
  };
  onProgress?.(1);
  return report;
}

/** Rows of each segment in order, and at 0 every labelled row: typed arrays sized by a first count. */
/** The rows whose label is `label`, in order. */
function rowsLabelled(labels: ArrayLike<number>, label: number): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === label) rows.push(i);
  return Int32Array.from(rows);
}

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

/**
 * The spread a robust score divides by: 1.4826 x MAD; when at least half the values are equal (MAD 0,
 * a count or a spend that is mostly zero) IQR / 1.349; when that is 0 too, the population standard
 * deviation, so that a handful of differing values still score; 0 only for a constant feature.
 * Reorders `values`.
 */
export function robustSpread(values: Float64Array, median: number, mu = mean(values)): number {
  if (values.length === 0) return 0;
  const deviations = Float64Array.from(values, (x) => Math.abs(x - median));
  const mad = quantileInPlace(deviations, 0.5);
  if (mad > 0) return MAD_TO_SD * mad;
  const iqr = quantileInPlace(values, 0.75) - quantileInPlace(values, 0.25);
  if (iqr > 0) return iqr / IQR_TO_SD;
  return populationStd(values, mu);
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
  order: ReadonlyMap<string, number>,
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
  // Array.prototype.sort is stable: equal strength in one column keeps the categories' own order.
  return list.sort(
    (a, b) =>
      Math.abs(b.score) - Math.abs(a.score) || (order.get(a.feature) ?? 0) - (order.get(b.feature) ?? 0),
  );
}

/** "Annual Income (k$)" reads as "Annual Income" inside a name: units dropped, the column's own casing kept. */
export function shortFeatureName(feature: string): string {
  return feature
    .replace(/\([^)]*\)|\[[^\]]*\]/g, "")
    .replace(/[_]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * "Very high" from 1.5, "High" from NAMING_THRESHOLD; below that "Slightly high", which only a name
 * made unique by a further distinction ever shows.
 */
function numericPhrase(feature: string, score: number): string {
  const size = Math.abs(score);
  const level = size >= 1.5 ? "Very " : size >= NAMING_THRESHOLD ? "" : "Slightly ";
  const direction = score > 0 ? "high" : "low";
  const phrase = `${level}${direction}`;
  return `${phrase[0].toUpperCase()}${phrase.slice(1)} ${shortFeatureName(feature)}`;
}

function categoryPhrase(p: CategoryProfile): string {
  const isBoolean = /^(TRUE|FALSE)$/.test(p.category);
  const subject = isBoolean ? `${shortFeatureName(p.feature)} ${p.category}` : p.category;
  return `${p.share >= 0.9 ? "All" : "Mostly"} ${subject}`;
}

/** Distinctions a name leads with: the strongest, at most two, each at least NAMING_THRESHOLD. */
const NAMED = 2;

function namedCount(distinctions: readonly Distinction[]): number {
  let n = 0;
  while (n < Math.min(NAMED, distinctions.length) && Math.abs(distinctions[n].score) >= NAMING_THRESHOLD) n++;
  return n;
}

/** Distinctions with a direction: a score of exactly 0 sets nothing apart (they sort last). */
function nameable(distinctions: readonly Distinction[]): number {
  let n = distinctions.length;
  while (n > 0 && distinctions[n - 1].score === 0) n--;
  return n;
}

/**
 * Up to two distinctions strong enough to name, joined by a middle dot, then `extra` further ones
 * (the next in strength, however weak) where a name must be told apart from another segment's.
 */
export function nameFrom(distinctions: readonly Distinction[], extra = 0): string {
  const used = distinctions.slice(0, namedCount(distinctions) + extra).map((d) => d.phrase);
  const lead = namedCount(distinctions) === 0 ? ["Close to average"] : [];
  return [...lead, ...used].join(" · ");
}

/**
 * Names unique within the segmentation. Segments that share a name each take their next distinction,
 * round after round while any still share one; only segments still alike after every distinction they
 * have fall back to their number. Names with the same phrases in another order ("Very high Frequency ·
 * Very high Monetary" and "Very high Monetary · Very high Frequency") count as shared: they read alike.
 */
function uniqueNames(profiles: GroupProfile[]): GroupProfile[] {
  const extra = profiles.map(() => 0);
  const nameAt = (i: number) => nameFrom(profiles[i].distinctions, extra[i]);
  const keyAt = (i: number) => nameAt(i).split(" · ").sort().join(" · ");
  for (let changed = true; changed;) {
    changed = false;
    const byName = new Map<string, number[]>();
    profiles.forEach((_, i) => byName.set(keyAt(i), [...(byName.get(keyAt(i)) ?? []), i]));
    for (const same of byName.values()) {
      if (same.length < 2) continue;
      for (const i of same) {
        if (namedCount(profiles[i].distinctions) + extra[i] < nameable(profiles[i].distinctions)) {
          extra[i]++;
          changed = true;
        }
      }
    }
  }
  const names = profiles.map((_, i) => nameAt(i));
  const keys = profiles.map((_, i) => keyAt(i));
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return profiles.map((p, i) => {
    const name = (counts.get(keys[i]) ?? 0) > 1 ? `${names[i]} (${p.segment})` : names[i];
    return { ...p, name };
  });
}
