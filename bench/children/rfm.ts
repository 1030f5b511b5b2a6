/**
 * RFM on the full Online Retail file (issue 14), two ways:
 *
 * - options.mode "memory": SEGMENT.RFM's own code (rfmSpill: argument parsing, the core, the spill)
 *   on the one-column ranges Excel would pass for customer ids, dates, amounts and invoice ids, the
 *   5 MB argument limit lifted (Excel would refuse ranges this large: the point is the code behind
 *   it). The ranges are built here from the .gz before timing; options.dates "text" keeps the dates
 *   as the file's ISO text, "serial" turns them into Excel serial numbers, as a sheet of real dates
 *   passes them. Amount = Quantity x UnitPrice, computed beforehand as an analyst's column would be.
 * - options.mode "cli": the real command, `node bin/segment.js rfm FILE.csv.gz`, spawned and timed
 *   from start to exit (what `time` measures: Node and tsx starting included), with its peak memory
 *   from /usr/bin/time when there is one.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import type { CellValue } from "../../src/core/cells";
import { isoDateToSerial } from "../../src/core/text-dates";
import { rfmSpill } from "../../src/functions/rfm";
import type { readInput as ReadInput } from "../../src/cli/read";
import { collect, peakMb, report, rssMb, task, timed } from "../child";

const t = task();
const mode = String(t.options?.mode);
const root = String(t.options?.root);

if (mode === "cli") {
  const timesMs: number[] = [];
  let peak = NaN;
  let summary = "";
  const gnuTime = fs.existsSync("/usr/bin/time");
  for (let r = 0; r < t.runs; r++) {
    const command = [path.join(root, "bin", "segment.js"), "rfm", t.data];
    const start = performance.now();
    const child = gnuTime
      ? spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, ...command], {
          encoding: "utf8",
          cwd: root,
        })
      : spawnSync(process.execPath, command, { encoding: "utf8", cwd: root });
    timesMs.push(performance.now() - start);
    if (child.status !== 0) throw new Error(`segment rfm exited with ${child.status}: ${child.stderr}`);
    if (gnuTime) peak = Number(child.stderr.trim().split("\n").pop()) / 1024;
    summary = child.stdout.split("\n")[0];
  }
  // The spawned process is not this one: no baseline or input of its own to report.
  report({ timesMs, baselineMb: 0, inputMb: 0, peakMb: peak, note: summary });
} else {
  const baselineMb = rssMb();
  const ranges = await loadRanges(t.data, t.options?.dates === "serial");
  await collect();
  const inputMb = rssMb();
  const unlimited = { payloadBytes: Infinity, work: Infinity };
  const { timesMs, result } = timed(t.runs, () =>
    rfmSpill(ranges.customers, ranges.dates, ranges.amounts, null, ranges.invoices, null, unlimited),
  );
  report({
    timesMs,
    baselineMb,
    inputMb,
    peakMb: peakMb(),
    note: `${(result.length - 1).toLocaleString("en-US")} customers from ${(ranges.customers.length - 1).toLocaleString("en-US")} lines, dates as ${t.options?.dates}`,
  });
}

/** The file's columns as one-column ranges with their header cells, as Excel passes them. */
async function loadRanges(file: string, serialDates: boolean) {
  // The command line's reader, through tsx and not bundled (exceljs, which it imports, cannot be).
  const require = createRequire(path.join(root, "package.json"));
  (require("tsx/cjs/api") as { register: () => void }).register();
  const { readInput } = require(path.join(root, "src/cli/read.ts")) as { readInput: typeof ReadInput };
  const rows = (await readInput(file, null)).values;
  const at = (name: string) => rows[0].indexOf(name);
  const [c, d, q, p, inv] = ["CustomerID", "InvoiceDate", "Quantity", "UnitPrice", "InvoiceNo"].map(at);
  const column = (value: (row: CellValue[]) => CellValue, header: string) =>
    rows.map((row, i) => [i === 0 ? header : (value(row) ?? "")]);
  return {
    customers: column((row) => row[c], "CustomerID"),
    dates: column((row) => (serialDates ? isoDateToSerial(String(row[d])) : row[d]), "InvoiceDate"),
    amounts: column((row) => (row[q] as number) * (row[p] as number), "Amount"),
    invoices: column((row) => row[inv], "InvoiceNo"),
  };
}
