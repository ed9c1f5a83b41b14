/**
 * Capacity beyond the caller's pools: dependencies with a capacity of their own (a downstream
 * several services may share) and scheduled pool resizes.
 */
import type { z } from 'zod';
import { fraction, identifier, list, nonNegative, object, positive, whole } from './scenario-fields';

/**
 * A downstream with its own capacity: it serves `capacity` calls at once and queues the rest in
 * arrival order (a FIFO queue with `capacity` servers). A call to it holds its caller's slot for
 * its wait at the dependency plus its service time, so latency rises with the dependency's load,
 * whichever pools the calls came through. With `queue`, at most that many calls wait there and
 * the rest are refused at once, as a database refuses connections beyond its limit.
 */
export const dependencySchema = object({
  /** Dependency id, e.g. `"database"`. */
  id: identifier(),
  /** Calls it serves at once; the rest wait at the dependency. */
  capacity: whole(1).max(100_000, { error: 'must be a whole number from 1 to 100,000' }),
  /**
   * Calls that may wait for it (default: no limit). A call that finds `capacity` calls in service
   * and `queue` waiting fails at once with an error, and frees its caller's slot: 0 refuses every
   * call beyond the capacity, as PostgreSQL refuses connections beyond `max_connections`.
   */
  queue: whole(0).max(1_000_000, { error: 'must be a whole number from 0 to 1,000,000 (leave it out for no limit)' }).optional(),
});

/**
 * A pool resize at a set time: from `at` the pool named `pool` has `slots` slots and/or a queue of
 * `queue` places. Shrinking never drops calls in flight: they finish, and new calls wait until the
 * pool is under its new size. Policies without a pool of that id ignore the entry, and so does a
 * run that ends before `at`.
 */
export const scheduleEntrySchema = object({
  /** When the change applies, seconds. */
  at: nonNegative(),
  /** A pool id of one of the policies (`"shared"` for a shared or per-tenant policy). */
  pool: identifier(),
  /** New number of slots (permits, for a semaphore). */
  slots: whole(1).max(100_000, { error: 'must be a whole number from 1 to 100,000' }).optional(),
  /** New queue capacity (pools only; a semaphore has no queue). */
  queue: whole(0).optional(),
});

/** Optional (no default), so scenarios without them parse to the same shape as before. */
export const dependenciesField = list(dependencySchema).max(16, { error: 'must list at most 16 dependencies' }).optional();
export const scheduleField = list(scheduleEntrySchema).max(1000, { error: 'must list at most 1,000 changes' }).optional();

interface CapacityScenario {
  readonly dependencies?: readonly { readonly id: string }[] | undefined;
  readonly schedule?: readonly { readonly at: number; readonly pool: string; readonly slots?: number | undefined; readonly queue?: number | undefined }[] | undefined;
  readonly services: readonly { readonly dependency?: string | undefined; readonly client: { readonly timeoutFreesSlot?: boolean | undefined } }[];
  readonly policies: Readonly<Record<string, { readonly kind: string; readonly pools?: readonly { readonly id: string; readonly permits?: number }[] }>>;
}

/** The pools each policy runs: `"shared"` for shared and per-tenant policies. */
function poolKinds(policies: CapacityScenario['policies']): Map<string, Set<'pool' | 'semaphore'>> {
  const kinds = new Map<string, Set<'pool' | 'semaphore'>>();
  const add = (id: string, kind: 'pool' | 'semaphore') => kinds.set(id, (kinds.get(id) ?? new Set()).add(kind));
  for (const policy of Object.values(policies)) {
    if (policy.kind === 'shared' || policy.kind === 'per-tenant') add('shared', 'pool');
    else for (const pool of policy.pools ?? []) add(pool.id, policy.kind === 'semaphore' ? 'semaphore' : 'pool');
  }
  return kinds;
}

/** Cross-field checks: dependency ids, services naming them, and schedule entries naming pools. */
export function checkCapacity(scenario: CapacityScenario, issue: (path: PropertyKey[], message: string) => void): void {
  const dependencyIds = (scenario.dependencies ?? []).map((d) => d.id);
  dependencyIds.forEach((id, i) => {
    if (dependencyIds.indexOf(id) !== i) issue(['dependencies', i, 'id'], `"${id}" is used by another dependency`);
  });
  scenario.services.forEach((service, i) => {
    if (service.dependency === undefined) return;
    if (!dependencyIds.includes(service.dependency)) {
      const known = dependencyIds.length > 0 ? `; the dependencies are ${dependencyIds.map((id) => `"${id}"`).join(', ')}` : '; the scenario declares no dependencies';
      issue(['services', i, 'dependency'], `"${service.dependency}" is not a declared dependency${known}`);
    } else if (service.client.timeoutFreesSlot === false) {
      issue(['services', i, 'client', 'timeoutFreesSlot'], 'must not be false for a service that calls a dependency (not modelled yet)');
    }
  });
  const kinds = poolKinds(scenario.policies);
  (scenario.schedule ?? []).forEach((entry, i) => {
    if (entry.slots === undefined && entry.queue === undefined) issue(['schedule', i], 'must give slots, queue or both');
    const kind = kinds.get(entry.pool);
    if (!kind) {
      issue(['schedule', i, 'pool'], `"${entry.pool}" is not a pool of any policy; the pools are ${[...kinds.keys()].map((id) => `"${id}"`).join(', ')}`);
    } else if (entry.queue !== undefined && entry.queue > 0 && kind.has('semaphore')) {
      issue(['schedule', i, 'queue'], `must be 0 or left out: "${entry.pool}" is a semaphore in a policy, and a semaphore has no queue`);
    }
  });
}

/**
 * Simple autoscaling of a pool: every `interval` seconds the pool's utilisation over the last
 * interval (mean busy slots / slots) is compared with `targetUtilisation`; outside a ±10% band
 * around it, the pool moves toward slots × utilisation / target (as Kubernetes' horizontal
 * autoscaler does), by at most `step` slots, within [min, max]. After a change it waits
 * `cooldown` seconds (default: one interval) before the next.
 */
export const autoscaleSchema = object({
  /** Fewest slots. */
  min: whole(1).max(100_000, { error: 'must be a whole number from 1 to 100,000' }),
  /** Most slots. */
  max: whole(1).max(100_000, { error: 'must be a whole number from 1 to 100,000' }),
  /** Utilisation to aim for, greater than 0 and at most 1 (e.g. 0.7). */
  targetUtilisation: fraction(),
  /** Seconds between decisions. */
  interval: positive(),
  /** Most slots added or removed in one decision. */
  step: whole(1),
  /** Seconds after a change before the next (default: one interval). */
  cooldown: nonNegative().optional(),
});

/** Checks an autoscale block against its pool's size. */
export function checkAutoscale(
  autoscale: { readonly min: number; readonly max: number } | undefined,
  slots: number,
  issue: (where: PropertyKey[], message: string) => void,
): void {
  if (!autoscale) return;
  if (autoscale.min > autoscale.max) issue(['autoscale', 'min'], 'must not be greater than max');
  else if (slots < autoscale.min || slots > autoscale.max) issue(['slots'], `must lie between autoscale.min (${autoscale.min}) and autoscale.max (${autoscale.max})`);
}

/** Autoscaling settings of a pool. */
export type AutoscaleSpec = z.output<typeof autoscaleSchema>;
