/**
 * The scenario generator of fuzz-invariants.test.ts: random but schema-valid scenarios that
 * combine the pool simulator's features, drawn from the engine's own seeded `Rng`.
 */
import type { Rng, ScenarioInput } from '../../../src/sim/index';

type ServiceInput = ScenarioInput['services'][number];
type PolicyInput = ScenarioInput['policies'][string];

export class Gen {
  /** When set, numbers snap to multiples of this, so deterministic times, timeouts and delays tie. */
  grid = 0;
  constructor(private readonly rng: Rng) {}
  u(): number {
    return this.rng.next();
  }
  chance(p: number): boolean {
    return this.rng.next() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng.next() * (hi - lo + 1));
  }
  num(lo: number, hi: number, digits = 3): number {
    const x = lo + this.rng.next() * (hi - lo);
    if (this.grid > 0 && hi - lo >= this.grid) return Math.min(hi, Math.max(lo, this.grid * Math.max(1, Math.round(x / this.grid))));
    const f = 10 ** digits;
    return Math.max(lo, Math.round(x * f) / f);
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rng.next() * items.length)] as T;
  }
}

function serviceTime(g: Gen): ServiceInput['serviceTime'] {
  const mean = g.num(0.02, 0.4);
  switch (g.grid > 0 && g.chance(0.5) ? 1 : g.int(0, 4)) {
    case 0:
      return { kind: 'exponential', mean };
    case 1:
      return { kind: 'deterministic', mean };
    case 2:
      return { kind: 'lognormal', mean, sigma: g.num(0.2, 1.5) };
    case 3:
      return { kind: 'pareto', mean, shape: g.num(1.5, 3) };
    default:
      return {
        kind: 'mixture',
        components: [
          { weight: 90, time: { kind: 'exponential', mean } },
          { weight: 10, time: { kind: 'deterministic', mean: mean * 8 } },
        ],
      };
  }
}

function arrival(g: Gen, duration: number, tenants: readonly string[]): ServiceInput['arrival'] {
  const closed = g.chance(0.25);
  const result: ServiceInput['arrival'] = closed ? { rate: g.num(0.3, 4), clients: g.int(1, 15) } : { rate: g.num(1, g.chance(0.2) ? 60 : 15) };
  if (g.chance(0.3)) {
    const start = g.num(0, duration * 0.7);
    result.burst = { start, end: start + g.num(1, duration * 0.3), extraRate: closed ? g.num(0.5, 3) : g.num(5, 25) };
    if (tenants.length > 0 && g.chance(0.5)) result.burst.tenant = g.pick(tenants);
  }
  if (g.chance(0.2)) result.step = { at: g.num(1, duration), rate: g.chance(0.3) ? 0 : g.num(0.5, 10) };
  if (g.chance(0.25)) {
    const kind = g.int(0, 2);
    if (kind === 0) result.curve = { kind: 'ramp', start: g.num(0, duration / 2), end: duration, from: g.num(0, 1), to: g.num(0.5, 2) };
    else if (kind === 1) result.curve = { kind: 'spikes', every: g.num(5, 15), width: g.num(1, 4), peak: g.num(1.5, 4) };
    else result.curve = { kind: 'points', points: [{ at: 0, factor: g.num(0.2, 1) }, { at: duration / 2, factor: g.num(1, 3) }, { at: duration, factor: g.num(0, 1) }] };
  }
  if (tenants.length > 0 && g.chance(0.8)) result.tenants = tenants.filter(() => g.chance(0.7)).map((tenant) => ({ tenant, share: g.int(1, 5) }));
  if (result.tenants?.length === 0) delete result.tenants;
  return result;
}

