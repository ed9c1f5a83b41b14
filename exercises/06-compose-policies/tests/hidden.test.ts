import { createClock, createTask, describe, expect, flushMicrotasks, forEachSeed, test, track, type VirtualClock } from '../../_harness';
import { Bulkhead, CallTimeoutError, CircuitBreaker, composeCall, type FallbackReason } from '../start/compose';

class CountingBulkhead extends Bulkhead {
  acquireAttempts = 0;

  override tryAcquire(): ReturnType<Bulkhead['tryAcquire']> {
    this.acquireAttempts += 1;
    return super.tryAcquire();
  }
}

/** A breaker that counts its reports. */
class CountingBreaker extends CircuitBreaker {
  permissionsAsked = 0;
  successes = 0;
  failuresReported = 0;
  released = 0;

  override tryAcquirePermission(): boolean {
    this.permissionsAsked += 1;
    return super.tryAcquirePermission();
  }

  override onSuccess(): void {
    this.successes += 1;
    super.onSuccess();
  }

  override onFailure(): void {
    this.failuresReported += 1;
    super.onFailure();
  }

  override releasePermission(): void {
    this.released += 1;
    super.releasePermission();
  }
}

interface Setup {
  clock: VirtualClock;
  bulkhead: CountingBulkhead;
  breaker: CountingBreaker;
  reasons: FallbackReason[];
  /** Permits in use each time the fallback ran. */
  activeInFallback: number[];
  call: ReturnType<typeof composeCall<string>>;
}

function setup(options: { limit: number; failureThreshold: number; timeoutMs: number; resetTimeoutMs?: number }): Setup {
  const clock = createClock();
  const bulkhead = new CountingBulkhead(options.limit);
  const breaker = new CountingBreaker({ failureThreshold: options.failureThreshold, resetTimeoutMs: options.resetTimeoutMs ?? 1000, clock });
  const reasons: FallbackReason[] = [];
  const activeInFallback: number[] = [];
  const call = composeCall<string>({
    bulkhead,
    breaker,
    timeoutMs: options.timeoutMs,
    clock,
    fallback: (reason) => {
      reasons.push(reason);
      activeInFallback.push(bulkhead.active);
      return `fallback:${reason.kind}`;
    },
  });
  return { clock, bulkhead, breaker, reasons, activeInFallback, call };
}

