/**
 * An error the user can act on. `kind` says which Excel error value a formula should show: "value"
 * (#VALUE!) for anything to fix in the input, a fit that cannot be done included; "na" (#N/A) for
 * something missing or not lining up. Excel shows a custom function's message only with these two
 * (with #NUM! and the others it drops it), so there is no other kind.
 */
export type SegmentErrorKind = "value" | "na";

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
