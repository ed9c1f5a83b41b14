/**
 * Per-run mutable state of the pool model: one record per service, tenant and pool. These hold
 * counters, random substreams and queue buffers; the event handlers (handlers.ts) change them.
 */
import { deriveSeed, Rng } from '../../random/prng';
import { lognormalFromP99, lognormalFromSigma } from '../../random/distributions';
import { LatencyHistogram } from '../../stats/latency-histogram';
import { ArrivalSchedule } from '../arrival-schedule';
import { curvePoints } from '../load-curve';
import { AimdLimit } from '../adaptive-limit';
import { CircuitBreaker } from '../circuit-breaker';
import type { AdaptiveLimitSpec, Degradation, QueueDiscipline, ServiceLimitSpec, ServiceSpec, ShedOnQueueDelaySpec, SimpleTimeSpec } from '../../../schemas/scenario';
import { AttemptHeap } from './priority-queue';
import { RetryBudget } from './retry-budget';
import { TIME_DETERMINISTIC, TIME_EXPONENTIAL, TIME_LOGNORMAL, TIME_MIXTURE, TIME_PARETO } from './time-kinds';

/** Queue disciplines, as `PoolRuntime.discipline`. */
export const QUEUE_FIFO = 0;
export const QUEUE_LIFO = 1;
export const QUEUE_PRIORITY = 2;

/**
 * A single distribution as the sampler reads it: exponential (a = mean), deterministic
 * (a = the time), lognormal (a = μ, b = σ of the log) or Pareto (a = scale, b = −1/shape, so a
 * draw is a·U^b with U uniform on (0, 1]).
 */
export function timeParameters(serviceId: string, time: SimpleTimeSpec): { kind: number; a: number; b: number } {
  switch (time.kind) {
    case 'exponential':
      return { kind: TIME_EXPONENTIAL, a: time.mean, b: 0 };
    case 'deterministic':
      return { kind: TIME_DETERMINISTIC, a: time.mean, b: 0 };
    case 'pareto':
      return { kind: TIME_PARETO, a: (time.mean * (time.shape - 1)) / time.shape, b: -1 / time.shape };
    case 'lognormal': {
      const parameters = time.p99 !== undefined ? lognormalFromP99(time.mean, time.p99) : lognormalFromSigma(time.mean, time.sigma ?? 0);
      if (!parameters) throw new RangeError(`services "${serviceId}": no lognormal has mean ${time.mean} and p99 ${time.p99}`);
      return { kind: TIME_LOGNORMAL, a: parameters.mu, b: parameters.sigma };
    }
  }
}

export interface ActiveDegradation {
  kind: Degradation['kind'];
  at: number;
  until: number;
  factor: number;
  fraction: number;
}

export class ServiceRuntime {
  readonly index: number;
  readonly id: string;
  readonly label: string;
  readonly schedule: ArrivalSchedule;
  readonly arrivalRng: Rng;
  readonly serviceRng: Rng;
  readonly failureRng: Rng;
  readonly tenantRng: Rng;
  readonly retryRng: Rng;
  readonly timeKind: number;
  readonly mean: number;
  /** Distribution parameters (see {@link timeParameters}): lognormal μ and σ, or Pareto scale and −1/shape. */
  readonly mu: number;
  readonly sigma: number;
  /** A mixture's components: kind, parameters a and b, and cumulative weights. Empty otherwise. */
  readonly componentKinds: Int32Array;
  readonly componentA: Float64Array;
  readonly componentB: Float64Array;
  readonly componentCumulative: Float64Array;
  readonly degradations: ActiveDegradation[];
  readonly timeout: number;
  /** The caller's timeout leaves the slot busy until the dependency answers (or `socketTimeout`). */
  readonly timeoutKeepsSlot: boolean;
  /** Longest a slot stays on one call, from when it took the slot, seconds (Infinity = no limit). */
  readonly socketTimeout: number;
  readonly maxQueueWait: number;
  readonly retryCount: number;
  readonly backoff: number;
  readonly backoffMultiplier: number;
  readonly maxBackoff: number;
  readonly jitter: boolean;
  /** Whether the pool drops a queued call whose caller's deadline has passed (client.propagateDeadline). */
  readonly propagateDeadline: boolean;
  /** The retry budget, or null for none. */
  readonly budget: RetryBudget | null;
  readonly breaker: CircuitBreaker | null;
  /** Tenant index per mix entry, and cumulative shares. */
  readonly mixTenants: Int32Array;
  readonly mixCumulative: Float64Array;
  readonly burstTenant: number;
  readonly drawsTenant: boolean;
  pool = 0;
  /** Index of the dependency its calls go to (see dependency.ts), or -1 for none. */
  dependency = -1;
  /** Pending arrival: when its hazard started counting, and the hazard (a unit exponential). */
  hazardStart = 0;
  hazard = 0;
  /** Priority class of the service's calls in a `priority` queue (0 is served first). */
  readonly priority: number;
  /** Closed loop: the number of clients; 0 for an open loop. */
  readonly clients: number;
  /**
   * Independent sources the pending arrival races: 1 for an open loop, the clients now thinking
   * for a closed one. The arrival comes when sources × ∫ rate reaches the hazard.
   */
  sources = 1;

