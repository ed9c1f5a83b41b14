/**
 * Public types of the pool model: run options and the snapshot a view reads.
 */
import type { BreakerState } from '../circuit-breaker';
import type { Policy, Scenario } from '../../../schemas/scenario';


/** A degradation applied from now on through {@link PoolSimulation.degrade}. */
export type DegradationChange =
  | { readonly kind: 'slow'; readonly factor: number; readonly duration?: number }
  | { readonly kind: 'hang'; readonly duration?: number }
  | { readonly kind: 'fail'; readonly fraction: number; readonly duration?: number };


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

/** Hedged requests of a service (client.hedge; all 0 without it). See pool/hedging.ts. */
export interface HedgeCounts {
  /** Of `offered`, how many were hedge copies (extra copies of an attempt slow to answer). */
  readonly hedges: number;
  /** Of `hedges`, how many answered their call first. */
  readonly hedgesWon: number;
  /** Copies not sent because the pool had no slot or queue place for them (or a tenant or service cap was reached). */
  readonly hedgesRefused: number;
  /** Attempts (first copies and hedges) cancelled because another copy answered first. */
  readonly cancelled: number;
}

/**
 * Counts of attempts by outcome (each retry is a new attempt). Every count covers events that
 * happened after the measurement start (the warmup), so an attempt admitted during the warmup that
 * finishes after it adds to `completed` but not to `admitted`.
 */
export interface AttemptCounts extends HedgeCounts {
  /** Attempts that reached the isolation layer (first attempts plus retries and hedge copies). */
  readonly offered: number;
  /** Of `offered`, how many were retries. */
  readonly retries: number;
  /** Retries the retry budget refused (each ended its call); 0 without a budget. */
  readonly retriesOverBudget: number;
  /** Attempts given a slot or a queue place. */
  readonly admitted: number;
  /** Attempts answered successfully. */
  readonly completed: number;
  /** Attempts answered with an error (a `fail` degradation, or refused by a full dependency). */
  readonly failed: number;
  /** Attempts abandoned at their timeout or max queue wait (queue expiries included). */
  readonly timedOut: number;
  /** Of `timedOut`, how many expired while still queued. */
  readonly timedOutInQueue: number;
  /** Of `timedOut`, how many left their slot busy (client.timeoutFreesSlot false). */
  readonly timedOutHoldingSlot: number;
  /**
   * Of `timedOutInQueue` with timeoutFreesSlot false, how many were served anyway when they
   * reached a slot, their caller gone (counted when they took the slot).
   */
  readonly orphansServed: number;
  /** Of those queued calls, how many the pool dropped at the slot instead (client.propagateDeadline, or the pool's shedOnQueueDelay), or took out of its queue at their maxQueueWait. */
  readonly droppedPastDeadline: number;
  /** Attempts refused because the pool and queue were full or the tenant was at its cap. */
  readonly rejected: number;
  /**
   * Admitted attempts the pool dropped when they reached a slot, for having waited in its queue
   * longer than its `shedOnQueueDelay` limit; their callers got the refusal at once.
   */
  readonly shed: number;
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

/**
 * Time admitted attempts spent queued before a slot, seconds. Percentiles and the mean cover every
 * attempt that took a slot, the ones that never waited (a wait of 0) included.
 */
export interface QueueWaitSummary {
  /** Attempts that took a slot. */
  readonly started: number;
  /** Admitted attempts that had to queue. */
  readonly waited: number;
  /** waited / admitted: the probability of waiting (Erlang C for M/M/c); null before any admission. */
  readonly probabilityOfWaiting: number | null;
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
  /** Closed loop: its clients and how many are thinking (not waiting on a call) now; null for an open loop. */
  readonly clients: { readonly total: number; readonly thinking: number } | null;
  /** Attempts in a slot now. */
  readonly running: number;
  /** Attempts queued now. */
  readonly queued: number;
  readonly latency: LatencySummary;
  readonly queueWait: QueueWaitSummary;
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

/** A pool's autoscaler: its bounds and target, and the pool's size over time. */
export interface AutoscaleView {
  readonly min: number;
  readonly max: number;
  readonly targetUtilisation: number;
  /** The size at the start and after each change, oldest first (the last 1,000 changes). */
  readonly history: readonly { readonly at: number; readonly slots: number }[];
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
  /** Service ids of queued calls, the next to be served first (at most 200). */
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
  /** Autoscaling and the size over time, or null without an autoscaler. */
  readonly autoscale: AutoscaleView | null;
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
  /** Attempts shed from the queue for waiting too long (see AttemptCounts.shed). */
  readonly shed: number;
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
    /** The pool's size (slots or permits) at the sample time; it changes with `schedule` and `autoscale`. */
    readonly slots: readonly number[];
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
  /** Dependencies with their own capacity (empty when the scenario declares none). */
  readonly dependencies: readonly {
    readonly id: string;
    /** Calls being served there at the sample time. */
    readonly busy: readonly number[];
    /** Calls waiting there at the sample time. */
    readonly waiting: readonly number[];
    /** Time-average calls being served over the interval ending at the sample (÷ capacity: utilisation). */
    readonly meanBusy: readonly number[];
  }[];
}

/** A downstream with its own capacity, shared by the services that name it. */
export interface DependencySnapshot {
  readonly id: string;
  /** Calls it serves at once. */
  readonly capacity: number;
  /** Calls that may wait for it; null for no limit. */
  readonly queueCapacity: number | null;
  /** Calls being served now. */
  readonly busy: number;
  /** Calls waiting at the dependency now (each still holds its caller's slot). */
  readonly waiting: number;
  /** Ids of the services that call it. */
  readonly services: readonly string[];
  /** Time-average calls being served since the measurement start. */
  readonly meanBusy: number | null;
  /** meanBusy / capacity. */
  readonly utilisation: number | null;
  /** Time-average calls waiting since the measurement start. */
  readonly meanWaiting: number | null;
  /** Calls that started service there. */
  readonly started: number;
  /** Share of those calls that had to wait (Erlang C for Poisson calls and exponential times). */
  readonly probabilityOfWaiting: number | null;
  /** Mean wait at the dependency of the calls that started service there, seconds. */
  readonly meanWait: number | null;
  /** Calls refused since the measurement start (servers busy, queue full); each counts as failed. */
  readonly refused: number;
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
  /** Dependencies with their own capacity (empty when the scenario declares none). */
  readonly dependencies: readonly DependencySnapshot[];
  readonly series: SeriesSnapshot;
}

/** Options of {@link PoolSimulation.snapshot}. */
export interface SnapshotOptions {
  /** Keep only the last N samples of the series (all kept samples by default; 0 for none). */
  readonly seriesLimit?: number;
}
