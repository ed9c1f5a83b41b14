// Wrong on purpose — mistake: check-then-act across an await. The check and the increment are
// separated by an await, so callers arriving in the same tick all pass the check before any of
// them counts itself, and the limit is exceeded.
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

  private async hasPermit(): Promise<boolean> {
    return this.inFlight < this.limit;
  }

  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    if (!(await this.hasPermit())) throw new BulkheadRejectedError(this.limit);
    this.inFlight += 1;
    try {
      return await fn();
    } finally {
      this.inFlight -= 1;
    }
  }
}
