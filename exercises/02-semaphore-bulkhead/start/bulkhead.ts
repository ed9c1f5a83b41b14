/**
 * Exercise: a semaphore bulkhead that fails fast.
 *
 * A bulkhead caps how many calls to one dependency may be in flight at once, so a slow
 * dependency can only tie up its own share of your service. This one never queues: when every
 * permit is taken, a new call is rejected at once with a BulkheadRejectedError.
 *
 * Read instructions.md for the full task. The tests call:
 *   const bulkhead = new Bulkhead(2);
 *   await bulkhead.run(() => fetchPrice(id));   // resolves or rejects like fetchPrice
 *   bulkhead.active;                              // calls running now
 *   bulkhead.available;                           // permits free now
 */

/** Thrown (as a rejection) when every permit is taken. This class is done: use it as it is. */
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

  constructor(limit: number) {
    // TODO: reject a limit that is not a positive integer (0, -1, 1.5, NaN) with a RangeError.
    this.limit = limit;
  }

  /** Calls running now. */
  get active(): number {
    // TODO: count the calls in flight.
    return 0;
  }

  /** Permits free now. */
  get available(): number {
    return this.limit - this.active;
  }

  /**
   * Runs `fn` if a permit is free, otherwise rejects with BulkheadRejectedError without calling it.
   * The permit must come back however `fn` ends: resolve, reject, or a synchronous throw.
   */
  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    // TODO: this lets every call through. Take a permit first, reject when none is left,
    // and give the permit back when the call ends.
    return await fn();
  }
}
