import type { WriteOp, WritePlan } from "../core/plan";
import type { Rect } from "./address";
import { HostError } from "./host";
import { rangeWidth } from "../core/cells";

/**
 * The cells a plan writes into that might already hold something: what both hosts check before writing.
 * Sheets the plan adds are targets as a whole (they must not exist yet); cells on them are not checked.
 * A new table column takes the column right of the table, which must be empty too.
 */
export type PlanTarget =
  | { readonly kind: "sheet"; readonly name: string }
  | { readonly kind: "cells"; readonly sheet: string; readonly rect: Rect };

export interface TableShape {
  readonly sheet: string;
  readonly row: number;
  readonly column: number;
  readonly rows: number;
  readonly headers: readonly string[];
}

export function planCells(plan: WritePlan, table: (name: string) => TableShape | undefined): PlanTarget[] {
  const added = new Set(plan.ops.flatMap((op) => (op.kind === "addSheet" ? [op.name.toLowerCase()] : [])));
  const targets: PlanTarget[] = [];
  for (const op of plan.ops) {
    if (op.kind === "addSheet") targets.push({ kind: "sheet", name: op.name });
    else if (op.kind === "values") {
      const sheet = sheetOfOp(op);
      if (added.has(sheet.toLowerCase())) continue;
      targets.push({
        kind: "cells",
        sheet,
        rect: { row: op.row, column: op.column, rows: op.values.length, columns: rangeWidth(op.values) },
      });
    } else if (op.kind === "tableColumn") {
      const t = table(op.table);
      if (!t) throw new HostError(`There is no table "${op.table}" in this workbook.`);
      targets.push({
        kind: "cells",
        sheet: t.sheet,
        rect: { row: t.row, column: t.column + t.headers.length, rows: t.rows, columns: 1 },
      });
    }
  }
  return targets;
}

/** The sheet an op writes to; plans must be resolved (core resolveSheets) before a host sees them. */
export function sheetOfOp(op: WriteOp): string {
  if (op.kind === "addSheet") return op.name;
  if (op.kind === "tableColumn") return "";
  if (op.sheet === null) throw new Error(`A ${op.kind} op has no sheet: resolve the plan's sheets first.`);
  return op.sheet;
}
