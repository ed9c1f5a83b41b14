/**
 * The scenario format of the pool simulator: plain JSON describing services, their traffic and
 * latency, what goes wrong and when, the callers' timeouts, retries and breakers, and the
 * isolation policies to compare. Units: times in seconds, rates in calls per second.
 *
 * Validate with {@link parseScenario}; its messages name the field path, for example
 * `services[1].arrival.rate must be a positive number`.
 */
import { z } from 'zod';
import { fraction, identifier, kinds, list, nonNegative, object, openFraction, positive, required, text, whole } from './scenario-fields';
import {
  arrivalSchema,
  curvePeak,
  curvePointCount,
  MAX_CURVE_POINTS,
  MAX_LOGNORMAL_P99_RATIO,
  serviceTimeSchema,
  type simpleTime,
} from './scenario-traffic';
import { autoscaleSchema, checkAutoscale, checkCapacity, dependenciesField, scheduleField } from './scenario-capacity';
import { checkShedding, shedOnQueueDelaySchema } from './scenario-shedding';
import { checkHedge, hedgeSchema } from './scenario-hedge';

export * from './scenario-traffic';
export * from './scenario-capacity';
export * from './scenario-shedding';
export * from './scenario-hedge';
export { ID_PATTERN } from './scenario-fields';

/** Shortest step between time-series samples, seconds. */
export const MIN_SAMPLE_INTERVAL = 0.001;
/** Most time-series samples one run may take (duration / sampleInterval). */
export const MAX_SAMPLES = 1_000_000;
/**
 * Most calls (first attempts) one run may expect to offer: duration × the highest total arrival
 * rate. The engine handles a few million calls per second, so this bounds a run to about a minute
 * (retries can add up to ten attempts per call on top).
 */
export const MAX_EXPECTED_CALLS = 100_000_000;



/** A tenant: a customer whose calls are tagged so per-tenant limits can tell them apart. */
export const tenantSchema = object({
  /** Tenant id, e.g. `"acme"`. */
  id: identifier(),
  /** Name shown in charts; defaults to the id. */
  label: text(60).optional(),
});


const degradationTiming = {
  /** When the degradation starts, seconds. */
  at: nonNegative(),
  /** When it ends (the dependency recovers), seconds; omit for "until the end". */
  until: positive().optional(),
};

/**
 * Something going wrong with a dependency from `at` until `until`. It applies to calls that
 * start service in that interval: `slow` multiplies their service time by `factor`, `hang` makes
 * them never answer (only a timeout frees the slot), `fail` makes a `fraction` of them return an
 * error after their service time.
 */
export const degradationSchema = z.discriminatedUnion(
  'kind',
  [
    object({ kind: z.literal('slow'), ...degradationTiming, /** Latency multiplier (10 = ten times slower). */ factor: positive() }),
    object({ kind: z.literal('hang'), ...degradationTiming }),
    object({ kind: z.literal('fail'), ...degradationTiming, /** Share of calls that fail, in (0, 1]. */ fraction: fraction() }),
  ],
  { error: kinds(['slow', 'hang', 'fail']) },
);

/**
 * A retry budget: a retry is allowed while the retries of the last `window` seconds stay under
 * `ratio` × the calls (first attempts) of that window + `minPerSecond` × `window`; otherwise the
 * call gives up. Long-run attempts per call then stay at most 1 + ratio + minPerSecond / call rate.
 */
export const retryBudgetSchema = object({
  /** Retries allowed per call started in the window, 0 to 10 (0.1 = one retry per ten calls). */
  ratio: z
    .number({ error: required('must be a number from 0 to 10') })
    .min(0, { error: 'must be a number from 0 to 10' })
    .max(10, { error: 'must be a number from 0 to 10' }),
  /** Retries per second allowed on top, whatever the call rate (default 0). */
  minPerSecond: nonNegative().default(0),
  /** Length of the sliding window, seconds (default 10). */
  window: positive().default(10),
});

