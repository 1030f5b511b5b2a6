/**
 * Dates typed as text, read as Excel serial numbers: ISO ("2011-12-31"), US ("12/31/2011"),
 * day-first ("31/12/2011", "31.12.2011") and with the month's name ("01-Dec-2011", "1 Dec 2011",
 * "Dec 1, 2011"), each perhaps with a time. Whether "03/04/2011" is March or April is the caller's
 * choice, made once per column.
 */

export type DateOrder = "mdy" | "dmy";

/** The order of day and month assumed when nothing in a column tells: Excel's US default. */
export const DEFAULT_DATE_ORDER: DateOrder = "mdy";

/** Days from Excel's epoch (1899-12-30, which absorbs the 1900 leap-year bug) to 1970-01-01. */
const EXCEL_UNIX_EPOCH_DAYS = 25569;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** The Excel serial number of a date and time (month 1-12), or NaN when there is no such date or time. */
export function dateToSerial(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  if (!(month >= 1 && month <= 12) || !(day >= 1 && day <= daysInMonth(year, month))) return NaN;
  if (!(hour <= 23 && minute <= 59 && second < 60)) return NaN;
  const ms = Date.UTC(year, month - 1, day, hour, minute, 0) + second * 1000;
  return ms / 86400000 + EXCEL_UNIX_EPOCH_DAYS;
}

const TIME = String.raw`(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?\s*([AaPp]\.?[Mm]\.?)?)?`;
// "/" and "-" with a two-digit year are common ("12/1/10"); "." with one looks too much like a version.
const NUMERIC_DATE = new RegExp(String.raw`^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})${TIME}$`);
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})([/.])(\d{1,2})\2(\d{1,2})${TIME}$`);
const MONTH_NAME = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const DAY_MONTH_NAME = new RegExp(
  String.raw`^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*${MONTH_NAME}[\s\-/.,]+(\d{4}|\d{2})${TIME}$`,
  "i",
);
const MONTH_NAME_DAY = new RegExp(
  String.raw`^${MONTH_NAME}\s*(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${TIME}$`,
  "i",
);
const ISO = new RegExp(
  String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?Z?$`,
);
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Excel's reading of a two-digit year: 00-29 are 2000-2029, 30-99 are 1930-1999. */
function fullYear(text: string): number {
  const y = Number(text);
  return text.length > 2 ? y : y < 30 ? 2000 + y : 1900 + y;
}

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/** Serial of a date with the time in groups `t`, `t + 1`, `t + 2`, `t + 3` of `m` (hour, minute, second, AM/PM). */
function withTime(m: RegExpExecArray, t: number, year: number, month: number, day: number): number {
  let hour = Number(m[t] ?? 0);
  const meridiem = m[t + 3]?.[0].toLowerCase();
  if (meridiem) {
    if (hour < 1 || hour > 12) return NaN;
    hour = (hour % 12) + (meridiem === "p" ? 12 : 0);
  }
  return dateToSerial(year, month, day, hour, Number(m[t + 1] ?? 0), Number(m[t + 2] ?? 0));
}

/** The Excel serial number of an ISO date text ("2011-12-09", "2011-12-09T12:00"), or NaN. */
export function isoDateToSerial(text: string): number {
  const m = ISO.exec(text.trim());
  if (!m) return NaN;
  return dateToSerial(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
}

/** The Excel serial number of a date text, with `order` deciding whether "03/04/2011" is March or April; NaN when it is no date. */
export function parseTextDate(text: string, order: DateOrder): number {
  const t = text.trim();
  // ISO dates have their first dash fifth: other text skips the ISO pattern.
  if (t.charCodeAt(4) === 45) {
    const iso = isoDateToSerial(t);
    if (!Number.isNaN(iso)) return iso;
  }
  let m = NUMERIC_DATE.exec(t);
  if (m) return numericDate(m, order);
  if ((m = YEAR_FIRST.exec(t))) return withTime(m, 5, Number(m[1]), Number(m[3]), Number(m[4]));
  if ((m = DAY_MONTH_NAME.exec(t))) return withTime(m, 4, fullYear(m[3]), monthNumber(m[2]), Number(m[1]));
  if ((m = MONTH_NAME_DAY.exec(t))) return withTime(m, 4, Number(m[3]), monthNumber(m[1]), Number(m[2]));
  return NaN;
}

/** A NUMERIC_DATE match as a serial number, its first two fields read in `order`. */
function numericDate(m: RegExpExecArray, order: DateOrder): number {
  if (m[2] === "." && m[4].length === 2) return NaN;
  const first = Number(m[1]);
  const second = Number(m[3]);
  return order === "mdy"
    ? withTime(m, 5, fullYear(m[4]), first, second)
    : withTime(m, 5, fullYear(m[4]), second, first);
}

/**
 * What a date text says about the order of day and month: "dmy" or "mdy" when it reads only in that
 * order ("31/12/2011", "12/31/2011"), "either" when it reads in both as different dates
 * ("03/04/2011"), null when the order makes no difference ("01-Dec-2011", "05/05/2011") or it is no date.
 */
export function dateOrderEvidence(text: string): DateOrder | "either" | null {
  const m = NUMERIC_DATE.exec(text.trim());
  if (!m) return null;
  const mdy = numericDate(m, "mdy");
  const dmy = numericDate(m, "dmy");
  if (Number.isNaN(mdy)) return Number.isNaN(dmy) ? null : "dmy";
  if (Number.isNaN(dmy)) return "mdy";
  return mdy === dmy ? null : "either";
}
