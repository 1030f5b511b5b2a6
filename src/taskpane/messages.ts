import { isSegmentError } from "../core/errors";
import { isHostError } from "../host/host";
import { isCancelled } from "./cancelled";

/** A message bar's content: what failed, and what to do about it. */
export interface Problem {
  readonly title: string;
  readonly detail: string;
}

/**
 * Turns any failure into words for the pane. The core's SegmentErrors and the hosts' HostErrors are
 * written for the user already; Office.js errors carry a code worth showing; anything else is a bug,
 * and says so rather than pretending to be the user's fault.
 */
export function problemOf(title: string, error: unknown): Problem {
  if (isSegmentError(error) || isHostError(error)) return { title, detail: error.message };
  if (isCancelled(error)) return { title, detail: "Cancelled." };
  if (isOfficeError(error)) {
    return { title, detail: `Excel reported ${error.code}: ${error.message}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    title,
    detail: `Something unexpected went wrong (${message}). Try again; if it persists, reload the pane.`,
  };
}

interface OfficeLikeError {
  readonly code: string;
  readonly message: string;
}

/** OfficeExtension.Error, recognised by shape so this module does not need Office.js loaded. */
function isOfficeError(error: unknown): error is OfficeLikeError {
  return (
    error instanceof Error &&
    typeof (error as Partial<OfficeLikeError>).code === "string" &&
    (error as { name?: string }).name === "RichApi.Error"
  );
}
