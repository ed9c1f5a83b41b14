/**
 * The pool model: services send calls through an isolation policy (pools of slots with bounded
 * queues, semaphores, per-tenant caps), driven by the discrete-event {@link Engine}.
 *
 * A call's life: it arrives (Poisson), asks its service's circuit breaker, then its tenant cap,
 * then its pool. It takes a free slot, or waits in the pool's FIFO queue, or is rejected. In a
 * slot it runs for its service time (its base time, drawn at arrival, times any active slow-down),
 * unless the dependency hangs; a per-attempt timeout frees the slot early. Failed, timed-out and
 * rejected attempts may be retried after a backoff.
 *
 * Randomness: each service owns five substreams derived from the run seed and the service id
 * (arrivals, base service times, failure coins, tenants, retries). Base time, failure coin and
 * tenant are drawn when a call arrives, whatever the policy then does with it, so two runs with
 * the same seed and different policies see identical traffic (common random numbers).
 */
import type { LatencyHistogram } from '../stats/latency-histogram';
import { QUEUE_LIFO, QUEUE_PRIORITY, type ServiceRuntime, type TenantRuntime } from './pool/runtime';
import { ATTEMPT_LAYOUT } from './pool/handlers';
import { HedgingModel } from './pool/hedging';
import { DEPENDENCY_COLUMNS, POOL_COLUMNS, SERVICE_COLUMNS } from './pool/state';
import type {
  DegradationChange,
  LatencySummary,
  QueueWaitSummary,
  PoolSnapshot,
  SeriesSnapshot,
  ServiceSnapshot,
  SimulationOptions,
  SimulationSnapshot,
  SlotView,
  SnapshotOptions,
  TenantSnapshot,
} from './pool/types';

export type * from './pool/types';

const { STRIDE, F_START, F_TICKET, I_SERVICE, I_TENANT, I_STATE, I_FLAGS, FLAG_HUNG, STATE_QUEUED } = ATTEMPT_LAYOUT;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * A running simulation of one scenario under one policy and seed. Create it with
 * `createSimulation`; drive it with {@link PoolSimulation.step} or {@link PoolSimulation.runUntil};
 * read it with {@link PoolSimulation.snapshot}. Nothing here reads wall time.
 *
 * The class is built in layers: `PoolState` (pool/state.ts) holds the run's state and bookkeeping,
 * `PoolModel` (pool/handlers.ts) adds the event handlers, `DeadlineModel` (pool/deadlines.ts) calls
 * whose caller has gone, `CapacityModel` (pool/capacity.ts) dependencies and scheduled resizes, `HedgingModel` (pool/hedging.ts) hedged requests, and this class the public API.
 */
export class PoolSimulation extends HedgingModel {
  constructor(options: SimulationOptions) {
    super(options);
  }

  // ---------------------------------------------------------------- public driving API

  /** Simulated time now, seconds. */
  get now(): number {
    return this.engine.now;
  }

  /** Whether the clock has reached the scenario's duration. */
  get done(): boolean {
    return this.engine.now >= this.duration;
  }

  /** Events handled so far. */
  get eventsProcessed(): number {
    return this.engine.eventsProcessed;
  }

  /**
   * Processes the next event if it falls within the run's duration and returns true; otherwise
   * moves the clock to the duration and returns false.
   */
  step(): boolean {
    if (this.engine.nextEventTime() > this.duration) {
      this.engine.runUntil(this.duration);
      return false;
    }
    return this.engine.step();
  }

  /** Runs every event up to `time` seconds (clamped to the duration); the clock ends at that time. */
  runUntil(time: number): void {
    if (!Number.isFinite(time)) throw new RangeError('runUntil needs a finite time in seconds');
    this.engine.runUntil(Math.min(time, this.duration));
  }

  /** Runs to the end of the scenario and returns the final snapshot. */
  run(options?: SnapshotOptions): SimulationSnapshot {
    this.runUntil(this.duration);
    return this.snapshot(options);
  }

