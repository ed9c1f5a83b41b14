/**
 * Named scenarios used by the lessons. Every figure is illustrative (chosen to make the effect
 * visible at a glance), not a measurement of any real system.
 *
 * The common shape: three dependencies called by one application, with 30 slots in total.
 * - search: 200 calls/s, lognormal mean 50 ms, p99 250 ms (10 Erlangs when healthy)
 * - checkout: 20 calls/s, lognormal mean 100 ms, p99 400 ms (2 Erlangs)
 * - analytics: 10 calls/s, exponential mean 200 ms (2 Erlangs)
 * `shared` puts all three in one pool of 30 slots with a queue of 30; `partitioned` gives search
 * 18 slots, checkout 6 and analytics 6, each with a small queue. Callers time out after 1 s and
 * wait at most 0.5 s in a queue.
 */
import { scenarioSchema, type Scenario, type ScenarioInput } from '../../schemas/scenario';

/** Names of the preset scenarios. */
export const PRESET_NAMES = [
  'healthy',
  'slow-search',
  'hung-search',
  'retry-storm',
  'noisy-tenant',
  'queue-vs-no-queue',
  'adaptive-recovery',
  'variable-service',
  'load-burst',
  'metastable-retries',
  'shared-downstream',
  'queue-delay-shedding',
  'breaker-rejections',
  'aimd-overshoot',
  'connection-budget',
  'closed-loop',
] as const;
/** A preset scenario's name. */
export type PresetName = (typeof PRESET_NAMES)[number];

type ServiceInput = ScenarioInput['services'][number];
type PolicyInput = ScenarioInput['policies'][string];

const client = { timeout: 1, maxQueueWait: 0.5 };

function search(extra: Partial<ServiceInput> = {}): ServiceInput {
  return { id: 'search', label: 'Search', arrival: { rate: 200 }, serviceTime: { kind: 'lognormal', mean: 0.05, p99: 0.25 }, client, ...extra };
}
function checkout(extra: Partial<ServiceInput> = {}): ServiceInput {
  return { id: 'checkout', label: 'Checkout', arrival: { rate: 20 }, serviceTime: { kind: 'lognormal', mean: 0.1, p99: 0.4 }, client, ...extra };
}
function analytics(extra: Partial<ServiceInput> = {}): ServiceInput {
  return { id: 'analytics', label: 'Analytics', arrival: { rate: 10 }, serviceTime: { kind: 'exponential', mean: 0.2 }, client, ...extra };
}

const shared: PolicyInput = { kind: 'shared', slots: 30, queue: 30 };
const partitioned: PolicyInput = {
  kind: 'partitioned',
  pools: [
    { id: 'search-pool', services: ['search'], slots: 18, queue: 10 },
    { id: 'checkout-pool', services: ['checkout'], slots: 6, queue: 6 },
    { id: 'analytics-pool', services: ['analytics'], slots: 6, queue: 6 },
  ],
};
const tenantMix = [
  { tenant: 'acme', share: 1 },
  { tenant: 'globex', share: 1 },
  { tenant: 'initech', share: 1 },
];
const aimd = (dropLatency: number) => ({ kind: 'aimd' as const, initial: 30, min: 2, max: 30, backoffRatio: 0.9, increase: 1, rule: 'always' as const, dropLatency });

/** Twelve replicas of one service, each with its own pool of database connections (connection-budget). */
const replicas: ServiceInput[] = Array.from({ length: 12 }, (_, i) => ({
  id: `replica-${i + 1}`,
  label: `Replica ${i + 1}`,
  // A quiet hour, then the daily peak from 20 s: twice the traffic.
  arrival: { rate: 37.5, burst: { start: 20, end: 60, extraRate: 37.5 } },
  serviceTime: { kind: 'exponential', mean: 0.1 },
  // node-postgres's connectionTimeoutMillis: a query waits at most 250 ms for a connection.
  client: { maxQueueWait: 0.25 },
  dependency: 'database',
}));
const replicaPools = (slots: number): PolicyInput => ({
  kind: 'partitioned',
  pools: replicas.map((replica) => ({ id: `${replica.id}-pool`, services: [replica.id], slots, queue: 100 })),
});
/** An AIMD limit on a pool of 60 for aimd-overshoot: cut 10% when a call takes over 200 ms, grow only while half full. */
const regrowing = (increase: number) => ({ kind: 'aimd' as const, initial: 20, min: 2, max: 60, backoffRatio: 0.9, increase, rule: 'when-busy' as const, dropLatency: 0.2 });

