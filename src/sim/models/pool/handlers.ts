/**
 * The pool model's event handlers: arrivals, admission (breaker, caps, slot or queue), service
 * start and completion, timeouts, queue expiry, retries and the end of a call.
 */
import type { Rng } from '../../random/prng';
import { PERMIT_DENIED, PERMIT_PROBE } from '../circuit-breaker';
import { TIME_DETERMINISTIC, TIME_EXPONENTIAL } from './time-kinds';
import { drawOtherTime } from './service-times';
import { QUEUE_FIFO, QUEUE_LIFO, QUEUE_PRIORITY } from './runtime';
import type { ActiveDegradation, PoolRuntime, ServiceRuntime, TenantRuntime } from './runtime';
import { PoolState } from './state';
import type { SimulationOptions } from './types';

// Event kinds, attempt states and the attempt record layout.
const EV_COMPLETE = 0;
const EV_TIMEOUT = 1;
const EV_QUEUE_EXPIRE = 2;
const EV_RETRY = 3;
const EV_ARRIVAL = 4;
const EV_RELEASE = 5;

const STATE_FREE = 0;
const STATE_QUEUED = 1;
const STATE_RUNNING = 2;
const STATE_RETRY_WAIT = 3;

/**
 * Layout of an attempt record: offsets into `af` (floats) and `ai` (integers). These constants are
 * module-local and unexported on purpose: the hot paths read them, and an exported or imported
 * binding cost about 10% of engine speed in `npm run bench:sim` (modules unbundled under tsx).
 */
const STRIDE = 8;
const F_OFFERED = 0;
const F_START = 1;
const F_BASE = 2;
const F_COIN = 3;
const F_TOKEN = 4;
const F_TICKET = 5;
const F_END = 6;
const I_SERVICE = 0;
const I_TENANT = 1;
const I_STATE = 2;
const I_FLAGS = 3;
const I_PROBE = 4;
const I_ATTEMPT = 5;
const I_SLOT = 6;

const FLAG_FAILING = 1;
const FLAG_HUNG = 2;
/** The caller gave up on this attempt but its slot stays busy until the dependency answers. */
const FLAG_ABANDONED = 4;

/** The record layout for code outside the hot paths (snapshots). */
export const ATTEMPT_LAYOUT = { STRIDE, F_OFFERED, F_START, F_BASE, F_END, F_TOKEN, F_TICKET, I_SERVICE, I_TENANT, I_STATE, I_FLAGS, I_PROBE, I_ATTEMPT, I_SLOT, FLAG_FAILING, FLAG_HUNG, FLAG_ABANDONED, STATE_FREE, STATE_QUEUED, STATE_RUNNING, EV_RELEASE, EV_QUEUE_EXPIRE } as const;
/** Event kinds the model handles itself; capacity.ts numbers its own from CAPACITY_EVENTS. */
export const MODEL_EVENTS = { EV_COMPLETE, EV_TIMEOUT } as const;
export const CAPACITY_EVENTS = 6;

/** {@link PoolState} plus the model: what each event does. */
export abstract class PoolModel extends PoolState {
  constructor(options: SimulationOptions) {
    super(options);
    this.growAttempts(256, STRIDE);
    for (const service of this.services) {
      service.hazardStart = 0;
      service.drawHazard();
      this.scheduleArrival(service);
    }
  }

  /** A queued attempt's caller timed out: whether it stays queued, orphaned (see deadlines.ts). */
  protected abstract orphan(a: number, service: ServiceRuntime): boolean;
  /** An orphaned attempt reached a slot: it is served, or dropped with a propagated deadline. */
  protected abstract startOrphan(a: number, service: ServiceRuntime, pool: PoolRuntime): void;
  /** A queued attempt reached a slot: whether the pool sheds it instead, for waiting too long (shedOnQueueDelay). */
  protected abstract shed(a: number, service: ServiceRuntime, pool: PoolRuntime): boolean;

