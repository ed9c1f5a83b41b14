// Wrong on purpose — mistake: a synchronous throw leaks the lease. run() calls fn() first and only
// then enters the try/finally that releases, assuming fn returns a promise and reports failures by
// rejecting. An fn that throws before its first await (a bad argument, a missing setting) leaves
// all three permits taken for good.

/**
 * A three-level bulkhead: every call needs a permit from the service, from its endpoint and from
 * its tenant's compartment on that endpoint. Permits are taken in one fixed order (service, then
 * endpoint, then tenant) in one synchronous step, all or none, and given back innermost first,
 * exactly once. A call that has to wait holds nothing while it waits, so concurrent callers can
 * never deadlock: they only retry the synchronous step when a permit comes back.
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
 * One node of the hierarchy: a limit and the permits currently taken from it. A plain counter: it
 * does not check the limit itself, so the caller must look at `full` before `take`.
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

/** Refusal because one level had no free permit. Nothing is held when it is thrown. */
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

/** Refusal because no permit became free within `maxWaitMs`. Nothing is held when it is thrown. */
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

interface Waiter {
  /** Tries the synchronous step again; true when the waiter got its lease and left. */
  retry(): boolean;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${what} must be a positive integer, got ${String(value)}`);
  return value;
}

export class HierarchicalBulkhead {
  readonly #clock: Clock;
  readonly #onPermit: (event: PermitEvent) => void;
  readonly #service: Compartment;
  readonly #endpoints = new Map<string, { compartment: Compartment; perTenant: number }>();
  readonly #tenants = new Map<string, Compartment>();
  readonly #waiters: Waiter[] = [];

  constructor(options: HierarchicalBulkheadOptions) {
    this.#clock = options.clock ?? systemClock;
    this.#onPermit = options.onPermit ?? (() => undefined);
    this.#service = this.#newCompartment('service', 'service', positiveInteger(options.serviceLimit, 'serviceLimit'));
    for (const [name, limits] of Object.entries(options.endpoints)) {
      const limit = positiveInteger(limits.limit, `The limit of endpoint "${name}"`);
      const perTenant = positiveInteger(limits.perTenant, `The perTenant limit of endpoint "${name}"`);
      this.#endpoints.set(name, { compartment: this.#newCompartment('endpoint', name, limit), perTenant });
    }
    if (this.#endpoints.size === 0) throw new RangeError('endpoints must name at least one endpoint');
  }

  /** Permits in use on the path of `endpoint` and `tenant`, at each level. */
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
        giveBack(taken);
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
        giveBack(taken);
        this.#wakeWaiters();
      },
    };
  }

  /**
   * Like tryAcquire, but when a level is full waits up to `maxWaitMs` (holding nothing) and tries
   * again each time a lease is released. `maxWaitMs` 0 refuses at once with PermitRejectedError;
   * running out of time rejects with AcquireTimeoutError.
   */
  acquire(endpoint: string, tenant: string, maxWaitMs = 0): Promise<Lease> {
    if (!Number.isFinite(maxWaitMs) || maxWaitMs < 0) {
      return Promise.reject(new RangeError(`maxWaitMs must be a finite, non-negative number, got ${String(maxWaitMs)}`));
    }
    let refusal: PermitRejectedError;
    try {
      return Promise.resolve(this.tryAcquire(endpoint, tenant));
    } catch (error) {
      if (!(error instanceof PermitRejectedError) || maxWaitMs === 0) return Promise.reject(error);
      refusal = error;
    }
    return new Promise<Lease>((resolve, reject) => {
      const leave = (): void => {
        const index = this.#waiters.indexOf(waiter);
        if (index !== -1) this.#waiters.splice(index, 1);
        this.#clock.clearTimeout(timer);
      };
      const waiter: Waiter = {
        retry: () => {
          try {
            const lease = this.tryAcquire(endpoint, tenant);
            leave();
            resolve(lease);
            return true;
          } catch (error) {
            if (error instanceof PermitRejectedError) refusal = error;
            return false;
          }
        },
      };
      const timer = this.#clock.setTimeout(() => {
        leave();
        reject(new AcquireTimeoutError(maxWaitMs, refusal.level, refusal.compartment));
      }, maxWaitMs);
      this.#waiters.push(waiter);
    });
  }

  /** Runs `fn` holding permits at every level (waiting up to `maxWaitMs`); releases them however `fn` ends. */
  async run<T>(endpoint: string, tenant: string, fn: () => Promise<T> | T, maxWaitMs = 0): Promise<T> {
    const lease = await this.acquire(endpoint, tenant, maxWaitMs);
    const pending = fn();
    try {
      return await pending;
    } finally {
      lease.release();
    }
  }

  /** The three compartments a call on this path needs, outermost first. */
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

  /** Gives every waiter, in arrival order, another try at the synchronous step. */
  #wakeWaiters(): void {
    for (const waiter of [...this.#waiters]) waiter.retry();
  }
}

/** Gives permits back in the reverse of the order they were taken. */
function giveBack(taken: readonly Compartment[]): void {
  for (let index = taken.length - 1; index >= 0; index -= 1) taken[index]?.give();
}
