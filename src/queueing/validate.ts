import { QueueingInputError } from './errors';

/** Describes a received value for an error message: `2.5`, `NaN`, `the text "abc"`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'bigint') return `${String(value)}n`;
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (Array.isArray(value)) return 'a list';
  const kind = typeof value;
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

function fail(field: string, requirement: string, value: unknown): never {
  throw new QueueingInputError(field, `${field} must be ${requirement} (got ${describeValue(value)})`, value);
}

/** Checks that the input is a plain object, so a call from untyped code fails clearly. */
export function requireInput(value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new QueueingInputError('input', `expected an object of named inputs (got ${describeValue(value)})`, value);
  }
}

/** A finite number greater than 0. */
export function positive(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(field, 'a finite number greater than 0', value);
  }
  return value;
}

/** A finite number of at least 0. */
export function nonNegative(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(field, 'a finite number of at least 0', value);
  }
  return value;
}

/** Any finite number (negative allowed, for example a net benefit). */
export function finite(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, 'a finite number', value);
  return value;
}

/** A whole number in `[min, max]`. */
export function whole(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    fail(field, `a whole number of at least ${min}`, value);
  }
  if (value > max) fail(field, `at most ${max.toLocaleString('en-US')}`, value);
  return value;
}

/** A probability strictly between 0 and 1, as a target must be (0 is unreachable, 1 is no target). */
export function openProbability(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value >= 1) {
    fail(field, 'a probability between 0 and 1, not including 0 or 1', value);
  }
  return value;
}

/** A fraction in `[0, 1]`. */
export function fraction(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    fail(field, 'a fraction from 0 to 1', value);
  }
  return value;
}

/**
 * Guards results: every figure handed back must be finite. Reaching this means the inputs were
 * so extreme that double precision cannot represent the answer.
 */
export function finiteResult<T extends object>(field: string, result: T): T {
  for (const value of Object.values(result)) {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new QueueingInputError(
        field,
        `${field} is too extreme to give finite results; try values closer to a real system`,
        value,
      );
    }
  }
  return result;
}

/** Rounds up, ignoring floating-point dust: 30 × 0.2 = 6.000000000000001 still rounds to 6. */
export function ceilTolerant(value: number): number {
  const nearest = Math.round(value);
  if (Math.abs(value - nearest) <= 1e-9 * Math.max(1, Math.abs(value))) return nearest;
  return Math.ceil(value);
}
