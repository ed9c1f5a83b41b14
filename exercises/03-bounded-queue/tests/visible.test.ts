import { createClock, createTask, describe, expect, flushMicrotasks, test, track } from '../../_harness';
import { BulkheadRejectedError, QueuedBulkhead, QueueTimeoutError } from '../start/queued-bulkhead';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Turns a promise into its outcome, so no rejection goes unhandled. */
function outcome<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function errorOf(result: Outcome<unknown>): unknown {
  return result.ok ? `resolved with ${String(result.value)}` : result.error;
}

describe('QueuedBulkhead', () => {
  test('runs up to limit calls and queues the next ones', async () => {
    const clock = createClock();
    const bulkhead = new QueuedBulkhead({ limit: 1, queueSize: 2, maxWaitMs: 1000, clock });
    const tasks = [createTask(), createTask(), createTask()];
    const runs = tasks.map((task) => outcome(bulkhead.run(task.fn)));
    await flushMicrotasks();
    expect(tasks.map((task) => task.started), 'which calls started').toEqual([true, false, false]);
    expect(bulkhead.active, 'active').toBe(1);
    expect(bulkhead.queued, 'queued').toBe(2);
    for (const task of tasks) task.resolve();
    await clock.runAll();
    await Promise.all(runs);
  });

  test('starts waiting calls in arrival order', async () => {
    const clock = createClock();
    const bulkhead = new QueuedBulkhead({ limit: 1, queueSize: 3, maxWaitMs: 1000, clock });
    const order: string[] = [];
    const tasks = ['A', 'B', 'C', 'D'].map((label) => {
      const task = createTask();
      return { label, task, run: outcome(bulkhead.run(() => (order.push(label), task.fn()))) };
    });
    for (const { task } of tasks) {
      await flushMicrotasks();
      task.resolve();
    }
    await Promise.all(tasks.map((entry) => entry.run));
    expect(order, 'start order').toEqual(['A', 'B', 'C', 'D']);
  });

  test('rejects with BulkheadRejectedError when the queue is full, without starting the call', async () => {
    const clock = createClock();
    const bulkhead = new QueuedBulkhead({ limit: 1, queueSize: 1, maxWaitMs: 1000, clock });
    const running = createTask();
    const waiting = createTask();
    const extra = createTask();
    const runs = [outcome(bulkhead.run(running.fn)), outcome(bulkhead.run(waiting.fn))];
    const rejected = track(bulkhead.run(extra.fn));
    await flushMicrotasks();
    expect(extra.started, 'a call beyond limit + queueSize must not start').toBe(false);
    expect(rejected.rejection, 'the third call').toBeInstanceOf(BulkheadRejectedError);
    running.resolve();
    waiting.resolve();
    await Promise.all(runs);
  });

  test('rejects a waiter with QueueTimeoutError after maxWaitMs and never starts it', async () => {
    const clock = createClock();
    const bulkhead = new QueuedBulkhead({ limit: 1, queueSize: 1, maxWaitMs: 100, clock });
    const running = createTask();
    const waiting = createTask();
    const first = outcome(bulkhead.run(running.fn));
    let waitResult: Outcome<void> | undefined;
    void outcome(bulkhead.run(waiting.fn)).then((result) => {
      waitResult = result;
    });
    await clock.advance(99);
    expect(waitResult, 'the waiter after 99 ms').toBeUndefined();
    await clock.advance(1);
    expect(waitResult === undefined ? 'still waiting' : errorOf(waitResult), 'the waiter after 100 ms').toBeInstanceOf(QueueTimeoutError);
    expect(bulkhead.queued, 'queued after the timeout').toBe(0);
    running.resolve();
    await first;
    await flushMicrotasks();
    expect(waiting.started, 'a timed-out call must never start').toBe(false);
    expect(bulkhead.active, 'active after everything ended').toBe(0);
  });

  test('removes a waiter whose signal aborts, rejecting with the reason', async () => {
    const clock = createClock();
    const bulkhead = new QueuedBulkhead({ limit: 1, queueSize: 2, maxWaitMs: 1000, clock });
    const running = createTask();
    const waiting = createTask();
    const controller = new AbortController();
    const reason = new Error('user left the page');
    const first = outcome(bulkhead.run(running.fn));
    const second = track(bulkhead.run(waiting.fn, { signal: controller.signal }));
    await flushMicrotasks();
    controller.abort(reason);
    await flushMicrotasks();
    expect(second.rejection, 'the aborted waiter').toBe(reason);
    expect(bulkhead.queued, 'queued after the abort').toBe(0);
    running.resolve();
    await first;
    await flushMicrotasks();
    expect(waiting.started, 'an aborted call must never start').toBe(false);
  });

  test('rejects at once, without starting, when the signal is already aborted', async () => {
    const bulkhead = new QueuedBulkhead({ limit: 1, queueSize: 1, maxWaitMs: 1000, clock: createClock() });
    const controller = new AbortController();
    const reason = new Error('too late');
    controller.abort(reason);
    const task = createTask();
    const call = track(bulkhead.run(task.fn, { signal: controller.signal }));
    await flushMicrotasks();
    expect(task.started, 'the call started').toBe(false);
    expect(call.rejection, 'the call').toBe(reason);
    expect(bulkhead.active, 'active').toBe(0);
  });

  test('hands the permit on when a call fails', async () => {
    const clock = createClock();
    const bulkhead = new QueuedBulkhead({ limit: 1, queueSize: 1, maxWaitMs: 1000, clock });
    const failing = createTask();
    const next = createTask();
    const first = outcome(bulkhead.run(failing.fn));
    const second = outcome(bulkhead.run(next.fn));
    failing.reject(new Error('boom'));
    await first;
    await flushMicrotasks();
    expect(next.started, 'the waiter started after the failure').toBe(true);
    next.resolve();
    await second;
    expect(bulkhead.active, 'active at the end').toBe(0);
  });

  test('throws a RangeError for invalid options', () => {
    const clock = createClock();
    expect(() => new QueuedBulkhead({ limit: 0, queueSize: 1, maxWaitMs: 1, clock }), 'limit 0').toThrow(RangeError);
    expect(() => new QueuedBulkhead({ limit: 1, queueSize: -1, maxWaitMs: 1, clock }), 'queueSize -1').toThrow(RangeError);
    expect(() => new QueuedBulkhead({ limit: 1, queueSize: 1.5, maxWaitMs: 1, clock }), 'queueSize 1.5').toThrow(RangeError);
    expect(() => new QueuedBulkhead({ limit: 1, queueSize: 1, maxWaitMs: -5, clock }), 'maxWaitMs -5').toThrow(RangeError);
    expect(() => new QueuedBulkhead({ limit: 1, queueSize: 1, maxWaitMs: Number.POSITIVE_INFINITY, clock }), 'maxWaitMs Infinity').toThrow(RangeError);
  });
});
