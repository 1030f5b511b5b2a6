import fc from "fast-check";
import { forecastSpill, migrationSpill } from "../../src/functions/migration";
import { dbscanSpill } from "../../src/functions/density";
import { kmeansSpill } from "../../src/functions/segmenting";
import { errorOf } from "../helpers/segment-error";
import { columns, labelsOf, mallCustomers } from "./support";

const SEED = 20240616;
const col = (...xs: unknown[]) => xs.map((x) => [x]);

// The hand-counted example by id: 101: 1 -> 1; 102: 1 -> 2; 103: 2 -> 2; 104: 2 -> left out after
// (gone); 105: 3 -> absent after (gone); 106: absent before -> 1 (new).
const beforeLabels = col("Segment", 1, 1, 2, 2, 3);
const beforeIds = col("CustomerID", 101, 102, 103, 104, 105);
const afterLabels = col("Segment", 2, 1, 1, "", 2);
const afterIds = col("CustomerID", "103", "101.0", 106, 104, 102);

const byId = () => migrationSpill(beforeLabels, afterLabels, beforeIds, afterIds);

describe("SEGMENT.MIGRATION", () => {
  it("spills counts with Gone, New and totals, then each row's shares, matched by id", () => {
    expect(byId()).toEqual([
      ["Before \\ After", 1, 2, 3, "Gone", "Total"],
      [1, 1, 1, 0, 0, 2],
      [2, 0, 1, 0, 1, 2],
      [3, 0, 0, 0, 1, 1],
      ["New", 1, 0, 0, "", 1],
      ["Total", 2, 2, 0, 2, 6],
      ["", "", "", "", "", ""],
      ["Share of row", 1, 2, 3, "Gone", "Total"],
      [1, 0.5, 0.5, 0, 0, 1],
      [2, 0, 0.5, 0, 0.5, 1],
      [3, 0, 0, 0, 1, 1],
      ["New", 1, 0, 0, "", 1],
      ["Total", 2 / 6, 2 / 6, 0, 2 / 6, 1],
    ]);
  });

  it("matches by position without ids, with noise as its own row and column and no New or Gone when none", () => {
    // DBSCAN's header says what 0 means; it is skipped like KMEANS's "Segment".
    const spill = migrationSpill(
      col("Segment (0 = noise)", 1, 1, 0, 2, 2, 0),
      col(1, 1, 1, 2, 0, 0),
      null,
      null,
    );
    expect(spill.slice(0, 5)).toEqual([
      ["Before \\ After", 1, 2, "Noise", "Total"],
      [1, 2, 0, 0, 2],
      [2, 0, 1, 1, 2],
      ["Noise", 1, 0, 1, 2],
      ["Total", 3, 1, 2, 6],
    ]);
    expect(spill[8]).toEqual([2, 0, 0.5, 0.5, 1]);
  });

  it("leaves a segment's share row empty when nobody was in it before", () => {
    const spill = migrationSpill(col(1, 1), col(1, 2), null, null);
    expect(spill.slice(0, 4)).toEqual([
      ["Before \\ After", 1, 2, "Total"],
      [1, 1, 1, 2],
      [2, 0, 0, 0],
      ["Total", 1, 1, 2],
    ]);
    expect(spill[7]).toEqual([2, "", "", ""]);
  });

  it("shows the same k-means run twice as a diagonal, and k = 5 against k = 6 as one segment split", () => {
    const data = columns(mallCustomers(), 1, 2);
    const five = kmeansSpill([data, 5, null, null, null]);
    const six = kmeansSpill([data, 6, null, null, null]);
    const same = migrationSpill(five, five, null, null);
    expect(same.slice(1, 6).map((row) => row.slice(1, 6))).toEqual([
      [81, 0, 0, 0, 0],
      [0, 39, 0, 0, 0],
      [0, 0, 35, 0, 0],
      [0, 0, 0, 23, 0],
      [0, 0, 0, 0, 22],
    ]);
    const split = migrationSpill(five, six, null, null);
    const total = split[7];
    expect(total[0]).toBe("Total");
    expect(total[total.length - 1]).toBe(200);
    // The README's example: k = 6 splits segment 2 (39 customers) into 29 and 10, and renumbers by size.
    expect(split.slice(0, 8)).toEqual([
      ["Before \\ After", 1, 2, 3, 4, 5, 6, "Total"],
      [1, 81, 0, 0, 0, 0, 0, 81],
      [2, 0, 0, 29, 0, 0, 10, 39],
      [3, 0, 35, 0, 0, 0, 0, 35],
      [4, 0, 0, 0, 23, 0, 0, 23],
      [5, 0, 0, 0, 0, 22, 0, 22],
      [6, 0, 0, 0, 0, 0, 0, 0],
      ["Total", 81, 35, 29, 23, 22, 10, 200],
    ]);
    // Each row's counts against a count straight from the two label columns.
    const a = labelsOf(five);
    const b = labelsOf(six);
    for (let i = 1; i <= 5; i++)
      for (let j = 1; j <= 6; j++) expect(split[i][j]).toBe(a.filter((l, r) => l === i && b[r] === j).length);
  });

  it("reads DBSCAN's spill, noise included", () => {
    const data = columns(mallCustomers(), 1, 2);
    const labels = dbscanSpill(data, 0.3, 5, null, null);
    const spill = migrationSpill(labels, labels, null, null);
    expect(spill[0]).toContain("Noise");
    const noise = labelsOf(labels).filter((l) => l === 0).length;
    const row = spill.find((r) => r[0] === "Noise") as unknown[];
    expect(row[row.length - 1]).toBe(noise);
    expect(noise).toBeGreaterThan(0);
  });

  describe("errors", () => {
    it("wants both id columns or neither", () => {
      const e = errorOf(() => migrationSpill(beforeLabels, afterLabels, beforeIds, null));
      expect(e.kind).toBe("value");
      expect(e.message).toBe(
        "ids_before is given but ids_after is not: pass both id columns to match customers by id, or neither to match row by row.",
      );
    });

    it("gives both lengths when columns matched by position differ", () => {
      const e = errorOf(() => migrationSpill(col("Segment", 1, 2, 3), col(1, 2), null, null));
      expect(e.kind).toBe("na");
      expect(e.message).toMatch(/^labels_before has 3 labels and labels_after 2 labels: without ids/);
    });

    it("wants the ids of the same rows as the labels", () => {
      const e = errorOf(() => migrationSpill(beforeLabels, afterLabels, beforeIds.slice(1), afterIds));
      expect(e.kind).toBe("na");
      expect(e.message).toMatch(/^ids_before has 5 cells but labels_before has 6 cells/);
    });

    it("names a duplicate id and its rows, counting the header row", () => {
      const e = errorOf(() =>
        migrationSpill(beforeLabels, afterLabels, col("CustomerID", 101, 102, 103, "102", 105), afterIds),
      );
      expect(e.kind).toBe("value");
      expect(e.message).toBe(
        'ids_before: customer "102" is on rows 3 and 5. Each customer can be on one row per side.',
      );
    });

    it("names a label that is no segment number", () => {
      const e = errorOf(() => migrationSpill(col(1, 2.5), col(1, 2), null, null));
      expect(e.kind).toBe("value");
      expect(e.message).toMatch(/^labels_before, row 2: "2.5" is not a segment number/);
    });

    it("refuses a label column with no segments", () => {
      const e = errorOf(() => migrationSpill(col("Segment", "", ""), col(1, 2), null, null));
      expect(e.message).toBe("labels_before has no segment numbers, only empty cells.");
    });

    it("refuses a range of two columns as labels", () => {
      const e = errorOf(() =>
        migrationSpill(
          [
            [1, 2],
            [1, 2],
          ],
          col(1, 2),
          null,
          null,
        ),
      );
      expect(e.message).toBe("labels_before must be a single column (or row) of segment numbers.");
    });
  });

  it("totals every matched customer once and gives row shares that sum to 1 (property)", () => {
    const people = fc.array(
      fc.record({
        before: fc.constantFrom<number | string | null>(0, 1, 2, 3, "", null),
        after: fc.constantFrom<number | string | null>(0, 1, 2, 4, "", null),
      }),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(people, (rows) => {
        // null: absent from that side. Ids are shuffled on the after side.
        const present = (key: "before" | "after") =>
          rows.map((r, i) => ({ label: r[key], id: i })).filter((r) => r.label !== null);
        const b = present("before");
        const a = present("after").reverse();
        const segmented = (x: unknown) => typeof x === "number";
        if (!b.some((r) => typeof r.label === "number" && r.label > 0)) return;
        if (!a.some((r) => typeof r.label === "number" && r.label > 0)) return;
        const spill = migrationSpill(
          col("Segment", ...b.map((r) => r.label)),
          col("Segment", ...a.map((r) => r.label)),
          col("Id", ...b.map((r) => `C${r.id}`)),
          col("Id", ...a.map((r) => `C${r.id}`)),
        );
        const blank = spill.findIndex((r) => r[0] === "");
        const totalRow = spill[blank - 1];
        const expected = rows.filter((r) => segmented(r.before) || segmented(r.after)).length;
        expect(totalRow[totalRow.length - 1]).toBe(expected);
        const counts = spill.slice(1, blank - 1);
        for (const row of counts) {
          const cells = row.slice(1, -1).filter((x): x is number => typeof x === "number");
          expect(cells.reduce((x, y) => x + y, 0)).toBe(row[row.length - 1]);
        }
        for (const row of spill.slice(blank + 2)) {
          if (row[row.length - 1] === "") continue;
          const shares = row.slice(1, -1).filter((x): x is number => typeof x === "number");
          expect(shares.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("SEGMENT.FORECAST", () => {
  // The chain of the example by id: segment 1 keeps half and sends half to 2, 2 keeps all, and 3
  // (nobody of it segmented after) stays put. Sizes now: the column totals, 2, 2, 0.
  it("projects the sizes after, step by step, to the long run, with its notes", () => {
    const spill = forecastSpill(byId(), 2);
    expect(spill[0]).toEqual(["Segment", "Now", "After 1 step", "After 2 steps", "Long run", "Notes"]);
    const numbers = spill.slice(1).map((row) => row.slice(0, 5));
    expect(numbers.map((row) => row.slice(0, 4))).toEqual([
      [1, 2, 1, 0.5],
      [2, 2, 3, 3.5],
      [3, 0, 0, 0],
      ["Total", 4, 4, 4],
    ]);
    expect(numbers.map((row) => Math.round((row[4] as number) * 1e9) / 1e9)).toEqual([0, 4, 0, 4]);
    const notes = spill.slice(1).map((row) => row[5]);
    expect(notes[0]).toMatch(/^Markov assumption: next period's segment depends only on this period's/);
    expect(notes[1]).toMatch(/^New and gone customers are not modelled: the chain moves the 4 customers/);
    expect(notes[2]).toBe(
      "No customer of segment 3 before is segmented after, so nothing says where its customers go: they are taken to stay.",
    );
    expect(notes[3]).toMatch(/^Long run: where the sizes settle \(after about \d+ steps\)\.$/);
  });

  it("reads the counts block alone as it reads the whole spill, and takes one step by default", () => {
    const whole = forecastSpill(byId(), null);
    expect(forecastSpill(byId().slice(0, 6), null)).toEqual(whole);
    expect(whole[0]).toEqual(["Segment", "Now", "After 1 step", "Long run", "Notes"]);
  });

  it("gives the README's example: three segments typed by hand, three steps", () => {
    const spill = forecastSpill(
      [
        ["Before \\ After", 1, 2, 3],
        [1, 80, 15, 5],
        [2, 10, 60, 30],
        [3, 0, 10, 90],
      ],
      3,
    );
    const rounded = spill
      .slice(1)
      .map((row) => row.slice(0, 6).map((x) => (typeof x === "number" ? Math.round(x * 1000) / 1000 : x)));
    expect(rounded).toEqual([
      [1, 90, 80.5, 72.1, 64.933, 31.579],
      [2, 85, 77, 72.525, 69.868, 63.158],
      [3, 125, 142.5, 155.375, 165.2, 205.263],
      ["Total", 300, 300, 300, 300, 300],
    ]);
  });

  it("reads a table without Gone, New or totals, typed by hand", () => {
    const spill = forecastSpill(
      [
        ["Before \\ After", 1, 2],
        [1, 90, 10],
        [2, 20, 80],
      ],
      1,
    );
    // Now: 110 and 90; after a step 110 * 0.9 + 90 * 0.2 = 117 and 110 * 0.1 + 90 * 0.8 = 83.
    expect(spill[1][0]).toBe(1);
    expect(spill[1][1]).toBe(110);
    expect(spill[1][2]).toBeCloseTo(117, 12);
    expect(spill[2][2]).toBeCloseTo(83, 12);
    expect(spill[1][3]).toBeCloseTo(200 * (2 / 3), 8);
  });

  it("keeps noise as a state of the chain", () => {
    // 1 -> 1 twice, 1 -> noise, noise -> noise: a third of segment 1 turns to noise each step,
    // and noise stays noise. Now 2 and 2; after a step 2 * 2/3 and 2 + 2 * 1/3.
    const spill = forecastSpill(migrationSpill(col(1, 1, 1, 0), col(1, 1, 0, 0), null, null), 1);
    expect(spill.slice(1).map((row) => row.slice(0, 2))).toEqual([
      [1, 2],
      ["Noise", 2],
      ["Total", 4],
    ]);
    expect(spill[1][2]).toBeCloseTo(4 / 3, 12);
    expect(spill[2][2]).toBeCloseTo(8 / 3, 12);
    expect(spill[2][3]).toBeCloseTo(4, 9);
  });

  it("says when the sizes cycle and leaves the long run empty", () => {
    const spill = forecastSpill(migrationSpill(col(1, 2, 2), col(2, 1, 1), null, null), 2);
    expect(spill.slice(1).map((row) => row.slice(0, 5))).toEqual([
      [1, 2, 1, 2, ""],
      [2, 1, 2, 1, ""],
      ["Total", 3, 3, 3, ""],
    ]);
    expect(spill.map((row) => row[5]).join(" ")).toContain(
      "Long run: none, the sizes cycle every 2 steps without settling.",
    );
  });

  it("says when the sizes move too slowly to find where they settle", () => {
    const spill = forecastSpill(
      [
        ["Before \\ After", 1, 2],
        [1, 1e7 - 1, 1],
        [2, 3, 1e7 - 3],
      ],
      1,
    );
    expect(spill.slice(1).map((row) => row[3])).toEqual(["", "", ""]);
    expect(spill.map((row) => row[4]).join(" ")).toContain(
      "Long run: the sizes had not settled after 100,000 steps, so none is given.",
    );
  });

  describe("errors", () => {
    it("refuses the shares block, which has lost the counts", () => {
      const e = errorOf(() => forecastSpill(byId().slice(7), 1));
      expect(e.kind).toBe("value");
      expect(e.message).toMatch(/^migration is the shares block of SEGMENT.MIGRATION/);
    });

    it("says what it expected of a table that is no migration", () => {
      const e = errorOf(() => forecastSpill(columns(mallCustomers(), 1, 2), 1));
      expect(e.kind).toBe("value");
      expect(e.message).toMatch(
        /^migration starts with "Annual Income \(k\$\)", not "Before \\ After"\. SEGMENT.FORECAST reads the counts block/,
      );
    });

    it("names a row label it does not know", () => {
      const e = errorOf(() =>
        forecastSpill(
          [
            ["Before \\ After", 1],
            ["Segment 1", 3],
          ],
          1,
        ),
      );
      expect(e.message).toMatch(/^migration, row 2: "Segment 1" is not a row of a migration table/);
    });

    it("wants the same segments in rows and columns", () => {
      const e = errorOf(() =>
        forecastSpill(
          [
            ["Before \\ After", 1, 2],
            [1, 3, 1],
            [3, 0, 2],
          ],
          1,
        ),
      );
      expect(e.message).toBe(
        "migration's rows (segment 1, segment 3) and columns (segment 1, segment 2) must name the same segments.",
      );
    });

    it("names a cell that is no count", () => {
      const e = errorOf(() =>
        forecastSpill(
          [
            ["Before \\ After", 1, 2],
            [1, 3, -1],
            [2, 0, 2],
          ],
          1,
        ),
      );
      expect(e.message).toBe('migration, row 2, column 3: "-1" is not a count (a number, 0 or more).');
    });

    it("catches totals that do not add up: counts edited, or shares relabelled", () => {
      const shares = byId().slice(7);
      shares[0][0] = "Before \\ After";
      const e = errorOf(() => forecastSpill(shares, 1));
      expect(e.message).toMatch(
        /^migration's Total row says "0.333.*" for segment 1 but its column adds up to 1.5/,
      );
    });

    it("wants steps from 1 to 120", () => {
      expect(errorOf(() => forecastSpill(byId(), 0)).message).toBe("steps must be at least 1 (got 0).");
      expect(errorOf(() => forecastSpill(byId(), 121)).message).toBe("steps must be at most 120 (got 121).");
      expect(errorOf(() => forecastSpill(byId(), 2.5)).kind).toBe("value");
    });
  });
});
