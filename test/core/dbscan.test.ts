/**
 * DBSCAN against scikit-learn 1.2 (test/fixtures/sklearn-dbscan.json, written by
 * `/usr/bin/python3 scripts/sklearn_dbscan.py`) and against a plain O(n^2) DBSCAN written here, plus
 * the k-distance curve and its knee.
 *
 * scikit-learn numbers its clusters in the order it finds them; the core numbers segments by size.
 * Partitions are therefore compared as partitions ("the first row of my group" for every row).
 */
import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { NOISE } from "../../src/core/algorithms/clusterer";
import {
  DBSCAN_PARAMS,
  DbscanResult,
  GRID_MAX_D,
  dbscan,
  dbscanClusterer,
} from "../../src/core/algorithms/dbscan";
import { KDIST_SAMPLE_ROWS, kDistances, suggestEps } from "../../src/core/algorithms/kdist";
import { SegmentError } from "../../src/core/errors";
import { Matrix, matrixFromRows } from "../../src/core/matrix";
import { createRng, uniformSample } from "../../src/core/random";

interface DbscanCase {
  data: string;
  eps: number;
  minSamples: number;
  clusters: number;
  noise: number;
  core: number;
  labels: number[];
  coreSampleIndices: number[];
}

interface KdistCase {
  data: string;
  k: number;
  sorted: number[];
}

const reference = JSON.parse(
  fs.readFileSync(path.join(__dirname, "..", "fixtures", "sklearn-dbscan.json"), "utf8"),
) as { data: Record<string, number[][]>; dbscan: DbscanCase[]; kdist: KdistCase[] };

const INDEXES = ["auto", "grid", "kdtree"] as const;
/** Every index, and the k-d tree with leaves of 1 and 3 rows: deep trees on few rows. */
const VARIANTS = [
  ...INDEXES.map((index) => ({ index })),
  { index: "kdtree", leafSize: 1 },
  { index: "kdtree", leafSize: 3 },
] as const;

function matrixOf(name: string): Matrix {
  return matrixFromRows(reference.data[name]);
}

/** A partition as "the first row of my group" for every row; rows outside any group (noise) as -1. */
function partition(labels: ArrayLike<number>, noise: number): number[] {
  const first = new Map<number, number>();
  return Array.from(labels, (label, i) => {
    if (label === noise) return -1;
    if (!first.has(label)) first.set(label, i);
    return first.get(label) as number;
  });
}

/** The partition of the rows in `rows` only. */
function partitionOf(labels: ArrayLike<number>, noise: number, rows: readonly number[]): number[] {
  return partition(
    rows.map((i) => labels[i]),
    noise,
  );
}

function squared(m: Matrix, i: number, j: number): number {
  let sum = 0;
  for (let t = 0; t < m.d; t++) {
    const diff = m.data[i * m.d + t] - m.data[j * m.d + t];
    sum += diff * diff;
  }
  return sum;
}

function coreRows(result: DbscanResult): number[] {
  return Array.from(result.core.keys()).filter((i) => result.core[i] === 1);
}

/**
 * DBSCAN as scikit-learn writes it (sklearn/cluster/_dbscan_inner.pyx), on neighbourhoods from all
 * n^2 squared distances against eps * eps: rows in order, each unlabelled core row starts a cluster
 * that a depth-first search expands through core rows, labelling every row it reaches.
 */
function bruteDbscan(m: Matrix, eps: number, minPoints: number): { labels: number[]; core: number[] } {
  const eps2 = eps * eps;
  const neighbours: number[][] = [];
  for (let i = 0; i < m.n; i++) {
    neighbours.push([]);
    for (let j = 0; j < m.n; j++) if (squared(m, i, j) <= eps2) neighbours[i].push(j);
  }
  const core = neighbours.map((list) => (list.length >= minPoints ? 1 : 0));
  const labels = new Array<number>(m.n).fill(-1);
  let next = 0;
  for (let start = 0; start < m.n; start++) {
    if (labels[start] !== -1 || !core[start]) continue;
    const stack: number[] = [];
    let i = start;
    for (;;) {
      if (labels[i] === -1) {
        labels[i] = next;
        if (core[i]) for (const v of neighbours[i]) if (labels[v] === -1) stack.push(v);
      }
      if (stack.length === 0) break;
      i = stack.pop() as number;
    }
    next++;
  }
  return { labels, core };
}