  /** @internal Dispatches one event. */
  handle(kind: number, target: number): void {
    switch (kind) {
      case EV_ARRIVAL:
        this.onArrival(target);
        break;
      case EV_COMPLETE:
        this.onComplete(target);
        break;
      case EV_TIMEOUT:
        this.onTimeout(target);
        break;
      case EV_QUEUE_EXPIRE:
        this.onQueueExpire(target, this.engine.token);
        break;
      case EV_RELEASE:
        this.onRelease(target);
        break;
      case EV_RETRY:
        this.onRetry(target);
        break;
      default:
        this.handleCapacity(kind, target);
    }
  }

  /** Dependencies and scheduled resizes (capacity.ts): their events, and a call to a dependency. */
  protected abstract handleCapacity(kind: number, target: number): void;
  protected abstract callDependency(a: number, service: ServiceRuntime, serviceTime: number): void;

  // ---------------------------------------------------------------- model

  /** Each service's next arrival lives in the engine slot numbered like the service. */
  protected scheduleArrival(service: ServiceRuntime): void {
    const schedule = service.schedule;
    const rate = schedule.constantRate;
    // A constant rate needs no call (and so no boxed number crossing one).
    const sources = service.sources;
    const time =
      sources === 0 ? Infinity : rate > 0 ? service.hazardStart + service.hazard / (rate * sources) : schedule.next(service.hazardStart, service.hazard / sources);
    if (time === Infinity) this.engine.clearSlot(service.index);
    else this.engine.scheduleSlot(service.index, time, EV_ARRIVAL, EV_ARRIVAL, service.index);
  }

  protected onArrival(serviceIndex: number): void {
    const service = this.services[serviceIndex] as ServiceRuntime;
    const now = this.engine.now;
    service.hazardStart = now;
    service.drawHazard();
    // Closed loop: the client that called stops thinking until its call ends (finishCall).
    if (service.clients > 0) service.sources--;
    this.scheduleArrival(service);

    const a = this.allocateAttempt();
    this.ai[a * STRIDE + I_SERVICE] = serviceIndex;
    this.drawAttempt(a, service, service.serviceRng, service.failureRng);
    this.ai[a * STRIDE + I_TENANT] = service.drawsTenant ? this.drawTenant(service, now) : this.noTenant;
    this.ai[a * STRIDE + I_ATTEMPT] = 0;
    service.callsStarted++;
    if (service.budget !== null) service.budget.onCall(now);
    this.offer(a, service);
  }

  /**
   * Draws an attempt's base service time and failure coin into its record. It writes rather than
   * returns the numbers: a number returned from a call that the JIT does not inline is boxed, which
   * would allocate on every arrival.
   */
  protected drawAttempt(a: number, service: ServiceRuntime, timeRng: Rng, coinRng: Rng): void {
    const at = a * STRIDE;
    switch (service.timeKind) {
      case TIME_EXPONENTIAL:
        this.af[at + F_BASE] = -service.mean * Math.log(1 - timeRng.next());
        break;
      case TIME_DETERMINISTIC:
        this.af[at + F_BASE] = service.mean;
        break;
      default:
        // Lognormal, Pareto and mixtures draw in a method of their own, which keeps this one
        // small enough to be inlined into the arrival handler.
        drawOtherTime(this.af, at + F_BASE, service, timeRng);
    }
    this.af[at + F_COIN] = coinRng.next();
  }

  protected drawTenant(service: ServiceRuntime, now: number): number {
    let u = service.tenantRng.next();
    if (service.burstTenant >= 0) {
      const total = service.schedule.rateAt(now);
      const burst = service.schedule.burstRateAt(now);
      if (u * total < burst) return service.burstTenant;
      u = total > burst ? (u * total - burst) / (total - burst) : 0;
    }
    const cumulative = service.mixCumulative;
    const n = cumulative.length;
    if (n === 0) return this.noTenant;
    for (let i = 0; i < n - 1; i++) if (u < (cumulative[i] as number)) return service.mixTenants[i] as number;
    return service.mixTenants[n - 1] as number;
  }