  offered = 0;
  retries = 0;
  admitted = 0;
  completed = 0;
  failed = 0;
  timedOut = 0;
  timedOutInQueue = 0;
  rejected = 0;
  /** Admitted attempts the pool dropped from its queue for waiting too long (shedOnQueueDelay). */
  shed = 0;
  shortCircuited = 0;
  callsStarted = 0;
  callsSucceeded = 0;
  callsGaveUp = 0;
  running = 0;
  queued = 0;
  inSystemArea = 0;
  sojournSum = 0;
  departures = 0;
  readonly latency = new LatencyHistogram();
  /** Attempts whose caller timed out while their slot stayed busy. */
  abandonedInSlot = 0;
  /** Orphaned queued attempts (caller gone) served anyway, and dropped at the slot by a propagated deadline. */
  orphansServed = 0;
  droppedPastDeadline = 0;
  /** Admitted attempts that had to queue (not given a slot on arrival). */
  waited = 0;
  /** Attempts that took a slot, and their summed queue wait, seconds. */
  serviceStarts = 0;
  waitSum = 0;
  /** Queue waits of attempts that took a slot after waiting (the zero waits are counted, not recorded). */
  readonly waits = new LatencyHistogram();

  wOffered = 0;
  wFinished = 0;
  wSucceeded = 0;
  wLatencySum = 0;
  wCompleted = 0;
  wRejected = 0;
  wTimedOut = 0;
  wFailed = 0;
  wShortCircuited = 0;

