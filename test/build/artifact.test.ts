/**
 * Checks the production build in dist/ (run `npm run build` first; .ci/run does).
 */
import { existsSync, readFileSync } from "fs";
import path from "path";
import { OFFICE_CDN, pageScripts } from "../helpers/csp";
import { DIST_DIR, loadFunctions, type LoadedFunctions } from "../helpers/load-functions";

const REQUIRED_FILES = ["functions.js", "functions.json", "taskpane.js", "taskpane.html", "manifest.xml"];

describe("build output (dist/)", () => {
  test("contains the files the manifest points to (run `npm run build` first)", () => {
    const missing = REQUIRED_FILES.filter((name) => !existsSync(path.join(DIST_DIR, name)));
    if (missing.length > 0) {
      throw new Error(`dist/ lacks ${missing.join(", ")}: run \`npm run build\` first.`);
    }
  });

  describe("custom functions", () => {
    let loaded: LoadedFunctions;

    beforeAll(() => {
      loaded = loadFunctions();
    });

    test("functions.json lists functions, each with an id and a name", () => {
      expect(Array.isArray(loaded.metadata.functions)).toBe(true);
      expect(loaded.metadata.functions.length).toBeGreaterThan(0);
      for (const fn of loaded.metadata.functions) {
        expect(fn.id).toMatch(/^[A-Z][A-Z0-9_.]*$/);
        expect(typeof fn.name).toBe("string");
      }
      const ids = loaded.metadata.functions.map((fn) => fn.id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    test("every function id in functions.json is associated exactly once", () => {
      const counts = new Map<string, number>();
      for (const { id } of loaded.associations) counts.set(id, (counts.get(id) ?? 0) + 1);
      for (const { id } of loaded.metadata.functions) {
        expect({ id, associations: counts.get(id) ?? 0 }).toEqual({ id, associations: 1 });
      }
    });

    test("no function is associated that functions.json does not declare", () => {
      const declared = new Set(loaded.metadata.functions.map((fn) => fn.id));
      expect(loaded.associations.map((a) => a.id).filter((id) => !declared.has(id))).toEqual([]);
    });

    test("SEGMENT.VERSION() returns the add-in version", () => {
      expect(loaded.call("VERSION")).toBe("0.1.0");
    });
  });

  test("the loader reports a missing build clearly", () => {
    expect(() => loadFunctions({ distDir: path.join(DIST_DIR, "does-not-exist") })).toThrow(
      /run `npm run build` first/,
    );
  });

  test("the bundles Excel loads run no code made from strings (no eval, no new Function), dependencies included", () => {
    // exceljs's browser build needs new Function: it must stay in the sandbox's own file. The bundles
    // are those taskpane.html loads, and the worker; their Content-Security-Policy has no 'unsafe-eval'
    // (csp.test.ts).
    const html = readFileSync(path.join(DIST_DIR, "taskpane.html"), "utf8");
    const bundles = [
      ...pageScripts(html).flatMap(({ src }) => (src && !src.startsWith(`${OFFICE_CDN}/`) ? [src] : [])),
      "worker.js",
    ];
    expect(bundles).toEqual(expect.arrayContaining(["taskpane.js", "functions.js", "worker.js"]));
    for (const file of bundles) {
      const code = readFileSync(path.join(DIST_DIR, file), "utf8");
      expect({
        file,
        newFunction: /\bnew Function\s*\(/.test(code),
        eval: /(^|[^.\w$])eval\s*\(/.test(code),
      }).toEqual({
        file,
        newFunction: false,
        eval: false,
      });
      expect({ file, exceljs: code.includes("exceljs") }).toEqual({ file, exceljs: false });
    }
    // The check itself finds both forms where they are.
    expect(/\bnew Function\s*\(/.test(readFileSync(path.join(DIST_DIR, "exceljs.js"), "utf8"))).toBe(true);
    expect(/(^|[^.\w$])eval\s*\(/.test("x = eval('1')")).toBe(true);
  });

  test("taskpane.html loads Office.js and both bundles of the shared runtime", () => {
    const html = readFileSync(path.join(DIST_DIR, "taskpane.html"), "utf8");
    expect(html).toContain("https://appsforoffice.microsoft.com/lib/1/hosted/office.js");
    const scripts = [...html.matchAll(/<script[^>]*\ssrc="?([^"\s>]+)"?/g)].map((m) => m[1]);
    expect(scripts).toEqual([
      "https://appsforoffice.microsoft.com/lib/1/hosted/office.js",
      "functions.js",
      "taskpane.js",
    ]);
  });
});
