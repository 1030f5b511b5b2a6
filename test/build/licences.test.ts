/**
 * Segment is MIT: every package it needs at run time must be under a permissive licence, never GPL or
 * AGPL alone. Read from package-lock.json, so a new dependency (or a new dependency of one) is checked
 * the moment it is locked.
 */
import { readFileSync } from "fs";
import path from "path";

interface LockPackage {
  readonly license?: string;
  readonly dev?: boolean;
  readonly devOptional?: boolean;
}

const lock = JSON.parse(readFileSync(path.resolve(__dirname, "..", "..", "package-lock.json"), "utf8")) as {
  packages: Record<string, LockPackage>;
};

const PERMISSIVE = new Set([
  "MIT",
  "MIT/X11",
  "ISC",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "Apache-2.0",
  "0BSD",
  "BlueOak-1.0.0",
  "Unlicense",
  "CC0-1.0",
  "Zlib",
]);

/**
 * Packages whose lock entry states no licence, each looked at by hand. An unknown package not listed
 * here fails the test.
 */
const REVIEWED_WITHOUT_LICENCE: Record<string, string> = {
  // exceljs -> unzipper -> binary -> buffers 0.1.1 (substack, 2011): the package states no licence; it
  // only reads .xlsx zips in the command line and the sandbox. To replace when exceljs drops it.
  "node_modules/buffers": "no licence stated",
};

/** Whether an SPDX expression lets us use the package under a permissive licence. */
function permissive(expression: string): boolean {
  const bare = expression.replace(/[()]/g, "").trim();
  // "A OR B": we may choose either; "A AND B": both apply.
  if (/ OR /.test(bare)) return bare.split(/ OR /).some((part) => permissive(part));
  if (/ AND /.test(bare)) return bare.split(/ AND /).every((part) => permissive(part));
  return PERMISSIVE.has(bare);
}

const runtime = Object.entries(lock.packages).filter(([name, p]) => name !== "" && !p.dev && !p.devOptional);

describe("licences of the runtime dependencies (package-lock.json)", () => {
  it("lists a few hundred runtime packages, so the check reads the right entries", () => {
    expect(runtime.length).toBeGreaterThan(20);
    expect(runtime.map(([name]) => name)).toContain("node_modules/chart.js");
  });

  it("are all permissive (GPL or AGPL only when another licence may be chosen instead)", () => {
    const refused = runtime
      .filter(([name, p]) =>
        p.license === undefined ? !(name in REVIEWED_WITHOUT_LICENCE) : !permissive(p.license),
      )
      .map(([name, p]) => `${name}: ${p.license ?? "no licence stated"}`);
    expect(refused).toEqual([]);
  });

  it("reads SPDX expressions as the licences allow", () => {
    expect(permissive("(MIT OR GPL-3.0-or-later)")).toBe(true);
    expect(permissive("(MIT AND Zlib)")).toBe(true);
    expect(permissive("GPL-3.0")).toBe(false);
    expect(permissive("AGPL-3.0-only")).toBe(false);
    expect(permissive("(MIT AND GPL-2.0)")).toBe(false);
  });
});
