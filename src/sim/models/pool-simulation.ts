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
import { Engine, type EventHandler } from '../engine/engine';
import { deriveSeed, Rng } from '../random/prng';
import { lognormalFromP99, lognormalFromSigma } from '../random/distributions';
import { LatencyHistogram } from '../stats/latency-histogram';
import { SeriesBuffer } from '../stats/series-buffer';
import { ArrivalSchedule } from './arrival-schedule';
import { AimdLimit } from './adaptive-limit';
import { CircuitBreaker, PERMIT_DENIED, PERMIT_PROBE, type BreakerState } from './circuit-breaker';
import type { AdaptiveLimitSpec, Degradation, Policy, Scenario, ServiceLimitSpec, ServiceSpec } from '../../schemas/scenario';

const EV_COMPLETE = 0;
const EV_TIMEOUT = 1;
const EV_QUEUE_EXPIRE = 2;
const EV_RETRY = 3;
const EV_ARRIVAL = 4;

const STATE_FREE = 0;
const STATE_QUEUED = 1;
const STATE_RUNNING = 2;
const STATE_RETRY_WAIT = 3;

/** Layout of an attempt record: offsets into `af` (floats) and `ai` (integers). */
const STRIDE = 8;
const F_OFFERED = 0;
const F_START = 1;
const F_BASE = 2;
const F_COIN = 3;
const F_TOKEN = 4;
const F_TICKET = 5;
const I_SERVICE = 0;
const I_TENANT = 1;
const I_STATE = 2;
const I_FLAGS = 3;
const I_PROBE = 4;
const I_ATTEMPT = 5;
const I_SLOT = 6;

const FLAG_FAILING = 1;
const FLAG_HUNG = 2;

const TIME_EXPONENTIAL = 0;
const TIME_DETERMINISTIC = 1;
const TIME_LOGNORMAL = 2;

const TWO_PI = 2 * Math.PI;
const SERVICE_COLUMNS = 11;

/** A degradation applied from now on through {@link PoolSimulation.degrade}. */
export type DegradationChange =
  | { readonly kind: 'slow'; readonly factor: number; readonly duration?: number }
  | { readonly kind: 'hang'; readonly duration?: number }
  | { readonly kind: 'fail'; readonly fraction: number; readonly duration?: number };

interface ActiveDegradation {
  kind: Degradation['kind'];
  at: number;
  until: number;
  factor: number;
  fraction: number;
}

class ServiceRuntime {
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
  readonly mu: number;
  readonly sigma: number;
  readonly degradations: ActiveDegradation[];
  readonly timeout: number;
  readonly maxQueueWait: number;
  readonly retryCount: number;
  readonly backoff: number;
  readonly backoffMultiplier: number;
  readonly maxBackoff: number;
  readonly jitter: boolean;
  readonly breaker: CircuitBreaker | null;
  /** Tenant index per mix entry, and cumulative shares. */
  readonly mixTenants: Int32Array;
  readonly mixCumulative: Float64Array;
  readonly burstTenant: number;
  readonly drawsTenant: boolean;
  pool = 0;
  /** Pending arrival: when its hazard started counting, and the hazard (a unit exponential). */
  hazardStart = 0;
  hazard = 0;

  offered = 0;
  retries = 0;
  admitted = 0;
  completed = 0;
  failed = 0;
  timedOut = 0;
  timedOutInQueue = 0;
  rejected = 0;
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

  wOffered = 0;
  wFinished = 0;
  wSucceeded = 0;
  wLatencySum = 0;
  wCompleted = 0;
  wRejected = 0;
  wTimedOut = 0;
  wFailed = 0;
  wShortCircuited = 0;

