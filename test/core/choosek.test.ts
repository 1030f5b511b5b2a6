import {
  findKnee,
  leavesTinySegment,
  recommendK,
  SILHOUETTE_MARGIN,
  sweep,
  SweepPoint,
  TINY_SEGMENT,
} from "../../src/core/choosek";
import { CancelledError } from "../../src/core/kmeans";
import { matrixFromRows } from "../../src/core/matrix";
import { createRng } from "../../src/core/random";

function point(k: number, inertia: number, silhouette: number | null): SweepPoint {
  return {
    k,
    inertia,
    silhouette,
    silhouetteExact: true,
    calinskiHarabasz: silhouette === null ? null : 100 - k,
    daviesBouldin: 1,
  };
}

function blobs(centres: number[][], perBlob: number, spread: number, seed: number): number[][] {
  const rng = createRng(seed);
  return centres.flatMap((c) =>
    Array.from({ length: perBlob }, () => c.map((x) => x + (rng.next() - 0.5) * spread)),
  );
}

describe("findKnee", () => {
  it("finds the elbow of a curve that drops then flattens", () => {
    const ks = [1, 2, 3, 4, 5, 6, 7, 8];
    const knee = findKnee(ks, [1000, 600, 250, 60, 50, 42, 36, 31]);
    expect(knee.k).toBe(4);
    expect(knee.strength).toBeGreaterThan(0.5);
  });

  it("finds none on a straight line", () => {
    expect(findKnee([2, 3, 4, 5, 6], [50, 40, 30, 20, 10]).k).toBeNull();
  });

  it("needs three points", () => {
    expect(findKnee([2, 3], [10, 5]).k).toBeNull();
  });
});

describe("recommendK", () => {
  it("recommends the elbow when it also has the best silhouette, and says so", () => {
    const rec = recommendK([
      point(2, 1000, 0.4),
      point(3, 300, 0.7),
      point(4, 250, 0.5),
      point(5, 220, 0.45),
      point(6, 200, 0.4),
    ]);
    expect(rec.k).toBe(3);
    expect(rec.basis).toBe("elbow");
    expect(rec.reason).toBe("k = 3: the inertia curve bends there and it has the highest silhouette (0.70).");
  });

  it("says there is no clear elbow rather than inventing one", () => {
    const rec = recommendK([
      point(2, 500, 0.31),
      point(3, 400, 0.33),
      point(4, 300, 0.36),
      point(5, 200, 0.32),
      point(6, 100, 0.3),
    ]);
    expect(rec.clearKnee).toBe(false);
    expect(rec.k).toBe(4);
    expect(rec.reason).toBe("The inertia curve has no clear elbow; k = 4 has the highest silhouette (0.36).");
  });

  it("says when the best score is on the largest k tried", () => {
    const rec = recommendK([
      point(2, 500, 0.31),
      point(3, 400, 0.33),
      point(4, 300, 0.34),
      point(5, 200, 0.36),
    ]);
    expect(rec.k).toBe(5);
    expect(rec.reason).toBe(
      "The inertia curve has no clear elbow; k = 5 has the highest silhouette (0.36). That is the largest k tried, so the score may still rise beyond it: try a larger kmax, or fewer features.",
    );
  });

  it("warns when no k separates the data well", () => {
    const rec = recommendK([point(2, 500, 0.2), point(3, 400, 0.22), point(4, 300, 0.18)]);
    expect(rec.reason).toContain("no strong segment structure");
  });

  it("follows an explicit method", () => {
    const points = [
      point(2, 1000, 0.6),
      point(3, 300, 0.5),
      point(4, 250, 0.45),
      point(5, 220, 0.4),
      point(6, 200, 0.35),
    ];
    expect(recommendK(points, "silhouette").k).toBe(2);
    expect(recommendK(points, "elbow").k).toBe(3);
    expect(recommendK(points, "calinski").k).toBe(2);
    expect(recommendK(points, "auto").k).toBe(2);
    expect(() => recommendK(points, "gap" as never)).toThrow('Unknown method "gap"');
  });
});