  constructor(index: number, spec: ServiceSpec, seed: number, tenantIndex: ReadonlyMap<string, number>, duration: number) {
    this.index = index;
    this.id = spec.id;
    this.label = spec.label ?? spec.id;
    const arrival = spec.arrival;
    this.schedule = new ArrivalSchedule(
      arrival.rate,
      arrival.step ? [{ at: arrival.step.at, rate: arrival.step.rate }] : [],
      arrival.burst ? [{ start: arrival.burst.start, end: arrival.burst.end, extraRate: arrival.burst.extraRate }] : [],
      arrival.curve ? curvePoints(arrival.curve, duration) : [],
    );
    this.clients = arrival.clients ?? 0;
    this.priority = spec.priority ?? 0;
    this.sources = arrival.clients ?? 1;
    this.arrivalRng = new Rng(deriveSeed(seed, `${spec.id}/arrivals`));
    this.serviceRng = new Rng(deriveSeed(seed, `${spec.id}/service-times`));
    this.failureRng = new Rng(deriveSeed(seed, `${spec.id}/failures`));
    this.tenantRng = new Rng(deriveSeed(seed, `${spec.id}/tenants`));
    this.retryRng = new Rng(deriveSeed(seed, `${spec.id}/retries`));
    const time = spec.serviceTime;
    this.mean = time.mean;
    if (time.kind === 'mixture') {
      this.timeKind = TIME_MIXTURE;
      this.mu = 0;
      this.sigma = 0;
      const total = time.components.reduce((sum, c) => sum + c.weight, 0);
      const parts = time.components.map((c) => timeParameters(spec.id, c.time));
      this.componentKinds = Int32Array.from(parts.map((p) => p.kind));
      this.componentA = Float64Array.from(parts.map((p) => p.a));
      this.componentB = Float64Array.from(parts.map((p) => p.b));
      let cumulative = 0;
      this.componentCumulative = Float64Array.from(time.components.map((c) => (cumulative += c.weight / total)));
    } else {
      const parameters = timeParameters(spec.id, time);
      this.timeKind = parameters.kind;
      this.mu = parameters.a;
      this.sigma = parameters.b;
      this.componentKinds = new Int32Array(0);
      this.componentA = new Float64Array(0);
      this.componentB = new Float64Array(0);
      this.componentCumulative = new Float64Array(0);
    }
    this.degradations = spec.degradations.map((d) => ({
      kind: d.kind,
      at: d.at,
      until: d.until ?? Infinity,
      factor: d.kind === 'slow' ? d.factor : 1,
      fraction: d.kind === 'fail' ? d.fraction : 0,
    }));
    const client = spec.client;
    this.timeout = client.timeout ?? Infinity;
    this.timeoutKeepsSlot = client.timeoutFreesSlot === false;
    this.socketTimeout = client.socketTimeout ?? Infinity;
    this.maxQueueWait = client.maxQueueWait ?? Infinity;
    this.retryCount = client.retries?.count ?? 0;
    this.backoff = client.retries?.backoff ?? 0;
    this.backoffMultiplier = client.retries?.multiplier ?? 2;
    this.maxBackoff = client.retries?.maxBackoff ?? Infinity;
    this.jitter = client.retries?.jitter ?? true;
    this.propagateDeadline = client.propagateDeadline === true;
    this.budget = client.retries?.budget ? new RetryBudget(client.retries.budget) : null;
    const breaker = client.circuitBreaker;
    this.breaker = breaker
      ? new CircuitBreaker({
          failureRateThreshold: breaker.failureRateThreshold,
          window: breaker.window,
          minimumCalls: breaker.minimumCalls ?? breaker.window,
          openDuration: breaker.openDuration,
          halfOpenProbes: breaker.halfOpenProbes,
          countRejections: breaker.countRejections,
        })
      : null;
    const mix = arrival.tenants ?? [];
    const total = mix.reduce((sum, entry) => sum + entry.share, 0);
    this.mixTenants = Int32Array.from(mix.map((entry) => tenantIndex.get(entry.tenant) ?? -1));
    let cumulative = 0;
    this.mixCumulative = Float64Array.from(mix.map((entry) => (cumulative += entry.share / total)));
    this.burstTenant = arrival.burst?.tenant !== undefined ? (tenantIndex.get(arrival.burst.tenant) ?? -1) : -1;
    this.drawsTenant = mix.length > 0 || this.burstTenant >= 0;
  }

  /**
   * Counts the hazard used since `hazardStart` and restarts counting now: call it before the
   * rate or the number of sources changes (the process is memoryless, so this is exact).
   */
  consumeHazard(now: number): void {
    const used = this.sources * this.schedule.hazardBetween(this.hazardStart, now);
    this.hazard = Math.max(0, this.hazard - used);
    this.hazardStart = now;
  }

  /** Draws the unit exponential that times the next arrival (written, not returned; see drawAttempt). */
  drawHazard(): void {
    this.hazard = -Math.log(1 - this.arrivalRng.next());
  }