function client(g: Gen, callsDependency: boolean): ServiceInput['client'] {
  const c: NonNullable<ServiceInput['client']> = {};
  if (g.chance(0.7)) c.timeout = g.num(0.1, 2);
  if (g.chance(0.3)) c.maxQueueWait = g.num(0.05, 2);
  // Now and then a combination the schema refuses (a held slot with a dependency or with hedging),
  // so the refusal path is exercised too.
  const holding = c.timeout !== undefined && (!callsDependency || g.chance(0.03)) && g.chance(0.3);
  if (holding) {
    c.timeoutFreesSlot = false;
    if (g.chance(0.5)) c.socketTimeout = (c.timeout ?? 0) + g.num(0, 3);
    if (g.chance(0.5)) c.propagateDeadline = true;
  }
  if (g.chance(0.5)) {
    c.retries = { count: g.int(1, 3), backoff: g.num(0, 0.3), jitter: g.chance(0.7) };
    if (g.chance(0.4)) c.retries.budget = { ratio: g.num(0, 0.5), minPerSecond: g.num(0, 2), window: g.num(1, 10) };
  }
  if (g.chance(0.4)) {
    const window = g.int(2, 20);
    c.circuitBreaker = {
      failureRateThreshold: g.num(0.2, 0.9),
      window,
      minimumCalls: g.int(1, window),
      openDuration: g.num(0.5, 5),
      halfOpenProbes: g.int(1, 3),
      countRejections: g.chance(0.5),
    };
  }
  if ((!holding || g.chance(0.05)) && g.chance(0.4)) {
    const delay = c.timeout !== undefined ? g.num(0.01, c.timeout * 0.9) : g.num(0.01, 0.5);
    c.hedge = { delay, max: g.int(1, 3) };
  }
  return c;
}

function degradations(g: Gen, duration: number): ServiceInput['degradations'] {
  const list: NonNullable<ServiceInput['degradations']> = [];
  const count = g.chance(0.5) ? g.int(1, 2) : 0;
  for (let i = 0; i < count; i++) {
    const at = g.num(0, duration * 0.8);
    const until = g.chance(0.8) ? at + g.num(0.5, duration * 0.3) : undefined;
    const timing = until === undefined ? { at } : { at, until };
    const kind = g.int(0, 2);
    if (kind === 0) list.push({ kind: 'slow', ...timing, factor: g.num(1.5, 10) });
    else if (kind === 1) list.push({ kind: 'hang', ...timing });
    else list.push({ kind: 'fail', ...timing, fraction: g.num(0.1, 1) });
  }
  return list;
}

function adaptive(g: Gen, max: number) {
  const min = g.int(1, Math.max(1, Math.floor(max / 2)));
  return { kind: 'aimd' as const, initial: g.int(min, max), min, max, backoffRatio: g.num(0.5, 0.95), rule: g.pick(['always', 'when-busy'] as const) };
}

/** Pool options shared by a shared policy and a partitioned pool. */
function poolOptions(g: Gen, slots: number, queue: number, services: readonly string[]) {
  const options: Record<string, unknown> = {};
  if (g.chance(0.35)) options.discipline = g.pick(['fifo', 'lifo', 'priority'] as const);
  if (g.chance(0.2)) options.adaptive = adaptive(g, slots);
  if (g.chance(0.25)) {
    options.serviceLimits = services
      .filter(() => g.chance(0.6))
      .map((service) => (g.chance(0.7) ? { service, limit: g.int(1, slots + queue) } : { service, adaptive: adaptive(g, slots + queue) }));
  }
  if (g.chance(0.2)) {
    const min = g.int(1, slots);
    const max = g.int(slots, slots + 10);
    options.autoscale = { min, max, targetUtilisation: g.num(0.3, 0.9), interval: g.num(0.5, 4), step: g.int(1, 4), cooldown: g.num(0, 3) };
  }
  if (queue > 0 && g.chance(0.35)) {
    const target = g.num(0.01, 0.5);
    options.shedOnQueueDelay = g.chance(0.5) ? { target } : { target, interval: target + g.num(0, 1) };
  }
  return options;
}

