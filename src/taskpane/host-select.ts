import type { Host } from "../host/host";
import { MemoryHost } from "../host/memory";
import { OfficeHost } from "../host/office";
import { workbookFromSeed } from "../host/sandbox";
import { Workbook } from "../host/workbook";

/** What the page found when Office.js had its say. */
export interface Environment {
  /** Office.onReady reported Excel and the Excel API is loaded. */
  readonly inExcel: boolean;
  /** globalThis.__SEGMENT_SANDBOX__, if a page (the sandbox, the browser test) set one. */
  readonly sandbox: unknown;
}

export interface HostChoice {
  readonly host: Host;
  /** Said at the top of the pane when Segment is not in Excel. */
  readonly note: string | null;
  /** The in-memory workbook, when there is one (exposed to the page for the sandbox and tests). */
  readonly workbook: Workbook | null;
}

/**
 * Excel when the pane runs in Excel; otherwise an in-memory workbook — the sandbox's when the page
 * supplies one, else an empty one, with a note saying so rather than failing.
 */
export function chooseHost(env: Environment): HostChoice {
  if (env.inExcel) return { host: new OfficeHost(), note: null, workbook: null };
  if (env.sandbox !== undefined && env.sandbox !== null) {
    try {
      const workbook = workbookFromSeed(env.sandbox);
      return {
        host: new MemoryHost(workbook),
        note: "Sandbox: an in-memory workbook, not Excel. Nothing leaves this page.",
        workbook,
      };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return emptyWorkbook(`The sandbox workbook could not be loaded (${why}), so this one is empty.`);
    }
  }
  return emptyWorkbook(
    "Segment is running outside Excel, on an empty in-memory workbook. Open it from Excel's Home tab to use your data.",
  );
}

function emptyWorkbook(note: string): HostChoice {
  const workbook = new Workbook();
  workbook.addSheet("Sheet1");
  return { host: new MemoryHost(workbook), note, workbook };
}