/** What every DBSCAN result must satisfy whatever the data: numbering, sizes, noise, centroids. */
function expectWellFormed(m: Matrix, result: DbscanResult): void {
  const { labels, sizes, k } = result;
  expect(result.algorithm).toBe("dbscan");
  expect(k).toBe(sizes.length);
  for (let c = 1; c < k; c++) expect(sizes[c]).toBeLessThanOrEqual(sizes[c - 1]);
  const counts = new Array<number>(k).fill(0);
  const firstRow = new Array<number>(k).fill(-1);
  for (let i = 0; i < m.n; i++) {
    if (labels[i] === NOISE) continue;
    expect(labels[i]).toBeGreaterThanOrEqual(1);
    expect(labels[i]).toBeLessThanOrEqual(k);
    counts[labels[i] - 1]++;
    if (firstRow[labels[i] - 1] < 0) firstRow[labels[i] - 1] = i;
  }
  expect(counts).toEqual(sizes);
  // Ties in size: the segment whose first row comes first gets the lower number.
  for (let c = 1; c < k; c++)
    if (sizes[c] === sizes[c - 1]) expect(firstRow[c]).toBeGreaterThan(firstRow[c - 1]);
  expect(result.noise).toBe(labels.filter((l) => l === NOISE).length);
  // Centroids: each segment's mean row.
  const centroids = result.centroids as Float64Array;
  expect(centroids.length).toBe(k * m.d);
  for (let c = 0; c < k; c++) {
    for (let t = 0; t < m.d; t++) {
      let sum = 0;
      for (let i = 0; i < m.n; i++) if (labels[i] === c + 1) sum += m.data[i * m.d + t];
      expect(centroids[c * m.d + t]).toBeCloseTo(sum / sizes[c], 10);
    }
  }
  expect(result.probabilities).toBeNull();
  expect(result.iterations).toBe(1);
  expect(result.converged).toBe(true);
}

/** Every border row (in a segment, not core) has a core row of its segment within eps. */
function expectBordersReached(m: Matrix, result: DbscanResult, eps: number): void {
  for (let i = 0; i < m.n; i++) {
    if (result.labels[i] === NOISE || result.core[i] === 1) continue;
    let reached = false;
    for (let j = 0; j < m.n && !reached; j++)
      reached =
        result.core[j] === 1 && result.labels[j] === result.labels[i] && squared(m, i, j) <= eps * eps;
    expect(reached).toBe(true);
  }
}

describe("DBSCAN against scikit-learn", () => {
  const cases = reference.dbscan.flatMap((c) => VARIANTS.map((variant) => [c, variant] as const));
  it.each(cases)("%j with %j", (c, variant) => {
    const m = matrixOf(c.data);
    const { index } = variant;
    const result = dbscan(m, { eps: c.eps, minPoints: c.minSamples, ...variant });
    // The same core rows, the same noise, the same partition of the core rows.
    expect(coreRows(result)).toEqual(c.coreSampleIndices);
    const noise = (labels: ArrayLike<number>, code: number) =>
      Array.from(labels, (l, i) => (l === code ? i : -1)).filter((i) => i >= 0);
    expect(noise(result.labels, NOISE)).toEqual(noise(c.labels, -1));
    expect(result.noise).toBe(c.noise);
    expect(result.k).toBe(c.clusters);
    expect(partitionOf(result.labels, NOISE, c.coreSampleIndices)).toEqual(
      partitionOf(c.labels, -1, c.coreSampleIndices),
    );
    // Border rows go to the cluster scikit-learn expands first, so every label matches too.
    expect(partition(result.labels, NOISE)).toEqual(partition(c.labels, -1));
    expectBordersReached(m, result, c.eps);
    expectWellFormed(m, result);
    if (index === "auto") expect(result.index).toBe(m.d <= GRID_MAX_D ? "grid" : "kdtree");
    if (index !== "auto") expect(result.index).toBe(index === "grid" && m.d <= 4 ? "grid" : "kdtree");
  });

  it("covers what it should: noise only, one cluster, min_samples 1, duplicates, 2 to 5 features", () => {
    const cases = reference.dbscan;
    expect(cases.some((c) => c.clusters === 0 && c.noise === c.labels.length)).toBe(true);
    expect(cases.some((c) => c.clusters === 1 && c.noise === 0)).toBe(true);
    expect(cases.some((c) => c.minSamples === 1)).toBe(true);
    expect(cases.some((c) => c.data.startsWith("dup"))).toBe(true);
    expect(new Set(cases.map((c) => reference.data[c.data][0].length))).toEqual(new Set([2, 3, 5]));
    // Some case has border rows, whose cluster the border rule decides.
    expect(cases.some((c) => c.labels.length - c.noise > c.core && c.clusters > 1)).toBe(true);
  });
});

