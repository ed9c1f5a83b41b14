import { createConcurrencyProbe, createTask, describe, during, expect, flushMicrotasks, forEachSeed, test, type ControlledTask } from '../../_harness';
import { Bulkhead, BulkheadRejectedError } from '../start/bulkhead';

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

function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

describe('Bulkhead (edge cases)', () => {
  test('frees the permit when a call rejects with a non-Error value', async () => {
    const bulkhead = new Bulkhead(1);
    await expect(bulkhead.run(() => Promise.reject('plain string')), 'a call rejecting with "plain string"').rejects.toBe('plain string');
    expect(bulkhead.active, 'active after a non-Error rejection').toBe(0);
    await expect(bulkhead.run(async () => 'next'), 'the next call').resolves.toBe('next');
  });

  test('gives back exactly one permit when a call fails while others run', async () => {
    const bulkhead = new Bulkhead(2);
    const holder = createTask();
    const held = settle(callRun(bulkhead, holder.fn, 'calling run() for the call that holds a permit'));
    const thrown = await settle(
      callRun(
        bulkhead,
        () => {
          throw new Error('synchronous failure');
        },
        'calling run() with a fn that throws synchronously',
      ),
    );
    expect(thrown.ok, 'the throwing call rejected').toBe(false);
    expect(bulkhead.active, 'active after the throwing call (the holder still runs)').toBe(1);
    await settle(callRun(bulkhead, () => Promise.reject(new Error('async failure')), 'calling run() with a fn that rejects'));
    expect(bulkhead.active, 'active after the rejecting call (the holder still runs)').toBe(1);
    const second = createTask();
    const third = createTask();
    const secondRun = settle(callRun(bulkhead, second.fn, 'calling run() for a second holder'));
    const thirdRun = settle(callRun(bulkhead, third.fn, 'calling run() while 2 of 2 permits are taken'));
    await flushMicrotasks();
    expect(second.started, 'a second call fits next to the holder').toBe(true);
    expect(third.started, 'a third call must not start: two permits are taken').toBe(false);
    const rejected = await thirdRun;
    expect(rejected.ok ? 'resolved' : rejected.error, 'the third call').toBeInstanceOf(BulkheadRejectedError);
    holder.resolve();
    second.resolve();
    await Promise.all([held, secondRun]);
    expect(bulkhead.active, 'active after every call ended').toBe(0);
  });

  test('resolves with a plain value that fn returns without a promise', async () => {
    const bulkhead = new Bulkhead(1);
    await expect(callRun(bulkhead, () => 'sync', 'calling run(() => "sync")'), 'run(() => "sync"), a plain return value').resolves.toBe('sync');
  });

  test('reports a full bulkhead through the returned promise, never by throwing from run', async () => {
    const bulkhead = new Bulkhead(1);
    const holder = createTask();
    const held = settle(bulkhead.run(holder.fn));
    let returned: Promise<unknown> = Promise.resolve();
    expect(() => {
      returned = bulkhead.run(async () => 'never');
    }, 'run() on a full bulkhead').not.toThrow();
    const result = await settle(returned);
    expect(result.ok ? 'resolved' : result.error, 'the rejection').toBeInstanceOf(BulkheadRejectedError);
    holder.resolve();
    await held;
  });

  test('exposes the limit, a name and a message on the rejection error', async () => {
    const bulkhead = new Bulkhead(3);
    const holders = [createTask(), createTask(), createTask()];
    const runs = holders.map((task, index) => settle(callRun(bulkhead, task.fn, `calling run() for holder ${index + 1} of 3`)));
    const rejected = await settle(callRun(bulkhead, async () => 'x', 'calling run() a 4th time, while full'));
    expect(rejected.ok ? 'resolved' : rejected.error, 'the fourth call with limit 3').toBeInstanceOf(BulkheadRejectedError);
    if (!rejected.ok) {
      const error = rejected.error as BulkheadRejectedError;
      expect(error.limit, 'error.limit').toBe(3);
      expect(error.name, 'error.name').toBe('BulkheadRejectedError');
      expect(error.message, 'error.message (it should give the limit, 3)').toMatch(/\b3\b/);
    }
    for (const task of holders) task.resolve();
    await Promise.all(runs);
  });

  test('keeps counting right after many failures in a row', async () => {
    const bulkhead = new Bulkhead(2);
    for (let round = 0; round < 20; round += 1) {
      await settle(callRun(bulkhead, () => Promise.reject(new Error(`failure ${round}`)), `calling run() for failure ${round + 1} of 20`));
    }
    expect(bulkhead.active, 'active after 20 failures').toBe(0);
    expect(bulkhead.available, 'available after 20 failures').toBe(2);
  });
});

describe('Bulkhead (random schedules)', () => {
  test('never runs more than limit calls, rejects exactly when full, and ends with every permit free', async () => {
    await forEachSeed(60, async (random) => {
      const limit = random.int(1, 4);
      const bulkhead = new Bulkhead(limit);
      const probe = createConcurrencyProbe();
      const open: Array<{ task: ControlledTask<void>; result: Promise<unknown> }> = [];
      let expectedActive = 0;
      for (let step = 0; step < 40; step += 1) {
        if (open.length > 0 && random.chance(0.45)) {
          const index = random.int(0, open.length - 1);
          const [entry] = open.splice(index, 1);
          if (entry === undefined) continue;
          const kind = random.int(0, 2);
          if (kind === 0) entry.task.resolve();
          else if (kind === 1) entry.task.reject(new Error('failed'));
          else entry.task.reject('not an error');
          await entry.result;
          expectedActive -= 1;
          await flushMicrotasks();
        } else {
          const task = createTask();
          const full = expectedActive >= limit;
          const result = settle(callRun(bulkhead, probe.wrap(task.fn), `calling run() at step ${step} with ${expectedActive} of ${limit} permits taken`));
          await flushMicrotasks();
          if (full) {
            expect(task.started, `a call made while ${limit} of ${limit} permits were taken must not start`).toBe(false);
            const settled = await result;
            expect(settled.ok ? 'resolved' : settled.error, 'a call made while full').toBeInstanceOf(BulkheadRejectedError);
          } else {
            expect(task.started, `a call made while ${expectedActive} of ${limit} permits were taken must start`).toBe(true);
            open.push({ task, result });
            expectedActive += 1;
          }
        }
        expect(probe.maxActive, 'most calls ever running at once').toBeLessThanOrEqual(limit);
        expect(bulkhead.active, 'active').toBe(expectedActive);
        expect(bulkhead.available, 'available').toBe(limit - expectedActive);
      }
      for (const entry of open) entry.task.resolve();
      await Promise.all(open.map((entry) => entry.result));
      expect(bulkhead.active, 'active after every call ended').toBe(0);
    });
  });
});
