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

export class HierarchicalBulkhead {
  readonly #clock: Clock;
  readonly #onPermit: (event: PermitEvent) => void;
  readonly #service: Compartment;
  readonly #endpoints = new Map<string, { compartment: Compartment; perTenant: number }>();
  readonly #tenants = new Map<string, Compartment>();

  constructor(options: HierarchicalBulkheadOptions) {
    // TODO: throw a RangeError when serviceLimit, an endpoint's limit or its perTenant is not a
    // positive integer.
    this.#clock = options.clock ?? systemClock;
    this.#onPermit = options.onPermit ?? (() => undefined);
    this.#service = this.#newCompartment('service', 'service', options.serviceLimit);
    for (const [name, limits] of Object.entries(options.endpoints)) {
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
    void path;
    // TODO: walk `path` in order. For each compartment: if it is full, give back what you took so
    // far (in reverse) and throw a PermitRejectedError for it; otherwise take() it and remember it.
    // No `await` anywhere in here: the whole walk must happen in one synchronous step.
    // TODO: return a lease whose release() gives back, in reverse order, exactly the compartments
    // this call took, only the first time it is called, and then lets waiting calls try again.
    return { release: () => undefined };
  }

  /**
   * Like tryAcquire, but when a level is full waits up to `maxWaitMs` (holding nothing) and tries
   * again each time a lease is released. `maxWaitMs` 0 refuses at once with PermitRejectedError;
   * running out of time rejects with AcquireTimeoutError.
   */
  acquire(endpoint: string, tenant: string, maxWaitMs = 0): Promise<Lease> {
    // TODO: reject with a RangeError when maxWaitMs is negative or not finite.
    // TODO: when tryAcquire refuses and maxWaitMs > 0, do not hold anything: remember this caller
    // in a list of waiters, start a timer with this.#clock, and let every release retry the
    // waiters (in arrival order) with tryAcquire itself. A waiter that gets its lease leaves the
    // list and clears its timer; a waiter whose timer fires leaves the list and rejects with an
    // AcquireTimeoutError naming the level that refused it last.
    void this.#clock;
    void maxWaitMs;
    try {
      return Promise.resolve(this.tryAcquire(endpoint, tenant));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Runs `fn` holding permits at every level (waiting up to `maxWaitMs`); releases them however `fn` ends. */
  async run<T>(endpoint: string, tenant: string, fn: () => Promise<T> | T, maxWaitMs = 0): Promise<T> {
    const lease = await this.acquire(endpoint, tenant, maxWaitMs);
    void lease;
    // TODO: release the lease however fn ends (resolve, reject, synchronous throw).
    return await fn();
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