/** Retrying failed, timed-out and rejected calls (short-circuited calls are not retried). */
export const retrySchema = object({
  /** Retries after the first attempt (0–10). */
  count: whole(0).max(10, { error: 'must be a whole number from 0 to 10' }),
  /** Delay before the first retry, seconds. */
  backoff: nonNegative(),
  /** Factor applied to the delay for each further retry (default 2). */
  multiplier: z.number({ error: 'must be a number of at least 1' }).min(1, { error: 'must be a number of at least 1' }).default(2),
  /** Cap on the delay, seconds; no cap by default. */
  maxBackoff: positive().optional(),
  /** Full jitter: wait a uniform random share of the delay (default true). */
  jitter: z.boolean({ error: 'must be true or false' }).default(true),
  /** Optional retry budget; without one every failed attempt with retries left is retried. */
  budget: retryBudgetSchema.optional(),
});

/** A count-based circuit breaker in front of the service's calls. */
export const circuitBreakerSchema = object({
  /** Failure share in (0, 1] at which the breaker opens. */
  failureRateThreshold: fraction(),
  /** Number of most recent calls considered. */
  window: whole(1),
  /** Calls needed in the window before the rate is judged; defaults to `window`. */
  minimumCalls: whole(1).optional(),
  /** Seconds the breaker stays open before probing. */
  openDuration: positive(),
  /** Probe calls let through while half-open (default 1). */
  halfOpenProbes: whole(1).default(1),
  /**
   * Whether a call the service's own pool refuses (full, or shed by `shedOnQueueDelay`) counts as
   * a failure (default true). With false the breaker counts only the dependency's errors and
   * timeouts, and a refused half-open probe hands its turn to the next call.
   */
  countRejections: z.boolean({ error: 'must be true or false' }).default(true),
});

/** How the caller of a service behaves: deadlines, retries and circuit breaking. */
export const clientSchema = object({
  /** Per-attempt timeout covering queue wait and service, seconds; none by default. */
  timeout: positive().optional(),
  /** Longest an attempt waits in a pool queue, seconds; none by default. */
  maxQueueWait: positive().optional(),
  /**
   * Whether the caller's `timeout` frees the slot (default true). With false, the caller gives up
   * at its timeout but the slot stays busy until the dependency answers or `socketTimeout`
   * passes, as a thread blocked on a socket does.
   */
  timeoutFreesSlot: z.boolean({ error: 'must be true or false' }).optional(),
  /** With timeoutFreesSlot false: longest a slot stays on one call, from when it took the slot, seconds (at least timeout). */
  socketTimeout: positive().optional(),
  /**
   * With timeoutFreesSlot false: whether the caller's deadline travels with the call (default
   * false). A queued call whose caller has timed out stays in the queue either way; with true the
   * pool drops it when it reaches a slot instead of serving it for nobody.
   */
  propagateDeadline: z.boolean({ error: 'must be true or false' }).optional(),
  /** Optional retries. */
  retries: retrySchema.optional(),
  /** Optional circuit breaker. */
  circuitBreaker: circuitBreakerSchema.optional(),
  /** Optional hedged requests: extra copies of an attempt that is slow to answer. */
  hedge: hedgeSchema.optional(),
});

/** One dependency the application calls, with its traffic and behaviour. */
export const serviceSchema = object({
  /** Service id, e.g. `"search"`. */
  id: identifier(),
  /** Name shown in charts; defaults to the id. */
  label: text(60).optional(),
  /** The arrival process of calls to this service. */
  arrival: arrivalSchema,
  /** The healthy service-time distribution. */
  serviceTime: serviceTimeSchema,
  /** Scheduled degradations, in any order. */
  degradations: list(degradationSchema).default([]),
  /** Caller settings (timeouts, retries, breaker). */
  client: clientSchema.default({}),
  /** Priority class of this service's calls in a pool whose discipline is `priority`: 0 (served first) to 9; default 0. */
  priority: whole(0).max(9, { error: 'must be a whole number from 0 to 9' }).optional(),
  /** The id of a declared dependency this service's calls go to (its capacity is shared). */
  dependency: identifier().optional(),
});

