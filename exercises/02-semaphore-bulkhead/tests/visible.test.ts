import { createTask, describe, during, expect, flushMicrotasks, test } from '../../_harness';
import { Bulkhead, BulkheadRejectedError } from '../start/bulkhead';

/** Turns a settled promise into a value to inspect, so no rejection goes unhandled. */
function outcome<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** Creates a bulkhead, naming the step if the constructor throws for a valid limit. */
function createBulkhead(limit: number): Bulkhead {
  return during(`creating new Bulkhead(${limit})`, () => new Bulkhead(limit));
}

/**
 * Calls run() and returns its promise. A synchronous throw from run() itself is reported as
 * such; a rejection of the returned promise is left to the test.
 */
function callRun<T>(bulkhead: Bulkhead, fn: () => Promise<T> | T, step: string): Promise<T> {
  let promise: Promise<T> | undefined;
  during(`${step} (run() must return a promise, never throw)`, () => {
    promise = bulkhead.run(fn);
  });
  return promise as Promise<T>;
}

describe('Bulkhead', () => {
  test('runs a call and resolves with its result', async () => {
    const bulkhead = createBulkhead(1);
    await expect(bulkhead.run(async () => 42), 'run(async () => 42)').resolves.toBe(42);
  });

  test('lets up to limit calls run at once', async () => {
    const bulkhead = createBulkhead(2);
    const first = createTask();
    const second = createTask();
    const runs = [outcome(callRun(bulkhead, first.fn, 'calling run() the 1st time')), outcome(callRun(bulkhead, second.fn, 'calling run() the 2nd time'))];
    await flushMicrotasks();
    expect(first.started, 'first call started').toBe(true);
    expect(second.started, 'second call started').toBe(true);
    expect(bulkhead.active, 'active while two calls run').toBe(2);
    expect(bulkhead.available, 'available while two calls run').toBe(0);
    first.resolve();
    second.resolve();
    await Promise.all(runs);
  });

  test('rejects a call with BulkheadRejectedError when every permit is taken, without starting it', async () => {
    const bulkhead = createBulkhead(1);
    const holder = createTask();
    const held = outcome(callRun(bulkhead, holder.fn, 'calling run() the 1st time'));
    const extra = createTask();
    const attempt = outcome(callRun(bulkhead, extra.fn, 'calling run() the 2nd time, while full'));
    await flushMicrotasks();
    expect(extra.started, 'a call beyond the limit must not start').toBe(false);
    const result = await attempt;
    expect(result.ok ? 'resolved' : result.error, 'the call beyond the limit').toBeInstanceOf(BulkheadRejectedError);
    holder.resolve();
    await held;
  });

  test('rejects the rest when ten callers arrive in the same tick', async () => {
    const bulkhead = createBulkhead(2);
    const tasks = Array.from({ length: 10 }, () => createTask());
    const runs = tasks.map((task, index) => outcome(callRun(bulkhead, task.fn, `calling run() for caller ${index + 1} of 10`)));
    await flushMicrotasks();
    expect(tasks.filter((task) => task.started).length, 'calls started out of ten with limit 2').toBe(2);
    expect(bulkhead.active, 'active').toBe(2);
    for (const task of tasks) task.resolve();
    const settled = await Promise.all(runs);
    const rejected = settled.filter((result) => !result.ok && result.error instanceof BulkheadRejectedError);
    expect(rejected.length, 'calls rejected with BulkheadRejectedError').toBe(8);
  });

  test('frees the permit when a call resolves', async () => {
    const bulkhead = createBulkhead(1);
    await during('awaiting run(async () => "done")', () => bulkhead.run(async () => 'done'));
    expect(bulkhead.active, 'active after the call resolved').toBe(0);
    expect(bulkhead.available, 'available after the call resolved').toBe(1);
    await expect(bulkhead.run(async () => 'again'), 'the next call').resolves.toBe('again');
  });

  test('frees the permit when a call rejects, and passes the error on', async () => {
    const bulkhead = createBulkhead(1);
    const failure = new Error('dependency down');
    await expect(bulkhead.run(async () => Promise.reject(failure)), 'a call that rejects').rejects.toBe(failure);
    expect(bulkhead.active, 'active after the call rejected').toBe(0);
    await expect(bulkhead.run(async () => 'recovered'), 'the next call').resolves.toBe('recovered');
  });

  test('frees the permit when fn throws synchronously, even a value that is not an Error', async () => {
    const bulkhead = createBulkhead(1);
    const failure = new TypeError('bad input');
    const throwsError = (): never => {
      throw failure;
    };
    await expect(callRun(bulkhead, throwsError, 'calling run() with a fn that throws an Error synchronously'), 'run() with a fn that throws synchronously').rejects.toBe(failure);
    expect(bulkhead.active, 'active after a synchronous throw').toBe(0);
    const throwsString = (): never => {
      throw 'boom';
    };
    await expect(callRun(bulkhead, throwsString, 'calling run() with a fn that throws "boom" synchronously'), 'run() with a fn that throws "boom"').rejects.toBe('boom');
    expect(bulkhead.active, 'active after a synchronous throw of "boom"').toBe(0);
    await expect(bulkhead.run(async () => 'next'), 'the next call (is the one permit free?)').resolves.toBe('next');
  });

  test('throws a RangeError for a limit that is not a positive integer', () => {
    for (const limit of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new Bulkhead(limit), `new Bulkhead(${String(limit)})`).toThrow(RangeError);
    }
    expect(() => new Bulkhead(0), 'the message for new Bulkhead(0) (it should name limit)').toThrow('limit');
  });
});
