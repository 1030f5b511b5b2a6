import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "fs";
import os from "os";
import path from "path";
import { BrowserContext, Route, chromium } from "playwright-core";

/**
 * The system's Chromium (Debian's `chromium` package), never a downloaded browser. CI installs it with
 * apt-get (.ci/run); locally, `apt-get install chromium`.
 */
export function findChromium(): string {
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"])
    if (existsSync(candidate)) return candidate;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      const found = execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
      if (found) return found;
    } catch {
      // not on PATH
    }
  }
  throw new Error(
    "No Chromium found (looked for /usr/bin/chromium and chromium on PATH): apt-get install chromium.",
  );
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

/** The Office.js CDN: the only address outside the page's own origin the pane may load, served locally. */
export const OFFICE_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/";
const OFFICE_DIST = path.resolve(__dirname, "..", "..", "node_modules", "@microsoft", "office-js", "dist");

export interface Session {
  readonly context: BrowserContext;
  /** Requests that left the page's origin (other than Office.js, served from node_modules). */
  readonly outside: string[];
  close(): Promise<void>;
}

/**
 * A fresh browser profile with every request routed: the page's own origin goes through, Office.js files
 * are answered from @microsoft/office-js so nothing leaves the machine, anything else is refused and
 * recorded, so the test can fail on it.
 */
export async function openSession(origin: string, viewport = { width: 320, height: 720 }): Promise<Session> {
  const profile = mkdtempSync(path.join(os.tmpdir(), "segment-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor: 1,
  });
  const outside: string[] = [];
  await context.route("**/*", (route: Route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    if (url.startsWith(OFFICE_CDN)) {
      const file = path.join(OFFICE_DIST, new URL(url).pathname.slice(new URL(OFFICE_CDN).pathname.length));
      if (file.startsWith(OFFICE_DIST + path.sep) && existsSync(file)) {
        return route.fulfill({ status: 200, contentType: "text/javascript", body: readFileSync(file) });
      }
    }
    outside.push(url);
    return route.abort("blockedbyclient");
  });
  return {
    context,
    outside,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
