/**
 * Cancellation, recognised by name: the core's CancelledError (thrown inside a same-thread analysis) and
 * the one the worker client makes when it terminates a worker are the same to the pane. Checking the name
 * keeps k-means itself out of the pane's bundle; only the worker needs it.
 */
export const CANCELLED = "CancelledError";

export function cancelledError(): Error {
  const error = new Error("Cancelled.");
  error.name = CANCELLED;
  return error;
}

export function isCancelled(error: unknown): boolean {
  return error instanceof Error && error.name === CANCELLED;
}