  constructor(index: number, spec: ServiceSpec, seed: number, tenantIndex: ReadonlyMap<string, number>) {
    this.index = index;
    this.id = spec.id;
    this.label = spec.label ?? spec.id;
    const arrival = spec.arrival;
    this.schedule = new ArrivalSchedule(
      arrival.rate,
      arrival.step ? [{ at: arrival.step.at, rate: arrival.step.rate }] : [],
      arrival.burst ? [{ start: arrival.burst.start, end: arrival.burst.end, extraRate: arrival.burst.extraRate }] : [],
    );
    this.arrivalRng = new Rng(deriveSeed(seed, `${spec.id}/arrivals`));
    this.serviceRng = new Rng(deriveSeed(seed, `${spec.id}/service-times`));
    this.failureRng = new Rng(deriveSeed(seed, `${spec.id}/failures`));
    this.tenantRng = new Rng(deriveSeed(seed, `${spec.id}/tenants`));
    this.retryRng = new Rng(deriveSeed(seed, `${spec.id}/retries`));
    const time = spec.serviceTime;
    this.mean = time.mean;
    if (time.kind === 'exponential') {
      this.timeKind = TIME_EXPONENTIAL;
      this.mu = 0;
      this.sigma = 0;
    } else if (time.kind === 'deterministic') {
      this.timeKind = TIME_DETERMINISTIC;
      this.mu = 0;
      this.sigma = 0;
    } else {
      this.timeKind = TIME_LOGNORMAL;
      const parameters = time.p99 !== undefined ? lognormalFromP99(time.mean, time.p99) : lognormalFromSigma(time.mean, time.sigma ?? 0);
      if (!parameters) throw new RangeError(`services "${spec.id}": no lognormal has mean ${time.mean} and p99 ${time.p99}`);
      this.mu = parameters.mu;
      this.sigma = parameters.sigma;
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
    this.maxQueueWait = client.maxQueueWait ?? Infinity;
    this.retryCount = client.retries?.count ?? 0;
    this.backoff = client.retries?.backoff ?? 0;
    this.backoffMultiplier = client.retries?.multiplier ?? 2;
    this.maxBackoff = client.retries?.maxBackoff ?? Infinity;
    this.jitter = client.retries?.jitter ?? true;
    const breaker = client.circuitBreaker;
    this.breaker = breaker
      ? new CircuitBreaker({
          failureRateThreshold: breaker.failureRateThreshold,
          window: breaker.window,
          minimumCalls: breaker.minimumCalls ?? breaker.window,
          openDuration: breaker.openDuration,
          halfOpenProbes: breaker.halfOpenProbes,
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

  /** Draws the unit exponential that times the next arrival (written, not returned; see drawAttempt). */
  drawHazard(): void {
    this.hazard = -Math.log(1 - this.arrivalRng.next());
  }

  resetMeasures(): void {
    this.offered = 0;
    this.retries = 0;
    this.admitted = 0;
    this.completed = 0;
    this.failed = 0;
    this.timedOut = 0;
    this.timedOutInQueue = 0;
    this.rejected = 0;
    this.shortCircuited = 0;
    this.callsStarted = 0;
    this.callsSucceeded = 0;
    this.callsGaveUp = 0;
    this.inSystemArea = 0;
    this.sojournSum = 0;
    this.departures = 0;
    this.latency.reset();
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

class TenantRuntime {
  readonly id: string;
  readonly label: string;
  offered = 0;
  admitted = 0;
  completed = 0;
  rejected = 0;
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

class PoolRuntime {
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
  queueAttempts: Int32Array;
  queueTickets: Float64Array;
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
  ) {
    this.index = index;
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

/** How a run is set up. */
export interface SimulationOptions {
  /** Validated scenario (see `parseScenario`). */
  readonly scenario: Scenario;
  /** The isolation policy: a name from `scenario.policies` or a validated policy. */
  readonly policy: Policy;
  /** Name shown in snapshots (the policy's key, or `"custom"`). */
  readonly policyName: string;
  /** Run seed, integer 0 to 2³² − 1. */
  readonly seed: number;
  /** Time-series samples kept (the most recent ones); default 3,600. */
  readonly seriesCapacity?: number;
}

/**
 * Counts of attempts by outcome (each retry is a new attempt). Every count covers events that
 * happened after the measurement start (the warmup), so an attempt admitted during the warmup that
 * finishes after it adds to `completed` but not to `admitted`.
 */
export interface AttemptCounts {
  /** Attempts that reached the isolation layer (first attempts plus retries). */
  readonly offered: number;
  /** Of `offered`, how many were retries. */
  readonly retries: number;
  /** Attempts given a slot or a queue place. */
  readonly admitted: number;
  /** Attempts answered successfully. */
  readonly completed: number;
  /** Attempts answered with an error (a `fail` degradation). */
  readonly failed: number;
  /** Attempts abandoned at their timeout or max queue wait (queue expiries included). */
  readonly timedOut: number;
  /** Of `timedOut`, how many expired while still queued. */
  readonly timedOutInQueue: number;
  /** Attempts refused because the pool and queue were full or the tenant was at its cap. */
  readonly rejected: number;
  /** Attempts refused by an open circuit breaker. */
  readonly shortCircuited: number;
}

/** Latency of completed attempts (queue wait + service), seconds; null when none completed. */
export interface LatencySummary {
  readonly count: number;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/** Little's-law figures measured independently (one from the time integral, two from calls). */
export interface LittleFigures {
  /** Time-average calls in system (running + queued), from the integral: L. */
  readonly meanInSystem: number | null;
  /** Admitted attempts per second: λ_eff. */
  readonly admittedRate: number | null;
  /** Mean time in system of attempts that left, seconds: W. */
  readonly meanTimeInSystem: number | null;
}

/** One service in a snapshot. */
export interface ServiceSnapshot {
  readonly id: string;
  readonly label: string;
  /** Current base arrival rate plus any burst, calls per second. */
  readonly arrivalRate: number;
  /** Degradations in force now. */
  readonly activeDegradations: readonly DegradationView[];
  /** Circuit-breaker state, or null without a breaker. */
  readonly breaker: { readonly state: BreakerState; readonly timesOpened: number } | null;
  readonly counts: AttemptCounts;
  /** Calls (a first attempt and its retries) by final outcome. */
  readonly calls: { readonly started: number; readonly succeeded: number; readonly gaveUp: number };
  /** succeeded / (succeeded + gaveUp), or null when no call has finished. */
  readonly successRate: number | null;
  /** Attempts in a slot now. */
  readonly running: number;
  /** Attempts queued now. */
  readonly queued: number;
  readonly latency: LatencySummary;
  readonly little: LittleFigures;
}

/** A degradation as shown in snapshots (`until` is null when open-ended). */
export interface DegradationView {
  readonly kind: 'slow' | 'hang' | 'fail';
  readonly at: number;
  readonly until: number | null;
  readonly factor: number;
  readonly fraction: number;
}

/** One occupied slot. */
export interface SlotView {
  readonly service: string;
  readonly tenant: string | null;
  /** When the call took the slot, seconds. */
  readonly since: number;
  /** The dependency will never answer this call. */
  readonly hung: boolean;
  /** The slot is beyond the pool's current size (it was shrunk); it closes when the call ends. */
  readonly draining: boolean;
}

/** One pool (or semaphore) in a snapshot. */
export interface PoolSnapshot {
  readonly id: string;
  readonly kind: 'pool' | 'semaphore';
  readonly services: readonly string[];
  /** Current size. */
  readonly slots: number;
  /** Admission limit now: min(slots, ⌊adaptive limit⌋). */
  readonly limit: number;
  readonly queueCapacity: number;
  readonly busy: number;
  readonly queued: number;
  /** Slot-by-slot occupancy (index = slot), for drawing; null = free. */
  readonly occupancy: readonly (SlotView | null)[];
  /** Service ids of queued calls, head first (at most 200). */
  readonly queue: readonly string[];
  readonly busyByService: Readonly<Record<string, number>>;
  readonly queuedByService: Readonly<Record<string, number>>;
  /** Time-average busy slots since the measurement start (the busy-time integral / time). */
  readonly meanBusy: number | null;
  /** Time-average queue length since the measurement start. */
  readonly meanQueued: number | null;
  /** ∫ busy slots dt since the measurement start, slot-seconds. */
  readonly busyTime: number;
  /** Adaptive limit state, or null. */
  readonly adaptive: { readonly value: number; readonly min: number; readonly max: number } | null;
  /** Per-service caps inside this pool (only services that have one). */
  readonly serviceLimits: readonly {
    readonly service: string;
    /** Cap on admitted calls now. */
    readonly limit: number;
    /** Admitted calls (running + queued) now. */
    readonly admitted: number;
    readonly adaptive: { readonly value: number; readonly min: number; readonly max: number } | null;
  }[];
}

/** One tenant in a snapshot. */
export interface TenantSnapshot {
  readonly id: string;
  readonly label: string;
  readonly offered: number;
  readonly admitted: number;
  readonly completed: number;
  readonly rejected: number;
  readonly timedOut: number;
  readonly failed: number;
  readonly shortCircuited: number;
  readonly calls: { readonly succeeded: number; readonly gaveUp: number };
  readonly successRate: number | null;
}

/** Time series sampled every `interval` seconds; arrays are aligned with `time`. */
export interface SeriesSnapshot {
  readonly interval: number;
  /** Sample times, seconds. */
  readonly time: readonly number[];
  readonly pools: readonly {
    readonly id: string;
    /** Busy slots at the sample time. */
    readonly busy: readonly number[];
    /** Queue length at the sample time. */
    readonly queued: readonly number[];
    /** Admission limit at the sample time. */
    readonly limit: readonly number[];
    /** Time-average busy slots over the interval ending at the sample. */
    readonly meanBusy: readonly number[];
  }[];
  readonly services: readonly {
    readonly id: string;
    readonly running: readonly number[];
    readonly queued: readonly number[];
    /** Attempts offered in the interval. */
    readonly offered: readonly number[];
    /** Share of calls finishing in the interval that succeeded; null when none finished. */
    readonly successRate: readonly (number | null)[];
    /** Mean latency of attempts completed in the interval, seconds; null when none. */
    readonly meanLatency: readonly (number | null)[];
    readonly completed: readonly number[];
    readonly rejected: readonly number[];
    readonly timedOut: readonly number[];
    readonly failed: readonly number[];
    readonly shortCircuited: readonly number[];
    /** The service's cap inside its pool at the sample time; null when it has none. */
    readonly limit: readonly (number | null)[];
  }[];
  readonly tenants: readonly { readonly id: string; readonly successRate: readonly (number | null)[] }[];
}

/** Everything a view needs, as fresh frozen plain data. */
export interface SimulationSnapshot {
  /** Simulated time now, seconds. */
  readonly time: number;
  /** Run length, seconds. */
  readonly duration: number;
  /** Whether the clock reached `duration`. */
  readonly done: boolean;
  readonly seed: number;
  /** Policy name (its key in the scenario) or `"custom"`. */
  readonly policy: string;
  readonly policyKind: Policy['kind'];
  readonly scenario: string;
  /** Metrics count from this time (the warmup end), seconds. */
  readonly measuredFrom: number;
  /** Seconds measured so far. */
  readonly measuredTime: number;
  readonly eventsProcessed: number;
  readonly services: readonly ServiceSnapshot[];
  readonly pools: readonly PoolSnapshot[];
  readonly tenants: readonly TenantSnapshot[];
  readonly series: SeriesSnapshot;
}

/** Options of {@link PoolSimulation.snapshot}. */
export interface SnapshotOptions {
  /** Keep only the last N samples of the series (all kept samples by default; 0 for none). */
  readonly seriesLimit?: number;
}

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
 */
export class PoolSimulation implements EventHandler {
  /** Run length, seconds. */
  readonly duration: number;
  readonly seed: number;
  readonly policyName: string;
  readonly policy: Policy;
  readonly scenario: Scenario;
  private readonly engine: Engine;
  private readonly services: ServiceRuntime[];
  private readonly pools: PoolRuntime[];
  private readonly tenants: TenantRuntime[];
  private readonly noTenant: number;
  private readonly warmup: number;
  private readonly sampleInterval: number;
  private readonly series: SeriesBuffer;
  private readonly row: Float64Array;
  private sampleIndex = 1;
  private nextSampleTime: number;
  private warmupPending: boolean;
  private nextCheckpoint: number;
  private lastAdvance = 0;
  private measuredFrom = 0;
  private ticketCounter = 0;

  private capacity = 0;
  /**
   * Call attempts, one record of STRIDE numbers each in two arrays (times in `af`, small integers
   * in `ai`), so an attempt's fields share a cache line or two instead of spreading over a dozen
   * arrays.
   */
  private af = new Float64Array(0);
  private ai = new Int32Array(0);
  private freeAttempts = new Int32Array(0);
  private freeAttemptCount = 0;

  constructor(options: SimulationOptions) {
    const { scenario, policy, seed } = options;
    this.scenario = scenario;
    this.policy = policy;
    this.policyName = options.policyName;
    this.seed = seed;
    this.duration = scenario.duration;
    this.warmup = scenario.warmup;
    this.sampleInterval = scenario.sampleInterval;
    this.engine = new Engine(this, 256, scenario.services.length);
    const tenantIndex = new Map(scenario.tenants.map((t, i) => [t.id, i] as const));
    this.tenants = scenario.tenants.map((t) => new TenantRuntime(t.id, t.label ?? t.id));
    this.noTenant = this.tenants.length;
    this.services = scenario.services.map((spec, i) => new ServiceRuntime(i, spec, seed, tenantIndex));
    this.pools = this.buildPools(policy, tenantIndex);
    const width = 1 + 4 * this.pools.length + SERVICE_COLUMNS * this.services.length + 2 * this.tenants.length;
    this.series = new SeriesBuffer(width, options.seriesCapacity ?? 3600);
    this.row = new Float64Array(width);
    this.nextSampleTime = this.sampleInterval;
    this.warmupPending = this.warmup > 0;
    this.measuredFrom = this.warmup;
    this.nextCheckpoint = Math.min(this.nextSampleTime, this.warmupPending ? this.warmup : Infinity);
    this.growAttempts(256);
    for (const service of this.services) {
      service.hazardStart = 0;
      service.drawHazard();
      this.scheduleArrival(service);
    }
  }

  private buildPools(policy: Policy, tenantIndex: ReadonlyMap<string, number>): PoolRuntime[] {
    const serviceCount = this.services.length;
    const tenantCount = this.tenants.length;
    const byId = new Map(this.services.map((s) => [s.id, s] as const));
    const pools: PoolRuntime[] = [];
    const attach = (pool: PoolRuntime, ids: readonly string[]) => {
      for (const id of ids) {
        const service = byId.get(id);
        if (!service) throw new RangeError(`policy names unknown service "${id}"`);
        service.pool = pool.index;
        pool.services.push(service.index);
      }
      pools.push(pool);
    };
    const allIds = this.services.map((s) => s.id);
    const caps = (limits: readonly ServiceLimitSpec[] | undefined) =>
      (limits ?? []).map((spec) => {
        const service = byId.get(spec.service);
        if (!service) throw new RangeError(`policy names unknown service "${spec.service}"`);
        return { index: service.index, spec };
      });
    switch (policy.kind) {
      case 'shared':
        attach(new PoolRuntime(0, 'shared', 'pool', policy.slots, policy.queue, policy.adaptive, serviceCount, tenantCount, null, caps(policy.serviceLimits)), allIds);
        break;
      case 'per-tenant': {
        const limits = new Float64Array(tenantCount + 1).fill(policy.defaultLimit ?? Infinity);
        for (const entry of policy.tenantLimits) {
          const index = tenantIndex.get(entry.tenant);
          if (index === undefined) throw new RangeError(`policy names unknown tenant "${entry.tenant}"`);
          limits[index] = entry.limit;
        }
        attach(new PoolRuntime(0, 'shared', 'pool', policy.slots, policy.queue, policy.adaptive, serviceCount, tenantCount, limits, []), allIds);
        break;
      }
      case 'partitioned':
        policy.pools.forEach((spec, i) =>
          attach(new PoolRuntime(i, spec.id, 'pool', spec.slots, spec.queue, spec.adaptive, serviceCount, tenantCount, null, caps(spec.serviceLimits)), spec.services),
        );
        break;
      case 'semaphore':
        policy.pools.forEach((spec, i) =>
          attach(new PoolRuntime(i, spec.id, 'semaphore', spec.permits, 0, spec.adaptive, serviceCount, tenantCount, null, []), spec.services),
        );
        break;
    }
    const placed = new Set(pools.flatMap((p) => p.services));
    for (const service of this.services) {
      if (!placed.has(service.index)) throw new RangeError(`policy does not place service "${service.id}" in any pool`);
    }
    return pools;
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
    const used = service.schedule.hazardBetween(service.hazardStart, now);
    service.hazard = Math.max(0, service.hazard - used);
    service.hazardStart = now;
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
    const pool = this.poolById(poolId);
    if (slots > pool.slotOwner.length) {
      const owners = new Int32Array(slots).fill(-1);
      owners.set(pool.slotOwner);
      pool.slotOwner = owners;
    }
    pool.slots = slots;
    pool.rebuildFreeSlots();
    pool.updateLimit();
    this.drain(pool);
  }

  /** Changes a pool's queue capacity; calls already queued beyond it stay queued. */
  setQueueCapacity(poolId: string, capacity: number): void {
    if (!(Number.isInteger(capacity) && capacity >= 0)) throw new RangeError('setQueueCapacity: capacity must be a whole number of at least 0');
    const pool = this.poolById(poolId);
    if (pool.kind === 'semaphore' && capacity > 0) throw new RangeError('setQueueCapacity: a semaphore has no queue');
    pool.queueCapacity = capacity;
  }

  private serviceById(id: string): ServiceRuntime {
    const service = this.services.find((s) => s.id === id);
    if (!service) throw new RangeError(`unknown service "${id}"; known: ${this.services.map((s) => s.id).join(', ')}`);
    return service;
  }

  private poolById(id: string): PoolRuntime {
    const pool = this.pools.find((p) => p.id === id);
    if (!pool) throw new RangeError(`unknown pool "${id}"; known: ${this.pools.map((p) => p.id).join(', ')}`);
    return pool;
  }

  // ---------------------------------------------------------------- engine callbacks

  /** @internal Integrates occupancy over [last, time) and takes due samples. */
  advance(time: number): void {
    if (time >= this.nextCheckpoint) {
      this.checkpoints(time);
      return;
    }
    this.integrate(time);
  }

  private integrate(time: number): void {
    const dt = time - this.lastAdvance;
    if (dt > 0) {
      const pools = this.pools;
      for (let i = 0; i < pools.length; i++) {
        const pool = pools[i] as PoolRuntime;
        pool.busyArea += pool.busy * dt;
        pool.queueArea += pool.queued * dt;
      }
      const services = this.services;
      for (let i = 0; i < services.length; i++) {
        const service = services[i] as ServiceRuntime;
        service.inSystemArea += (service.running + service.queued) * dt;
      }
      this.lastAdvance = time;
    }
  }

  private checkpoints(time: number): void {
    while (this.nextCheckpoint <= time) {
      const at = this.nextCheckpoint;
      this.integrate(at);
      if (this.warmupPending && at >= this.warmup) {
        this.warmupPending = false;
        this.resetMeasures();
      }
      if (at >= this.nextSampleTime) {
        this.takeSample(at);
        this.sampleIndex++;
        this.nextSampleTime = this.sampleIndex * this.sampleInterval;
      }
      this.nextCheckpoint = Math.min(this.nextSampleTime, this.warmupPending ? this.warmup : Infinity);
    }
    this.integrate(time);
  }

  private resetMeasures(): void {
    for (const service of this.services) service.resetMeasures();
    for (const tenant of this.tenants) tenant.resetMeasures();
    for (const pool of this.pools) {
      pool.busyArea = 0;
      pool.queueArea = 0;
      pool.windowBusyArea = 0;
    }
  }

  private takeSample(time: number): void {
    const row = this.row;
    let k = 0;
    row[k++] = time;
    for (const pool of this.pools) {
      row[k++] = pool.busy;
      row[k++] = pool.queued;
      row[k++] = pool.limit;
      const area = pool.busyArea - pool.windowBusyArea;
      row[k++] = area < 0 ? pool.busyArea / this.sampleInterval : area / this.sampleInterval;
      pool.windowBusyArea = pool.busyArea;
    }
    for (const s of this.services) {
      row[k++] = s.running;
      row[k++] = s.queued;
      row[k++] = s.wOffered;
      row[k++] = s.wFinished > 0 ? s.wSucceeded / s.wFinished : NaN;
      row[k++] = s.wCompleted > 0 ? s.wLatencySum / s.wCompleted : NaN;
      row[k++] = s.wCompleted;
      row[k++] = s.wRejected;
      row[k++] = s.wTimedOut;
      row[k++] = s.wFailed;
      row[k++] = s.wShortCircuited;
      const cap = (this.pools[s.pool] as PoolRuntime).serviceCap[s.index] as number;
      row[k++] = cap === Infinity ? NaN : cap;
      s.resetWindow();
    }
    for (const t of this.tenants) {
      row[k++] = t.wFinished;
      row[k++] = t.wSucceeded;
      t.wFinished = 0;
      t.wSucceeded = 0;
    }
    this.series.append(row);
  }

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
      case EV_RETRY:
        this.onRetry(target);
        break;
    }
  }

  // ---------------------------------------------------------------- model

  /** Each service's next arrival lives in the engine slot numbered like the service. */
  private scheduleArrival(service: ServiceRuntime): void {
    const schedule = service.schedule;
    const rate = schedule.constantRate;
    // A constant rate needs no call (and so no boxed number crossing one).
    const time = rate > 0 ? service.hazardStart + service.hazard / rate : schedule.next(service.hazardStart, service.hazard);
    if (time === Infinity) this.engine.clearSlot(service.index);
    else this.engine.scheduleSlot(service.index, time, EV_ARRIVAL, EV_ARRIVAL, service.index);
  }

  private onArrival(serviceIndex: number): void {
    const service = this.services[serviceIndex] as ServiceRuntime;
    const now = this.engine.now;
    service.hazardStart = now;
    service.drawHazard();
    this.scheduleArrival(service);

    const a = this.allocateAttempt();
    this.ai[a * STRIDE + I_SERVICE] = serviceIndex;
    this.drawAttempt(a, service, service.serviceRng, service.failureRng);
    this.ai[a * STRIDE + I_TENANT] = service.drawsTenant ? this.drawTenant(service, now) : this.noTenant;
    this.ai[a * STRIDE + I_ATTEMPT] = 0;
    service.callsStarted++;
    this.offer(a, service);
  }

  /**
   * Draws an attempt's base service time and failure coin into its record. It writes rather than
   * returns the numbers: a number returned from a call that the JIT does not inline is boxed, which
   * would allocate on every arrival.
   */
  private drawAttempt(a: number, service: ServiceRuntime, timeRng: Rng, coinRng: Rng): void {
    const at = a * STRIDE;
    switch (service.timeKind) {
      case TIME_EXPONENTIAL:
        this.af[at + F_BASE] = -service.mean * Math.log(1 - timeRng.next());
        break;
      case TIME_DETERMINISTIC:
        this.af[at + F_BASE] = service.mean;
        break;
      default: {
        const u1 = 1 - timeRng.next();
        const u2 = timeRng.next();
        this.af[at + F_BASE] = Math.exp(service.mu + service.sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2));
      }
    }
    this.af[at + F_COIN] = coinRng.next();
  }

  private drawTenant(service: ServiceRuntime, now: number): number {
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

  private offer(a: number, service: ServiceRuntime): void {
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
  }

  private admit(pool: PoolRuntime, service: ServiceRuntime, tenant: TenantRuntime | null, tenantIndex: number): void {
    service.admitted++;
    pool.admittedTotal++;
    if (tenant) tenant.admitted++;
    pool.tenantAdmitted[tenantIndex] = (pool.tenantAdmitted[tenantIndex] as number) + 1;
    pool.serviceAdmitted[service.index] = (pool.serviceAdmitted[service.index] as number) + 1;
  }

  private reject(a: number, service: ServiceRuntime, tenant: TenantRuntime | null): void {
    service.rejected++;
    service.wRejected++;
    if (tenant) tenant.rejected++;
    this.attemptFailed(a, service, tenant);
  }

  private enqueue(a: number, service: ServiceRuntime, pool: PoolRuntime): void {
    const now = this.engine.now;
    this.ai[a * STRIDE + I_STATE] = STATE_QUEUED;
    const ticket = this.ticketCounter++;
    this.af[a * STRIDE + F_TICKET] = ticket;
    if (pool.queueHead + pool.queueLength >= pool.queueAttempts.length) this.compactQueue(pool);
    const at = pool.queueHead + pool.queueLength;
    pool.queueAttempts[at] = a;
    pool.queueTickets[at] = ticket;
    pool.queueLength++;
    pool.queued++;
    pool.queuedByService[service.index] = (pool.queuedByService[service.index] as number) + 1;
    service.queued++;
    const wait = service.maxQueueWait < service.timeout ? service.maxQueueWait : service.timeout;
    if (wait !== Infinity) this.af[a * STRIDE + F_TOKEN] = this.engine.schedule(now + wait, EV_QUEUE_EXPIRE, EV_QUEUE_EXPIRE, a);
  }

  private startService(a: number, service: ServiceRuntime, pool: PoolRuntime): void {
    const now = this.engine.now;
    this.ai[a * STRIDE + I_STATE] = STATE_RUNNING;
    this.af[a * STRIDE + F_START] = now;
    const slot = pool.freeSlots[--pool.freeTop] as number;
    pool.slotOwner[slot] = a;
    this.ai[a * STRIDE + I_SLOT] = slot;
    pool.busy++;
    pool.busyByService[service.index] = (pool.busyByService[service.index] as number) + 1;
    service.running++;
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
    const deadline = (this.af[a * STRIDE + F_OFFERED] as number) + service.timeout;
    const end = flags & FLAG_HUNG ? Infinity : now + serviceTime;
    if (end !== Infinity && end <= deadline) this.engine.schedule(end, EV_COMPLETE, EV_COMPLETE, a);
    else if (deadline !== Infinity) this.engine.schedule(deadline, EV_TIMEOUT, EV_TIMEOUT, a);
  }

  /** Frees an attempt's slot; returns the pool. */
  private leaveSlot(a: number, service: ServiceRuntime): PoolRuntime {
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

  private onComplete(a: number): void {
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
      const latency = now - (this.af[a * STRIDE + F_OFFERED] as number);
      service.completed++;
      service.wCompleted++;
      service.wLatencySum += latency;
      service.latency.record(latency);
      if (tenant) tenant.completed++;
      pool.onSuccess(service.index, now - (this.af[a * STRIDE + F_START] as number));
      if (service.breaker) service.breaker.onSuccess(now, (this.ai[a * STRIDE + I_PROBE] as number) === 1);
      this.finishCall(a, service, tenant, true);
    }
    this.drain(pool);
  }

  private onTimeout(a: number): void {
    const service = this.services[this.ai[a * STRIDE + I_SERVICE] as number] as ServiceRuntime;
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

  private onQueueExpire(a: number, token: number): void {
    if ((this.ai[a * STRIDE + I_STATE] as number) !== STATE_QUEUED || (this.af[a * STRIDE + F_TOKEN] as number) !== token) return;
    const now = this.engine.now;
    const service = this.services[this.ai[a * STRIDE + I_SERVICE] as number] as ServiceRuntime;
    const tenantIndex = this.ai[a * STRIDE + I_TENANT] as number;
    const tenant = tenantIndex < this.noTenant ? (this.tenants[tenantIndex] as TenantRuntime) : null;
    const pool = this.pools[service.pool] as PoolRuntime;
    // The queue entry stays in the buffer and is skipped when it reaches the head (its ticket no
    // longer matches), so removal is O(1).
    this.af[a * STRIDE + F_TICKET] = -1;
    pool.queued--;
    pool.queuedByService[service.index] = (pool.queuedByService[service.index] as number) - 1;
    service.queued--;
    pool.tenantAdmitted[tenantIndex] = (pool.tenantAdmitted[tenantIndex] as number) - 1;
    pool.serviceAdmitted[service.index] = (pool.serviceAdmitted[service.index] as number) - 1;
    service.sojournSum += now - (this.af[a * STRIDE + F_OFFERED] as number);
    service.departures++;
    service.timedOut++;
    service.timedOutInQueue++;
    service.wTimedOut++;
    if (tenant) tenant.timedOut++;
    pool.onDrop(service.index);
    this.attemptFailed(a, service, tenant);
  }

  /**
   * Moves the live entries of a pool's queue buffer to its front, dropping expired ones, and
   * doubles the buffer when live entries fill more than half of it.
   */
  private compactQueue(pool: PoolRuntime): void {
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

  /** Admits queued calls while the pool is under its limit. */
  private drain(pool: PoolRuntime): void {
    while (pool.queued > 0 && pool.busy < pool.limit) {
      const at = pool.queueHead;
      const a = pool.queueAttempts[at] as number;
      const ticket = pool.queueTickets[at] as number;
      pool.queueHead++;
      pool.queueLength--;
      if ((this.ai[a * STRIDE + I_STATE] as number) !== STATE_QUEUED || (this.af[a * STRIDE + F_TICKET] as number) !== ticket) continue;
      const service = this.services[this.ai[a * STRIDE + I_SERVICE] as number] as ServiceRuntime;
      pool.queued--;
      pool.queuedByService[service.index] = (pool.queuedByService[service.index] as number) - 1;
      service.queued--;
      this.startService(a, service, pool);
    }
    if (pool.queueLength === 0) pool.queueHead = 0;
  }

  /** Records a failed attempt with the breaker, then retries it or gives the call up. */
  private attemptFailed(a: number, service: ServiceRuntime, tenant: TenantRuntime | null): void {
    const now = this.engine.now;
    if (service.breaker) service.breaker.onFailure(now, (this.ai[a * STRIDE + I_PROBE] as number) === 1);
    const attempt = this.ai[a * STRIDE + I_ATTEMPT] as number;
    if (attempt < service.retryCount) {
      let delay = service.backoff * Math.pow(service.backoffMultiplier, attempt);
      if (delay > service.maxBackoff) delay = service.maxBackoff;
      if (service.jitter) delay *= service.retryRng.next();
      this.ai[a * STRIDE + I_STATE] = STATE_RETRY_WAIT;
      this.engine.schedule(now + delay, EV_RETRY, EV_RETRY, a);
      return;
    }
    this.finishCall(a, service, tenant, false);
  }

  private onRetry(a: number): void {
    const service = this.services[this.ai[a * STRIDE + I_SERVICE] as number] as ServiceRuntime;
    this.ai[a * STRIDE + I_ATTEMPT] = (this.ai[a * STRIDE + I_ATTEMPT] as number) + 1;
    this.drawAttempt(a, service, service.retryRng, service.retryRng);
    service.retries++;
    this.offer(a, service);
  }

  private finishCall(a: number, service: ServiceRuntime, tenant: TenantRuntime | null, succeeded: boolean): void {
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
  }

  private allocateAttempt(): number {
    if (this.freeAttemptCount === 0) this.growAttempts(this.capacity * 2);
    return this.freeAttempts[--this.freeAttemptCount] as number;
  }

  private growAttempts(capacity: number): void {
    const old = this.capacity;
    if (capacity <= old) return;
    const af = new Float64Array(capacity * STRIDE);
    af.set(this.af);
    this.af = af;
    const ai = new Int32Array(capacity * STRIDE);
    ai.set(this.ai);
    this.ai = ai;
    const free = new Int32Array(capacity);
    free.set(this.freeAttempts.subarray(0, this.freeAttemptCount));
    // Newly created records go on the free stack highest first, so low indices are used first.
    for (let i = capacity - 1; i >= old; i--) free[this.freeAttemptCount++] = i;
    this.freeAttempts = free;
    this.capacity = capacity;
  }

  // ---------------------------------------------------------------- snapshots

  /** Fresh, deeply frozen plain data describing the run so far. */
  snapshot(options: SnapshotOptions = {}): SimulationSnapshot {
    const now = this.engine.now;
    this.integrate(now);
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
        admitted: s.admitted,
        completed: s.completed,
        failed: s.failed,
        timedOut: s.timedOut,
        timedOutInQueue: s.timedOutInQueue,
        rejected: s.rejected,
        shortCircuited: s.shortCircuited,
      },
      calls: { started: s.callsStarted, succeeded: s.callsSucceeded, gaveUp: s.callsGaveUp },
      successRate: ratio(s.callsSucceeded, s.callsSucceeded + s.callsGaveUp),
      running: s.running,
      queued: s.queued,
      latency: this.latencySummary(s.latency),
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
      for (let i = 0; i < p.queueLength && queue.length < 200; i++) {
        const a = p.queueAttempts[p.queueHead + i] as number;
        if ((this.ai[a * STRIDE + I_STATE] as number) === STATE_QUEUED && this.af[a * STRIDE + F_TICKET] === p.queueTickets[p.queueHead + i]) {
          queue.push((this.services[this.ai[a * STRIDE + I_SERVICE] as number] as ServiceRuntime).id);
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
      series: this.seriesSnapshot(options.seriesLimit),
    });
  }

  private latencySummary(histogram: LatencyHistogram): LatencySummary {
    const [p50 = null, p95 = null, p99 = null] = histogram.quantiles([0.5, 0.95, 0.99]);
    return { count: histogram.count, mean: histogram.mean(), p50, p95, p99, max: histogram.count > 0 ? histogram.max : null };
  }

  private seriesSnapshot(limit: number | undefined): SeriesSnapshot {
    const series = this.series;
    const take = limit === undefined ? series.size : Math.max(0, Math.floor(limit));
    const column = (index: number) => series.column(index, take);
    const nullable = (index: number) => column(index).map((v) => (Number.isNaN(v) ? null : v));
    let k = 1;
    const pools = this.pools.map((p) => {
      const base = k;
      k += 4;
      return { id: p.id, busy: column(base), queued: column(base + 1), limit: column(base + 2), meanBusy: column(base + 3) };
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
    return { interval: this.sampleInterval, time: column(0), pools, services, tenants };
  }
}
