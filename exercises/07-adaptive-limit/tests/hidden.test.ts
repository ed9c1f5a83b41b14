import { createTask, describe, during, expect, flushMicrotasks, forEachSeed, test, track, type ControlledTask, type TrackedPromise } from '../../_harness';
import { AdaptiveBulkhead, DroppedCallError, LimitExceededError } from '../start/adaptive-bulkhead';

interface Call {
  task: ControlledTask<string>;
  result: TrackedPromise<string>;
}

function submit(bulkhead: AdaptiveBulkhead, onStart?: () => void): Call {
  const task = createTask<string>();
  const operation = (): Promise<string> => {
    onStart?.();
    return task.fn();
  };
  return { task, result: track(bulkhead.run(operation)) };
}

/** Ends a running call with an ordinary error: neither a success nor a drop. */
function finishQuietly(call: Call): void {
  if (call.task.started && call.result.state === 'pending') call.task.reject(new Error('ordinary failure'));
}

/** Ends every call, including waiters that start while others end. */
async function finishAll(calls: readonly Call[]): Promise<void> {
  for (let round = 0; round < 10 && calls.some((call) => call.result.state === 'pending'); round += 1) {
    for (const call of calls) finishQuietly(call);
    await flushMicrotasks();
  }
}

describe('AdaptiveBulkhead (more cases)', () => {
  test('a success that grows the limit starts two waiters: the slot it freed and the new one', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 2, minLimit: 1, maxLimit: 10, queueSize: 3 });
    const calls = [1, 2, 3, 4, 5].map(() => submit(bulkhead));
    await flushMicrotasks();
    calls[1]?.task.resolve('ok');
    await flushMicrotasks();
    expect(bulkhead.limit, 'limit after the 2nd of 2 succeeded').toBe(3);
    expect(calls.map((call) => call.task.started), 'which calls run now').toEqual([true, true, true, true, false]);
    expect(bulkhead.inFlight, 'inFlight').toBe(3);
    await finishAll(calls);
  });

  test('a drop under load shrinks the limit below in-flight; waiters start only once enough calls end', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 4, minLimit: 1, maxLimit: 10, backoffRatio: 0.5, queueSize: 2 });
    const running = [1, 2, 3, 4].map(() => submit(bulkhead));
    const waiting = [submit(bulkhead), submit(bulkhead)];
    await flushMicrotasks();
    running[0]?.task.reject(new DroppedCallError('rejected'));
    await flushMicrotasks();
    expect(bulkhead.limit, 'limit after a drop at 4 with backoffRatio 0.5').toBe(2);
    expect(bulkhead.inFlight, 'inFlight (3 calls still run)').toBe(3);
    expect(waiting.map((call) => call.task.started), 'waiters with 3 running and a limit of 2').toEqual([false, false]);
    finishQuietly(running[1] as Call);
    await flushMicrotasks();
    expect(waiting.map((call) => call.task.started), 'waiters with 2 running and a limit of 2').toEqual([false, false]);
    finishQuietly(running[2] as Call);
    await flushMicrotasks();
    expect(waiting.map((call) => call.task.started), 'waiters with 1 running and a limit of 2').toEqual([true, false]);
    await finishAll([...running, ...waiting]);
    expect(bulkhead.inFlight, 'inFlight at the end').toBe(0);
    expect(bulkhead.queued, 'queued at the end').toBe(0);
  });

  test('starts waiting calls in arrival order, after a resize and after calls end', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 1, minLimit: 1, maxLimit: 10, queueSize: 5 });
    const order: number[] = [];
    const calls = [0, 1, 2, 3, 4, 5].map((id) => submit(bulkhead, () => order.push(id)));
    await flushMicrotasks();
    bulkhead.setLimit(3);
    await flushMicrotasks();
    finishQuietly(calls[1] as Call);
    finishQuietly(calls[0] as Call);
    await flushMicrotasks();
    bulkhead.setLimit(4);
    await flushMicrotasks();
    expect(order, 'start order').toEqual([0, 1, 2, 3, 4, 5]);
    await finishAll(calls);
  });

  test('a call sent from inside a starting operation queues behind the calls already waiting', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 1, minLimit: 1, maxLimit: 10, queueSize: 3 });
    const order: string[] = [];
    const holder = submit(bulkhead, () => order.push('A'));
    let sent: Call | undefined;
    const first = submit(bulkhead, () => {
      order.push('W1');
      // While setLimit(3) is still admitting waiters: a slot is free, but W2 waits.
      sent = submit(bulkhead, () => order.push('X'));
    });
    const second = submit(bulkhead, () => order.push('W2'));
    await flushMicrotasks();
    bulkhead.setLimit(3);
    await flushMicrotasks();
    expect(order, 'calls started after setLimit(3), when W1 sends X as it starts (W2 was waiting first)').toEqual(['A', 'W1', 'W2']);
    expect(bulkhead.queued, 'calls waiting (X)').toBe(1);
    await finishAll([holder, first, second, ...(sent === undefined ? [] : [sent])]);
    expect(order, 'all starts').toEqual(['A', 'W1', 'W2', 'X']);
  });

  test('treats a synchronous throw like a rejection: a DroppedCallError backs off and the slot comes back', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 10, minLimit: 1, maxLimit: 20 });
    const error = new DroppedCallError('dropped');
    let result: TrackedPromise<never> | undefined;
    expect(() => {
      result = track(
        bulkhead.run(() => {
          throw error;
        }),
      );
    }, 'run() with an operation that throws a DroppedCallError synchronously (it must return a rejected promise, not throw)').not.toThrow();
    await flushMicrotasks();
    expect(result?.reason, 'the call rejects with the thrown error').toBe(error);
    expect(bulkhead.limit, 'limit after a synchronous drop').toBe(9);
    expect(bulkhead.inFlight, 'inFlight').toBe(0);
  });

  test('returns the value of an operation that returns a plain value', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 1, minLimit: 1, maxLimit: 5 });
    expect(await during('calling run() with an operation that returns 42', () => bulkhead.run(() => 42)), 'the value').toBe(42);
    expect(bulkhead.limit, 'limit after a success admitted with 1 of 1 in flight').toBe(2);
  });

  test('defaults to backoffRatio 0.9 and queueSize 0 (fail fast)', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 50, minLimit: 1, maxLimit: 100 });
    expect(bulkhead.backoffRatio, 'backoffRatio').toBe(0.9);
    expect(bulkhead.queueSize, 'queueSize').toBe(0);
    const held = [1, 2].map(() => submit(bulkhead));
    await flushMicrotasks();
    bulkhead.setLimit(2);
    const extra = submit(bulkhead);
    await flushMicrotasks();
    expect(extra.result.rejection, 'a call with the limit reached and no queue').toBeInstanceOf(LimitExceededError);
    expect((extra.result.reason as LimitExceededError).limit, 'the limit named in the error').toBe(2);
    held[0]?.task.reject(new DroppedCallError('timeout'));
    await flushMicrotasks();
    bulkhead.setLimit(50);
    await runDrop(bulkhead);
    expect(bulkhead.limit, 'limit after one drop from 50 with the default ratio').toBe(45);
    finishQuietly(held[1] as Call);
    await flushMicrotasks();
  });

  test('setLimit to the current limit, and the bulkhead rejecting calls, change nothing', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 2, minLimit: 1, maxLimit: 10 });
    const held = [submit(bulkhead), submit(bulkhead)];
    await flushMicrotasks();
    for (let round = 0; round < 5; round += 1) {
      bulkhead.setLimit(2);
      const refused = submit(bulkhead);
      await flushMicrotasks();
      expect(refused.task.started, `a call after setLimit(2) number ${round + 1}`).toBe(false);
    }
    expect(bulkhead.limit, 'limit after five refusals').toBe(2);
    expect(bulkhead.inFlight, 'inFlight').toBe(2);
    await finishAll(held);
    const fill = [1, 2, 3].map(() => submit(bulkhead));
    await flushMicrotasks();
    expect(fill.map((call) => call.task.started), 'calls admitted once both ended').toEqual([true, true, false]);
    await finishAll(fill);
  });

  test('k is counted when the call starts, and compared with the limit when the call ends', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 10, minLimit: 1, maxLimit: 50 });
    const calls = [1, 2, 3, 4, 5].map(() => submit(bulkhead));
    await flushMicrotasks();
    for (const call of calls.slice(0, 4)) finishQuietly(call);
    await flushMicrotasks();
    expect(bulkhead.inFlight, 'inFlight once the first four calls ended').toBe(1);
    calls[4]?.task.resolve('ok');
    await flushMicrotasks();
    expect(bulkhead.limit, 'limit after the call that started 5th of 10 succeeded alone (k = 5, counted at its start: 5 × 2 ≥ 10)').toBe(11);

    const grown = [1, 2, 3, 4, 5].map(() => submit(bulkhead));
    await flushMicrotasks();
    bulkhead.setLimit(12);
    grown[4]?.task.resolve('ok');
    await flushMicrotasks();
    expect(bulkhead.limit, 'limit after the call that started 5th of 11 succeeded once the limit was 12 (5 × 2 < 12, the limit when it ends)').toBe(12);
    await finishAll(grown);

    const idle = [1, 2, 3].map(() => submit(bulkhead));
    await flushMicrotasks();
    bulkhead.setLimit(6);
    idle[2]?.task.resolve('ok');
    await flushMicrotasks();
    expect(bulkhead.limit, 'limit after the call that started 3rd of 12 succeeded once the limit was 6 (3 × 2 ≥ 6)').toBe(7);
    await finishAll(idle);
  });

  test('a waiting call counts k when it leaves the queue, not when it arrived', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 4, minLimit: 1, maxLimit: 20, queueSize: 1 });
    const running = [1, 2, 3, 4].map(() => submit(bulkhead));
    const waiter = submit(bulkhead);
    await flushMicrotasks();
    bulkhead.setLimit(2);
    for (const call of running.slice(0, 2)) finishQuietly(call);
    await flushMicrotasks();
    expect(waiter.task.started, 'the waiter with 2 running and a limit of 2').toBe(false);
    finishQuietly(running[2] as Call);
    await flushMicrotasks();
    expect(waiter.task.started, 'the waiter with 1 running and a limit of 2').toBe(true);
    expect(bulkhead.inFlight, 'inFlight right after the waiter started (k = 2)').toBe(2);
    finishQuietly(running[3] as Call);
    await flushMicrotasks();
    bulkhead.setLimit(5);
    waiter.task.resolve('ok');
    await flushMicrotasks();
    expect(bulkhead.limit, 'limit after the waiter succeeded with a limit of 5 (k = 2 when it started, although 5 were in flight when it arrived: 2 × 2 < 5)').toBe(5);
  });

  test('accepts the edge values: backoffRatio 0.5, minLimit = maxLimit, queueSize 0', async () => {
    for (const options of [
      { initialLimit: 4, minLimit: 1, maxLimit: 10, backoffRatio: 0.5 },
      { initialLimit: 3, minLimit: 3, maxLimit: 3 },
      { initialLimit: 1, minLimit: 1, maxLimit: 1, queueSize: 0, backoffRatio: 0.99 },
    ]) {
      expect(() => new AdaptiveBulkhead(options), `new AdaptiveBulkhead(${JSON.stringify(options)})`).not.toThrow();
    }
    const fixed = new AdaptiveBulkhead({ initialLimit: 3, minLimit: 3, maxLimit: 3 });
    await runDrop(fixed);
    expect(fixed.limit, 'limit after a drop with minLimit = maxLimit = 3').toBe(3);
    const halving = new AdaptiveBulkhead({ initialLimit: 9, minLimit: 1, maxLimit: 10, backoffRatio: 0.5 });
    await runDrop(halving);
    expect(halving.limit, 'limit after a drop from 9 with backoffRatio 0.5 (Math.floor(4.5))').toBe(4);
  });

  test('throws a RangeError for fractional bounds, a fractional queueSize, a NaN backoffRatio and a missing initialLimit', () => {
    const invalid: Array<Record<string, unknown>> = [
      { initialLimit: 5, minLimit: 1.5, maxLimit: 10 },
      { initialLimit: 5, minLimit: 1, maxLimit: 10.5 },
      { initialLimit: 5, minLimit: 1, maxLimit: 10, queueSize: 1.5 },
      { initialLimit: 5, minLimit: 1, maxLimit: 10, backoffRatio: Number.NaN },
      { initialLimit: 5, minLimit: 1, maxLimit: 10, backoffRatio: 0.4999 },
      { minLimit: 1, maxLimit: 10 },
      { initialLimit: 5, minLimit: 1, maxLimit: Number.POSITIVE_INFINITY },
    ];
    for (const options of invalid) {
      const label = JSON.stringify(options, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value));
      expect(() => new AdaptiveBulkhead(options as unknown as ConstructorParameters<typeof AdaptiveBulkhead>[0]), `new AdaptiveBulkhead(${label})`).toThrow(RangeError);
    }
  });

  test('errors say what was wrong: RangeErrors name the option or the refused value, the finished errors their name and data', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ initialLimit: 5, minLimit: 0, maxLimit: 10 }, /minLimit/],
      [{ initialLimit: 5, minLimit: 6, maxLimit: 4 }, /maxLimit|minLimit/],
      [{ initialLimit: 11, minLimit: 1, maxLimit: 10 }, /initialLimit/],
      [{ initialLimit: 1, minLimit: 2, maxLimit: 10 }, /initialLimit/],
      [{ initialLimit: 5, minLimit: 1, maxLimit: 10, backoffRatio: 1 }, /backoffRatio/],
      [{ initialLimit: 5, minLimit: 1, maxLimit: 10, queueSize: -1 }, /queueSize/],
    ];
    for (const [options, names] of cases) {
      const make = (): unknown => new AdaptiveBulkhead(options as unknown as ConstructorParameters<typeof AdaptiveBulkhead>[0]);
      expect(make, `new AdaptiveBulkhead(${JSON.stringify(options)})`).toThrow(RangeError);
      expect(make, `the message of the RangeError for ${JSON.stringify(options)} (it names the option)`).toThrow(names);
    }
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 5, minLimit: 2, maxLimit: 10 });
    expect(() => bulkhead.setLimit(11), 'the message of the RangeError for setLimit(11) (it names the refused value)').toThrow('11');
    const refused = new LimitExceededError(7);
    expect([refused.name, refused.limit], 'name and limit of a LimitExceededError').toEqual(['LimitExceededError', 7]);
    expect(refused.message, 'the message of a LimitExceededError').toContain('7');
    const dropped = new DroppedCallError('timeout');
    expect([dropped.name, dropped.reason], 'name and reason of a DroppedCallError').toEqual(['DroppedCallError', 'timeout']);
    expect(dropped.message, 'the message of a DroppedCallError').toContain('timeout');
  });

  test('keeps the limit a whole number within bounds through long runs of drops and successes', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 7, minLimit: 3, maxLimit: 9, backoffRatio: 0.75 });
    const seen = new Set<number>();
    for (let round = 0; round < 6; round += 1) {
      await runDrop(bulkhead);
      seen.add(bulkhead.limit);
    }
    expect(bulkhead.limit, 'limit after six drops').toBe(3);
    for (let round = 0; round < 10; round += 1) {
      const calls = Array.from({ length: bulkhead.limit }, () => submit(bulkhead));
      await flushMicrotasks();
      calls.at(-1)?.task.resolve('ok');
      await flushMicrotasks();
      seen.add(bulkhead.limit);
      await finishAll(calls);
    }
    expect(bulkhead.limit, 'limit after ten busy successes from 3 (max 9)').toBe(9);
    const outOfBounds = [...seen].filter((limit) => !Number.isInteger(limit) || limit < 3 || limit > 9);
    expect(outOfBounds, 'limits seen outside whole numbers in [3, 9]').toEqual([]);
  });
});

