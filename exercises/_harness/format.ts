/**
 * Turns any value into a short, readable string for failure messages.
 * Never throws, even for values with hostile getters or cycles.
 */

const MAX_LENGTH = 200;
const MAX_DEPTH = 3;
const MAX_ITEMS = 10;

// Captured when the harness loads, so code under test that replaces them cannot change messages.
const objectToString = Object.prototype.toString;
const objectIs = Object.is;
const jsonStringify = JSON.stringify;
const getPrototypeOf = Object.getPrototypeOf;
const ownKeys = Object.keys;
const isArray = Array.isArray;

/**
 * Formats `value` as a compact, JavaScript-like string, cut to about 200 characters.
 * @param value - anything: primitives, arrays, objects, errors, maps, sets, functions.
 */
export function formatValue(value: unknown): string {
  let text: string;
  try {
    text = formatInner(value, 0, []);
  } catch {
    text = '[unprintable value]';
  }
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

function formatInner(value: unknown, depth: number, seen: unknown[]): string {
  switch (typeof value) {
    case 'string':
      return jsonStringify(value);
    case 'number':
      return objectIs(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${String(value)}n`;
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name === '' ? '(anonymous)' : value.name}]`;
    default:
      break;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (seen.includes(object)) return '[Circular]';
  if (object instanceof Error) {
    const name = typeof object.name === 'string' ? object.name : 'Error';
    return `${name}: ${String(object.message)}`;
  }
  if (object instanceof Promise) return 'Promise {…}';
  if (object instanceof Date) return `Date(${Number.isNaN(object.getTime()) ? 'Invalid' : object.toISOString()})`;
  if (object instanceof RegExp) return String(object);
  if (depth >= MAX_DEPTH) return isArray(object) ? '[…]' : '{…}';
  const nextSeen = [...seen, object];
  if (isArray(object)) {
    const items = object.slice(0, MAX_ITEMS).map((item) => formatInner(item, depth + 1, nextSeen));
    if (object.length > MAX_ITEMS) items.push(`… ${object.length - MAX_ITEMS} more`);
    return `[${items.join(', ')}]`;
  }
  if (object instanceof Map) {
    const entries = [...object.entries()]
      .slice(0, MAX_ITEMS)
      .map(([key, item]) => `${formatInner(key, depth + 1, nextSeen)} => ${formatInner(item, depth + 1, nextSeen)}`);
    return `Map(${object.size}) {${entries.join(', ')}}`;
  }
  if (object instanceof Set) {
    const entries = [...object.values()].slice(0, MAX_ITEMS).map((item) => formatInner(item, depth + 1, nextSeen));
    return `Set(${object.size}) {${entries.join(', ')}}`;
  }
  const keys = ownKeys(object);
  const entries = keys
    .slice(0, MAX_ITEMS)
    .map((key) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : jsonStringify(key)}: ${formatInner((object as Record<string, unknown>)[key], depth + 1, nextSeen)}`);
  if (keys.length > MAX_ITEMS) entries.push(`… ${keys.length - MAX_ITEMS} more`);
  const prototype: unknown = getPrototypeOf(object);
  const constructorName =
    prototype === null
      ? '[null prototype] '
      : prototype === Object.prototype
        ? ''
        : `${className(object)} `;
  return entries.length === 0 ? `${constructorName}{}` : `${constructorName}{ ${entries.join(', ')} }`;
}

function className(object: object): string {
  const tag = objectToString.call(object).slice(8, -1);
  const constructor = (object as { constructor?: { name?: unknown } }).constructor;
  return typeof constructor?.name === 'string' && constructor.name !== '' ? constructor.name : tag;
}

/**
 * Describes a thrown value for a failure message: `Error("…")`, or the value itself when
 * something that is not an Error was thrown.
 * @param thrown - the value caught by a `catch` clause or a rejected promise.
 */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return formatValue(thrown);
  return `a non-Error value ${formatValue(thrown)}`;
}
