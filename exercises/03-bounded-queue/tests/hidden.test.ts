import { createClock, createTask, describe, expect, flushMicrotasks, forEachSeed, test, track, type ControlledTask } from '../../_harness';
import { BulkheadRejectedError, QueuedBulkhead, QueueTimeoutError } from '../start/queued-bulkhead';

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

describe('QueuedBulkhead (fairness)', () => {
  test('a newcomer arriving as a permit is handed over queues behind the waiter', async () => {
    const clock = createClock();
    const bulkhead = new QueuedBulkhead({ limit: 1, queueSize: 2, maxWaitMs: 1000, clock });
    const order: string[] = [];
    const first = createTask();
    const waiter = createTask();
    const newcomer = createTask();
    const firstRun = bulkhead.run(() => (order.push('first'), first.fn()));
    const waiterRun = outcome(bulkhead.run(() => (order.push('waiter'), waiter.fn())));
    // The newcomer is submitted the moment the first call's result is delivered.
    const newcomerRun = firstRun.then(() => outcome(bulkhead.run(() => (order.push('newcomer'), newcomer.fn()))));
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
    const bulkhead = new QueuedBulkhead({ limit: 1, queueSize: 2, maxWaitMs: 100, clock });
    const running = createTask();
    const early = createTask();
    const late = createTask();
    const runs: Array<Outcome<void> | undefined> = [undefined, undefined, undefined];
    void outcome(bulkhead.run(running.fn)).then((result) => (runs[0] = result));
    void outcome(bulkhead.run(early.fn)).then((result) => (runs[1] = result));
    await clock.advance(50);
    void outcome(bulkhead.run(late.fn)).then((result) => (runs[2] = result));
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
    const bulkhead = new QueuedBulkhead({ limit: 1, queueSize: 2, maxWaitMs: 100, clock });
    const running = createTask();
    const results: Array<Outcome<void> | undefined> = [undefined, undefined];
    const first = outcome(bulkhead.run(running.fn));
    void outcome(bulkhead.run(createTask().fn)).then((result) => (results[0] = result));
    await clock.advance(50);
    void outcome(bulkhead.run(createTask().fn)).then((result) => (results[1] = result));
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
    const bulkhead = new QueuedBulkhead({ limit: 1, queueSize: 1, maxWaitMs: 10, clock });
    const running = createTask();
    const first = outcome(bulkhead.run(running.fn));
    const waiting = outcome(bulkhead.run(createTask().fn));
    const full = track(bulkhead.run(createTask().fn));
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
    const bulkhead = new QueuedBulkhead({ limit: 1, queueSize: 1, maxWaitMs: 100, clock });
    const controller = new AbortController();
    const task = createTask<string>();
    const run = outcome(bulkhead.run(task.fn, { signal: controller.signal }));
    await flushMicrotasks();
    controller.abort(new Error('late abort'));
    task.resolve('finished');
    expect(await run, 'the call').toEqual({ ok: true, value: 'finished' });
    expect(bulkhead.active, 'active').toBe(0);
  });

  test('with queueSize 0 it fails fast', async () => {
    const clock = createClock();
    const bulkhead = new QueuedBulkhead({ limit: 1, queueSize: 0, maxWaitMs: 100, clock });
    const running = createTask();
    const first = outcome(bulkhead.run(running.fn));
    const second = track(bulkhead.run(createTask().fn));
    await flushMicrotasks();
    expect(second.rejection, 'the second call').toBeInstanceOf(BulkheadRejectedError);
    running.resolve();
    await first;
  });

  test('hands the permit on after a synchronous throw of a non-Error value', async () => {
    const clock = createClock();
    const bulkhead = new QueuedBulkhead({ limit: 1, queueSize: 1, maxWaitMs: 100, clock });
    const gate = createTask();
    const thrower = bulkhead.run(async () => {
      await gate.fn();
      throw 'plain string';
    });
    const next = createTask();
    const nextRun = outcome(bulkhead.run(next.fn));
    gate.resolve();
    expect(errorOf(await outcome(thrower)), 'the throwing call').toBe('plain string');
    await flushMicrotasks();
    expect(next.started, 'the waiter started').toBe(true);
    next.resolve();
    await nextRun;
    expect(bulkhead.active, 'active').toBe(0);
  });
});

describe('QueuedBulkhead (random schedules)', () => {
  test('respects the limits, serves waiters in order and never starts a call that left the queue', async () => {
    await forEachSeed(40, async (random) => {
      const clock = createClock();
      const limit = random.int(1, 3);
      const queueSize = random.int(0, 3);
      const maxWaitMs = random.int(1, 5) * 10;
      const bulkhead = new QueuedBulkhead({ limit, queueSize, maxWaitMs, clock });
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
            bulkhead.run(
              () => {
                call.startedAt = clock.now();
                startOrder.push(call.id);
                running += 1;
                maxRunning = Math.max(maxRunning, running);
                return task.fn().finally(() => {
                  running -= 1;
                });
              },
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
