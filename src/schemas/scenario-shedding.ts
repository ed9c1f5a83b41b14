/**
 * Shedding on queue delay: a pool option (`shedOnQueueDelay`) of shared policies and partitioned
 * pools, with its check against the pool's queue. See `src/sim/models/pool/deadlines.ts`.
 */
import type { z } from 'zod';
import { object, positive } from './scenario-fields';

/**
 * Shedding on queue delay, CoDel as Facebook applies it to request queues. When a queued call
 * reaches the head of the queue (a slot is free for it), the pool drops it instead if it waited
 * longer than the limit: `target` while the queue is standing (it has not been empty at any
 * moment in the last `interval` seconds), else `interval`. A dropped call is counted as shed
 * (`counts.shed`) and its caller gets the refusal at once (then retries, as after a rejection).
 */
export const shedOnQueueDelaySchema = object({
  /** Longest wait while the queue is standing, seconds (Facebook uses 5 ms). */
  target: positive(),
  /** Longest wait otherwise, and how long the queue must stay non-empty to count as standing, seconds (default: target, a fixed limit; Facebook uses 100 ms). */
  interval: positive().optional(),
});

/** Shedding on queue delay. */
export type ShedOnQueueDelaySpec = z.output<typeof shedOnQueueDelaySchema>;

/** Checks a pool's shedOnQueueDelay against its queue. */
export function checkShedding(pool: { readonly queue: number; readonly shedOnQueueDelay?: ShedOnQueueDelaySpec | undefined }, issue: (path: PropertyKey[], message: string) => void): void {
  const shedding = pool.shedOnQueueDelay;
  if (!shedding) return;
  if (pool.queue === 0) issue(['shedOnQueueDelay'], 'has nothing to shed: the pool has no queue (queue is 0)');
  if (shedding.interval !== undefined && shedding.interval < shedding.target) issue(['shedOnQueueDelay', 'interval'], `must be at least target (${shedding.target} s)`);
}
