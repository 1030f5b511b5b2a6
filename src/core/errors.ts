/**
 * An error the user can act on. `kind` says which Excel error value a formula should show:
 * "value" for bad input (#VALUE!), "num" for a fit that cannot be done (#NUM!), "na" for
 * something missing or not matching (#N/A).
 */
export type SegmentErrorKind = "value" | "num" | "na";

export class SegmentError extends Error {
  readonly kind: SegmentErrorKind;

  constructor(kind: SegmentErrorKind, message: string) {
    super(message);
    this.name = "SegmentError";
    this.kind = kind;
  }
}

export function isSegmentError(error: unknown): error is SegmentError {
  return error instanceof SegmentError;
}
