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
 * The calculators link here with `?rate=<calls/s>&mean=<ms>&slots=<c>&queue=<K−c|unbounded>[&partitions=N][&shared=<c>]`;
 * such a link opens an M/M/c/K pool instead of a preset. `shared` gives the shared pool its own
 * number of slots, for a comparison of one shared pool against N pools with more slots in all.
 *
 * A shared scenario from the editor travels as `?scenario=<packed JSON>` (see `src/lib/share-link.ts`);
 * the page unpacks it (that is asynchronous) after {@link splitScenarioLink} has taken it out. The
 * rule when a link has both: `scenario` replaces the preset and a calculator's pool, which are
 * ignored and named in the notice; seed, speed, panels, settings and faults apply on top of it.
 *
 * Reading never throws: a parameter that is malformed or out of range keeps its default and is
 * named in `problems` by the label of its control on the page (see `link-problems.ts`). Values are
 * only ever numbers, fixed words or ids matching a strict pattern, so nothing read here can become
 * markup or script.
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
import { withBase } from '../../lib/base-path';
import { FIELD_LABELS, SETTING_PHRASES, fieldProblem, type LinkProblem } from './link-problems';

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
  /** One per unusable parameter, naming the control it would have set. */
  problems: LinkProblem[];
}

const thousands = (value: number): string => value.toLocaleString('en-US');

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
function readPartitions(raw: string | null, problems: LinkProblem[]): number {
  if (raw === null) return DEFAULT_QUEUEING.partitions;
  const value = inRange(raw, 1, 1_000_000, { integer: true });
  if (value === null) {
    problems.push(fieldProblem(FIELD_LABELS.partitions, 'not a whole number of at least 1'));
    return DEFAULT_QUEUEING.partitions;
  }
  if (value > MAX_PARTITIONS) {
    problems.push(
      fieldProblem(FIELD_LABELS.partitions, `the simulator shows at most ${MAX_PARTITIONS}, so it splits the same slots ${MAX_PARTITIONS} ways instead of ${thousands(value)}`),
    );
    return MAX_PARTITIONS;
  }
  return value;
}

/**
 * Figures the simulator derives from a pool (service rate 1/S, time between arrivals 1/λ, the
 * offered load λS and its share per partition) must be finite numbers above 0, or the engine and
 * the formulas have nothing to work with: `mean=1e-308` makes 1/S infinite. Returns the problems,
 * each naming the field to change.
 */
export function derivedProblems(source: QueueingSource): LinkProblem[] {
  const usable = (value: number) => Number.isFinite(value) && value > 0;
  const problems: LinkProblem[] = [];
  const meanSeconds = source.meanMs / 1000;
  if (!usable(1 / meanSeconds)) {
    problems.push(fieldProblem(FIELD_LABELS.mean, 'too short: calls served per second would not be a finite number'));
  }
  if (!usable(1 / source.rate) || !usable(source.rate / source.partitions)) {
    problems.push(fieldProblem(FIELD_LABELS.rate, 'too low: the time between calls would not be a finite number'));
  }
  if (problems.length === 0 && !usable((source.rate * meanSeconds) / source.partitions)) {
    problems.push(
      fieldProblem(`${FIELD_LABELS.rate} and ${FIELD_LABELS.mean}`, 'together too small: the load they make would not be a number above 0'),
    );
  }
  return problems;
}

