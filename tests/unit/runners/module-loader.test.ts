import { describe, expect, test } from 'vitest';
import { createModuleGraph, joinPath, ModuleImportError, type ModuleFactory } from '../../../src/runners/module-loader';

const compile = (code: string): ModuleFactory => new Function('exports', 'require', 'module', code) as ModuleFactory;

describe('createModuleGraph', () => {
  test('resolves relative imports with or without an extension, and index files', () => {
    const graph = createModuleGraph({
      compile,
      modules: {
        'app/main.ts': "module.exports = require('./util').double(require('../lib').base);",
        'app/util.ts': 'exports.double = (n) => n * 2;',
        'lib/index.ts': 'exports.base = 21;',
      },
    });
    expect(graph.require('app/main.ts')).toBe(42);
  });

  test('evaluates each module once', () => {
    const graph = createModuleGraph({
      compile,
      modules: { 'a.ts': "require('./c'); require('./c');", 'c.ts': 'globalThis.__loads = (globalThis.__loads ?? 0) + 1;' },
    });
    graph.require('a.ts');
    expect((globalThis as { __loads?: number }).__loads).toBe(1);
    delete (globalThis as { __loads?: number }).__loads;
  });

  test('remembers a module that threw and throws the same error again without re-running it', () => {
    let runs = 0;
    const graph = createModuleGraph({
      compile: (code) => {
        runs += 1;
        return compile(code);
      },
      modules: { 'bad.ts': 'throw new Error("load failure");' },
    });
    expect(() => graph.require('bad.ts')).toThrow('load failure');
    expect(() => graph.require('bad.ts')).toThrow('load failure');
    expect(runs).toBe(1);
  });

  test('refuses bare package names', () => {
    const graph = createModuleGraph({ compile, modules: { 'a.ts': "require('fs');" } });
    expect(() => graph.require('a.ts')).toThrow(ModuleImportError);
    expect(() => graph.require('a.ts')).toThrow('"fs" cannot be imported');
  });

  test('refuses an import the policy forbids, with the policy sentence', () => {
    const graph = createModuleGraph({
      compile,
      modules: { 'learner/a.ts': "require('../harness/index');", 'harness/index.ts': '' },
      checkImport: (from, to) => (from.startsWith('learner/') && !to.startsWith('learner/') ? `no access to ${to}` : undefined),
    });
    expect(() => graph.require('learner/a.ts')).toThrow('no access to harness/index.ts');
  });

  test('names a missing file', () => {
    const graph = createModuleGraph({ compile, modules: { 'a.ts': "require('./missing');" } });
    expect(() => graph.require('a.ts')).toThrow('"./missing" (imported by a.ts) is not a file of this exercise.');
  });
});

describe('joinPath', () => {
  test('resolves dot segments', () => {
    expect(joinPath('exercise/tests', '../start/./bulkhead')).toBe('exercise/start/bulkhead');
  });

  test('refuses to climb above the root', () => {
    expect(() => joinPath('a', '../../etc/passwd')).toThrow(ModuleImportError);
  });
});
