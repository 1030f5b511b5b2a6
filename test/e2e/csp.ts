import type { BrowserContext, ConsoleMessage, Page } from "playwright-core";

declare global {
  var __segmentCspViolation: ((text: string) => void) | undefined;
}

/** Reports each `securitypolicyviolation` of the page to the test; installed before the page's own scripts. */
function listenForViolations(): void {
  document.addEventListener("securitypolicyviolation", (event) => {
    const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}` : "";
    globalThis.__segmentCspViolation?.(
      `${location.pathname}: ${event.effectiveDirective} refused ${event.blockedURI || "(inline)"}${where}`,
    );
  });
}

export interface CspWatch {
  /** Every violation so far: the pages' events, and console messages (pages and workers) naming CSP. */
  readonly violations: string[];
}

/**
 * Watches every page of the context opened from now on for Content-Security-Policy violations: the
 * `securitypolicyviolation` events (a refused WebAssembly compile, inline script or style attribute
 * fires one even when the code catches the error) and console messages mentioning Content Security
 * Policy, including those of workers, whose violations do not reach the page's document.
 */
export async function watchContentSecurityPolicy(context: BrowserContext): Promise<CspWatch> {
  const violations: string[] = [];
  const onConsole = (message: ConsoleMessage) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  };
  await context.exposeFunction("__segmentCspViolation", (text: string) => violations.push(text));
  await context.addInitScript(listenForViolations);
  context.on("page", (page: Page) => {
    page.on("console", onConsole);
    page.on("worker", (worker) => worker.on("console", onConsole));
  });
  return { violations };
}

/** Which arithmetic the pane's last k-means ran on, as the worker reported it (src/taskpane/kernel-report.ts). */
export function kernelShown(page: Page): Promise<string | null> {
  return page.evaluate(() => document.documentElement.getAttribute("data-segment-kernel"));
}