function readQueueing(params: URLSearchParams, problems: LinkProblem[]): QueueingSource {
  const read = <T>(key: string, parse: (text: string) => T | null, fallback: T, label: string, rule: string): T => {
    const raw = params.get(key);
    if (raw === null) return fallback;
    const value = parse(raw);
    if (value === null) {
      problems.push(fieldProblem(label, rule));
      return fallback;
    }
    return value;
  };
  const slotsRule = `not a whole number of slots from 1 to ${thousands(MAX_SLOTS)}`;
  let source: QueueingSource = {
    kind: 'queueing',
    rate: read('rate', (t) => inRange(t, 0, MAX_RATE, { minExclusive: true }), DEFAULT_QUEUEING.rate, FIELD_LABELS.rate, `not a number of calls per second above 0 and at most ${thousands(MAX_RATE)}`),
    meanMs: read('mean', (t) => inRange(t, 0, MAX_TIMEOUT * 1000, { minExclusive: true }), DEFAULT_QUEUEING.meanMs, FIELD_LABELS.mean, `not a number of milliseconds above 0 and at most ${thousands(MAX_TIMEOUT * 1000)}`),
    slots: read('slots', (t) => inRange(t, 1, MAX_SLOTS, { integer: true }), DEFAULT_QUEUEING.slots, FIELD_LABELS.slots, slotsRule),
    queue: read<number | 'unbounded'>('queue', (t) => (t === 'unbounded' ? 'unbounded' : inRange(t, 0, MAX_QUEUE, { integer: true })), DEFAULT_QUEUEING.queue, FIELD_LABELS.queue, `not a whole number from 0 to ${thousands(MAX_QUEUE)}, or "unbounded"`),
    partitions: readPartitions(params.get('partitions'), problems),
  };
  // With one partition there is no separate shared-pool slider: the figure sets the pool's slots.
  const sharedLabel = source.partitions === 1 ? FIELD_LABELS.slots : FIELD_LABELS.shared;
  const shared = read<number | null>('shared', (t) => inRange(t, 1, MAX_SLOTS, { integer: true }), null, sharedLabel, slotsRule);
  if (shared !== null) {
    // With one partition there is only the shared pool: its slots are the pool's slots.
    source = source.partitions === 1 ? { ...source, slots: shared } : shared === source.slots ? source : { ...source, sharedSlots: shared };
  }
  const derived = derivedProblems(source);
  if (derived.length > 0) {
    problems.push(...derived);
    const named = (label: string) => derived.some((problem) => problem.subject.kind === 'field' && problem.subject.label === label);
    source = { ...source, rate: named(FIELD_LABELS.rate) ? DEFAULT_QUEUEING.rate : source.rate, meanMs: named(FIELD_LABELS.mean) ? DEFAULT_QUEUEING.meanMs : source.meanMs };
    if (derivedProblems(source).length > 0) source = { ...source, rate: DEFAULT_QUEUEING.rate, meanMs: DEFAULT_QUEUEING.meanMs };
  }
  return source;
}

const QUEUEING_KEYS = ['rate', 'mean', 'slots', 'queue', 'partitions', 'shared'];

/** A link with its packed scenario taken out: the rest is for {@link readLink}. */
export interface ScenarioLink {
  /** The packed scenario, or null when the link carries none. */
  readonly packed: string | null;
  /** The other parameters; with a scenario, without the preset and calculator ones it replaces. */
  readonly rest: URLSearchParams;
  readonly problems: LinkProblem[];
}

/** Takes the `scenario` parameter out of a link, applying the rule above when it also names a preset or pool. */
export function splitScenarioLink(params: URLSearchParams, key = 'scenario'): ScenarioLink {
  const packed = params.get(key);
  const rest = new URLSearchParams([...params.entries()].filter(([name]) => name !== key));
  if (packed === null) return { packed: null, rest, problems: [] };
  const problems: LinkProblem[] = [];
  if (rest.has('preset')) problems.push(fieldProblem(FIELD_LABELS.preset, 'ignored: the link carries a scenario of its own'));
  if (QUEUEING_KEYS.some((name) => rest.has(name))) problems.push({ subject: { kind: 'link' }, rule: 'its calculator’s pool was ignored: the link carries a scenario of its own' });
  for (const name of ['preset', ...QUEUEING_KEYS]) rest.delete(name);
  return { packed, rest, problems };
}

/**
 * Reads the simulator's state from a query string. `knownPresets` lists the preset names; an
 * unknown preset opens `fallbackPreset` (default {@link DEFAULT_PRESET}) and is reported.
 */
