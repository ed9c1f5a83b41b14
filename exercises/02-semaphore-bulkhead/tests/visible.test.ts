import { createTask, describe, expect, flushMicrotasks, test } from '../../_harness';
import { Bulkhead, BulkheadRejectedError } from '../start/bulkhead';

/** Turns a settled promise into a value to inspect, so no rejection goes unhandled. */
function outcome<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

describe('Bulkhead', () => {
  test('runs a call and resolves with its result', async () => {
    const bulkhead = new Bulkhead(1);
    await expect(bulkhead.run(async () => 42)).resolves.toBe(42);
  });

  test('lets up to limit calls run at once', async () => {
    const bulkhead = new Bulkhead(2);
    const first = createTask();
    const second = createTask();
    const runs = [outcome(bulkhead.run(first.fn)), outcome(bulkhead.run(second.fn))];
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
    const bulkhead = new Bulkhead(1);
    const holder = createTask();
    const held = outcome(bulkhead.run(holder.fn));
    const extra = createTask();
    const attempt = outcome(bulkhead.run(extra.fn));
    await flushMicrotasks();
    expect(extra.started, 'a call beyond the limit must not start').toBe(false);
    const result = await attempt;
    expect(result.ok ? 'resolved' : result.error, 'the call beyond the limit').toBeInstanceOf(BulkheadRejectedError);
    holder.resolve();
    await held;
  });

  test('rejects the rest when ten callers arrive in the same tick', async () => {
    const bulkhead = new Bulkhead(2);
    const tasks = Array.from({ length: 10 }, () => createTask());
    const runs = tasks.map((task) => outcome(bulkhead.run(task.fn)));
    await flushMicrotasks();
    expect(tasks.filter((task) => task.started).length, 'calls started out of ten with limit 2').toBe(2);
    expect(bulkhead.active, 'active').toBe(2);
    for (const task of tasks) task.resolve();
    const settled = await Promise.all(runs);
    const rejected = settled.filter((result) => !result.ok && result.error instanceof BulkheadRejectedError);
    expect(rejected.length, 'calls rejected with BulkheadRejectedError').toBe(8);
  });

  test('frees the permit when a call resolves', async () => {
    const bulkhead = new Bulkhead(1);
    await bulkhead.run(async () => 'done');
    expect(bulkhead.active, 'active after the call resolved').toBe(0);
    expect(bulkhead.available, 'available after the call resolved').toBe(1);
    await expect(bulkhead.run(async () => 'again')).resolves.toBe('again');
  });

  test('frees the permit when a call rejects, and passes the error on', async () => {
    const bulkhead = new Bulkhead(1);
    const failure = new Error('dependency down');
    await expect(bulkhead.run(async () => Promise.reject(failure))).rejects.toBe(failure);
    expect(bulkhead.active, 'active after the call rejected').toBe(0);
    await expect(bulkhead.run(async () => 'recovered')).resolves.toBe('recovered');
  });

  test('throws a RangeError for a limit that is not a positive integer', () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      expect(() => new Bulkhead(limit), `new Bulkhead(${String(limit)})`).toThrow(RangeError);
    }
  });
});
