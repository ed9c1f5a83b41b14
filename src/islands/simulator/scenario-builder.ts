/**
 * Turns a {@link SimulatorState} into a validated engine scenario and the run description the
 * page draws. Runs in the worker (it needs the engine's presets and schema).
 *
 * A calculator's pool (`?rate&mean&slots&queue[&partitions]`) becomes an M/M/c/K scenario:
 * Poisson arrivals, exponential service times, callers that never time out or retry. With N
 * partitions the traffic is split into N equal streams; the shared policy serves them all from
 * one pool with every slot and queue place, the partitioned policy gives each stream its own
 * equal share of both.
 */
import { isPresetName, parseScenario, presets, type Policy, type Scenario, type ScenarioInput } from '../../sim/index';
import { policyDescription, policyLabel, poolLabel, serviceMarks } from './labels';
import { poolsOf, poolTheory } from './predict-theory';
import { FIELD_LABELS, fieldProblem, type LinkProblem } from './link-problems';
import { derivedProblems } from './url-state';
import type { PanelSetup, RunSetup, ServiceSetup } from './protocol';
import { DEFAULT_PRESET, sharedPoolSlots, sortEvents, type Override, type QueueingSource, type ScenarioSource, type SimulatorState, type TimedEvent } from './simulator-state';

/** Fastest arrival rate simulated live; faster calculator pools are slowed with the same load. */
export const MAX_LIVE_RATE = 5_000;
/** Queue places that stand in for an unbounded queue. */
export const UNBOUNDED_QUEUE = 10_000;
/** Number of distinct service colours. */
export const COLOURS = 8;

/** A scenario ready to run, and what the page needs to draw it. */
export interface BuiltRun {
  readonly scenario: Scenario;
  readonly setup: RunSetup;
}

const count = (value: number): string =>
  Math.abs(value) >= 1 || value === 0 ? value.toLocaleString('en-US', { maximumFractionDigits: 3 }) : value.toLocaleString('en-US', { maximumSignificantDigits: 3 });

/** The smallest of 1, 2, 5 × 10ⁿ at or above `value`. */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value * (1 - 1e-12)) return step * power;
  return 10 * power;
}

/** Splits `total` into `parts` whole shares that differ by at most one, larger first. */
export function splitEvenly(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, index) => base + (index < total - base * parts ? 1 : 0));
}

