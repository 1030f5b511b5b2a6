/*
 * --out: the results as the add-in writes them. The core's plans (labels beside the data, the profile
 * sheet with the separation, the size chart; as the pane's resultsPlan builds them; the model table as
 * SEGMENT.MODEL spills it, on a sheet of its own for segment sql and SEGMENT.ASSIGN) are carried out by
 * MemoryHost on an in-memory Workbook, laid over the input sheet's cells, and written: with exceljs
 * for ordinary sizes, and beyond STREAM_ROWS rows by xlsx-stream.ts, which makes the XML only as fast
 * as it is compressed and written (exceljs's streaming writer cannot wait, and is slow). Neither
 * writes charts: the caller says the chart was left out.
 */
import * as ExcelJS from "exceljs";
import { rangeWidth } from "../core/cells";
import { modelTable } from "../core/model";
import {
  PROFILE_SHEET,
  WritePlan,
  combinePlans,
  planLabelColumn,
  planModelSheet,
  planProfileSheet,
  planSizeChart,
  resolveSheets,
} from "../core/plan";
import { MemoryHost } from "../host/memory";
import { Workbook } from "../host/workbook";
import { type SheetSource, fillExcel, workbookSheetSource } from "../host/xlsx";
import type { Analysis } from "./analyse";
import type { InputSheet } from "./read";
import { writeXlsxStream } from "./xlsx-stream";

/** Rows beyond which the data sheet is streamed out rather than built whole in exceljs. */
export const STREAM_ROWS = 100_000;

export interface Written {
  readonly skippedCharts: number;
  readonly streamed: boolean;
}

/** The plan the pane would write for this run (see writeback.ts resultsPlan), on the input sheet. */
export function planFor(input: InputSheet, analysis: Analysis): WritePlan {
  const width = input.values[0]?.length ?? 0;
  const { report, separation, segmentation } = analysis;
  // The command fits k-means only: its model table is SEGMENT.MODEL's k-means table.
  const model = modelTable(
    segmentation.fitted.preprocessor,
    segmentation.fit.centroids,
    segmentation.fit.sizes,
  );
  return resolveSheets(
    combinePlans(
      planLabelColumn(analysis.segmentation.labelsByRow, analysis.segmentation.table.hasHeader, {
        sheet: null,
        row: 0,
        column: width,
      }),
      planProfileSheet(report, PROFILE_SHEET, separation),
      planSizeChart(report, PROFILE_SHEET, separation),
      planModelSheet(model),
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
  // The plan is carried out on an empty sheet of the input's name: what it writes is laid over the
  // input's cells when they are read out, so a full sheet's millions of cells are never copied.
  const wb = new Workbook();
  wb.addSheet(input.name);
  // The input's own "Segment profiles" sheet, if any, is not in this workbook: nothing to replace.
  await new MemoryHost(wb).applyPlan(planFor(input, analysis));
  const sources = wb.sheets.map((sheet) =>
    sheet.name === input.name ? withInput(input, workbookSheetSource(sheet)) : workbookSheetSource(sheet),
  );
  if (input.values.length <= streamRows) {
    const book = new ExcelJS.Workbook();
    const { skippedCharts } = fillExcel(book, sources);
    await book.xlsx.writeFile(out);
    return { skippedCharts, streamed: false };
  }
  await writeXlsxStream(out, sources);
  return { skippedCharts: sources.reduce((sum, s) => sum + s.charts, 0), streamed: true };
}

/**
 * The input sheet's cells with what the plan wrote over them: a cell the plan wrote (its value,
 * format and style) wins over the input's; elsewhere the input's value and number format.
 */
export function withInput(input: InputSheet, written: SheetSource): SheetSource {
  const { values, formats } = input;
  const has = (r: number, c: number) => written.value(r, c) !== undefined;
  return {
    ...written,
    rows: Math.max(values.length, written.rows),
    columns: Math.max(rangeWidth(values), written.columns),
    value: (r, c) => {
      const value = written.value(r, c);
      return value !== undefined ? value : (values[r]?.[c] ?? null);
    },
    format: (r, c) => (has(r, c) ? written.format(r, c) : (formats?.[r]?.[c] ?? null)),
    style: (r, c) => (has(r, c) ? written.style(r, c) : undefined),
  };
}
