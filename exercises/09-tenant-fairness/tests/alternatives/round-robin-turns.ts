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

/** One tenant's share of the limiter. */
interface TenantState {
  /** Calls of this tenant running now. */
  active: number;
  /** This tenant's waiting calls, oldest first; each entry starts its call when invoked. */
  readonly waiting: Array<() => void>;
}

const isIntegerAtLeast = (value: unknown, min: number): value is number => Number.isInteger(value) && (value as number) >= min;

export class FairLimiter {
  readonly limit: number;
  readonly perTenantLimit: number;
  readonly perTenantQueue: number;
  #active = 0;
  #queued = 0;
  /** Tenants with running or waiting calls (idle tenants are dropped, so the map stays small). */
  readonly #tenants = new Map<string, TenantState>();
  /** Tenants with calls waiting, front = next turn. A tenant is in it exactly when its queue is non-empty. */
  readonly #rotation: string[] = [];
  /** Re-entrancy guard: a call ending while we dispatch asks for another pass instead of nesting. */
  #dispatching = false;
  #dispatchAgain = false;

  constructor(options: FairLimiterOptions) {
    const { limit, perTenantLimit, perTenantQueue } = options;
    if (!isIntegerAtLeast(limit, 1)) throw new RangeError(`limit must be an integer ≥ 1, got ${String(limit)}`);
    if (!isIntegerAtLeast(perTenantLimit, 1)) throw new RangeError(`perTenantLimit must be an integer ≥ 1, got ${String(perTenantLimit)}`);
    if (!isIntegerAtLeast(perTenantQueue, 0)) throw new RangeError(`perTenantQueue must be an integer ≥ 0, got ${String(perTenantQueue)}`);
    this.limit = limit;
    this.perTenantLimit = perTenantLimit;
    this.perTenantQueue = perTenantQueue;
  }

  /** Calls running now, all tenants together. */
  get active(): number {
    return this.#active;
  }

  /** Calls waiting now, all tenants together. */
  get queued(): number {
    return this.#queued;
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
    // Start now only if nothing of this tenant waits: its own calls stay first come, first served.
    if (this.#active < this.limit && state.active < this.perTenantLimit && state.waiting.length === 0) {
      return this.#execute(tenant, state, fn);
    }
    if (state.waiting.length >= this.perTenantQueue) {
      this.#forgetIfIdle(tenant, state);
      return Promise.reject(new TenantQueueFullError(tenant, this.perTenantQueue));
    }
    return new Promise<T>((resolve, reject) => {
      if (state.waiting.length === 0) this.#rotation.push(tenant); // first waiting call: join at the back
      state.waiting.push(() => {
        this.#execute(tenant, state, fn).then(resolve, reject);
      });
      this.#queued += 1;
    });
  }

  /** Takes a slot, runs `fn`, and on any ending frees the slot and lets the next turn happen. */
  async #execute<T>(tenant: string, state: TenantState, fn: () => Promise<T> | T): Promise<T> {
    this.#active += 1;
    state.active += 1;
    try {
      return await fn(); // a synchronous throw (of anything) also lands in finally
    } finally {
      this.#active -= 1;
      state.active -= 1;
      this.#forgetIfIdle(tenant, state);
      this.#dispatch();
    }
  }

  /** Gives turns round robin while a slot is free, until every tenant in the rotation was passed over in a row. */
  #dispatch(): void {
    if (this.#dispatching) {
      this.#dispatchAgain = true;
      return;
    }
    this.#dispatching = true;
    try {
      do {
        this.#dispatchAgain = false;
        let passes = 0;
        while (this.#active < this.limit && this.#rotation.length > 0 && passes < this.#rotation.length) {
          const tenant = this.#rotation.shift() as string;
          const state = this.#tenants.get(tenant) as TenantState;
          if (state.active >= this.perTenantLimit) {
            // At its cap: it loses this turn.
            this.#rotation.push(tenant);
            passes += 1;
            continue;
          }
          const start = state.waiting.shift() as () => void;
          this.#queued -= 1;
          // Decide its place before starting: the call may synchronously send another one, which
          // must then join at the back like any newcomer rather than keep this turn.
          if (state.waiting.length > 0) this.#rotation.push(tenant);
          passes = 0;
          start();
        }
      } while (this.#dispatchAgain);
    } finally {
      this.#dispatching = false;
    }
  }

  #stateOf(tenant: string): TenantState {
    let state = this.#tenants.get(tenant);
    if (state === undefined) {
      state = { active: 0, waiting: [] };
      this.#tenants.set(tenant, state);
    }
    return state;
  }

  /** Drops the record of a tenant with nothing running or waiting. */
  #forgetIfIdle(tenant: string, state: TenantState): void {
    if (state.active === 0 && state.waiting.length === 0 && this.#tenants.get(tenant) === state) this.#tenants.delete(tenant);
  }
}
