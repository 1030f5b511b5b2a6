/*
 * How the commands end: exit 0 when done, 2 for bad input or usage (one line on stderr; usage
 * mistakes with a hint to --help), 1 for anything else, also in one line.
 */
import { existsSync } from "fs";
import { isSegmentError } from "../core/errors";
import { HostError } from "../host/host";
import { UsageError } from "./args";
import { InputError } from "./read";

export interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream;
}

export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

export const HINT = "(see segment --help)";

/** Says what went wrong in one line on stderr and gives the exit code. */
export function failure(error: unknown, io: Io, hint = HINT): number {
  if (error instanceof UsageError) {
    io.stderr.write(`segment: ${error.message} ${hint}\n`);
    return EXIT.badInput;
  }
  if (isSegmentError(error) || error instanceof InputError || error instanceof HostError) {
    io.stderr.write(`segment: ${error.message}\n`);
    return EXIT.badInput;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`segment: could not finish (${message.split("\n")[0]}).\n`);
  return EXIT.failed;
}

/** Refuses to write over an existing --out without --force (exit 2), before anything is read; null when writing may go ahead. */
export function refuseExistingOut(out: string | null, force: boolean, io: Io, hint = HINT): number | null {
  if (out === null || force || !existsSync(out)) return null;
  io.stderr.write(`segment: ${out} exists: name another file, or add --force to replace it. ${hint}\n`);
  return EXIT.badInput;
}
