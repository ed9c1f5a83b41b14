/**
 * The analytic overlay, worker side: for a pool the M/M/c/K model describes (Poisson arrivals,
 * exponential service times of one mean, c slots, K − c queue places, callers that neither time
 * out nor retry, and no faults), the long-run blocking, latency and busy slots predicted by
 * `src/queueing`; for any other pool, the reasons the model does not apply.
 */
import { mmck } from '../../queueing/index';
import type { Policy, Scenario, ServiceSpec } from '../../sim/index';
import type { PoolTheory, QueueModel } from './theory';

/** A pool as the model sees it: its services, slots and queue, and what limits it beyond them. */
export interface PoolShape {
  readonly id: string;
  readonly services: readonly string[];
  readonly slots: number;
  readonly queue: number;
  /** Why calls inside the pool are capped below its slots (adaptive limit, caps), or null. */
  readonly limited: string | null;
}

/** Why a pool that sheds on queue delay is no M/M/c/K queue. */
const SHEDS = 'it sheds calls that waited too long';

/** The pools of a policy as the engine builds them (shared and per-tenant pools are called "shared"). */
export function poolsOf(policy: Policy, serviceIds: readonly string[]): PoolShape[] {
  switch (policy.kind) {
    case 'shared': {
      const limited = policy.adaptive
        ? 'an adaptive limit resizes it'
        : policy.serviceLimits?.length
          ? 'per-service caps limit calls inside it'
          : policy.shedOnQueueDelay
            ? SHEDS
            : null;
      return [{ id: 'shared', services: serviceIds, slots: policy.slots, queue: policy.queue, limited }];
    }
    case 'per-tenant':
      return [{ id: 'shared', services: serviceIds, slots: policy.slots, queue: policy.queue, limited: 'per-tenant caps limit calls inside it' }];
    case 'partitioned':
      return policy.pools.map((pool) => ({
        id: pool.id,
        services: pool.services,
        slots: pool.slots,
        queue: pool.queue,
        limited: pool.adaptive
          ? 'an adaptive limit resizes it'
          : pool.serviceLimits?.length
            ? 'per-service caps limit calls inside it'
            : pool.shedOnQueueDelay
              ? SHEDS
              : null,
      }));
    case 'semaphore':
      return policy.pools.map((pool) => ({ id: pool.id, services: pool.services, slots: pool.permits, queue: 0, limited: pool.adaptive ? 'an adaptive limit resizes it' : null }));
  }
}

const seconds = (value: number): string => `${Number(value.toPrecision(3))} s`;
const joinNames = (names: readonly string[]): string => (names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);
const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/**
 * Why the model does not fit these services, one clause per cause, services grouped:
 * "Search and Checkout have lognormal service times, not exponential".
 */