/** A point with every score given, and its smallest segment out of 1,000 rows. */
function scoredPoint(
  k: number,
  inertia: number,
  silhouette: number,
  calinskiHarabasz: number,
  daviesBouldin: number,
  smallestSize = 100,
): SweepPoint {
  return {
    k,
    inertia,
    silhouette,
    silhouetteExact: true,
    calinskiHarabasz,
    daviesBouldin,
    smallestSize,
    smallestShare: smallestSize / 1000,
  };
}

describe("tiny segments", () => {
  it("flags a fit whose smallest segment is under 2% of the rows or under 5 rows", () => {
    expect(TINY_SEGMENT).toEqual({ share: 0.02, rows: 5 });
    expect(leavesTinySegment(scoredPoint(3, 1, 0.5, 1, 1, 19))).toBe(true);
    expect(leavesTinySegment(scoredPoint(3, 1, 0.5, 1, 1, 20))).toBe(false);
    expect(leavesTinySegment({ ...scoredPoint(3, 1, 0.5, 1, 1), smallestSize: 4, smallestShare: 0.4 })).toBe(
      true,
    );
    expect(leavesTinySegment({ ...scoredPoint(3, 1, 0.5, 1, 1), smallestSize: 5, smallestShare: 0.5 })).toBe(
      false,
    );
    expect(leavesTinySegment(point(3, 1, 0.5))).toBe(false);
  });

  it("passes over the best silhouette when its fit leaves a tiny segment, and says why", () => {
    const rec = recommendK([
      scoredPoint(2, 1000, 0.9, 500, 0.3, 6),
      scoredPoint(3, 500, 0.55, 400, 0.6),
      scoredPoint(4, 420, 0.61, 450, 0.5),
      scoredPoint(5, 400, 0.4, 300, 0.9),
    ]);
    expect(rec.k).toBe(4);
    expect(rec.reason).toBe(
      "k = 2 has the highest silhouette (0.90) but leaves a segment of 0.6% of the customers, so it is passed over. k = 4 has the highest silhouette of the rest (0.61); the elbow at k = 3 separates segments less well (0.55).",
    );
    // The explicit methods answer their own question.
    expect(
      recommendK([scoredPoint(2, 1000, 0.9, 500, 0.3, 6), scoredPoint(3, 500, 0.5, 400, 0.6)], "silhouette")
        .k,
    ).toBe(2);
  });

  it("names a tiny segment by its rows when it is a handful of customers", () => {
    const rec = recommendK([
      { ...scoredPoint(2, 100, 0.8, 50, 0.4), smallestSize: 3, smallestShare: 0.03 },
      { ...scoredPoint(3, 60, 0.5, 40, 0.6), smallestSize: 30, smallestShare: 0.3 },
    ]);
    expect(rec.k).toBe(3);
    expect(rec.reason).toMatch(
      /^k = 2 has the highest silhouette \(0\.80\) but leaves a segment of only 3 customers, so it is passed over\./,
    );
  });

  it("picks as before when every k leaves a tiny segment, and says so", () => {
    const rec = recommendK([
      scoredPoint(2, 1000, 0.7, 500, 0.3, 3),
      scoredPoint(3, 500, 0.5, 400, 0.6, 2),
      scoredPoint(4, 420, 0.4, 450, 0.5, 1),
    ]);
    expect(rec.k).toBe(2);
    expect(rec.reason).toBe(
      "The inertia curve has no clear elbow; k = 2 has the highest silhouette (0.70). Every k tried leaves a segment of under 2% of the customers or under 5 customers: a few outliers may be taking segments of their own; consider leaving them out, or a log transform of heavy-tailed columns.",
    );
  });
});

