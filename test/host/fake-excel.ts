/**
 * A fake Excel for testing src/host/office.ts, built from office-addin-mock's OfficeMockObject: readable
 * properties (values, address, rowIndex, ...) stay unreadable until the host loads them and syncs, as in
 * Office.js, so a missing load() fails the test. Writes, method calls and deletions are queued in call
 * order and carried out on context.sync() against an in-memory Workbook, so the result can be compared
 * cell for cell with what MemoryHost writes.
 *
 * Test files that use it must map office-addin-manifest first (office-addin-mock reads its OfficeApp enum):
 *   jest.mock("office-addin-manifest", () => ({ OfficeApp: { Excel: "excel", Outlook: "outlook" } }));
 */
import { OfficeMockObject } from "office-addin-mock";
import type { CellValue } from "../../src/core/cells";
import { Rect, intersect, qualifiedA1, rectA1 } from "../../src/host/address";
import { MemoryHost } from "../../src/host/memory";
import type { DocumentSettings, ExcelRun } from "../../src/host/office";
import type { ChartData, Workbook } from "../../src/host/workbook";

type Action = () => void | Promise<void>;
type Loose = Record<string, unknown>;

export class FakeExcel {
  /** Cells written by each context.sync(), in order. */
  readonly syncs: number[] = [];
  readonly autofits: string[] = [];
  readonly saved: number[] = [];
  failSave = false;
  /**
   * Makes the n-th context.sync() from now that writes cells fail before carrying anything out, as
   * Excel fails a request it refuses; the syncs before it stay written. null: none fails.
   */
  failWriteSync: number | null = null;
  private writeSyncs = 0;
  /** Tables (lower-case names) whose last row is a totals row. */
  readonly totalsRows = new Set<string>();
  private queue: Action[] = [];
  private mocks: OfficeMockObject[] = [];
  private cellsThisSync = 0;
  private readonly places = new WeakMap<object, { sheet: string; rect: Rect }>();
  /** Queued actions that write cell values: what failWriteSync counts. */
  private readonly writes = new WeakSet<Action>();
  private readonly settingsStore = new Map<string, unknown>();
  private readonly memory: MemoryHost;

  constructor(readonly workbook: Workbook) {
    this.memory = new MemoryHost(workbook);
  }

  readonly run: ExcelRun = async (batch) => batch(this.context() as unknown as Excel.RequestContext);

  readonly settings: DocumentSettings = new OfficeMockObject({
    get: (key: string) => this.settingsStore.get(key) ?? null,
    set: (key: string, value: unknown) => void this.settingsStore.set(key, JSON.parse(JSON.stringify(value))),
    remove: (key: string) => void this.settingsStore.delete(key),
    saveAsync: (callback: (result: { status: string; error?: { message: string } }) => void) => {
      this.saved.push(this.settingsStore.size);
      callback(
        this.failSave ? { status: "failed", error: { message: "disk full" } } : { status: "succeeded" },
      );
    },
  }) as unknown as DocumentSettings;

  private context(): Loose {
    const wb = this.workbook;
    return {
      workbook: {
        worksheets: {
          getItem: (name: string) => this.sheet(name, false),
          getItemOrNullObject: (name: string) => this.sheet(name, true),
          getActiveWorksheet: () => this.sheet(wb.activeSheet, false),
          add: (name: string) => {
            this.queue.push(() => void wb.addSheet(name));
            return this.sheet(name, true);
          },
        },
        tables: this.tables(),
        protection: this.mock({ protected: wb.structureProtected }),
        getSelectedRange: () => {
          if (!wb.selection) throw new Error("InvalidSelection");
          return this.range(wb.selection.sheet, wb.selection.rect);
        },
      },
      sync: async () => {
        this.cellsThisSync = 0;
        const queued = this.queue;
        this.queue = [];
        if (this.failWriteSync !== null && queued.some((a) => this.writes.has(a))) {
          this.writeSyncs++;
          if (this.writeSyncs === this.failWriteSync) {
            throw new Error("RichApi.Error: The request could not be completed (injected failure).");
          }
        }
        for (const action of queued) await action();
        for (const mock of this.mocks) await mock.sync();
        this.syncs.push(this.cellsThisSync);
      },
    };
  }