export function scenario(g: Gen, index: number): ScenarioInput {
  g.grid = 0;
  g.grid = g.chance(0.3) ? g.pick([0.05, 0.1, 0.25]) : 0;
  const duration = g.int(10, 40);
  const tenants = g.chance(0.35) ? ['t0', 't1', 't2'].slice(0, g.int(1, 3)) : [];
  const dependencies = g.chance(0.4) ? ['db', 'cache'].slice(0, g.int(1, 2)).map((id) => ({ id, capacity: g.int(1, 6), ...(g.chance(0.6) ? { queue: g.int(0, 4) } : {}) })) : [];
  const count = g.int(1, 4);
  const services: ServiceInput[] = [];
  for (let i = 0; i < count; i++) {
    const callsDependency = dependencies.length > 0 && g.chance(0.7);
    const service: ServiceInput = {
      id: `s${i}`,
      arrival: arrival(g, duration, tenants),
      serviceTime: serviceTime(g),
      degradations: degradations(g, duration),
      client: client(g, callsDependency),
    };
    if (g.chance(0.4)) service.priority = g.int(0, 3);
    if (callsDependency) service.dependency = g.pick(dependencies).id;
    services.push(service);
  }
  const ids = services.map((s) => s.id);
  const policies: Record<string, PolicyInput> = {};
  const slots = g.int(1, 10);
  const queue = g.chance(0.25) ? 0 : g.int(1, 12);
  policies.shared = { kind: 'shared', slots, queue, ...poolOptions(g, slots, queue, ids) } as PolicyInput;
  const groups = ids.length > 1 && g.chance(0.4) ? [ids.slice(0, 1), ids.slice(1)] : ids.length > 2 && g.chance(0.3) ? [ids.slice(0, 2), ids.slice(2)] : ids.map((id) => [id]);
  policies.partitioned = {
    kind: 'partitioned',
    pools: groups.map((members, i) => {
      const poolSlots = g.int(1, 6);
      const poolQueue = g.chance(0.25) ? 0 : g.int(1, 8);
      return { id: `p${i}`, services: members, slots: poolSlots, queue: poolQueue, ...poolOptions(g, poolSlots, poolQueue, members) };
    }),
  } as PolicyInput;
  if (g.chance(0.6)) {
    policies.semaphore = { kind: 'semaphore', pools: [{ id: 'sem', services: ids, permits: g.int(1, 10), ...(g.chance(0.2) ? { adaptive: adaptive(g, 10) } : {}) }] } as PolicyInput;
  }
  if (tenants.length > 0) {
    const perTenantSlots = g.int(2, 10);
    policies.tenanted = {
      kind: 'per-tenant',
      slots: perTenantSlots,
      queue: g.int(0, 10),
      ...(g.chance(0.3) ? { discipline: g.pick(['lifo', 'priority'] as const) } : {}),
      tenantLimits: tenants.filter((_, i) => i === 0 || g.chance(0.5)).map((tenant) => ({ tenant, limit: g.int(1, perTenantSlots) })),
      ...(g.chance(0.5) ? { defaultLimit: g.int(1, perTenantSlots) } : {}),
      ...(g.chance(0.2) ? { adaptive: adaptive(g, perTenantSlots) } : {}),
    } as PolicyInput;
  }
  const schedule: NonNullable<ScenarioInput['schedule']> = [];
  if (g.chance(0.35)) {
    const poolIds = ['shared', ...groups.map((_, i) => `p${i}`), ...(policies.semaphore ? ['sem'] : [])];
    for (let i = g.int(1, 3); i > 0; i--) {
      const pool = g.pick(poolIds);
      const entry: NonNullable<ScenarioInput['schedule']>[number] = { at: g.num(0, duration), pool };
      if (g.chance(0.8)) entry.slots = g.int(1, 12);
      if (pool !== 'sem' && (entry.slots === undefined || g.chance(0.4))) entry.queue = g.int(0, 10);
      if (pool === 'sem' && entry.slots === undefined) entry.slots = g.int(1, 12);
      schedule.push(entry);
    }
  }
  return {
    name: `fuzz ${index}`,
    duration,
    warmup: g.chance(0.15) ? g.num(1, duration / 3) : 0,
    sampleInterval: g.pick([0.5, 1, 2]),
    tenants: tenants.map((id) => ({ id })),
    services,
    policies,
    ...(dependencies.length > 0 ? { dependencies } : {}),
    ...(schedule.length > 0 ? { schedule } : {}),
  };
}