describe('composeCall (order of the policies)', () => {
  test('an open breaker answers before the bulkhead: a full bulkhead still reports "open"', async () => {
    const { bulkhead, breaker, reasons, call } = setup({ limit: 1, failureThreshold: 1, timeoutMs: 10_000 });
    const holder = createTask<string>();
    const held = track(call(() => holder.fn()));
    await flushMicrotasks();
    // The bulkhead is full. Open the breaker directly: a failure reported by another caller.
    expect(breaker.tryAcquirePermission(), 'a closed breaker permits').toBe(true);
    breaker.onFailure();
    expect(breaker.state, 'breaker state').toBe('open');
    const attemptsBefore = bulkhead.acquireAttempts;
    const result = await call(() => Promise.resolve('should not run'));
    expect(result, 'a call with the breaker open and the bulkhead full (the breaker must answer first)').toBe('fallback:open');
    expect(reasons.at(-1), 'the reason the fallback got').toEqual({ kind: 'open' });
    expect(bulkhead.acquireAttempts - attemptsBefore, 'permits asked for while the breaker was open').toBe(0);
    holder.resolve('done');
    await flushMicrotasks();
    expect(held.value, 'the call that held the permit').toBe('done');
  });

  test('a call the bulkhead refuses gives a half-open breaker its trial back', async () => {
    const { clock, breaker, reasons, call } = setup({ limit: 1, failureThreshold: 1, timeoutMs: 10_000, resetTimeoutMs: 100 });
    const holder = createTask<string>();
    void track(call(() => holder.fn()));
    await flushMicrotasks();
    expect(await call(() => Promise.reject(new Error('down'))), 'a failing call while the bulkhead is full').toBe('fallback:rejected');
    // Open the breaker as another caller's failure would.
    breaker.tryAcquirePermission();
    breaker.onFailure();
    await clock.advance(100);
    expect(await call(() => Promise.resolve('x')), 'the first call after the reset timeout (the bulkhead is still full)').toBe('fallback:rejected');
    expect(await call(() => Promise.resolve('x')), 'the next call, still with the bulkhead full: the trial must be free again').toBe('fallback:rejected');
    expect(breaker.state, 'breaker state').toBe('half-open');
    holder.resolve('done');
    await flushMicrotasks();
    const trial = await call(() => Promise.resolve('fresh'));
    expect(trial, 'the trial call once a permit is free').toBe('fresh');
    expect(breaker.state, 'breaker state after the trial succeeded').toBe('closed');
    expect(reasons.filter((reason) => reason.kind === 'open'), 'calls answered "open" (none: every trial was handed back)').toHaveLength(0);
  });

  test('opens after failureThreshold timeouts, short-circuits, then closes after a good trial', async () => {
    const { clock, breaker, reasons, call } = setup({ limit: 5, failureThreshold: 3, timeoutMs: 50, resetTimeoutMs: 500 });
    const slow = [createTask<string>(), createTask<string>(), createTask<string>()];
    const results = slow.map((task) => track(call(() => task.fn())));
    await clock.advance(50);
    expect(results.map((result) => result.value ?? result.state), 'three slow calls').toEqual(['fallback:timed-out', 'fallback:timed-out', 'fallback:timed-out']);
    expect(breaker.state, 'breaker state after three timeouts').toBe('open');
    const blocked = createTask<string>();
    expect(await call(() => blocked.fn()), 'a call while open').toBe('fallback:open');
    expect(blocked.started, 'the operation called while open').toBe(false);
    await clock.advance(499);
    expect(await call(() => blocked.fn()), 'a call 1 ms before the reset timeout ends').toBe('fallback:open');
    await clock.advance(1);
    const trial = track(call(() => Promise.resolve('recovered')));
    await flushMicrotasks();
    expect(trial.value, 'the trial call').toBe('recovered');
    expect(breaker.state, 'breaker state after a good trial').toBe('closed');
    expect(reasons.map((reason) => reason.kind), 'fallback reasons in order').toEqual(['timed-out', 'timed-out', 'timed-out', 'open', 'open']);
  });
});

