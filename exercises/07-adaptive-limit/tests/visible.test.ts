import { createTask, describe, during, expect, flushMicrotasks, test, track, type ControlledTask, type TrackedPromise } from '../../_harness';
import { AdaptiveBulkhead, DroppedCallError, LimitExceededError } from '../start/adaptive-bulkhead';

interface Call {
  task: ControlledTask<string>;
  result: TrackedPromise<string>;
}

/** Submits a call that stays running until the test settles its task. */
function submit(bulkhead: AdaptiveBulkhead): Call {
  const task = createTask<string>();
  // during() names a synchronous throw from run() (it must return a promise, even a rejected one).
  return { task, result: during('calling run()', () => track(bulkhead.run(task.fn))) };
}

/** Ends a running call with an ordinary error: neither a success nor a drop, so the limit stays put. */
function finishQuietly(call: Call): void {
  if (call.task.started && call.result.state === 'pending') call.task.reject(new Error('not found (says nothing about capacity)'));
}

/** Ends every call, including waiters that start while others end. */
async function finishAll(calls: readonly Call[]): Promise<void> {
  for (let round = 0; round < 10 && calls.some((call) => call.result.state === 'pending'); round += 1) {
    for (const call of calls) finishQuietly(call);
    await flushMicrotasks();
  }
}

/** Runs one call to completion with the given ending and returns how it settled. */
async function runOnce(bulkhead: AdaptiveBulkhead, ending: (task: ControlledTask<string>) => void): Promise<TrackedPromise<string>> {
  const call = submit(bulkhead);
  await flushMicrotasks();
  ending(call.task);
  await flushMicrotasks();
  return call.result;
}

