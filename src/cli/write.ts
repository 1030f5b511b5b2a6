/*
 * --out: the results as the add-in writes them. The core's plans (labels beside the data, the profile
 * sheet with the separation, the size chart; as the pane's resultsPlan builds them) are carried out by
 * MemoryHost on an in-memory Workbook holding the input sheet, and that workbook is written with
 * exceljs: whole for ordinary sizes, through the streaming writer for large sheets so that the file's
 * XML is never all in memory. exceljs cannot write charts: the caller says the chart was left out.
 */
import * as ExcelJS from "exceljs";
import type { CellValue } from "../core/cells";
import {
  PROFILE_SHEET,
  WritePlan,
  combinePlans,
  planLabelColumn,
  planProfileSheet,
  planSizeChart,
  resolveSheets,
} from "../core/plan";
import { MemoryHost } from "../host/memory";
import { Workbook } from "../host/workbook";
import { fillExcelFromSnapshot, fillExcelPausing, workbookSheetSource } from "../host/xlsx";
import type { Analysis } from "./analyse";
import type { InputSheet } from "./read";

/** Rows beyond which the data sheet is streamed out rather than built whole in exceljs. */
export const STREAM_ROWS = 100_000;

export interface Written {
  readonly skippedCharts: number;
  readonly streamed: boolean;
}

/** The plan the pane would write for this run (see writeback.ts resultsPlan), on the input sheet. */
export function planFor(input: InputSheet, analysis: Analysis): WritePlan {
  const width = input.values[0]?.length ?? 0;
  const { report, separation } = analysis;
  return resolveSheets(
    combinePlans(
      planLabelColumn(analysis.segmentation.labelsByRow, analysis.segmentation.table.hasHeader, {
        sheet: null,
        row: 0,
        column: width,
      }),
      planProfileSheet(report, PROFILE_SHEET, separation),
      planSizeChart(report, PROFILE_SHEET, separation),
    ),
    input.name,
  );
}

export async function writeResults(
  out: string,
  input: InputSheet,
  analysis: Analysis,
  streamRows = STREAM_ROWS,
): Promise<Written> {
  const wb = new Workbook();
  const sheet = wb.addSheet(input.name);
  fillSheet(sheet.cells, input.values, input.formats);
  // The input's own "Segment profiles" sheet, if any, is not in this workbook: nothing to replace.
  await new MemoryHost(wb).applyPlan(planFor(input, analysis));
  if (input.values.length <= streamRows) {
    const book = new ExcelJS.Workbook();
    const { skippedCharts } = fillExcelFromSnapshot(book, wb.snapshot());
    await book.xlsx.writeFile(out);
    return { skippedCharts, streamed: false };
  }
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true });
  const { skippedCharts } = await fillExcelPausing(writer, wb.sheets.map(workbookSheetSource));
  await writer.commit();
  return { skippedCharts, streamed: true };
}

/** The input's cells, put straight into the grid: a full sheet is millions of them. */
function fillSheet(
  cells: Workbook["sheets"][number]["cells"],
  values: readonly (readonly CellValue[])[],
  formats: readonly (readonly (string | null)[])[] | null,
): void {
  for (let r = 0; r < values.length; r++) {
    const row = values[r];
    const rowFormats = formats?.[r];
    for (let c = 0; c < row.length; c++) {
      const format = rowFormats?.[c] ?? undefined;
      const value = row[c];
      if ((value === null || value === undefined) && format === undefined) continue;
      cells.put(r, c, value ?? "", format, undefined);
    }
  }
}
