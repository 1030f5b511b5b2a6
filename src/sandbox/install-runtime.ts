/**
 * Imported first by the sandbox entry, so that CustomFunctions exists before dist/functions.js (the
 * next script on the page) registers its functions. The page has no office.js: nothing is fetched
 * from Microsoft's CDN.
 */
import { Runtime, createRuntime } from "./runtime";

export const runtime: Runtime = createRuntime();
(globalThis as unknown as { CustomFunctions: unknown }).CustomFunctions = runtime.CustomFunctions;