  /**
   * Applies a degradation to a service from now on (the UI's "break search" button). It affects
   * calls that start service from now until `now + duration` (open-ended without `duration`).
   */
  degrade(serviceId: string, change: DegradationChange): void {
    const service = this.serviceById(serviceId);
    const now = this.engine.now;
    if (change.duration !== undefined && !(change.duration > 0)) throw new RangeError('degrade: duration must be a positive number of seconds');
    const until = change.duration === undefined ? Infinity : now + change.duration;
    if (change.kind === 'slow') {
      if (!(change.factor > 0) || !Number.isFinite(change.factor)) throw new RangeError('degrade: factor must be a positive number');
      service.degradations.push({ kind: 'slow', at: now, until, factor: change.factor, fraction: 0 });
    } else if (change.kind === 'fail') {
      if (!(change.fraction > 0 && change.fraction <= 1)) throw new RangeError('degrade: fraction must be greater than 0 and at most 1');
      service.degradations.push({ kind: 'fail', at: now, until, factor: 1, fraction: change.fraction });
    } else {
      service.degradations.push({ kind: 'hang', at: now, until, factor: 1, fraction: 0 });
    }
  }

  /** Ends every degradation of a service that is in force now (scheduled future ones stay). */
  recover(serviceId: string): void {
    const service = this.serviceById(serviceId);
    const now = this.engine.now;
    for (const d of service.degradations) if (d.at <= now && now < d.until) d.until = now;
  }

  /**
   * Sets a service's base arrival rate (calls per second, ≥ 0) from now on. Later scheduled steps
   * are dropped; bursts stay. The pending arrival is re-timed exactly (the process is memoryless).
   */
  setArrivalRate(serviceId: string, rate: number): void {
    if (!(rate >= 0) || !Number.isFinite(rate)) throw new RangeError('setArrivalRate: rate must be zero or a positive number of calls per second');
    const service = this.serviceById(serviceId);
    const now = this.engine.now;
    service.consumeHazard(now);
    service.schedule.setBaseRate(now, rate);
    this.scheduleArrival(service);
  }

  /**
   * Resizes a pool (or semaphore) in place. Growing admits queued calls at once; shrinking below
   * the calls in flight loses nothing: those calls finish and no new call is admitted until the
   * pool is under its new size.
   */
  setPoolSize(poolId: string, slots: number): void {
    if (!(Number.isInteger(slots) && slots >= 1)) throw new RangeError('setPoolSize: slots must be a whole number of at least 1');
    this.integrate(this.engine.now); // the occupancy changes now, between events (see PoolState.pause)
    this.resizePool(this.poolById(poolId), slots);
  }

  /** Changes a pool's queue capacity; calls already queued beyond it stay queued. */
  setQueueCapacity(poolId: string, capacity: number): void {
    if (!(Number.isInteger(capacity) && capacity >= 0)) throw new RangeError('setQueueCapacity: capacity must be a whole number of at least 0');
    const pool = this.poolById(poolId);
    if (pool.kind === 'semaphore' && capacity > 0) throw new RangeError('setQueueCapacity: a semaphore has no queue');
    pool.queueCapacity = capacity;
  }

  // ---------------------------------------------------------------- snapshots

  /** Fresh, deeply frozen plain data describing the run so far. */
  snapshot(options: SnapshotOptions = {}): SimulationSnapshot {
    return this.atNow(() => this.buildSnapshot(options));
  }

