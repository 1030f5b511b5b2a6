/**
 * Cluster labels, one per row. Segments number a few dozen at most in practice and a full sheet is
 * a million rows, so labels take one byte each whenever every label fits (up to 255 clusters) and
 * four bytes otherwise: 3 MB less per label array on a full sheet.
 */
export type Labels = Uint8Array | Int32Array;

/** Whether labels up to `largest` fit in one byte each. */
export function narrowLabels(largest: number): boolean {
  return largest <= 255;
}
