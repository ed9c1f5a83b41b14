import { createClock, createTask, describe, during, expect, flushMicrotasks, forEachSeed, test, track, type ControlledTask, type VirtualClock } from '../../_harness';
import { BulkheadRejectedError, QueuedBulkhead, QueueTimeoutError, systemClock, type RunOptions } from '../start/queued-bulkhead';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

function outcome<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function errorOf(result: Outcome<unknown> | undefined): unknown {
  if (result === undefined) return 'still pending';
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

describe('QueuedBulkhead (fairness)', () => {
  test('a newcomer arriving as a permit is handed over queues behind the waiter', async () => {
    const clock = createClock();
    const bulkhead = createBulkhead(1, 2, 1000, clock);
    const order: string[] = [];
    const first = createTask();
    const waiter = createTask();
    const newcomer = createTask();
    const firstRun = callRun(bulkhead, () => (order.push('first'), first.fn()), 'calling run() for the first call');
    const waiterRun = outcome(callRun(bulkhead, () => (order.push('waiter'), waiter.fn()), 'calling run() for the waiter'));
    // The newcomer is submitted the moment the first call's result is delivered.
    const newcomerRun = firstRun.then(() => outcome(callRun(bulkhead, () => (order.push('newcomer'), newcomer.fn()), 'calling run() for the newcomer, during the handover')));
    first.resolve();
    await firstRun;
    await flushMicrotasks();
    expect(order, 'start order so far').toEqual(['first', 'waiter']);
    waiter.resolve();
    await waiterRun;
    await flushMicrotasks();
    newcomer.resolve();
    await newcomerRun;
    expect(order, 'start order').toEqual(['first', 'waiter', 'newcomer']);
  });

  test('a waiter that got its permit is not timed out later, and the others keep their places', async () => {
    const clock = createClock();
    const bulkhead = createBulkhead(1, 2, 100, clock);
    const running = createTask();
    const early = createTask();
    const late = createTask();
    const runs: Array<Outcome<void> | undefined> = [undefined, undefined, undefined];
    void outcome(callRun(bulkhead, running.fn, 'calling run() for the running call')).then((result) => (runs[0] = result));
    void outcome(callRun(bulkhead, early.fn, 'calling run() for the first waiter')).then((result) => (runs[1] = result));
    await clock.advance(50);
    void outcome(callRun(bulkhead, late.fn, 'calling run() for the second waiter, at 50 ms')).then((result) => (runs[2] = result));
    await clock.advance(10);
    running.resolve();
    await flushMicrotasks();
    expect(early.started, 'the first waiter started at 60 ms').toBe(true);
    await clock.advance(60);
    expect(bulkhead.queued, 'queued at 120 ms').toBe(1);
    expect(runs[2], 'the second waiter at 120 ms').toBeUndefined();
    early.resolve();
    await flushMicrotasks();
    expect(late.started, 'the second waiter started').toBe(true);
    late.resolve();
    await clock.runAll();
    expect(runs.map((result) => result?.ok), 'outcomes').toEqual([true, true, true]);
  });

  test('each waiter has its own deadline, counted from when it joined the queue', async () => {
    const clock = createClock();
    const bulkhead = createBulkhead(1, 2, 100, clock);
    const running = createTask();
    const results: Array<Outcome<void> | undefined> = [undefined, undefined];
    const first = outcome(callRun(bulkhead, running.fn, 'calling run() for the running call'));
    void outcome(callRun(bulkhead, createTask().fn, 'calling run() for the first waiter')).then((result) => (results[0] = result));
    await clock.advance(50);
    void outcome(callRun(bulkhead, createTask().fn, 'calling run() for the second waiter, at 50 ms')).then((result) => (results[1] = result));
    await clock.advance(50);
    expect(errorOf(results[0]), 'the first waiter at 100 ms').toBeInstanceOf(QueueTimeoutError);
    expect(results[1], 'the second waiter at 100 ms').toBeUndefined();
    await clock.advance(49);
    expect(results[1], 'the second waiter at 149 ms').toBeUndefined();
    await clock.advance(1);
    expect(errorOf(results[1]), 'the second waiter at 150 ms').toBeInstanceOf(QueueTimeoutError);
    running.resolve();
    await first;
  });

  test('keeps a timeout distinct from a full queue', async () => {
    const clock = createClock();
    const bulkhead = createBulkhead(1, 1, 10, clock);
    const running = createTask();
    const first = outcome(callRun(bulkhead, running.fn, 'calling run() for the running call'));
    const waiting = outcome(callRun(bulkhead, createTask().fn, 'calling run() for the waiter'));
    const full = track(callRun(bulkhead, createTask().fn, 'calling run() with the queue full'));
    await flushMicrotasks();
    expect(full.rejection, 'queue full').toBeInstanceOf(BulkheadRejectedError);
    expect(full.rejection instanceof QueueTimeoutError, 'queue full is not a timeout').toBe(false);
    await clock.advance(10);
    const timedOut = track(waiting.then((result) => (result.ok ? Promise.resolve(result.value) : Promise.reject(result.error))));
    await flushMicrotasks();
    expect(timedOut.rejection, 'timed out').toBeInstanceOf(QueueTimeoutError);
    expect(timedOut.rejection instanceof BulkheadRejectedError, 'a timeout is not a full queue').toBe(false);
    running.resolve();
    await first;
  });

  test('an abort after the call started changes nothing', async () => {
    const clock = createClock();
    const bulkhead = createBulkhead(1, 1, 100, clock);
    const controller = new AbortController();
    const task = createTask<string>();
    const run = outcome(callRun(bulkhead, task.fn, 'calling run() with a signal, on a free permit', { signal: controller.signal }));
    await flushMicrotasks();
    controller.abort(new Error('late abort'));
    task.resolve('finished');
    expect(await run, 'the call').toEqual({ ok: true, value: 'finished' });
    expect(bulkhead.active, 'active').toBe(0);
  });

  test('with queueSize 0 it fails fast', async () => {
    const clock = createClock();
    const bulkhead = createBulkhead(1, 0, 100, clock);
    const running = createTask();
    const first = outcome(callRun(bulkhead, running.fn, 'calling run() on a free permit'));
    const second = track(callRun(bulkhead, createTask().fn, 'calling run() with the permit taken and queueSize 0'));
    await flushMicrotasks();
    expect(second.rejection, 'the second call').toBeInstanceOf(BulkheadRejectedError);
    running.resolve();
    await first;
  });

  test('hands the permit on after a synchronous throw of a non-Error value by a waiter', async () => {
    const clock = createClock();
    const bulkhead = createBulkhead(1, 2, 100, clock);
    const gate = createTask();
    const holder = track(callRun(bulkhead, gate.fn, 'calling run() for the call that holds the permit'));
    const thrower = track(
      callRun(
        bulkhead,
        () => {
          throw 42;
        },
        'calling run() for a waiter whose fn throws 42 synchronously',
      ),
    );
    const next = createTask();
    const nextRun = track(callRun(bulkhead, next.fn, 'calling run() for a second waiter'));
    gate.resolve();
    await flushMicrotasks();
    expect(holder.state, 'the holder').toBe('fulfilled');
    expect(thrower.rejection, 'the waiter whose fn threw 42').toBe(42);
    expect(next.started, 'the second waiter started').toBe(true);
    next.resolve();
    await flushMicrotasks();
    expect(nextRun.state, 'the second waiter').toBe('fulfilled');
    expect(bulkhead.active, 'active').toBe(0);
    const after = createTask();
    const afterRun = track(callRun(bulkhead, after.fn, 'calling run() once everything ended'));
    await flushMicrotasks();
    expect(after.started, 'a later call starts at once: no permit leaked').toBe(true);
    after.resolve();
    await afterRun.promise;
  });

  test('resolves with a plain value that fn returns, on a free permit and after waiting', async () => {
    const clock = createClock();
    const bulkhead = createBulkhead(1, 1, 100, clock);
    const direct = track(callRun(bulkhead, () => 'direct', 'calling run(() => "direct") on a free permit'));
    await flushMicrotasks();
    expect(direct.value, 'run(() => "direct")').toBe('direct');
    const holder = createTask();
    const held = outcome(callRun(bulkhead, holder.fn, 'calling run() for the call that holds the permit'));
    const queued = track(callRun(bulkhead, () => 'after waiting', 'calling run(() => "after waiting") with the permit taken'));
    holder.resolve();
    await held;
    await flushMicrotasks();
    expect(queued.value, 'run(() => "after waiting"), started from the queue').toBe('after waiting');
    expect(bulkhead.active, 'active at the end').toBe(0);
  });

  test('works with no clock given, on real time', async () => {
    const realDelay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    const bulkhead = during('creating new QueuedBulkhead({ limit: 1, queueSize: 1, maxWaitMs: 20 }) with no clock', () => new QueuedBulkhead({ limit: 1, queueSize: 1, maxWaitMs: 20 }));
    const holder = createTask<string>();
    const first = outcome(callRun(bulkhead, holder.fn, 'calling run() on a free permit'));
    const waiter = createTask<string>();
    const second = track(callRun(bulkhead, waiter.fn, 'calling run() with the permit taken'));
    holder.resolve('first');
    expect(await first, 'the first call').toEqual({ ok: true, value: 'first' });
    await flushMicrotasks();
    expect(waiter.started, 'the waiter, started by the handover').toBe(true);
    await realDelay(50);
    expect(second.state, 'the started waiter 50 real ms later (its 20 ms timer must have been cleared)').toBe('pending');
    waiter.resolve('second');
    await flushMicrotasks();
    expect(second.value, 'the started waiter').toBe('second');
    const holder2 = createTask();
    const third = outcome(callRun(bulkhead, holder2.fn, 'calling run() on a free permit again'));
    const late = createTask();
    const fourth = track(callRun(bulkhead, late.fn, 'calling run() with the permit taken again'));
    await realDelay(50);
    expect(fourth.rejection, 'a waiter 50 real ms after joining, with maxWaitMs 20').toBeInstanceOf(QueueTimeoutError);
    holder2.resolve();
    await third;
    expect(late.started, 'the timed-out waiter never starts').toBe(false);
    expect(bulkhead.active, 'active at the end').toBe(0);
  });

  test('an abort after a waiter has started changes nothing', async () => {
    const clock = createClock();
    const bulkhead = createBulkhead(1, 1, 100, clock);
    const holder = createTask();
    const first = outcome(callRun(bulkhead, holder.fn, 'calling run() on a free permit'));
    const controller = new AbortController();
    const waiter = createTask<string>();
    const second = track(callRun(bulkhead, waiter.fn, 'calling run() for a waiter with a signal', { signal: controller.signal }));
    holder.resolve();
    await first;
    await flushMicrotasks();
    expect(waiter.started, 'the waiter started').toBe(true);
    controller.abort(new Error('too late'));
    await flushMicrotasks();
    expect(second.state, 'the started waiter right after its signal aborted').toBe('pending');
    waiter.resolve('finished');
    await flushMicrotasks();
    expect(second.value, 'the started waiter').toBe('finished');
    expect(bulkhead.active, 'active').toBe(0);
  });

  test('names its errors and says what happened in their messages', async () => {
    const clock = createClock();
    const bulkhead = createBulkhead(1, 1, 70, clock);
    const holder = createTask();
    const first = outcome(callRun(bulkhead, holder.fn, 'calling run() on a free permit'));
    const waiting = track(callRun(bulkhead, createTask().fn, 'calling run() for the waiter'));
    const full = track(callRun(bulkhead, createTask().fn, 'calling run() with the queue full'));
    await clock.advance(70);
    const fullError = full.rejection as Error;
    expect(fullError, 'the call that found the queue full').toBeInstanceOf(BulkheadRejectedError);
    expect(fullError.name, 'its name').toBe('BulkheadRejectedError');
    expect(fullError.message, 'its message').toMatch(/full/i);
    const timeoutError = waiting.rejection as Error;
    expect(timeoutError, 'the waiter after 70 ms').toBeInstanceOf(QueueTimeoutError);
    expect(timeoutError.name, 'its name').toBe('QueueTimeoutError');
    expect(timeoutError.message, 'its message (it should give maxWaitMs, 70)').toMatch(/\b70\b/);
    holder.resolve();
    await first;
  });

  test('an already-aborted signal wins over a full queue: it rejects with the reason', async () => {
    const clock = createClock();
    const bulkhead = createBulkhead(1, 0, 100, clock);
    const running = createTask();
    const first = outcome(callRun(bulkhead, running.fn, 'calling run() on a free permit'));
    const controller = new AbortController();
    const reason = new Error('caller gone');
    controller.abort(reason);
    const task = createTask();
    const call = track(callRun(bulkhead, task.fn, 'calling run() with an aborted signal while full', { signal: controller.signal }));
    await flushMicrotasks();
    expect(call.rejection, 'a call with an aborted signal on a full bulkhead').toBe(reason);
    expect(task.started, 'that call started').toBe(false);
    running.resolve();
    await first;
  });
});

describe('QueuedBulkhead (random schedules)', () => {
  test('respects the limits, serves waiters in order and never starts a call that left the queue', async () => {
    await forEachSeed(40, async (random) => {
      const clock = createClock();
      const limit = random.int(1, 3);
      const queueSize = random.int(0, 3);
      const maxWaitMs = random.int(1, 5) * 10;
      const bulkhead = createBulkhead(limit, queueSize, maxWaitMs, clock);
      interface Call {
        id: number;
        task: ControlledTask<void>;
        controller: AbortController;
        submittedAt: number;
        startedAt?: number;
        result?: Outcome<void>;
      }
      const calls: Call[] = [];
      const startOrder: number[] = [];
      let running = 0;
      let maxRunning = 0;
      for (let step = 0; step < 40; step += 1) {
        const action = random.int(0, 9);
        if (action < 4) {
          const task = createTask();
          const call: Call = { id: calls.length, task, controller: new AbortController(), submittedAt: clock.now() };
          calls.push(call);
          void outcome(
            callRun(
              bulkhead,
              () => {
                call.startedAt = clock.now();
                startOrder.push(call.id);
                running += 1;
                maxRunning = Math.max(maxRunning, running);
                return task.fn().finally(() => {
                  running -= 1;
                });
              },
              `calling run() for call ${call.id} at step ${step}`,
              { signal: call.controller.signal },
            ),
          ).then((result) => (call.result = result));
        } else if (action < 7) {
          const active = calls.filter((call) => call.startedAt !== undefined && call.result === undefined);
          if (active.length > 0) random.pick(active).task.resolve();
        } else if (action < 9) {
          await clock.advance(random.int(1, 30));
        } else {
          const waiting = calls.filter((call) => call.startedAt === undefined && call.result === undefined);
          if (waiting.length > 0) random.pick(waiting).controller.abort(new Error('aborted'));
        }
        await flushMicrotasks();
        expect(maxRunning, 'most calls running at once').toBeLessThanOrEqual(limit);
        expect(bulkhead.active, 'active').toBe(running);
        expect(bulkhead.queued, 'queued').toBeLessThanOrEqual(queueSize);
      }
      for (let round = 0; round < 50 && calls.some((call) => call.result === undefined); round += 1) {
        for (const call of calls) if (call.startedAt !== undefined) call.task.resolve();
        await clock.advance(maxWaitMs);
      }
      for (const call of calls) {
        expect(call.result === undefined, `call ${call.id} settled`).toBe(false);
        if (call.startedAt !== undefined) {
          expect(call.result?.ok, `call ${call.id}, which started, resolved`).toBe(true);
          expect(call.startedAt - call.submittedAt, `call ${call.id} waited`).toBeLessThanOrEqual(maxWaitMs);
        } else {
          expect(call.result?.ok, `call ${call.id}, which never started, was rejected`).toBe(false);
        }
      }
      const sortedStarts = [...startOrder].sort((left, right) => left - right);
      expect(startOrder, 'calls started in submission order').toEqual(sortedStarts);
      expect(bulkhead.active, 'active at the end').toBe(0);
      expect(bulkhead.queued, 'queued at the end').toBe(0);
    });
  });
});

describe('systemClock (the default clock)', () => {
  test('reads the real time', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(typeof now, 'systemClock.now() gives a number').toBe('number');
    expect(now, 'systemClock.now() is the current time').toBeGreaterThanOrEqual(before);
    expect(now, 'systemClock.now() is the current time').toBeLessThanOrEqual(Date.now());
  });
});