  private buildSnapshot(options: SnapshotOptions): SimulationSnapshot {
    const now = this.engine.now;
    const measuredTime = Math.max(0, now - this.measuredFrom);
    const tenantId = (index: number) => (index < this.noTenant ? (this.tenants[index] as TenantRuntime).id : null);
    const services: ServiceSnapshot[] = this.services.map((s) => ({
      id: s.id,
      label: s.label,
      arrivalRate: s.schedule.rateAt(now),
      activeDegradations: s.degradations
        .filter((d) => d.at <= now && now < d.until)
        .map((d) => ({ kind: d.kind, at: d.at, until: d.until === Infinity ? null : d.until, factor: d.factor, fraction: d.fraction })),
      breaker: s.breaker ? { state: s.breaker.state(now), timesOpened: s.breaker.timesOpened } : null,
      counts: {
        offered: s.offered,
        retries: s.retries,
        retriesOverBudget: s.budget ? s.budget.refused : 0,
        admitted: s.admitted,
        completed: s.completed,
        failed: s.failed,
        timedOut: s.timedOut,
        timedOutInQueue: s.timedOutInQueue,
        timedOutHoldingSlot: s.abandonedInSlot,
        orphansServed: s.orphansServed,
        droppedPastDeadline: s.droppedPastDeadline,
        rejected: s.rejected,
        shed: s.shed,
        shortCircuited: s.shortCircuited,
        ...this.hedgeCounts(s.index),
      },
      calls: { started: s.callsStarted, succeeded: s.callsSucceeded, gaveUp: s.callsGaveUp },
      successRate: ratio(s.callsSucceeded, s.callsSucceeded + s.callsGaveUp),
      clients: s.clients > 0 ? { total: s.clients, thinking: s.sources } : null,
      running: s.running,
      queued: s.queued,
      latency: this.latencySummary(s.latency),
      queueWait: this.queueWaitSummary(s),
      little: {
        meanInSystem: ratio(s.inSystemArea, measuredTime),
        admittedRate: ratio(s.admitted, measuredTime),
        meanTimeInSystem: ratio(s.sojournSum, s.departures),
      },
    }));
    const pools: PoolSnapshot[] = this.pools.map((p) => {
      const occupancy: (SlotView | null)[] = [];
      let highest = p.slots;
      for (let i = 0; i < p.slotOwner.length; i++) if ((p.slotOwner[i] as number) >= 0) highest = Math.max(highest, i + 1);
      for (let i = 0; i < highest; i++) {
        const a = p.slotOwner[i] as number;
        occupancy.push(
          a >= 0
            ? {
                service: (this.services[this.ai[a * STRIDE + I_SERVICE] as number] as ServiceRuntime).id,
                tenant: tenantId(this.ai[a * STRIDE + I_TENANT] as number),
                since: this.af[a * STRIDE + F_START] as number,
                hung: ((this.ai[a * STRIDE + I_FLAGS] as number) & FLAG_HUNG) !== 0,
                draining: i >= p.slots,
              }
            : null,
        );
      }
      const queue: string[] = [];
      const serviceOf = (a: number) => (this.services[this.ai[a * STRIDE + I_SERVICE] as number] as ServiceRuntime).id;
      if (p.discipline === QUEUE_PRIORITY) {
        for (const [a] of p.heap.ordered(this.isQueued).slice(0, 200)) queue.push(serviceOf(a));
      } else {
        // Head first: the next call served is the oldest (FIFO) or the newest (LIFO).
        const lifo = p.discipline === QUEUE_LIFO;
        for (let i = 0; i < p.queueLength && queue.length < 200; i++) {
          const at = lifo ? p.queueHead + p.queueLength - 1 - i : p.queueHead + i;
          const a = p.queueAttempts[at] as number;
          if ((this.ai[a * STRIDE + I_STATE] as number) === STATE_QUEUED && this.af[a * STRIDE + F_TICKET] === p.queueTickets[at]) queue.push(serviceOf(a));
        }
      }
      const busyByService: Record<string, number> = {};
      const queuedByService: Record<string, number> = {};
      for (const index of p.services) {
        const service = this.services[index] as ServiceRuntime;
        busyByService[service.id] = p.busyByService[index] as number;
        queuedByService[service.id] = p.queuedByService[index] as number;
      }
      return {
        id: p.id,
        kind: p.kind,
        services: p.services.map((index) => (this.services[index] as ServiceRuntime).id),
        slots: p.slots,
        limit: p.limit,
        queueCapacity: p.queueCapacity,
        busy: p.busy,
        queued: p.queued,
        occupancy,
        queue,
        busyByService,
        queuedByService,
        meanBusy: ratio(p.busyArea, measuredTime),
        meanQueued: ratio(p.queueArea, measuredTime),
        busyTime: p.busyArea,
        adaptive: p.adaptive ? { value: p.adaptive.value, min: p.adaptive.min, max: p.adaptive.max } : null,
        autoscale: this.autoscaleView(p.index),
        serviceLimits: p.services
          .filter((index) => (p.serviceCap[index] as number) !== Infinity)
          .map((index) => {
            const limiter = p.serviceAdaptive[index];
            return {
              service: (this.services[index] as ServiceRuntime).id,
              limit: p.serviceCap[index] as number,
              admitted: p.serviceAdmitted[index] as number,
              adaptive: limiter ? { value: limiter.value, min: limiter.min, max: limiter.max } : null,
            };
          }),
      };
    });
    const tenants: TenantSnapshot[] = this.tenants.map((t) => ({
      id: t.id,
      label: t.label,
      offered: t.offered,
      admitted: t.admitted,
      completed: t.completed,
      rejected: t.rejected,
      shed: t.shed,
      timedOut: t.timedOut,
      failed: t.failed,
      shortCircuited: t.shortCircuited,
      calls: { succeeded: t.callsSucceeded, gaveUp: t.callsGaveUp },
      successRate: ratio(t.callsSucceeded, t.callsSucceeded + t.callsGaveUp),
    }));
    return deepFreeze({
      time: now,
      duration: this.duration,
      done: now >= this.duration,
      seed: this.seed,
      policy: this.policyName,
      policyKind: this.policy.kind,
      scenario: this.scenario.name,
      measuredFrom: this.measuredFrom,
      measuredTime,
      eventsProcessed: this.engine.eventsProcessed,
      services,
      pools,
      tenants,
      dependencies: this.dependencySnapshots(measuredTime),
      series: this.seriesSnapshot(options.seriesLimit),
    });
  }

