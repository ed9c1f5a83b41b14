/**
 * Class 2: intrinsics the old realm check did not watch. Before: with RegExp[Symbol.hasInstance]
 * always true, the harness's deepEqual compared plain objects by their strings, so `{}` equalled
 * every expected split; Date.prototype.getTime likewise. Now every intrinsic is frozen by SES
 * lockdown before any learner code runs, so defining either throws while the code loads.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { ExerciseBundle, RunResult } from '../../src/runners/types';
import * as attack from './attacks';
import { exercise, expectFailed, grade } from './grade-attack';

describe('class 2: redefining intrinsics the harness relies on', () => {
  let bundle: ExerciseBundle;
  let baseline: RunResult;
  beforeAll(async () => {
    bundle = await exercise('01-partition-pool');
    baseline = await grade(bundle, 'partition.ts', 'export function partitionPool(): Record<string, number> { return {}; }');
  }, 30_000);

  test.each([
    ['RegExp[Symbol.hasInstance]', attack.REGEXP_HAS_INSTANCE],
    ['Date.prototype.getTime', attack.DATE_GET_TIME],
    ['Promise.prototype.then', attack.BREAK_PROMISE_THEN.replace(/export class[\s\S]*/, '') + 'export function partitionPool(): Record<string, number> { return {}; }'],
    ['Object.prototype.toJSON', "(Object.prototype as Record<string, unknown>).toJSON = () => ({});\nexport function partitionPool(): Record<string, number> { return {}; }"],
    ['Array.prototype[Symbol.iterator]', 'Array.prototype[Symbol.iterator] = function* () {} as never;\nexport function partitionPool(): Record<string, number> { return {}; }'],
  ])('redefining %s fails while the code loads', async (_name, source) => {
    const result = await grade(bundle, 'partition.ts', source);
    expectFailed(result, baseline);
    expect(result.error?.kind).toBe('load');
    expect(result.error?.message).toMatch(/read[- ]only|not extensible|Cannot (assign|add|define|redefine)/i);
  }, 30_000);
});