/** The M/M/c/K scenario for a calculator's pool, and sentences that say how it was built. */
export function queueingScenario(source: QueueingSource): { input: ScenarioInput; notes: string[] } {
  const notes: string[] = [];
  const parts = source.partitions;
  const scale = source.rate > MAX_LIVE_RATE ? source.rate / MAX_LIVE_RATE : 1;
  const rate = source.rate / scale;
  const meanSeconds = (source.meanMs / 1000) * scale;
  const slots = Math.max(source.slots, parts);
  // Without a figure of its own, the shared pool has every slot the partitions have between them.
  const sharedSlots = parts === 1 || source.sharedSlots === undefined ? slots : sharedPoolSlots(source);
  const unbounded = source.queue === 'unbounded';
  const queueTotal = source.queue === 'unbounded' ? UNBOUNDED_QUEUE : source.queue;
  const duration = Math.min(3600, Math.max(300, niceCeil(400 * meanSeconds)));
  const warmup = Math.min(duration / 5, niceCeil(Math.max(10, 20 * meanSeconds)));
  const sampleInterval = niceCeil(duration / 300);

  const queueText = unbounded ? 'an unbounded queue' : source.queue === 0 ? 'no queue' : `${count(source.queue)} queue places`;
  const slotsText = sharedSlots === slots ? `${count(source.slots)} slots` : `${count(sharedSlots)} slots shared against ${count(source.slots)} split ${parts} ways`;
  notes.push(
    `Built from a calculator's pool: Poisson arrivals at ${count(source.rate)} calls/s, exponential service times with a mean of ${count(source.meanMs)} ms, ${slotsText} and ${queueText}. That is an M/M/c/K queue, so the theory overlay applies.`,
  );
  if (scale > 1) {
    notes.push(
      `${count(source.rate)} calls/s is too fast to animate, so the run uses ${count(rate)} calls/s with service times ${count(Number(scale.toPrecision(4)))} times longer (mean ${count(meanSeconds * 1000)} ms): the same ${count(source.rate * (source.meanMs / 1000))} Erlangs, so blocking and busy slots are unchanged, but latencies are longer by that factor.`,
    );
  }
  if (unbounded) notes.push(`The unbounded queue runs as ${count(UNBOUNDED_QUEUE)} places per pool, more than this traffic can fill.`);
  if (slots > source.slots) notes.push(`Each of the ${parts} partitions needs at least one slot, so the run has ${slots} slots in all.`);

  const services: ScenarioInput['services'] =
    parts === 1
      ? [{ id: 'calls', label: 'Calls', arrival: { rate }, serviceTime: { kind: 'exponential', mean: meanSeconds } }]
      : Array.from({ length: parts }, (_, index) => ({
          id: `stream-${index + 1}`,
          label: `Stream ${index + 1}`,
          arrival: { rate: rate / parts },
          serviceTime: { kind: 'exponential' as const, mean: meanSeconds },
        }));
  const policies: ScenarioInput['policies'] = { shared: { kind: 'shared', slots: sharedSlots, queue: queueTotal } };
  if (parts > 1) {
    const slotShares = splitEvenly(slots, parts);
    const queueShares = unbounded ? slotShares.map(() => UNBOUNDED_QUEUE) : splitEvenly(queueTotal, parts);
    policies['partitioned'] = {
      kind: 'partitioned',
      pools: slotShares.map((share, index) => ({ id: `pool-${index + 1}`, services: [`stream-${index + 1}`], slots: share, queue: queueShares[index] ?? 0 })),
    };
    const even = new Set(slotShares).size === 1 && new Set(queueShares).size === 1;
    notes.push(
      `The traffic is split into ${parts} equal streams of ${count(rate / parts)} calls/s. The shared panel serves them all from one pool of ${count(sharedSlots)} slots; the partitioned panel gives each stream its own pool of ${even ? count(slotShares[0] ?? 0) : `${count(slotShares.at(-1) ?? 0)} to ${count(slotShares[0] ?? 0)}`} slots${unbounded || queueTotal === 0 ? '' : ` and ${even ? count(queueShares[0] ?? 0) : `${count(queueShares.at(-1) ?? 0)} to ${count(queueShares[0] ?? 0)}`} queue places`}${sharedSlots === slots ? '' : ` (${count(slots)} slots in all)`}.`,
    );
  } else {
    notes.push('With one partition there is one pool to show; choose more partitions to compare a shared pool with split ones.');
  }
  notes.push(`Callers never time out or retry, as the formulas assume. The run lasts ${count(duration)} s; the first ${count(warmup)} s are left out of the figures.`);
  return {
    input: {
      name: 'Calculator pool',
      description: 'A pool from a calculator link, simulated with random arrivals and service times.',
      duration,
      warmup,
      sampleInterval,
      services,
      policies,
    },
    notes,
  };
}

function poolOf(policy: Policy, poolId: string): { slots: number; queue: number | null } | null {
  switch (policy.kind) {
    case 'shared':
    case 'per-tenant':
      return poolId === 'shared' ? { slots: policy.slots, queue: policy.queue } : null;
    case 'partitioned': {
      const pool = policy.pools.find((p) => p.id === poolId);
      return pool ? { slots: pool.slots, queue: pool.queue } : null;
    }
    case 'semaphore': {
      const pool = policy.pools.find((p) => p.id === poolId);
      return pool ? { slots: pool.permits, queue: null } : null;
    }
  }
}

/** Whether a pool of a policy changes size during the run: a scheduled resize of its slots before the end, or an autoscaler. */
export function poolResizes(scenario: Scenario, policy: Policy, poolId: string): boolean {
  if (policy.kind === 'shared' && policy.autoscale) return true;
  if (policy.kind === 'partitioned' && policy.pools.some((pool) => pool.id === poolId && pool.autoscale)) return true;
  return (scenario.schedule ?? []).some((entry) => entry.pool === poolId && entry.slots !== undefined && entry.at < scenario.duration);
}

function setPool(policy: Policy, poolId: string, field: 'slots' | 'queue', value: number): void {
  if (policy.kind === 'shared' || policy.kind === 'per-tenant') {
    policy[field] = value;
  } else if (policy.kind === 'partitioned') {
    const pool = policy.pools.find((p) => p.id === poolId);
    if (pool) pool[field] = value;
  } else {
    const pool = policy.pools.find((p) => p.id === poolId);
    if (pool && field === 'slots') pool.permits = value;
  }
}

