// Wrong on purpose — mistake: releasing only for Error instances. The catch block gives the
// permit back only when an Error was thrown, so `throw "boom"` or a rejection with a plain value
// leaks the permit.
/** Thrown (as a rejection) when every permit is taken. */
export class BulkheadRejectedError extends Error {
  readonly limit: number;

  constructor(limit: number) {
    super(`Bulkhead full: all ${limit} permits are in use`);
    this.name = 'BulkheadRejectedError';
    this.limit = limit;
  }
}

export class Bulkhead {
  readonly limit: number;
  private inFlight = 0;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${String(limit)}`);
    this.limit = limit;
  }

  get active(): number {
    return this.inFlight;
  }

  get available(): number {
    return this.limit - this.inFlight;
  }

  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    if (this.inFlight >= this.limit) throw new BulkheadRejectedError(this.limit);
    this.inFlight += 1;
    try {
      const value = await fn();
      this.inFlight -= 1;
      return value;
    } catch (error) {
      if (error instanceof Error) this.inFlight -= 1;
      throw error;
    }
  }
}
