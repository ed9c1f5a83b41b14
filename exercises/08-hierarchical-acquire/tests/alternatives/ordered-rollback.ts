/**
 * Exercise: hierarchical permits with rollback: service, endpoint, tenant.
 *
 * One request passes three walls: the service as a whole, its endpoint, and its tenant's
 * compartment on that endpoint. It needs a permit from all three or it must hold none. Read
 * instructions.md for the full task. The tests call:
 *   const bulkhead = new HierarchicalBulkhead({
 *     serviceLimit: 200,
 *     endpoints: { search: { limit: 80, perTenant: 10 }, export: { limit: 40, perTenant: 5 } },
 *     clock, onPermit: (event) => log.push(event),
 *   });
 *   const lease = bulkhead.tryAcquire('search', 'acme');   // synchronous: all three, or throws
 *   lease.release();                                       // innermost first; twice = once
 *   const later = await bulkhead.acquire('search', 'acme', 50);  // may wait up to 50 ms
 *   await bulkhead.run('search', 'acme', () => callSearch(), 50);
 *   bulkhead.usage('search', 'acme');   // { service, endpoint, tenant } permits in use
 *
 * Timers: always use this.#clock.setTimeout / this.#clock.clearTimeout, never the global ones,
 * so the tests can move time forward instantly.
 */

/** What the bulkhead needs from a clock. Tests pass a virtual clock; the default is the real one. */
export interface Clock {
  /** Current time in milliseconds. */
  now(): number;
  /** Runs `callback` once after `ms` milliseconds; returns a handle for clearTimeout. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer made by setTimeout. */
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The three levels, outermost first. This is also the one order in which permits are taken. */
export type Level = 'service' | 'endpoint' | 'tenant';

/** A permit taken from or given back to one compartment. */
export interface PermitEvent {
  /** "take" when a permit is taken, "give" when it is given back. */
  readonly action: 'take' | 'give';
  /** The compartment's level. */
  readonly level: Level;
  /** "service", the endpoint's name, or "endpoint/tenant" for a tenant compartment. */
  readonly name: string;
}

/**
 * One node of the hierarchy: a limit and the permits currently taken from it. Finished: use it as
 * it is. It is a plain counter and does NOT check the limit, so look at `full` before `take`.
 * Every take and give is reported to `onPermit`; that is how the tests see the order.
 */
export class Compartment {
  #inFlight = 0;

  constructor(
    readonly level: Level,
    readonly name: string,
    readonly limit: number,
    private readonly onPermit: (event: PermitEvent) => void,
  ) {}

  /** Permits taken now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Whether every permit is taken. */
  get full(): boolean {
    return this.#inFlight >= this.limit;
  }

  /** Takes one permit (without checking the limit) and reports it. */
  take(): void {
    this.#inFlight += 1;
    this.onPermit({ action: 'take', level: this.level, name: this.name });
  }

