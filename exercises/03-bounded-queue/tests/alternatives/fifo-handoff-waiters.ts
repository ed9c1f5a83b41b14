/**
 * A bulkhead with a bounded, fair queue: at most `limit` calls run, at most `queueSize` wait, and
 * each waiter waits at most `maxWaitMs`. A finished call hands its permit straight to the first
 * waiter, so nobody can overtake the queue.
 */

/** What the bulkhead needs from a clock. Tests pass a virtual clock; the default is the real one. */
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

/** Rejection when every permit is taken and the queue is full. */
export class BulkheadRejectedError extends Error {
  constructor(
    readonly limit: number,
    readonly queueSize: number,
  ) {
    super(`Bulkhead full: ${limit} running and ${queueSize} waiting`);
    this.name = 'BulkheadRejectedError';
  }
}

/** Rejection when a call waited in the queue for maxWaitMs without getting a permit. */
export class QueueTimeoutError extends Error {
  constructor(readonly maxWaitMs: number) {
    super(`Waited ${maxWaitMs} ms in the bulkhead queue without getting a permit`);
    this.name = 'QueueTimeoutError';
  }
}

/** Settings of a QueuedBulkhead. */
export interface QueuedBulkheadOptions {
  /** Most calls running at once (a positive integer). */
  limit: number;
  /** Most calls waiting at once (a non-negative integer; 0 means fail fast). */
  queueSize: number;
  /** Longest a call may wait for a permit, in milliseconds (finite, non-negative). */
  maxWaitMs: number;
  /** Time source; defaults to systemClock. */
  clock?: Clock;
}

/** Per-call options. */
export interface RunOptions {
  /** Cancels the call while it waits; a call that already started is not affected. */
  signal?: AbortSignal;
}

/** A queued call. `leave` detaches it (timer + abort listener); `start`/`fail` settle its promise. */
interface Waiter {
  /** Starts the call; the permit has already been handed over. */
  start(): void;
  /** Clears the timer and the abort listener. */
  leave(): void;
}

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

export class QueuedBulkhead {
  readonly limit: number;
  readonly queueSize: number;
  readonly maxWaitMs: number;
  private readonly clock: Clock;
  /** Calls holding a permit. */
  #running = 0;
  /** Waiters in arrival order. */
  readonly #waiters: Waiter[] = [];

  constructor(options: QueuedBulkheadOptions) {
    const { limit, queueSize, maxWaitMs } = options;
    if (!isInteger(limit) || limit <= 0) {
      throw new RangeError(`limit must be a positive integer; got ${String(limit)}`);
    }
    if (!isInteger(queueSize) || queueSize < 0) {
      throw new RangeError(`queueSize must be a non-negative integer; got ${String(queueSize)}`);
    }
    if (typeof maxWaitMs !== 'number' || !Number.isFinite(maxWaitMs) || maxWaitMs < 0) {
      throw new RangeError(`maxWaitMs must be a finite, non-negative number; got ${String(maxWaitMs)}`);
    }
    this.limit = limit;
    this.queueSize = queueSize;
    this.maxWaitMs = maxWaitMs;
    this.clock = options.clock ?? systemClock;
  }

  /** Calls running now. */
  get active(): number {
    return this.#running;
  }

  /** Calls waiting for a permit now. */
  get queued(): number {
    return this.#waiters.length;
  }

  /**
   * Runs `fn` when a permit is free. If none is free, waits in the queue (first come, first
   * served) for at most maxWaitMs; rejects with BulkheadRejectedError when the queue is full,
   * with QueueTimeoutError when the wait runs out, and with `signal.reason` when aborted.
   * Never throws synchronously.
   */
  run<T>(fn: () => Promise<T> | T, options: RunOptions = {}): Promise<T> {
    const signal = options.signal;
    if (signal?.aborted === true) return Promise.reject(signal.reason);

    // Admit at once only when a permit is free AND nobody waits (no overtaking the queue).
    if (this.#running < this.limit && this.#waiters.length === 0) {
      this.#running += 1;
      return this.#execute(fn);
    }
    if (this.#waiters.length >= this.queueSize) {
      return Promise.reject(new BulkheadRejectedError(this.limit, this.queueSize));
    }
    return this.#enqueue(fn, signal);
  }

  /** Runs `fn` on a permit already taken, and passes the permit on however `fn` ends. */
  async #execute<T>(fn: () => Promise<T> | T): Promise<T> {
    try {
      return await fn(); // a synchronous throw is caught here too
    } finally {
      this.#release();
    }
  }

  /** Hands the permit to the first waiter, or frees it when nobody waits. */
  #release(): void {
    const next = this.#waiters.shift();
    if (next === undefined) {
      this.#running -= 1;
      return;
    }
    next.leave();
    next.start(); // #running is unchanged: the permit moves from one call to the next
  }

  #enqueue<T>(fn: () => Promise<T> | T, signal: AbortSignal | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      /** Removes this waiter from the queue; false if it had already left. */
      const remove = (): boolean => {
        const index = this.#waiters.indexOf(waiter);
        if (index === -1) return false;
        this.#waiters.splice(index, 1);
        waiter.leave();
        return true;
      };
      const onTimeout = (): void => {
        if (remove()) reject(new QueueTimeoutError(this.maxWaitMs));
      };
      const onAbort = (): void => {
        if (remove()) reject(signal?.reason);
      };
      const timer = this.clock.setTimeout(onTimeout, this.maxWaitMs);
      const waiter: Waiter = {
        start: () => resolve(this.#execute(fn)),
        leave: () => {
          this.clock.clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }
}
