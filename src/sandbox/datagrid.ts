/**
 * canvas-datagrid with its own type declarations. Its package.json "exports" has no "types" entry, so
 * TypeScript's bundler resolution cannot find dist/types.d.ts by the package name; they are taken
 * from the file instead, and the factory webpack resolves is given their type.
 */
import type createCanvasDatagrid from "../../node_modules/canvas-datagrid/dist/types";
// @ts-expect-error -- no declarations reachable through "exports" (see above)
import factory from "canvas-datagrid";

export const canvasDatagrid = factory as typeof createCanvasDatagrid;
export type DataGrid = ReturnType<typeof createCanvasDatagrid>;
