import { expect } from 'vitest';

/** Fails when any string inside `value` (deeply) shows NaN, Infinity or "undefined". */
export function expectNoBrokenNumbers(value: unknown): void {
  const text = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
  const strings = [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1] ?? '');
  for (const string of strings) expect(string).not.toMatch(/NaN|Infinity|undefined/);
}