export function readLink(params: URLSearchParams, knownPresets: readonly string[], fallbackPreset = DEFAULT_PRESET): ParsedLink {
  const problems: LinkProblem[] = [];
  const entries = [...params.entries()];
  if (entries.length > MAX_PARAMS) problems.push({ subject: { kind: 'link' }, rule: `more than ${MAX_PARAMS} parameters; only the first ${MAX_PARAMS} were read` });
  const usable = new URLSearchParams(entries.slice(0, MAX_PARAMS));
  const defaultPreset = knownPresets.includes(fallbackPreset) ? fallbackPreset : (knownPresets[0] ?? fallbackPreset);
  let state = presetState(defaultPreset);

  const presetText = usable.get('preset');
  const queueing = QUEUEING_KEYS.some((key) => usable.has(key));
  if (queueing) {
    state = { ...state, source: readQueueing(usable, problems) };
    if (presetText !== null) problems.push(fieldProblem(FIELD_LABELS.preset, 'ignored: the link also describes a calculator’s pool'));
  } else if (presetText !== null) {
    if (knownPresets.includes(presetText)) state = presetState(presetText);
    else problems.push(fieldProblem(FIELD_LABELS.preset, 'not one of the scenarios in the list'));
  }

  const seed = usable.get('seed');
  if (seed !== null) {
    const value = inRange(seed, 0, MAX_SEED, { integer: true });
    if (value === null) problems.push(fieldProblem(FIELD_LABELS.seed, `not a whole number from 0 to ${thousands(MAX_SEED)}`));
    else state = { ...state, seed: value };
  }
  const speed = usable.get('speed');
  if (speed !== null) {
    const value = decimal(speed);
    if (value === null || !(SPEEDS as readonly number[]).includes(value)) problems.push(fieldProblem(FIELD_LABELS.speed, `not one of ${SPEEDS.map((option) => `${option}×`).join(', ')}`));
    else state = { ...state, speed: value };
  }
  const policies = usable.get('policies');
  if (policies !== null) {
    const names = policies.split(',');
    if (names.length === 0 || names.length > 8 || !names.every((name) => ID.test(name)) || new Set(names).size !== names.length) {
      problems.push({ subject: { kind: 'panels' }, rule: 'not a list of panels this simulator can show' });
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
    if (kind === 'rate' || kind === 'timeout' || kind === 'wait') {
      const bad = (rule: string) => problems.push({ subject: { kind: 'service', service: target, setting: kind }, rule });
      if (!ID.test(target)) {
        problems.push({ subject: { kind: 'link' }, rule: `it sets ${SETTING_PHRASES[kind]} of a service named in a way the simulator cannot read` });
        continue;
      }
      if (kind === 'rate') {
        const value = inRange(raw, 0, MAX_RATE, { minExclusive: true });
        if (value === null) bad(`not a number of calls per second above 0 and at most ${thousands(MAX_RATE)}`);
        else overrides = withOverride(overrides, { kind, service: target, value });
      } else {
        const value = limitSeconds(raw);
        if (value === undefined) bad(`not "none" or a number of seconds above 0 and at most ${thousands(MAX_TIMEOUT)}`);
        else overrides = withOverride(overrides, { kind, service: target, value });
      }
    } else if (kind === 'slots' || kind === 'queue') {
      const parts = target.split('.');
      const [policy = '', pool = ''] = parts;
      const fits = parts.length === 2 && ID.test(policy) && ID.test(pool);
      const bad = (rule: string) => problems.push({ subject: { kind: 'pool', policy, pool, setting: kind }, rule });
      if (!fits) {
        problems.push({ subject: { kind: 'link' }, rule: `it sets the ${kind === 'slots' ? 'slots' : 'queue'} of a pool named in a way the simulator cannot read` });
        continue;
      }
      const value = kind === 'slots' ? inRange(raw, 1, MAX_SLOTS, { integer: true }) : inRange(raw, 0, MAX_QUEUE, { integer: true });
      if (value === null) bad(kind === 'slots' ? `not a whole number from 1 to ${thousands(MAX_SLOTS)}` : `not a whole number from 0 to ${thousands(MAX_QUEUE)}`);
      else overrides = withOverride(overrides, { kind, policy, pool, value });
    }
  }
  if (overrides.length > 0) state = { ...state, overrides };

  const eventTexts = usable.getAll('event');
  const events: TimedEvent[] = [];
  for (const text of eventTexts) {
    if (events.length >= MAX_EVENTS) {
      problems.push(fieldProblem(FIELD_LABELS.fault, `more than ${MAX_EVENTS} faults; the rest were left out`));
      break;
    }
    const event = parseEvent(text);
    if (event === null) problems.push(fieldProblem(FIELD_LABELS.fault, 'not a time, a dependency and a fault, such as 15_search_slow_10, 20_search_hang, 25_search_fail_0.5 or 40_search_recover'));
    else events.push(event);
  }
  if (events.length > 0) state = { ...state, events: sortEvents(events) };
  return { state, problems };
}

/**
 * Writes the state as query parameters; values equal to the defaults are left out. An edited
 * scenario is not written here: packing it is asynchronous, so the page adds `scenario` itself.
 */
export function writeLink(state: SimulatorState): URLSearchParams {
  const params = new URLSearchParams();
  const source = state.source;
  if (source.kind === 'preset') {
    params.set('preset', source.preset);
  } else if (source.kind === 'queueing') {
    params.set('rate', numberText(source.rate));
    params.set('mean', numberText(source.meanMs));
    params.set('slots', String(source.slots));
    params.set('queue', String(source.queue));
    if (source.partitions !== 1) params.set('partitions', String(source.partitions));
    if (source.sharedSlots !== undefined && source.partitions !== 1 && source.sharedSlots !== source.slots) params.set('shared', String(source.sharedSlots));
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
  return withBase(`/simulator/?${writeLink(state).toString()}`);
}
