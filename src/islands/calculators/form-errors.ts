/**
 * Turning form text into numbers, and queueing errors into messages beside the right field.
 */
import { QueueingInputError, QueueingUnstableError } from '../../queueing';
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

/**
 * Reads the number fields `keys` of a form; the rule, and the name messages use (when the form
 * labels the field differently in some mode), can be overridden per call.
 */
export function readNumbers<K extends string>(
  spec: FormSpec<K, string>,
  values: Readonly<Record<K, string>>,
  keys: readonly K[],
  rules: Partial<Record<K, NumberRule>> = {},
  names: Partial<Record<K, string>> = {},
): { numbers: Partial<Record<K, number | null>>; errors: FieldErrors<K> } {
  const numbers: Partial<Record<K, number | null>> = {};
  const errors: FieldErrors<K> = {};
  for (const key of keys) {
    const field = spec.fields[key];
    if (field.kind !== 'number') continue;
    const parsed = parseNumberInput(values[key], names[key] ?? field.name, rules[key] ?? field.rule);
    if (parsed.ok) numbers[key] = parsed.value;
    else errors[key] = parsed.message;
  }
  return { numbers, errors };
}

/** Where a queueing function's input field shows up in the form, and what it is called there. */
export interface FieldMapping<K extends string> {
  /** The form field to put the message beside, or `null` for a form-wide message. */
  key: K | null;
  /**
   * The field's label as the form shows it, without its unit ("Arrival rate"), or the labels of
   * the fields a derived figure comes from ("Arrival rate × mean service time").
   */
  name: string;
}

/** What to say of a queueing input the math could not work with. */
function problemPhrase(error: QueueingInputError): string {
  if (error instanceof QueueingUnstableError) return 'is too high for the pool: its queue would grow without limit.';
  return 'gives figures too extreme to calculate; try values closer to a real system.';
}

/**
 * Converts an error thrown by `src/queueing` into an {@link Invalid} outcome. The queueing
 * message names the function's own inputs (`offeredLoad`, `servers`) and echoes raw values, so it
 * is never shown: the message names the form's field from `mapping` instead, and goes beside it.
 * An error for an input the mapping does not know, or anything that is not a
 * {@link QueueingInputError}, becomes a form-wide message naming `fallback` (the labels of the
 * fields the result depends on).
 */
export function invalidFromError<K extends string>(error: unknown, mapping: Readonly<Record<string, FieldMapping<K>>>, fallback: string): Invalid<K> {
  const target = error instanceof QueueingInputError && Object.hasOwn(mapping, error.field) ? mapping[error.field] : undefined;
  if (!(error instanceof QueueingInputError) || target === undefined) {
    return { status: 'invalid', errors: {}, general: `${fallback}: these values give figures too extreme to calculate; try values closer to a real system.` };
  }
  const message = `${target.name} ${problemPhrase(error)}`;
  if (target.key) return { status: 'invalid', errors: { [target.key]: message } as FieldErrors<K>, general: null };
  return { status: 'invalid', errors: {}, general: message };
}

/** Whether there is at least one field message. */
export function hasErrors<K extends string>(errors: FieldErrors<K>): boolean {
  return Object.keys(errors).length > 0;
}
