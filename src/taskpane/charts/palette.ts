import { NOISE } from "../../core/algorithms/clusterer";

/**
 * Segment colours: Fluent's data-visualisation hues, in an order where neighbours differ in lightness
 * as well as hue, so adjacent segments stay apart for colour-blind readers too.
 */
export const SEGMENT_COLORS = [
  "#0f6cbd",
  "#e97548",
  "#13a10e",
  "#8764b8",
  "#c50f1f",
  "#00b7c3",
  "#c239b3",
  "#986f0b",
  "#4f6bed",
  // Lime, not a grey: grey is noise's.
  "#8cbd18",
] as const;

/**
 * Segments shown one by one in the results' cards, charts and legends: past this many the colours
 * repeat, so the rest are shown together as "other segments" (only DBSCAN finds that many: hundreds of
 * tiny groups in the sparse edges of a large data set).
 */
export const SHOWN_SEGMENTS = SEGMENT_COLORS.length;

/** The colour of those other segments, together. */
export const OTHER_SEGMENTS_COLOR = "#c7d6e8";

/** Noise (DBSCAN's rows in no segment): a light grey that no segment uses, and drawn under them. */
export const NOISE_COLOR = "#a19f9d";

export function segmentColor(segment: number): string {
  if (segment === NOISE) return NOISE_COLOR;
  return SEGMENT_COLORS[(segment - 1) % SEGMENT_COLORS.length];
}

/** The colour with an alpha channel, for dense scatters where points overlap. */
export function withAlpha(hex: string, alpha: number): string {
  const a = Math.round(Math.max(0, Math.min(1, alpha)) * 255)
    .toString(16)
    .padStart(2, "0");
  return `${hex}${a}`;
}

export const CHART_COLORS = {
  text: "#424242",
  grid: "#e0e0e0",
  muted: "#c7d6e8",
  accent: "#0f6cbd",
  knee: "#e97548",
} as const;
