/**
 * A semaphore bulkhead that fails fast: at most `limit` calls in flight, no queue.
 */

/** Thrown (as a rejection) when every permit is taken. */
export class BulkheadRejectedError extends Error {
  /** The bulkhead's limit at the time of the rejection. */
  readonly limit: number;

  constructor(limit: number) {
    super(`Bulkhead full: all ${limit} permits are in use`);
    this.name = 'BulkheadRejectedError';
    this.limit = limit;
  }
}

export class Bulkhead {
  /** Most calls allowed in flight at once. */
  readonly limit: number;
  /** Calls currently holding a permit. */
  #inFlight = 0;

  constructor(limit: number) {
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit <= 0) {
      throw new RangeError(`Bulkhead limit must be a positive integer; got ${String(limit)}`);
    }
    this.limit = limit;
  }

  /** Calls running now. */
  get active(): number {
    return this.#inFlight;
  }

  /** Permits free now. */
  get available(): number {
    return this.limit - this.#inFlight;
  }

  /**
   * Runs `fn` if a permit is free, otherwise rejects with BulkheadRejectedError without calling it.
   * Being `async`, this never throws synchronously: every failure becomes a rejection.
   */
  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    // Check and take the permit in one synchronous step: no await before the increment.
    if (this.#inFlight >= this.limit) {
      throw new BulkheadRejectedError(this.limit);
    }
    this.#inFlight += 1;
    try {
      // A synchronous throw from fn lands in this try as well, so the permit still comes back.
      return await fn();
    } finally {
      this.#inFlight -= 1;
    }
  }
}