/** AIMD adaptive concurrency limit for a pool (see domain notes §4). */
export const adaptiveLimitSchema = object({
  kind: z.literal('aimd', { error: 'must be "aimd"' }),
  /** Starting limit, calls in flight. */
  initial: whole(1),
  /** Lower bound of the limit. */
  min: whole(1),
  /** Upper bound of the limit (the pool's slots stay a hard cap). */
  max: whole(1),
  /** Factor applied on a timeout or error, in (0, 1) (default 0.9). */
  backoffRatio: openFraction().default(0.9),
  /** Amount added on each success (default 1). */
  increase: positive().default(1),
  /** `"always"`, or `"when-busy"`: grow only when in-flight × 2 ≥ limit (Netflix's rule). */
  rule: z.enum(['always', 'when-busy'], { error: kinds(['always', 'when-busy']) }).default('always'),
  /**
   * A success whose time in the slot exceeds this many seconds counts as a drop (Netflix
   * AIMDLimit's `timeout`); by default only timeouts and errors are drops.
   */
  dropLatency: positive().optional(),
});

/**
 * A cap on one service's admitted calls (running or queued) inside a pool: a fixed `limit`, or an
 * `adaptive` AIMD limit. Give exactly one.
 */
export const serviceLimitSchema = object({
  /** A service id in this pool. */
  service: identifier(),
  /** Fixed cap. */
  limit: whole(1).optional(),
  /** Adaptive cap. */
  adaptive: adaptiveLimitSchema.optional(),
});

/**
 * The order in which a pool's queue is served: `fifo` (first come, first served; the default),
 * `lifo` (newest first) or `priority` (by each service's `priority` class, 0 first, FIFO within a
 * class; a call in service is never interrupted).
 */
export const disciplineSchema = z.enum(['fifo', 'lifo', 'priority'], { error: kinds(['fifo', 'lifo', 'priority']) });

/** One pool of slots with its bounded queue. */
export const poolSchema = object({
  /** Pool id, e.g. `"search-pool"`. */
  id: identifier(),
  /** Services whose calls use this pool. */
  services: list(identifier()).min(1, { error: 'must list at least one service' }),
  /** Concurrent calls the pool can run. */
  slots: whole(1),
  /** Calls that may wait for a slot (0 = no queue). */
  queue: whole(0),
  /** Queue order (default fifo). */
  discipline: disciplineSchema.optional(),
  /** Optional adaptive limit below `slots`. */
  adaptive: adaptiveLimitSchema.optional(),
  /** Optional per-service caps inside the pool (fixed or adaptive). */
  serviceLimits: list(serviceLimitSchema).optional(),
  /** Optional autoscaling of `slots` (scenario-capacity.ts). */
  autoscale: autoscaleSchema.optional(),
  /** Optional shedding of calls that waited too long in the queue. */
  shedOnQueueDelay: shedOnQueueDelaySchema.optional(),
});

/** A pool of permits with no queue: a call that finds no permit fails at once. */
export const semaphoreSchema = object({
  /** Semaphore id. */
  id: identifier(),
  /** Services whose calls take permits from this semaphore. */
  services: list(identifier()).min(1, { error: 'must list at least one service' }),
  /** Concurrent calls allowed. */
  permits: whole(1),
  /** Optional adaptive limit below `permits`. */
  adaptive: adaptiveLimitSchema.optional(),
});

/** A cap on the calls one tenant may have admitted (running or queued) at once. */
export const tenantLimitSchema = object({
  /** A tenant id declared in `tenants`. */
  tenant: identifier(),
  /** Calls the tenant may have admitted at once. */
  limit: whole(1),
});

