// Wrong on purpose — mistake: a synchronous throw escapes run(). The operation is assumed to
// return a promise, so it is called with no try/catch: one that throws before its first await
// makes run() itself throw, after inFlight was already counted. That slot is never given back,
// the drop is never seen by AIMD, and a few such throws leave the bulkhead full of nothing.

/**
 * A bulkhead whose limit moves with the outcomes of its calls (AIMD, as in Netflix's
 * concurrency-limits `AIMDLimit`) and can be resized while calls run. There is ONE limiter: the
 * limit and the number in flight are two counters, and free slots are derived from them. A
 * resize changes only the limit, so calls that started before it still end in the same count,
 * and no permit is ever created or lost.
 */

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

export class AdaptiveBulkhead {
  readonly minLimit: number;
  readonly maxLimit: number;
  readonly backoffRatio: number;
  readonly queueSize: number;
  #limit: number;
  #inFlight = 0;
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
    this.#limit = initialLimit;
  }

  /** The current limit: most calls admitted at once. */
  get limit(): number {
    return this.#limit;
  }

  /** Calls running now. Can exceed `limit` just after a shrink, until running calls finish. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Calls waiting for a slot now. */
  get queued(): number {
    return this.#waiting.length;
  }

  /**
   * Runs `operation` in a slot: at once if one is free and nobody waits, otherwise after waiting
   * in the FIFO queue; rejects with LimitExceededError when the queue is full. Resolves or rejects
   * as the operation does, and feeds its outcome to the limit.
   */
  run<T>(operation: () => Promise<T> | T): Promise<T> {
    if (this.#inFlight < this.#limit && this.#waiting.length === 0) return this.#execute(operation);
    if (this.#waiting.length >= this.queueSize) return Promise.reject(new LimitExceededError(this.#limit));
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({ start: () => void this.#execute(operation).then(resolve, reject) });
    });
  }

  /**
   * Changes the limit in place (an integer in [minLimit, maxLimit]; otherwise a RangeError).
   * Growing starts waiting calls at once; shrinking below the calls in flight interrupts nobody,
   * it only stops admitting until enough of them have finished.
   */
  setLimit(next: number): void {
    if (!Number.isInteger(next) || next < this.minLimit || next > this.maxLimit) {
      throw new RangeError(`setLimit needs an integer from ${this.minLimit} to ${this.maxLimit}, got ${String(next)}`);
    }
    this.#limit = next;
    this.#admitWaiting();
  }

  #execute<T>(operation: () => Promise<T> | T): Promise<T> {
    this.#inFlight += 1;
    // AIMD judges "was the limiter busy?" by the calls in flight when this one was admitted.
    const inFlightAtStart = this.#inFlight;
    const pending: Promise<T> = Promise.resolve(operation());
    return pending.then(
      (value) => {
        this.#finish(inFlightAtStart, 'success');
        return value;
      },
      (error: unknown) => {
        this.#finish(inFlightAtStart, error instanceof DroppedCallError ? 'drop' : 'ignore');
        throw error;
      },
    );
  }

  #finish(inFlightAtStart: number, outcome: Outcome): void {
    this.#inFlight -= 1;
    if (outcome === 'drop') {
      this.#limit = Math.max(this.minLimit, Math.floor(this.#limit * this.backoffRatio));
    } else if (outcome === 'success' && inFlightAtStart * 2 >= this.#limit) {
      this.#limit = Math.min(this.maxLimit, this.#limit + 1);
    }
    this.#admitWaiting();
  }

  #admitWaiting(): void {
    while (this.#inFlight < this.#limit) {
      const next = this.#waiting.shift();
      if (next === undefined) return;
      next.start();
    }
  }
}
