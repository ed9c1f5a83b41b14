import { createClock, createTask, describe, during, expect, flushMicrotasks, test, track, type VirtualClock } from '../../_harness';
import { Bulkhead, CallTimeoutError, CircuitBreaker, composeCall, type FallbackReason } from '../start/compose';

/** A bulkhead that counts how often a permit was asked for. */
class CountingBulkhead extends Bulkhead {
  acquireAttempts = 0;

  override tryAcquire(): ReturnType<Bulkhead['tryAcquire']> {
    this.acquireAttempts += 1;
    return super.tryAcquire();
  }
}

interface Setup {
  clock: VirtualClock;
  bulkhead: CountingBulkhead;
  breaker: CircuitBreaker;
  /** Every reason the fallback got, in order. */
  reasons: FallbackReason[];
  /** The composed call; the fallback answers "fallback:<kind>". */
  call: ReturnType<typeof composeCall<string>>;
}

function setup(options: { limit: number; failureThreshold: number; timeoutMs: number; resetTimeoutMs?: number }): Setup {
  const clock = createClock();
  const bulkhead = new CountingBulkhead(options.limit);
  const breaker = new CircuitBreaker({ failureThreshold: options.failureThreshold, resetTimeoutMs: options.resetTimeoutMs ?? 1000, clock });
  const reasons: FallbackReason[] = [];
  const call = composeCall<string>({
    bulkhead,
    breaker,
    timeoutMs: options.timeoutMs,
    clock,
    fallback: (reason) => {
      reasons.push(reason);
      return `fallback:${reason.kind}`;
    },
  });
  return { clock, bulkhead, breaker, reasons, call };
}