  /** An OfficeMockObject with extra plain members (not subject to load/sync) and queued property writes. */
  private mock(data: Loose, plain: Loose = {}, onSet: Record<string, (value: unknown) => void> = {}): Loose {
    const m = new OfficeMockObject(data);
    for (const [k, v] of Object.entries(plain)) Object.defineProperty(m, k, { value: v, configurable: true });
    this.mocks.push(m);
    return new Proxy(m as unknown as Loose, {
      // The mock's own methods (load, sync and their helpers) run on the bare object, so their internal
      // bookkeeping is not mistaken for the host writing a property.
      get: (target, prop) => {
        const value = target[prop as string];
        return typeof value === "function" && prop in OfficeMockObject.prototype ? value.bind(target) : value;
      },
      set: (target, prop, value) => {
        target[prop as string] = value;
        const handler = onSet[prop as string];
        if (handler) {
          const action = () => handler(value);
          if (prop === "values") this.writes.add(action);
          this.queue.push(action);
        }
        return true;
      },
    });
  }

  /** Hidden rows of the sheet inside the rectangle. */
  private hiddenIn(sheet: string, rect: Rect): number {
    let n = 0;
    for (const row of this.workbook.getSheet(sheet)?.hiddenRows ?? []) {
      if (row >= rect.row && row < rect.row + rect.rows) n++;
    }
    return n;
  }

  private writeOnly(onSet: Record<string, (value: unknown) => void>, methods: Loose = {}): Loose {
    return new Proxy({ ...methods } as Loose, {
      set: (target, prop, value) => {
        target[prop as string] = value;
        const handler = onSet[prop as string];
        if (!handler) throw new Error(`The fake does not support setting ${String(prop)}.`);
        this.queue.push(() => handler(value));
        return true;
      },
    });
  }

  private sheet(name: string, orNull: boolean): Loose {
    const wb = this.workbook;
    const exists = wb.getSheet(name) !== undefined;
    if (!exists && !orNull) throw new Error(`ItemNotFound: sheet ${name}`);
    const sheetName = wb.getSheet(name)?.name ?? name;
    return this.mock(
      {
        name: sheetName,
        getRangeByIndexes: (row: number, column: number, rows: number, columns: number) =>
          this.range(sheetName, { row, column, rows, columns }),
        getUsedRangeOrNullObject: () => {
          const used = wb.getSheet(sheetName) ? wb.usedRect(sheetName) : null;
          return this.range(sheetName, used ?? { row: 0, column: 0, rows: 1, columns: 1 }, used === null);
        },
        delete: () => this.queue.push(() => wb.deleteSheet(sheetName)),
      },
      {
        isNullObject: !exists,
        charts: this.charts(sheetName),
        protection: this.mock({ protected: wb.getSheet(sheetName)?.protected ?? false }),
      },
    );
  }

