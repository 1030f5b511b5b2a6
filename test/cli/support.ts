/**
 * Running the command in tests: spawned for real (node bin/segment.js, so the launcher is tested too) or
 * in this process through src/cli/main.ts run, which is quicker and lets a test compare with the
 * functions module directly.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Writable } from "stream";
import { run } from "../../src/cli/main";
import { parseCsv } from "../../src/host/csv";
import type { JsonResult } from "../../src/cli/report";

export const ROOT = path.resolve(__dirname, "..", "..");
export const MALL = path.join(ROOT, "samples", "mall-customers.csv");
export const RFM = path.join(ROOT, "samples", "online-retail-rfm.csv");
export const INCOME_SPEND = "Annual Income (k$),Spending Score (1-100)";

export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function spawnCli(args: readonly string[]): Ran {
  const child = spawnSync(process.execPath, [path.join(ROOT, "bin", "segment.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60000,
  });
  return { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}

export async function runCli(args: readonly string[]): Promise<Ran> {
  let stdout = "";
  let stderr = "";
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const err = Object.assign(
    sink((t) => (stderr += t)),
    { isTTY: false },
  );
  const code = await run(args, {
    stdout: sink((t) => (stdout += t)),
    stderr: err as unknown as NodeJS.WriteStream,
  });
  return { code, stdout, stderr };
}

export async function runJson(args: readonly string[]): Promise<JsonResult> {
  const ran = await runCli([...args, "--json"]);
  if (ran.code !== 0) throw new Error(`segment exited with ${ran.code}: ${ran.stderr}`);
  return JSON.parse(ran.stdout) as JsonResult;
}

/** A sample's rows as the command reads them. */
export function sampleRows(file: string) {
  return parseCsv(fs.readFileSync(file, "utf8"));
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `segment-${prefix}-`));
}

/** A spill's labels (header dropped) as the JSON gives them: "" (left out) as null. */
export function spillLabels(spill: unknown[][]): (number | null)[] {
  return spill.slice(1).map((row) => (row[0] === "" ? null : (row[0] as number)));
}
