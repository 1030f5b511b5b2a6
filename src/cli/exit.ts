/*
 * How the commands end: exit 0 when done, 2 for bad input or usage (one line on stderr; usage
 * mistakes with a hint to --help), 1 for anything else, also in one line.
 */
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