describe('AdaptiveBulkhead', () => {
  test('admits calls up to the limit, queues up to queueSize and rejects the rest with LimitExceededError', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 2, minLimit: 1, maxLimit: 10, queueSize: 1 });
    const calls = [submit(bulkhead), submit(bulkhead), submit(bulkhead), submit(bulkhead)];
    await flushMicrotasks();
    expect(calls.map((call) => call.task.started), 'which calls started').toEqual([true, true, false, false]);
    expect(bulkhead.inFlight, 'inFlight').toBe(2);
    expect(bulkhead.queued, 'queued').toBe(1);
    expect(calls[3]?.result.rejection, 'the fourth call (limit 2, queueSize 1)').toBeInstanceOf(LimitExceededError);
    expect(bulkhead.limit, 'limit after a rejection by the bulkhead itself').toBe(2);
    finishQuietly(calls[0] as Call);
    await flushMicrotasks();
    expect(calls[2]?.task.started, 'the waiting call, once a slot is free').toBe(true);
    await finishAll(calls);
  });

  test('backs off on a dropped call: 100 → 90 → 81 → 72 with backoffRatio 0.9', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 100, minLimit: 20, maxLimit: 200, backoffRatio: 0.9 });
    const limits: number[] = [];
    for (const reason of ['timeout', 'rejected', 'dropped'] as const) {
      const error = new DroppedCallError(reason);
      const result = await runOnce(bulkhead, (task) => task.reject(error));
      expect(result.reason, `the call that failed with DroppedCallError("${reason}") rejects with that same error`).toBe(error);
      limits.push(bulkhead.limit);
    }
    expect(limits, 'limit after each of three drops (floor(limit × 0.9))').toEqual([90, 81, 72]);
  });

  test('never backs off below minLimit', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 21, minLimit: 20, maxLimit: 200, backoffRatio: 0.9 });
    await runOnce(bulkhead, (task) => task.reject(new DroppedCallError('timeout')));
    expect(bulkhead.limit, 'limit after one drop from 21 (floor(18.9) = 18, below minLimit 20)').toBe(20);
    await runOnce(bulkhead, (task) => task.reject(new DroppedCallError('timeout')));
    expect(bulkhead.limit, 'limit after another drop at minLimit').toBe(20);
  });

  test('grows by one on a success only when the call started with the limiter at least half full', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 10, minLimit: 1, maxLimit: 50 });
    const calls = [1, 2, 3, 4, 5].map(() => submit(bulkhead));
    await flushMicrotasks();
    calls[4]?.task.resolve('ok');
    await flushMicrotasks();
    expect(bulkhead.limit, 'limit after the call that started 5th of 10 succeeded (5 × 2 ≥ 10, exactly half full, counts as busy)').toBe(11);
    calls[0]?.task.resolve('ok');
    await flushMicrotasks();
    expect(bulkhead.limit, 'limit after the call that started 1st succeeded (1 × 2 < 11: the limiter was not being tested)').toBe(11);
    await finishAll(calls);
  });

  test('never grows above maxLimit', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 2, minLimit: 1, maxLimit: 2 });
    const result = await runOnce(bulkhead, (task) => task.resolve('fine'));
    expect(result.value, 'the call').toBe('fine');
    expect(bulkhead.limit, 'limit after a busy success at maxLimit').toBe(2);
  });

  test('leaves the limit alone for a failure that is not a drop, and passes the error through', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 4, minLimit: 1, maxLimit: 10 });
    const error = new Error('HTTP 404');
    const result = await runOnce(bulkhead, (task) => task.reject(error));
    expect(result.reason, 'the call rejects with the same error').toBe(error);
    expect(bulkhead.limit, 'limit after a 404 (not a capacity problem)').toBe(4);
    expect(bulkhead.inFlight, 'inFlight after the failure').toBe(0);
  });

  test('a synchronous throw rejects the call (run itself never throws) and gives the slot back to a waiting call', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 1, minLimit: 1, maxLimit: 10, queueSize: 1 });
    const error = new Error('bad argument');
    let thrower: TrackedPromise<string> | undefined;
    expect(() => {
      thrower = track(
        bulkhead.run((): string => {
          throw error;
        }),
      );
    }, 'run() with an operation that throws synchronously (it must return a rejected promise, not throw)').not.toThrow();
    await flushMicrotasks();
    expect(thrower?.reason, 'what the call rejected with').toBe(error);
    expect(bulkhead.inFlight, 'inFlight after the synchronous throw (its slot must come back)').toBe(0);
    expect(bulkhead.limit, 'limit after an ordinary error').toBe(1);
    const next = during('calling run() after the synchronous throw', () => submit(bulkhead));
    await flushMicrotasks();
    expect(next.task.started, 'the next call, with a limit of 1').toBe(true);
    finishQuietly(next);
    await flushMicrotasks();
  });

  test('setLimit grows in place: waiting calls start at once', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 2, minLimit: 1, maxLimit: 10, queueSize: 3 });
    const calls = [submit(bulkhead), submit(bulkhead), submit(bulkhead), submit(bulkhead)];
    await flushMicrotasks();
    expect(bulkhead.queued, 'queued before the resize').toBe(2);
    bulkhead.setLimit(4);
    await flushMicrotasks();
    expect(calls.map((call) => call.task.started), 'which calls run right after setLimit(4), before any call ended').toEqual([true, true, true, true]);
    expect(bulkhead.inFlight, 'inFlight, with 4 calls really running').toBe(4);
    expect(bulkhead.queued, 'queued').toBe(0);
    await finishAll(calls);
  });

  test('setLimit shrinks in place: nobody is interrupted, and nothing new starts until in-flight is below the new limit', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 4, minLimit: 1, maxLimit: 10 });
    const running = [submit(bulkhead), submit(bulkhead), submit(bulkhead), submit(bulkhead)];
    await flushMicrotasks();
    bulkhead.setLimit(2);
    expect(bulkhead.limit, 'limit after setLimit(2)').toBe(2);
    expect(bulkhead.inFlight, 'inFlight right after shrinking to 2 (the 4 calls keep running)').toBe(4);
    for (let finished = 1; finished <= 3; finished += 1) {
      finishQuietly(running[finished - 1] as Call);
      await flushMicrotasks();
      const probe = submit(bulkhead);
      await flushMicrotasks();
      const shouldStart = 4 - finished < 2;
      expect(probe.task.started, `a new call with ${4 - finished} still running and a limit of 2`).toBe(shouldStart);
      if (!shouldStart) expect(probe.result.rejection, 'the refused call').toBeInstanceOf(LimitExceededError);
      else finishQuietly(probe);
    }
    finishQuietly(running[3] as Call);
    await flushMicrotasks();
    expect(bulkhead.inFlight, 'inFlight at the end').toBe(0);
  });

  test('calls that started before a resize release into the same limiter: no permit is lost or duplicated', async () => {
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 2, minLimit: 1, maxLimit: 10 });
    const before = [submit(bulkhead), submit(bulkhead)];
    await flushMicrotasks();
    bulkhead.setLimit(2);
    const extra = submit(bulkhead);
    await flushMicrotasks();
    expect(extra.task.started, 'a call arriving after setLimit(2) with 2 already running (a fresh semaphore would admit it)').toBe(false);
    bulkhead.setLimit(3);
    const third = submit(bulkhead);
    const fourth = submit(bulkhead);
    await flushMicrotasks();
    expect([third.task.started, fourth.task.started], 'two calls arriving after setLimit(3) with 2 running').toEqual([true, false]);
    await finishAll(before);
    expect(bulkhead.inFlight, 'inFlight after the two older calls ended').toBe(1);
    const fill = [1, 2, 3, 4].map(() => submit(bulkhead));
    await flushMicrotasks();
    expect(fill.filter((call) => call.task.started).length, 'new calls admitted with 1 running and a limit of 3').toBe(2);
    await finishAll([third, ...fill]);
    expect(bulkhead.inFlight, 'inFlight at the end').toBe(0);
  });

  test('throws a RangeError for invalid options, and for setLimit outside [minLimit, maxLimit]', () => {
    const invalid = [
      { initialLimit: 5, minLimit: 0, maxLimit: 10 },
      { initialLimit: 5, minLimit: 6, maxLimit: 4 },
      { initialLimit: 11, minLimit: 1, maxLimit: 10 },
      { initialLimit: 2.5, minLimit: 1, maxLimit: 10 },
      { initialLimit: 5, minLimit: 1, maxLimit: 10, backoffRatio: 1 },
      { initialLimit: 5, minLimit: 1, maxLimit: 10, backoffRatio: 0.2 },
      { initialLimit: 5, minLimit: 1, maxLimit: 10, queueSize: -1 },
    ];
    for (const options of invalid) {
      expect(() => new AdaptiveBulkhead(options), `new AdaptiveBulkhead(${JSON.stringify(options)})`).toThrow(RangeError);
    }
    const bulkhead = new AdaptiveBulkhead({ initialLimit: 5, minLimit: 2, maxLimit: 10 });
    for (const next of [1, 11, 3.5, Number.NaN]) {
      expect(() => bulkhead.setLimit(next), `setLimit(${String(next)}) with bounds 2 to 10`).toThrow(RangeError);
    }
    expect(bulkhead.limit, 'limit after the refused setLimit calls').toBe(5);
  });
});
