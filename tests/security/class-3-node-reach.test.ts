/**
 * Class 3: learner code reaching Node. Before: process.mainModule.require gave fs (the hidden test
 * modules were readable in the run folder), v8.getHeapSnapshot (every run secret is in the heap)
 * and net/fetch (Node's permission model does not cover the network). Now learner code runs in a
 * compartment with no process, require, fetch or import(), and the tests never touch the disk.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunResult } from '../../src/runners/types';
import * as attack from './attacks';
import { expectFailed, gradeBulkhead, listen, wrongBulkheadBaseline } from './grade-attack';

describe('class 3: reaching Node from learner code', () => {
  let baseline: RunResult;
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen();
    baseline = await wrongBulkheadBaseline();
  }, 30_000);
  afterAll(async () => {
    await server.close();
  });

  test('reading the hidden tests from disk', async () => {
    const result = await gradeBulkhead(attack.READ_HIDDEN_TESTS);
    expectFailed(result, baseline);
    expect(result.output).not.toContain('STOLEN:');
    expect(result.output).not.toMatch(/edge cases|random schedules/);
  }, 30_000);

  test('taking a heap snapshot to find the run secrets', async () => {
    const result = await gradeBulkhead(attack.HEAP_SNAPSHOT);
    expectFailed(result, baseline);
    expect(result.output).not.toContain('SECRETS:');
  }, 30_000);

  test('connecting out with net and fetch', async () => {
    const result = await gradeBulkhead(attack.networkAttack(server.port));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expectFailed(result, baseline);
    expect(server.connections).toEqual([]);
  }, 30_000);

  test('dynamic import through the Function constructor is refused before the code runs', async () => {
    const result = await gradeBulkhead(attack.dynamicImportAttack(server.port));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expectFailed(result, baseline);
    expect(server.connections).toEqual([]);
    expect(result.error?.message).toMatch(/contains "import\(", which graded code may not use/);
  }, 30_000);

  test('the only globals are the ones an exercise needs', async () => {
    const probe = `console.log(JSON.stringify(['process', 'require', 'module', 'fetch', 'importScripts', 'postMessage', 'Buffer', 'global', 'setImmediate', 'WebAssembly', 'SharedArrayBuffer', 'Atomics'].filter((name) => typeof (globalThis as Record<string, unknown>)[name] !== 'undefined')));\n${attack.WRONG_BULKHEAD}`;
    const result = await gradeBulkhead(probe);
    expect(result.output.split('\n')[0]).toBe('[]');
  }, 30_000);
});
