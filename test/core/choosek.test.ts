import { findKnee, recommendK, sweep, SweepPoint } from "../../src/core/choosek";
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
