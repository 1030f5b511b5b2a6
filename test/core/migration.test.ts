import fc from "fast-check";
import { NOISE } from "../../src/core/algorithms/clusterer";
import { CellValue } from "../../src/core/cells";
import { MIGRATION_MAX_STATES, Migration, migrate } from "../../src/core/migration";
import { IdNumbering, NONE, canonicalId } from "../../src/core/rfm-ids";
import { errorOf } from "../helpers/segment-error";

const SEED = 20240614;

const labels = (...xs: number[]) => Int32Array.from(xs);
/** counts as rows of a square table, for reading against a hand count. */
const countRows = (m: Migration) =>
  m.states.map((_, i) => Array.from(m.counts.subarray(i * m.states.length, (i + 1) * m.states.length)));

describe("migrate by position", () => {
  it("counts row i before against row i after, with noise as a state and an empty label as new", () => {
    // Pairs, counted by hand: (1,1) twice, (1,2), (2,2), (2,3), (3,3), (empty,1): new, (noise,1).
    const m = migrate(
      { labels: labels(1, 1, 1, 2, 2, 3, 0, NOISE) },
      { labels: labels(1, 2, 1, 2, 3, 3, 1, 1) },
    );
    expect(m.matchedBy).toBe("position");
    expect(m.states).toEqual([1, 2, 3, NOISE]);
    expect(countRows(m)).toEqual([
      [2, 1, 0, 0],
      [0, 1, 1, 0],
      [0, 0, 1, 0],
      [1, 0, 0, 0],
    ]);
    expect(Array.from(m.fresh)).toEqual([1, 0, 0, 0]);
    expect(Array.from(m.gone)).toEqual([0, 0, 0, 0]);
  });

  it("counts a label left out after as gone, and a row left out on both sides not at all", () => {
    const m = migrate({ labels: labels(2, 2, 0, 1) }, { labels: labels(0, 2, 0, 1) });
    expect(m.states).toEqual([1, 2]);
    expect(countRows(m)).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(Array.from(m.gone)).toEqual([0, 1]);
    expect(Array.from(m.fresh)).toEqual([0, 0]);
  });

  it("lists a segment found on one side only as a state of both axes", () => {
    const m = migrate({ labels: labels(1, 1, 1) }, { labels: labels(1, 4, 4) });
    expect(m.states).toEqual([1, 4]);
    expect(countRows(m)).toEqual([
      [1, 2],
      [0, 0],
    ]);
  });
});

