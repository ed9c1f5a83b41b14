// Wrong on purpose — mistake: starting the call before deciding. fn() is called first and the
// result thrown away when the bulkhead is full, so the protected dependency still gets every call.
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
    const pending = Promise.resolve().then(fn);
    if (this.inFlight >= this.limit) {
      pending.catch(() => undefined);
      throw new BulkheadRejectedError(this.limit);
    }
    this.inFlight += 1;
    try {
      return await pending;
    } finally {
      this.inFlight -= 1;
    }
  }
}