describe('composeCall', () => {
  test('returns the value of a call that succeeds in time, and reports the success to the breaker', async () => {
    const { clock, bulkhead, breaker, reasons, call } = setup({ limit: 2, failureThreshold: 3, timeoutMs: 100 });
    await during('calling call() with an operation that rejects', () => call(() => Promise.reject(new Error('one earlier failure'))));
    expect(breaker.failures, 'breaker failures after one failed call').toBe(1);
    const task = createTask<string>();
    const result = track(call(() => task.fn()));
    await clock.advance(50);
    expect(bulkhead.active, 'permits in use while the call runs').toBe(1);
    task.resolve('price: 42');
    await flushMicrotasks();
    expect(result.value, 'the call').toBe('price: 42');
    expect(reasons, 'fallback reasons (only the earlier failure)').toHaveLength(1);
    expect(bulkhead.active, 'permits in use after the call').toBe(0);
    expect(breaker.failures, 'breaker failures after a success (a success resets the count)').toBe(0);
  });

  test('hands a failure to the fallback as { kind: "failed", error } and counts it against the breaker', async () => {
    const { bulkhead, breaker, reasons, call } = setup({ limit: 2, failureThreshold: 3, timeoutMs: 100 });
    const error = new Error('HTTP 500');
    const result = await during('calling call() with an operation that rejects', () => call(() => Promise.reject(error)));
    expect(result, 'the call').toBe('fallback:failed');
    expect(reasons[0], 'the reason the fallback got').toEqual({ kind: 'failed', error });
    expect(reasons[0]?.kind === 'failed' ? reasons[0].error : undefined, 'the error in the reason (the same object)').toBe(error);
    expect(breaker.failures, 'breaker failures').toBe(1);
    expect(bulkhead.active, 'permits in use after the failure').toBe(0);
  });

  test('times out a slow call: the fallback gets { kind: "timed-out", timeoutMs } and the signal aborts with a CallTimeoutError', async () => {
    const { clock, breaker, reasons, call } = setup({ limit: 2, failureThreshold: 3, timeoutMs: 100 });
    const task = createTask<string>();
    let seen: AbortSignal | undefined;
    const result = track(
      call((signal) => {
        seen = signal;
        return task.fn();
      }),
    );
    await clock.advance(99);
    expect(result.state, 'the call after 99 ms').toBe('pending');
    expect(seen?.aborted, 'the signal the operation got, after 99 ms').toBe(false);
    await clock.advance(1);
    expect(result.value ?? result.state, 'the call after 100 ms').toBe('fallback:timed-out');
    expect(reasons[0], 'the reason the fallback got').toEqual({ kind: 'timed-out', timeoutMs: 100 });
    expect(seen?.aborted, 'the signal the operation got, after the timeout (abort it, so the work stops)').toBe(true);
    expect(seen?.reason, "the signal's abort reason").toBeInstanceOf(CallTimeoutError);
    expect((seen?.reason as CallTimeoutError | undefined)?.timeoutMs, 'timeoutMs of the CallTimeoutError (build it with new CallTimeoutError(timeoutMs))').toBe(100);
    expect(breaker.failures, 'breaker failures (a timeout is a failure of the dependency)').toBe(1);
  });

  test('gives the permit back when the timeout fires, even if the operation ignores its signal', async () => {
    const { clock, bulkhead, call } = setup({ limit: 1, failureThreshold: 5, timeoutMs: 100 });
    const stubborn = createTask<string>();
    const first = track(call(() => stubborn.fn()));
    await clock.advance(100);
    expect(first.value ?? first.state, 'the stubborn call after 100 ms').toBe('fallback:timed-out');
    expect(bulkhead.active, 'permits in use right after the timeout fired (the timeout must sit inside the bulkhead)').toBe(0);
    const next = createTask<string>();
    const second = track(call(() => next.fn()));
    await flushMicrotasks();
    expect(next.started, 'a new call started after the timeout, while the stubborn one still runs').toBe(true);
    next.resolve('ok');
    await flushMicrotasks();
    expect(second.value, 'the new call').toBe('ok');
  });

  test('ignores a success that arrives after the timeout: the fallback value stands and the timeout stays counted', async () => {
    const { clock, breaker, call } = setup({ limit: 2, failureThreshold: 5, timeoutMs: 100 });
    const task = createTask<string>();
    const result = track(call(() => task.fn()));
    await clock.advance(150);
    expect(breaker.failures, 'breaker failures after the timeout').toBe(1);
    task.resolve('too late');
    await flushMicrotasks();
    expect(result.value, 'the call').toBe('fallback:timed-out');
    expect(breaker.failures, 'breaker failures after the late success (it must be ignored: a second report, onSuccess(), would reset them to 0)').toBe(1);
  });

  test('does not count bulkhead rejections as failures: overload alone never opens the breaker', async () => {
    const { clock, breaker, reasons, call } = setup({ limit: 1, failureThreshold: 2, timeoutMs: 1000 });
    const holder = createTask<string>();
    const held = track(call(() => holder.fn()));
    const turnedAway = [createTask<string>(), createTask<string>(), createTask<string>()];
    const results = turnedAway.map((task) => track(call(() => task.fn())));
    await flushMicrotasks();
    expect(breaker.failures, 'breaker failures after three bulkhead rejections (the dependency was never called)').toBe(0);
    expect(breaker.state, 'breaker state after three bulkhead rejections').toBe('closed');
    expect(results.map((result) => result.value ?? result.state), 'the three calls that found the bulkhead full').toEqual(['fallback:rejected', 'fallback:rejected', 'fallback:rejected']);
    expect(reasons, 'the reasons the fallback got').toEqual([{ kind: 'rejected' }, { kind: 'rejected' }, { kind: 'rejected' }]);
    expect(turnedAway.some((task) => task.started), 'a rejected call was started').toBe(false);
    holder.resolve('done');
    await clock.advance(0);
    expect(held.value, 'the call that held the permit').toBe('done');
  });

  test('a call the bulkhead refuses gives a half-open breaker its trial back', async () => {
    const { clock, breaker, reasons, call } = setup({ limit: 1, failureThreshold: 1, timeoutMs: 10_000, resetTimeoutMs: 100 });
    const holder = createTask<string>();
    void track(call(() => holder.fn()));
    await flushMicrotasks();
    expect(await during('calling call() while the bulkhead is full', () => call(() => Promise.reject(new Error('down')))), 'a failing call while the bulkhead is full').toBe('fallback:rejected');
    // Open the breaker as another caller's failure would.
    breaker.tryAcquirePermission();
    breaker.onFailure();
    await clock.advance(100);
    expect(await during('calling call() after the reset timeout', () => call(() => Promise.resolve('x'))), 'the first call after the reset timeout (the bulkhead is still full)').toBe('fallback:rejected');
    expect(await during('calling call() again with the bulkhead full', () => call(() => Promise.resolve('x'))), 'the next call, still with the bulkhead full: the trial must be free again (releasePermission(), not nothing)').toBe('fallback:rejected');
    expect(breaker.state, 'breaker state').toBe('half-open');
    holder.resolve('done');
    await flushMicrotasks();
    const trial = await during('calling call() once a permit is free', () => call(() => Promise.resolve('fresh')));
    expect(trial, 'the trial call once a permit is free').toBe('fresh');
    expect(breaker.state, 'breaker state after the trial succeeded').toBe('closed');
    expect(reasons.filter((reason) => reason.kind === 'open'), 'calls answered "open" (none: every trial was handed back)').toHaveLength(0);
  });

  test('answers { kind: "open" } while the breaker is open, without taking a permit or calling the operation', async () => {
    const { bulkhead, breaker, reasons, call } = setup({ limit: 2, failureThreshold: 1, timeoutMs: 100 });
    await during('calling call() with an operation that rejects', () => call(() => Promise.reject(new Error('HTTP 503'))));
    expect(breaker.state, 'breaker state after one failure with failureThreshold 1').toBe('open');
    const attemptsBefore = bulkhead.acquireAttempts;
    const task = createTask<string>();
    const result = await during('calling call() while the breaker is open', () => call(() => task.fn()));
    expect(result, 'the call while the breaker is open').toBe('fallback:open');
    expect(reasons[1], 'the reason the fallback got').toEqual({ kind: 'open' });
    expect(task.started, 'the operation was called').toBe(false);
    expect(bulkhead.acquireAttempts - attemptsBefore, 'permits asked for while the breaker was open (an open breaker answers before the bulkhead)').toBe(0);
  });

  test('treats a synchronous throw as a failure: the fallback gets the thrown value and the permit comes back', async () => {
    const { bulkhead, breaker, reasons, call } = setup({ limit: 1, failureThreshold: 5, timeoutMs: 100 });
    const error = new TypeError('bad argument');
    const result = await during('calling call() with an operation that throws synchronously', () =>
      call(() => {
        throw error;
      }),
    );
    expect(result, 'the call whose operation threw synchronously (it must reach the fallback)').toBe('fallback:failed');
    expect(reasons[0], 'the reason the fallback got').toEqual({ kind: 'failed', error });
    expect(bulkhead.active, 'permits in use after the synchronous throw (the permit must come back)').toBe(0);
    expect(breaker.failures, 'breaker failures after the synchronous throw').toBe(1);
    const next = await during('calling call() again after the synchronous throw', () => call(() => Promise.resolve('next')));
    expect(next, 'the next call, on a bulkhead of 1').toBe('next');
  });

  test('throws a RangeError for a timeoutMs that is not a positive, finite number', () => {
    const clock = createClock();
    const bulkhead = new Bulkhead(1);
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 10, clock });
    const fallback = (): string => 'x';
    for (const timeoutMs of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, '100' as unknown as number]) {
      expect(() => composeCall({ bulkhead, breaker, timeoutMs, fallback, clock }), `timeoutMs ${typeof timeoutMs === 'string' ? JSON.stringify(timeoutMs) : String(timeoutMs)}`).toThrow(RangeError);
    }
  });
});
