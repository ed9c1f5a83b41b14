// Wrong on purpose — mistake: assumes fn returns a promise. fn().then(…) works for async
// functions, but fn may return a plain value (() => 42), and then there is no .then to call: the
// call rejects with a TypeError instead of resolving with 42.

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
  private inFlight = 0;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`limit must be a positive integer, got ${String(limit)}`);
    }
    this.limit = limit;
  }

  /** Calls running now. */
  get active(): number {
    return this.inFlight;
  }

  /** Permits free now. */
  get available(): number {
    return this.limit - this.inFlight;
  }

  /**
   * Runs `fn` if a permit is free, otherwise rejects with BulkheadRejectedError without calling it.
   * The permit is released however `fn` ends.
   */
  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    // Check and take the permit in the same synchronous step: an await in between would let
    // every concurrent caller pass the check before any of them counts itself.
    if (this.inFlight >= this.limit) {
      throw new BulkheadRejectedError(this.limit);
    }
    this.inFlight += 1;
    try {
      return await (fn() as Promise<T>).then((value) => value);
    } finally {
      this.inFlight -= 1;
    }
  }
}
