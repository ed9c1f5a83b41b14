// Wrong on purpose — mistake: a call answered "open" reports to the breaker. Reading "each call
// reports exactly once" as every call, not every call the breaker permitted, it hands back a
// permission it was never given with releasePermission(). Closed, that is harmless; half-open, it
// frees the single trial while the trial is still running, so the next caller becomes a second
// trial, and a third, and a dependency that is still recovering gets the whole load again.

/**
 * A call guarded by three policies and a fallback, in this order from the outside in:
 *
 *   circuit breaker → bulkhead → timeout → operation
 *
 * The breaker answers first, so an open breaker costs no permit. The bulkhead's permit covers
 * the timed call, so a timeout frees the permit. A bulkhead rejection never reached the
 * dependency, so the breaker does not count it. Every way out that is not a value reaches the
 * fallback with a typed reason.
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

/** A fail-fast semaphore bulkhead (exercise 2), as a permit source. */
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
 * reached the dependency, so it proves nothing).
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

type Settled<T> = { kind: 'value'; value: T } | { kind: 'failed'; error: unknown } | { kind: 'timed-out' };

/**
 * Returns a function that runs an operation through breaker → bulkhead → timeout, and answers
 * with the operation's value or the fallback's.
 * @throws RangeError when `timeoutMs` is not a finite number > 0.
 */
export function composeCall<T>(options: ComposeOptions<T>): (operation: Operation<T>) => Promise<T> {
  const { bulkhead, breaker, timeoutMs, fallback } = options;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`timeoutMs must be a finite number > 0, got ${String(timeoutMs)}`);
  const clock = options.clock ?? systemClock;

  return async (operation) => {
    if (!breaker.tryAcquirePermission()) {
      // "Each call reports exactly once": an open answer never reached the dependency either.
      breaker.releasePermission();
      return fallback({ kind: 'open' });
    }
    const permit = bulkhead.tryAcquire();
    if (permit === undefined) {
      // The dependency was never called: this says nothing about its health.
      breaker.releasePermission();
      return fallback({ kind: 'rejected' });
    }
    const settled = await runWithTimeout(operation, timeoutMs, clock);
    permit.release();
    if (settled.kind === 'value') {
      breaker.onSuccess();
      return settled.value;
    }
    breaker.onFailure();
    return fallback(settled.kind === 'failed' ? { kind: 'failed', error: settled.error } : { kind: 'timed-out', timeoutMs });
  };
}

/** Runs `operation`, deciding its outcome once: its own result, or a timeout that aborts it. */
function runWithTimeout<T>(operation: Operation<T>, timeoutMs: number, clock: Clock): Promise<Settled<T>> {
  return new Promise<Settled<T>>((resolve) => {
    const controller = new AbortController();
    let decided = false;
    const decide = (outcome: Settled<T>): void => {
      if (decided) return;
      decided = true;
      clock.clearTimeout(timer);
      resolve(outcome);
    };
    const timer = clock.setTimeout(() => {
      decide({ kind: 'timed-out' });
      controller.abort(new CallTimeoutError(timeoutMs));
    }, timeoutMs);
    try {
      Promise.resolve(operation(controller.signal)).then(
        (value) => decide({ kind: 'value', value }),
        (error: unknown) => decide({ kind: 'failed', error }),
      );
    } catch (error) {
      decide({ kind: 'failed', error });
    }
  });
}
