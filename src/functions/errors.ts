/*
 * Every failure leaves a custom function as a CustomFunctions.Error that carries a message: Excel shows
 * the message when the user selects the error cell. Nothing is thrown raw, because Excel would show a
 * bare #VALUE! with no explanation (and a raw exception can leave a spill half-written in some hosts).
 */
import { SegmentError, SegmentErrorKind } from "../core/errors";

/** Excel keeps a custom function's error message short; longer ones are cut with an ellipsis. */
export const MAX_MESSAGE_LENGTH = 255;

function errorCode(kind: SegmentErrorKind): CustomFunctions.ErrorCode {
  switch (kind) {
    case "value":
      return CustomFunctions.ErrorCode.invalidValue;
    case "na":
      return CustomFunctions.ErrorCode.notAvailable;
  }
}

function shorten(message: string): string {
  return message.length <= MAX_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
}

function isCustomFunctionsError(error: unknown): error is CustomFunctions.Error {
  return typeof CustomFunctions !== "undefined" && error instanceof CustomFunctions.Error;
}

/** The Excel error for anything a function body threw. */
export function toExcelError(error: unknown): CustomFunctions.Error {
  if (isCustomFunctionsError(error)) return error;
  if (error instanceof SegmentError) {
    return new CustomFunctions.Error(errorCode(error.kind), shorten(error.message));
  }
  // A bug, not bad input: still an Excel error with a message, never an uncaught exception.
  const detail = error instanceof Error ? error.message : String(error);
  return new CustomFunctions.Error(
    CustomFunctions.ErrorCode.invalidValue,
    shorten(`Segment could not compute this (${detail}).`),
  );
}

/** Runs a function body, turning whatever it throws into an Excel error. */
export function guard<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    throw toExcelError(error);
  }
}
