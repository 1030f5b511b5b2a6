import { SegmentError } from "../../src/core/errors";

/** The SegmentError a call throws; fails the test when it throws nothing or something else. */
export function errorOf(fn: () => unknown): SegmentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SegmentError) return error;
    throw error;
  }
  throw new Error("expected a SegmentError");
}
