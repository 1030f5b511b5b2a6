/**
 * The command line on a file: `segment FILE.csv` with the task's arguments (options.args), run in this
 * process as bin/segment.js runs it (src/cli/main.ts through tsx, not bundled: its dependencies load
 * Node built-ins with require, which an ES module bundle cannot), its output thrown away. The CSV, a
 * header over the task's rows of blobs, is written here first (outside the timing) when it is not
 * there yet, a block of rows at a time; the command then reads it as a stream, as it reads any file.
 */
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import { Writable } from "stream";
import type { run as Run } from "../../src/cli/main";
import { collect, peakMb, report, rssMb, task } from "../child";

const t = task();
const root = String(t.options?.root);
const require = createRequire(path.join(root, "package.json"));
(require("tsx/cjs/api") as { register: () => void }).register();
const { run } = require(path.join(root, "src/cli/main.ts")) as { run: typeof Run };
const args = (t.options?.args as string[] | undefined) ?? [];
const csv = t.data.replace(/\.f64$/, ".csv");
if (!fs.existsSync(csv)) writeCsv(t.data, csv, t.n, t.d);
const out = args.includes("--out") ? args[args.indexOf("--out") + 1] : null;
await collect();
const baselineMb = rssMb();

let printed = "";
const stdout = new Writable({
  write(chunk, _encoding, done) {
    printed += String(chunk);
    done();
  },
});
// Not a terminal: no progress bar, as when the command's output is piped.
const stderr = Object.assign(
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  }),
  { isTTY: false },
) as unknown as NodeJS.WriteStream;

const start = performance.now();
const code = await run([csv, ...args], { stdout, stderr });
const ms = performance.now() - start;
if (code !== 0) throw new Error(`segment exited with ${code}`);
const k = /^k = (\d+)\./m.exec(printed)?.[1];
const size = out ? ` (${Math.round(fs.statSync(out).size / 1048576)} MB .xlsx)` : "";
report({
  timesMs: [ms],
  baselineMb,
  inputMb: baselineMb,
  peakMb: peakMb(),
  k: k === undefined ? undefined : Number(k),
  note: `${args.join(" ")}: k = ${k}${size}`,
});

/** The task's float64 rows as CSV under a header, written a block at a time (never one string). */
function writeCsv(data: string, file: string, n: number, d: number): void {
  const fd = fs.openSync(data, "r");
  const outFd = fs.openSync(`${file}.tmp`, "w");
  const blockRows = 8192;
  const block = new Float64Array(blockRows * d);
  const bytes = new Uint8Array(block.buffer);
  fs.writeSync(outFd, Array.from({ length: d }, (_, j) => `Feature ${j + 1}`).join(",") + "\n");
  for (let first = 0; first < n; first += blockRows) {
    const count = Math.min(blockRows, n - first);
    fs.readSync(fd, bytes, 0, count * d * 8, first * d * 8);
    const lines: string[] = [];
    for (let r = 0; r < count; r++) lines.push(Array.from(block.subarray(r * d, r * d + d)).join(","));
    fs.writeSync(outFd, lines.join("\n") + "\n");
  }
  fs.closeSync(fd);
  fs.closeSync(outFd);
  fs.renameSync(`${file}.tmp`, file);
}
