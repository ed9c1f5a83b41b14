/**
 * Class 1: forged results through a shared prototype. Before: wrapping Pipe.prototype.writeUtf8String
 * (reached through process.stdout._handle) rewrote every outgoing result after the secret was
 * attached, and a wrong answer scored 15 of 15. Now learner code has no process to reach it from.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { RunResult } from '../../src/runners/types';
import * as attack from './attacks';
import { expectFailed, gradeBulkhead, wrongBulkheadBaseline } from './grade-attack';

describe('class 1: forging results on the way out', () => {
  let baseline: RunResult;
  beforeAll(async () => {
    baseline = await wrongBulkheadBaseline();
  }, 30_000);

  test('the wrong answer alone fails (the baseline the attack is held to)', () => {
    expect(baseline.ok).toBe(false);
    expect(baseline.summary.failed).toBeGreaterThan(0);
  });

  test('wrapping the pipe prototype to rewrite results', async () => {
    const result = await gradeBulkhead(attack.FORGE_THROUGH_PIPE);
    expectFailed(result, baseline);
    expect(result.summary.passed).toBe(0);
  }, 30_000);

  test('printing a result line of its own is only output', async () => {
    const forged = `console.log(JSON.stringify({ type: 'done', secret: 'guess' }));\n${attack.WRONG_BULKHEAD}`;
    const result = await gradeBulkhead(forged);
    expectFailed(result, baseline);
  }, 30_000);
});
