/**
 * A stand-in for Excel's CustomFunctions runtime, so that the page runs the very bundle Excel loads
 * (dist/functions.js) instead of a copy of the functions: the bundle registers each function with
 * CustomFunctions.associate(id, fn) and throws CustomFunctions.Error, and the grid calls them by the
 * names in dist/functions.json, as Excel does.
 */
import type { FunctionLookup, FunctionSpec } from "./engine";

/** The part of functions.json the grid needs. */
export interface FunctionsMetadata {
  readonly functions: readonly {
    readonly id: string;
    readonly name: string;
    readonly parameters?: readonly { readonly dimensionality?: string }[];
  }[];
}

/** Values of CustomFunctions.ErrorCode in Excel's runtime (the Node test loader uses them too). */
export const ErrorCode = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;

/** `new CustomFunctions.Error(code, message)`: an error value and the message shown with it. */
class CustomFunctionError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
    this.name = "CustomFunctions.Error";
  }
}

type Implementation = (...args: unknown[]) => unknown;

export interface Runtime {
  /** Implementations by id, upper-cased, as associate() was given them. */
  readonly registered: Map<string, Implementation>;
  /** The object to set as globalThis.CustomFunctions before functions.js runs. */
  readonly CustomFunctions: {
    associate(idOrMappings: string | Record<string, unknown>, fn?: unknown): void;
    readonly Error: typeof CustomFunctionError;
    readonly ErrorCode: typeof ErrorCode;
  };
}

export function createRuntime(): Runtime {
  const registered = new Map<string, Implementation>();
  const record = (id: string, fn: unknown) => {
    if (typeof fn === "function") registered.set(id.toUpperCase(), fn as Implementation);
  };
  return {
    registered,
    CustomFunctions: {
      associate(idOrMappings, fn) {
        if (typeof idOrMappings === "string") record(idOrMappings, fn);
        else for (const [id, mapped] of Object.entries(idOrMappings)) record(id, mapped);
      },
      Error: CustomFunctionError,
      ErrorCode,
    },
  };
}

/**
 * Finds "SEGMENT.KMEANS" as Excel does: the namespace (manifest.xml) then the function's name in the
 * metadata, whose id leads to what the bundle registered.
 */
export function lookupFunctions(
  metadata: FunctionsMetadata,
  runtime: Runtime,
  namespace = "SEGMENT",
): FunctionLookup {
  const byName = new Map<string, FunctionSpec>();
  for (const meta of metadata.functions) {
    const fn = runtime.registered.get(meta.id.toUpperCase());
    if (!fn) continue;
    byName.set(`${namespace}.${meta.name}`.toUpperCase(), {
      matrix: (meta.parameters ?? []).map((p) => p.dimensionality === "matrix"),
      call: (args) => fn(...args),
    });
  }
  return (name) => byName.get(name.toUpperCase());
}