  protected offer(a: number, service: ServiceRuntime): void {
    const now = this.engine.now;
    const tenantIndex = this.ai[a * STRIDE + I_TENANT] as number;
    const tenant = tenantIndex < this.noTenant ? (this.tenants[tenantIndex] as TenantRuntime) : null;
    service.offered++;
    service.wOffered++;
    if (tenant) tenant.offered++;
    this.af[a * STRIDE + F_OFFERED] = now;
    this.ai[a * STRIDE + I_PROBE] = 0;
    const breaker = service.breaker;
    if (breaker) {
      const permit = breaker.tryAcquire(now);
      if (permit === PERMIT_DENIED) {
        service.shortCircuited++;
        service.wShortCircuited++;
        if (tenant) tenant.shortCircuited++;
        this.finishCall(a, service, tenant, false);
        return;
      }
      if (permit === PERMIT_PROBE) this.ai[a * STRIDE + I_PROBE] = 1;
    }
    const pool = this.pools[service.pool] as PoolRuntime;
    if (pool.hasTenantLimits && (pool.tenantAdmitted[tenantIndex] as number) >= (pool.tenantLimit[tenantIndex] as number)) {
      this.reject(a, service, tenant);
      return;
    }
    if (pool.hasServiceLimits && (pool.serviceAdmitted[service.index] as number) >= (pool.serviceCap[service.index] as number)) {
      this.reject(a, service, tenant);
      return;
    }
    if (pool.busy < pool.limit && pool.queued === 0) {
      this.admit(pool, service, tenant, tenantIndex);
      this.startService(a, service, pool);
    } else if (pool.queued < pool.queueCapacity) {
      this.admit(pool, service, tenant, tenantIndex);
      this.enqueue(a, service, pool);
    } else {
      this.reject(a, service, tenant);
    }
    if (this.hedging) this.hedgeOffered(a, service); // hedging.ts: an admitted attempt may be hedged
  }

  protected admit(pool: PoolRuntime, service: ServiceRuntime, tenant: TenantRuntime | null, tenantIndex: number): void {
    service.admitted++;
    pool.admittedTotal++;
    if (tenant) tenant.admitted++;
    pool.tenantAdmitted[tenantIndex] = (pool.tenantAdmitted[tenantIndex] as number) + 1;
    pool.serviceAdmitted[service.index] = (pool.serviceAdmitted[service.index] as number) + 1;
  }

  protected reject(a: number, service: ServiceRuntime, tenant: TenantRuntime | null): void {
    service.rejected++;
    service.wRejected++;
    if (tenant) tenant.rejected++;
    this.refused(a, service, tenant);
  }

  /** A refusal by the service's own pool (full, or shed): a breaker failure unless countRejections is false. */
  protected refused(a: number, service: ServiceRuntime, tenant: TenantRuntime | null): void {
    // A hedge copy shed while another copy of its try is still out: hedging.ts drops it quietly.
    if (this.hedging && this.hedgeFailed(a)) return;
    const breaker = service.breaker;
    if (breaker === null || breaker.countsRejections) {
      this.attemptFailed(a, service, tenant);
      return;
    }
    breaker.onIgnored((this.ai[a * STRIDE + I_PROBE] as number) === 1);
    this.retryOrGiveUp(a, service, tenant);
  }

  protected enqueue(a: number, service: ServiceRuntime, pool: PoolRuntime): void {
    const now = this.engine.now;
    this.ai[a * STRIDE + I_STATE] = STATE_QUEUED;
    if (pool.queued === 0) pool.lastEmptyAt = now;
    const ticket = this.ticketCounter++;
    this.af[a * STRIDE + F_TICKET] = ticket;
    if (pool.discipline === QUEUE_PRIORITY) {
      pool.heap.push(a, ticket, service.priority, this.isQueued);
    } else {
      if (pool.queueHead + pool.queueLength >= pool.queueAttempts.length) this.compactQueue(pool);
      const at = pool.queueHead + pool.queueLength;
      pool.queueAttempts[at] = a;
      pool.queueTickets[at] = ticket;
      pool.queueLength++;
    }
    pool.queued++;
    pool.queuedByService[service.index] = (pool.queuedByService[service.index] as number) + 1;
    service.queued++;
    service.waited++;
    const wait = service.maxQueueWait < service.timeout ? service.maxQueueWait : service.timeout;
    // Without an expiry the token is cleared: attempt records are reused across services, so a
    // token left by the record's last user could match that user's pending expiry and time out a
    // call that has neither timeout nor maxQueueWait (found by fuzz-invariants.test.ts).
    this.af[a * STRIDE + F_TOKEN] = wait !== Infinity ? this.engine.schedule(now + wait, EV_QUEUE_EXPIRE, EV_QUEUE_EXPIRE, a) : -1;
  }