export function serviceReasons(services: readonly ServiceSpec[], queue: number): string[] {
  const name = (service: ServiceSpec) => service.label ?? service.id;
  const having = (test: (service: ServiceSpec) => boolean) => services.filter(test);
  const reasons: string[] = [];
  for (const kind of ['lognormal', 'deterministic'] as const) {
    const group = having((s) => s.serviceTime.kind === kind);
    if (group.length > 0) reasons.push(`${joinNames(group.map(name))} ${group.length === 1 ? 'has' : 'have'} ${kind} service times, not exponential`);
  }
  const bursty = having((s) => s.arrival.burst !== undefined);
  if (bursty.length > 0) reasons.push(`${joinNames(bursty.map(name))} ${bursty.length === 1 ? 'gets' : 'get'} a burst of extra traffic`);
  const stepped = having((s) => s.arrival.step !== undefined || s.arrival.curve !== undefined);
  if (stepped.length > 0) reasons.push(`${joinNames(stepped.map(name))} ${stepped.length === 1 ? 'changes' : 'change'} arrival rate during the run`);
  for (const service of having((s) => s.arrival.clients !== undefined)) {
    reasons.push(`${name(service)}'s calls come from ${(service.arrival.clients ?? 0).toLocaleString('en-US')} clients that each wait for their answer, not a steady stream`);
  }
  const downstream = having((s) => s.dependency !== undefined);
  if (downstream.length > 0) {
    reasons.push(`${downstream.length === services.length ? 'calls' : `calls of ${joinNames(downstream.map(name))}`} go on to a dependency that has a capacity of its own`);
  }
  for (const service of having((s) => s.degradations.length > 0)) {
    const first = [...service.degradations].sort((a, b) => a.at - b.at)[0];
    const what = first?.kind === 'slow' ? 'slow down' : first?.kind === 'hang' ? 'hang' : 'fail';
    reasons.push(`${name(service)} is scripted to ${what} at ${seconds(first?.at ?? 0)}`);
  }
  const limits = (label: string, pick: (service: ServiceSpec) => number | undefined) => {
    const group = having((s) => pick(s) !== undefined);
    if (group.length === 0) return;
    const values = unique(group.map((s) => seconds(pick(s) ?? 0)));
    const who = group.length === services.length ? 'callers' : `callers of ${joinNames(group.map(name))}`;
    reasons.push(`${who} ${label} after ${joinNames(values)}`);
  };
  limits('time out', (s) => s.client.timeout);
  if (queue > 0) limits('stop waiting in the queue', (s) => s.client.maxQueueWait);
  const retrying = having((s) => (s.client.retries?.count ?? 0) > 0);
  if (retrying.length > 0) reasons.push(`${retrying.length === services.length ? 'callers' : `callers of ${joinNames(retrying.map(name))}`} retry`);
  const hedging = having((s) => s.client.hedge !== undefined);
  if (hedging.length > 0) reasons.push(`${hedging.length === services.length ? 'callers' : `callers of ${joinNames(hedging.map(name))}`} send extra copies of slow calls (hedging)`);
  const breakers = having((s) => s.client.circuitBreaker !== undefined);
  if (breakers.length > 0) reasons.push(`${joinNames(breakers.map(name))} ${breakers.length === 1 ? 'has a circuit breaker' : 'have circuit breakers'}`);
  return reasons;
}

/**
 * The overlay for every pool of `policy`. The model applies when every service in the pool has
 * Poisson arrivals at a fixed rate and exponential service times with the same mean, and nothing
 * else (timeouts, queue-wait limits, retries, hedging, breakers, caps, adaptive limits, faults) changes
 * which calls are admitted or how long they stay.
 */
export function poolTheory(scenario: Scenario, policy: Policy): PoolTheory[] {
  const byId = new Map(scenario.services.map((service) => [service.id, service] as const));
  return poolsOf(
    policy,
    scenario.services.map((service) => service.id),
  ).map((pool) => {
    const services = pool.services.map((id) => byId.get(id)).filter((service): service is ServiceSpec => service !== undefined);
    const reasons: string[] = [];
    if (pool.limited) reasons.push(pool.limited);
    reasons.push(...serviceReasons(services, pool.queue));
    const means = new Set(services.map((service) => service.serviceTime.mean));
    if (reasons.length === 0 && means.size > 1) reasons.push(`${joinNames(services.map((s) => s.label ?? s.id))} have different mean service times`);
    if (reasons.length > 0 || services.length === 0) {
      return { pool: pool.id, services: pool.services, applies: false, reasons: reasons.length > 0 ? reasons : ['no service uses this pool'] };
    }
    const meanService = services[0]?.serviceTime.mean ?? 1;
    const arrivalRate = services.reduce((sum, service) => sum + service.arrival.rate, 0);
    const model: QueueModel = { arrivalRate, meanService, servers: pool.slots, capacity: pool.slots + pool.queue };
    try {
      const result = mmck({ arrivalRate, serviceRate: 1 / meanService, servers: model.servers, capacity: model.capacity });
      return {
        pool: pool.id,
        services: pool.services,
        applies: true,
        model,
        prediction: { blocking: result.blocking, meanTimeInSystem: result.meanTimeInSystem, meanBusy: result.throughput * meanService },
      };
    } catch {
      // Only inputs far outside what the page offers reach this; the engine's message names internal fields.
      return { pool: pool.id, services: pool.services, applies: false, reasons: ['the formulas cannot give finite figures for a pool this size'] };
    }
  });
}