/** Applies the overrides that fit the scenario to a copy of it; the others come back as problems. */
export function applyOverrides(base: Scenario, overrides: readonly Override[]): { scenario: Scenario; used: Override[]; problems: LinkProblem[] } {
  const scenario = structuredClone(base);
  const used: Override[] = [];
  const problems: LinkProblem[] = [];
  for (const override of overrides) {
    if (override.kind === 'rate' || override.kind === 'timeout' || override.kind === 'wait') {
      const service = scenario.services.find((s) => s.id === override.service);
      if (!service) {
        problems.push({ subject: { kind: 'service', service: override.service, setting: override.kind }, rule: 'left out' });
        continue;
      }
      if (override.kind === 'rate') service.arrival.rate = override.value;
      else {
        const field = override.kind === 'timeout' ? 'timeout' : 'maxQueueWait';
        if (override.value === null) delete service.client[field];
        else service.client[field] = override.value;
      }
      used.push(override);
      continue;
    }
    const policy = Object.hasOwn(scenario.policies, override.policy) ? scenario.policies[override.policy] : undefined;
    const pool = policy ? poolOf(policy, override.pool) : null;
    if (!policy || !pool) {
      problems.push({ subject: { kind: 'pool', policy: override.policy, pool: override.pool, setting: override.kind }, rule: 'left out' });
    } else if (override.kind === 'queue' && pool.queue === null) {
      problems.push(fieldProblem(policyLabel(override.policy, policy, scenario.policies), 'semaphores have no queue, so a queue size for them was left out'));
    } else {
      setPool(policy, override.pool, override.kind, override.value);
      used.push(override);
    }
  }
  return { scenario, used, problems };
}

/** The preset (or calculator pool) a state starts from, before any override. */
function baseScenario(state: SimulatorState): { base: Scenario; source: ScenarioSource; notes: string[]; problems: LinkProblem[] } {
  const source = state.source;
  const fallback: ScenarioSource = { kind: 'preset', preset: DEFAULT_PRESET };
  if (source.kind === 'queueing') {
    const unusable = derivedProblems(source);
    if (unusable.length > 0) return { base: presets[DEFAULT_PRESET], source: fallback, notes: [], problems: unusable };
    const { input, notes } = queueingScenario(source);
    const parsed = parseScenario(input);
    if (parsed.ok) return { base: parsed.value, source, notes, problems: [] };
    return { base: presets[DEFAULT_PRESET], source: fallback, notes: [], problems: [{ subject: { kind: 'link' }, rule: 'its calculator’s pool cannot be simulated, so the default scenario opened' }] };
  }
  if (source.kind === 'custom') {
    const parsed = parseScenario(source.scenario);
    if (parsed.ok) return { base: parsed.value, source, notes: [], problems: [] };
    const shown = parsed.errors.slice(0, 3).join('; ');
    const more = parsed.errors.length > 3 ? `; and ${parsed.errors.length - 3} more` : '';
    return {
      base: presets[DEFAULT_PRESET],
      source: fallback,
      notes: [],
      problems: [{ subject: { kind: 'link' }, rule: `its scenario is not valid (${shown}${more}), so the default scenario opened; the editor shows it to fix` }],
    };
  }
  if (isPresetName(source.preset)) return { base: presets[source.preset], source, notes: [], problems: [] };
  return { base: presets[DEFAULT_PRESET], source: fallback, notes: [], problems: [fieldProblem(FIELD_LABELS.preset, 'not one of the scenarios in the list')] };
}