  protected startService(a: number, service: ServiceRuntime, pool: PoolRuntime): void {
    const now = this.engine.now;
    this.ai[a * STRIDE + I_STATE] = STATE_RUNNING;
    this.af[a * STRIDE + F_START] = now;
    const slot = pool.freeSlots[--pool.freeTop] as number;
    pool.slotOwner[slot] = a;
    this.ai[a * STRIDE + I_SLOT] = slot;
    pool.busy++;
    pool.busyByService[service.index] = (pool.busyByService[service.index] as number) + 1;
    service.running++;
    service.serviceStarts++;
    const wait = now - (this.af[a * STRIDE + F_OFFERED] as number);
    if (wait > 0) {
      service.waitSum += wait;
      service.waits.record(wait);
    }
    let serviceTime = this.af[a * STRIDE + F_BASE] as number;
    let flags = 0;
    const degradations = service.degradations;
    if (degradations.length > 0) {
      let failFraction = 0;
      for (let i = 0; i < degradations.length; i++) {
        const d = degradations[i] as ActiveDegradation;
        if (d.at <= now && now < d.until) {
          if (d.kind === 'slow') serviceTime *= d.factor;
          else if (d.kind === 'hang') flags |= FLAG_HUNG;
          else if (d.fraction > failFraction) failFraction = d.fraction;
        }
      }
      if ((this.af[a * STRIDE + F_COIN] as number) < failFraction) flags |= FLAG_FAILING;
    }
    this.ai[a * STRIDE + I_FLAGS] = flags;
    if (service.dependency >= 0 && (flags & FLAG_HUNG) === 0) {
      this.callDependency(a, service, serviceTime);
      return;
    }
    const deadline = (this.af[a * STRIDE + F_OFFERED] as number) + service.timeout;
    const end = flags & FLAG_HUNG ? Infinity : now + serviceTime;
    this.af[a * STRIDE + F_END] = end;
    if (end !== Infinity && end <= deadline) this.engine.schedule(end, EV_COMPLETE, EV_COMPLETE, a);
    else if (deadline !== Infinity) this.af[a * STRIDE + F_TOKEN] = this.engine.schedule(deadline, EV_TIMEOUT, EV_TIMEOUT, a);
  }

  /** Frees an attempt's slot; returns the pool. */
  protected leaveSlot(a: number, service: ServiceRuntime): PoolRuntime {
    const now = this.engine.now;
    const pool = this.pools[service.pool] as PoolRuntime;
    const slot = this.ai[a * STRIDE + I_SLOT] as number;
    pool.slotOwner[slot] = -1;
    if (slot < pool.slots) pool.freeSlots[pool.freeTop++] = slot;
    pool.busy--;
    pool.busyByService[service.index] = (pool.busyByService[service.index] as number) - 1;
    service.running--;
    const tenantIndex = this.ai[a * STRIDE + I_TENANT] as number;
    pool.tenantAdmitted[tenantIndex] = (pool.tenantAdmitted[tenantIndex] as number) - 1;
    pool.serviceAdmitted[service.index] = (pool.serviceAdmitted[service.index] as number) - 1;
    service.sojournSum += now - (this.af[a * STRIDE + F_OFFERED] as number);
    service.departures++;
    return pool;
  }

  protected onComplete(a: number): void {
    if (this.hedging && this.hedgeCompleted(a)) return; // hedging.ts: a cancelled copy, or the copy that answers
    const now = this.engine.now;
    const service = this.services[this.ai[a * STRIDE + I_SERVICE] as number] as ServiceRuntime;
    const tenantIndex = this.ai[a * STRIDE + I_TENANT] as number;
    const tenant = tenantIndex < this.noTenant ? (this.tenants[tenantIndex] as TenantRuntime) : null;
    const pool = this.leaveSlot(a, service);
    if ((this.ai[a * STRIDE + I_FLAGS] as number) & FLAG_FAILING) {
      service.failed++;
      service.wFailed++;
      if (tenant) tenant.failed++;
      pool.onDrop(service.index);
      this.attemptFailed(a, service, tenant);
    } else {
      this.recordSuccess(a, service, tenant, pool, now - (this.af[a * STRIDE + F_OFFERED] as number));
      this.finishCall(a, service, tenant, true);
    }
    this.drain(pool);
  }

