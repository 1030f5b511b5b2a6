/*
 * A minimal streaming .xlsx writer, for outputs too large for exceljs. exceljs's streaming
 * WorkbookWriter has no backpressure (a committed row's XML is pushed on whether or not the
 * compressor has caught up), and its rows and cells are objects made and styled one by one: a full
 * sheet took half a minute and a gigabyte or more. Here each sheet is a Readable whose _read makes the
 * next few dozen rows' XML only when archiver (zip, deflate) asks for more, so the file's XML is
 * never more than a chunk or two in memory; the small parts ([Content_Types].xml, the relationships,
 * workbook.xml, styles.xml) are strings. It writes what the SheetSource holds as writeSheet in
 * host/xlsx.ts writes it with exceljs: values (inline strings), number formats, bold, fills and font
 * colours, column widths and colour scales. Charts are not written (the caller counts them).
 */
import archiver from "archiver";
import * as fs from "fs";
import { Readable } from "stream";
import { finished } from "stream/promises";
import type { CellValue } from "../core/cells";
import { columnLetters } from "../host/address";
import type { CellStyle } from "../host/workbook";
import { type SheetSource, argb, columnWidths } from "../host/xlsx";

/**
 * Characters of XML made per read, about: a chunk small enough to be made and dropped in V8's young
 * generation (a string or buffer beyond 128 KB goes to the large-object space, which only a full
 * collection frees, and the heap grew by hundreds of megabytes of them).
 */
export const CHUNK_CHARS = 48 * 1024;
/**
 * Deflate level: 1 makes a full sheet's 460 MB of XML into 133 MB in 2.3 s, 6 into 118 MB in 7 s
 * (random digits leave little for the slower levels to find).
 */
export const COMPRESSION_LEVEL = 1;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
const CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml";

/** Writes the sheets as one workbook to `file`; resolves once the file is closed. */
export async function writeXlsxStream(file: string, sources: readonly SheetSource[]): Promise<void> {
  const styles = new StyleTable();
  const zip = archiver("zip", { zlib: { level: COMPRESSION_LEVEL } });
  const output = fs.createWriteStream(file);
  const written = new Promise<void>((resolve, reject) => {
    output.on("close", resolve);
    output.on("error", reject);
    zip.on("error", reject);
    zip.on("warning", reject);
  });
  // Rejections are awaited below (through the race, or at the end): none is left unhandled.
  written.catch(() => undefined);
  try {
    zip.pipe(output);
    zip.append(contentTypes(sources.length), { name: "[Content_Types].xml" });
    zip.append(rootRels(), { name: "_rels/.rels" });
    zip.append(workbookXml(sources), { name: "xl/workbook.xml" });
    zip.append(workbookRels(sources.length), { name: "xl/_rels/workbook.xml.rels" });
    const sheets = sources.map((source, i) => {
      const stream = sheetStream(source, styles);
      zip.append(stream, { name: `xl/worksheets/sheet${i + 1}.xml` });
      return finished(stream);
    });
    // The styles are known once every cell has been written out.
    await Promise.race([Promise.all(sheets), written]);
    zip.append(styles.xml(), { name: "xl/styles.xml" });
    await Promise.race([zip.finalize(), written]);
    await written;
  } catch (error) {
    zip.abort();
    output.destroy();
    throw error;
  }
}

/** The sheet's XML, made a chunk of rows at a time as it is read. */
function sheetStream(source: SheetSource, styles: StyleTable): Readable {
  const parts = sheetParts(source, styles);
  return new Readable({
    read() {
      try {
        const next = parts.next();
        this.push(next.done ? null : next.value);
      } catch (error) {
        this.destroy(error instanceof Error ? error : new Error(String(error)));
      }
    },
  });
}

