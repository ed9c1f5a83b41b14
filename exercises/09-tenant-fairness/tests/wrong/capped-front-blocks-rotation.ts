// Wrong on purpose — mistake: a capped tenant at the front of the rotation stops the dispatch.
// Instead of losing its turn and going to the back, it keeps its place and nothing starts until
// one of its own calls ends, so a tenant over its cap holds free slots away from tenants that are
// well below theirs.

/**
 * A shared concurrency limiter that is fair to tenants rather than to requests. At most `limit`
 * calls run in total and at most `perTenantLimit` per tenant. Calls that cannot start wait in
 * their own tenant's bounded FIFO queue, and when a slot frees up the tenants take turns (round
 * robin), so a tenant with a thousand waiting calls delays a quiet tenant by one turn, not by a
 * thousand calls.
 */

/** Refusal when the tenant already has `perTenantQueue` calls waiting. Other tenants are unaffected. */
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

interface TenantState {
  active: number;
  /** Starters of this tenant's waiting calls, oldest first. */
  readonly waiting: Array<() => void>;
}

function integerAtLeast(value: number, minimum: number, what: string): number {
  if (!Number.isInteger(value) || value < minimum) throw new RangeError(`${what} must be an integer of at least ${minimum}, got ${String(value)}`);
  return value;
}

export class FairLimiter {
  readonly limit: number;
  readonly perTenantLimit: number;
  readonly perTenantQueue: number;
  #active = 0;
  readonly #tenants = new Map<string, TenantState>();
  /** Tenants with waiting calls, in turn order: the front one is served next. */
  readonly #rotation: string[] = [];

  constructor(options: FairLimiterOptions) {
    this.limit = integerAtLeast(options.limit, 1, 'limit');
    this.perTenantLimit = integerAtLeast(options.perTenantLimit, 1, 'perTenantLimit');
    this.perTenantQueue = integerAtLeast(options.perTenantQueue, 0, 'perTenantQueue');
  }

  /** Calls running now, all tenants together. */
  get active(): number {
    return this.#active;
  }

  /** Calls waiting now, all tenants together. */
  get queued(): number {
    let total = 0;
    for (const state of this.#tenants.values()) total += state.waiting.length;
    return total;
  }

  /** Calls of `tenant` running now. */
  activeOf(tenant: string): number {
    return this.#tenants.get(tenant)?.active ?? 0;
  }

  /** Calls of `tenant` waiting now. */
  queuedOf(tenant: string): number {
    return this.#tenants.get(tenant)?.waiting.length ?? 0;
  }

  /**
   * Runs `fn` for `tenant`: now if a slot is free and the tenant is below its cap, otherwise when
   * the tenant's turn comes. Rejects with TenantQueueFullError when the tenant's queue is full.
   */
  run<T>(tenant: string, fn: () => Promise<T> | T): Promise<T> {
    if (typeof tenant !== 'string' || tenant === '') return Promise.reject(new RangeError('tenant must be a non-empty string'));
    const state = this.#stateOf(tenant);
    if (this.#active < this.limit && state.active < this.perTenantLimit && state.waiting.length === 0) {
      return this.#execute(tenant, state, fn);
    }
    if (state.waiting.length >= this.perTenantQueue) {
      this.#forgetIfIdle(tenant, state);
      return Promise.reject(new TenantQueueFullError(tenant, this.perTenantQueue));
    }
    return new Promise<T>((resolve, reject) => {
      state.waiting.push(() => {
        this.#execute(tenant, state, fn).then(resolve, reject);
      });
      if (state.waiting.length === 1) this.#rotation.push(tenant);
    });
  }

  #stateOf(tenant: string): TenantState {
    let state = this.#tenants.get(tenant);
    if (state === undefined) {
      state = { active: 0, waiting: [] };
      this.#tenants.set(tenant, state);
    }
    return state;
  }

  async #execute<T>(tenant: string, state: TenantState, fn: () => Promise<T> | T): Promise<T> {
    this.#active += 1;
    state.active += 1;
    try {
      return await fn();
    } finally {
      this.#active -= 1;
      state.active -= 1;
      this.#forgetIfIdle(tenant, state);
      this.#dispatch();
    }
  }

  /**
   * While a slot is free, gives the tenant at the front of the rotation its turn: its oldest
   * waiting call starts, and it goes to the back if it still has calls waiting. A tenant at its
   * cap loses the turn and goes to the back. Stops when every tenant in the rotation is capped.
   */
  #dispatch(): void {
    let passedOver = 0;
    while (this.#active < this.limit && passedOver < this.#rotation.length) {
      const tenant = this.#rotation.shift();
      const state = tenant === undefined ? undefined : this.#tenants.get(tenant);
      if (tenant === undefined || state === undefined) continue;
      if (state.active >= this.perTenantLimit) {
        // Keep strict turn order: the front tenant keeps its place until it can go.
        this.#rotation.unshift(tenant);
        return;
      }
      passedOver = 0;
      const start = state.waiting.shift();
      if (state.waiting.length > 0) this.#rotation.push(tenant);
      start?.();
    }
  }

  /** Drops a tenant with nothing running and nothing waiting, so one-off tenants do not pile up. */
  #forgetIfIdle(tenant: string, state: TenantState): void {
    if (state.active === 0 && state.waiting.length === 0) this.#tenants.delete(tenant);
  }
}
