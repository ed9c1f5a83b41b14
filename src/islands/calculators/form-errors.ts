/**
 * Turning form text into numbers, and queueing errors into messages beside the right field.
 */
import { QueueingInputError } from '../../queueing';
import { parseNumberInput, type NumberRule } from './parse';
import type { FormSpec } from './url-state';

/** Messages for the fields that are wrong, keyed by form field. */
export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** A calculator outcome with no result: field messages, and a message for the whole form. */
export interface Invalid<K extends string> {
  status: 'invalid';
  errors: FieldErrors<K>;
  /** A problem that belongs to no single field (for example "no pool is big enough"). */
  general: string | null;
}

/** Reads the number fields `keys` of a form; the rule can be overridden per call. */
export function readNumbers<K extends string>(
  spec: FormSpec<K, string>,
  values: Readonly<Record<K, string>>,
  keys: readonly K[],
  rules: Partial<Record<K, NumberRule>> = {},
): { numbers: Partial<Record<K, number | null>>; errors: FieldErrors<K> } {
  const numbers: Partial<Record<K, number | null>> = {};
  const errors: FieldErrors<K> = {};
  for (const key of keys) {
    const field = spec.fields[key];
    if (field.kind !== 'number') continue;
    const parsed = parseNumberInput(values[key], field.name, rules[key] ?? field.rule);
    if (parsed.ok) numbers[key] = parsed.value;
    else errors[key] = parsed.message;
  }
  return { numbers, errors };
}

/** Where a queueing function's input field shows up in the form, and what it is called there. */
export interface FieldMapping<K extends string> {
  /** The form field to put the message beside, or `null` for a form-wide message. */
  key: K | null;
  /** Name used in place of the function's field name in the message. */
  name: string;
}

/**
 * Converts an error thrown by `src/queueing` into an {@link Invalid} outcome: the message goes
 * beside the mapped field, with the function's field name replaced by the form's. Anything that is
 * not a {@link QueueingInputError} becomes a general message without internal detail.
 */
export function invalidFromError<K extends string>(error: unknown, mapping: Readonly<Record<string, FieldMapping<K>>>): Invalid<K> {
  if (!(error instanceof QueueingInputError)) {
    return { status: 'invalid', errors: {}, general: 'These inputs could not be calculated. Try values closer to a real system.' };
  }
  const target = mapping[error.field];
  let message = error.message;
  for (const [field, { name }] of Object.entries(mapping)) {
    if (message.startsWith(field)) {
      message = name + message.slice(field.length);
      break;
    }
  }
  message = `${message.charAt(0).toUpperCase()}${message.slice(1)}${/[.!?]$/.test(message) ? '' : '.'}`;
  if (target?.key) return { status: 'invalid', errors: { [target.key]: message } as FieldErrors<K>, general: null };
  return { status: 'invalid', errors: {}, general: message };
}

/** Whether there is at least one field message. */
export function hasErrors<K extends string>(errors: FieldErrors<K>): boolean {
  return Object.keys(errors).length > 0;
}
