// Wrong on purpose — mistake: "full" is checked before the signal. A caller whose signal is
// already aborted gets BulkheadRejectedError when the bulkhead and its queue are full, instead of
// its own abort reason, so it cannot tell "I cancelled" from "the dependency is overloaded".

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

interface Waiter {
  /** Takes the waiter out of the queue's hands and starts its call with the handed-over permit. */
  start(): void;
}

export class QueuedBulkhead {
  readonly limit: number;
  readonly queueSize: number;
  readonly maxWaitMs: number;
  private readonly clock: Clock;
  private inFlight = 0;
  private readonly waiting: Waiter[] = [];

  constructor(options: QueuedBulkheadOptions) {
    const { limit, queueSize, maxWaitMs } = options;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${String(limit)}`);
    if (!Number.isInteger(queueSize) || queueSize < 0) throw new RangeError(`queueSize must be a non-negative integer, got ${String(queueSize)}`);
    if (!Number.isFinite(maxWaitMs) || maxWaitMs < 0) throw new RangeError(`maxWaitMs must be a finite, non-negative number, got ${String(maxWaitMs)}`);
    this.limit = limit;
    this.queueSize = queueSize;
    this.maxWaitMs = maxWaitMs;
    this.clock = options.clock ?? systemClock;
  }

  /** Calls running now. */
  get active(): number {
    return this.inFlight;
  }

  /** Calls waiting for a permit now. */
  get queued(): number {
    return this.waiting.length;
  }

  run<T>(fn: () => Promise<T> | T, options: RunOptions = {}): Promise<T> {
    const { signal } = options;
    if (this.inFlight >= this.limit && this.waiting.length >= this.queueSize) {
      return Promise.reject(new BulkheadRejectedError(this.limit, this.queueSize));
    }
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    // A free permit goes to a newcomer only when nobody is waiting: waiters come first.
    if (this.inFlight < this.limit && this.waiting.length === 0) {
      this.inFlight += 1;
      return this.execute(fn);
    }
    if (this.waiting.length >= this.queueSize) {
      return Promise.reject(new BulkheadRejectedError(this.limit, this.queueSize));
    }
    return new Promise<T>((resolve, reject) => {
      const leaveQueue = (): void => {
        const index = this.waiting.indexOf(waiter);
        if (index !== -1) this.waiting.splice(index, 1);
        this.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        start: () => {
          leaveQueue();
          this.execute(fn).then(resolve, reject);
        },
      };
      const onAbort = (): void => {
        leaveQueue();
        reject(signal?.reason);
      };
      const timer = this.clock.setTimeout(() => {
        leaveQueue();
        reject(new QueueTimeoutError(this.maxWaitMs));
      }, this.maxWaitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private async execute<T>(fn: () => Promise<T> | T): Promise<T> {
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting[0];
    if (next === undefined) {
      this.inFlight -= 1;
      return;
    }
    // Hand the permit over without putting it back: `inFlight` stays the same, and no newcomer
    // can take it in between.
    next.start();
  }
}