  resetMeasures(): void {
    this.offered = 0;
    this.retries = 0;
    if (this.budget) this.budget.refused = 0;
    this.admitted = 0;
    this.completed = 0;
    this.failed = 0;
    this.timedOut = 0;
    this.timedOutInQueue = 0;
    this.rejected = 0;
    this.shed = 0;
    this.shortCircuited = 0;
    this.callsStarted = 0;
    this.callsSucceeded = 0;
    this.callsGaveUp = 0;
    this.inSystemArea = 0;
    this.sojournSum = 0;
    this.departures = 0;
    this.latency.reset();
    this.abandonedInSlot = 0;
    this.orphansServed = 0;
    this.droppedPastDeadline = 0;
    this.waited = 0;
    this.serviceStarts = 0;
    this.waitSum = 0;
    this.waits.reset();
  }

  resetWindow(): void {
    this.wOffered = 0;
    this.wFinished = 0;
    this.wSucceeded = 0;
    this.wLatencySum = 0;
    this.wCompleted = 0;
    this.wRejected = 0;
    this.wTimedOut = 0;
    this.wFailed = 0;
    this.wShortCircuited = 0;
  }
}

export class TenantRuntime {
  readonly id: string;
  readonly label: string;
  offered = 0;
  admitted = 0;
  completed = 0;
  rejected = 0;
  shed = 0;
  timedOut = 0;
  failed = 0;
  shortCircuited = 0;
  callsSucceeded = 0;
  callsGaveUp = 0;
  wFinished = 0;
  wSucceeded = 0;

  constructor(id: string, label: string) {
    this.id = id;
    this.label = label;
  }

  resetMeasures(): void {
    this.offered = 0;
    this.admitted = 0;
    this.completed = 0;
    this.rejected = 0;
    this.shed = 0;
    this.timedOut = 0;
    this.failed = 0;
    this.shortCircuited = 0;
    this.callsSucceeded = 0;
    this.callsGaveUp = 0;
  }
}

function createAimd(spec: AdaptiveLimitSpec): AimdLimit {
  return new AimdLimit({
    initial: spec.initial,
    min: spec.min,
    max: spec.max,
    backoffRatio: spec.backoffRatio,
    increase: spec.increase,
    rule: spec.rule,
    dropLatency: spec.dropLatency ?? Infinity,
  });
}

export class PoolRuntime {
  readonly index: number;
  readonly id: string;
  readonly kind: 'pool' | 'semaphore';
  readonly services: number[] = [];
  slots: number;
  queueCapacity: number;
  readonly adaptive: AimdLimit | null;
  /** Admission limit: min(slots, ⌊adaptive limit⌋). */
  limit: number;
  busy = 0;
  queued = 0;
  slotOwner: Int32Array;
  freeSlots: Int32Array;
  freeTop = 0;
  /** Queue order: {@link QUEUE_FIFO}, {@link QUEUE_LIFO} or {@link QUEUE_PRIORITY}. */
  readonly discipline: number;
  /** FIFO and LIFO: a buffer of queued attempts from `queueHead`, `queueLength` long. */
  queueAttempts: Int32Array;
  queueTickets: Float64Array;
  /** Priority: the heap of queued attempts. */
  readonly heap = new AttemptHeap();
  queueHead = 0;
  queueLength = 0;
  busyArea = 0;
  queueArea = 0;
  admittedTotal = 0;
  readonly tenantAdmitted: Int32Array;
  readonly tenantLimit: Float64Array;
  readonly hasTenantLimits: boolean;
  readonly busyByService: Int32Array;
  readonly queuedByService: Int32Array;
  /** Per-service admitted calls (running + queued) and caps (Infinity = none). */
  readonly serviceAdmitted: Int32Array;
  readonly serviceCap: Float64Array;
  readonly serviceAdaptive: (AimdLimit | null)[];
  readonly hasServiceLimits: boolean;
  windowBusyArea = 0;
  /** shedOnQueueDelay: the longest wait while the queue is standing, and otherwise (Infinity = no shedding), seconds. */
  shedTarget = Infinity;
  shedInterval = Infinity;
  /** When the queue was last empty: the time of the latest call queued into an empty queue. */
  lastEmptyAt = 0;