  private range(sheet: string, rect: Rect, isNull = false): Loose {
    const wb = this.workbook;
    const present = wb.getSheet(sheet) !== undefined;
    const values = present ? wb.values(sheet, rect) : [];
    const formats = present
      ? Array.from({ length: rect.rows }, (_, r) =>
          Array.from(
            { length: rect.columns },
            (_, c) => wb.cell(sheet, rect.row + r, rect.column + c)?.format ?? "General",
          ),
        )
      : [];
    const style = (patch: { bold?: boolean; color?: string; fill?: string }) => {
      for (let r = 0; r < rect.rows; r++) {
        for (let c = 0; c < rect.columns; c++) {
          const cell = wb.cell(sheet, rect.row + r, rect.column + c);
          wb.setCell(sheet, rect.row + r, rect.column + c, cell?.value ?? "", {
            style: { ...cell?.style, ...patch },
          });
        }
      }
    };
    const range = this.mock(
      {
        address: qualifiedA1(sheet, rect),
        rowIndex: rect.row,
        columnIndex: rect.column,
        rowCount: rect.rows,
        columnCount: rect.columns,
        values,
        numberFormat: formats,
        getSpecialCellsOrNullObject: (type: string) => {
          if (type !== "Visible") throw new Error(`The fake has no special cells of type ${type}.`);
          const hidden = this.hiddenIn(sheet, rect);
          const cellCount = (rect.rows - hidden) * rect.columns;
          return this.mock({ cellCount }, { isNullObject: cellCount === 0 });
        },
        getMergedAreasOrNullObject: () => {
          const areas = (wb.getSheet(sheet)?.merged ?? []).filter((m) => intersect(m, rect) !== null);
          return this.mock(
            { address: areas.map((m) => qualifiedA1(sheet, m)).join(", ") },
            { isNullObject: areas.length === 0 },
          );
        },
        getIntersectionOrNullObject: (other: object) => {
          const o = this.places.get(other);
          const cut =
            o && !(other as { isNullObject: boolean }).isNullObject ? intersect(rect, o.rect) : null;
          return this.range(sheet, cut ?? rect, cut === null);
        },
        getUsedRangeOrNullObject: () => {
          const used = present ? wb.usedWithin(sheet, rect) : null;
          return this.range(sheet, used ?? rect, used === null);
        },
        clear: () => this.queue.push(() => wb.clear(sheet, rect)),
        getResizedRange: (rows: number, columns: number) =>
          this.range(sheet, { ...rect, rows: rect.rows + rows, columns: rect.columns + columns }),
      },
      {
        isNullObject: isNull,
        worksheet: present ? this.sheet(sheet, true) : undefined,
        format: {
          font: this.writeOnly({
            bold: (v) => style({ bold: v as boolean }),
            color: (v) => style({ color: v as string }),
          }),
          fill: this.writeOnly({ color: (v) => style({ fill: v as string }) }),
          autofitColumns: () => this.queue.push(() => void this.autofits.push(qualifiedA1(sheet, rect))),
        },
        conditionalFormats: {
          add: (type: string) => ({
            colorScale: this.writeOnly({
              criteria: (v) => {
                const c = v as Record<"minimum" | "midpoint" | "maximum", { color: string }>;
                if (type !== "ColorScale") throw new Error(`Unexpected conditional format ${type}.`);
                wb.requireSheet(sheet).colorScales.push({
                  address: rectA1(rect),
                  low: c.minimum.color,
                  mid: c.midpoint.color,
                  high: c.maximum.color,
                });
              },
            }),
          }),
        },
      },
      {
        values: (v) => {
          const s = wb.getSheet(sheet);
          if (s?.protected) throw new Error("AccessDenied: the sheet is protected.");
          if (s?.merged.some((m) => intersect(m, rect) !== null))
            throw new Error("InvalidOperation: merged cells.");
          this.write(sheet, rect, v as CellValue[][], (cell, x) => ({ ...cell, value: x }));
          this.cellsThisSync += rect.rows * rect.columns;
        },
        numberFormat: (v) =>
          this.write(sheet, rect, v as string[][], (cell, x) => ({
            ...cell,
            format: x === "General" ? undefined : (x as string),
          })),
      },
    );
    this.places.set(range, { sheet, rect });
    return range;
  }

  /** A 2-D write into a rectangle, refused when the shapes differ, as Excel refuses it. */
  private write<T>(
    sheet: string,
    rect: Rect,
    grid: T[][],
    apply: (cell: { value: CellValue; format?: string }, x: T) => { value: CellValue; format?: string },
  ): void {
    if (grid.length !== rect.rows || grid.some((row) => row.length !== rect.columns)) {
      throw new Error(`The array is ${grid.length} rows; the range ${rectA1(rect)} is ${rect.rows}.`);
    }
    grid.forEach((row, r) =>
      row.forEach((x, c) => {
        const cell = this.workbook.cell(sheet, rect.row + r, rect.column + c) ?? { value: "" };
        const next = apply(cell, x);
        this.workbook.setCell(sheet, rect.row + r, rect.column + c, next.value, {
          format: next.format,
          style: cell.style,
        });
      }),
    );
  }

