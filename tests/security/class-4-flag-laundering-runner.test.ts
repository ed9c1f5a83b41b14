/**
 * Class 4 (the runner's half; the gradebook's half is in flag-laundering.test.ts): breaking
 * Promise.prototype.then used to make a run end by timeout, and the timeout replaced the recorded
 * tampering. Now the attempt itself throws while the code loads, and a forged message is recorded
 * even after a timeout (run-core's RunCollector keeps tampering over any other stop).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { RunResult } from '../../src/runners/types';
import * as attack from './attacks';
import { expectFailed, gradeBulkhead, wrongBulkheadBaseline } from './grade-attack';

describe('class 4: hiding an attack behind a timeout', () => {
  let baseline: RunResult;
  beforeAll(async () => {
    baseline = await wrongBulkheadBaseline();
  }, 30_000);

  test('breaking Promise.prototype.then ends as a failed load, not a timeout to excuse', async () => {
    const result = await gradeBulkhead(attack.BREAK_PROMISE_THEN);
    expectFailed(result, baseline);
    expect(result.error?.kind).toBe('load');
    expect(result.error?.message).toMatch(/read[- ]only|Cannot assign/i);
  }, 30_000);
});
