import { createConcurrencyProbe, createTask, describe, expect, flushMicrotasks, forEachSeed, test, type ControlledTask } from '../../_harness';
import { Bulkhead, BulkheadRejectedError } from '../start/bulkhead';

function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

describe('Bulkhead (edge cases)', () => {
  test('frees the permit when a call rejects with a non-Error value', async () => {
    const bulkhead = new Bulkhead(1);
    await expect(bulkhead.run(() => Promise.reject('plain string'))).rejects.toBe('plain string');
    expect(bulkhead.active, 'active after a non-Error rejection').toBe(0);
    await expect(bulkhead.run(async () => 'next')).resolves.toBe('next');
  });

  test('frees the permit when the function throws synchronously', async () => {
    const bulkhead = new Bulkhead(1);
    const failure = new TypeError('bad input');
    await expect(
      bulkhead.run(() => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(bulkhead.active, 'active after a synchronous throw').toBe(0);
  });

  test('frees the permit when the function throws a number synchronously', async () => {
    const bulkhead = new Bulkhead(1);
    await expect(
      bulkhead.run(() => {
        throw 42;
      }),
    ).rejects.toBe(42);
    expect(bulkhead.available, 'available after throwing a number').toBe(1);
  });

  test('returns the value of a synchronous function', async () => {
    const bulkhead = new Bulkhead(1);
    await expect(bulkhead.run(() => 'sync')).resolves.toBe('sync');
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

  test('exposes the limit on the rejection error', async () => {
    const bulkhead = new Bulkhead(3);
    const holders = [createTask(), createTask(), createTask()];
    const runs = holders.map((task) => settle(bulkhead.run(task.fn)));
    const rejected = await settle(bulkhead.run(async () => 'x'));
    expect(rejected.ok ? 'resolved' : rejected.error, 'the fourth call with limit 3').toBeInstanceOf(BulkheadRejectedError);
    if (!rejected.ok) expect((rejected.error as BulkheadRejectedError).limit, 'error.limit').toBe(3);
    for (const task of holders) task.resolve();
    await Promise.all(runs);
  });

  test('keeps counting right after many failures in a row', async () => {
    const bulkhead = new Bulkhead(2);
    for (let round = 0; round < 20; round += 1) {
      await settle(bulkhead.run(() => Promise.reject(new Error(`failure ${round}`))));
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
          const result = settle(bulkhead.run(probe.wrap(task.fn)));
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