  /** Gives one permit back and reports it. */
  give(): void {
    this.#inFlight -= 1;
    this.onPermit({ action: 'give', level: this.level, name: this.name });
  }
}

/** Refusal because one level had no free permit. Nothing is held when it is thrown. Finished. */
export class PermitRejectedError extends Error {
  constructor(
    readonly level: Level,
    readonly compartment: string,
    readonly limit: number,
  ) {
    super(`Refused at the ${level} level: "${compartment}" has all ${limit} permits in use`);
    this.name = 'PermitRejectedError';
  }
}

/** Refusal because no permit became free within `maxWaitMs`. Nothing is held when it is thrown. Finished. */
export class AcquireTimeoutError extends Error {
  constructor(
    readonly maxWaitMs: number,
    readonly level: Level,
    readonly compartment: string,
  ) {
    super(`Waited ${maxWaitMs} ms for permits; the ${level} level ("${compartment}") was still full`);
    this.name = 'AcquireTimeoutError';
  }
}

/** Permits held at all three levels. */
export interface Lease {
  /** Gives every permit back, tenant first, then endpoint, then service. Later calls do nothing. */
  release(): void;
}

/** Limits of one endpoint. */
export interface EndpointLimits {
  /** Calls in flight on the endpoint, all tenants together (a positive integer). */
  limit: number;
  /** Calls in flight on the endpoint for any one tenant (a positive integer). */
  perTenant: number;
}

/** Settings of a HierarchicalBulkhead. */
export interface HierarchicalBulkheadOptions {
  /** Calls in flight in the whole service (a positive integer). */
  serviceLimit: number;
  /** The endpoints by name, each with its limits. */
  endpoints: Readonly<Record<string, EndpointLimits>>;
  /** Time source for waiting; defaults to systemClock. */
  clock?: Clock;
  /** Called for every permit taken and given back, in the order it happens. */
  onPermit?: (event: PermitEvent) => void;
}

/** A caller of acquire waiting, holding nothing, for a release to make room on its path. */
interface Waiter {
  /** The refusal it got most recently; named by the AcquireTimeoutError. */
  lastRefusal: PermitRejectedError;
  /** Tries once more; true when the waiter got its lease (and left the list). */
  retry(): boolean;
}

const isPositiveInteger = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0;

export class HierarchicalBulkhead {
  readonly #clock: Clock;
  readonly #onPermit: (event: PermitEvent) => void;
  readonly #service: Compartment;
  readonly #endpoints = new Map<string, { compartment: Compartment; perTenant: number }>();
  readonly #tenants = new Map<string, Compartment>();
  /** Waiting acquire calls, in arrival order. */
  #waiters: Waiter[] = [];
  /** Re-entrancy guard: a release during a retry pass asks for one more pass instead of nesting. */
  #retrying = false;
  #retryAgain = false;

  constructor(options: HierarchicalBulkheadOptions) {
    const { serviceLimit, endpoints } = options;
    if (!isPositiveInteger(serviceLimit)) throw new RangeError(`serviceLimit must be a positive integer, got ${String(serviceLimit)}`);
    if (typeof endpoints !== 'object' || endpoints === null) throw new RangeError('endpoints must be an object of endpoint limits');
    if (Object.keys(endpoints).length === 0) throw new RangeError('endpoints must name at least one endpoint');
    for (const [name, limits] of Object.entries(endpoints)) {
      if (typeof limits !== 'object' || limits === null) throw new RangeError(`endpoint "${name}" needs { limit, perTenant }`);
      if (!isPositiveInteger(limits.limit)) throw new RangeError(`endpoint "${name}": limit must be a positive integer, got ${String(limits.limit)}`);
      if (!isPositiveInteger(limits.perTenant)) {
        throw new RangeError(`endpoint "${name}": perTenant must be a positive integer, got ${String(limits.perTenant)}`);
      }
    }
    this.#clock = options.clock ?? systemClock;
    this.#onPermit = options.onPermit ?? (() => undefined);
    this.#service = this.#newCompartment('service', 'service', serviceLimit);
    for (const [name, limits] of Object.entries(endpoints)) {
      this.#endpoints.set(name, { compartment: this.#newCompartment('endpoint', name, limits.limit), perTenant: limits.perTenant });
    }
  }

  /** Permits in use on the path of `endpoint` and `tenant`, at each level. Finished. */
  usage(endpoint: string, tenant: string): { service: number; endpoint: number; tenant: number } {
    const path = this.#path(endpoint, tenant);
    return { service: path[0].inFlight, endpoint: path[1].inFlight, tenant: path[2].inFlight };
  }

