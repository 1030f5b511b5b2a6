/**
 * The command gives what the formulas give on the same data and arguments: SEGMENT.KMEANS's labels
 * for a given k, and for --k auto the k SEGMENT.BESTK recommends, with ELBOW's reason.
 */
import "../functions/support";
import * as fs from "fs";
import * as path from "path";
import { segmentBestK, segmentElbow, segmentKmeans } from "../../src/functions/functions";
import { RECOMMENDED_MARK } from "../../src/functions/choosing";
import { INCOME_SPEND, MALL, RFM, runJson, sampleRows, spillLabels, tempDir } from "./support";

const columns = (rows: unknown[][], ...indices: number[]) => rows.map((r) => indices.map((j) => r[j]));

describe("segment FILE --k N: the labels of SEGMENT.KMEANS", () => {
  it("on the Mall customers, by header names, with every argument given", async () => {
    const json = await runJson([
      MALL,
      "--columns",
      INCOME_SPEND,
      "--k",
      "5",
      "--seed",
      "7",
      "--restarts",
      "3",
    ]);
    const spill = segmentKmeans(columns(sampleRows(MALL), 3, 4), 5, "zscore", 7, 3);
    expect(json.labels).toEqual(spillLabels(spill));
    expect(json.k).toBe(5);
  });

  it("on the RFM table, by column letters, with a transform and a scaling", async () => {
    const json = await runJson([
      RFM,
      "--columns",
      "B,C,D",
      "--k",
      "4",
      "--scaling",
      "robust",
      "--transform",
      "Monetary",
    ]);
    const spill = segmentKmeans(
      columns(sampleRows(RFM), 1, 2, 3),
      4,
      "robust",
      undefined,
      undefined,
      "Monetary",
    );
    expect(json.labels).toEqual(spillLabels(spill));
    expect(json.centroids).toHaveLength(4);
    expect(Object.keys(json.centroids[0])).toEqual(["Recency", "Frequency", "Monetary"]);
  });

  it("gives rows left out (a missing value, a totals row) no label, as the spill leaves them empty", async () => {
    const rows = sampleRows(MALL).slice(0, 41);
    rows[5][3] = null;
    const total = ["", "", "Total", 0, 0];
    for (const row of rows.slice(1)) {
      total[3] = (total[3] as number) + ((row[3] as number | null) ?? 0);
      total[4] = (total[4] as number) + (row[4] as number);
    }
    const file = path.join(tempDir("parity"), "with-gaps.csv");
    fs.writeFileSync(file, [...rows, total].map((r) => r.map((v) => v ?? "").join(",")).join("\n") + "\n");
    const json = await runJson([file, "--columns", INCOME_SPEND, "--k", "3"]);
    const spill = segmentKmeans(columns(sampleRows(file), 3, 4), 3);
    expect(json.labels).toEqual(spillLabels(spill));
    expect(json.labels).toHaveLength(41);
    expect(json.labels[4]).toBeNull();
    expect(json.labels[40]).toBeNull();
  });
});

describe("segment FILE (k auto): SEGMENT.BESTK's k and ELBOW's reason", () => {
  it.each([
    ["Mall customers", MALL, INCOME_SPEND, [3, 4]],
    ["RFM", RFM, "Recency,Frequency,Monetary", [1, 2, 3]],
  ])("on the %s", async (_name, file, names, indices) => {
    const json = await runJson([file as string, "--columns", names as string]);
    const data = columns(sampleRows(file as string), ...(indices as number[]));
    expect(json.k).toBe(segmentBestK(data));
    const marked = segmentElbow(data).find((row) => String(row[6]).startsWith(RECOMMENDED_MARK));
    expect(marked?.[6]).toBe(`${RECOMMENDED_MARK}: ${[json.reason, ...json.notes].join(" ")}`);
    expect(json.labels).toEqual(spillLabels(segmentKmeans(data, json.k)));
  });
});