describe("recommendK auto: near ties", () => {
  it("prefers a k within the margin of the best silhouette when Calinski-Harabasz and Davies-Bouldin both rate it better", () => {
    expect(SILHOUETTE_MARGIN).toBe(0.02);
    const rec = recommendK([
      scoredPoint(6, 1400, 0.486, 479, 0.82),
      scoredPoint(7, 1085, 0.499, 538, 0.809),
      scoredPoint(8, 883, 0.498, 589, 0.784),
      scoredPoint(9, 843, 0.474, 544, 1.04),
    ]);
    expect(rec.k).toBe(8);
    expect(rec.basis).toBe("consensus");
    expect(rec.reason).toBe(
      "k = 8: its silhouette (0.50) is within 0.02 of the highest silhouette (0.50 at k = 7), and Calinski-Harabasz and Davies-Bouldin both rate it better.",
    );
  });

  it("keeps the best silhouette when only one other score, or the elbow, favours the near tie", () => {
    // k = 5 is the elbow and Davies-Bouldin's choice, within the margin of k = 6; Calinski-Harabasz sides with k = 6.
    const points = [
      scoredPoint(2, 4216, 0.258, 242, 1.67),
      scoredPoint(3, 3235, 0.328, 265, 1.25),
      scoredPoint(4, 2324, 0.392, 337, 1.06),
      scoredPoint(5, 1776, 0.431, 385, 0.911),
      scoredPoint(6, 1428, 0.4311, 416, 0.964),
      scoredPoint(7, 1375, 0.381, 364, 1.25),
      scoredPoint(8, 1311, 0.346, 332, 1.31),
    ];
    const rec = recommendK(points);
    expect(rec.clearKnee).toBe(true);
    expect(rec.knee.k).toBe(5);
    expect(rec.k).toBe(6);
    expect(rec.reason).toBe(
      "k = 6 has the highest silhouette (0.43); the elbow at k = 5 separates segments less well (0.43).",
    );
  });

  it("keeps the best silhouette when the better-rated k is further below it than the margin", () => {
    const rec = recommendK([
      scoredPoint(2, 1000, 0.58, 251, 0.59),
      scoredPoint(3, 600, 0.58 - SILHOUETTE_MARGIN - 0.001, 300, 0.5),
      scoredPoint(4, 500, 0.4, 200, 0.9),
    ]);
    expect(rec.k).toBe(2);
  });
});

describe("sweep", () => {
  it("scores every k and recommends the number of blobs", () => {
    const m = matrixFromRows(
      blobs(
        [
          [0, 0],
          [10, 0],
          [0, 10],
          [10, 10],
        ],
        25,
        2,
        9,
      ),
    );
    const points = sweep(m, { kmin: 2, kmax: 8, seed: 1 });
    expect(points.map((p) => p.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    // Four blobs of 25: k = 4 finds them, so its smallest segment is one blob.
    expect(points[2]).toMatchObject({ smallestSize: 25, smallestShare: 0.25 });
    for (const p of points) expect(p.smallestSize).toBeLessThanOrEqual(100 / p.k);
    for (let i = 1; i < points.length; i++)
      expect(points[i].inertia).toBeLessThanOrEqual(points[i - 1].inertia * 1.0001);
    const rec = recommendK(points);
    expect(rec.k).toBe(4);
    expect(rec.clearKnee).toBe(true);
  });

  it("reports every k-means iteration of every k, and stops when told to", () => {
    const m = matrixFromRows(
      blobs(
        [
          [0, 0],
          [10, 10],
          [0, 10],
        ],
        30,
        2,
        5,
      ),
    );
    const heard: string[] = [];
    sweep(m, {
      kmin: 2,
      kmax: 4,
      restarts: 2,
      onIteration: (k, p) => void heard.push(`${k}:${p.restart}/${p.restarts}`),
    });
    expect(new Set(heard)).toEqual(new Set(["2:1/2", "2:2/2", "3:1/2", "3:2/2", "4:1/2", "4:2/2"]));
    let calls = 0;
    const stop = () => sweep(m, { kmin: 2, kmax: 4, onIteration: () => ++calls < 3 });
    expect(stop).toThrow(CancelledError);
    expect(calls).toBe(3);
  });

  it("gives k = 1 an inertia but no scores", () => {
    const m = matrixFromRows(blobs([[0], [10]], 10, 1, 2));
    const [first] = sweep(m, { kmin: 1, kmax: 3 });
    expect(first.k).toBe(1);
    expect(first.silhouette).toBeNull();
  });

  it("caps kmax below the number of rows and refuses an empty range", () => {
    const m = matrixFromRows([[1], [2], [3], [4]]);
    expect(sweep(m, { kmin: 2, kmax: 10 }).map((p) => p.k)).toEqual([2, 3]);
    expect(() => sweep(m, { kmin: 5, kmax: 10 })).toThrow("kmax must be");
  });
});
