/**
 * The look of what Segment writes, shared by the Office.js and in-memory hosts so that both write the same
 * thing: a header like Excel's own "Header 1" table style and a diverging scale centred on zero.
 */
export const HEADER_STYLE = { bold: true, fill: "#DDEBF7", color: "#1F1F1F" } as const;

export const COLOR_SCALE = { low: "#5B9BD5", mid: "#FFFFFF", high: "#F4B183" } as const;

export const CHART_SIZE = { width: 420, height: 240 } as const;

/** Excel's rules for sheet names. */
export function sheetNameProblem(name: string): string | null {
  if (name.trim() === "") return "A sheet name cannot be empty.";
  if (name.length > 31) return `The sheet name "${name}" is longer than Excel's 31 characters.`;
  if (/[[\]:*?/\\]/.test(name))
    return `The sheet name "${name}" holds a character Excel does not allow (: \\ / ? * [ ]).`;
  if (name.startsWith("'") || name.endsWith("'"))
    return `A sheet name cannot start or end with an apostrophe.`;
  return null;
}