function* sheetParts(source: SheetSource, styles: StyleTable): Generator<string> {
  const { rows, columns } = source;
  const letters = Array.from({ length: columns }, (_, c) => columnLetters(c));
  const last = rows > 0 && columns > 0 ? `:${letters[columns - 1]}${rows}` : "";
  let xml =
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${DOC_RELS}">` +
    `<dimension ref="A1${last}"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>`;
  if (columns > 0) {
    xml += "<cols>";
    columnWidths(source).forEach((width, c) => {
      xml += `<col min="${c + 1}" max="${c + 1}" width="${width}" customWidth="1"/>`;
    });
    xml += "</cols>";
  }
  xml += "<sheetData>";
  // The row's values, and its number and numbers as JSON: see numberTexts.
  const values = new Array<CellValue>(columns);
  const numbers = new Array<number>(columns + 1).fill(0);
  for (let r = 0; r < rows; r++) {
    const n = r + 1;
    numbers[0] = n;
    for (let c = 0; c < columns; c++) {
      const value = source.value(r, c);
      values[c] = value;
      numbers[c + 1] = typeof value === "number" ? value : 0;
    }
    const texts = numberTexts(numbers);
    const ref = texts[0];
    let cells = "";
    for (let c = 0; c < columns; c++) {
      const value = values[c];
      const format = source.format(r, c);
      const style = source.style(r, c);
      const empty = isEmpty(value);
      if (empty && format === null && style === undefined) continue;
      const s = format === null && style === undefined ? "" : styles.attribute(format, style);
      if (typeof value === "number" && Number.isFinite(value)) {
        cells += `<c r="${letters[c]}${ref}"${s}><v>${texts[c + 1]}</v></c>`;
      } else cells += `<c r="${letters[c]}${ref}"${s}${empty ? "/>" : cellBody(value)}`;
    }
    if (cells !== "") xml += `<row r="${ref}">${cells}</row>`;
    if (xml.length >= CHUNK_CHARS) {
      yield xml;
      xml = "";
    }
  }
  xml += "</sheetData>";
  source.colorScales.forEach((scale, i) => {
    xml +=
      `<conditionalFormatting sqref="${scale.address}"><cfRule type="colorScale" priority="${i + 1}">` +
      `<colorScale><cfvo type="min"/><cfvo type="num" val="0"/><cfvo type="max"/>` +
      `<color rgb="${argb(scale.low)}"/><color rgb="${argb(scale.mid)}"/><color rgb="${argb(scale.high)}"/>` +
      `</colorScale></cfRule></conditionalFormatting>`;
  });
  yield `${xml}</worksheet>`;
}

/**
 * The numbers as text, as String(number) gives them, all at once through JSON.stringify: V8 makes
 * String(number)'s strings in its old generation (for its number-to-string cache), so a full sheet's
 * millions of them were hundreds of megabytes of garbage only a full collection frees; JSON's text is
 * one young string, and so are the pieces split from it.
 */
function numberTexts(numbers: readonly number[]): string[] {
  const json = JSON.stringify(numbers);
  return json.slice(1, -1).split(",");
}

/** The rest of a non-empty cell after `<c r=".." s=".."` that is not a finite number. */
function cellBody(value: CellValue): string {
  // NaN and the infinities are no number a sheet can hold: Excel shows #NUM! for them.
  if (typeof value === "number") return ` t="e"><v>#NUM!</v></c>`;
  if (typeof value === "boolean") return ` t="b"><v>${value ? 1 : 0}</v></c>`;
  const text = escapeXml(String(value));
  const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : "";
  return ` t="inlineStr"><is><t${space}>${text}</t></is></c>`;
}

function isEmpty(value: CellValue): boolean {
  return value === null || value === undefined || value === "";
}

// Characters XML 1.0 cannot hold are dropped, as exceljs drops them.
const XML_SPECIAL = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

export function escapeXml(text: string): string {
  XML_SPECIAL.lastIndex = 0;
  if (!XML_SPECIAL.test(text)) return text;
  return text.replace(XML_SPECIAL, (ch) => ESCAPES[ch] ?? "");
}

/** Number formats Excel has built in, by the ids it knows them by (as exceljs writes them). */
const BUILT_IN_FORMATS: Record<string, number> = {
  "0": 1,
  "0.00": 2,
  "#,##0": 3,
  "#,##0.00": 4,
  "0%": 9,
  "0.00%": 10,
  "0.00E+00": 11,
  "# ?/?": 12,
  "# ??/??": 13,
  "@": 49,
};
const FIRST_CUSTOM_FORMAT = 164;
const DEFAULT_FONT =
  '<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>';

/**
 * The cell formats (xf) of the cells written, one per distinct number format and style, numbered as
 * they are first met; styles.xml lists them once every sheet is written.
 */
class StyleTable {
  private readonly formats = new Map<string, number>();
  private readonly fonts = [DEFAULT_FONT];
  private readonly fills = [
    '<fill><patternFill patternType="none"/></fill>',
    '<fill><patternFill patternType="gray125"/></fill>',
  ];
  private readonly xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly byKey = new Map<string, number>();
  // The last pair looked up: a label column's million cells share one format.
  private lastFormat: string | null = null;
  private lastStyle: CellStyle | undefined = undefined;
  private lastAttribute = "";

