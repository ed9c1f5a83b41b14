import { createClock, createTask, describe, during, expect, flushMicrotasks, forEachSeed, test, track, type VirtualClock } from '../../_harness';
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

  test('gives the permit back before the fallback runs', async () => {
    const { clock, activeInFallback, call } = setup({ limit: 1, failureThreshold: 5, timeoutMs: 100 });
    await call(() => Promise.reject(new Error('boom')));
    const slow = track(call(() => createTask<string>().fn()));
    await clock.advance(100);
    expect(slow.value, 'the slow call').toBe('fallback:timed-out');
    expect(activeInFallback, 'permits in use while the fallback ran, for a failure and a timeout').toEqual([0, 0]);
  });

  test('treats a synchronous throw of a non-Error value as a failure and frees the permit', async () => {
    const { bulkhead, breaker, reasons, call } = setup({ limit: 1, failureThreshold: 5, timeoutMs: 100 });
    const result = await during('calling call() with an operation that throws a string synchronously', () =>
      call(() => {
        throw 'plain string';
      }),
    );
    expect(result, 'the call').toBe('fallback:failed');
    expect(reasons[0], 'the reason').toEqual({ kind: 'failed', error: 'plain string' });
    expect(bulkhead.active, 'permits in use after the synchronous throw').toBe(0);
    expect(breaker.failuresReported, 'onFailure() reports').toBe(1);
    expect(breaker.successes + breaker.released, 'other reports').toBe(0);
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

describe('composeCall (reports, fallback and options)', () => {
  test('a call answered "open" reports nothing: a half-open breaker keeps its single trial out', async () => {
    const { clock, breaker, call } = setup({ limit: 3, failureThreshold: 1, timeoutMs: 10_000, resetTimeoutMs: 100 });
    await during('calling call() with an operation that rejects', () => call(() => Promise.reject(new Error('down'))));
    expect(breaker.state, 'breaker state after one failure with failureThreshold 1').toBe('open');
    await clock.advance(100);
    const trial = createTask<string>();
    const trialResult = track(call(() => trial.fn()));
    await flushMicrotasks();
    expect(trial.started, 'the trial call after the reset timeout').toBe(true);
    const reportsBefore = breaker.successes + breaker.failuresReported + breaker.released;
    const second = createTask<string>();
    const third = createTask<string>();
    const secondResult = track(call(() => second.fn()));
    await flushMicrotasks();
    const thirdResult = track(call(() => third.fn()));
    await flushMicrotasks();
    expect(secondResult.value ?? secondResult.state, 'a second call while the trial runs').toBe('fallback:open');
    expect(
      breaker.successes + breaker.failuresReported + breaker.released - reportsBefore,
      'reports made by calls answered "open" (they were not permitted, so they report nothing, not even releasePermission())',
    ).toBe(0);
    expect(thirdResult.value ?? thirdResult.state, 'a third call while the trial still runs (the single trial is still out)').toBe('fallback:open');
    expect([second.started, third.started], 'operations started while the single trial ran').toEqual([false, false]);
    trial.resolve('ok');
    await flushMicrotasks();
    expect(trialResult.value, 'the trial call').toBe('ok');
    expect(breaker.state, 'breaker state after the trial succeeded').toBe('closed');
    second.resolve('never');
    third.resolve('never');
  });

  test('before the fallback runs, the permit is back and the breaker has its report, for every reason', async () => {
    const clock = createClock();
    const bulkhead = new CountingBulkhead(1);
    const breaker = new CountingBreaker({ failureThreshold: 10, resetTimeoutMs: 1000, clock });
    let seen: AbortSignal | undefined;
    const inFallback: string[] = [];
    const call = composeCall<string>({
      bulkhead,
      breaker,
      timeoutMs: 100,
      clock,
      fallback: (reason) => {
        const reports = `success ${breaker.successes}, failure ${breaker.failuresReported}, released ${breaker.released}`;
        inFallback.push(`${reason.kind}: ${bulkhead.active} permit(s) out; ${reports}${reason.kind === 'timed-out' ? `; signal aborted ${String(seen?.aborted)}` : ''}`);
        return `fallback:${reason.kind}`;
      },
    });
    await during('calling call() with an operation that rejects', () => call(() => Promise.reject(new Error('boom'))));
    const slow = track(
      call((signal) => {
        seen = signal;
        return createTask<string>().fn();
      }),
    );
    await clock.advance(100);
    expect(slow.value ?? slow.state, 'the slow call').toBe('fallback:timed-out');
    const holder = createTask<string>();
    const held = track(call(() => holder.fn()));
    await flushMicrotasks();
    await during('calling call() while the bulkhead is full', () => call(() => Promise.resolve('x')));
    expect(inFallback, 'what the fallback saw each time it ran').toEqual([
      'failed: 0 permit(s) out; success 0, failure 1, released 0',
      'timed-out: 0 permit(s) out; success 0, failure 2, released 0; signal aborted true',
      'rejected: 1 permit(s) out; success 0, failure 2, released 1',
    ]);
    holder.resolve('done');
    await flushMicrotasks();
    expect(held.value, 'the call that held the permit').toBe('done');
  });

  test('a fallback that throws or rejects makes call() reject with that value, after the permit and the report', async () => {
    const clock = createClock();
    const bulkhead = new CountingBulkhead(1);
    const breaker = new CountingBreaker({ failureThreshold: 2, resetTimeoutMs: 1000, clock });
    const thrown = new Error('no cached price either');
    const call = composeCall<string>({
      bulkhead,
      breaker,
      timeoutMs: 100,
      clock,
      fallback: (reason) => {
        if (reason.kind === 'failed') throw thrown;
        return Promise.reject(`fallback refused: ${reason.kind}`);
      },
    });
    /** Runs one call and returns how it settled; a call that never settles shows as "still pending". */
    const settle = async (operation: () => Promise<string>): Promise<unknown> => {
      const result = track(call(operation));
      await flushMicrotasks();
      return result.rejection;
    };
    const holder = createTask<string>();
    const held = track(call(() => holder.fn()));
    await flushMicrotasks();
    expect(await settle(() => Promise.resolve('x')), 'a call refused by the full bulkhead, whose fallback rejects: call() rejects with the same value').toBe('fallback refused: rejected');
    expect(breaker.released, 'releasePermission() reports after the refused call').toBe(1);
    holder.resolve('done');
    await flushMicrotasks();
    expect(held.value, 'the call that held the permit').toBe('done');
    expect(await settle(() => Promise.reject(new Error('HTTP 500'))), 'a failed call whose fallback throws synchronously: call() rejects with that error').toBe(thrown);
    expect(bulkhead.active, 'permits in use after that call').toBe(0);
    expect(breaker.failuresReported, 'onFailure() reports after that call').toBe(1);
    expect(await settle(() => Promise.reject(new Error('HTTP 500'))), 'a second failure (it opens the breaker), whose fallback throws').toBe(thrown);
    expect(breaker.state, 'breaker state after two failures with failureThreshold 2').toBe('open');
    expect(await settle(() => Promise.resolve('x')), 'a call while the breaker is open, whose fallback rejects').toBe('fallback refused: open');
    expect(bulkhead.active, 'permits in use at the end').toBe(0);
  });

  test('uses real time when no clock is given', async () => {
    const bulkhead = new Bulkhead(1);
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 60_000 });
    const call = composeCall<string>({ bulkhead, breaker, timeoutMs: 20, fallback: (reason) => `fallback:${reason.kind}` });
    let fastSignal: AbortSignal | undefined;
    const fast = await during('calling call() with a fast operation and no clock', () =>
      call((signal) => {
        fastSignal = signal;
        return Promise.resolve('fast');
      }),
    );
    expect(fast, 'a fast call with no clock').toBe('fast');
    const slow = await during('calling call() with an operation that never finishes and no clock', () => call(() => new Promise<string>(() => undefined)));
    expect(slow, 'a call that never finishes, with timeoutMs 20 on the real clock').toBe('fallback:timed-out');
    expect(fastSignal?.aborted, "the fast call's signal more than 20 real ms later (its timer must have been cancelled)").toBe(false);
    expect(breaker.state, 'breaker state after the timeout (failureThreshold 1)').toBe('open');
    const next = await during('calling call() right after the breaker opened', () => call(() => Promise.resolve('x')));
    expect(next, 'a call a few real ms after the breaker opened (resetTimeoutMs 60 000 on the real clock)').toBe('fallback:open');
    expect(bulkhead.active, 'permits in use at the end').toBe(0);
  });

  test('refuses a timeoutMs that is missing or not a number', () => {
    const clock = createClock();
    const bulkhead = new Bulkhead(1);
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 10, clock });
    const fallback = (): string => 'x';
    for (const timeoutMs of [undefined, null, '100', [100], -1]) {
      expect(() => composeCall({ bulkhead, breaker, timeoutMs: timeoutMs as unknown as number, fallback, clock }), `timeoutMs ${JSON.stringify(timeoutMs) ?? 'undefined'}`).toThrow(RangeError);
      expect(() => composeCall({ bulkhead, breaker, timeoutMs: timeoutMs as unknown as number, fallback, clock }), `the RangeError for timeoutMs ${JSON.stringify(timeoutMs) ?? 'undefined'} names the option`).toThrow('timeoutMs');
    }
    expect(() => composeCall({ bulkhead, breaker, timeoutMs: 0.5, fallback, clock }), 'timeoutMs 0.5 (finite and > 0)').not.toThrow();
  });
});