  /** Counts a completed attempt whose call waited `latency` seconds for its answer, and tells the pool's limit and the breaker. */
  protected recordSuccess(a: number, service: ServiceRuntime, tenant: TenantRuntime | null, pool: PoolRuntime, latency: number): void {
    const now = this.engine.now;
    service.completed++;
    service.wCompleted++;
    service.wLatencySum += latency;
    service.latency.record(latency);
    if (tenant) tenant.completed++;
    pool.onSuccess(service.index, now - (this.af[a * STRIDE + F_START] as number));
    if (service.breaker) service.breaker.onSuccess(now, (this.ai[a * STRIDE + I_PROBE] as number) === 1);
  }

  protected onTimeout(a: number): void {
    // A timeout whose call was answered first (a call that waited at a dependency) is stale.
    if ((this.af[a * STRIDE + F_TOKEN] as number) !== this.engine.token) return;
    const service = this.services[this.ai[a * STRIDE + I_SERVICE] as number] as ServiceRuntime;
    if (service.timeoutKeepsSlot) {
      this.abandon(a, service);
      return;
    }
    const tenantIndex = this.ai[a * STRIDE + I_TENANT] as number;
    const tenant = tenantIndex < this.noTenant ? (this.tenants[tenantIndex] as TenantRuntime) : null;
    const pool = this.leaveSlot(a, service);
    service.timedOut++;
    service.wTimedOut++;
    if (tenant) tenant.timedOut++;
    pool.onDrop(service.index);
    this.attemptFailed(a, service, tenant);
    this.drain(pool);
  }

  /**
   * The caller's timeout when it does not free the slot (a thread blocked on a socket): the
   * caller gives up now (counted as timed out, then retried or given up), on a copy of the
   * attempt, while the original keeps its slot until the dependency answers or the socket
   * timeout passes (never, for a hung call without one).
   */
  private abandon(a: number, service: ServiceRuntime): void {
    const b = this.copyForCaller(a);
    const from = a * STRIDE;
    const to = b * STRIDE;
    const release = Math.min(this.af[from + F_END] as number, (this.af[from + F_START] as number) + service.socketTimeout);
    if (release !== Infinity) this.engine.schedule(release, EV_RELEASE, EV_RELEASE, a);
    const tenantIndex = this.ai[to + I_TENANT] as number;
    const tenant = tenantIndex < this.noTenant ? (this.tenants[tenantIndex] as TenantRuntime) : null;
    service.timedOut++;
    service.wTimedOut++;
    service.abandonedInSlot++;
    if (tenant) tenant.timedOut++;
    (this.pools[service.pool] as PoolRuntime).onDrop(service.index);
    this.attemptFailed(b, service, tenant);
  }

  /** The caller gives up on `a` but the pool keeps it: a new record (returned) carries on for the caller; `a` is abandoned. */
  protected copyForCaller(a: number): number {
    const b = this.allocateAttempt();
    const from = a * STRIDE;
    const to = b * STRIDE;
    this.ai[to + I_SERVICE] = this.ai[from + I_SERVICE] as number;
    this.ai[to + I_TENANT] = this.ai[from + I_TENANT] as number;
    this.ai[to + I_PROBE] = this.ai[from + I_PROBE] as number;
    this.ai[to + I_ATTEMPT] = this.ai[from + I_ATTEMPT] as number;
    this.ai[to + I_STATE] = STATE_RUNNING;
    this.ai[to + I_FLAGS] = 0;
    this.af[to + F_OFFERED] = this.af[from + F_OFFERED] as number;
    this.ai[from + I_FLAGS] = (this.ai[from + I_FLAGS] as number) | FLAG_ABANDONED;
    return b;
  }

  /** An abandoned attempt's slot frees: the dependency answered, or the socket timed out. */
  private onRelease(a: number): void {
    const service = this.services[this.ai[a * STRIDE + I_SERVICE] as number] as ServiceRuntime;
    const pool = this.leaveSlot(a, service);
    this.ai[a * STRIDE + I_STATE] = STATE_FREE;
    this.ai[a * STRIDE + I_FLAGS] = 0; // a reused record must not look abandoned (see startQueued)
    this.freeAttempts[this.freeAttemptCount++] = a;
    this.drain(pool);
  }

