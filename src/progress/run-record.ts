/** Turning a runner's result into the compact record the progress store keeps. */
import type { RunResult } from '../runners/types';
import type { ExerciseRunRecord } from './schema';

/** The store's record of `result`, dated `at`; test names are cut to 500 characters and the list to 1 000 tests. */
export function runRecordFrom(result: RunResult, at: Date): ExerciseRunRecord {
  return {
    at: at.toISOString(),
    runner: result.runner,
    ok: result.ok,
    summary: { total: result.summary.total, passed: result.summary.passed, failed: result.summary.failed, timedOut: result.summary.timedOut },
    tests: result.tests.slice(0, 1_000).map((test) => ({ name: test.name.slice(0, 500), suite: test.suite, status: test.status })),
  };
}
