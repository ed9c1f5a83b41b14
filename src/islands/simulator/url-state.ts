/**
 * The simulator's state as a query string, so a link replays the same run:
 *
 * ```
 * /simulator/?preset=slow-search&seed=1&speed=5
 *   &policies=shared,partitioned          panels to show (default: every policy of the scenario)
 *   &rate.search=150                      a service's arrival rate, calls/s
 *   &timeout.search=1  &wait.search=none  a caller's timeout and longest queue wait, s ("none": no limit)
 *   &slots.partitioned.search-pool=18     a pool's slots, by policy and pool id
 *   &queue.partitioned.search-pool=10     a pool's queue places
 *   &event=15_search_slow_10              a fault: time (s), service, slow|hang|fail|recover, factor or fraction
 * ```
 *
 * The calculators link here with `?rate=<calls/s>&mean=<ms>&slots=<c>&queue=<K−c|unbounded>[&partitions=N]`;
 * such a link opens an M/M/c/K pool instead of a preset.
 *
 * Reading never throws: a parameter that is malformed or out of range keeps its default and is
 * named in `problems`. Values are only ever numbers, fixed words or ids matching a strict pattern,
 * so nothing read here can become markup or script.
 */
import {
  DEFAULT_PRESET,
  DEFAULT_QUEUEING,
  DEFAULT_SPEED,
  EVENT_KINDS,
  MAX_EVENTS,
  MAX_PARTITIONS,
  MAX_SEED,
  SPEEDS,
  presetState,
  sortEvents,
  withOverride,
  type EventKind,
  type Override,
  type QueueingSource,
  type SimulatorState,
  type TimedEvent,
} from './simulator-state';

/** Ids of services, pools and policies, as the scenario format defines them. */
const ID = /^[a-z][a-z0-9-]{0,39}$/;
/** A plain decimal, optionally with an exponent (the calculators write 1e-7): no sign, hex or spaces. */
const DECIMAL = /^\d{1,12}(\.\d{1,12})?([eE][+-]?\d{1,3})?$/;
/** Longest parameter value read. */
const MAX_VALUE_LENGTH = 120;
/** Most parameters read from one link. */
const MAX_PARAMS = 200;

/** Largest arrival rate a link may set, calls per second. */
export const MAX_RATE = 1_000_000;
/** Largest pool a link may set, slots. */
export const MAX_SLOTS = 100_000;
/** Largest queue a link may set, places. */
export const MAX_QUEUE = 100_000;
/** Largest timeout or queue wait a link may set, seconds. */
export const MAX_TIMEOUT = 3_600;
/** Largest fault time, seconds. */
export const MAX_EVENT_TIME = 10_000_000;
/** Largest slow-down factor. */
export const MAX_FACTOR = 100;

/** The outcome of reading a link. */
export interface ParsedLink {
  state: SimulatorState;
  /** One sentence fragment per unusable parameter, such as `seed (not a whole number from 0 to 4294967295)`. */
  problems: string[];
}

