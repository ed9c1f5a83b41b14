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

export class AdaptiveBulkhead {
  readonly minLimit: number;
  readonly maxLimit: number;
  readonly backoffRatio: number;
  readonly queueSize: number;
  #limit: number;
  #inFlight = 0;

  constructor(options: AdaptiveBulkheadOptions) {
    // TODO: throw a RangeError for a minLimit that is not an integer ≥ 1, a maxLimit below
    // minLimit, an initialLimit outside [minLimit, maxLimit], a backoffRatio outside [0.5, 1),
    // or a queueSize that is not an integer ≥ 0.
    const { initialLimit, minLimit, maxLimit, backoffRatio = 0.9, queueSize = 0 } = options;
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
    return 0; // TODO
  }

  /**
   * Runs `operation` in a slot: at once if one is free and nobody waits, otherwise after waiting
   * in the FIFO queue; rejects with LimitExceededError when the queue is full. Resolves or rejects
   * as the operation does, and feeds its outcome to the limit.
   */
  async run<T>(operation: () => Promise<T> | T): Promise<T> {
    // This is exercise 2's fail-fast bulkhead. Still to do:
    // TODO: a bounded FIFO queue (queueSize) instead of rejecting at once when full.
    // TODO: feed the outcome to the limit. Remember how many calls were in flight when this one
    //   was admitted (itself included). On success, if that number × 2 ≥ the current limit, add 1
    //   (never above maxLimit). On a DroppedCallError, multiply by backoffRatio and round down
    //   (never below minLimit). Any other error leaves the limit alone.
    if (this.#inFlight >= this.#limit) throw new LimitExceededError(this.#limit);
    this.#inFlight += 1;
    try {
      return await operation();
    } finally {
      this.#inFlight -= 1;
    }
  }

  /**
   * Changes the limit in place (an integer in [minLimit, maxLimit]; otherwise a RangeError).
   * Growing starts waiting calls at once; shrinking below the calls in flight interrupts nobody,
   * it only stops admitting until enough of them have finished.
   */
  setLimit(next: number): void {
    // TODO: resize. The tempting way is to build a fresh counter or semaphore with `next`
    // permits and swap it in. Do not: the calls already running hold permits of the OLD one,
    // so the new one over-admits (see the lesson's trace). Keep one limiter, change it in place,
    // and start waiting calls if the limit grew.
    void next;
  }
}