describe("k-distances against scikit-learn", () => {
  it.each(reference.kdist)("%j", (c) => {
    const m = matrixOf(c.data);
    const ours = kDistances(m, c.k, { maxRows: Infinity });
    expect(ours.length).toBe(c.sorted.length);
    ours.forEach((v, i) => expect(v).toBeCloseTo(c.sorted[i], 12));
  });

  it("a row is core at eps exactly when its k-distance is at most eps", () => {
    for (const c of reference.dbscan) {
      const m = matrixOf(c.data);
      if (c.minSamples > m.n) continue;
      const curve = kDistances(m, c.minSamples, { maxRows: Infinity });
      expect(curve.filter((v) => v <= c.eps).length).toBe(c.core);
    }
  });
});

describe("DBSCAN against a plain O(n^2) DBSCAN", () => {
  // Coordinates from a few values (duplicates, distances of exactly eps) or from anywhere.
  const coarse = fc.constantFrom(0, 0.5, 1, 1.5, 2, 3);
  const fine = fc.double({ min: -5, max: 5, noNaN: true });
  const matrices = fc
    .integer({ min: 1, max: 6 })
    .chain((d) =>
      fc
        .array(fc.array(fc.oneof(coarse, coarse, fine), { minLength: d, maxLength: d }), { maxLength: 60 })
        .map((rows) => ({ rows, d })),
    );

  it("gives the same core rows, noise and partition, and the same border rule, with every index", () => {
    fc.assert(
      fc.property(
        matrices,
        // Distances the coarse values give exactly (ties at eps), or any eps.
        fc.oneof(
          fc.constantFrom(0.5, 1, 1.2, Math.SQRT2, 1.5, 2.5),
          fc.double({ min: 0.01, max: 4, noNaN: true }),
        ),
        fc.integer({ min: 1, max: 8 }),
        ({ rows, d }, eps, minPoints) => {
          const m: Matrix = { data: Float64Array.from(rows.flat()), n: rows.length, d };
          const brute = bruteDbscan(m, eps, minPoints);
          for (const variant of VARIANTS) {
            const result = dbscan(m, { eps, minPoints, ...variant });
            expect(Array.from(result.core)).toEqual(brute.core);
            expect(partition(result.labels, NOISE)).toEqual(partition(brute.labels, -1));
            expectWellFormed(m, result);
          }
        },
      ),
      { seed: 20240611, numRuns: 300 },
    );
  });

  it("holds on larger clustered data with duplicates, in 1 to 6 features, with every index", () => {
    const rng = createRng(7);
    for (const d of [1, 2, 3, 4, 6]) {
      const rows = Array.from({ length: 700 }, (_, i) => {
        const centre = i % 3;
        return Array.from({ length: d }, () => centre * 3 + (rng.next() - 0.5) * 4);
      });
      // Some exact duplicates.
      for (let i = 0; i < 50; i++) rows.push([...rows[i * 7]]);
      const m = matrixFromRows(rows);
      for (const [eps, minPoints] of [
        [0.3, 4],
        [0.6, 10],
        [1.0, 25],
      ]) {
        const brute = bruteDbscan(m, eps, minPoints);
        for (const variant of [...VARIANTS, { index: "kdtree", leafSize: 16 } as const]) {
          const result = dbscan(m, { eps, minPoints, ...variant });
          expect(Array.from(result.core)).toEqual(brute.core);
          expect(partition(result.labels, NOISE)).toEqual(partition(brute.labels, -1));
        }
      }
    }
  });
});

