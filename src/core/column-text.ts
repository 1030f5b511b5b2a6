/**
 * How one column's text cells are read, decided from all of them at once: "1,234" is a thousand in a
 * column that also holds "1,234.56", and "03/04/2011" is April in one that also holds "31/12/2011".
 * When no cell tells, the caller's hints decide, and the column's note says so.
 */
import { CellValue, TextReading } from "./cells";
import { DEFAULT_DATE_ORDER, DateOrder, dateOrderEvidence } from "./text-dates";
import { DEFAULT_DECIMAL_SEPARATOR, DecimalSeparator, decimalEvidence } from "./text-numbers";

export interface ReadingHints {
  /** The decimal separator of a column whose text numbers could be read with either. */
  readonly decimalSeparator?: DecimalSeparator;
  /** The order of day and month in a column whose text dates could be read in either. */
  readonly dateOrder?: DateOrder;
}

export interface ColumnReading extends TextReading {
  /** The hint decided the decimal separator: some numbers read with either, none with only one. */
  readonly decimalAssumed: boolean;
  /** The hint decided the order of day and month, in the same way. */
  readonly dateOrderAssumed: boolean;
  /** The cells' own evidence decided against the hint. */
  readonly decimalAgainstHint: boolean;
  readonly dateOrderAgainstHint: boolean;
}

/** The reading of a column with no text to decide from: the hints. */
export function hintedReading(hints: ReadingHints): ColumnReading {
  return {
    decimal: hints.decimalSeparator ?? DEFAULT_DECIMAL_SEPARATOR,
    dateOrder: hints.dateOrder ?? DEFAULT_DATE_ORDER,
    decimalAssumed: false,
    dateOrderAssumed: false,
    decimalAgainstHint: false,
    dateOrderAgainstHint: false,
  };
}

/**
 * Decides column j's reading from its text cells in rows `start` onwards, leaving out data rows
 * that `excluded` marks. Cells that disagree with the rest are outvoted, and later read as invalid.
 */
export function columnReading(
  values: readonly (readonly CellValue[])[],
  j: number,
  start: number,
  excluded: Uint8Array | null,
  hints: ReadingHints,
): ColumnReading {
  let dot = 0;
  let comma = 0;
  let eitherDecimal = 0;
  let mdy = 0;
  let dmy = 0;
  let eitherOrder = 0;
  for (let i = start; i < values.length; i++) {
    if (excluded !== null && excluded[i - start] === 1) continue;
    const v = values[i][j];
    if (typeof v !== "string") continue;
    const decimal = decimalEvidence(v);
    if (decimal === ".") dot++;
    else if (decimal === ",") comma++;
    else if (decimal === "either") eitherDecimal++;
    else {
      const order = dateOrderEvidence(v);
      if (order === "mdy") mdy++;
      else if (order === "dmy") dmy++;
      else if (order === "either") eitherOrder++;
    }
  }
  const hinted = hintedReading(hints);
  const decimal: DecimalSeparator = dot > comma ? "." : comma > dot ? "," : hinted.decimal;
  const dateOrder: DateOrder = mdy > dmy ? "mdy" : dmy > mdy ? "dmy" : hinted.dateOrder;
  return {
    decimal,
    dateOrder,
    decimalAssumed: dot === 0 && comma === 0 && eitherDecimal > 0,
    dateOrderAssumed: mdy === 0 && dmy === 0 && eitherOrder > 0,
    decimalAgainstHint: decimal !== hinted.decimal,
    dateOrderAgainstHint: dateOrder !== hinted.dateOrder,
  };
}

const ORDER_WORDS: Record<DateOrder, string> = { mdy: "month/day/year", dmy: "day/month/year" };
const OTHER_ORDER: Record<DateOrder, string> = { mdy: "day/month", dmy: "month/day" };

/**
 * How a number column's text was read, for people to check, or null when it was read plainly.
 * `percent`: some cells were percentages; `numbers`, `dates`: some text read as numbers, as dates.
 */
export function readingNote(
  reading: ColumnReading,
  seen: { readonly numbers: boolean; readonly dates: boolean; readonly percent: boolean },
): string | null {
  const parts: string[] = [];
  const other = reading.decimal === "." ? "," : ".";
  if (seen.numbers && reading.decimalAssumed)
    parts.push(
      `text numbers read with "${reading.decimal}" as the decimal separator; every one here could also be read with "${other}"`,
    );
  else if (seen.numbers && reading.decimalAgainstHint)
    parts.push(`text numbers read with "${reading.decimal}" as the decimal separator`);
  if (seen.percent) parts.push("percentages read as fractions (45% is 0.45)");
  if (seen.dates && reading.dateOrderAssumed)
    parts.push(
      `dates read as ${ORDER_WORDS[reading.dateOrder]}; every date here could also be ${OTHER_ORDER[reading.dateOrder]}`,
    );
  else if (seen.dates && reading.dateOrderAgainstHint)
    parts.push(`dates read ${reading.dateOrder === "dmy" ? "day-first" : "month-first"}`);
  return parts.length > 0 ? parts.join("; ") : null;
}