  protected onQueueExpire(a: number, token: number): void {
    if ((this.ai[a * STRIDE + I_STATE] as number) !== STATE_QUEUED || (this.af[a * STRIDE + F_TOKEN] as number) !== token) return;
    const service = this.services[this.ai[a * STRIDE + I_SERVICE] as number] as ServiceRuntime;
    if (service.timeoutKeepsSlot && this.orphan(a, service)) return;
    const tenantIndex = this.ai[a * STRIDE + I_TENANT] as number;
    const tenant = tenantIndex < this.noTenant ? (this.tenants[tenantIndex] as TenantRuntime) : null;
    const pool = this.pools[service.pool] as PoolRuntime;
    this.leaveQueue(a, service, pool);
    service.timedOut++;
    service.timedOutInQueue++;
    service.wTimedOut++;
    if (tenant) tenant.timedOut++;
    pool.onDrop(service.index);
    this.attemptFailed(a, service, tenant);
  }

  /** Takes queued `a` out of the queue, undoing its admission: its buffer entry is skipped later (ticket -1), so O(1). */
  protected leaveQueue(a: number, service: ServiceRuntime, pool: PoolRuntime): void {
    const at = a * STRIDE;
    this.af[at + F_TICKET] = -1;
    pool.queued--;
    pool.queuedByService[service.index] = (pool.queuedByService[service.index] as number) - 1;
    service.queued--;
    const tenantIndex = this.ai[at + I_TENANT] as number;
    pool.tenantAdmitted[tenantIndex] = (pool.tenantAdmitted[tenantIndex] as number) - 1;
    pool.serviceAdmitted[service.index] = (pool.serviceAdmitted[service.index] as number) - 1;
    service.sojournSum += this.engine.now - (this.af[at + F_OFFERED] as number);
    service.departures++;
  }

  /**
   * Moves the live entries of a pool's queue buffer to its front, dropping expired ones, and
   * doubles the buffer when live entries fill more than half of it.
   */
  protected compactQueue(pool: PoolRuntime): void {
    let attempts = pool.queueAttempts;
    let tickets = pool.queueTickets;
    if (pool.queued * 2 >= attempts.length) {
      attempts = new Int32Array(attempts.length * 2);
      tickets = new Float64Array(attempts.length);
    }
    let kept = 0;
    const end = pool.queueHead + pool.queueLength;
    for (let i = pool.queueHead; i < end; i++) {
      const a = pool.queueAttempts[i] as number;
      const ticket = pool.queueTickets[i] as number;
      if ((this.ai[a * STRIDE + I_STATE] as number) === STATE_QUEUED && (this.af[a * STRIDE + F_TICKET] as number) === ticket) {
        attempts[kept] = a;
        tickets[kept] = ticket;
        kept++;
      }
    }
    pool.queueAttempts = attempts;
    pool.queueTickets = tickets;
    pool.queueHead = 0;
    pool.queueLength = kept;
  }

  /** Whether a queue entry (attempt and ticket) is still waiting: expired entries are skipped. */
  protected readonly isQueued = (a: number, ticket: number): boolean =>
    (this.ai[a * STRIDE + I_STATE] as number) === STATE_QUEUED && (this.af[a * STRIDE + F_TICKET] as number) === ticket;

  /** Admits queued calls in the pool's discipline's order while the pool is under its limit. */
  protected drain(pool: PoolRuntime): void {
    if (pool.discipline !== QUEUE_FIFO) {
      this.drainOther(pool);
      return;
    }
    while (pool.queued > 0 && pool.busy < pool.limit) {
      const at = pool.queueHead;
      const a = pool.queueAttempts[at] as number;
      const ticket = pool.queueTickets[at] as number;
      pool.queueHead++;
      pool.queueLength--;
      if ((this.ai[a * STRIDE + I_STATE] as number) !== STATE_QUEUED || (this.af[a * STRIDE + F_TICKET] as number) !== ticket) continue;
      this.startQueued(a, pool);
    }
    if (pool.queueLength === 0) pool.queueHead = 0;
  }