async function runDrop(bulkhead: AdaptiveBulkhead): Promise<void> {
  const call = submit(bulkhead);
  await flushMicrotasks();
  call.task.reject(new DroppedCallError('timeout'));
  await flushMicrotasks();
}

describe('AdaptiveBulkhead (random schedules)', () => {
  test('admits within the current limit, conserves permits across resizes and follows AIMD exactly', async () => {
    await forEachSeed(50, async (random) => {
      const minLimit = random.int(1, 3);
      const maxLimit = minLimit + random.int(0, 6);
      const initialLimit = random.int(minLimit, maxLimit);
      const backoffRatio = random.pick([0.5, 0.75, 0.9]);
      const queueSize = random.int(0, 3);
      const bulkhead = new AdaptiveBulkhead({ initialLimit, minLimit, maxLimit, backoffRatio, queueSize });
      const settings = `limits ${minLimit}–${maxLimit}, ratio ${backoffRatio}, queueSize ${queueSize}`;
      interface Tracked {
        id: number;
        task: ControlledTask<string>;
        result: TrackedPromise<string>;
        startedWith?: number;
      }
      const calls: Tracked[] = [];
      const startOrder: number[] = [];
      const overAdmissions: string[] = [];
      let running = 0;
      let expectedLimit = initialLimit;
      const isWaiting = (call: Tracked): boolean => call.startedWith === undefined && call.result.state === 'pending';
      for (let step = 0; step < 50; step += 1) {
        const action = random.int(0, 9);
        let event = '';
        if (action < 4) {
          const id = calls.length;
          const task = createTask<string>();
          const operation = (): Promise<string> => {
            running += 1;
            startOrder.push(id);
            const self = calls[id];
            if (self !== undefined) self.startedWith = running;
            if (running > bulkhead.limit) overAdmissions.push(`call ${id} started with ${running} running (itself included) and a limit of ${bulkhead.limit}`);
            return task.fn().finally(() => {
              running -= 1;
            });
          };
          // Registered before run() is called, because run() may start the operation at once.
          const tracked: Tracked = { id, task, result: track(new Promise<string>(() => undefined)) };
          calls.push(tracked);
          tracked.result = track(bulkhead.run(operation));
          event = `call ${id} arrived`;
        } else if (action < 7) {
          const active = calls.filter((call) => call.startedWith !== undefined && call.result.state === 'pending');
          if (active.length > 0) {
            const call = random.pick(active);
            const ending = random.pick(['success', 'drop', 'other'] as const);
            const startedWith = call.startedWith ?? 0;
            if (ending === 'drop') {
              expectedLimit = Math.max(minLimit, Math.floor(expectedLimit * backoffRatio));
              call.task.reject(new DroppedCallError(random.pick(['timeout', 'rejected', 'dropped'] as const)));
            } else if (ending === 'success') {
              if (startedWith * 2 >= expectedLimit) expectedLimit = Math.min(maxLimit, expectedLimit + 1);
              call.task.resolve('ok');
            } else {
              finishQuietly(call);
            }
            event = `call ${call.id} ended with ${ending} (it started with ${startedWith} in flight)`;
          }
        } else {
          const next = random.int(minLimit, maxLimit);
          bulkhead.setLimit(next);
          expectedLimit = next;
          event = `setLimit(${next})`;
        }
        await flushMicrotasks();
        // Plain comparisons first: expect() is only reached to report a failure, which keeps
        // thousands of steps fast.
        const context = (): string => `after step ${step} (${event || 'nothing'}; ${settings})`;
        const waiting = calls.filter(isWaiting).length;
        if (overAdmissions.length > 0) expect(overAdmissions, `admissions over the current limit, ${context()}`).toEqual([]);
        if (bulkhead.limit !== expectedLimit) expect(bulkhead.limit, `limit ${context()}`).toBe(expectedLimit);
        if (bulkhead.inFlight !== running) expect(bulkhead.inFlight, `inFlight compared with calls really running, ${context()}`).toBe(running);
        if (bulkhead.queued !== waiting) expect(bulkhead.queued, `queued compared with calls really waiting, ${context()}`).toBe(waiting);
        if (waiting > queueSize) expect(waiting, `calls waiting, ${context()}`).toBeLessThanOrEqual(queueSize);
        if (waiting > 0 && running < expectedLimit) {
          expect(running, `calls running while ${waiting} wait (a free slot must go to a waiter), ${context()}`).toBeGreaterThanOrEqual(expectedLimit);
        }
      }
      for (const call of calls) {
        if (call.startedWith === undefined && call.result.state === 'rejected') {
          expect(call.result.reason, `call ${call.id}, refused without starting`).toBeInstanceOf(LimitExceededError);
        }
      }
      const queuedOrder = [...startOrder].sort((left, right) => left - right);
      expect(startOrder, 'calls started in arrival order').toEqual(queuedOrder);
      for (let round = 0; round < 20 && calls.some((call) => call.result.state === 'pending'); round += 1) {
        for (const call of calls) if (call.startedWith !== undefined) finishQuietly(call);
        await flushMicrotasks();
      }
      expect(calls.filter((call) => call.result.state === 'pending').length, 'calls never settled').toBe(0);
      expect(bulkhead.inFlight, 'inFlight once every call ended').toBe(0);
      expect(bulkhead.queued, 'queued once every call ended').toBe(0);
      const limit = bulkhead.limit;
      const fresh = Array.from({ length: limit + queueSize + 1 }, () => submit(bulkhead));
      await flushMicrotasks();
      expect(fresh.filter((call) => call.task.started).length, `new calls admitted at once with nothing running and a limit of ${limit} (${settings})`).toBe(limit);
      expect(bulkhead.queued, 'new calls queued').toBe(queueSize);
      expect(fresh.at(-1)?.result.rejection, 'the call beyond limit + queueSize').toBeInstanceOf(LimitExceededError);
      await finishAll(fresh);
    });
  });
});
