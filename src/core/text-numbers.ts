/**
 * Numbers typed as text the way analysts' sheets show them: currency ("$1,234.50", "12,00 €",
 * "USD 12", "(1,234)"), percentages ("45%", "12,5 %") and thousands separators ("1 234,50",
 * "1.234.567,89"). Whether "," or "." is the decimal separator is the caller's choice, made once per
 * column: "1,234" alone could be either.
 */

export type DecimalSeparator = "." | ",";

/** The decimal separator assumed when nothing in a column tells. */
export const DEFAULT_DECIMAL_SEPARATOR: DecimalSeparator = ".";

/** Plain numeric text, as JavaScript's Number reads it: the common case, read without the parser below. */
const PLAIN_NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

// Longer symbols first, so that "US$" is not read as "US" and "$".
const CURRENCY = [
  "US\\$",
  "NZ\\$",
  "HK\\$",
  "C\\$",
  "A\\$",
  "S\\$",
  "R\\$",
  "\\$",
  "€",
  "£",
  "¥",
  "₹",
  "₩",
  "₽",
  "₺",
  "₪",
  "₫",
  "₴",
  "₦",
  "₱",
  "฿",
  "¢",
  "Kč",
  "zł",
  "kr\\.?",
  "Fr\\.",
  "Rs\\.?",
  // ISO 4217 codes people type, not every three capitals: "ABC 12" stays text.
  "USD|EUR|GBP|JPY|CHF|CAD|AUD|NZD|CNY|RMB|INR|SEK|NOK|DKK|PLN|CZK|HUF|BRL|MXN|ZAR|RUB|TRY|KRW|SGD|HKD|ILS|AED|SAR",
].join("|");

const SIGN = "[-+\u2212]";
// Group separators besides the other of "." and ",": spaces (plain, no-break, thin, narrow no-break) and apostrophes.
const SPACES = " \u00a0\u2009\u202f";
// Every run of spaces belongs to exactly one place (after a sign or a currency, inside the body,
// before a suffix), and the body ends with a digit or separator: two places that could both take the
// same spaces make a failing match try every split of them, quadratic in a cell of 32,767 spaces.
const BODY = `[\\d.,](?:[\\d.,'\u2019${SPACES}]*[\\d.,])?`;
const DECORATED = new RegExp(
  `^(?:(${SIGN})\\s*)?(?:(${CURRENCY})\\s*)?(?:(${SIGN})\\s*)?(${BODY})(?:\\s*(%|${CURRENCY}))?$`,
);

interface Decorated {
  readonly body: string;
  readonly negative: boolean;
  readonly percent: boolean;
}

/** The digits and separators of a text number, and what its sign, parentheses and "%" say; null when it is no number. */
function undecorate(text: string): Decorated | null {
  let t = text.trim();
  let parenthesised = false;
  if (t.startsWith("(") && t.endsWith(")")) {
    parenthesised = true;
    t = t.slice(1, -1).trim();
  }
  const m = DECORATED.exec(t);
  if (!m) return null;
  const [, sign1, prefix, sign2, body, suffix] = m;
  const sign = sign1 ?? sign2;
  const percent = suffix === "%";
  // One sign, one currency, not both "%" and a currency; accounting parentheses carry no sign of their own.
  if ((sign1 && sign2) || (prefix && suffix) || (parenthesised && sign)) return null;
  return { body, negative: parenthesised || sign === "-" || sign === "\u2212", percent };
}

const ZERO = 48;
const NINE = 57;
/** Powers of ten that are exact doubles. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The digits and separators of a number as a plain number, with `decimal` as the decimal separator;
 * NaN when they do not fit. Before the decimal separator: digits, or groups of three after a first
 * group of one to three digits, all split by the same character; a first group of "0" is no
 * thousands ("0,123" is a fraction). After it: digits only. A scan by character codes, because a
 * column of a million amounts goes through here more than once.
 */
