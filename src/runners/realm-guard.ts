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

interface PropertyFingerprint {
  value?: unknown;
  get?: unknown;
  set?: unknown;
}

/** A record of built-ins to compare against later. */
export interface RealmSnapshot {
  /** Label → the object watched and its own properties when the snapshot was taken. */
  readonly entries: ReadonlyArray<{ label: string; target: object; properties: Map<PropertyKey, PropertyFingerprint> }>;
  /** Global name → the value it held. */
  readonly globals: ReadonlyMap<string, unknown>;
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

function fingerprint(target: object): Map<PropertyKey, PropertyFingerprint> {
  const properties = new Map<PropertyKey, PropertyFingerprint>();
  for (const key of Reflect.ownKeys(target)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
    if (descriptor === undefined) continue;
    properties.set(key, 'value' in descriptor ? { value: descriptor.value } : { get: descriptor.get, set: descriptor.set });
  }
  return properties;
}

/**
 * Records the built-ins and pinned globals of `root` as they are now.
 * @param root - the global object (`globalThis`).
 */
export function snapshotRealm(root: object): RealmSnapshot {
  const record = root as Record<string, unknown>;
  const entries: Array<{ label: string; target: object; properties: Map<PropertyKey, PropertyFingerprint> }> = [];
  for (const [label, target] of watchedObjects(record)) {
    if ((typeof target === 'object' || typeof target === 'function') && target !== null) {
      entries.push({ label, target, properties: fingerprint(target) });
    }
  }
  const globals = new Map<string, unknown>();
  for (const name of PINNED_GLOBALS) globals.set(name, record[name]);
  return { entries, globals };
}

/**
 * Compares `root` with a snapshot. Returns a sentence naming the first change (e.g.
 * "Promise.prototype.then was replaced"), or undefined when nothing changed.
 */
export function findRealmChange(root: object, snapshot: RealmSnapshot): string | undefined {
  const record = root as Record<string, unknown>;
  for (const [name, value] of snapshot.globals) {
    if (!Object.is(record[name], value)) return `the global ${name} was replaced`;
  }
  for (const { label, target, properties } of snapshot.entries) {
    const now = fingerprint(target);
    for (const [key, before] of properties) {
      const after = now.get(key);
      const keyName = describeKey(key);
      if (after === undefined) return `${label}${keyName} was deleted`;
      if (!Object.is(after.value, before.value) || !Object.is(after.get, before.get) || !Object.is(after.set, before.set)) {
        return `${label}${keyName} was replaced`;
      }
    }
    for (const key of now.keys()) {
      if (!properties.has(key)) return `${label}${describeKey(key)} was added`;
    }
  }
  return undefined;
}

function describeKey(key: PropertyKey): string {
  if (typeof key === 'symbol') return `[${key.toString()}]`;
  return `.${String(key)}`;
}
