import { createClock, createTask, describe, during, expect, flushMicrotasks, test, track, type VirtualClock } from '../../_harness';
import { BulkheadRejectedError, QueuedBulkhead, QueueTimeoutError, type RunOptions } from '../start/queued-bulkhead';

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

/** Creates a bulkhead, naming the step if the constructor throws for valid options. */
function createBulkhead(limit: number, queueSize: number, maxWaitMs: number, clock: VirtualClock): QueuedBulkhead {
  return during(`creating new QueuedBulkhead({ limit: ${limit}, queueSize: ${queueSize}, maxWaitMs: ${maxWaitMs}, clock })`, () => new QueuedBulkhead({ limit, queueSize, maxWaitMs, clock }));
}

/** Calls run() and returns its promise; a synchronous throw from run() itself is named. */
function callRun<T>(bulkhead: QueuedBulkhead, fn: () => Promise<T> | T, step: string, options?: RunOptions): Promise<T> {
  let promise: Promise<T> | undefined;
  during(`${step} (run() must return a promise, never throw)`, () => {
    promise = bulkhead.run(fn, options);
  });
  return promise as Promise<T>;
}

describe('QueuedBulkhead', () => {
  test('runs up to limit calls and queues the next ones', async () => {
    const clock = createClock();
    const bulkhead = createBulkhead(1, 2, 1000, clock);
    const tasks = [createTask(), createTask(), createTask()];
    const runs = tasks.map((task, index) => outcome(callRun(bulkhead, task.fn, `calling run() for call ${index + 1} of 3`)));
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
    const bulkhead = createBulkhead(1, 3, 1000, clock);
    const order: string[] = [];
    const tasks = ['A', 'B', 'C', 'D'].map((label) => {
      const task = createTask();
      return { label, task, run: outcome(callRun(bulkhead, () => (order.push(label), task.fn()), `calling run() for call ${label}`)) };
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
    const bulkhead = createBulkhead(1, 1, 1000, clock);
    const running = createTask();
    const waiting = createTask();
    const extra = createTask();
    const runs = [outcome(callRun(bulkhead, running.fn, 'calling run() for the running call')), outcome(callRun(bulkhead, waiting.fn, 'calling run() for the waiter'))];
    const rejected = track(callRun(bulkhead, extra.fn, 'calling run() with the permit taken and the queue full'));
    await flushMicrotasks();
    expect(extra.started, 'a call beyond limit + queueSize must not start').toBe(false);
    expect(rejected.rejection, 'the third call').toBeInstanceOf(BulkheadRejectedError);
    running.resolve();
    waiting.resolve();
    await Promise.all(runs);
  });

  test('rejects a waiter with QueueTimeoutError after maxWaitMs and never starts it', async () => {
    const clock = createClock();
    const bulkhead = createBulkhead(1, 1, 100, clock);
    const running = createTask();
    const waiting = createTask();
    const first = outcome(callRun(bulkhead, running.fn, 'calling run() for the running call'));
    let waitResult: Outcome<void> | undefined;
    void outcome(callRun(bulkhead, waiting.fn, 'calling run() for the waiter')).then((result) => {
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
    const bulkhead = createBulkhead(1, 2, 1000, clock);
    const running = createTask();
    const waiting = createTask();
    const controller = new AbortController();
    const reason = new Error('user left the page');
    const first = outcome(callRun(bulkhead, running.fn, 'calling run() for the running call'));
    const second = track(callRun(bulkhead, waiting.fn, 'calling run() for the waiter with a signal', { signal: controller.signal }));
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
    const bulkhead = createBulkhead(1, 1, 1000, createClock());
    const controller = new AbortController();
    const reason = new Error('too late');
    controller.abort(reason);
    const task = createTask();
    const call = track(callRun(bulkhead, task.fn, 'calling run() with an aborted signal', { signal: controller.signal }));
    await flushMicrotasks();
    expect(task.started, 'the call started').toBe(false);
    expect(call.rejection, 'the call').toBe(reason);
    expect(bulkhead.active, 'active').toBe(0);
  });

  test('hands the permit on when a call fails', async () => {
    const clock = createClock();
    const bulkhead = createBulkhead(1, 1, 1000, clock);
    const failing = createTask();
    const next = createTask();
    const first = outcome(callRun(bulkhead, failing.fn, 'calling run() for the call that will fail'));
    const second = outcome(callRun(bulkhead, next.fn, 'calling run() for the waiter'));
    failing.reject(new Error('boom'));
    await first;
    await flushMicrotasks();
    expect(next.started, 'the waiter started after the failure').toBe(true);
    next.resolve();
    await second;
    expect(bulkhead.active, 'active at the end').toBe(0);
  });

  test('maxWaitMs 0 is a real zero: a call that has to wait times out instead of waiting forever', async () => {
    const clock = createClock();
    const bulkhead = createBulkhead(1, 1, 0, clock);
    const running = createTask();
    const first = outcome(callRun(bulkhead, running.fn, 'calling run() on a free permit'));
    const waiting = createTask();
    const second = track(callRun(bulkhead, waiting.fn, 'calling run() with the permit taken'));
    await clock.advance(0);
    expect(second.rejection, 'the call that found the permit taken, once 0 ms have passed').toBeInstanceOf(QueueTimeoutError);
    expect(bulkhead.queued, 'queued once 0 ms have passed').toBe(0);
    running.resolve();
    await first;
    await flushMicrotasks();
    expect(waiting.started, 'the timed-out call never starts').toBe(false);
    const free = createTask<string>();
    const freeRun = outcome(callRun(bulkhead, free.fn, 'calling run() on a free permit again'));
    await flushMicrotasks();
    expect(free.started, 'a call that finds a free permit still starts at once').toBe(true);
    free.resolve('done');
    expect(await freeRun, 'that call').toEqual({ ok: true, value: 'done' });
  });

  test('hands the permit on when fn throws synchronously, even a value that is not an Error', async () => {
    const clock = createClock();
    const bulkhead = createBulkhead(1, 2, 1000, clock);
    const failure = new Error('synchronous failure');
    const direct = track(
      callRun(
        bulkhead,
        () => {
          throw failure;
        },
        'calling run() with a fn that throws synchronously, on a free permit',
      ),
    );
    await flushMicrotasks();
    expect(direct.rejection, 'the call whose fn threw').toBe(failure);
    expect(bulkhead.active, 'active after the synchronous throw').toBe(0);
    const holder = createTask();
    const held = track(callRun(bulkhead, holder.fn, 'calling run() for the call that holds the permit'));
    const thrower = track(
      callRun(
        bulkhead,
        () => {
          throw 'plain string';
        },
        'calling run() for a waiter whose fn throws "plain string" synchronously',
      ),
    );
    const next = createTask();
    const nextRun = track(callRun(bulkhead, next.fn, 'calling run() for a second waiter'));
    await flushMicrotasks();
    expect(bulkhead.queued, 'waiters behind the holder').toBe(2);
    holder.resolve();
    await flushMicrotasks();
    expect(held.state, 'the holder').toBe('fulfilled');
    expect(thrower.rejection, 'the waiter whose fn threw "plain string" when it got the permit').toBe('plain string');
    expect(next.started, 'the second waiter started: the permit was handed on past the throw').toBe(true);
    next.resolve();
    await flushMicrotasks();
    expect(nextRun.state, 'the second waiter').toBe('fulfilled');
    expect(bulkhead.active, 'active at the end').toBe(0);
  });

  test('throws a RangeError for invalid options', () => {
    const clock = createClock();
    const cases: Array<[string, { limit: number; queueSize: number; maxWaitMs: number }]> = [
      ['limit 0', { limit: 0, queueSize: 1, maxWaitMs: 1 }],
      ['limit 1.5', { limit: 1.5, queueSize: 1, maxWaitMs: 1 }],
      ['limit NaN', { limit: Number.NaN, queueSize: 1, maxWaitMs: 1 }],
      ['queueSize -1', { limit: 1, queueSize: -1, maxWaitMs: 1 }],
      ['queueSize 1.5', { limit: 1, queueSize: 1.5, maxWaitMs: 1 }],
      ['maxWaitMs -5', { limit: 1, queueSize: 1, maxWaitMs: -5 }],
      ['maxWaitMs NaN', { limit: 1, queueSize: 1, maxWaitMs: Number.NaN }],
      ['maxWaitMs Infinity', { limit: 1, queueSize: 1, maxWaitMs: Number.POSITIVE_INFINITY }],
    ];
    for (const [label, options] of cases) {
      expect(() => new QueuedBulkhead({ ...options, clock }), label).toThrow(RangeError);
      const option = label.split(' ')[0] ?? '';
      expect(() => new QueuedBulkhead({ ...options, clock }), `the message for ${label} (it should name ${option})`).toThrow(option);
    }
  });
});
