/**
 * Every page the build emits carries a Content-Security-Policy (webpack.config.js fills each template's
 * meta), and the policy allows only what the product needs: the add-in's own origin, the Office.js CDN
 * on a page that loads office.js, WebAssembly compilation for the k-means kernels, and each inline script
 * by its hash. That the bundles need no eval is checked in artifact.test.ts; that the pages work under
 * their policy (WebAssembly kernels and all), by the browser tests in test/e2e.
 *
 * Needs the built dist/ (`npm run build`).
 */
import { existsSync, readFileSync, readdirSync } from "fs";
import path from "path";
import { OFFICE_CDN, metaPolicies, pageScripts, parsePolicy, scriptHash } from "../helpers/csp";

const DIST = path.resolve(__dirname, "..", "..", "dist");

/** Source expressions a policy may use besides OFFICE_CDN: no wildcard, scheme, other host or 'unsafe-*'. */
const KEYWORDS = new Set(["'self'", "'none'", "'wasm-unsafe-eval'"]);
const HASH = /^'sha256-[A-Za-z0-9+/]{43}='$/;

const pages = existsSync(DIST) ? readdirSync(DIST).filter((name) => name.endsWith(".html")) : [];
const read = (page: string) => readFileSync(path.join(DIST, page), "utf8");

describe("the pages' Content-Security-Policy (dist/*.html)", () => {
  test("the build emitted the task pane and the sandbox (run `npm run build` first)", () => {
    expect(pages).toEqual(expect.arrayContaining(["taskpane.html", "sandbox.html"]));
  });

  // (With no pages, the test above fails and says why.)
  if (pages.length > 0)
    describe.each(pages)("%s", (page) => {
      const html = read(page);
      const policies = metaPolicies(html);
      const policy = parsePolicy(policies[0] ?? "");
      const scripts = pageScripts(html);
      const loadsOffice = scripts.some((s) => s.src?.startsWith(`${OFFICE_CDN}/`));
      const sources = (directive: string) => policy.get(directive) ?? [];

      test("has one CSP meta, before every script and stylesheet (a meta covers only what follows it)", () => {
        expect(policies).toHaveLength(1);
        const meta = html.search(/<meta\b[^>]*http-equiv=["']?Content-Security-Policy/i);
        const first = html.search(/<(script|link)\b/i);
        expect(meta).toBeGreaterThanOrEqual(0);
        if (first >= 0) expect(meta).toBeLessThan(first);
        expect(policies[0]).not.toContain("__CONTENT_SECURITY_POLICY__");
      });

      test("allows no origin but its own and, on a page that loads office.js, the Office.js CDN", () => {
        const foreign = [...policy].flatMap(([directive, list]) =>
          list
            .filter((s) => !KEYWORDS.has(s) && !HASH.test(s) && !(loadsOffice && s === OFFICE_CDN))
            .map((s) => `${directive} ${s}`),
        );
        expect(foreign).toEqual([]);
        expect(sources("default-src")).toEqual(["'none'"]);
      });

      const runs = scripts.length > 0;

      test("compiles WebAssembly (the k-means kernels) but evaluates no strings and runs no inline code unhashed", () => {
        const script = sources("script-src");
        // A page with no script (the help page) allows none.
        if (!runs) return expect(script).toEqual(["'none'"]);
        expect(script).toContain("'self'");
        expect(script).toContain("'wasm-unsafe-eval'");
        for (const unsafe of ["'unsafe-eval'", "'unsafe-inline'", "'unsafe-hashes'", "'strict-dynamic'"]) {
          expect(script).not.toContain(unsafe);
        }
        expect(script.includes(OFFICE_CDN)).toBe(loadsOffice);
      });

      test("lists the sha256 of every inline script, and no other hash", () => {
        const inline = scripts.filter((s) => s.src === undefined).map((s) => scriptHash(s.text ?? ""));
        const listed = sources("script-src").filter((s) => HASH.test(s));
        expect([...listed].sort()).toEqual([...inline].sort());
      });

      test("holds the rest to the add-in's origin: worker, styles, images, requests; no plugins, base or forms", () => {
        expect(sources("worker-src")).toEqual(runs ? ["'self'"] : []);
        expect(sources("style-src")).toEqual(["'self'"]);
        expect(sources("img-src")).toEqual(["'self'"]);
        expect(sources("connect-src")).toEqual(runs ? ["'self'"] : []);
        expect(sources("object-src")).toEqual(["'none'"]);
        expect(sources("base-uri")).toEqual(["'self'"]);
        expect(sources("form-action")).toEqual(["'none'"]);
        // office.js frames a page of its CDN to ask whether to trust an unknown Office host; nothing else.
        expect(policy.has("frame-src")).toBe(loadsOffice);
        if (loadsOffice) expect(sources("frame-src")).toEqual([OFFICE_CDN]);
        // A meta cannot set frame-ancestors (browsers ignore it there); Office's frame is the host's business.
        expect(policy.has("frame-ancestors")).toBe(false);
      });

      test("loads scripts and stylesheets only from where its policy allows, and has nothing inline it refuses", () => {
        const links = [...html.matchAll(/<link\b[^>]*\bhref=["']?([^"'\s>]+)/gi)].map((m) => m[1]);
        const outside = [...scripts.flatMap((s) => (s.src ? [s.src] : [])), ...links].filter(
          (url) => /^[a-z][a-z0-9+.-]*:|^\/\//i.test(url) && !url.startsWith(`${OFFICE_CDN}/`),
        );
        expect(outside).toEqual([]);
        // Event-handler and style attributes and <style> elements would be refused by this policy.
        expect(html.match(/<[^>]*\son[a-z]+\s*=/gi) ?? []).toEqual([]);
        expect(html.match(/<[^>]*\sstyle\s*=/gi) ?? []).toEqual([]);
        expect(html.match(/<style\b/gi) ?? []).toEqual([]);
      });
    });
});
