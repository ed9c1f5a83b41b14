/**
 * A calculator's inputs as URL query parameters, so a link reproduces the same calculation.
 *
 * Form state is text, exactly as typed. Reading a URL checks every parameter against the same
 * rules as the form; a parameter that fails keeps its default and is named in `rejected`, so the
 * page can say so. Nothing read from a URL is ever treated as markup: numbers must parse, choices
 * must be one of a fixed list, and row labels must pass {@link isAcceptableLabel}.
 */
import { MAX_INPUT_LENGTH, isAcceptableLabel, parseNumberInput, type NumberRule } from './parse';

/** A number box. Its URL parameter holds the text as typed. */
export interface NumberFieldSpec {
  kind: 'number';
  /** Name used in messages, such as "Arrival rate". */
  name: string;
  rule: NumberRule;
  default: string;
}

/** A choice among fixed options (radio buttons or a select). */
export interface ChoiceFieldSpec {
  kind: 'choice';
  name: string;
  options: readonly string[];
  default: string;
}

/** A single field: a number box or a choice. */
export type ScalarFieldSpec = NumberFieldSpec | ChoiceFieldSpec;

/** One column of a list row: a number, or a short label. */
export interface RowColumnSpec {
  key: string;
  name: string;
  kind: 'number' | 'label';
  /** For number columns. */
  rule?: NumberRule;
}

/** One row of a list, keyed by column. */
export type Row = Readonly<Record<string, string>>;

/** A list of rows (failure modes, dependencies), stored as one repeated URL parameter. */
export interface RowsFieldSpec {
  name: string;
  columns: readonly RowColumnSpec[];
  minRows: number;
  maxRows: number;
  default: readonly Row[];
}

/** The fields of one calculator, keyed by URL parameter name (before any prefix). */
export interface FormSpec<K extends string, R extends string = never> {
  fields: { readonly [P in K]: ScalarFieldSpec };
  rows: { readonly [P in R]: RowsFieldSpec };
}

/** A calculator's inputs, as text. */
export interface FormState<K extends string, R extends string = never> {
  values: Readonly<Record<K, string>>;
  rows: Readonly<Record<R, readonly Row[]>>;
}

/** The result of reading inputs from a URL (or from a component's `initial` prop). */
export interface ReadResult<K extends string, R extends string> {
  state: FormState<K, R>;
  /** Names of the inputs that were present but unusable, in form order; they kept their defaults. */
  rejected: string[];
  /** Whether any of this calculator's parameters were present at all. */
  found: boolean;
}

const keysOf = <T extends string>(record: { readonly [P in T]: unknown }): T[] => Object.keys(record) as T[];

/** The inputs every calculator starts from. */
export function defaultState<K extends string, R extends string>(spec: FormSpec<K, R>): FormState<K, R> {
  const values = {} as Record<K, string>;
  for (const key of keysOf(spec.fields)) values[key] = spec.fields[key].default;
  const rows = {} as Record<R, readonly Row[]>;
  for (const key of keysOf(spec.rows)) rows[key] = spec.rows[key].default;
  return { values, rows };
}

/** Whether `raw` is an acceptable value for a scalar field. */
export function isValidScalar(field: ScalarFieldSpec, raw: string): boolean {
  if (raw.length > MAX_INPUT_LENGTH) return false;
  if (field.kind === 'choice') return field.options.includes(raw);
  return parseNumberInput(raw, field.name, field.rule).ok;
}

/** Encodes one row as comma-separated, percent-encoded cells. */
export function encodeRow(columns: readonly RowColumnSpec[], row: Row): string {
  return columns.map((column) => encodeURIComponent(row[column.key] ?? '')).join(',');
}

/** Decodes one row, or returns `null` when any cell is missing or unacceptable. */
export function decodeRow(columns: readonly RowColumnSpec[], encoded: string): Row | null {
  const cells = encoded.split(',');
  if (cells.length !== columns.length) return null;
  const row: Record<string, string> = {};
  for (const [index, column] of columns.entries()) {
    let text: string;
    try {
      text = decodeURIComponent(cells[index] ?? '');
    } catch {
      return null;
    }
    if (column.kind === 'label') {
      if (!isAcceptableLabel(text)) return null;
    } else if (!parseNumberInput(text, column.name, column.rule ?? {}).ok) {
      return null;
    }
    row[column.key] = text;
  }
  return row;
}

/**
 * Reads a calculator's inputs from query parameters named `prefix + key`. Parameters that are
 * missing keep the value from `base`; parameters that are present but unusable keep it too and
 * are listed in `rejected`. Other parameters are ignored.
 */
export function readState<K extends string, R extends string>(
  spec: FormSpec<K, R>,
  params: URLSearchParams,
  prefix = '',
  base: FormState<K, R> = defaultState(spec),
): ReadResult<K, R> {
  const values = { ...base.values } as Record<K, string>;
  const rows = { ...base.rows } as Record<R, readonly Row[]>;
  const rejected: string[] = [];
  let found = false;
  for (const key of keysOf(spec.fields)) {
    const raw = params.get(prefix + key);
    if (raw === null) continue;
    found = true;
    const field = spec.fields[key];
    if (isValidScalar(field, raw)) values[key] = raw.trim();
    else rejected.push(field.name);
  }
  for (const key of keysOf(spec.rows)) {
    const encoded = params.getAll(prefix + key);
    if (encoded.length === 0) continue;
    found = true;
    const field = spec.rows[key];
    const decoded = encoded.length <= field.maxRows ? encoded.map((text) => decodeRow(field.columns, text)) : [null];
    if (decoded.length >= field.minRows && decoded.every((row): row is Row => row !== null)) rows[key] = decoded;
    else rejected.push(field.name);
  }
  return { state: { values, rows }, rejected, found };
}

/**
 * Returns a copy of `params` with this calculator's parameters set from `state` (other
 * parameters are kept, so two calculators on one page do not overwrite each other).
 */
export function writeState<K extends string, R extends string>(
  spec: FormSpec<K, R>,
  state: FormState<K, R>,
  params: URLSearchParams = new URLSearchParams(),
  prefix = '',
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of keysOf(spec.fields)) next.set(prefix + key, state.values[key]);
  for (const key of keysOf(spec.rows)) {
    next.delete(prefix + key);
    for (const row of state.rows[key]) next.append(prefix + key, encodeRow(spec.rows[key].columns, row));
  }
  return next;
}

/** Turns a component's `initial` prop ({ rate: 120, queue: 'auto' }) into query parameters. */
export function paramsFromObject(initial: Readonly<Record<string, string | number>> | undefined): URLSearchParams {
  const params = new URLSearchParams();
  if (!initial) return params;
  for (const [key, value] of Object.entries(initial)) params.set(key, String(value));
  return params;
}

/** The sentence shown when a link carried unusable inputs. */
export function rejectedNotice(rejected: readonly string[]): string | null {
  if (rejected.length === 0) return null;
  const list = rejected.length === 1 ? rejected[0] : `${rejected.slice(0, -1).join(', ')} and ${rejected.at(-1)}`;
  return `The link set ${list} to ${rejected.length === 1 ? 'a value' : 'values'} this calculator cannot use, so ${rejected.length === 1 ? 'it shows the default' : 'they show their defaults'}.`;
}