describe("migrate by id", () => {
  it("matches customers by id, numbers and text spelling the same number alike", () => {
    // 101: 1 -> 1; 102: 1 -> 2; 103: 2 -> 2; 104: 2 -> left out after (gone); 105: 3 -> absent
    // after (gone); 106: absent before -> 1 (new). Counted by hand.
    const m = migrate(
      { labels: labels(1, 1, 2, 2, 3), ids: [101, 102, 103, 104, 105] },
      { labels: labels(2, 1, 1, 0, 2), ids: ["103", "101.0", 106, 104, " 102 "] },
    );
    expect(m.matchedBy).toBe("id");
    expect(m.states).toEqual([1, 2, 3]);
    expect(countRows(m)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
    expect(Array.from(m.gone)).toEqual([0, 1, 1]);
    expect(Array.from(m.fresh)).toEqual([1, 0, 0]);
  });

  it("keeps text ids with leading zeros apart from the number they spell", () => {
    const m = migrate({ labels: labels(1, 2), ids: ["007", "8"] }, { labels: labels(1, 2), ids: [7, 8] });
    // "007" is a code, not 7: one gone from 1, one new in 1; 8 stays in 2.
    expect(countRows(m)).toEqual([
      [0, 0],
      [0, 1],
    ]);
    expect(Array.from(m.gone)).toEqual([1, 0]);
    expect(Array.from(m.fresh)).toEqual([1, 0]);
  });

  it("skips rows with neither id nor label, and rows with an id but no label on both sides", () => {
    const m = migrate(
      { labels: labels(1, 0, 0), ids: ["a", "", "b"] },
      { labels: labels(1, 0), ids: ["a", "b"] },
    );
    expect(countRows(m)).toEqual([[1]]);
    expect(Array.from(m.gone)).toEqual([0]);
    expect(Array.from(m.fresh)).toEqual([0]);
  });

  it("refuses an id on two rows of one side, naming it and both rows", () => {
    const e = errorOf(() =>
      migrate(
        { labels: labels(1, 2, 1), ids: [17850, 12, "17850.0"], idsName: "ids_before", firstRow: 2 },
        { labels: labels(1), ids: [17850], idsName: "ids_after", firstRow: 2 },
      ),
    );
    expect(e.kind).toBe("value");
    expect(e.message).toBe(
      'ids_before: customer "17850" is on rows 2 and 4. Each customer can be on one row per side.',
    );
  });

  it("refuses a segmented row without an id, naming its row", () => {
    const e = errorOf(() =>
      migrate(
        { labels: labels(1, 2), ids: [1, 2], idsName: "ids_before" },
        { labels: labels(1, 2), ids: [1, null], idsName: "ids_after", firstRow: 2 },
      ),
    );
    expect(e.kind).toBe("value");
    expect(e.message).toBe(
      "ids_after, row 3: no customer id (empty) on a segmented row. Every segmented customer needs an id to be matched.",
    );
  });

  it("refuses more states than a table shows: ids passed as labels", () => {
    const n = MIGRATION_MAX_STATES + 1;
    const many = Int32Array.from({ length: n }, (_, i) => i + 1);
    const e = errorOf(() => migrate({ labels: many }, { labels: many }));
    expect(e.kind).toBe("value");
    expect(e.message).toContain(`hold ${n} different segments`);
  });
});

describe("migrate: properties", () => {
  /** Customers with an id, a label before and a label after (0: not segmented, -1: absent). */
  const customers = fc.array(
    fc.record({ before: fc.integer({ min: -2, max: 4 }), after: fc.integer({ min: -2, max: 4 }) }),
    { maxLength: 60 },
  );
  const asLabel = (x: number) => (x === -2 ? NOISE : x);

  /** How one side writes customer i's id: the two sides may differ, as a CSV and a sheet do. */
  const spellings: ((i: number) => CellValue)[] = [
    (i) => 17850 + i, // whole numbers: keyed through the dense array
    (i) => `${17850 + i}.0`,
    (i) => ` ${17850 + i} `,
    (i) => (i % 2 === 0 ? 17850 + i : 1e12 + i), // sparse: through the Map
    (i) => i * 10 + 0.5,
    (i) => `C${i}`,
  ];
  const sameId = (a: number, b: number) => a === b || (a < 3 && b < 3);

  it("counts every customer segmented on either side once, matching a plain count", () => {
    fc.assert(
      fc.property(customers, fc.nat(5), fc.nat(5), (people, sb, sa) => {
        // Spellings 0-2 are one id; the others only match themselves.
        if (!sameId(sb, sa)) sa = sb;
        const side = (key: "before" | "after", order: number[], spell: (i: number) => CellValue) => {
          const rows = order.filter((i) => people[i][key] !== -1);
          return {
            labels: Int32Array.from(rows, (i) => asLabel(people[i][key])),
            ids: rows.map(spell),
          };
        };
        const order = people.map((_, i) => i);
        const before = side("before", order, spellings[sb]);
        const after = side("after", [...order].reverse(), spellings[sa]);
        if (!before.labels.some((l) => l !== 0) && !after.labels.some((l) => l !== 0)) return;
        const m = migrate(before, after);
        const s = m.states.length;
        const at = (label: number) => m.states.indexOf(asLabel(label));
        const expected = new Float64Array(s * s);
        const gone = new Float64Array(s);
        const fresh = new Float64Array(s);
        for (const { before: b, after: a } of people) {
          const inB = b !== -1 && b !== 0;
          const inA = a !== -1 && a !== 0;
          if (inB && inA) expected[at(b) * s + at(a)]++;
          else if (inB) gone[at(b)]++;
          else if (inA) fresh[at(a)]++;
        }
        expect(Array.from(m.counts)).toEqual(Array.from(expected));
        expect(Array.from(m.gone)).toEqual(Array.from(gone));
        expect(Array.from(m.fresh)).toEqual(Array.from(fresh));
        const segmented = people.filter(
          (p) => p.before > 0 || p.before === -2 || p.after > 0 || p.after === -2,
        );
        const sum = (xs: Float64Array) => xs.reduce((x, y) => x + y, 0);
        expect(sum(m.counts) + sum(m.gone) + sum(m.fresh)).toBe(segmented.length);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("canonicalId", () => {
  it("reads ids as rfm-ids.ts's IdNumbering does", () => {
    const cells: CellValue[] = [
      "17850.0",
      " 17850 ",
      17850,
      "007",
      "-0",
      "+12",
      "1.",
      ".5",
      "1e3",
      "#N/A",
      "",
      true,
      null,
      "C1",
      "0.25",
    ];
    const numbering = new IdNumbering();
    const expected = cells.map((cell) => {
      const index = numbering.indexOf(cell);
      return index === NONE ? null : numbering.ids[index];
    });
    expect(cells.map(canonicalId)).toEqual(expected);
    expect(expected.slice(0, 4)).toEqual([17850, 17850, 17850, "007"]);
  });

  it("agrees with IdNumbering on any text made of digits, signs, points, spaces and letters (property)", () => {
    const text = fc
      .array(fc.constantFrom("0", "1", "9", "+", "-", ".", " ", "C", "#", "e"), { maxLength: 8 })
      .map((chars) => chars.join(""));
    fc.assert(
      fc.property(text, (cell) => {
        const numbering = new IdNumbering();
        const index = numbering.indexOf(cell);
        expect(canonicalId(cell)).toEqual(index === NONE ? null : numbering.ids[index]);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
