/**
 * Number formatting for the calculators. Every formatter returns {@link NOT_A_NUMBER} ("—") for a
 * value that is not finite, so a page can never show "NaN" or "Infinity". English (US) digit
 * grouping throughout, so the server render and the browser agree.
 */

/** What a formatter prints for a value that is not a finite number. */
export const NOT_A_NUMBER = '—';

const MINUS = '−';
const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
};

const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat('en-US', options);
    formatters.set(key, format);
  }
  return format;
}

/** Replaces the ASCII hyphen of a negative number with a real minus sign. */
function withMinus(text: string): string {
  return text.startsWith('-') ? `${MINUS}${text.slice(1)}` : text;
}

/** A whole number with thousands separators: 730862190080 → "730,862,190,080". */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return NOT_A_NUMBER;
  return withMinus(numberFormat('count', { maximumFractionDigits: 0 }).format(value));
}

/** A BigInt with thousands separators, exactly: 730862190080n → "730,862,190,080". */
export function formatBigInt(value: bigint): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  let grouped = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const group = digits.slice(Math.max(0, end - 3), end);
    grouped = grouped === '' ? group : `${group},${grouped}`;
  }
  return negative ? `${MINUS}${grouped}` : grouped;
}

function superscript(exponent: number): string {
  return String(exponent)
    .split('')
    .map((character) => SUPERSCRIPT[character] ?? character)
    .join('');
}

/**
 * A BigInt of any size as "m × 10ⁿ" with `digits` significant digits, even far beyond what a
 * number can hold: 10n ** 500n → "1 × 10⁵⁰⁰".
 */
export function formatBigScientific(value: bigint, digits = 3): string {
  const negative = value < 0n;
  const text = (negative ? -value : value).toString();
  let exponent = text.length - 1;
  let mantissa = Number(Number(`${text.charAt(0)}.${text.slice(1, 17) || '0'}`).toPrecision(digits));
  if (mantissa >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  return `${negative ? MINUS : ''}${mantissa} × 10${superscript(exponent)}`;
}

/**
 * `value` as "m × 10ⁿ" with `digits` significant digits: 1.37e-12 → "1.37 × 10⁻¹²".
 */
export function formatScientific(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return NOT_A_NUMBER;
  if (value === 0) return '0';
  const [mantissa = '0', exponent = '0'] = value.toExponential(Math.max(0, digits - 1)).split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return `${withMinus(trimmed)} × 10${superscript(Number(exponent))}`;
}

/**
 * A plain number with `digits` significant digits (default 3) and separators: 8.1083 → "8.11",
 * 24000 → "24,000" (whole parts are never rounded away). Below 0.001 it switches to scientific.
 */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return NOT_A_NUMBER;
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3) return formatScientific(value, digits);
  if (magnitude >= 10 ** digits) return formatCount(value);
  return withMinus(numberFormat(`sig${digits}`, { maximumSignificantDigits: digits }).format(value));
}

/**
 * A fraction as a percentage with `digits` significant digits: 0.0644 → "6.44%", 1 → "100%".
 * Tiny shares switch to scientific ("1.2 × 10⁻⁷%"), and a share that is not 0 never shows as "0%".
 */
export function formatPercent(fraction: number, digits = 3): string {
  if (!Number.isFinite(fraction)) return NOT_A_NUMBER;
  if (fraction === 0) return '0%';
  const percent = fraction * 100;
  if (Math.abs(percent) < 1e-3) return `${formatScientific(percent, digits)}%`;
  const text = withMinus(numberFormat(`sig${digits}`, { maximumSignificantDigits: digits }).format(percent));
  // 99.9996% must not round to "100%": show enough digits to stay below it.
  if (text === '100' && fraction < 1) return formatPercent(fraction, digits + 1);
  return `${text}%`;
}

/**
 * Formats `value` as a percentage with enough digits that it does not print the same as
 * `reference` unless the two are equal (so "1.01%" is not shown as "1%" beside a 1% target).
 */
export function formatPercentDistinct(value: number, reference: number, digits = 3): string {
  let text = formatPercent(value, digits);
  if (value === reference) return text;
  for (let more = digits + 1; more <= 10 && text === formatPercent(reference, more - 1); more++) {
    text = formatPercent(value, more);
  }
  return text;
}

