import { describe, expect, test } from 'vitest';
import { formatTranspileError, transpile } from '../../../src/runners/transpile';

describe('transpile', () => {
  test('strips types and turns imports into require calls', () => {
    const result = transpile("import { a } from './a';\nimport type { T } from './t';\nexport const b: number = a + 1;\n", 'b.ts');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.code).toContain("require('./a')");
    expect(result.code).not.toContain('./t');
    expect(result.code).not.toContain(': number');
  });

  test('keeps modern syntax such as class fields and private members as they are', () => {
    const result = transpile('export class A { #count = 0; value = 1; get count() { return this.#count; } }', 'a.ts');
    expect(result.ok && result.code.includes('#count = 0')).toBe(true);
  });

  test('reports a syntax error with its file, 1-based line and column, and no stack', () => {
    const result = transpile('const ok = 1;\nconst broken = ;\n', 'broken.ts');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual({ file: 'broken.ts', line: 2, column: 16, message: 'Unexpected token' });
    expect(formatTranspileError(result.error)).toBe('broken.ts:2:16: Unexpected token');
  });
});

describe('formatTranspileError', () => {
  test('omits a location it does not have', () => {
    expect(formatTranspileError({ file: 'x.ts', message: 'Syntax error' })).toBe('x.ts: Syntax error');
  });
});
