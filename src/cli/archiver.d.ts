/*
 * The little of archiver (MIT; installed as exceljs's dependency, which has no types of its own here)
 * that the streaming .xlsx writer uses.
 */
declare module "archiver" {
  import type { Readable, Writable } from "stream";

  interface Archiver {
    pipe<T extends Writable>(destination: T): T;
    append(source: Readable | Buffer | string, data: { name: string }): this;
    finalize(): Promise<void>;
    abort(): this;
    pointer(): number;
    on(event: "error" | "warning", listener: (error: Error) => void): this;
  }

  function archiver(format: "zip", options?: { zlib?: { level?: number } }): Archiver;

  export = archiver;
}
