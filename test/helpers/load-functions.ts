/**
 * Loads the built custom functions (dist/functions.js + dist/functions.json) in Node, the way
 * Excel's shared runtime would: the bundle is evaluated with a stub `CustomFunctions` runtime
 * that records every `CustomFunctions.associate(...)` call.
 *
 * The bundle is compiled with vm.Script and run in the *current* realm, wrapped in a function
 * whose parameters supply `CustomFunctions` (and any extra `globals`). Running in the same realm
 * keeps arrays, errors and prototypes identical to the test's own, so `toStrictEqual` and
 * `instanceof` behave normally. No `window`, `document` or `self` is provided: a bundle that
 * touches the DOM while loading fails with a ReferenceError.
 */
import { existsSync, readFileSync } from "fs";
import path from "path";
import vm from "vm";
import { ErrorCode } from "../../src/sandbox/runtime";

export const DIST_DIR = path.resolve(__dirname, "..", "..", "dist");

/** Subset of the custom functions metadata (functions.json) that the tests use. */
export interface FunctionMetadata {
  id: string;
  name: string;
  description?: string;
  parameters?: Array<{ name: string; type?: string; dimensionality?: string; optional?: boolean }>;
  result?: { type?: string; dimensionality?: string };
  options?: Record<string, unknown>;
}

export interface FunctionsMetadata {
  functions: FunctionMetadata[];
  [key: string]: unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CustomFunction = (...args: any[]) => unknown;

/** Values of CustomFunctions.ErrorCode in Excel's runtime: the sandbox's stand-in runtime defines them. */
export { ErrorCode };

/** Stand-in for CustomFunctions.Error: `throw new CustomFunctions.Error(code, message)`. */
export class StubCustomFunctionsError extends Error {
  readonly code: string;
  constructor(code: string, message?: string) {
    super(message ?? code);
    this.name = "CustomFunctions.Error";
    this.code = code;
  }
}

export interface Association {
  id: string;
  fn: CustomFunction;
}

export interface LoadedFunctions {
  /** Parsed dist/functions.json. */
  metadata: FunctionsMetadata;
  /** Every associate() call, in order (duplicates included). */
  associations: Association[];
  /** Function ids (as given to associate, upper-cased) mapped to their implementations. */
  functions: Map<string, CustomFunction>;
  /** Calls the function associated with `id` (case-insensitive); throws if there is none. */
  call(id: string, ...args: unknown[]): unknown;
}

export interface LoadFunctionsOptions {
  /** Directory holding functions.js and functions.json (default: <repo>/dist). */
  distDir?: string;
  /** Extra globals visible to the bundle, e.g. an OfficeRuntime stub. */
  globals?: Record<string, unknown>;
}

function readBuildFile(distDir: string, name: string): string {
  const file = path.join(distDir, name);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run \`npm run build\` first (the build tests check dist/).`);
  }
  return readFileSync(file, "utf8");
}

export function loadFunctions(options: LoadFunctionsOptions = {}): LoadedFunctions {
  const distDir = options.distDir ?? DIST_DIR;
  const metadata = JSON.parse(readBuildFile(distDir, "functions.json")) as FunctionsMetadata;
  const source = readBuildFile(distDir, "functions.js");

  const associations: Association[] = [];
  const functions = new Map<string, CustomFunction>();
  const record = (id: string, fn: unknown): void => {
    if (typeof fn !== "function") {
      throw new TypeError(`CustomFunctions.associate("${id}", …) was given a ${typeof fn}, not a function`);
    }
    associations.push({ id, fn: fn as CustomFunction });
    functions.set(id.toUpperCase(), fn as CustomFunction);
  };

  const customFunctions = {
    associate(idOrMappings: string | Record<string, unknown>, fn?: unknown): void {
      if (typeof idOrMappings === "string") {
        record(idOrMappings, fn);
      } else {
        for (const [id, mapped] of Object.entries(idOrMappings)) record(id, mapped);
      }
    },
    Error: StubCustomFunctionsError,
    ErrorCode,
  };

  const globals: Record<string, unknown> = { ...options.globals, CustomFunctions: customFunctions };
  const names = Object.keys(globals);
  for (const name of names) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`Invalid global name: ${name}`);
  }
  const script = new vm.Script(`(function (${names.join(", ")}) {\n${source}\n})`, {
    filename: path.join(distDir, "functions.js"),
  });
  const factory = script.runInThisContext() as (...values: unknown[]) => void;
  factory(...names.map((name) => globals[name]));

  return {
    metadata,
    associations,
    functions,
    call(id: string, ...args: unknown[]): unknown {
      const fn = functions.get(id.toUpperCase());
      if (!fn) throw new Error(`No custom function is associated with id "${id}"`);
      return fn(...args);
    },
  };
}