  constructor(
    index: number,
    id: string,
    kind: 'pool' | 'semaphore',
    slots: number,
    queueCapacity: number,
    adaptive: AdaptiveLimitSpec | undefined,
    serviceCount: number,
    tenantCount: number,
    tenantLimits: Float64Array | null,
    serviceLimits: readonly { index: number; spec: ServiceLimitSpec }[],
    discipline: QueueDiscipline | undefined,
  ) {
    this.index = index;
    this.discipline = discipline === 'lifo' ? QUEUE_LIFO : discipline === 'priority' ? QUEUE_PRIORITY : QUEUE_FIFO;
    this.id = id;
    this.kind = kind;
    this.slots = slots;
    this.queueCapacity = queueCapacity;
    this.adaptive = adaptive ? createAimd(adaptive) : null;
    this.limit = this.adaptive ? Math.min(slots, this.adaptive.allowed) : slots;
    this.slotOwner = new Int32Array(slots).fill(-1);
    this.freeSlots = new Int32Array(slots);
    this.rebuildFreeSlots();
    const queueSize = Math.max(16, Math.min(queueCapacity, 1024));
    this.queueAttempts = new Int32Array(queueSize);
    this.queueTickets = new Float64Array(queueSize);
    this.tenantAdmitted = new Int32Array(tenantCount + 1);
    this.tenantLimit = tenantLimits ?? new Float64Array(tenantCount + 1).fill(Infinity);
    this.hasTenantLimits = tenantLimits !== null;
    this.busyByService = new Int32Array(serviceCount);
    this.queuedByService = new Int32Array(serviceCount);
    this.serviceAdmitted = new Int32Array(serviceCount);
    this.serviceCap = new Float64Array(serviceCount).fill(Infinity);
    this.serviceAdaptive = new Array<AimdLimit | null>(serviceCount).fill(null);
    for (const { index, spec } of serviceLimits) {
      const limiter = spec.adaptive ? createAimd(spec.adaptive) : null;
      this.serviceAdaptive[index] = limiter;
      this.serviceCap[index] = limiter ? limiter.allowed : (spec.limit ?? Infinity);
    }
    this.hasServiceLimits = serviceLimits.length > 0;
  }

  rebuildFreeSlots(): void {
    const size = Math.max(this.slots, this.slotOwner.length);
    if (this.freeSlots.length < size) this.freeSlots = new Int32Array(size);
    this.freeTop = 0;
    for (let i = this.slots - 1; i >= 0; i--) {
      if ((this.slotOwner[i] as number) === -1) this.freeSlots[this.freeTop++] = i;
    }
  }

  /** Turns on shedding on queue delay (a pool's `shedOnQueueDelay`). */
  shedOnQueueDelay(spec: ShedOnQueueDelaySpec | undefined): this {
    if (spec) {
      this.shedTarget = spec.target;
      this.shedInterval = spec.interval ?? spec.target;
    }
    return this;
  }

  updateLimit(): void {
    this.limit = this.adaptive ? Math.min(this.slots, this.adaptive.allowed) : this.slots;
  }

  /** Feeds a success (with its time in the slot, seconds) to the pool's and the service's limiters. */
  onSuccess(service: number, slotTime: number): void {
    if (this.adaptive) {
      this.adaptive.onSuccess(this.busy + 1, slotTime);
      this.updateLimit();
    }
    const limiter = this.serviceAdaptive[service];
    if (limiter) {
      limiter.onSuccess((this.serviceAdmitted[service] as number) + 1, slotTime);
      this.serviceCap[service] = limiter.allowed;
    }
  }

  /** Feeds a drop (timeout or error) to the pool's and the service's limiters. */
  onDrop(service: number): void {
    if (this.adaptive) {
      this.adaptive.onDrop();
      this.updateLimit();
    }
    const limiter = this.serviceAdaptive[service];
    if (limiter) {
      limiter.onDrop();
      this.serviceCap[service] = limiter.allowed;
    }
  }
}