/**
 * An availability as a percentage that keeps every significant nine: 0.998001 → "99.8001%",
 * 0.9999999 → "99.99999%". Never rounds a value below 1 up to "100%".
 */
export function formatAvailability(availability: number): string {
  if (!Number.isFinite(availability)) return NOT_A_NUMBER;
  if (availability >= 1) return '100%';
  if (availability <= 0) return '0%';
  const nines = -Math.log10(1 - availability);
  const decimals = Math.min(12, Math.max(1, Math.ceil(nines) + 1));
  const text = (availability * 100).toFixed(decimals).replace(/\.?0+$/, '');
  return `${text === '100' ? (availability * 100).toFixed(14).replace(/0+$/, '') : text}%`;
}

/**
 * A probability, readable whatever its size: "6.44%" from 1% up, "0.0123%" down to 1 in 10⁵,
 * then "1.37 × 10⁻¹²".
 */
export function formatProbability(probability: number): string {
  if (!Number.isFinite(probability)) return NOT_A_NUMBER;
  if (probability !== 0 && Math.abs(probability) < 1e-5) return formatScientific(probability);
  return formatPercent(probability);
}

/** "1 in 28", "1 in 730,862,190,080"; for a probability of 0, "never". */
export function formatOneIn(probability: number): string {
  if (!Number.isFinite(probability) || probability < 0) return NOT_A_NUMBER;
  if (probability === 0) return 'never';
  const odds = 1 / probability;
  if (!Number.isFinite(odds)) return 'never';
  if (odds >= 1e15) return `1 in ${formatScientific(odds)}`;
  return `1 in ${odds >= 100 ? formatCount(odds) : formatNumber(odds)}`;
}

/**
 * A duration given in seconds, in the unit that reads best: "850 µs", "12.5 ms", "1.25 s",
 * "8.5 min", "8.76 h", "3.2 days".
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return NOT_A_NUMBER;
  if (seconds === 0) return '0 s';
  const magnitude = Math.abs(seconds);
  if (magnitude < 1e-3) return `${formatNumber(seconds * 1e6)} µs`;
  if (magnitude < 1) return `${formatNumber(seconds * 1e3)} ms`;
  if (magnitude < 60) return `${formatNumber(seconds)} s`;
  if (magnitude < 3600) return `${formatNumber(seconds / 60)} min`;
  if (magnitude < 48 * 3600) return `${formatNumber(seconds / 3600)} h`;
  return `${formatNumber(seconds / 86_400)} days`;
}

/** A duration given in milliseconds; see {@link formatDuration}. */
export function formatMilliseconds(milliseconds: number): string {
  return formatDuration(milliseconds / 1000);
}

/** A duration given in hours; see {@link formatDuration}. */
export function formatHours(hours: number): string {
  return formatDuration(hours * 3600);
}

/**
 * Money, rounded to whole units, with separators and a real minus: −12000 → "−$12,000".
 * Amounts below 100 keep cents.
 */
export function formatMoney(amount: number): string {
  if (!Number.isFinite(amount)) return NOT_A_NUMBER;
  const magnitude = Math.abs(amount);
  const cents = magnitude < 100 && !Number.isInteger(magnitude);
  const body =
    magnitude >= 1e15
      ? formatScientific(magnitude)
      : cents
        ? numberFormat('money-cents', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(magnitude)
        : numberFormat('money', { maximumFractionDigits: 0 }).format(magnitude);
  const isZero = /^[0.,]+$/.test(body);
  return `${amount < 0 && !isZero ? MINUS : ''}$${body}`;
}

/** Years, for a payback period: 0.5 → "6 months", 2.25 → "2.25 years". */
export function formatYears(years: number): string {
  if (!Number.isFinite(years)) return NOT_A_NUMBER;
  if (years < 1) {
    const months = years * 12;
    if (months < 1) return `${formatNumber(months * 30.44, 2)} days`;
    return `${formatNumber(months, 2)} months`;
  }
  return `${formatNumber(years, 3)} ${years === 1 ? 'year' : 'years'}`;
}

/** A ratio: 7 → "7×", 26100000 → "26,100,000×". */
export function formatTimes(ratio: number): string {
  if (!Number.isFinite(ratio)) return NOT_A_NUMBER;
  if (ratio >= 1e15) return `${formatScientific(ratio)}×`;
  return `${formatNumber(ratio)}×`;
}