describe('composeCall (one outcome per call)', () => {
  test('reports a call that times out and then fails to the breaker once', async () => {
    const { clock, breaker, call } = setup({ limit: 2, failureThreshold: 5, timeoutMs: 100 });
    const task = createTask<string>();
    const result = track(call(() => task.fn()));
    await clock.advance(100);
    task.reject(new Error('failed late'));
    await flushMicrotasks();
    expect(result.value, 'the call').toBe('fallback:timed-out');
    expect(breaker.failuresReported, 'onFailure() calls for one timed-out call').toBe(1);
    expect(breaker.failures, 'breaker failures').toBe(1);
  });

  test('ignores a success that arrives after the timeout: no onSuccess, the fallback value stands', async () => {
    const { clock, breaker, call } = setup({ limit: 2, failureThreshold: 5, timeoutMs: 100 });
    const task = createTask<string>();
    const result = track(call(() => task.fn()));
    await clock.advance(150);
    task.resolve('too late');
    await flushMicrotasks();
    expect(result.value, 'the call').toBe('fallback:timed-out');
    expect(breaker.successes, 'onSuccess() calls').toBe(0);
    expect(breaker.failures, 'breaker failures (a late success must not reset them)').toBe(1);
  });

  test('gives the permit back before the fallback runs', async () => {
    const { clock, activeInFallback, call } = setup({ limit: 1, failureThreshold: 5, timeoutMs: 100 });
    await call(() => Promise.reject(new Error('boom')));
    const slow = track(call(() => createTask<string>().fn()));
    await clock.advance(100);
    expect(slow.value, 'the slow call').toBe('fallback:timed-out');
    expect(activeInFallback, 'permits in use while the fallback ran, for a failure and a timeout').toEqual([0, 0]);
  });

  test('treats a synchronous throw as a failure and frees the permit', async () => {
    const { bulkhead, breaker, reasons, call } = setup({ limit: 1, failureThreshold: 5, timeoutMs: 100 });
    const error = new TypeError('bad argument');
    const result = await call(() => {
      throw error;
    });
    expect(result, 'the call').toBe('fallback:failed');
    expect(reasons[0], 'the reason').toEqual({ kind: 'failed', error });
    expect(bulkhead.active, 'permits in use').toBe(0);
    expect(breaker.failures, 'breaker failures').toBe(1);
  });

  test('passes a non-Error rejection to the fallback unchanged', async () => {
    const { reasons, call } = setup({ limit: 1, failureThreshold: 5, timeoutMs: 100 });
    await call(() => Promise.reject('HTTP 503 as a string'));
    expect(reasons[0], 'the reason').toEqual({ kind: 'failed', error: 'HTTP 503 as a string' });
  });

  test('leaves no timer behind and no signal aborted after a call that finishes in time', async () => {
    const { clock, call } = setup({ limit: 1, failureThreshold: 5, timeoutMs: 100 });
    let seen: AbortSignal | undefined;
    const value = await call((signal) => {
      seen = signal;
      return Promise.resolve('fast');
    });
    expect(value, 'the call').toBe('fast');
    expect(clock.pendingTimers, 'timers still scheduled after the call finished').toBe(0);
    await clock.advance(500);
    expect(seen?.aborted, 'the signal of a call that finished in time').toBe(false);
  });

  test('gives every call its own signal, so one timeout aborts only its own call', async () => {
    const { clock, call } = setup({ limit: 2, failureThreshold: 5, timeoutMs: 100 });
    const signals: AbortSignal[] = [];
    const slow = createTask<string>();
    const later = createTask<string>();
    void track(call((signal) => (signals.push(signal), slow.fn())));
    await clock.advance(60);
    void track(call((signal) => (signals.push(signal), later.fn())));
    await clock.advance(40);
    expect(signals.map((signal) => signal.aborted), 'signals aborted at 100 ms (first call timed out, second has 60 ms left)').toEqual([true, false]);
    later.resolve('ok');
    await flushMicrotasks();
  });

  test('stops an operation that honours its signal: its own timer is cancelled', async () => {
    const { clock, call } = setup({ limit: 1, failureThreshold: 5, timeoutMs: 100 });
    const result = track(call((signal) => clock.sleep(1000, signal).then(() => 'slept')));
    await clock.advance(100);
    expect(result.value, 'the call').toBe('fallback:timed-out');
    expect(clock.pendingTimers, 'timers left after the abort (the operation stopped its own sleep)').toBe(0);
  });
});

