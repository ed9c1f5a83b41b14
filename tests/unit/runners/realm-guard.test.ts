import { createContext, runInContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { findRealmChange, pinGlobals, snapshotRealm } from '../../../src/runners/realm-guard';

/** A fresh global object with its own built-ins, so the test process's realm is never touched. */
function freshRealm(): { realm: Record<string, unknown>; run(code: string): unknown } {
  const context = createContext();
  return { realm: runInContext('globalThis', context) as Record<string, unknown>, run: (code) => runInContext(code, context) };
}

describe('pinGlobals', () => {
  test('makes the named globals read-only', () => {
    const { realm, run } = freshRealm();
    pinGlobals(realm, ['Promise']);
    expect(() => run('"use strict"; globalThis.Promise = 1;')).toThrow(/read only|read-only/);
    expect(typeof realm.Promise).toBe('function');
  });

  test('skips names the realm does not have', () => {
    expect(() => pinGlobals(freshRealm().realm, ['NoSuchGlobal'])).not.toThrow();
  });
});

describe('findRealmChange', () => {
  test('finds nothing when nothing changed', () => {
    const { realm } = freshRealm();
    expect(findRealmChange(realm, snapshotRealm(realm))).toBeUndefined();
  });

  test.each([
    ['Promise.prototype.then = function () {};', 'Promise.prototype.then was replaced'],
    ['Object.prototype.toJSON = function () {};', 'Object.prototype.toJSON was added'],
    ['delete Array.prototype.map;', 'Array.prototype.map was deleted'],
    ['Object.defineProperty(Object.prototype, "secret", { get() { return 1; } });', 'Object.prototype.secret was added'],
    ['Object.is = () => true;', 'Object.is was replaced'],
    ['globalThis.setTimeout = () => 0;', 'the global setTimeout was replaced'],
    ['Array.prototype[Symbol.iterator] = function* () {};', 'Array.prototype[Symbol(Symbol.iterator)] was replaced'],
  ])('names the change made by %s', (code, message) => {
    const { realm, run } = freshRealm();
    const snapshot = snapshotRealm(realm);
    run(code);
    expect(findRealmChange(realm, snapshot)).toBe(message);
  });
});