  /**
   * Takes a permit at every level, service first, or none at all. Synchronous. Throws
   * PermitRejectedError naming the first full level in that order, holding nothing.
   */
  tryAcquire(endpoint: string, tenant: string): Lease {
    const path = this.#path(endpoint, tenant);
    const taken: Compartment[] = [];
    for (const compartment of path) {
      if (compartment.full) {
        // All or nothing: undo what this call took, innermost first, before refusing.
        for (let index = taken.length - 1; index >= 0; index -= 1) (taken[index] as Compartment).give();
        throw new PermitRejectedError(compartment.level, compartment.name, compartment.limit);
      }
      compartment.take();
      taken.push(compartment);
    }
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        // Give back exactly what was taken, tenant → endpoint → service.
        for (let index = taken.length - 1; index >= 0; index -= 1) (taken[index] as Compartment).give();
        this.#retryWaiters();
      },
    };
  }

  /**
   * Like tryAcquire, but when a level is full waits up to `maxWaitMs` (holding nothing) and tries
   * again each time a lease is released. `maxWaitMs` 0 refuses at once with PermitRejectedError;
   * running out of time rejects with AcquireTimeoutError.
   */
  acquire(endpoint: string, tenant: string, maxWaitMs = 0): Promise<Lease> {
    if (typeof maxWaitMs !== 'number' || !Number.isFinite(maxWaitMs) || maxWaitMs < 0) {
      return Promise.reject(new RangeError(`maxWaitMs must be a finite number ≥ 0, got ${String(maxWaitMs)}`));
    }
    let firstRefusal: PermitRejectedError;
    try {
      return Promise.resolve(this.tryAcquire(endpoint, tenant));
    } catch (error) {
      // An unknown endpoint (RangeError) never waits; nor does anything when maxWaitMs is 0.
      if (!(error instanceof PermitRejectedError) || maxWaitMs === 0) return Promise.reject(error);
      firstRefusal = error;
    }
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = {
        lastRefusal: firstRefusal,
        retry: () => {
          try {
            const lease = this.tryAcquire(endpoint, tenant);
            this.#removeWaiter(waiter);
            this.#clock.clearTimeout(timer);
            resolve(lease);
            return true;
          } catch (error) {
            if (error instanceof PermitRejectedError) {
              waiter.lastRefusal = error;
              return false;
            }
            // Not expected (the path was valid when it started waiting), but never leave it hanging.
            this.#removeWaiter(waiter);
            this.#clock.clearTimeout(timer);
            reject(error);
            return false;
          }
        },
      };
      // Leaving the list and rejecting happen in one step, so a timed-out waiter never takes a permit.
      const timer = this.#clock.setTimeout(() => {
        if (!this.#removeWaiter(waiter)) return;
        const { level, compartment } = waiter.lastRefusal;
        reject(new AcquireTimeoutError(maxWaitMs, level, compartment));
      }, maxWaitMs);
      this.#waiters.push(waiter);
    });
  }

  /** Runs `fn` holding permits at every level (waiting up to `maxWaitMs`); releases them however `fn` ends. */
  async run<T>(endpoint: string, tenant: string, fn: () => Promise<T> | T, maxWaitMs = 0): Promise<T> {
    const lease = await this.acquire(endpoint, tenant, maxWaitMs);
    try {
      return await fn(); // a synchronous throw (of anything) also lands in finally
    } finally {
      lease.release();
    }
  }

  /** Lets every waiter, in arrival order, try its whole path again. */
  #retryWaiters(): void {
    if (this.#retrying) {
      this.#retryAgain = true;
      return;
    }
    this.#retrying = true;
    try {
      do {
        this.#retryAgain = false;
        for (const waiter of [...this.#waiters]) {
          if (this.#waiters.includes(waiter)) waiter.retry();
        }
      } while (this.#retryAgain);
    } finally {
      this.#retrying = false;
    }
  }

  /** Takes a waiter off the list; false when it had already left. */
  #removeWaiter(waiter: Waiter): boolean {
    const index = this.#waiters.indexOf(waiter);
    if (index === -1) return false;
    this.#waiters.splice(index, 1);
    return true;
  }

  /** The three compartments a call on this path needs, outermost first. Finished. */
  #path(endpoint: string, tenant: string): [Compartment, Compartment, Compartment] {
    const entry = this.#endpoints.get(endpoint);
    if (entry === undefined) throw new RangeError(`Unknown endpoint "${endpoint}". Known endpoints: ${[...this.#endpoints.keys()].join(', ')}`);
    if (typeof tenant !== 'string' || tenant === '') throw new RangeError('tenant must be a non-empty string');
    const key = `${endpoint}/${tenant}`;
    let compartment = this.#tenants.get(key);
    if (compartment === undefined) {
      compartment = this.#newCompartment('tenant', key, entry.perTenant);
      this.#tenants.set(key, compartment);
    }
    return [this.#service, entry.compartment, compartment];
  }

  #newCompartment(level: Level, name: string, limit: number): Compartment {
    return new Compartment(level, name, limit, this.#onPermit);
  }
}