const sharedPolicy = object({
  kind: z.literal('shared'),
  /** Slots shared by every service. */
  slots: whole(1),
  /** Shared queue capacity (0 = no queue). */
  queue: whole(0),
  /** Queue order (default fifo). */
  discipline: disciplineSchema.optional(),
  /** Optional adaptive limit below `slots`. */
  adaptive: adaptiveLimitSchema.optional(),
  /** Optional per-service caps inside the shared pool (fixed or adaptive). */
  serviceLimits: list(serviceLimitSchema).optional(),
  /** Optional autoscaling of `slots` (scenario-capacity.ts). */
  autoscale: autoscaleSchema.optional(),
  /** Optional shedding of calls that waited too long in the queue. */
  shedOnQueueDelay: shedOnQueueDelaySchema.optional(),
});
const partitionedPolicy = object({
  kind: z.literal('partitioned'),
  /** The pools; every service must be in exactly one. */
  pools: list(poolSchema).min(1, { error: 'must list at least one pool' }),
});
const semaphorePolicy = object({
  kind: z.literal('semaphore'),
  /** The semaphores; every service must be in exactly one. */
  pools: list(semaphoreSchema).min(1, { error: 'must list at least one semaphore' }),
});
const perTenantPolicy = object({
  kind: z.literal('per-tenant'),
  /** Slots shared by every service. */
  slots: whole(1),
  /** Shared queue capacity (0 = no queue). */
  queue: whole(0),
  /** Queue order (default fifo). */
  discipline: disciplineSchema.optional(),
  /** Per-tenant caps. */
  tenantLimits: list(tenantLimitSchema).min(1, { error: 'must list at least one tenant limit' }),
  /** Cap for tenants not listed (and for calls without a tenant); unlimited when omitted. */
  defaultLimit: whole(1).optional(),
  /** Optional adaptive limit below `slots`. */
  adaptive: adaptiveLimitSchema.optional(),
});

/**
 * An isolation policy: `shared` (one pool and queue for all), `partitioned` (a pool and queue per
 * group of services), `semaphore` (permits, no queue: fail fast) or `per-tenant` (one pool with a
 * cap per tenant).
 */
export const policySchema = z.discriminatedUnion('kind', [sharedPolicy, partitionedPolicy, semaphorePolicy, perTenantPolicy], {
  error: kinds(['shared', 'partitioned', 'semaphore', 'per-tenant']),
});

const grouped = (n: number) => Math.round(n).toLocaleString('en-US');

/** Highest total rate a service can offer at any time, calls per second. */
function peakRate(service: z.output<typeof serviceSchema>): number {
  const { arrival } = service;
  const base = Math.max(arrival.rate, arrival.step?.rate ?? 0) * curvePeak(arrival.curve) + (arrival.burst?.extraRate ?? 0);
  return base * (arrival.clients ?? 1);
}


/**
 * Guardrails against runs that would never end: at most {@link MAX_SAMPLES} time-series samples
 * and at most {@link MAX_EXPECTED_CALLS} expected calls. Each message names the field to change.
 */
function checkRunSize(
  scenario: { duration: number; sampleInterval: number; services: z.output<typeof serviceSchema>[] },
  issue: (path: PropertyKey[], message: string) => void,
): void {
  const samples = scenario.duration / scenario.sampleInterval;
  if (samples > MAX_SAMPLES) {
    issue(
      ['sampleInterval'],
      `gives ${grouped(samples)} samples over the ${grouped(scenario.duration)} s duration; the most is ${grouped(MAX_SAMPLES)}, so sampleInterval must be at least ${scenario.duration / MAX_SAMPLES} s (or shorten duration)`,
    );
  }
  const rate = scenario.services.reduce((sum, service) => sum + peakRate(service), 0);
  const calls = rate * scenario.duration;
  if (calls > MAX_EXPECTED_CALLS) {
    issue(
      ['duration'],
      `of ${grouped(scenario.duration)} s at up to ${grouped(rate)} calls per second (all services, bursts and clients included) offers up to ${grouped(calls)} calls; the most one run may offer is ${grouped(MAX_EXPECTED_CALLS)}, so shorten duration to at most ${grouped(MAX_EXPECTED_CALLS / rate)} s or lower the rates`,
    );
  }
}

interface IssueSink {
  addIssue(issue: { code: 'custom'; message: string; path: PropertyKey[]; input?: unknown }): void;
}