describe("dbscan", () => {
  it("is deterministic: the same input gives the same bytes", () => {
    const m = matrixOf("blobs2d");
    const a = dbscan(m, { eps: 0.3, minPoints: 8 });
    const b = dbscan(m, { eps: 0.3, minPoints: 8 });
    expect(Buffer.from(a.labels.buffer).equals(Buffer.from(b.labels.buffer))).toBe(true);
    expect(Buffer.from(a.core.buffer).equals(Buffer.from(b.core.buffer))).toBe(true);
    expect(a.centroids).toEqual(b.centroids);
  });

  it("does not change its input", () => {
    const m = matrixOf("mall");
    const copy = Float64Array.from(m.data);
    dbscan(m, { eps: 0.3, minPoints: 5 });
    dbscan(m, { eps: 0.3, minPoints: 5, index: "kdtree" });
    expect(m.data).toEqual(copy);
  });

  it("handles no rows, no features and identical rows", () => {
    const empty = dbscan({ data: new Float64Array(0), n: 0, d: 2 }, { eps: 1, minPoints: 1 });
    expect(empty.k).toBe(0);
    expect(empty.labels.length).toBe(0);
    const noFeatures = dbscan({ data: new Float64Array(0), n: 4, d: 0 }, { eps: 1, minPoints: 3 });
    expect(Array.from(noFeatures.labels)).toEqual([1, 1, 1, 1]);
    const same = matrixFromRows(Array.from({ length: 30000 }, () => [1.5, -2]));
    expect(dbscan(same, { eps: 1e-9, minPoints: 5 }).sizes).toEqual([30000]);
    expect(dbscan(same, { eps: 1e-9, minPoints: 30001 }).noise).toBe(30000);
  });

  it("stays linear when eps covers everything (tight buckets)", () => {
    const rng = createRng(3);
    const rows = Array.from({ length: 200000 }, () => [rng.next(), rng.next()]);
    const start = performance.now();
    const result = dbscan(matrixFromRows(rows), { eps: 10, minPoints: 5 });
    expect(result.sizes).toEqual([200000]);
    expect(performance.now() - start).toBeLessThan(5000);
  });

  it("falls back to the k-d tree when eps is tiny against the spread, and stays right", () => {
    const rows = [
      [0, 0],
      [1e-4, 0],
      [2e-4, 0],
      [1e9, 1e9],
      [1e9, 1e9 + 1e-3],
    ];
    const m = matrixFromRows(rows);
    const result = dbscan(m, { eps: 1.5e-4, minPoints: 2, index: "grid" });
    expect(result.index).toBe("kdtree");
    expect(partition(result.labels, NOISE)).toEqual([0, 0, 0, -1, -1]);
  });

  it("reports progress about every 50,000 rows of each pass, ending at 1", () => {
    const rng = createRng(5);
    const rows = Array.from({ length: 120000 }, () => [rng.next() * 100, rng.next() * 100]);
    const calls: [number | null, string][] = [];
    dbscan(matrixFromRows(rows), { eps: 0.5, minPoints: 5 }, (fraction, message) =>
      calls.push([fraction, message]),
    );
    expect(calls[0]).toEqual([0, "Finding neighbours… 0 of 120,000 rows"]);
    expect(calls[calls.length - 1]).toEqual([1, "Placing border rows… 120,000 of 120,000 rows"]);
    // Two reports in each of the three passes (near 50,000 and 100,000 rows), a cell's rows at a time.
    const words = calls.slice(1, -1).map(([, message]) => message.replace(/[\d,]+ of/, "x of"));
    expect(words).toEqual(
      ["Finding neighbours", "Joining core rows", "Placing border rows"].flatMap((what) => [
        `${what}… x of 120,000 rows`,
        `${what}… x of 120,000 rows`,
      ]),
    );
    for (const [fraction, message] of calls) {
      const [done] = /[\d,]+/.exec(message) as RegExpExecArray;
      const pass = ["Finding", "Joining", "Placing"].findIndex((w) => message.startsWith(w));
      expect(fraction).toBeCloseTo((pass + Number(done.replace(/,/g, "")) / 120000) / 3, 12);
    }
    const fractions = calls.map(([f]) => f as number);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
  });

  it("refuses an eps that is not above 0 and a minPoints that is not a whole number from 1", () => {
    const m = matrixOf("mall");
    for (const eps of [0, -1, NaN, Infinity])
      expect(() => dbscan(m, { eps, minPoints: 5 })).toThrow(RangeError);
    for (const minPoints of [0, 1.5, NaN]) expect(() => dbscan(m, { eps: 1, minPoints })).toThrow(RangeError);
  });
});

describe("dbscanClusterer", () => {
  it("wraps dbscan behind the seam with its parameter table", () => {
    expect(dbscanClusterer.id).toBe("dbscan");
    expect(dbscanClusterer.label).toBe("DBSCAN");
    expect(dbscanClusterer.params).toBe(DBSCAN_PARAMS);
    expect(DBSCAN_PARAMS.map((p) => [p.name, p.type, p.default])).toEqual([
      ["eps", "number", null],
      ["min_points", "integer", 5],
    ]);
    expect(DBSCAN_PARAMS[0].above).toBe(0);
    expect(DBSCAN_PARAMS[1].min).toBe(1);
    const m = matrixOf("mall");
    const fit = dbscanClusterer.fit(m, { eps: 0.3, min_points: 5 });
    expect(fit).toEqual(dbscan(m, { eps: 0.3, minPoints: 5 }));
  });
});

