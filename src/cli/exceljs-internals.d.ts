/*
 * The few of exceljs's own modules (MIT), and of unzipper (MIT, its dependency), that the streaming .xlsx reader (xlsx-read.ts) uses, so that
 * it tokenises, decodes and converts a sheet's XML as exceljs's whole-workbook reader does. exceljs
 * ships no types for them, and declares no package exports, so they are required by path.
 */
declare module "exceljs/lib/utils/parse-sax" {
  interface SaxNode {
    readonly name: string;
    readonly attributes: Record<string, string | undefined>;
  }
  type SaxEvent =
    | { eventType: "opentag"; value: SaxNode }
    | { eventType: "closetag"; value: SaxNode }
    | { eventType: "text"; value: string };
  function parseSax(iterable: AsyncIterable<unknown>): AsyncGenerator<SaxEvent[]>;
  export = parseSax;
}

declare module "exceljs/lib/utils/utils" {
  const utils: {
    xmlDecode(text: string): string;
    isDateFmt(format: string | undefined): boolean;
    excelToDate(serial: unknown, date1904: boolean | undefined): Date;
  };
  export = utils;
}

declare module "exceljs/lib/xlsx/xform/strings/shared-strings-xform" {
  class SharedStringsXform {
    parseStream(stream: AsyncIterable<unknown>): Promise<unknown>;
    readonly values: unknown[];
  }
  export = SharedStringsXform;
}

declare module "exceljs/lib/xlsx/xform/book/workbook-xform" {
  class WorkbookXform {
    parseStream(stream: AsyncIterable<unknown>): Promise<{
      sheets?: { id: number; name: string; rId: string }[];
      properties?: { date1904?: boolean };
    }>;
  }
  export = WorkbookXform;
}

declare module "exceljs/lib/xlsx/xform/core/relationships-xform" {
  class RelationshipsXform {
    parseStream(stream: AsyncIterable<unknown>): Promise<{ Id: string; Target: string }[] | undefined>;
  }
  export = RelationshipsXform;
}

declare module "exceljs/lib/xlsx/xform/style/styles-xform" {
  class StylesXform {
    parseStream(stream: AsyncIterable<unknown>): Promise<unknown>;
    getStyleModel(id: number): { numFmt?: string } | null;
  }
  export = StylesXform;
}

declare module "unzipper" {
  interface ZipEntry {
    readonly path: string;
    stream(): NodeJS.ReadableStream & AsyncIterable<Buffer>;
  }
  export const Open: { file(path: string): Promise<{ files: ZipEntry[] }> };
}
