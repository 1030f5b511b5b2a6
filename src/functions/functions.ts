/*
 * Custom functions (namespace SEGMENT, see manifest.xml).
 *
 * custom-functions-metadata-plugin reads the JSDoc tags below to write dist/functions.json, and
 * its loader appends `CustomFunctions.associate("<ID>", <function>);` for every @customfunction
 * to this file at build time. So this file contains no associate() calls of its own: calling
 * associate() here as well would register each function twice.
 */

/**
 * Returns the version of the Segment add-in.
 * @customfunction VERSION
 * @returns The add-in version.
 */
export function version(): string {
  return "0.1.0";
}