describe("kDistances", () => {
  function bruteKth(m: Matrix, row: number, k: number): number {
    const all = Float64Array.from({ length: m.n }, (_, j) => squared(m, row, j)).sort();
    return Math.sqrt(all[k - 1]);
  }

  it("counts the row itself and its duplicates, as scikit-learn's kneighbors(X)", () => {
    const m = matrixFromRows([[0], [0], [0], [1], [3]]);
    expect(Array.from(kDistances(m, 1))).toEqual([0, 0, 0, 0, 0]);
    // Row 1: itself, then 0, 0 (duplicates) at 1, 1, 1; row 3: itself, then 1 at 2, then the 0s at 3.
    expect(Array.from(kDistances(m, 3))).toEqual([0, 0, 0, 1, 3]);
  });

  it("above 5,000 rows, gives the curve of a seeded sample of rows, distances still to every row", () => {
    const rng = createRng(9);
    const n = 6000;
    const rows = Array.from({ length: n }, () => [rng.next(), rng.next(), rng.next()]);
    const m = matrixFromRows(rows);
    const curve = kDistances(m, 4);
    expect(curve.length).toBe(KDIST_SAMPLE_ROWS);
    const sample = uniformSample(n, KDIST_SAMPLE_ROWS, 42);
    const expected = Float64Array.from(sample, (row) => bruteKth(m, row, 4)).sort();
    expect(Array.from(curve)).toEqual(Array.from(expected));
    expect(Array.from(kDistances(m, 4, { seed: 42 }))).toEqual(Array.from(curve));
    expect(Array.from(kDistances(m, 4, { seed: 43 }))).not.toEqual(Array.from(curve));
  });

  it("equals a brute-force k-th nearest distance on random data with duplicates", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((d) =>
          fc.array(fc.array(fc.constantFrom(0, 1, 2, 2.5, 7), { minLength: d, maxLength: d }), {
            minLength: 1,
            maxLength: 80,
          }),
        ),
        fc.integer({ min: 1, max: 10 }),
        (rows, k) => {
          const m = matrixFromRows(rows);
          if (k > m.n) {
            expect(() => kDistances(m, k)).toThrow(SegmentError);
            return;
          }
          const expected = Float64Array.from({ length: m.n }, (_, i) => bruteKth(m, i, k)).sort();
          expect(Array.from(kDistances(m, k))).toEqual(Array.from(expected));
        },
      ),
      { seed: 11, numRuns: 200 },
    );
  });

  it("refuses a minPoints that is not a whole number from 1", () => {
    expect(() => kDistances(matrixOf("mall"), 0)).toThrow(RangeError);
    expect(() => kDistances(matrixOf("mall"), 2.5)).toThrow(RangeError);
  });
});

describe("suggestEps", () => {
  it("finds the knee: the point farthest below the chord of the normalised curve", () => {
    // 90 slowly rising k-distances, then 10 that shoot up.
    const curve = [
      ...Array.from({ length: 90 }, (_, i) => 0.1 + i * 0.001),
      ...Array.from({ length: 10 }, (_, i) => 0.5 + i * 0.5),
    ];
    const { eps, index } = suggestEps(curve);
    expect(index).toBe(89);
    expect(eps).toBe(curve[89]);
  });

  it("agrees with the rule written out on the Mall customers' curve", () => {
    const curve = kDistances(matrixOf("mall"), 5);
    const { eps, index } = suggestEps(curve);
    const m = curve.length;
    const below = Array.from(curve, (v, i) => i / (m - 1) - (v - curve[0]) / (curve[m - 1] - curve[0]));
    expect(index).toBe(below.indexOf(Math.max(...below)));
    expect(eps).toBe(curve[index]);
    expect(eps).toBeGreaterThan(0.1);
    expect(eps).toBeLessThan(0.6);
  });

  it("has no knee on a flat or straight curve (the last point), and never suggests 0 when it can help it", () => {
    expect(suggestEps([0.3, 0.3, 0.3])).toEqual({ eps: 0.3, index: 2 });
    expect(suggestEps([1, 2, 3, 4])).toEqual({ eps: 4, index: 3 });
    expect(suggestEps([2])).toEqual({ eps: 2, index: 0 });
    // Many duplicates: the knee sits at 0, so the first positive k-distance is suggested.
    expect(suggestEps([0, 0, 0, 0, 0, 0, 0, 0.1, 5])).toEqual({ eps: 0.1, index: 7 });
    expect(suggestEps([0, 0, 0])).toEqual({ eps: 0, index: 2 });
    expect(() => suggestEps([])).toThrow(RangeError);
  });
});