  private charts(sheet: string): Loose {
    const wb = this.workbook;
    return {
      add: (type: string, source: object, seriesBy: string) => {
        const from = this.places.get(source);
        const record: { -readonly [K in keyof ChartData]: ChartData[K] } = {
          name: "",
          type,
          title: "",
          source: from ? rectA1(from.rect) : "?",
          at: "",
        };
        this.queue.push(() => {
          if (seriesBy !== "Columns") throw new Error(`Unexpected seriesBy ${seriesBy}.`);
          wb.requireSheet(sheet).charts.push(record);
        });
        return this.writeOnly(
          {
            name: (v) => void (record.name = v as string),
            width: () => undefined,
            height: () => undefined,
          },
          {
            title: this.writeOnly({ text: (v) => void (record.title = v as string) }),
            legend: this.writeOnly({ visible: () => undefined }),
            setPosition: (cell: object) =>
              this.queue.push(() => void (record.at = rectA1(this.places.get(cell)?.rect ?? FAR))),
          },
        );
      },
      getItemOrNullObject: (name: string) => {
        const charts = wb.getSheet(sheet)?.charts ?? [];
        const found = charts.find((c) => c.name === name);
        return this.mock(
          {
            name,
            delete: () => this.queue.push(() => void charts.splice(charts.indexOf(found as ChartData), 1)),
          },
          { isNullObject: !found },
        );
      },
    };
  }

  private tables(): Loose {
    const wb = this.workbook;
    const collection: Loose = {
      items: [] as Loose[],
      // office-addin-mock cannot load "items/name" paths; load each item's name instead.
      load: () => {
        collection.items = wb.tables.map((t) => {
          const m = this.table(t.name);
          (m.load as (p: string) => void)("name");
          return m;
        });
      },
      getItem: (name: string) => this.table(name),
      getItemOrNullObject: (name: string) => this.table(name),
    };
    return collection;
  }

  private table(name: string): Loose {
    const wb = this.workbook;
    const t = wb.table(name);
    const rect = t ? { row: t.row, column: t.column, rows: t.rows, columns: t.headers.length } : FAR;
    const sheet = t?.sheet ?? "";
    return this.mock(
      {
        name: t?.name ?? name,
        showTotals: this.totalsRows.has(name.toLowerCase()),
        getRange: () => this.range(sheet, rect),
        getHeaderRowRange: () => this.range(sheet, { ...rect, rows: 1 }),
      },
      {
        isNullObject: !t,
        worksheet: t ? this.sheet(sheet, false) : undefined,
        columns: {
          add: (index: number | undefined, values: unknown, columnName: string) => {
            if (index !== undefined || values !== undefined)
              throw new Error("The fake adds empty last columns only.");
            const column = rect.column + rect.columns;
            this.queue.push(() => {
              const table = wb.table(name);
              if (!table) throw new Error(`ItemNotFound: table ${name}`);
              table.headers.push(columnName);
              wb.setCell(sheet, rect.row, column, columnName);
            });
            return this.mock({
              name: columnName,
              getDataBodyRange: () =>
                this.range(sheet, { row: rect.row + 1, column, rows: rect.rows - 1, columns: 1 }),
            });
          },
          getItemOrNullObject: (columnName: string) =>
            this.mock(
              {
                name: columnName,
                delete: () =>
                  this.queue.push(async () => {
                    await this.memory.removeResults({
                      ops: [{ kind: "deleteTableColumn", table: name, name: columnName }],
                    });
                  }),
              },
              { isNullObject: !t?.headers.includes(columnName) },
            ),
        },
      },
    );
  }
}

const FAR: Rect = { row: 0, column: 0, rows: 1, columns: 1 };