/** Cross-field checks of one policy against the scenario's services and tenants. */
function checkPolicy(policy: Policy, path: PropertyKey[], serviceIds: readonly string[], tenantIds: readonly string[], sink: IssueSink): void {
  const issue = (where: PropertyKey[], message: string) => sink.addIssue({ code: 'custom', message, path: [...path, ...where] });
  const checkAdaptive = (adaptive: AdaptiveLimitSpec | undefined, where: PropertyKey[]) => {
    if (!adaptive) return;
    if (adaptive.min > adaptive.max) issue([...where, 'min'], 'must not be greater than max');
    else if (adaptive.initial < adaptive.min || adaptive.initial > adaptive.max) issue([...where, 'initial'], 'must lie between min and max');
  };
  const checkServiceLimits = (limits: readonly ServiceLimitSpec[] | undefined, members: readonly string[], where: PropertyKey[]) => {
    const seen = new Set<string>();
    limits?.forEach((entry, i) => {
      if (!serviceIds.includes(entry.service)) issue([...where, i, 'service'], `"${entry.service}" is not a service id`);
      else if (!members.includes(entry.service)) issue([...where, i, 'service'], `"${entry.service}" does not use this pool`);
      else if (seen.has(entry.service)) issue([...where, i, 'service'], `"${entry.service}" is listed twice`);
      seen.add(entry.service);
      if ((entry.limit === undefined) === (entry.adaptive === undefined)) issue([...where, i], 'must give exactly one of limit and adaptive');
      checkAdaptive(entry.adaptive, [...where, i, 'adaptive']);
    });
  };
  if (policy.kind === 'shared' || policy.kind === 'per-tenant') {
    checkAdaptive(policy.adaptive, ['adaptive']);
  }
  if (policy.kind === 'shared') checkServiceLimits(policy.serviceLimits, serviceIds, ['serviceLimits']);
  if (policy.kind === 'shared') checkAutoscale(policy.autoscale, policy.slots, issue);
  if (policy.kind === 'shared') checkShedding(policy, issue);
  if (policy.kind === 'per-tenant') {
    if (tenantIds.length === 0) issue(['kind'], 'is "per-tenant" but the scenario declares no tenants');
    const seen = new Set<string>();
    policy.tenantLimits.forEach((entry, i) => {
      if (!tenantIds.includes(entry.tenant)) issue(['tenantLimits', i, 'tenant'], `"${entry.tenant}" is not a declared tenant`);
      else if (seen.has(entry.tenant)) issue(['tenantLimits', i, 'tenant'], `"${entry.tenant}" is listed twice`);
      seen.add(entry.tenant);
    });
  }
  if (policy.kind === 'partitioned' || policy.kind === 'semaphore') {
    const owner = new Map<string, number>();
    const poolIds = new Set<string>();
    policy.pools.forEach((pool, i) => {
      if (poolIds.has(pool.id)) issue(['pools', i, 'id'], `"${pool.id}" is used by another pool`);
      poolIds.add(pool.id);
      checkAdaptive(pool.adaptive, ['pools', i, 'adaptive']);
      if ('serviceLimits' in pool) checkServiceLimits(pool.serviceLimits, pool.services, ['pools', i, 'serviceLimits']);
      if ('autoscale' in pool) checkAutoscale(pool.autoscale, pool.slots, (where, message) => issue(['pools', i, ...where], message));
      if ('queue' in pool) checkShedding(pool, (where, message) => issue(['pools', i, ...where], message));
      pool.services.forEach((service, j) => {
        if (!serviceIds.includes(service)) issue(['pools', i, 'services', j], `"${service}" is not a service id`);
        else if (owner.has(service)) issue(['pools', i, 'services', j], `"${service}" is already in pools[${owner.get(service)}]`);
        else owner.set(service, i);
      });
    });
    for (const service of serviceIds) {
      if (!owner.has(service)) issue(['pools'], `must place service "${service}" in a pool`);
    }
  }
}