  /** ` s="N"`, the cell's reference to its xf. */
  attribute(format: string | null, style: CellStyle | undefined): string {
    if (format !== this.lastFormat || style !== this.lastStyle || this.lastAttribute === "") {
      this.lastAttribute = ` s="${this.index(format, style)}"`;
      this.lastFormat = format;
      this.lastStyle = style;
    }
    return this.lastAttribute;
  }

  private index(format: string | null, style: CellStyle | undefined): number {
    const key = JSON.stringify([format, style?.bold ?? null, style?.color ?? null, style?.fill ?? null]);
    let index = this.byKey.get(key);
    if (index === undefined) {
      index = this.xfs.length;
      this.xfs.push(this.xf(format, style));
      this.byKey.set(key, index);
    }
    return index;
  }

  private xf(format: string | null, style: CellStyle | undefined): string {
    const numFmtId = format === null ? 0 : this.formatId(format);
    const font = style?.bold || style?.color !== undefined ? this.fontId(style) : 0;
    const fill = style?.fill !== undefined ? add(this.fills, fillXml(style.fill)) : 0;
    return (
      `<xf numFmtId="${numFmtId}" fontId="${font}" fillId="${fill}" borderId="0" xfId="0"` +
      (numFmtId !== 0 ? ' applyNumberFormat="1"' : "") +
      (font !== 0 ? ' applyFont="1"' : "") +
      (fill !== 0 ? ' applyFill="1"' : "") +
      "/>"
    );
  }

  private formatId(format: string): number {
    const builtIn = BUILT_IN_FORMATS[format];
    if (builtIn !== undefined) return builtIn;
    let id = this.formats.get(format);
    if (id === undefined) {
      id = FIRST_CUSTOM_FORMAT + this.formats.size;
      this.formats.set(format, id);
    }
    return id;
  }

  private fontId(style: CellStyle): number {
    const color = style.color !== undefined ? `<color rgb="${argb(style.color)}"/>` : '<color theme="1"/>';
    return add(
      this.fonts,
      `<font>${style.bold ? "<b/>" : ""}<sz val="11"/>${color}<name val="Calibri"/><family val="2"/><scheme val="minor"/></font>`,
    );
  }

  xml(): string {
    const formats = [...this.formats]
      .map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`)
      .join("");
    return (
      `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
      (this.formats.size > 0 ? `<numFmts count="${this.formats.size}">${formats}</numFmts>` : "") +
      `<fonts count="${this.fonts.length}">${this.fonts.join("")}</fonts>` +
      `<fills count="${this.fills.length}">${this.fills.join("")}</fills>` +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join("")}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '<dxfs count="0"/><tableStyles count="0"/></styleSheet>'
    );
  }
}

/** The item's index in the list, adding it at the end if it is not there. */
function add(list: string[], item: string): number {
  const at = list.indexOf(item);
  if (at >= 0) return at;
  list.push(item);
  return list.length - 1;
}

function fillXml(color: string): string {
  return `<fill><patternFill patternType="solid"><fgColor rgb="${argb(color)}"/><bgColor indexed="64"/></patternFill></fill>`;
}

function contentTypes(sheets: number): string {
  let overrides = `<Override PartName="/xl/workbook.xml" ContentType="${CONTENT_TYPE}.sheet.main+xml"/>`;
  for (let i = 1; i <= sheets; i++) {
    overrides += `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="${CONTENT_TYPE}.worksheet+xml"/>`;
  }
  overrides += `<Override PartName="/xl/styles.xml" ContentType="${CONTENT_TYPE}.styles+xml"/>`;
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `${overrides}</Types>`
  );
}

function rootRels(): string {
  return (
    `${XML_HEAD}<Relationships xmlns="${PACKAGE_RELS}">` +
    `<Relationship Id="rId1" Type="${DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
  );
}

function workbookXml(sources: readonly SheetSource[]): string {
  const sheets = sources
    .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join("");
  return (
    `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${DOC_RELS}">` +
    `<bookViews><workbookView activeTab="0"/></bookViews><sheets>${sheets}</sheets></workbook>`
  );
}

function workbookRels(sheets: number): string {
  let rels = "";
  for (let i = 1; i <= sheets; i++) {
    rels += `<Relationship Id="rId${i}" Type="${DOC_RELS}/worksheet" Target="worksheets/sheet${i}.xml"/>`;
  }
  rels += `<Relationship Id="rId${sheets + 1}" Type="${DOC_RELS}/styles" Target="styles.xml"/>`;
  return `${XML_HEAD}<Relationships xmlns="${PACKAGE_RELS}">${rels}</Relationships>`;
}
