/*
 * The formulas on the tables analysts really have: an RFM table with heavy-tailed Frequency and
 * Monetary (test/fixtures/online-retail-rfm.csv, made by scripts/make_rfm_fixture.py from the UCI
 * Online Retail transactions), the Mall customers with Gender, and text columns of many categories.
 */
import { readFileSync } from "fs";
import path from "path";
import {
  segmentBestK,
  segmentElbow,
  segmentKmeans,
  segmentModel,
  segmentProfile,
} from "../../src/functions/functions";
import { Cells, ErrorCode, excelError, labelsOf } from "./support";

function csv(name: string, textColumns: number[] = []): Cells {
  return readFileSync(path.join(__dirname, "..", "fixtures", name), "utf8")
    .trim()
    .split(/\r?\n/)
    .map((line, i) => line.split(",").map((v, j) => (i === 0 || textColumns.includes(j) ? v : Number(v))));
}

/** Recency, Frequency, Monetary of 4,339 customers (the CustomerID column left out). */
const rfm = csv("online-retail-rfm.csv").map((row) => row.slice(1));
/** Gender, Age, Annual Income, Spending Score of the 200 Mall customers. */
const mall = csv("mall-customers-full.csv", [1]).map((row) => row.slice(1));

function sizes(labels: (number | string)[]): number[] {
  const counts = new Map<number | string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts.values()].sort((a, b) => b - a);
}

describe("heavy-tailed RFM data", () => {
  it("log-transforms Frequency and Monetary by default, and MODEL's Transform column says so", () => {
    const model = segmentModel(rfm, 4);
    const transforms = model.filter((row) => ["Recency", "Frequency", "Monetary"].includes(String(row[1])));
    expect(transforms.map((row) => [row[1], row[3]])).toEqual([
      ["Recency", "none"],
      ["Frequency", "log(1+x)"],
      ["Monetary", "log(1+x)"],
    ]);
  });

  it("ELBOW's reason says which columns were log-transformed, and BESTK's k leaves no segment under 2%", () => {
    const elbow = segmentElbow(rfm);
    const reason = String(elbow.find((row) => row[6] !== "" && row[0] !== "k")?.[6]);
    expect(reason).toMatch(
      /Frequency and Monetary were log-transformed, log\(1 \+ x\), for a heavy right tail \(skewness 12\.1 and 19\.3\)\.$/,
    );
    const k = segmentBestK(rfm);
    expect(reason).toMatch(new RegExp(`^◀ recommended: k = ${k}`));
    const counts = sizes(labelsOf(segmentKmeans(rfm, k)));
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(0.02 * 4339);
    // PROFILE says it too, in a note under the table.
    const profile = segmentProfile(rfm, segmentKmeans(rfm, k));
    expect(profile.filter((row) => row[0] === "Note").map((row) => row[1])).toContainEqual(
      expect.stringMatching(/^Frequency and Monetary were log-transformed/),
    );
  });

  it("leaves no segment under 2% of the customers by default, for k = 2 to 6", () => {
    for (let k = 2; k <= 6; k++) {
      const counts = sizes(labelsOf(segmentKmeans(rfm, k)));
      expect(counts).toHaveLength(k);
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(0.02 * 4339);
    }
  });

  it('with transform "none" gives back the raw data\'s tiny segments of whales', () => {
    const counts = sizes(labelsOf(segmentKmeans(rfm, 4, undefined, undefined, undefined, "none")));
    expect(Math.min(...counts)).toBeLessThan(0.01 * 4339);
  });

  it("logs exactly the columns named in transform", () => {
    const model = segmentModel(rfm, 3, undefined, undefined, undefined, "Recency; monetary");
    expect(model.filter((row) => row[3] === "log(1+x)").map((row) => row[1])).toEqual([
      "Recency",
      "Monetary",
    ]);
  });

  it("refuses a transform that is not auto, none or feature names, naming the argument", () => {
    expect(
      excelError(() => segmentKmeans(rfm, 3, undefined, undefined, undefined, 5 as unknown as string)),
    ).toEqual({
      code: ErrorCode.invalidValue,
      message: 'transform must be "auto", "none" or column names to log-transform (got 5).',
    });
    expect(excelError(() => segmentKmeans(rfm, 3, undefined, undefined, undefined, "Spend"))).toEqual({
      code: ErrorCode.invalidValue,
      message: 'Log transform asked for "Spend", which is not a selected feature.',
    });
  });
});

describe("text categories", () => {
  it("counts Gender once: at k = 2 and 3 the segments are not each all one gender", () => {
    for (const k of [2, 3]) {
      const labels = labelsOf(segmentKmeans(mall, k));
      const pure = Array.from({ length: k }, (_, c) => {
        const genders = new Set(
          mall
            .slice(1)
            .filter((_, i) => labels[i] === c + 1)
            .map((row) => row[0]),
        );
        return genders.size === 1;
      });
      expect(pure.every(Boolean)).toBe(false);
    }
  });

  it("ELBOW's reason warns when Gender alone splits the recommended segments", () => {
    const elbow = segmentElbow(mall);
    const reason = String(elbow.find((row) => row[6] !== "" && row[0] !== "k")?.[6]);
    expect(reason).toMatch(/Gender alone splits the segments/);
    // Without Gender, income and spending give no such warning.
    const incomeSpending = mall.map((row) => row.slice(2));
    const plain = segmentElbow(incomeSpending);
    expect(String(plain.find((row) => row[6] !== "" && row[0] !== "k")?.[6])).not.toMatch(/splits/);
  });

  it("refuses a text column of more than 20 categories with #VALUE!, naming it", () => {
    const countries = Array.from({ length: 37 }, (_, i) => `Country ${i + 1}`);
    const data: Cells = [
      ["Country", "Spend"],
      ...Array.from({ length: 200 }, (_, i) => [countries[i % 37], i % 50]),
    ];
    expect(excelError(() => segmentKmeans(data, 3))).toEqual({
      code: ErrorCode.invalidValue,
      message: expect.stringMatching(
        /^Country has 37 different values, too many for a feature \(at most 20\)/,
      ),
    });
  });
});

describe("numbers typed as text", () => {
  const amounts = rfm.slice(1, 301).map((row) => Number(row[2]));
  const dollars = (x: number) =>
    `$${x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

  it('segments a column of "$1,234.50" amounts exactly as the same numbers', () => {
    const asText: Cells = [
      ["Recency", "Monetary"],
      ...rfm.slice(1, 301).map((row, i) => [row[0], dollars(amounts[i])]),
    ];
    const asNumbers: Cells = [
      ["Recency", "Monetary"],
      ...rfm.slice(1, 301).map((row, i) => [row[0], Number(dollars(amounts[i]).replace(/[$,]/g, ""))]),
    ];
    expect(segmentKmeans(asText, 4)).toEqual(segmentKmeans(asNumbers, 4));
  });

  it("names the column and a cell when text that looks numeric cannot be read", () => {
    const data: Cells = [
      ["Weight", "Age"],
      ...Array.from({ length: 30 }, (_, i) => [`${10 + i} kg`, 20 + (i % 7)]),
    ];
    expect(excelError(() => segmentKmeans(data, 3))).toEqual({
      code: ErrorCode.invalidValue,
      message:
        'Weight, row 2: "10 kg" could not be read as a number. Fix that cell, or leave the column out of the range.',
    });
  });
});