/** The whole scenario. */
export const scenarioSchema = object({
  /** Short name shown in the CLI and the UI. */
  name: text(80),
  /** What the scenario shows, in a sentence or two. */
  description: text(600).optional(),
  /** Simulated length of a run, seconds. */
  duration: positive().max(1e7, { error: 'must be at most 10,000,000 seconds' }),
  /** Seconds at the start excluded from the metrics (default 0). */
  warmup: nonNegative().default(0),
  /** Step between time-series samples, seconds (default 1). */
  sampleInterval: positive()
    .min(MIN_SAMPLE_INTERVAL, { error: `must be at least ${MIN_SAMPLE_INTERVAL} seconds` })
    .default(1),
  /** Tenants, when calls carry one (needed by per-tenant limits). */
  tenants: list(tenantSchema).default([]),
  /** The services (dependencies) called by the application. */
  services: list(serviceSchema).min(1, { error: 'must list at least one service' }).max(16, { error: 'must list at most 16 services' }),
  /** Isolation policies by name; `shared` and `partitioned` are the pair compared by default. */
  policies: z
    .record(identifier(), policySchema, { error: required('must be an object mapping policy names to policies') })
    .refine((record) => Object.keys(record).length > 0, { error: 'must define at least one policy' }),
  /** Downstreams with a capacity of their own, named by services' `dependency`. */
  dependencies: dependenciesField,
  /** Pool resizes at set times. */
  schedule: scheduleField,
}).superRefine((scenario, ctx) => {
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', message, path });
  if (scenario.warmup >= scenario.duration) issue(['warmup'], 'must be less than duration');
  checkRunSize(scenario, issue);
  const tenantIds = scenario.tenants.map((t) => t.id);
  tenantIds.forEach((id, i) => {
    if (tenantIds.indexOf(id) !== i) issue(['tenants', i, 'id'], `"${id}" is used by another tenant`);
  });
  const serviceIds = scenario.services.map((s) => s.id);
  scenario.services.forEach((service, i) => {
    const at = (...rest: PropertyKey[]) => ['services', i, ...rest];
    if (serviceIds.indexOf(service.id) !== i) issue(at('id'), `"${service.id}" is used by another service`);
    const { arrival, serviceTime } = service;
    if (arrival.burst && arrival.burst.end <= arrival.burst.start) issue(at('arrival', 'burst', 'end'), 'must be after start');
    const curve = arrival.curve;
    if (curve?.kind === 'points') {
      curve.points.forEach((point, j) => {
        const previous = curve.points[j - 1];
        if (previous && point.at <= previous.at) issue(at('arrival', 'curve', 'points', j, 'at'), 'must be after the previous point');
      });
    }
    if (curve?.kind === 'ramp' && curve.end <= curve.start) issue(at('arrival', 'curve', 'end'), 'must be after start');
    if (curve?.kind === 'spikes' && curve.width >= curve.every) issue(at('arrival', 'curve', 'width'), 'must be shorter than every (spikes may not overlap)');
    if (curve && curvePointCount(curve, scenario.duration) > MAX_CURVE_POINTS) {
      issue(
        at('arrival', 'curve'),
        `expands to ${grouped(curvePointCount(curve, scenario.duration))} points over the duration; the most is ${grouped(MAX_CURVE_POINTS)} (lengthen every or period, or shorten duration)`,
      );
    }
    if (arrival.burst?.tenant !== undefined && !tenantIds.includes(arrival.burst.tenant)) {
      issue(at('arrival', 'burst', 'tenant'), `"${arrival.burst.tenant}" is not a declared tenant`);
    }
    arrival.tenants?.forEach((share, j) => {
      if (!tenantIds.includes(share.tenant)) issue(at('arrival', 'tenants', j, 'tenant'), `"${share.tenant}" is not a declared tenant`);
    });
    const checkLognormal = (time: z.output<typeof simpleTime>, where: PropertyKey[]) => {
      if (time.kind !== 'lognormal') return;
      if ((time.p99 === undefined) === (time.sigma === undefined)) {
        issue(where, 'must give exactly one of p99 and sigma for a lognormal');
      } else if (time.p99 !== undefined) {
        const ratio = time.p99 / time.mean;
        if (!(ratio > 1) || ratio > MAX_LOGNORMAL_P99_RATIO) {
          issue([...where, 'p99'], 'must be greater than mean and at most 14.97 × mean (no lognormal fits otherwise)');
        }
      }
    };
    if (serviceTime.kind === 'mixture') {
      serviceTime.components.forEach((component, j) => checkLognormal(component.time, at('serviceTime', 'components', j, 'time')));
    } else {
      checkLognormal(serviceTime, at('serviceTime'));
    }
    service.degradations.forEach((degradation, j) => {
      if (degradation.until !== undefined && degradation.until <= degradation.at) issue(at('degradations', j, 'until'), 'must be after at');
    });
    const client = service.client;
    if (client.timeoutFreesSlot === false && client.timeout === undefined) issue(at('client', 'timeoutFreesSlot'), 'is false but the client has no timeout');
    if (client.propagateDeadline === true && client.timeoutFreesSlot !== false) {
      issue(at('client', 'propagateDeadline'), 'needs timeoutFreesSlot: false (a timeout that frees the slot already takes a queued call out of the queue)');
    }
    if (client.socketTimeout !== undefined) {
      if (client.timeoutFreesSlot !== false) issue(at('client', 'socketTimeout'), 'needs timeoutFreesSlot: false (otherwise the timeout frees the slot)');
      else if (client.timeout !== undefined && client.socketTimeout < client.timeout) issue(at('client', 'socketTimeout'), 'must be at least timeout');
    }
    checkHedge(client, (where, message) => issue(at('client', ...where), message));
    const breaker = service.client.circuitBreaker;
    if (breaker?.minimumCalls !== undefined && breaker.minimumCalls > breaker.window) {
      issue(at('client', 'circuitBreaker', 'minimumCalls'), 'must not be greater than window');
    }
  });
  for (const [name, policy] of Object.entries(scenario.policies)) {
    checkPolicy(policy, ['policies', name], serviceIds, tenantIds, ctx);
  }
  checkCapacity(scenario, issue);
});

