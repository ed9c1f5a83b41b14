// Wrong on purpose — mistake: throwing synchronously instead of rejecting. run() is not async,
// so a full bulkhead throws from the call itself; callers that handle failures with .catch() or
// a rejected promise never see it, and a synchronous throw from fn escapes the same way.
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

  run<T>(fn: () => Promise<T> | T): Promise<T> {
    if (this.inFlight >= this.limit) throw new BulkheadRejectedError(this.limit);
    this.inFlight += 1;
    return Promise.resolve(fn()).finally(() => {
      this.inFlight -= 1;
    });
  }
}
