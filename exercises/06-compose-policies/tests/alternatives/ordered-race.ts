/**
 * Exercise: compose a timeout, a circuit breaker and a bulkhead, with a fallback.
 *
 * Each policy on its own is simple, and all of them are provided below, finished: a Bulkhead
 * (permits), a CircuitBreaker (permission, then a report) and a CallTimeoutError. Your job is
 * composeCall at the bottom of the file: the ORDER the policies run in and the wiring between
 * them. Get the order wrong and each policy still "works", but they work against each other.
 *
 * Read instructions.md for the full task. The tests call:
 *   const bulkhead = new Bulkhead(2);
 *   const breaker = new CircuitBreaker({ failureThreshold: 3, resetTimeoutMs: 1000, clock });
 *   const call = composeCall({ bulkhead, breaker, timeoutMs: 100, clock, fallback: (reason) => cached(reason) });
 *   await call((signal) => fetchPrice(id, { signal }));   // the value, or the fallback's value
 *
 * Timers: use clock.setTimeout / clock.clearTimeout (options.clock ?? systemClock), never the
 * global ones, so the tests can move time forward instantly.
 */

/** What the policies need from a clock. Tests pass a virtual clock; the default is the real one. */
export interface Clock {
  /** Current time in milliseconds. */
  now(): number;
  /** Runs `callback` once after `ms` milliseconds; returns a handle for clearTimeout. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer made by setTimeout. */
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The reason a timed-out call's signal is aborted with. */
export class CallTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The call did not finish within ${timeoutMs} ms`);
    this.name = 'CallTimeoutError';
  }
}

/** One admitted call's claim on a bulkhead. */
export interface Permit {
  /** Gives the permit back. A second call does nothing. */
  release(): void;
}

/** A fail-fast semaphore bulkhead (exercise 2), as a permit source. Finished: use it as it is. */
export class Bulkhead {
  /** Most permits out at once. */
  readonly limit: number;
  #active = 0;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${String(limit)}`);
    this.limit = limit;
  }

  /** Permits out now. */
  get active(): number {
    return this.#active;
  }

  /** Takes a permit if one is free (check and take in one synchronous step); otherwise undefined. */
  tryAcquire(): Permit | undefined {
    if (this.#active >= this.limit) return undefined;
    this.#active += 1;
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.#active -= 1;
      },
    };
  }
}

/** Where a circuit breaker is. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Settings of a CircuitBreaker. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker (a positive integer). */
  failureThreshold: number;
  /** How long the breaker stays open before it lets one trial call through, in milliseconds. */
  resetTimeoutMs: number;
  /** Time source; defaults to systemClock. */
  clock?: Clock;
}

/**
 * A consecutive-failure circuit breaker. Closed: every call is permitted; `failureThreshold`
 * failures in a row open it. Open: nothing is permitted until `resetTimeoutMs` has passed; then it
 * is half-open and permits ONE trial call at a time. The trial's success closes it; its failure
 * opens it again. Permission works like Resilience4j's: ask with `tryAcquirePermission()`, then
 * report exactly one of `onSuccess()`, `onFailure()` or `releasePermission()` (the call never
 * reached the dependency, so it proves nothing). Finished: use it as it is.
 */