const inputs: Record<PresetName, ScenarioInput> = {
  healthy: {
    name: 'Healthy',
    description: 'All three dependencies behave. Both policies serve nearly every call; partitioning costs a little pooling.',
    duration: 60,
    warmup: 5,
    services: [search(), checkout(), analytics()],
    policies: { shared, partitioned },
  },
  'slow-search': {
    name: 'Slow search',
    description: 'Search becomes ten times slower at 15 s. In the shared pool its calls take every slot and checkout starves; partitioned, only search suffers.',
    duration: 60,
    warmup: 5,
    services: [search({ degradations: [{ kind: 'slow', at: 15, factor: 10 }] }), checkout(), analytics()],
    policies: { shared, partitioned },
  },
  'hung-search': {
    name: 'Hung search',
    description: 'Search stops answering at 15 s; only the 1 s timeout frees its slots. The shared pool fills with hung calls.',
    duration: 60,
    warmup: 5,
    services: [search({ degradations: [{ kind: 'hang', at: 15 }] }), checkout(), analytics()],
    policies: { shared, partitioned },
  },
  'retry-storm': {
    name: 'Retry storm',
    description:
      'Search slows fourfold at 15 s; many calls pass its 0.5 s timeout and its callers retry up to three times. The retries multiply the load on the shared pool and starve checkout and analytics, which do not retry at all.',
    duration: 60,
    warmup: 5,
    services: [
      search({
        degradations: [{ kind: 'slow', at: 15, factor: 4 }],
        client: { timeout: 0.5, maxQueueWait: 0.25, retries: { count: 3, backoff: 0.05, multiplier: 2, jitter: true } },
      }),
      checkout(),
      analytics(),
    ],
    policies: { shared, partitioned },
  },
  'noisy-tenant': {
    name: 'Noisy tenant',
    description:
      'Tenant Initech floods search with 1,000 extra calls/s from 15 s to 45 s. In one shared pool every tenant suffers; per-tenant caps confine the damage to Initech. Partitioning by service alone protects checkout but not the other tenants of search.',
    duration: 60,
    warmup: 5,
    tenants: [
      { id: 'acme', label: 'Acme' },
      { id: 'globex', label: 'Globex' },
      { id: 'initech', label: 'Initech' },
    ],
    services: [
      search({ arrival: { rate: 200, tenants: tenantMix, burst: { start: 15, end: 45, extraRate: 1000, tenant: 'initech' } } }),
      checkout({ arrival: { rate: 20, tenants: tenantMix } }),
    ],
    policies: {
      shared,
      partitioned: {
        kind: 'per-tenant',
        slots: 30,
        queue: 30,
        tenantLimits: [
          { tenant: 'acme', limit: 12 },
          { tenant: 'globex', limit: 12 },
          { tenant: 'initech', limit: 12 },
        ],
      },
      'by-service': {
        kind: 'partitioned',
        pools: [
          { id: 'search-pool', services: ['search'], slots: 22, queue: 10 },
          { id: 'checkout-pool', services: ['checkout'], slots: 8, queue: 6 },
        ],
      },
    },
  },
  'queue-vs-no-queue': {
    name: 'Queue or no queue',
    description:
      'Search slows tenfold at 15 s. A long shared queue (200) makes every caller wait until it times out; fail-fast semaphores (no queue) answer the others at once.',
    duration: 60,
    warmup: 5,
    services: [search({ degradations: [{ kind: 'slow', at: 15, factor: 10 }] }), checkout(), analytics()],
    policies: {
      shared: { kind: 'shared', slots: 30, queue: 200 },
      'shared-no-queue': { kind: 'shared', slots: 30, queue: 0 },
      partitioned: {
        kind: 'semaphore',
        pools: [
          { id: 'search-permits', services: ['search'], permits: 18 },
          { id: 'checkout-permits', services: ['checkout'], permits: 6 },
          { id: 'analytics-permits', services: ['analytics'], permits: 6 },
        ],
      },
    },
  },
  'adaptive-recovery': {
    name: 'Adaptive recovery',
    description:
      'Search slows tenfold from 15 s to 35 s, then recovers. In the adaptive policy each service has an AIMD cap inside one shared pool: slow answers and timeouts shrink search\'s cap, which leaves slots for checkout, and fast answers grow it back after recovery.',
    duration: 60,
    warmup: 5,
    services: [search({ degradations: [{ kind: 'slow', at: 15, until: 35, factor: 10 }] }), checkout(), analytics()],
    policies: {
      shared,
      partitioned,
      adaptive: {
        kind: 'shared',
        slots: 30,
        queue: 30,
        serviceLimits: [
          { service: 'search', adaptive: aimd(0.5) },
          { service: 'checkout', adaptive: aimd(0.8) },
          { service: 'analytics', adaptive: aimd(1) },
        ],
      },
    },
  },
  'variable-service': {
    name: 'Same mean, different spread',
    description:
      'Two services each send 80 calls/s with a mean of 100 ms: one exponential, one lognormal with a p99 ten times its mean. Each has 10 slots. With a 10-place queue the spread matters; failing fast, it does not.',
    duration: 120,
    warmup: 10,
    services: [
      { id: 'steady', label: 'Exponential', arrival: { rate: 80 }, serviceTime: { kind: 'exponential', mean: 0.1 } },
      { id: 'spiky', label: 'Lognormal', arrival: { rate: 80 }, serviceTime: { kind: 'lognormal', mean: 0.1, p99: 1 } },
    ],
    policies: {
      partitioned: {
        kind: 'partitioned',
        pools: [
          { id: 'steady-pool', services: ['steady'], slots: 10, queue: 10 },
          { id: 'spiky-pool', services: ['spiky'], slots: 10, queue: 10 },
        ],
      },
      'fail-fast': {
        kind: 'semaphore',
        pools: [
          { id: 'steady-permits', services: ['steady'], permits: 10 },
          { id: 'spiky-permits', services: ['spiky'], permits: 10 },
        ],
      },
      shared: { kind: 'shared', slots: 20, queue: 20 },
    },
  },
  'load-burst': {
    name: 'A burst above capacity',
    description:
      'One service on 10 slots of 100 ms calls: 70 calls/s, with 50 calls/s more from 20 s to 35 s, above the 100 calls/s the slots can finish. The average over the run is below capacity; the burst is not.',
    duration: 60,
    warmup: 5,
    services: [{ id: 'api', label: 'API', arrival: { rate: 70, burst: { start: 20, end: 35, extraRate: 50 } }, serviceTime: { kind: 'exponential', mean: 0.1 } }],
    policies: {
      partitioned: { kind: 'partitioned', pools: [{ id: 'api-pool', services: ['api'], slots: 10, queue: 10 }] },
      shared: { kind: 'shared', slots: 10, queue: 100 },
    },
  },
  'metastable-retries': {
    name: 'A retry storm that outlasts its cause',
    description:
      'One service on 10 slots of 100 ms calls at 80 calls/s, with 60 calls/s more from 20 s to 30 s. Callers give up after 1 s and retry up to three times, but a call they gave up on stays queued and is still served. With a long queue (the Shared pool panel, 200 places) the burst fills it with calls nobody waits for; their retries keep it full, and almost nothing succeeds long after the burst ends. A short queue (the One pool panel, 10 places) refuses the excess at once and recovers when the burst ends.',
    duration: 90,
    warmup: 0,
    services: [
      {
        id: 'api',
        label: 'API',
        arrival: { rate: 80, burst: { start: 20, end: 30, extraRate: 60 } },
        serviceTime: { kind: 'exponential', mean: 0.1 },
        client: { timeout: 1, timeoutFreesSlot: false, retries: { count: 3, backoff: 0.1 } },
      },
    ],
    policies: {
      partitioned: { kind: 'partitioned', pools: [{ id: 'api-pool', services: ['api'], slots: 10, queue: 10 }] },
      shared: { kind: 'shared', slots: 10, queue: 200 },
    },
  },
  'shared-downstream': {
    name: 'A downstream both pools share',
    description:
      'Search and checkout have pools of their own, but both query one database that serves 16 queries at once. From 20 s to 40 s checkout gets 80 more calls per second: its pool has room, the extra queries reach the database, and search slows down too. Capping checkout’s pool below the database’s capacity protects search.',
    duration: 60,
    warmup: 5,
    dependencies: [{ id: 'database', capacity: 16 }],
    services: [
      search({ dependency: 'database' }),
      checkout({ dependency: 'database', arrival: { rate: 20, burst: { start: 20, end: 40, extraRate: 80 } } }),
    ],
    policies: {
      partitioned: {
        kind: 'partitioned',
        pools: [
          { id: 'search-pool', services: ['search'], slots: 24, queue: 10 },
          { id: 'checkout-pool', services: ['checkout'], slots: 10, queue: 6 },
        ],
      },
      shared: { kind: 'shared', slots: 34, queue: 16 },
      capped: {
        kind: 'partitioned',
        pools: [
          { id: 'search-pool', services: ['search'], slots: 24, queue: 10 },
          { id: 'checkout-pool', services: ['checkout'], slots: 5, queue: 6 },
        ],
      },
    },
  },
  'queue-delay-shedding': {
    name: 'Shedding on queue delay',
    description:
      'One server with 10 workers for 100 ms requests: 70 requests/s, with 80/s more from 20 s to 40 s, above the 100/s the workers finish. Callers give up after 1 s, but a request still queued then is served anyway. In the Shared pool panel up to 200 requests wait and every one is served, too late. The other panel sheds a request that waited over 0.1 s once the queue has not emptied for 1 s.',
    duration: 60,
    warmup: 0,
    services: [
      {
        id: 'api',
        label: 'API',
        arrival: { rate: 70, burst: { start: 20, end: 40, extraRate: 80 } },
        serviceTime: { kind: 'exponential', mean: 0.1 },
        client: { timeout: 1, timeoutFreesSlot: false },
      },
    ],
    policies: {
      shared: { kind: 'shared', slots: 10, queue: 200 },
      partitioned: { kind: 'shared', slots: 10, queue: 200, shedOnQueueDelay: { target: 0.1, interval: 1 } },
    },
  },
  'breaker-rejections': {
    name: 'A breaker that counts its own rejections',
    description:
      'Two callers of the same healthy search service, each with a bulkhead and a circuit breaker that opens at 50% failures of the last 50 calls. One breaker counts bulkhead rejections as failures; the other counts only the service’s errors. From 20 s to 30 s each caller sends five times its usual 40 calls/s. From 40 s to 50 s search itself fails 80% of calls.',
    duration: 60,
    warmup: 5,
    services: (['counting', 'ignoring'] as const).map((id) => ({
      id,
      label: id === 'counting' ? 'Counts rejections' : 'Ignores rejections',
      arrival: { rate: 40, burst: { start: 20, end: 30, extraRate: 160 } },
      serviceTime: { kind: 'exponential' as const, mean: 0.1 },
      degradations: [{ kind: 'fail' as const, at: 40, until: 50, fraction: 0.8 }],
      client: { timeout: 1, circuitBreaker: { failureRateThreshold: 0.5, window: 50, openDuration: 5, countRejections: id === 'counting' } },
    })),
    policies: {
      partitioned: {
        kind: 'partitioned',
        pools: [
          { id: 'counting-pool', services: ['counting'], slots: 8, queue: 0 },
          { id: 'ignoring-pool', services: ['ignoring'], slots: 8, queue: 0 },
        ],
      },
      shared: { kind: 'shared', slots: 16, queue: 0 },
    },
  },
  'aimd-overshoot': {
    name: 'An adaptive limit that regrows too fast',
    description:
      'Pricing answers 20 calls at once in about 100 ms. Callers send 100 calls/s, and 300 from 20 s to 40 s. Each panel puts an AIMD limit on a pool of 60: a call slower than 200 ms cuts it by 10%, and a success adds 1 (first panel) or 0.05 (second) while the pool is at least half full. Adding 1 per success swings between 2 and 60, overshooting into pricing’s queue; adding 0.05 stays near what pricing can take.',
    duration: 60,
    warmup: 5,
    dependencies: [{ id: 'pricing-api', capacity: 20 }],
    services: [
      {
        id: 'pricing',
        label: 'Pricing',
        arrival: { rate: 100, burst: { start: 20, end: 40, extraRate: 200 } },
        serviceTime: { kind: 'lognormal', mean: 0.1, p99: 0.13 },
        client: { timeout: 1 },
        dependency: 'pricing-api',
      },
    ],
    policies: {
      // Per-service caps, so that the panels chart each limit over time.
      shared: { kind: 'shared', slots: 60, queue: 0, serviceLimits: [{ service: 'pricing', adaptive: regrowing(1) }] },
      partitioned: {
        kind: 'partitioned',
        pools: [{ id: 'pricing-pool', services: ['pricing'], slots: 60, queue: 0, serviceLimits: [{ service: 'pricing', adaptive: regrowing(0.05) }] }],
      },
    },
  },
  'connection-budget': {
    name: 'Replicas × pool above the database’s limit',
    description:
      'Twelve replicas each have their own pool of connections to one database that accepts 97 (100 minus 3 reserved) and refuses the rest. Each sends 37.5 queries/s of 100 ms, and twice that from 20 s, the daily peak. With pools of 10, 120 connections can be asked for, and at the peak the database refuses queries on every replica. Pools of 8 fit the budget, but queries wait for a connection and some give up after 250 ms. One pool of 97 shared by all replicas, as a pooler in transaction mode gives, serves them all.',
    duration: 60,
    warmup: 5,
    dependencies: [{ id: 'database', capacity: 97, queue: 0 }],
    services: replicas,
    policies: {
      partitioned: replicaPools(10),
      'max-8': replicaPools(8),
      shared: { kind: 'shared', slots: 97, queue: 1000 },
    },
  },
  'closed-loop': {
    name: 'Open and closed loops at the same rate',
    description:
      'Two services on 10 slots of 100 ms each. The open loop sends 83 calls/s whatever happens. The closed loop is 30 clients that each think for 250 ms on average, call, and wait for the answer: they too send about 83 calls/s, but a client that waits sends nothing. Erlang C describes the open loop; the closed loop waits far less. The second panel puts both in one pool of 20, where both wait less still.',
    duration: 120,
    warmup: 10,
    services: [
      { id: 'open', label: 'Open loop', arrival: { rate: 83 }, serviceTime: { kind: 'exponential', mean: 0.1 } },
      { id: 'closed', label: 'Closed loop', arrival: { rate: 4, clients: 30 }, serviceTime: { kind: 'exponential', mean: 0.1 } },
    ],
    policies: {
      partitioned: {
        kind: 'partitioned',
        pools: [
          { id: 'open-pool', services: ['open'], slots: 10, queue: 1000 },
          { id: 'closed-pool', services: ['closed'], slots: 10, queue: 20 },
        ],
      },
      shared: { kind: 'shared', slots: 20, queue: 1000 },
    },
  },
};

/** The preset scenarios, validated, by name. */
export const presets: Readonly<Record<PresetName, Scenario>> = Object.freeze(
  Object.fromEntries(PRESET_NAMES.map((name) => [name, scenarioSchema.parse(inputs[name])])) as Record<PresetName, Scenario>,
);

/** Whether `name` is a preset's name. */
export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}
