/**
 * Reading what a person typed into a number box. Form fields hold text; these helpers turn it
 * into a number or into a message that names the field and says what would be accepted.
 */

/** What a number field accepts. Limits are in the units the person types (percent, ms, …). */
export interface NumberRule {
  /** Smallest accepted value. */
  min?: number;
  /** When true, `min` itself is refused (the value must be greater than `min`). */
  minExclusive?: boolean;
  /** Largest accepted value. */
  max?: number;
  /** When true, `max` itself is refused (the value must be less than `max`). */
  maxExclusive?: boolean;
  /** Only whole numbers. */
  integer?: boolean;
  /** An empty box is allowed and reads as `null` (for example "no wait target"). */
  optional?: boolean;
}

/** The outcome of reading a field: a number (or `null` for an allowed empty box), or a message. */
export type ParsedNumber = { ok: true; value: number | null } | { ok: false; message: string };

/** Longest text a field (or a URL parameter) may hold; anything longer is refused unread. */
export const MAX_INPUT_LENGTH = 32;

// Digits with an optional decimal point and exponent; thousands separators are handled first.
const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const GROUPED_PATTERN = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

const limitFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
const limit = (value: number): string => limitFormat.format(value).replace(/^-/, '−');

/**
 * Reads `text` as a number under `rule`. Accepts "1200", "1,200", "1.5e3" and a leading "+"; refuses anything else with a message that starts with `name`, such as
 * "Arrival rate must be greater than 0."
 */
export function parseNumberInput(text: string, name: string, rule: NumberRule = {}): ParsedNumber {
  const trimmed = text.trim();
  if (trimmed === '') {
    return rule.optional ? { ok: true, value: null } : { ok: false, message: `${name} needs a value.` };
  }
  if (trimmed.length > MAX_INPUT_LENGTH) {
    return { ok: false, message: `${name} is too long to be a number.` };
  }
  let cleaned = trimmed.replace(/^−/, '-');
  if (cleaned.includes(',')) {
    if (!GROUPED_PATTERN.test(cleaned)) {
      return { ok: false, message: `${name} must be a number; use a dot for decimals, for example 0.5.` };
    }
    cleaned = cleaned.replace(/,/g, '');
  }
  if (!NUMBER_PATTERN.test(cleaned)) {
    return { ok: false, message: `${name} must be a number, for example ${rule.integer ? '12' : '2.5'}.` };
  }
  const value = Number(cleaned);
  if (!Number.isFinite(value)) {
    return { ok: false, message: `${name} is too large.` };
  }
  if (rule.integer && !Number.isInteger(value)) {
    return { ok: false, message: `${name} must be a whole number.` };
  }
  if (rule.min !== undefined) {
    if (rule.minExclusive ? value <= rule.min : value < rule.min) {
      const words = rule.minExclusive ? 'greater than' : 'at least';
      return { ok: false, message: `${name} must be ${words} ${limit(rule.min)}.` };
    }
  }
  if (rule.max !== undefined) {
    if (rule.maxExclusive ? value >= rule.max : value > rule.max) {
      const words = rule.maxExclusive ? 'less than' : 'at most';
      return { ok: false, message: `${name} must be ${words} ${limit(rule.max)}.` };
    }
  }
  return { ok: true, value };
}

/** Names typed into list rows (failure modes, dependencies): letters, digits and light punctuation. */
const LABEL_PATTERN = /^[\p{L}\p{N} .,'’()&/+#-]*$/u;

/** Longest label a list row may have. */
export const MAX_LABEL_LENGTH = 40;

/**
 * Whether `text` is an acceptable row label: at most {@link MAX_LABEL_LENGTH} characters of
 * letters, digits, spaces and light punctuation (no markup, no link-like characters).
 */
export function isAcceptableLabel(text: string): boolean {
  return text.length <= MAX_LABEL_LENGTH && LABEL_PATTERN.test(text);
}

/** Checks a label typed into a row; `null` when it is fine. */
export function labelProblem(text: string, name: string): string | null {
  if (text.length > MAX_LABEL_LENGTH) return `${name} must be at most ${MAX_LABEL_LENGTH} characters.`;
  if (!LABEL_PATTERN.test(text)) return `${name} may use letters, digits, spaces and . , ' ( ) & / + # - only.`;
  return null;
}