describe('composeCall (random schedules)', () => {
  test('every outcome follows the rules and every report is made exactly once', async () => {
    await forEachSeed(30, async (random) => {
      const timeoutMs = random.int(2, 10) * 10;
      const limit = random.int(1, 3);
      const { clock, bulkhead, breaker, call } = setup({ limit, failureThreshold: random.int(1, 4), timeoutMs, resetTimeoutMs: random.int(5, 20) * 10 });
      interface Planned {
        id: number;
        behaviour: 'succeed' | 'fail' | 'hang';
        delayMs: number;
        startedAt?: number;
        signal?: AbortSignal;
        activeAtSubmit: number;
        result?: string;
      }
      const calls: Planned[] = [];
      let maxActive = 0;
      for (let step = 0; step < 30; step += 1) {
        if (random.chance(0.6)) {
          // Delays avoid timeoutMs exactly, so no outcome depends on the order of two equal timers.
          let delayMs = random.int(1, timeoutMs * 2);
          if (delayMs === timeoutMs) delayMs += 1;
          const planned: Planned = { id: calls.length, behaviour: random.pick(['succeed', 'fail', 'hang'] as const), delayMs, activeAtSubmit: bulkhead.active };
          calls.push(planned);
          void call((signal) => {
            planned.startedAt = clock.now();
            planned.signal = signal;
            maxActive = Math.max(maxActive, bulkhead.active);
            if (planned.behaviour === 'hang') return new Promise<string>(() => undefined);
            return new Promise<string>((resolve, reject) => {
              clock.setTimeout(() => (planned.behaviour === 'succeed' ? resolve(`value ${planned.id}`) : reject(new Error(`failure ${planned.id}`))), planned.delayMs);
            });
          }).then((result) => (planned.result = result));
        } else {
          await clock.advance(random.int(1, 60));
        }
        await flushMicrotasks();
        // Plain comparisons first: expect() is only reached to report a failure.
        const running = calls.filter((planned) => planned.startedAt !== undefined && planned.result === undefined).length;
        if (bulkhead.active > limit) expect(bulkhead.active, `permits in use after step ${step}`).toBeLessThanOrEqual(limit);
        if (bulkhead.active !== running) expect(bulkhead.active, `permits in use compared with calls started and not yet answered, after step ${step}`).toBe(running);
      }
      await clock.advance(timeoutMs * 3);
      await flushMicrotasks();
      for (const planned of calls) {
        const label = `call ${planned.id} (${planned.behaviour} after ${planned.delayMs} ms, timeout ${timeoutMs} ms)`;
        if (planned.result === undefined) expect(planned.result, `${label}: answered`).toBeDefined();
        if (planned.startedAt === undefined) {
          if (planned.result !== 'fallback:open' && planned.result !== 'fallback:rejected') {
            expect(planned.result, `${label} never started, so its answer is "fallback:open" or "fallback:rejected"`).toBe('fallback:rejected');
          }
          if (planned.result === 'fallback:rejected' && planned.activeAtSubmit !== limit) {
            expect(planned.activeAtSubmit, `${label} was rejected, so the bulkhead was full`).toBe(limit);
          }
          continue;
        }
        const timedOut = planned.behaviour === 'hang' || planned.delayMs > timeoutMs;
        const expected = timedOut ? 'fallback:timed-out' : planned.behaviour === 'succeed' ? `value ${planned.id}` : 'fallback:failed';
        if (planned.result !== expected) expect(planned.result, label).toBe(expected);
        if (planned.signal?.aborted !== timedOut) expect(planned.signal?.aborted, `${label}: its signal aborted`).toBe(timedOut);
      }
      const answered = (prefix: string): number => calls.filter((planned) => planned.result?.startsWith(prefix) === true).length;
      const open = answered('fallback:open');
      const rejected = answered('fallback:rejected');
      expect(maxActive, 'most permits in use at once').toBeLessThanOrEqual(limit);
      expect(bulkhead.active, 'permits in use at the end').toBe(0);
      expect(breaker.permissionsAsked, 'breaker permissions asked (once per call)').toBe(calls.length);
      expect(bulkhead.acquireAttempts, 'permits asked for (once per call the breaker let through)').toBe(calls.length - open);
      expect(breaker.released, 'permissions handed back (once per bulkhead rejection)').toBe(rejected);
      expect(breaker.successes, 'onSuccess() reports (once per value)').toBe(answered('value'));
      expect(breaker.failuresReported, 'onFailure() reports (once per failure or timeout; never for a rejection)').toBe(answered('fallback:failed') + answered('fallback:timed-out'));
      for (const planned of calls) {
        if (planned.signal?.aborted === true && !(planned.signal.reason instanceof CallTimeoutError)) {
          expect(planned.signal.reason, `call ${planned.id}: abort reason`).toBeInstanceOf(CallTimeoutError);
        }
      }
    });
  });
});
