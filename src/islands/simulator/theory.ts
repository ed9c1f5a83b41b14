/**
 * The analytic overlay, page side: the shapes of a prediction (made in the worker by
 * `predict-theory.ts`) and the measured figures it is compared with.
 *
 * Pure, and free of the queueing and engine code, so the page's bundle stays small.
 */
import type { SimulationSnapshot } from '../../sim/index';
import type { TimedEvent } from './simulator-state';

/** The M/M/c/K parameters of a pool. Rates per second, times in seconds. */
export interface QueueModel {
  /** λ: calls per second into the pool (all its services). */
  readonly arrivalRate: number;
  /** 1/μ: mean service time, seconds. */
  readonly meanService: number;
  /** c: slots. */
  readonly servers: number;
  /** K: slots plus queue places. */
  readonly capacity: number;
}

/** What M/M/c/K predicts for a pool. */
export interface Prediction {
  /** P_K: share of calls turned away, in [0, 1]. */
  readonly blocking: number;
  /** W: mean time an admitted call spends in the pool (queue plus service), seconds. */
  readonly meanTimeInSystem: number;
  /** Mean busy slots: λ(1 − P_K)/μ. */
  readonly meanBusy: number;
}

/** The overlay for one pool of one policy. */
export type PoolTheory =
  | { readonly pool: string; readonly services: readonly string[]; readonly applies: true; readonly model: QueueModel; readonly prediction: Prediction }
  | { readonly pool: string; readonly services: readonly string[]; readonly applies: false; readonly reasons: readonly string[] };

/** What the simulation measured for a pool, over its measured period. */
export interface Measured {
  /** Attempts that reached the pool. */
  readonly offered: number;
  /** Share of them turned away (pool and queue full), or null before any arrived. */
  readonly blocking: number | null;
  /** Mean latency of the calls that completed, seconds, or null before any did. */
  readonly meanTimeInSystem: number | null;
  /** Time-average busy slots, or null before the measured period starts. */
  readonly meanBusy: number | null;
}

const seconds = (value: number): string => `${Number(value.toPrecision(3))} s`;

/** The reason a fault hides the overlay of a pool, or null when no fault touches it (yet). */
export function faultReason(theory: PoolTheory, events: readonly TimedEvent[], time: number, labels: ReadonlyMap<string, string>): string | null {
  const hit = events.find((event) => event.at <= time && theory.services.includes(event.service));
  if (!hit) return null;
  return `${labels.get(hit.service) ?? hit.service} was ${hit.kind === 'recover' ? 'recovered' : 'broken'} at ${seconds(hit.at)}, so its pool no longer matches the model`;
}

/** The measured counterparts of a prediction, from a snapshot. */
export function measuredFor(snapshot: SimulationSnapshot, theory: PoolTheory): Measured {
  let offered = 0;
  let rejected = 0;
  let completed = 0;
  let latencySum = 0;
  for (const service of snapshot.services) {
    if (!theory.services.includes(service.id)) continue;
    offered += service.counts.offered;
    rejected += service.counts.rejected;
    if (service.latency.mean !== null) {
      completed += service.latency.count;
      latencySum += service.latency.mean * service.latency.count;
    }
  }
  const pool = snapshot.pools.find((p) => p.id === theory.pool);
  return {
    offered,
    blocking: offered > 0 ? rejected / offered : null,
    meanTimeInSystem: completed > 0 ? latencySum / completed : null,
    meanBusy: pool?.meanBusy ?? null,
  };
}