/** Builds the scenario and run description for a state. Never throws for bad settings: they become problems. */
export function buildRun(state: SimulatorState): BuiltRun {
  const { base, source, notes, problems } = baseScenario(state);
  let used: readonly Override[] = [];
  let scenario = base;
  const applied = applyOverrides(base, state.overrides);
  problems.push(...applied.problems);
  const parsed = parseScenario(applied.scenario);
  if (parsed.ok) {
    scenario = parsed.value;
    used = applied.used;
  } else {
    // Say which rule the settings broke (the schema's own words, e.g. a timeout at or below a hedge delay).
    const shown = parsed.errors.slice(0, 2).join('; ');
    const more = parsed.errors.length > 2 ? `; and ${parsed.errors.length - 2} more` : '';
    problems.push({ subject: { kind: 'link' }, rule: `its settings together do not make a run the simulator can start, so it kept the scenario’s own settings: ${shown}${more}` });
  }

  const policyNames = Object.keys(scenario.policies);
  let shown = policyNames;
  let chosen: readonly string[] | null = null;
  if (state.policies !== null) {
    const known = state.policies.filter((name) => policyNames.includes(name));
    const unknown = state.policies.filter((name) => !policyNames.includes(name));
    if (unknown.length > 0) problems.push({ subject: { kind: 'panels' }, rule: `this scenario has no panel ${unknown.map((name) => `“${name}”`).join(', ')}` });
    if (known.length > 0) {
      shown = known;
      chosen = known;
    }
  }

  const serviceIds = scenario.services.map((s) => s.id);
  const events: TimedEvent[] = [];
  for (const event of state.events) {
    if (!serviceIds.includes(event.service)) problems.push(fieldProblem(FIELD_LABELS.fault, `the fault at ${event.at} s is for a dependency this scenario does not have`));
    else if (event.at > scenario.duration) problems.push(fieldProblem(FIELD_LABELS.fault, `the fault at ${event.at} s comes after the run ends at ${scenario.duration} s`));
    else events.push(event);
  }

  const labels = new Map(scenario.services.map((s) => [s.id, s.label ?? s.id] as const));
  const names = { serviceLabel: (id: string) => labels.get(id) ?? id };
  const marks = serviceMarks(scenario.services.map((s) => s.label ?? s.id));
  const services: ServiceSetup[] = scenario.services.map((service, index) => {
    const original = base.services.find((s) => s.id === service.id) ?? service;
    return {
      id: service.id,
      label: service.label ?? service.id,
      mark: marks[index] ?? String(index + 1),
      colour: index % COLOURS,
      arrivalRate: service.arrival.rate,
      baseArrivalRate: original.arrival.rate,
      timeout: service.client.timeout ?? null,
      baseTimeout: original.client.timeout ?? null,
      wait: service.client.maxQueueWait ?? null,
      baseWait: original.client.maxQueueWait ?? null,
      faults: service.degradations.map((d) => ({
        kind: d.kind,
        at: d.at,
        until: d.until ?? null,
        factor: d.kind === 'slow' ? d.factor : null,
        fraction: d.kind === 'fail' ? d.fraction : null,
      })),
    };
  });
  const panels: PanelSetup[] = shown.map((name) => {
    const policy = scenario.policies[name] as Policy;
    const originalPolicy = Object.hasOwn(base.policies, name) ? base.policies[name] : undefined;
    return {
      policy: name,
      label: policyLabel(name, policy, scenario.policies),
      description: policyDescription(policy, names),
      kind: policy.kind,
      pools: poolsOf(policy, serviceIds).map((pool) => {
        const original = (originalPolicy && poolOf(originalPolicy, pool.id)) ?? { slots: pool.slots, queue: pool.queue };
        return {
          id: pool.id,
          label: poolLabel(pool.services, policy.kind, names),
          services: pool.services,
          kind: policy.kind === 'semaphore' ? 'semaphore' : 'pool',
          slots: pool.slots,
          queue: pool.queue,
          baseSlots: original.slots,
          baseQueue: original.queue ?? 0,
          resizes: poolResizes(scenario, policy, pool.id),
        };
      }),
      theory: poolTheory(scenario, policy),
    };
  });

  const cleaned: SimulatorState = { ...state, source, policies: chosen, overrides: used, events: sortEvents(events) };
  return {
    scenario,
    setup: {
      state: cleaned,
      title: scenario.name,
      description: scenario.description ?? null,
      duration: scenario.duration,
      warmup: scenario.warmup,
      sampleInterval: scenario.sampleInterval,
      services,
      tenants: scenario.tenants.map((t) => ({ id: t.id, label: t.label ?? t.id })),
      panels,
      dependencies: (scenario.dependencies ?? []).map((d) => ({ id: d.id, capacity: d.capacity, services: scenario.services.filter((s) => s.dependency === d.id).map((s) => s.id) })),
      policies: policyNames.map((name) => ({ name, label: policyLabel(name, scenario.policies[name] as Policy, scenario.policies) })),
      problems,
      notes,
      scenario,
    },
  };
}
