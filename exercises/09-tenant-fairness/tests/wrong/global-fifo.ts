// Wrong on purpose — mistake: one global first-in, first-out queue. Caps and queue bounds are per
// tenant, but waiting calls are served strictly by arrival across all tenants, which is fair to
// requests and unfair to tenants: a quiet tenant's single call waits behind every call the noisy
// tenant queued before it, a thousand of them if need be.

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
  /** Every waiting call, all tenants together, in arrival order. */
  readonly #queue: Array<{ readonly state: TenantState; readonly start: () => void }> = [];

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
      const start = (): void => {
        this.#execute(tenant, state, fn).then(resolve, reject);
      };
      state.waiting.push(start);
      this.#queue.push({ state, start });
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

  /** While a slot is free, starts the oldest waiting call whose tenant is below its cap. */
  #dispatch(): void {
    while (this.#active < this.limit) {
      const index = this.#queue.findIndex((entry) => entry.state.active < this.perTenantLimit);
      if (index === -1) return;
      const [entry] = this.#queue.splice(index, 1);
      if (entry === undefined) return;
      entry.state.waiting.splice(entry.state.waiting.indexOf(entry.start), 1);
      entry.start();
    }
  }

  /** Drops a tenant with nothing running and nothing waiting, so one-off tenants do not pile up. */
  #forgetIfIdle(tenant: string, state: TenantState): void {
    if (state.active === 0 && state.waiting.length === 0) this.#tenants.delete(tenant);
  }
}
