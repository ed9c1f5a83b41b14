/**
 * Names people read: what to call a policy panel, a one-line description of its pools, and the
 * short mark (a letter or number) that tells services apart in the slot grid without colour.
 */
import type { Policy } from '../../sim/index';

/** Names of pools and services in a scenario, for descriptions. */
export interface NameBook {
  readonly serviceLabel: (id: string) => string;
}

const plural = (count: number, one: string, many = `${one}s`): string => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/**
 * A short heading for a policy panel. Two shared pools in one comparison are told apart by their
 * queues or limits; well-known names of the presets get their own wording.
 */
export function policyLabel(name: string, policy: Policy, all: Readonly<Record<string, Policy>>): string {
  // Panels that differ only in how fast an adaptive limit grows are named by that.
  const increase = adaptiveIncrease(policy);
  const increases = Object.values(all).flatMap((other) => adaptiveIncrease(other) ?? []);
  if (increase !== null && increases.length > 1 && new Set(increases).size === increases.length) return `Adaptive limit, +${increase} per success`;
  const plain = (p: Policy) => p.kind !== 'shared' || (!p.adaptive && !p.serviceLimits?.length && !p.shedOnQueueDelay);
  const siblings = Object.values(all).filter((other) => other.kind === policy.kind && plain(other)).length;
  switch (policy.kind) {
    case 'shared':
      if (policy.adaptive || policy.serviceLimits?.some((limit) => limit.adaptive)) return 'Shared pool, adaptive limits';
      if (policy.serviceLimits?.length) return 'Shared pool, per-service caps';
      if (policy.shedOnQueueDelay) return 'Shared pool, sheds on queue delay';
      if (siblings > 1) return policy.queue === 0 ? 'Shared pool, no queue' : `Shared pool, queue ${policy.queue.toLocaleString('en-US')}`;
      return 'Shared pool';
    case 'partitioned':
      if (name === 'by-service') return 'Partitioned by service';
      if (siblings > 1) {
        // Partitions that differ only in their one pool size ("12 pools of 10") are named by it.
        const sizes = Object.values(all).flatMap((other) => (other.kind === 'partitioned' ? [uniformSize(other)] : []));
        const size = uniformSize(policy);
        if (size !== null && sizes.every((other) => other !== null) && new Set(sizes).size === sizes.length) return size;
        return `Partitioned (${name})`;
      }
      return policy.pools.length === 1 ? 'One pool' : 'Partitioned pools';
    case 'semaphore':
      return 'Semaphores, no queue';
    case 'per-tenant':
      return 'Per-tenant limits';
  }
}

const seconds = (value: number): string => `${Number(value.toPrecision(3)).toLocaleString('en-US')} s`;

/** A pool's shedding on queue delay in words, e.g. "sheds calls queued over 0.1 s once the queue has stood 1 s". */
function shedding(spec: { readonly target: number; readonly interval?: number | undefined } | undefined): string[] {
  if (!spec) return [];
  const interval = spec.interval ?? spec.target;
  return [interval > spec.target ? `sheds calls queued over ${seconds(spec.target)} once the queue has stood ${seconds(interval)}` : `sheds calls queued over ${seconds(spec.target)}`];
}

/** "12 pools of 10" for a partitioned policy whose pools all have the same size, else null. */
function uniformSize(policy: Policy & { kind: 'partitioned' }): string | null {
  const sizes = new Set(policy.pools.map((pool) => pool.slots));
  return policy.pools.length > 1 && sizes.size === 1 ? `${policy.pools.length} pools of ${policy.pools[0]?.slots ?? 0}` : null;
}

/** How much a success adds to a policy's adaptive limit when it has exactly one (on a pool or a service), else null. */
function adaptiveIncrease(policy: Policy): number | null {
  const pools = policy.kind === 'shared' ? [policy] : policy.kind === 'partitioned' || policy.kind === 'semaphore' ? policy.pools : [];
  const limits = pools.flatMap((pool) => [pool.adaptive, ...('serviceLimits' in pool ? (pool.serviceLimits ?? []).map((limit) => limit.adaptive) : [])]);
  const adaptive = limits.filter((limit) => limit !== undefined);
  return adaptive.length === 1 ? (adaptive[0]?.increase ?? null) : null;
}