export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly resetTimeoutMs: number;
  private readonly clock: Clock;
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #trialOut = false;

  constructor(options: CircuitBreakerOptions) {
    const { failureThreshold, resetTimeoutMs } = options;
    if (!Number.isInteger(failureThreshold) || failureThreshold < 1) {
      throw new RangeError(`failureThreshold must be a positive integer, got ${String(failureThreshold)}`);
    }
    if (!Number.isFinite(resetTimeoutMs) || resetTimeoutMs < 0) {
      throw new RangeError(`resetTimeoutMs must be a finite, non-negative number, got ${String(resetTimeoutMs)}`);
    }
    this.failureThreshold = failureThreshold;
    this.resetTimeoutMs = resetTimeoutMs;
    this.clock = options.clock ?? systemClock;
  }

  /** Where the breaker is now. It reads "open" until a call asks for permission after the reset timeout. */
  get state(): BreakerState {
    return this.#state;
  }

  /** Consecutive failures recorded while closed (reset by a success). */
  get failures(): number {
    return this.#failures;
  }

  /** Whether a call may go ahead now. A `true` must be followed by exactly one report. */
  tryAcquirePermission(): boolean {
    if (this.#state === 'closed') return true;
    if (this.#state === 'open') {
      if (this.clock.now() - this.#openedAt < this.resetTimeoutMs) return false;
      this.#state = 'half-open';
      this.#trialOut = false;
    }
    if (this.#trialOut) return false;
    this.#trialOut = true;
    return true;
  }

  /** A permitted call never reached the dependency: hand the permission back, record nothing. */
  releasePermission(): void {
    if (this.#state === 'half-open') this.#trialOut = false;
  }

  /** A permitted call succeeded. */
  onSuccess(): void {
    if (this.#state === 'open') return;
    this.#state = 'closed';
    this.#failures = 0;
    this.#trialOut = false;
  }

  /** A permitted call failed or timed out. */
  onFailure(): void {
    if (this.#state === 'open') return;
    if (this.#state === 'half-open') {
      this.open();
      return;
    }
    this.#failures += 1;
    if (this.#failures >= this.failureThreshold) this.open();
  }

  private open(): void {
    this.#state = 'open';
    this.#openedAt = this.clock.now();
    this.#trialOut = false;
  }
}

/** Why the fallback was called. */
export type FallbackReason =
  /** The breaker is open: the call was not attempted and took no permit. */
  | { kind: 'open' }
  /** Every bulkhead permit was taken: the call was not attempted. */
  | { kind: 'rejected' }
  /** The call ran longer than `timeoutMs`; its signal was aborted. */
  | { kind: 'timed-out'; timeoutMs: number }
  /** The call threw or rejected with `error` (any value, not only Errors). */
  | { kind: 'failed'; error: unknown };

/** The guarded work: it receives a signal that aborts when the call times out. */
export type Operation<T> = (signal: AbortSignal) => Promise<T> | T;

/** What composeCall needs. */
export interface ComposeOptions<T> {
  /** Caps calls in flight. */
  bulkhead: Bulkhead;
  /** Stops calling a failing dependency. */
  breaker: CircuitBreaker;
  /** Longest a call may run, in milliseconds (finite, > 0). */
  timeoutMs: number;
  /** Produces the answer when the call cannot: gets the reason, returns a value (or throws). */
  fallback: (reason: FallbackReason) => T | Promise<T>;
  /** Time source for the timeout; defaults to systemClock. */
  clock?: Clock;
}

/** How an admitted call ended: with a value, or with a reason for the fallback. */
type Outcome<T> = { ok: true; value: T } | { ok: false; reason: FallbackReason };

/**
 * Returns a function that runs an operation through the three policies and answers with the
 * operation's value or the fallback's.
 *
 * Order: breaker ( bulkhead ( timeout ( operation ) ) ). The breaker answers before anything is
 * spent; the bulkhead's permit covers exactly the time the call is allowed to take.
 * @throws RangeError when `timeoutMs` is not a finite number > 0.
 */
export function composeCall<T>(options: ComposeOptions<T>): (operation: Operation<T>) => Promise<T> {
  const { bulkhead, breaker, timeoutMs, fallback } = options;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a finite number > 0, got ${String(timeoutMs)}`);
  }
  const clock = options.clock ?? systemClock;

  /**
   * Runs an admitted operation against its timeout. The first of (value, error, timer) decides the
   * outcome; at that moment the permit goes back and the breaker gets its single report, so both
   * happen before the fallback runs. Anything later is ignored.
   */
  const runAdmitted = (operation: Operation<T>, permit: Permit): Promise<Outcome<T>> =>
    new Promise<Outcome<T>>((resolve) => {
      const controller = new AbortController();
      let decided = false;

      const decide = (outcome: Outcome<T>): boolean => {
        if (decided) return false;
        decided = true;
        clock.clearTimeout(timer);
        permit.release();
        if (outcome.ok) breaker.onSuccess();
        else breaker.onFailure();
        resolve(outcome);
        return true;
      };

      const timer = clock.setTimeout(() => {
        // Settle first, so whatever the operation does in response to the abort is ignored.
        if (decide({ ok: false, reason: { kind: 'timed-out', timeoutMs } })) {
          controller.abort(new CallTimeoutError(timeoutMs));
        }
      }, timeoutMs);

      let pending: Promise<T>;
      try {
        // A synchronous throw is a failure like a rejection.
        pending = Promise.resolve(operation(controller.signal));
      } catch (error) {
        decide({ ok: false, reason: { kind: 'failed', error } });
        return;
      }
      pending.then(
        (value) => void decide({ ok: true, value }),
        (error: unknown) => void decide({ ok: false, reason: { kind: 'failed', error } }),
      );
    });

  return async (operation) => {
    // 1. An open breaker answers first: no permit asked for, operation not called.
    if (!breaker.tryAcquirePermission()) return fallback({ kind: 'open' });
    // 2. A full bulkhead says nothing about the dependency: hand the breaker's permission back.
    const permit = bulkhead.tryAcquire();
    if (permit === undefined) {
      breaker.releasePermission();
      return fallback({ kind: 'rejected' });
    }
    // 3–5. Timeout inside the bulkhead; the outcome is final once decided.
    const outcome = await runAdmitted(operation, permit);
    return outcome.ok ? outcome.value : fallback(outcome.reason);
  };
}