  private latencySummary(histogram: LatencyHistogram): LatencySummary {
    const [p50 = null, p95 = null, p99 = null] = histogram.quantiles([0.5, 0.95, 0.99]);
    return { count: histogram.count, mean: histogram.mean(), p50, p95, p99, max: histogram.count > 0 ? histogram.max : null };
  }

  private queueWaitSummary(s: ServiceRuntime): QueueWaitSummary {
    const started = s.serviceStarts;
    const waits = s.waits;
    const zeros = started - waits.count;
    // Quantile q over all starts: 0 while q falls among the zero waits, else the matching
    // quantile of the recorded (positive) waits.
    const quantile = (q: number): number | null => {
      if (started === 0) return null;
      if (q * started <= zeros) return 0;
      return waits.quantiles([Math.min(1, (q * started - zeros) / waits.count)])[0] ?? null;
    };
    return {
      started,
      waited: s.waited,
      probabilityOfWaiting: ratio(s.waited, s.admitted),
      mean: ratio(s.waitSum, started),
      p50: quantile(0.5),
      p95: quantile(0.95),
      p99: quantile(0.99),
      max: started === 0 ? null : waits.count > 0 ? waits.max : 0,
    };
  }

  private seriesSnapshot(limit: number | undefined): SeriesSnapshot {
    const series = this.series;
    const take = limit === undefined ? series.size : Math.max(0, Math.floor(limit));
    const column = (index: number) => series.column(index, take);
    const nullable = (index: number) => column(index).map((v) => (Number.isNaN(v) ? null : v));
    let k = 1;
    const pools = this.pools.map((p) => {
      const base = k;
      k += POOL_COLUMNS;
      return { id: p.id, busy: column(base), queued: column(base + 1), limit: column(base + 2), meanBusy: column(base + 3), slots: column(base + 4) };
    });
    const services = this.services.map((s) => {
      const base = k;
      k += SERVICE_COLUMNS;
      return {
        id: s.id,
        running: column(base),
        queued: column(base + 1),
        offered: column(base + 2),
        successRate: nullable(base + 3),
        meanLatency: nullable(base + 4),
        completed: column(base + 5),
        rejected: column(base + 6),
        timedOut: column(base + 7),
        failed: column(base + 8),
        shortCircuited: column(base + 9),
        limit: nullable(base + 10),
      };
    });
    const tenants = this.tenants.map((t) => {
      const base = k;
      k += 2;
      const finished = column(base);
      const succeeded = column(base + 1);
      return { id: t.id, successRate: finished.map((f, i) => (f > 0 ? (succeeded[i] as number) / f : null)) };
    });
    const dependencies = this.dependencies.map((d) => {
      const base = k;
      k += DEPENDENCY_COLUMNS;
      return { id: d.id, busy: column(base), waiting: column(base + 1), meanBusy: column(base + 2) };
    });
    return { interval: this.sampleInterval, time: column(0), pools, services, tenants, dependencies };
  }
}