/** One line that says what a policy's pools are, for example "Search 18 slots + 10 queued · …". */
export function policyDescription(policy: Policy, names: NameBook): string {
  const list = (ids: readonly string[]) => ids.map(names.serviceLabel).join(' and ');
  switch (policy.kind) {
    case 'shared': {
      const base = `${plural(policy.slots, 'slot')} for all, queue ${policy.queue.toLocaleString('en-US')}`;
      const caps = (policy.serviceLimits ?? []).map((limit) =>
        limit.adaptive ? `${names.serviceLabel(limit.service)} capped adaptively (${limit.adaptive.min}–${limit.adaptive.max})` : `${names.serviceLabel(limit.service)} capped at ${limit.limit ?? 0}`,
      );
      return [base, ...caps, ...(policy.adaptive ? ['adaptive limit'] : []), ...shedding(policy.shedOnQueueDelay)].join('; ');
    }
    case 'per-tenant':
      return `${plural(policy.slots, 'slot')} for all, queue ${policy.queue.toLocaleString('en-US')}; each tenant at most ${policy.tenantLimits.map((t) => t.limit).join('/')}`;
    case 'partitioned':
      return policy.pools
        .map((pool) => [`${list(pool.services)}: ${plural(pool.slots, 'slot')}, queue ${pool.queue.toLocaleString('en-US')}`, ...shedding(pool.shedOnQueueDelay)].join(', '))
        .join(' · ');
    case 'semaphore':
      return policy.pools.map((pool) => `${list(pool.services)}: ${plural(pool.permits, 'permit')}`).join(' · ');
  }
}

/**
 * One short mark per service for the slot grid: the label's first letter when that is unique,
 * else a trailing number in the label ("Stream 12" → "12"), else the position (1, 2, …).
 */
export function serviceMarks(labels: readonly string[]): string[] {
  const initials = labels.map((label) => (label.trim()[0] ?? '?').toUpperCase());
  if (new Set(initials).size === labels.length) return initials;
  const numbers = labels.map((label) => /(\d{1,2})\s*$/.exec(label)?.[1] ?? '');
  if (numbers.every((n) => n !== '') && new Set(numbers).size === labels.length) return numbers;
  return labels.map((_, index) => String(index + 1));
}

/** Pool headings: the pool of a shared policy is "Shared pool"; partitions are named by their services. */
export function poolLabel(services: readonly string[], kind: Policy['kind'], names: NameBook): string {
  if (kind === 'shared' || kind === 'per-tenant') return 'Shared pool';
  const who = services.map(names.serviceLabel).join(' + ');
  return kind === 'semaphore' ? `${who} permits` : `${who} pool`;
}

/**
 * Chart markers at the same moment drawn as one, so their labels do not print over each other:
 * "C fail" and "I fail" at 42 s become "C, I fail"; different events there are joined with " · ".
 */
export function mergeMarkers<M extends { readonly at: number; readonly label: string }>(markers: readonly M[]): { at: number; label: string }[] {
  const byTime = new Map<number, string[]>();
  for (const marker of markers) byTime.set(marker.at, [...(byTime.get(marker.at) ?? []), marker.label]);
  return [...byTime].map(([at, labels]) => {
    const unique = [...new Set(labels)];
    const rests = new Set(unique.map((label) => label.slice(label.indexOf(' ') + 1)));
    const sameEvent = unique.length > 1 && rests.size === 1 && unique.every((label) => label.includes(' '));
    return { at, label: sameEvent ? `${unique.map((label) => label.slice(0, label.indexOf(' '))).join(', ')} ${[...rests][0] ?? ''}` : unique.join(' · ') };
  });
}