function decimal(raw: string): number | null {
  if (raw.length > MAX_VALUE_LENGTH || !DECIMAL.test(raw)) return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

function inRange(raw: string, min: number, max: number, options: { minExclusive?: boolean; integer?: boolean } = {}): number | null {
  const value = decimal(raw);
  if (value === null) return null;
  if (options.integer && !Number.isInteger(value)) return null;
  if (options.minExclusive ? value <= min : value < min) return null;
  return value > max ? null : value;
}

/** Reads `none` as null, else a time in (0, MAX_TIMEOUT] seconds; `undefined` when unusable. */
function limitSeconds(raw: string): number | null | undefined {
  if (raw === 'none') return null;
  return inRange(raw, 0, MAX_TIMEOUT, { minExclusive: true }) ?? undefined;
}

/** Parses `15.3_search_slow_10` (time, service, kind, optional number). */
export function parseEvent(raw: string): TimedEvent | null {
  if (raw.length > MAX_VALUE_LENGTH) return null;
  const parts = raw.split('_');
  if (parts.length < 3 || parts.length > 4) return null;
  const [timeText = '', service = '', kindText = '', extra] = parts;
  const at = inRange(timeText, 0, MAX_EVENT_TIME);
  if (at === null || !ID.test(service) || !(EVENT_KINDS as readonly string[]).includes(kindText)) return null;
  const kind = kindText as EventKind;
  const tenth = Math.round(at * 10) / 10;
  if (Math.abs(tenth - at) > 1e-9) return null;
  if (kind === 'slow') {
    const factor = extra === undefined ? null : inRange(extra, 1, MAX_FACTOR, { minExclusive: true });
    return factor === null ? null : { at: tenth, service, kind, factor };
  }
  if (kind === 'fail') {
    const fraction = extra === undefined ? null : inRange(extra, 0, 1, { minExclusive: true });
    return fraction === null ? null : { at: tenth, service, kind, fraction };
  }
  return extra === undefined ? { at: tenth, service, kind } : null;
}

/** Writes a fault as `time_service_kind[_number]`. */
export function formatEvent(event: TimedEvent): string {
  const head = `${numberText(event.at)}_${event.service}_${event.kind}`;
  if (event.kind === 'slow') return `${head}_${numberText(event.factor ?? 1)}`;
  if (event.kind === 'fail') return `${head}_${numberText(event.fraction ?? 1)}`;
  return head;
}

/** A number for a link: at most 12 significant digits, read back exactly by {@link readLink}. */
export function numberText(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Partitions from a link: more than the simulator can show are cut to {@link MAX_PARTITIONS}, with a note. */
function readPartitions(raw: string | null, problems: string[]): number {
  if (raw === null) return DEFAULT_QUEUEING.partitions;
  const value = inRange(raw, 1, 1_000_000, { integer: true });
  if (value === null) {
    problems.push(`partitions (not a whole number of at least 1)`);
    return DEFAULT_QUEUEING.partitions;
  }
  if (value > MAX_PARTITIONS) {
    problems.push(`partitions (the simulator shows at most ${MAX_PARTITIONS}, so it splits the same slots ${MAX_PARTITIONS} ways instead of ${value})`);
    return MAX_PARTITIONS;
  }
  return value;
}

function readQueueing(params: URLSearchParams, problems: string[]): QueueingSource {
  const rate = params.get('rate');
  const mean = params.get('mean');
  const slots = params.get('slots');
  const queue = params.get('queue');
  const partitions = params.get('partitions');
  const read = <T>(raw: string | null, parse: (text: string) => T | null, fallback: T, name: string, rule: string): T => {
    if (raw === null) return fallback;
    const value = parse(raw);
    if (value === null) {
      problems.push(`${name} (${rule})`);
      return fallback;
    }
    return value;
  };
  return {
    kind: 'queueing',
    rate: read(rate, (t) => inRange(t, 0, MAX_RATE, { minExclusive: true }), DEFAULT_QUEUEING.rate, 'rate', `not a number of calls per second above 0 and at most ${MAX_RATE}`),
    meanMs: read(mean, (t) => inRange(t, 0, MAX_TIMEOUT * 1000, { minExclusive: true }), DEFAULT_QUEUEING.meanMs, 'mean', 'not a mean service time in milliseconds above 0 and at most 3600000'),
    slots: read(slots, (t) => inRange(t, 1, MAX_SLOTS, { integer: true }), DEFAULT_QUEUEING.slots, 'slots', `not a whole number of slots from 1 to ${MAX_SLOTS}`),
    queue: read<number | 'unbounded'>(queue, (t) => (t === 'unbounded' ? 'unbounded' : inRange(t, 0, MAX_QUEUE, { integer: true })), DEFAULT_QUEUEING.queue, 'queue', `not a whole number of queue places from 0 to ${MAX_QUEUE}, or "unbounded"`),
    partitions: readPartitions(partitions, problems),
  };
}

const QUEUEING_KEYS = ['rate', 'mean', 'slots', 'queue', 'partitions'];

/** A parameter name to repeat in a notice: only names made of id characters are echoed. */
function printableKey(key: string): string {
  if (/^[a-z0-9.-]{1,80}$/.test(key)) return key;
  return `a ${key.slice(0, key.indexOf('.'))} parameter`;
}

/**
 * Reads the simulator's state from a query string. `knownPresets` lists the preset names; an
 * unknown preset opens `fallbackPreset` (default {@link DEFAULT_PRESET}) and is reported.
 */
export function readLink(params: URLSearchParams, knownPresets: readonly string[], fallbackPreset = DEFAULT_PRESET): ParsedLink {
  const problems: string[] = [];
  const entries = [...params.entries()];
  if (entries.length > MAX_PARAMS) problems.push(`the link (more than ${MAX_PARAMS} parameters; only the first ${MAX_PARAMS} were read)`);
  const usable = new URLSearchParams(entries.slice(0, MAX_PARAMS));
  const defaultPreset = knownPresets.includes(fallbackPreset) ? fallbackPreset : (knownPresets[0] ?? fallbackPreset);
  let state = presetState(defaultPreset);

  const presetText = usable.get('preset');
  const queueing = QUEUEING_KEYS.some((key) => usable.has(key));
  if (queueing) {
    state = { ...state, source: readQueueing(usable, problems) };
    if (presetText !== null) problems.push('preset (ignored: the link also describes a pool by rate, mean and slots)');
  } else if (presetText !== null) {
    if (knownPresets.includes(presetText)) state = presetState(presetText);
    else problems.push(`preset (not one of ${knownPresets.join(', ')})`);
  }

  const seed = usable.get('seed');
  if (seed !== null) {
    const value = inRange(seed, 0, MAX_SEED, { integer: true });
    if (value === null) problems.push(`seed (not a whole number from 0 to ${MAX_SEED})`);
    else state = { ...state, seed: value };
  }
  const speed = usable.get('speed');
  if (speed !== null) {
    const value = decimal(speed);
    if (value === null || !(SPEEDS as readonly number[]).includes(value)) problems.push(`speed (not one of ${SPEEDS.join(', ')})`);
    else state = { ...state, speed: value };
  }
  const policies = usable.get('policies');
  if (policies !== null) {
    const names = policies.split(',');
    if (names.length === 0 || names.length > 8 || !names.every((name) => ID.test(name)) || new Set(names).size !== names.length) {
      problems.push('policies (not a comma-separated list of distinct policy ids)');
    } else {
      state = { ...state, policies: names };
    }
  }

  let overrides: Override[] = [];
  for (const [key, raw] of usable.entries()) {
    const dot = key.indexOf('.');
    if (dot < 0) continue;
    const kind = key.slice(0, dot);
    const target = key.slice(dot + 1);
    const bad = (rule: string) => problems.push(`${printableKey(key)} (${rule})`);
    if (kind === 'rate' || kind === 'timeout' || kind === 'wait') {
      if (!ID.test(target)) {
        bad('not a service id');
        continue;
      }
      if (kind === 'rate') {
        const value = inRange(raw, 0, MAX_RATE, { minExclusive: true });
        if (value === null) bad(`not a number of calls per second above 0 and at most ${MAX_RATE}`);
        else overrides = withOverride(overrides, { kind, service: target, value });
      } else {
        const value = limitSeconds(raw);
        if (value === undefined) bad(`not "none" or a number of seconds above 0 and at most ${MAX_TIMEOUT}`);
        else overrides = withOverride(overrides, { kind, service: target, value });
      }
    } else if (kind === 'slots' || kind === 'queue') {
      const parts = target.split('.');
      const [policy = '', pool = ''] = parts;
      if (parts.length !== 2 || !ID.test(policy) || !ID.test(pool)) {
        bad('not a policy id and a pool id');
        continue;
      }
      const value = kind === 'slots' ? inRange(raw, 1, MAX_SLOTS, { integer: true }) : inRange(raw, 0, MAX_QUEUE, { integer: true });
      if (value === null) bad(kind === 'slots' ? `not a whole number of slots from 1 to ${MAX_SLOTS}` : `not a whole number of queue places from 0 to ${MAX_QUEUE}`);
      else overrides = withOverride(overrides, { kind, policy, pool, value });
    }
  }
  if (overrides.length > 0) state = { ...state, overrides };

  const eventTexts = usable.getAll('event');
  const events: TimedEvent[] = [];
  for (const text of eventTexts) {
    if (events.length >= MAX_EVENTS) {
      problems.push(`event (more than ${MAX_EVENTS}; the rest were left out)`);
      break;
    }
    const event = parseEvent(text);
    if (event === null) problems.push('event (not time_service_kind, such as 15_search_slow_10, 20_search_hang, 25_search_fail_0.5 or 40_search_recover)');
    else events.push(event);
  }
  if (events.length > 0) state = { ...state, events: sortEvents(events) };
  return { state, problems };
}

/** Writes the state as query parameters; values equal to the defaults are left out. */
export function writeLink(state: SimulatorState): URLSearchParams {
  const params = new URLSearchParams();
  const source = state.source;
  if (source.kind === 'preset') {
    params.set('preset', source.preset);
  } else {
    params.set('rate', numberText(source.rate));
    params.set('mean', numberText(source.meanMs));
    params.set('slots', String(source.slots));
    params.set('queue', String(source.queue));
    if (source.partitions !== 1) params.set('partitions', String(source.partitions));
  }
  params.set('seed', String(state.seed));
  if (state.speed !== DEFAULT_SPEED) params.set('speed', numberText(state.speed));
  if (state.policies !== null) params.set('policies', state.policies.join(','));
  for (const override of state.overrides) {
    if (override.kind === 'slots' || override.kind === 'queue') {
      params.set(`${override.kind}.${override.policy}.${override.pool}`, String(override.value));
    } else {
      params.set(`${override.kind}.${override.service}`, override.value === null ? 'none' : numberText(override.value));
    }
  }
  for (const event of state.events) params.append('event', formatEvent(event));
  return params;
}

/** The /simulator/ address that replays `state`. */
export function simulatorHref(state: SimulatorState): string {
  return `/simulator/?${writeLink(state).toString()}`;
}

/** The sentence shown when a link carried unusable parameters, or null when all were fine. */
export function linkNotice(problems: readonly string[]): string | null {
  if (problems.length === 0) return null;
  const shown = problems.slice(0, 6);
  const more = problems.length - shown.length;
  return `Part of this link could not be used, so the simulator used its defaults or nearest limits there: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`;
}