/** Calls `fn`, which must throw, and returns what it threw. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return 'nothing was thrown';
}

describe('composeCall (the finished pieces)', () => {
  test('Bulkhead, CircuitBreaker and CallTimeoutError still work as their comments say', () => {
    const rangeErrors: Array<[string, () => unknown, string]> = [
      ['new Bulkhead(0)', () => new Bulkhead(0), 'limit'],
      ['new Bulkhead(1.5)', () => new Bulkhead(1.5), 'limit'],
      ['failureThreshold 0', () => new CircuitBreaker({ failureThreshold: 0, resetTimeoutMs: 10 }), 'failureThreshold'],
      ['failureThreshold 2.5', () => new CircuitBreaker({ failureThreshold: 2.5, resetTimeoutMs: 10 }), 'failureThreshold'],
      ['resetTimeoutMs -1', () => new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: -1 }), 'resetTimeoutMs'],
      ['resetTimeoutMs Infinity', () => new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: Number.POSITIVE_INFINITY }), 'resetTimeoutMs'],
    ];
    for (const [label, make, option] of rangeErrors) {
      const error = thrownBy(make);
      expect(error, label).toBeInstanceOf(RangeError);
      expect((error as Error).message, `the message of the RangeError for ${label}`).toContain(option);
    }
    expect(() => new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 0 }), 'resetTimeoutMs 0 (allowed: non-negative)').not.toThrow();
    const bulkhead = new Bulkhead(1);
    const permit = bulkhead.tryAcquire();
    permit?.release();
    permit?.release();
    expect(bulkhead.active, 'permits out after releasing one permit twice').toBe(0);
    expect(bulkhead.tryAcquire(), 'a permit after that').toBeDefined();
    expect(bulkhead.tryAcquire(), 'a second permit from a bulkhead of 1').toBeUndefined();
    const timeout = new CallTimeoutError(250);
    expect(timeout.name, 'the name of a CallTimeoutError').toBe('CallTimeoutError');
    expect(timeout.message, 'the message of a CallTimeoutError').toContain('250');
    expect(timeout.timeoutMs, 'its timeoutMs').toBe(250);
  });

  test('the breaker: results that arrive while it is open change nothing, and a failed trial opens it again for a full resetTimeoutMs', async () => {
    const { clock, breaker, call } = setup({ limit: 5, failureThreshold: 1, timeoutMs: 10_000, resetTimeoutMs: 100 });
    const lateSuccess = createTask<string>();
    const lateFailure = createTask<string>();
    const succeeded = track(call(() => lateSuccess.fn()));
    const failed = track(call(() => lateFailure.fn()));
    await flushMicrotasks();
    await during('calling call() with an operation that rejects', () => call(() => Promise.reject(new Error('down'))));
    expect(breaker.state, 'breaker state after one failure (failureThreshold 1), at 0 ms').toBe('open');
    await clock.advance(50);
    lateSuccess.resolve('late');
    lateFailure.reject(new Error('late failure'));
    await flushMicrotasks();
    expect([succeeded.value, failed.value], 'the two calls that were already running').toEqual(['late', 'fallback:failed']);
    expect(breaker.state, 'breaker state after a success and a failure arrived while it was open (both ignored)').toBe('open');
    await clock.advance(50);
    const trial = createTask<string>();
    const trialResult = track(call(() => trial.fn()));
    await flushMicrotasks();
    expect(trial.started, 'a call at 100 ms, resetTimeoutMs after the breaker opened (the late failure must not have restarted the wait)').toBe(true);
    trial.reject(new Error('still down'));
    await flushMicrotasks();
    expect(trialResult.value, 'the failed trial').toBe('fallback:failed');
    expect(breaker.state, 'breaker state after the trial failed').toBe('open');
    await clock.advance(99);
    expect(await during('calling call() 99 ms after the failed trial', () => call(() => Promise.resolve('x'))), 'a call 99 ms after the failed trial').toBe('fallback:open');
    await clock.advance(1);
    expect(await during('calling call() 100 ms after the failed trial', () => call(() => Promise.resolve('recovered'))), 'the next trial, 100 ms after the failed one').toBe('recovered');
    expect(breaker.state, 'breaker state after a good trial').toBe('closed');
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

describe('CircuitBreaker (the finished class, as its comments say)', () => {
  test('counts failures only while closed: a failed half-open trial reopens without adding one', async () => {
    const clock = createClock();
    const breaker = new CircuitBreaker({ failureThreshold: 2, resetTimeoutMs: 100, clock });
    for (let failure = 0; failure < 2; failure += 1) {
      expect(breaker.tryAcquirePermission(), 'permission while closed').toBe(true);
      breaker.onFailure();
    }
    expect(breaker.failures, 'failures once the breaker opened').toBe(2);
    await clock.advance(100);
    expect(breaker.tryAcquirePermission(), 'the half-open trial').toBe(true);
    breaker.onFailure();
    expect(breaker.failures, 'failures after the trial failed (counted only while closed)').toBe(2);
    expect(breaker.tryAcquirePermission(), 'permission right after the trial failed: open again').toBe(false);
  });
});
