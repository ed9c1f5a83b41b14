/**
 * Seat-belt checks for a JavaScript realm shared with a submission: pin the global bindings the
 * harness relies on, and detect changes to built-in prototypes (so a submission that patches
 * `Promise.prototype.then` or adds `Object.prototype.toJSON` fails instead of fooling the
 * harness). This is not a sandbox. No Node or DOM APIs here.
 */

/** Global bindings made read-only before a submission loads. */
export const PINNED_GLOBALS = [
  'Object', 'Function', 'Array', 'Promise', 'Error', 'TypeError', 'RangeError', 'JSON', 'Math', 'Reflect',
  'Symbol', 'Map', 'Set', 'WeakMap', 'WeakSet', 'String', 'Number', 'Boolean', 'Date', 'RegExp', 'Proxy',
  'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'console',
  'AbortController', 'AbortSignal', 'structuredClone', 'globalThis',
] as const;

/**
 * Makes each named global a non-writable, non-configurable binding, so assigning to it throws a
 * TypeError in strict code. Accessor properties and missing names are left alone.
 * @param root - the global object (`globalThis`).
 * @param names - which globals to pin.
 */
export function pinGlobals(root: object, names: readonly string[] = PINNED_GLOBALS): void {
  for (const name of names) {
    const descriptor = Object.getOwnPropertyDescriptor(root, name);
    if (descriptor === undefined || !('value' in descriptor) || descriptor.configurable !== true) continue;
    Object.defineProperty(root, name, { value: descriptor.value, writable: false, enumerable: descriptor.enumerable ?? false, configurable: false });
  }
}

// Captured when this module loads, before any submission code runs: the checks below must not
// use anything a submission could have replaced (Object.is, Map methods, array iterators).
const objectIs = Object.is;
const ownKeys = Reflect.ownKeys;
const getOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
const symbolToString = Function.prototype.call.bind(Symbol.prototype.toString) as (symbol: symbol) => string;

interface PropertyFingerprint {
  key: PropertyKey;
  value: unknown;
  get: unknown;
  set: unknown;
}

/** A record of built-ins to compare against later. */
export interface RealmSnapshot {
  /** The objects watched and their own properties when the snapshot was taken. */
  readonly entries: ReadonlyArray<{ label: string; target: object; properties: PropertyFingerprint[] }>;
  /** The pinned globals and the values they held. */
  readonly globals: ReadonlyArray<{ name: string; value: unknown }>;
}

function watchedObjects(root: Record<string, unknown>): Array<[string, unknown]> {
  const get = (name: string): unknown => root[name];
  const prototypeOf = (name: string): unknown => (get(name) as { prototype?: unknown } | undefined)?.prototype;
  return [
    ['Object', get('Object')],
    ['Object.prototype', prototypeOf('Object')],
    ['Function.prototype', prototypeOf('Function')],
    ['Array', get('Array')],
    ['Array.prototype', prototypeOf('Array')],
    ['Promise', get('Promise')],
    ['Promise.prototype', prototypeOf('Promise')],
    ['Error.prototype', prototypeOf('Error')],
    ['String.prototype', prototypeOf('String')],
    ['Number.prototype', prototypeOf('Number')],
    ['Map.prototype', prototypeOf('Map')],
    ['Set.prototype', prototypeOf('Set')],
    ['JSON', get('JSON')],
    ['Math', get('Math')],
    ['Reflect', get('Reflect')],
  ];
}

function fingerprint(target: object): PropertyFingerprint[] {
  const properties: PropertyFingerprint[] = [];
  const keys = ownKeys(target);
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as PropertyKey;
    const descriptor = getOwnPropertyDescriptor(target, key);
    if (descriptor === undefined) continue;
    properties[properties.length] = { key, value: descriptor.value, get: descriptor.get, set: descriptor.set };
  }
  return properties;
}

function findKey(properties: PropertyFingerprint[], key: PropertyKey): PropertyFingerprint | undefined {
  for (let index = 0; index < properties.length; index += 1) {
    const property = properties[index];
    if (property !== undefined && property.key === key) return property;
  }
  return undefined;
}

/**
 * Records the built-ins and pinned globals of `root` as they are now.
 * @param root - the global object (`globalThis`).
 */
export function snapshotRealm(root: object): RealmSnapshot {
  const record = root as Record<string, unknown>;
  const entries: Array<{ label: string; target: object; properties: PropertyFingerprint[] }> = [];
  for (const [label, target] of watchedObjects(record)) {
    if ((typeof target === 'object' || typeof target === 'function') && target !== null) {
      entries.push({ label, target, properties: fingerprint(target) });
    }
  }
  const globals = PINNED_GLOBALS.map((name) => ({ name, value: record[name] }));
  return { entries, globals };
}

/**
 * Compares `root` with a snapshot. Returns a sentence naming the first change (e.g.
 * "Promise.prototype.then was replaced"), or undefined when nothing changed. Uses only
 * functions captured before any submission code ran, and no iterators.
 */
export function findRealmChange(root: object, snapshot: RealmSnapshot): string | undefined {
  const record = root as Record<string, unknown>;
  for (let index = 0; index < snapshot.globals.length; index += 1) {
    const global = snapshot.globals[index];
    if (global !== undefined && !objectIs(record[global.name], global.value)) return `the global ${global.name} was replaced`;
  }
  for (let entryIndex = 0; entryIndex < snapshot.entries.length; entryIndex += 1) {
    const entry = snapshot.entries[entryIndex];
    if (entry === undefined) continue;
    const now = fingerprint(entry.target);
    // Own keys come back in a fixed order, so an untouched object matches position by position;
    // only when something differs is each key looked up to name the change.
    if (samePositions(entry.properties, now)) continue;
    for (let index = 0; index < entry.properties.length; index += 1) {
      const before = entry.properties[index];
      if (before === undefined) continue;
      const after = findKey(now, before.key);
      if (after === undefined) return `${entry.label}${describeKey(before.key)} was deleted`;
      if (!objectIs(after.value, before.value) || !objectIs(after.get, before.get) || !objectIs(after.set, before.set)) {
        return `${entry.label}${describeKey(before.key)} was replaced`;
      }
    }
    for (let index = 0; index < now.length; index += 1) {
      const property = now[index];
      if (property !== undefined && findKey(entry.properties, property.key) === undefined) {
        return `${entry.label}${describeKey(property.key)} was added`;
      }
    }
  }
  return undefined;
}

/** True when both lists hold the same keys in the same order, with the same values and accessors. */
function samePositions(before: PropertyFingerprint[], now: PropertyFingerprint[]): boolean {
  if (before.length !== now.length) return false;
  for (let index = 0; index < before.length; index += 1) {
    const a = before[index];
    const b = now[index];
    if (a === undefined || b === undefined || a.key !== b.key) return false;
    if (!objectIs(a.value, b.value) || !objectIs(a.get, b.get) || !objectIs(a.set, b.set)) return false;
  }
  return true;
}

function describeKey(key: PropertyKey): string {
  if (typeof key === 'symbol') return `[${symbolToString(key)}]`;
  return `.${String(key)}`;
}
