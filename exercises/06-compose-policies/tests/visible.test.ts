import { createClock, createTask, describe, expect, flushMicrotasks, test, track, type VirtualClock } from '../../_harness';
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
    await call(() => Promise.reject(new Error('one earlier failure')));
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
    const result = await call(() => Promise.reject(error));
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

  test('answers { kind: "open" } while the breaker is open, without taking a permit or calling the operation', async () => {
    const { bulkhead, breaker, reasons, call } = setup({ limit: 2, failureThreshold: 1, timeoutMs: 100 });
    await call(() => Promise.reject(new Error('HTTP 503')));
    expect(breaker.state, 'breaker state after one failure with failureThreshold 1').toBe('open');
    const attemptsBefore = bulkhead.acquireAttempts;
    const task = createTask<string>();
    const result = await call(() => task.fn());
    expect(result, 'the call while the breaker is open').toBe('fallback:open');
    expect(reasons[1], 'the reason the fallback got').toEqual({ kind: 'open' });
    expect(task.started, 'the operation was called').toBe(false);
    expect(bulkhead.acquireAttempts - attemptsBefore, 'permits asked for while the breaker was open (an open breaker answers before the bulkhead)').toBe(0);
  });

  test('throws a RangeError for a timeoutMs that is not a positive, finite number', () => {
    const clock = createClock();
    const bulkhead = new Bulkhead(1);
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 10, clock });
    const fallback = (): string => 'x';
    for (const timeoutMs of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => composeCall({ bulkhead, breaker, timeoutMs, fallback, clock }), `timeoutMs ${String(timeoutMs)}`).toThrow(RangeError);
    }
  });
});
