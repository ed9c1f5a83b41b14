/**
 * Exercise: an adaptive (AIMD) limit that resizes in place.
 *
 * A fixed limit encodes one day's capacity. This bulkhead moves its limit with the outcomes of
 * its calls, the way TCP and Netflix's AIMDLimit do: additive increase while the limiter is busy
 * and calls succeed, multiplicative decrease when the dependency drops calls. And anyone may call
 * setLimit while calls are running, so resizing must never lose or invent a permit.
 *
 * Read instructions.md for the full task. The tests call:
 *   const bulkhead = new AdaptiveBulkhead({ initialLimit: 20, minLimit: 5, maxLimit: 100, backoffRatio: 0.9, queueSize: 10 });
 *   await bulkhead.run(() => callInventory());   // resolves or rejects like callInventory
 *   bulkhead.limit;  bulkhead.inFlight;  bulkhead.queued;
 *   bulkhead.setLimit(12);                       // resize now, in place
 * An operation that throws DroppedCallError tells the bulkhead the dependency is overloaded.
 */

/** Rejection when every slot is taken and the queue is full. The limit does not change. Finished: use it as it is. */
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
 * Finished: the tests throw it from their operations; you only need `instanceof DroppedCallError`.
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

/** How a finished call feeds the AIMD rule. */
type Outcome = 'success' | 'drop' | 'other';

const isIntegerAtLeast = (value: unknown, min: number): value is number => Number.isInteger(value) && (value as number) >= min;

export class AdaptiveBulkhead {
  readonly minLimit: number;
  readonly maxLimit: number;
  readonly backoffRatio: number;
  readonly queueSize: number;
  // The only two numbers of the limiter: free slots are always #limit − #inFlight (may be < 0).
  #limit: number;
  #inFlight = 0;
  /** Waiting calls, oldest first; each entry starts its call when invoked. */
  readonly #waiters: Array<() => void> = [];

  constructor(options: AdaptiveBulkheadOptions) {
    const { initialLimit, minLimit, maxLimit, backoffRatio = 0.9, queueSize = 0 } = options;
    if (!isIntegerAtLeast(minLimit, 1)) throw new RangeError(`minLimit must be an integer ≥ 1, got ${String(minLimit)}`);
    if (!isIntegerAtLeast(maxLimit, minLimit)) {
      throw new RangeError(`maxLimit must be an integer ≥ minLimit (${minLimit}), got ${String(maxLimit)}`);
    }
    if (!isIntegerAtLeast(initialLimit, minLimit) || initialLimit > maxLimit) {
      throw new RangeError(`initialLimit must be an integer in [${minLimit}, ${maxLimit}], got ${String(initialLimit)}`);
    }
    if (typeof backoffRatio !== 'number' || !(backoffRatio >= 0.5 && backoffRatio < 1)) {
      throw new RangeError(`backoffRatio must be in [0.5, 1), got ${String(backoffRatio)}`);
    }
    if (!isIntegerAtLeast(queueSize, 0)) throw new RangeError(`queueSize must be an integer ≥ 0, got ${String(queueSize)}`);
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
    return this.#waiters.length;
  }

  /**
   * Runs `operation` in a slot: at once if one is free and nobody waits, otherwise after waiting
   * in the FIFO queue; rejects with LimitExceededError when the queue is full. Resolves or rejects
   * as the operation does, and feeds its outcome to the limit.
   */
  run<T>(operation: () => Promise<T> | T): Promise<T> {
    // Admission is decided synchronously, at the moment run is called.
    if (this.#inFlight < this.#limit && this.#waiters.length === 0) return this.#execute(operation);
    if (this.#waiters.length < this.queueSize) {
      return new Promise<T>((resolve, reject) => {
        this.#waiters.push(() => {
          this.#execute(operation).then(resolve, reject);
        });
      });
    }
    // Refused by the bulkhead itself: the dependency was never asked, so the limit stays.
    return Promise.reject(new LimitExceededError(this.#limit));
  }

  /**
   * Changes the limit in place (an integer in [minLimit, maxLimit]; otherwise a RangeError).
   * Growing starts waiting calls at once; shrinking below the calls in flight interrupts nobody,
   * it only stops admitting until enough of them have finished.
   */
  setLimit(next: number): void {
    if (!Number.isInteger(next) || next < this.minLimit || next > this.maxLimit) {
      throw new RangeError(`limit must be an integer in [${this.minLimit}, ${this.maxLimit}], got ${String(next)}`);
    }
    // Same counters, new bound: running calls keep their slots and release into #inFlight.
    this.#limit = next;
    this.#drain();
  }

  /** Takes a slot, runs the operation, and on its end frees the slot, adapts the limit and admits waiters. */
  async #execute<T>(operation: () => Promise<T> | T): Promise<T> {
    this.#inFlight += 1;
    const admittedWith = this.#inFlight; // k: calls in flight right after admission, this one included
    let outcome: Outcome = 'other';
    try {
      const value = await operation(); // a synchronous throw lands in catch like a rejection
      outcome = 'success';
      return value;
    } catch (error) {
      if (error instanceof DroppedCallError) outcome = 'drop';
      throw error;
    } finally {
      this.#inFlight -= 1;
      this.#adapt(outcome, admittedWith);
      this.#drain();
    }
  }

  /** The AIMD rule, applied once per finished call. */
  #adapt(outcome: Outcome, admittedWith: number): void {
    if (outcome === 'drop') {
      this.#limit = Math.max(this.minLimit, Math.floor(this.#limit * this.backoffRatio));
    } else if (outcome === 'success' && admittedWith * 2 >= this.#limit) {
      this.#limit = Math.min(this.maxLimit, this.#limit + 1);
    }
  }

  /** Starts waiting calls, first come first served, while a slot is free. */
  #drain(): void {
    while (this.#inFlight < this.#limit && this.#waiters.length > 0) {
      const start = this.#waiters.shift() as () => void;
      start(); // takes its slot synchronously, so the loop condition sees it
    }
  }
}
