import { SegmentError } from "../../src/core/errors";
import { MAX_MESSAGE_LENGTH, guard, toExcelError } from "../../src/functions/errors";
import {
  segmentAssign,
  segmentBestK,
  segmentCentroids,
  segmentElbow,
  segmentKmeans,
  segmentMetrics,
  segmentModel,
  segmentProfile,
  segmentSilhouette,
} from "../../src/functions/functions";
import { PAYLOAD_LIMIT_BYTES, WORK_LIMIT, estimatePayloadBytes } from "../../src/functions/limits";
import { toSpill } from "../../src/functions/output";
import { ErrorCode, StubCustomFunctionsError, excelError, mallCustomers } from "./support";
import { createRng } from "../../src/core/random";

describe("error mapping", () => {
  it("maps SegmentError kinds to #VALUE! and #N/A, the two codes whose message Excel shows, keeping the message", () => {
    const cases = [
      ["value", ErrorCode.invalidValue],
      ["na", ErrorCode.notAvailable],
    ] as const;
    for (const [kind, code] of cases) {
      const error = toExcelError(new SegmentError(kind, "why")) as unknown as StubCustomFunctionsError;
      expect(error).toBeInstanceOf(StubCustomFunctionsError);
      expect([error.code, error.message]).toEqual([code, "why"]);
    }
  });

  it("turns any other exception into #VALUE! with a message, never rethrowing it raw", () => {
    const error = excelError(() =>
      guard(() => {
        throw new TypeError("x is undefined");
      }),
    );
    expect(error).toEqual({
      code: ErrorCode.invalidValue,
      message: "Segment could not compute this (x is undefined).",
    });
    const thrownText = excelError(() =>
      guard(() => {
        throw "not an Error object";
      }),
    );
    expect(thrownText).toEqual({
      code: ErrorCode.invalidValue,
      message: "Segment could not compute this (not an Error object).",
    });
  });

  it("passes a CustomFunctions.Error through unchanged", () => {
    const original = new StubCustomFunctionsError(ErrorCode.notAvailable, "as is");
    expect(toExcelError(original)).toBe(original);
  });

  it("keeps messages short enough for Excel", () => {
    const error = toExcelError(
      new SegmentError("value", "x".repeat(1000)),
    ) as unknown as StubCustomFunctionsError;
    expect(error.message).toHaveLength(MAX_MESSAGE_LENGTH);
    expect(error.message.endsWith("…")).toBe(true);
  });

  it("an exception deep inside a call still reaches Excel as #VALUE!", () => {
    const hostile = {
      get basicValue(): number {
        throw new RangeError("bad cell");
      },
    };
    const data = [
      ["a", "b"],
      [1, hostile],
      [3, 4],
    ];
    expect(excelError(() => segmentKmeans(data, 2))).toEqual({
      code: ErrorCode.invalidValue,
      message: "Segment could not compute this (bad cell).",
    });
  });
});

describe("payload estimate", () => {
  it("is exact for small ranges: the JSON length", () => {
    const values = [
      ["Age", 'Name "x"', null],
      [1.5, "Zoë", true],
      [-3e-7, "", false],
    ];
    expect(estimatePayloadBytes(values)).toBe(Buffer.byteLength(JSON.stringify(values)));
  });

  it("is close for large ranges, from a sample of rows", () => {
    const rng = createRng(1);
    const values = Array.from({ length: 50000 }, () => [
      rng.next() * 1000,
      rng.int(100),
      rng.next() < 0.5 ? "Male" : "Female",
    ]);
    const exact = JSON.stringify(values).length;
    expect(Math.abs(estimatePayloadBytes(values) - exact) / exact).toBeLessThan(0.02);
  });

  it("toSpill refuses a result over the limit, and makes cells Excel can show", () => {
    expect(toSpill([[1, NaN, Infinity], [null, undefined, "a"], [true]])).toEqual([
      [1, "", ""],
      ["", "", "a"],
      [true, "", ""],
    ]);
    const huge = Array.from({ length: 600000 }, () => ["0123456789"]);
    expect(() => toSpill(huge)).toThrow(/5 MB a custom function can return/);
  });
  it("toSpill passes rows that Excel can already show through without copying them", () => {
    const ready = [["Segment"], [1], [2], [1]];
    expect(toSpill(ready)).toBe(ready);
    const some = [["Segment"], [1], [NaN]];
    const out = toSpill(some);
    expect(out).toEqual([["Segment"], [1], [""]]);
    expect(out[1]).toBe(some[1]);
    expect(some[2][0]).toBeNaN();
  });
});

describe("every function refuses inputs too large for a formula, quickly and with a message", () => {
  // About 5.7 MB of cells (37 bytes a row as JSON): more than Excel passes to a custom function.
  const bigData: (string | number)[][] = [["Age", "Income", "Spend", "Visits"]];
  for (let i = 0; i < 160000; i++)
    bigData.push([20 + (i % 50), 1000.123456 + i, (i % 101) + 0.25, i * 7.0001]);
  const labels = bigData.map((_, i) => [i === 0 ? "Segment" : 1 + (i % 3)]);

  it("estimates the big input above the limit", () => {
    expect(estimatePayloadBytes(bigData)).toBeGreaterThan(PAYLOAD_LIMIT_BYTES);
  });

  it.each([
    ["KMEANS", () => segmentKmeans(bigData, 3)],
    ["CENTROIDS", () => segmentCentroids(bigData, 3)],
    ["MODEL", () => segmentModel(bigData, 3)],
    ["ELBOW", () => segmentElbow(bigData)],
    ["BESTK", () => segmentBestK(bigData)],
    ["SILHOUETTE", () => segmentSilhouette(bigData, labels)],
    ["METRICS", () => segmentMetrics(bigData, labels)],
    ["PROFILE", () => segmentProfile(bigData, labels)],
    ["ASSIGN", () => segmentAssign(bigData, segmentModel(mallCustomers(), 3))],
  ])("%s", (_, call) => {
    const started = Date.now();
    const error = excelError(call);
    expect(error.code).toBe(ErrorCode.invalidValue);
    expect(error.message).toMatch(/MB, more than the 5 MB Excel passes to a custom function\. .*task pane/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses a fit that would run for minutes, before starting it", () => {
    const rows = [["x", "y"], ...Array.from({ length: 2000 }, (_, i) => [i % 97, (i * 31) % 89])];
    expect(2000 * 2 * 500 * 100).toBeGreaterThan(WORK_LIMIT);
    const started = Date.now();
    const error = excelError(() => segmentKmeans(rows, 500, null as never, null as never, 100));
    expect(error.code).toBe(ErrorCode.invalidValue);
    expect(error.message).toMatch(/too much work for a formula.*task pane/);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(excelError(() => segmentElbow(rows, 2, 1500)).message).toMatch(
      /Trying k = 2 to 1500 on 2000 rows is too much work/,
    );
  });
});
