/**
 * Reading the Content-Security-Policy the build puts in each page (webpack.config.js), for the build
 * check (test/build/csp.test.ts) and the browser tests, which send it as a header too.
 */
import { createHash } from "crypto";
import { readFileSync } from "fs";
import path from "path";

const DIST_DIR = path.resolve(__dirname, "..", "..", "dist");

/** The Office.js CDN, the one origin besides the add-in's own a page may use. */
export const OFFICE_CDN = "https://appsforoffice.microsoft.com";

/** The content of a page's `<meta http-equiv="Content-Security-Policy">` elements (quoted or not). */
export function metaPolicies(html: string): string[] {
  return [...html.matchAll(/<meta\b[^>]*>/gi)]
    .map((m) => m[0])
    .filter((tag) => /\bhttp-equiv\s*=\s*["']?Content-Security-Policy\b/i.test(tag))
    .map((tag) => /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag))
    .map((m) => (m ? (m[1] ?? m[2] ?? m[3]) : ""));
}

/** Directive name (lower case) to its sources, as written. */
export function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

export interface PageScript {
  readonly src?: string;
  /** The text of an inline script, exactly as in the page: what the browser hashes. */
  readonly text?: string;
}

export function pageScripts(html: string): PageScript[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)].map(([, attributes, text]) => {
    const src = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attributes);
    return src ? { src: src[1] ?? src[2] ?? src[3] } : { text };
  });
}

/** The CSP source expression of an inline script: 'sha256-<base64>'. */
export function scriptHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** The policy a built page carries (the first, and only, meta). */
export function builtPolicy(page: string, distDir = DIST_DIR): string {
  const [policy] = metaPolicies(readFileSync(path.join(distDir, page), "utf8"));
  if (!policy) throw new Error(`dist/${page} has no Content-Security-Policy meta: run \`npm run build\`.`);
  return policy;
}
