/**
 * Exercise: per-tenant fairness: a noisy tenant cannot starve the rest.
 *
 * Below is a plain shared limiter: at most `limit` calls run, and the rest wait in ONE queue, first
 * come, first served. That is fair to requests and unfair to tenants. When tenant "noisy" has
 * 1,000 calls waiting, tenant "quiet"'s single call waits behind all of them, and nothing stops
 * noisy from holding every slot. Make it fair to tenants. Read instructions.md for the full task.
 * The tests call:
 *   const limiter = new FairLimiter({ limit: 4, perTenantLimit: 2, perTenantQueue: 100 });
 *   await limiter.run('acme', () => callInventory());
 *   limiter.active;  limiter.queued;  limiter.activeOf('acme');  limiter.queuedOf('acme');
 */

/** Refusal when the tenant already has `perTenantQueue` calls waiting. Other tenants are unaffected. Finished. */
export class TenantQueueFullError extends Error {
  constructor(
    readonly tenant: string,
    readonly perTenantQueue: number,
  ) {
    super(`Tenant "${tenant}" already has ${perTenantQueue} calls waiting`);
    this.name = 'TenantQueueFullError';
  }
}

/** Settings of a FairLimiter. */
export interface FairLimiterOptions {
  /** Calls running at once across all tenants (a positive integer). */
  limit: number;
  /** Calls running at once for any one tenant (a positive integer). */
  perTenantLimit: number;
  /** Calls any one tenant may have waiting (a non-negative integer; 0 means never wait). */
  perTenantQueue: number;
}

export class FairLimiter {
  readonly limit: number;
  readonly perTenantLimit: number;
  readonly perTenantQueue: number;
  #active = 0;
  /** TODO: replace this single first-come-first-served queue (see the hints in run and #release). */
  readonly #queue: Array<() => void> = [];

  constructor(options: FairLimiterOptions) {
    // TODO: throw a RangeError when limit or perTenantLimit is not an integer ≥ 1, or
    // perTenantQueue is not an integer ≥ 0.
    this.limit = options.limit;
    this.perTenantLimit = options.perTenantLimit;
    this.perTenantQueue = options.perTenantQueue;
  }

  /** Calls running now, all tenants together. */
  get active(): number {
    return this.#active;
  }

  /** Calls waiting now, all tenants together. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Calls of `tenant` running now. */
  activeOf(tenant: string): number {
    void tenant;
    return 0; // TODO
  }

  /** Calls of `tenant` waiting now. */
  queuedOf(tenant: string): number {
    void tenant;
    return 0; // TODO
  }

  /**
   * Runs `fn` for `tenant`: now if a slot is free and the tenant is below its cap, otherwise when
   * the tenant's turn comes. Rejects with TenantQueueFullError when the tenant's queue is full.
   */
  run<T>(tenant: string, fn: () => Promise<T> | T): Promise<T> {
    // TODO: reject with a RangeError when tenant is not a non-empty string.
    // TODO: keep per tenant how many of its calls run and its own FIFO queue of waiting calls.
    //   Start now only if a slot is free, the tenant is below perTenantLimit, and it has nothing
    //   waiting. Otherwise wait in the tenant's own queue if it holds fewer than perTenantQueue
    //   calls; otherwise reject with TenantQueueFullError.
    void tenant;
    if (this.#active < this.limit) return this.#execute(fn);
    return new Promise<T>((resolve, reject) => {
      this.#queue.push(() => {
        this.#execute(fn).then(resolve, reject);
      });
    });
  }

  async #execute<T>(fn: () => Promise<T> | T): Promise<T> {
    this.#active += 1;
    try {
      return await fn();
    } finally {
      this.#active -= 1;
      this.#release();
    }
  }

  /** Called whenever a call ends, however it ended. */
  #release(): void {
    // TODO: instead of the oldest call overall, give the tenants turns. Keep a rotation of the
    //   tenants that have calls waiting (a tenant joins at the back when its first call starts
    //   waiting). While a slot is free, take the tenant at the front: if it is at its cap, send it
    //   to the back (it loses this turn); otherwise start its oldest waiting call and send it to
    //   the back if it still has calls waiting. Stop once you have passed over every tenant in the
    //   rotation in a row.
    const next = this.#queue.shift();
    next?.();
  }
}
