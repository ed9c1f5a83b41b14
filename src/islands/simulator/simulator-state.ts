/**
 * Everything that decides a pool-simulator run, as plain data: which scenario (a preset or a
 * calculator's M/M/c/K pool), the seed, the panels shown, the settings changed from the
 * scenario's own, and the faults injected at given simulated times. Same state, same run.
 *
 * Pure: no DOM, no engine. `url-state.ts` reads and writes it; the worker turns it into a scenario.
 */

/** Playback speeds offered, in simulated seconds per wall-clock second. */
export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 20, 50] as const;
/** Default playback speed (simulated seconds per second). */
export const DEFAULT_SPEED = 2;
/** Default run seed: the one the lessons quote. */
export const DEFAULT_SEED = 1;
/** Largest run seed the engine accepts. */
export const MAX_SEED = 4_294_967_295;
/** Preset opened when a link names none. */
export const DEFAULT_PRESET = 'slow-search';
/** Most faults one run may carry. */
export const MAX_EVENTS = 40;
/** Most partitions a calculator link may ask for (the scenario format allows 16 services). */
export const MAX_PARTITIONS = 16;
/** Slow-down factor of the "slow" fault. */
export const SLOW_FACTOR = 10;
/** Share of calls that fail under the "fail" fault. */
export const FAIL_FRACTION = 0.5;

/** Kinds of fault a learner can inject; `recover` ends the faults in force. */
export const EVENT_KINDS = ['slow', 'hang', 'fail', 'recover'] as const;
/** A fault kind. */
export type EventKind = (typeof EVENT_KINDS)[number];

/** A fault injected into one dependency at a simulated time. */
export interface TimedEvent {
  /** Simulated time, seconds, at which it takes effect (a multiple of 0.1 s). */
  readonly at: number;
  /** Service id, such as `"search"`. */
  readonly service: string;
  readonly kind: EventKind;
  /** Latency multiplier of a `slow` fault (1 < factor ≤ 100). */
  readonly factor?: number;
  /** Share of calls that fail under a `fail` fault, in (0, 1]. */
  readonly fraction?: number;
}

/** A preset scenario from the engine, by name. */
export interface PresetSource {
  readonly kind: 'preset';
  readonly preset: string;
}

/** A single pool described the way the calculators describe it (their link contract). */
export interface QueueingSource {
  readonly kind: 'queueing';
  /** Total arrival rate, calls per second. */
  readonly rate: number;
  /** Mean service time, milliseconds. */
  readonly meanMs: number;
  /** Slots in all (c); with partitions, the total across them. */
  readonly slots: number;
  /**
   * Slots of the shared pool when it differs from {@link slots}: the price-of-isolation calculator
   * compares one shared pool with more slots split N ways. Absent: the shared pool has `slots`.
   */
  readonly sharedSlots?: number;
  /** Waiting places in all (K − c), or unbounded. */
  readonly queue: number | 'unbounded';
  /** Equal partitions the traffic and the slots are split into (1 = one pool only). */
  readonly partitions: number;
}

/**
 * A scenario written in the editor or opened from a shared link: the JSON as written (the
 * worker validates it; an invalid one falls back to the default preset with a problem).
 */
export interface CustomSource {
  readonly kind: 'custom';
  readonly scenario: unknown;
}

/** Where the scenario comes from. */
export type ScenarioSource = PresetSource | QueueingSource | CustomSource;

/** A setting changed from the scenario's own value. */
export type Override =
  /** Base arrival rate of a service, calls per second. */
  | { readonly kind: 'rate'; readonly service: string; readonly value: number }
  /** Caller's per-attempt timeout of a service, seconds; `null` for none. */
  | { readonly kind: 'timeout'; readonly service: string; readonly value: number | null }
  /** Longest a call of a service waits in a queue, seconds; `null` for no limit. */
  | { readonly kind: 'wait'; readonly service: string; readonly value: number | null }
  /** Slots (or permits) of one pool of one policy. */
  | { readonly kind: 'slots'; readonly policy: string; readonly pool: string; readonly value: number }
  /** Queue places of one pool of one policy. */
  | { readonly kind: 'queue'; readonly policy: string; readonly pool: string; readonly value: number };

/** Everything that decides a run, plus the playback speed. */
export interface SimulatorState {
  readonly source: ScenarioSource;
  /** Run seed, a whole number from 0 to {@link MAX_SEED}. */
  readonly seed: number;
  /** Playback speed, one of {@link SPEEDS}. */
  readonly speed: number;
  /** Policies shown as panels, in order; `null` for all of the scenario's. */
  readonly policies: readonly string[] | null;
  readonly overrides: readonly Override[];
  /** Faults, sorted by time. */
  readonly events: readonly TimedEvent[];
}

/** The state a preset opens with. */
export function presetState(preset: string, seed = DEFAULT_SEED, speed = DEFAULT_SPEED): SimulatorState {
  return { source: { kind: 'preset', preset }, seed, speed, policies: null, overrides: [], events: [] };
}

/** The calculators' defaults: 160 calls/s × 100 ms = 16 Erlangs on 25 slots, no queue. */
export const DEFAULT_QUEUEING: QueueingSource = { kind: 'queueing', rate: 160, meanMs: 100, slots: 25, queue: 0, partitions: 1 };

/** Slots of the shared pool of a calculator's pool. */
export function sharedPoolSlots(source: QueueingSource): number {
  return source.sharedSlots ?? source.slots;
}

/** `source` with its shared pool at `sharedSlots` (null, or the same as `slots`: no separate figure). */
export function withSharedSlots(source: QueueingSource, sharedSlots: number | null): QueueingSource {
  const { kind, rate, meanMs, slots, queue, partitions } = source;
  const plain: QueueingSource = { kind, rate, meanMs, slots, queue, partitions };
  return sharedSlots === null || sharedSlots === slots ? plain : { ...plain, sharedSlots };
}

/** Identifies one override's target, so a newer value replaces an older one. */
export function overrideKey(override: Override): string {
  return override.kind === 'slots' || override.kind === 'queue'
    ? `${override.kind}.${override.policy}.${override.pool}`
    : `${override.kind}.${override.service}`;
}

/** Returns `overrides` with `next` replacing any override of the same target. */
export function withOverride(overrides: readonly Override[], next: Override): Override[] {
  const key = overrideKey(next);
  return [...overrides.filter((o) => overrideKey(o) !== key), next];
}

/** Sorts faults by time, keeping the given order among equal times. */
export function sortEvents(events: readonly TimedEvent[]): TimedEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at - b.event.at || a.index - b.index)
    .map(({ event }) => event);
}

/** The part of the state that, when it changes, means a fresh run from 0 s (speed excluded). */
export function runKey(state: SimulatorState): string {
  return JSON.stringify({ source: state.source, seed: state.seed, policies: state.policies, overrides: state.overrides });
}

/** Rounds a simulated time up to the next 0.1 s, the grid faults are injected on (so links replay them exactly). */
export function eventTime(time: number): number {
  return Math.ceil(Math.round(time * 1e6) / 1e5) / 10;
}