/** A validated scenario, with defaults filled in. */
export type Scenario = z.output<typeof scenarioSchema>;
/** A scenario as written in JSON (defaults may be omitted). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** One service of a validated scenario. */
export type ServiceSpec = Scenario['services'][number];
/** A queue discipline. */
export type QueueDiscipline = z.output<typeof disciplineSchema>;
/** A degradation (slow, hang or fail). */
export type Degradation = z.output<typeof degradationSchema>;
/** Caller settings of a service. */
export type ClientSpec = z.output<typeof clientSchema>;
/** Retry settings. */
export type RetrySpec = z.output<typeof retrySchema>;
/** Circuit-breaker settings. */
export type CircuitBreakerSpec = z.output<typeof circuitBreakerSchema>;
/** AIMD adaptive-limit settings. */
export type AdaptiveLimitSpec = z.output<typeof adaptiveLimitSchema>;
/** A per-service cap inside a pool. */
export type ServiceLimitSpec = z.output<typeof serviceLimitSchema>;
/** An isolation policy. */
export type Policy = z.output<typeof policySchema>;
/** An isolation policy as written in JSON. */
export type PolicyInput = z.input<typeof policySchema>;

/** Result of a parse: the value, or human-readable messages that each start with a field path. */
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly string[] };

/** Formats a path like `services[1].arrival.rate`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Turns zod issues into sentences that start with the field path. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], root = 'scenario'): string[] {
  const messages: string[] = [];
  for (const issue of issues) {
    const where = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) messages.push(`${formatPath([...issue.path, key])} is not a known field`);
      continue;
    }
    let message = issue.message;
    if (message.startsWith('Invalid input')) {
      message = issue.code === 'invalid_type' ? `must be ${issue.expected}` : 'is not valid';
    }
    messages.push(`${where === '' ? root : where} ${message}`);
  }
  return messages;
}

/** Validates unknown JSON as a scenario, filling defaults. */
export function parseScenario(input: unknown): ParseResult<Scenario> {
  const result = scenarioSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: formatIssues(result.error.issues) };
}

/**
 * Validates a policy on its own against a scenario (for policies built in a UI). Paths start at
 * `policy`.
 */
export function parsePolicy(input: unknown, scenario: Scenario): ParseResult<Policy> {
  const result = policySchema.safeParse(input);
  if (!result.success) return { ok: false, errors: formatIssues(result.error.issues.map((i) => ({ ...i, path: ['policy', ...i.path] }))) };
  const errors: string[] = [];
  checkPolicy(
    result.data,
    ['policy'],
    scenario.services.map((s) => s.id),
    scenario.tenants.map((t) => t.id),
    { addIssue: (issue) => errors.push(`${formatPath(issue.path)} ${issue.message}`) },
  );
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: result.data };
}