  /** {@link drain} for LIFO (newest entry of the buffer first) and priority (the heap's top). */
  private drainOther(pool: PoolRuntime): void {
    const lifo = pool.discipline === QUEUE_LIFO;
    while (pool.queued > 0 && pool.busy < pool.limit) {
      let a: number;
      let ticket: number;
      if (lifo) {
        const at = pool.queueHead + pool.queueLength - 1;
        a = pool.queueAttempts[at] as number;
        ticket = pool.queueTickets[at] as number;
        pool.queueLength--;
      } else {
        pool.heap.pop();
        a = pool.heap.poppedAttempt;
        ticket = pool.heap.poppedTicket;
      }
      if ((this.ai[a * STRIDE + I_STATE] as number) !== STATE_QUEUED || (this.af[a * STRIDE + F_TICKET] as number) !== ticket) continue;
      this.startQueued(a, pool);
    }
    if (pool.queueLength === 0) pool.queueHead = 0;
  }

  /** Moves a live queued attempt into a slot. */
  private startQueued(a: number, pool: PoolRuntime): void {
    const service = this.services[this.ai[a * STRIDE + I_SERVICE] as number] as ServiceRuntime;
    pool.queued--;
    pool.queuedByService[service.index] = (pool.queuedByService[service.index] as number) - 1;
    service.queued--;
    if (pool.shedTarget !== Infinity && this.shed(a, service, pool)) return;
    if ((this.ai[a * STRIDE + I_FLAGS] as number) & FLAG_ABANDONED) this.startOrphan(a, service, pool);
    else this.startService(a, service, pool);
  }

  /** Records a failed attempt with the breaker, then retries it or gives the call up. */
  protected attemptFailed(a: number, service: ServiceRuntime, tenant: TenantRuntime | null): void {
    if (this.hedging && this.hedgeFailed(a)) return; // hedging.ts: a copy failed while another is still out
    if (service.breaker) service.breaker.onFailure(this.engine.now, (this.ai[a * STRIDE + I_PROBE] as number) === 1);
    this.retryOrGiveUp(a, service, tenant);
  }

  /** Retries a failed attempt after its backoff, or gives the call up. */
  private retryOrGiveUp(a: number, service: ServiceRuntime, tenant: TenantRuntime | null): void {
    const now = this.engine.now;
    const attempt = this.ai[a * STRIDE + I_ATTEMPT] as number;
    if (attempt < service.retryCount && (service.budget === null || service.budget.tryRetry(now))) {
      let delay = service.backoff * Math.pow(service.backoffMultiplier, attempt);
      if (delay > service.maxBackoff) delay = service.maxBackoff;
      if (service.jitter) delay *= service.retryRng.next();
      this.ai[a * STRIDE + I_STATE] = STATE_RETRY_WAIT;
      this.engine.schedule(now + delay, EV_RETRY, EV_RETRY, a);
      return;
    }
    this.finishCall(a, service, tenant, false);
  }

  protected onRetry(a: number): void {
    const service = this.services[this.ai[a * STRIDE + I_SERVICE] as number] as ServiceRuntime;
    this.ai[a * STRIDE + I_ATTEMPT] = (this.ai[a * STRIDE + I_ATTEMPT] as number) + 1;
    this.drawAttempt(a, service, service.retryRng, service.retryRng);
    service.retries++;
    this.offer(a, service);
  }

  protected finishCall(a: number, service: ServiceRuntime, tenant: TenantRuntime | null, succeeded: boolean): void {
    service.wFinished++;
    if (tenant) tenant.wFinished++;
    if (succeeded) {
      service.callsSucceeded++;
      service.wSucceeded++;
      if (tenant) {
        tenant.callsSucceeded++;
        tenant.wSucceeded++;
      }
    } else {
      service.callsGaveUp++;
      if (tenant) tenant.callsGaveUp++;
    }
    this.ai[a * STRIDE + I_STATE] = STATE_FREE;
    this.freeAttempts[this.freeAttemptCount++] = a;
    if (service.clients > 0) {
      // Closed loop: the client has its answer and starts thinking again.
      service.consumeHazard(this.engine.now);
      service.sources++;
      this.scheduleArrival(service);
    }
  }
}
