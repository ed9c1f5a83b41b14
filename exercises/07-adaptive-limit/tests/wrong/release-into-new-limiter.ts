// Wrong on purpose — mistake: a call releases into the wrong (new) limiter. Resizing swaps in a
// fresh semaphore, and a finishing call gives its permit back to whichever semaphore is current
// now, not the one it took the permit from. The new semaphore then receives permits it never
// handed out: after setLimit(2) with 2 calls running, 4 calls can run at once, for good.

/** Rejection when every slot is taken and the queue is full. The limit does not change. */
export class LimitExceededError extends Error {
  constructor(readonly limit: number) {
    super(`Concurrency limit of ${limit} reached and the queue is full`);
    this.name = 'LimitExceededError';
  }
}

/** Why a dependency did not serve a call for lack of capacity. */
export type DropReason = 'timeout' | 'rejected' | 'dropped';

/**
 * Thrown by an operation when the dependency did not serve the call for lack of capacity: it
 * timed out, rejected the call as overloaded (HTTP 429/503), or dropped it. The limit backs off.
 */
export class DroppedCallError extends Error {
  constructor(
    readonly reason: DropReason,
    message = `The call was not served (${reason})`,
  ) {
    super(message);
    this.name = 'DroppedCallError';
  }
}

/** Settings of an AdaptiveBulkhead. */
export interface AdaptiveBulkheadOptions {
  /** The limit to start with: an integer in [minLimit, maxLimit]. */
  initialLimit: number;
  /** The limit never goes below this (an integer ≥ 1). */
  minLimit: number;
  /** The limit never goes above this (an integer ≥ minLimit). */
  maxLimit: number;
  /** Factor applied to the limit on a drop, in [0.5, 1); default 0.9. */
  backoffRatio?: number;
  /** Most calls waiting for a slot (an integer ≥ 0); default 0, which means fail fast. */
  queueSize?: number;
}

interface Waiter {
  /** Starts the waiting call in a slot that has just been counted for it. */
  start(): void;
}

type Outcome = 'success' | 'drop' | 'ignore';

/** A counting semaphore: a fixed number of permits, taken and given back one at a time. */
class Semaphore {
  available: number;

  constructor(readonly permits: number) {
    this.available = permits;
  }

  tryAcquire(): boolean {
    if (this.available <= 0) return false;
    this.available -= 1;
    return true;
  }

  release(): void {
    this.available += 1;
  }
}

export class AdaptiveBulkhead {
  readonly minLimit: number;
  readonly maxLimit: number;
  readonly backoffRatio: number;
  readonly queueSize: number;
  #semaphore: Semaphore;
  readonly #waiting: Waiter[] = [];

  constructor(options: AdaptiveBulkheadOptions) {
    const { initialLimit, minLimit, maxLimit, backoffRatio = 0.9, queueSize = 0 } = options;
    if (!Number.isInteger(minLimit) || minLimit < 1) throw new RangeError(`minLimit must be an integer ≥ 1, got ${String(minLimit)}`);
    if (!Number.isInteger(maxLimit) || maxLimit < minLimit) throw new RangeError(`maxLimit must be an integer ≥ minLimit (${minLimit}), got ${String(maxLimit)}`);
    if (!Number.isInteger(initialLimit) || initialLimit < minLimit || initialLimit > maxLimit) {
      throw new RangeError(`initialLimit must be an integer from ${minLimit} to ${maxLimit}, got ${String(initialLimit)}`);
    }
    if (!(backoffRatio >= 0.5 && backoffRatio < 1)) throw new RangeError(`backoffRatio must be at least 0.5 and below 1, got ${String(backoffRatio)}`);
    if (!Number.isInteger(queueSize) || queueSize < 0) throw new RangeError(`queueSize must be an integer ≥ 0, got ${String(queueSize)}`);
    this.minLimit = minLimit;
    this.maxLimit = maxLimit;
    this.backoffRatio = backoffRatio;
    this.queueSize = queueSize;
    this.#semaphore = new Semaphore(initialLimit);
  }

  get limit(): number {
    return this.#semaphore.permits;
  }

  get inFlight(): number {
    return this.#semaphore.permits - this.#semaphore.available;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  run<T>(operation: () => Promise<T> | T): Promise<T> {
    if (this.#waiting.length === 0 && this.#semaphore.tryAcquire()) return this.#execute(this.#semaphore, operation);
    if (this.#waiting.length >= this.queueSize) return Promise.reject(new LimitExceededError(this.limit));
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({ start: () => void this.#execute(this.#semaphore, operation).then(resolve, reject) });
    });
  }

  setLimit(next: number): void {
    if (!Number.isInteger(next) || next < this.minLimit || next > this.maxLimit) {
      throw new RangeError(`setLimit needs an integer from ${this.minLimit} to ${this.maxLimit}, got ${String(next)}`);
    }
    this.#resize(next);
  }

  /** Resizes by swapping in a fresh semaphore with `next` permits. */
  #resize(next: number): void {
    this.#semaphore = new Semaphore(next);
    this.#admitWaiting();
  }

  #execute<T>(semaphore: Semaphore, operation: () => Promise<T> | T): Promise<T> {
    const inFlightAtStart = this.inFlight;
    let pending: Promise<T>;
    try {
      pending = Promise.resolve(operation());
    } catch (error) {
      pending = Promise.reject(error);
    }
    return pending.then(
      (value) => {
        this.#finish(semaphore, inFlightAtStart, 'success');
        return value;
      },
      (error: unknown) => {
        this.#finish(semaphore, inFlightAtStart, error instanceof DroppedCallError ? 'drop' : 'ignore');
        throw error;
      },
    );
  }

  #finish(semaphore: Semaphore, inFlightAtStart: number, outcome: Outcome): void {
    void semaphore;
    this.#semaphore.release();
    const limit = this.limit;
    if (outcome === 'drop') {
      const next = Math.max(this.minLimit, Math.floor(limit * this.backoffRatio));
      if (next !== limit) this.#resize(next);
    } else if (outcome === 'success' && inFlightAtStart * 2 >= limit) {
      const next = Math.min(this.maxLimit, limit + 1);
      if (next !== limit) this.#resize(next);
    }
    this.#admitWaiting();
  }

  #admitWaiting(): void {
    while (this.#waiting.length > 0 && this.#semaphore.tryAcquire()) {
      this.#waiting.shift()?.start();
    }
  }
}