function readBody(body: string, decimal: DecimalSeparator): number {
  const point = decimal.charCodeAt(0);
  let group = -1;
  let lead = 0;
  let inGroup = 0;
  let end = body.length;
  // The digits as one whole number, and how many came after the separator.
  let mantissa = 0;
  let digits = 0;
  for (let k = 0; k < body.length; k++) {
    const c = body.charCodeAt(k);
    if (c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      if (group < 0) lead++;
      else inGroup++;
    } else if (c === point) {
      end = k;
      break;
    } else if (group < 0) {
      if (lead < 1 || lead > 3 || body.charCodeAt(0) === ZERO) return NaN;
      group = c;
    } else if (c !== group || inGroup !== 3) return NaN;
    else inGroup = 0;
  }
  if (group >= 0 && inGroup !== 3) return NaN;
  for (let k = end + 1; k < body.length; k++) {
    const c = body.charCodeAt(k);
    if (c < ZERO || c > NINE) return NaN;
    mantissa = mantissa * 10 + (c - ZERO);
    digits++;
  }
  if (digits === 0) return NaN;
  const places = Math.max(0, body.length - end - 1);
  // Up to 15 digits the whole number is exact, and one division by an exact power of ten rounds
  // correctly: the same double Number() gives the text, without building a string for it.
  if (digits <= 15 && places < POWERS_OF_TEN.length) return mantissa / POWERS_OF_TEN[places];
  const whole =
    group < 0 ? body.slice(0, end) : body.slice(0, end).split(String.fromCharCode(group)).join("");
  return Number(`${whole || "0"}.${body.slice(end + 1) || "0"}`);
}

/** The number a text shows, reading `decimal` as its decimal separator; NaN when it shows none. */
export function parseTextNumber(text: string, decimal: DecimalSeparator): number {
  const plain = text.trim();
  if (PLAIN_NUMBER.test(plain) && (decimal === "." || !plain.includes("."))) return Number(plain);
  const d = undecorate(plain);
  if (!d) return NaN;
  const x = readBody(d.body.trim(), decimal);
  const signed = d.negative ? -x : x;
  return d.percent ? signed / 100 : signed;
}

/**
 * What a text number says about the decimal separator: "." or "," when it reads only with that one
 * ("1,234.5", "12,5", "1,234,567"), "either" when it reads with both as different numbers ("1,234"),
 * null when the choice makes no difference ("1234", "$5") or it is no number at all.
 */
export function decimalEvidence(text: string): DecimalSeparator | "either" | null {
  const t = text.trim();
  if (!t.includes(".") && !t.includes(",")) return null;
  const dot = parseTextNumber(t, ".");
  const comma = parseTextNumber(t, ",");
  if (Number.isNaN(dot)) return Number.isNaN(comma) ? null : ",";
  if (Number.isNaN(comma)) return ".";
  return dot === comma ? null : "either";
}

/** Whether a text number is a percentage, read as a fraction of one. */
export function isPercentText(text: string): boolean {
  return text.trimEnd().endsWith("%");
}

// As DECORATED: each run of spaces has one place to go (see BODY).
const LOOKS_NUMERIC = new RegExp(
  `^(?:\\(\\s*)?(?:(${SIGN})\\s*)?(?:(${CURRENCY})\\s*)?(?:(${SIGN})\\s*)?` +
    `\\d(?:[\\d.,'\u2019${SPACES}/:+\\-\u2212]*[\\d.,'\u2019/:+\\-\u2212])?` +
    `(?:\\s*(%|${CURRENCY}|[a-zA-Zµ°²³]{1,6}\\.?))?(?:\\s*\\))?$`,
);

/**
 * Whether a text looks like a number even though it may not read as one: digits and separators,
 * perhaps a currency or a unit after it ("12 kg", "1.2.3", "12-15"), but no letters in front of the
 * digits, which is what text identifiers ("C-10023") have.
 */
export function looksNumeric(text: string): boolean {
  return LOOKS_NUMERIC.test(text.trim());
}
