/**
 * Randomised invariant test of the pool engine: a seeded generator builds schema-valid scenarios
 * that combine the simulator's features (hedging, shedding on queue delay, breakers that count or
 * ignore refusals, dependencies with a capacity and a bounded queue, retries with budgets,
 * timeouts that keep the slot with and without deadline propagation, LIFO and priority queues,
 * service and tenant caps, AIMD limits, scheduled resizes, autoscaling, closed-loop clients and
 * load curves), runs each under every policy step by step, and checks the engine's bookkeeping
 * every few steps and at the end (the generator is in fuzz-generator.ts). Each scenario also runs
 * unwatched, watched by time and driven by the page's controls. The features were written
 * separately; this looks for the places where they meet. A failure names the scenario index and
 * seed: `FUZZ_ONLY=<index>` reruns just that one, and `FUZZ_PRINT=1` prints its JSON.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, parseScenario, Rng, type ScenarioInput, type SimulationSnapshot } from '../../../src/sim/index';
import { Gen, scenario } from './fuzz-generator';

type ServiceInput = ScenarioInput['services'][number];
type PolicyInput = ScenarioInput['policies'][string];

/** FUZZ_COUNT and FUZZ_SEED explore further (a longer search than the suite can afford). */
const SCENARIOS = Number(process.env.FUZZ_COUNT ?? 120);
const GENERATOR_SEED = Number(process.env.FUZZ_SEED ?? 20261207);
/** Invariants are checked after every CHECK_EVERY events, and at the end. */
const CHECK_EVERY = Number(process.env.FUZZ_EVERY ?? 40);
/** A run that takes more events than this is taken not to terminate. */
const MAX_STEPS = 400_000;

// ---------------------------------------------------------------- invariants

/** Every number in the snapshot is finite (JSON.stringify would hide NaN and Infinity as null). */
function nonFinite(snapshot: SimulationSnapshot): string[] {
  const found: string[] = [];
  JSON.stringify(snapshot, function (key, value: unknown) {
    if (typeof value === 'number' && !Number.isFinite(value)) found.push(`${key} = ${value}`);
    return value;
  });
  return found;
}

interface Meta {
  readonly scenario: ScenarioInput;
  readonly policy: string;
}

/** The invariants that hold between any two events. Returns the violations, described. */
function violations(snap: SimulationSnapshot, meta: Meta, previousTime: number): string[] {
  const bad: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) bad.push(message);
  };
  const { scenario } = meta;
  const fromStart = (scenario.warmup ?? 0) === 0;
  check(snap.time >= previousTime && snap.time <= snap.duration, `time ${snap.time} after ${previousTime}, duration ${snap.duration}`);
  for (const text of nonFinite(snap)) bad.push(`non-finite number: ${text}`);
  const resized = (poolId: string) => (scenario.schedule ?? []).some((e) => e.pool === poolId);
  const policy = scenario.policies[meta.policy] as PolicyInput;
  /** The pool options (shared policy or partitioned pool) a service's calls go through. */
  const poolOf = (id: string): { shedOnQueueDelay?: { target: number; interval?: number | undefined } | undefined } | undefined =>
    policy.kind === 'shared' ? policy : policy.kind === 'partitioned' ? policy.pools.find((p) => p.services.includes(id)) : undefined;

  for (const s of snap.services) {
    const spec = scenario.services.find((x) => x.id === s.id) as ServiceInput;
    const c = s.counts;
    const shedding = poolOf(s.id)?.shedOnQueueDelay;
    for (const [key, value] of Object.entries(c)) check(value >= 0, `${s.id}: counts.${key} = ${value} < 0`);
    check(s.running >= 0 && s.queued >= 0, `${s.id}: running ${s.running}, queued ${s.queued}`);
    if (fromStart) check(c.hedgesWon <= c.hedges, `${s.id}: hedgesWon ${c.hedgesWon} > hedges ${c.hedges}`);
    // Each answered group cancels at most its other copies (counts restart at the warmup's end).
    if (fromStart) check(c.cancelled <= c.hedges, `${s.id}: cancelled ${c.cancelled} > hedges ${c.hedges}`);
    check(c.timedOutInQueue + c.timedOutHoldingSlot <= c.timedOut, `${s.id}: timedOutInQueue + timedOutHoldingSlot > timedOut`);
    if (fromStart) check(c.orphansServed + c.droppedPastDeadline <= c.timedOutInQueue, `${s.id}: orphansServed ${c.orphansServed} + dropped ${c.droppedPastDeadline} > timedOutInQueue ${c.timedOutInQueue}`);
    check(c.retriesOverBudget === 0 || spec.client?.retries?.budget !== undefined, `${s.id}: retriesOverBudget without a budget`);
    check(c.shortCircuited === 0 || spec.client?.circuitBreaker !== undefined, `${s.id}: short-circuited without a breaker`);
    // A feature that is off leaves its counters at zero.
    const cl = spec.client ?? {};
    check(cl.hedge !== undefined || c.hedges + c.hedgesWon + c.hedgesRefused + c.cancelled === 0, `${s.id}: hedge counts without hedging`);
    check(cl.retries !== undefined || c.retries === 0, `${s.id}: ${c.retries} retries without retries`);
    check(cl.timeoutFreesSlot === false || c.orphansServed + c.droppedPastDeadline === 0, `${s.id}: orphans though timeouts free the slot`);
    check(shedding !== undefined || c.shed === 0, `${s.id}: ${c.shed} shed without shedOnQueueDelay`);
    const failing = (spec.degradations ?? []).some((d) => d.kind === 'fail') || (scenario.dependencies ?? []).some((d) => d.id === spec.dependency && d.queue !== undefined);
    check(failing || c.failed === 0, `${s.id}: ${c.failed} failed with no fail degradation and no bounded dependency`);
    if (fromStart && s.breaker) check(c.shortCircuited === 0 || s.breaker.timesOpened > 0, `${s.id}: short-circuited by a breaker that never opened`);
    // Only a caller's timeout or max queue wait times an attempt out.
    check(c.timedOut === 0 || spec.client?.timeout !== undefined || spec.client?.maxQueueWait !== undefined, `${s.id}: ${c.timedOut} timed out with neither timeout nor maxQueueWait`);
    check(c.timedOutInQueue - c.timedOutHoldingSlot <= c.timedOut, `${s.id}: timedOut counts`);
    check(c.timedOutHoldingSlot === 0 || spec.client?.timeoutFreesSlot === false, `${s.id}: held a slot past its timeout though timeouts free the slot`);
    check(c.timedOut === c.timedOutInQueue || spec.client?.timeout !== undefined, `${s.id}: timed out in a slot with no timeout`);
    // No attempt takes a slot after its caller's timeout or its max queue wait (an orphan served
    // for nobody is not counted in queueWait), nor after the pool's shedding limit.
    const longestWait = Math.min(spec.client?.maxQueueWait ?? Infinity, spec.client?.timeout ?? Infinity, shedding ? (shedding.interval ?? shedding.target) : Infinity);
    check((s.queueWait.max ?? 0) <= longestWait + 1e-9, `${s.id}: waited ${s.queueWait.max} s for a slot, longer than ${longestWait} s`);
    // A completed attempt answered within its timeout (a hedge copy's from when it was sent).
    const hedge = spec.client?.hedge;
    const longestLatency = (spec.client?.timeout ?? Infinity) + (hedge ? (hedge.max ?? 1) * hedge.delay : 0);
    check((s.latency.max ?? 0) <= longestLatency * (1 + 1e-9), `${s.id}: latency ${s.latency.max} s beyond ${longestLatency} s`);
    if (s.clients) {
      check(s.clients.thinking >= 0 && s.clients.thinking <= s.clients.total, `${s.id}: thinking ${s.clients.thinking} of ${s.clients.total} clients`);
    }
    if (fromStart) {
      // Every attempt offered was short-circuited, rejected or admitted.
      check(c.offered === c.admitted + c.rejected + c.shortCircuited, `${s.id}: offered ${c.offered} ≠ admitted ${c.admitted} + rejected ${c.rejected} + shortCircuited ${c.shortCircuited}`);
      check(c.offered === s.calls.started + c.retries + c.hedges, `${s.id}: offered ${c.offered} ≠ calls ${s.calls.started} + retries ${c.retries} + hedges ${c.hedges}`);
      // Every admitted attempt has one outcome or is still in the pool. A timeout that keeps the
      // slot counts the attempt as timed out while it still runs (or waits, orphaned): at most
      // timedOutHoldingSlot + timedOutInQueue attempts are counted twice.
      const outcomes = c.completed + c.failed + c.timedOut + c.cancelled + c.shed + s.running + s.queued;
      const twice = outcomes - c.admitted;
      if (spec.client?.timeoutFreesSlot === false) {
        check(twice >= 0 && twice <= c.timedOutHoldingSlot + c.timedOutInQueue, `${s.id}: admitted ${c.admitted} vs outcomes ${outcomes} (holding ${c.timedOutHoldingSlot}, in queue ${c.timedOutInQueue})`);
      } else {
        check(twice === 0, `${s.id}: admitted ${c.admitted} ≠ completed ${c.completed} + failed ${c.failed} + timedOut ${c.timedOut} + cancelled ${c.cancelled} + shed ${c.shed} + running ${s.running} + queued ${s.queued}`);
      }
      if (spec.client?.timeoutFreesSlot === false && (spec.client.maxQueueWait ?? Infinity) >= (spec.client.timeout ?? Infinity)) {
        // Every queue timeout made an orphan, which is still queued, or was served or dropped.
        const orphansLeft = c.timedOutInQueue - c.orphansServed - c.droppedPastDeadline;
        check(orphansLeft >= 0 && orphansLeft <= s.queued, `${s.id}: ${orphansLeft} orphans unaccounted for (queued ${s.queued})`);
      }
      const finished = s.calls.succeeded + s.calls.gaveUp;
      check(finished <= s.calls.started, `${s.id}: calls finished ${finished} > started ${s.calls.started}`);
      if (s.clients) check(s.calls.started - finished === s.clients.total - s.clients.thinking, `${s.id}: calls in flight ${s.calls.started - finished} ≠ clients not thinking ${s.clients.total - s.clients.thinking}`);
      check(s.latency.count === c.completed, `${s.id}: latency count ${s.latency.count} ≠ completed ${c.completed}`);
      check(c.retries <= (spec.client?.retries?.count ?? 0) * s.calls.started, `${s.id}: retries ${c.retries} > count × calls`);
    }
  }

  for (const p of snap.pools) {
    const occupied = p.occupancy.filter((slot) => slot !== null);
    check(occupied.length === p.busy, `${p.id}: busy ${p.busy} ≠ occupied slots ${occupied.length}`);
    p.occupancy.forEach((slot, i) => check(slot === null || slot.draining === i >= p.slots, `${p.id}: slot ${i} draining flag wrong (slots ${p.slots})`));
    const shrinks = resized(p.id) || p.autoscale !== null;
    check(p.busy <= p.slots || shrinks, `${p.id}: busy ${p.busy} > slots ${p.slots} though the pool never shrank`);
    check(p.limit <= p.slots && p.limit >= 1, `${p.id}: limit ${p.limit} outside 1..slots ${p.slots}`);
    check(p.queued <= p.queueCapacity || resized(p.id), `${p.id}: queued ${p.queued} > queue capacity ${p.queueCapacity}`);
    check(p.queue.length === Math.min(p.queued, 200), `${p.id}: queue list ${p.queue.length} ≠ queued ${p.queued}`);
    // Work-conserving: a call waits only while the pool is at its limit.
    check(p.queued === 0 || p.busy >= p.limit, `${p.id}: ${p.queued} queued while busy ${p.busy} < limit ${p.limit}`);
    let running = 0;
    let queued = 0;
    for (const id of p.services) {
      const s = snap.services.find((x) => x.id === id);
      running += s?.running ?? 0;
      queued += s?.queued ?? 0;
      check(p.busyByService[id] === s?.running, `${p.id}: busyByService.${id} ${p.busyByService[id]} ≠ running ${s?.running}`);
      check(p.queuedByService[id] === s?.queued, `${p.id}: queuedByService.${id} ${p.queuedByService[id]} ≠ queued ${s?.queued}`);
    }
    check(running === p.busy && queued === p.queued, `${p.id}: services' running ${running} / queued ${queued} ≠ busy ${p.busy} / queued ${p.queued}`);
    for (const cap of p.serviceLimits) {
      const admitted = (p.busyByService[cap.service] ?? 0) + (p.queuedByService[cap.service] ?? 0);
      check(cap.admitted === admitted, `${p.id}: serviceLimits ${cap.service} admitted ${cap.admitted} ≠ running + queued ${admitted}`);
      const fixed = cap.adaptive === null;
      check(!fixed || cap.admitted <= cap.limit, `${p.id}: ${cap.service} admitted ${cap.admitted} > fixed cap ${cap.limit}`);
    }
    if (p.kind === 'semaphore') check(p.queued === 0, `${p.id}: a semaphore queued ${p.queued}`);
    if (!shrinks) check((p.meanBusy ?? 0) <= p.slots + 1e-9, `${p.id}: mean busy ${p.meanBusy} > slots ${p.slots}`);
    for (const cap of p.serviceLimits) check(cap.limit >= 1, `${p.id}: ${cap.service} cap ${cap.limit} < 1`);
  }
  if (fromStart) {
    for (const t of snap.tenants) {
      check(t.offered === t.admitted + t.rejected + t.shortCircuited, `tenant ${t.id}: offered ${t.offered} ≠ admitted ${t.admitted} + rejected ${t.rejected} + shortCircuited ${t.shortCircuited}`);
    }
    for (const s of snap.services) {
      check(s.queueWait.waited <= s.counts.admitted && s.queueWait.started <= s.counts.admitted, `${s.id}: waited ${s.queueWait.waited} or started ${s.queueWait.started} > admitted ${s.counts.admitted}`);
    }
  }
  for (const t of snap.tenants) check(t.successRate === null || (t.successRate >= 0 && t.successRate <= 1), `tenant ${t.id}: success rate ${t.successRate}`);
  for (const s of snap.services) {
    check(s.successRate === null || (s.successRate >= 0 && s.successRate <= 1), `${s.id}: success rate ${s.successRate}`);
    check((s.queueWait.probabilityOfWaiting ?? 0) <= 1, `${s.id}: probability of waiting ${s.queueWait.probabilityOfWaiting}`);
    check((s.latency.p50 ?? 0) >= 0 && (s.latency.p50 ?? 0) <= (s.latency.p99 ?? 0) + 1e-12 && (s.latency.p99 ?? 0) <= (s.latency.max ?? 0) * (1 + 0.02), `${s.id}: latency percentiles out of order`);
  }

  for (const d of snap.dependencies) {
    check(d.busy >= 0 && d.busy <= d.capacity, `${d.id}: busy ${d.busy} outside 0..${d.capacity}`);
    check(d.waiting >= 0 && (d.queueCapacity === null || d.waiting <= d.queueCapacity), `${d.id}: waiting ${d.waiting} outside 0..${d.queueCapacity}`);
    // A call waiting at the dependency holds its caller's slot.
    const holders = snap.services.filter((s) => d.services.includes(s.id)).reduce((sum, s) => sum + s.running, 0);
    check(d.waiting <= holders, `${d.id}: waiting ${d.waiting} > slots held by its callers ${holders}`);
    if (fromStart) {
      // A refused call fails through its completion event at the same instant (still running
      // until then), unless a hedge copy answered first and it was cancelled.
      const callers = snap.services.filter((s) => d.services.includes(s.id));
      const failed = callers.reduce((sum, s) => sum + s.counts.failed + s.counts.cancelled + s.running, 0);
      check(d.refused <= failed, `${d.id}: refused ${d.refused} > failed + cancelled + running ${failed} of its callers`);
    }
    check(d.queueCapacity !== null || d.refused === 0, `${d.id}: refused ${d.refused} with no queue limit`);
    check((d.utilisation ?? 0) <= 1 + 1e-9 && (d.probabilityOfWaiting ?? 0) <= 1, `${d.id}: utilisation ${d.utilisation}, probability of waiting ${d.probabilityOfWaiting}`);
    check(d.waiting === 0 || d.busy === d.capacity, `${d.id}: ${d.waiting} waiting while busy ${d.busy} < capacity ${d.capacity}`);
  }
  return bad;
}

/** How often each feature actually acted, summed over the runs (so the test knows it exercised them). */
const exercised: Record<string, number> = {};
function tally(snap: SimulationSnapshot): void {
  const add = (key: string, n: number) => (exercised[key] = (exercised[key] ?? 0) + n);
  for (const s of snap.services) {
    const c = s.counts;
    add('hedges', c.hedges);
    add('hedgesWon', c.hedgesWon);
    add('cancelled', c.cancelled);
    add('hedgesRefused', c.hedgesRefused);
    add('shed', c.shed);
    add('orphansServed', c.orphansServed);
    add('droppedPastDeadline', c.droppedPastDeadline);
    add('timedOutHoldingSlot', c.timedOutHoldingSlot);
    add('timedOutInQueue', c.timedOutInQueue);
    add('retries', c.retries);
    add('retriesOverBudget', c.retriesOverBudget);
    add('shortCircuited', c.shortCircuited);
    add('rejected', c.rejected);
    add('failed', c.failed);
    add('breakerOpened', s.breaker?.timesOpened ?? 0);
  }
  for (const d of snap.dependencies) {
    add('dependencyRefused', d.refused);
    add('dependencyWaited', Math.round((d.probabilityOfWaiting ?? 0) * d.started));
  }
  for (const p of snap.pools) add('autoscaled', Math.max(0, (p.autoscale?.history.length ?? 1) - 1));
}

/** The time series agree with the same bounds, sample by sample. */
function seriesViolations(snap: SimulationSnapshot, scenario: ScenarioInput): string[] {
  const bad: string[] = [];
  const { series } = snap;
  for (let i = 1; i < series.time.length; i++) {
    if (!((series.time[i] as number) > (series.time[i - 1] as number))) bad.push(`sample times not increasing at ${i}`);
  }
  for (const p of series.pools) {
    const pool = snap.pools.find((x) => x.id === p.id);
    const shrinks = (scenario.schedule ?? []).some((e) => e.pool === p.id) || pool?.autoscale !== null;
    p.busy.forEach((busy, i) => {
      const slots = p.slots[i] as number;
      if (busy < 0 || (!shrinks && busy > slots)) bad.push(`${p.id}: busy ${busy} of ${slots} slots at ${series.time[i]}`);
      if ((p.queued[i] as number) < 0 || (p.limit[i] as number) > slots) bad.push(`${p.id}: queued ${p.queued[i]}, limit ${p.limit[i]} at ${series.time[i]}`);
      if (!shrinks && (p.meanBusy[i] as number) > slots + 1e-9) bad.push(`${p.id}: mean busy ${p.meanBusy[i]} > ${slots} at ${series.time[i]}`);
    });
  }
  for (const s of series.services) {
    s.successRate.forEach((rate, i) => {
      if (rate !== null && !(rate >= 0 && rate <= 1)) bad.push(`${s.id}: success rate ${rate} at ${series.time[i]}`);
    });
    s.meanLatency.forEach((latency, i) => {
      if (latency !== null && !(latency >= 0)) bad.push(`${s.id}: mean latency ${latency} at ${series.time[i]}`);
    });
  }
  for (const d of series.dependencies) {
    const capacity = snap.dependencies.find((x) => x.id === d.id)?.capacity ?? 0;
    d.busy.forEach((busy, i) => {
      if (busy < 0 || busy > capacity || (d.meanBusy[i] as number) > capacity + 1e-9 || (d.waiting[i] as number) < 0) bad.push(`${d.id}: busy ${busy}, mean ${d.meanBusy[i]}, waiting ${d.waiting[i]} at ${series.time[i]}`);
    });
  }
  return bad;
}

/** The breaker's private state, read for the check below (the snapshot shows only its state name). */
interface BreakerInternals {
  readonly stateCode: number;
  readonly probesIssued: number;
}

/**
 * A half-open breaker with no call of its service in flight has probes left to issue: every probe
 * it let through has reported (or handed its turn back), or the breaker would refuse every call
 * from then on, for good.
 */
function breakerLeaks(sim: ReturnType<typeof createSimulation>, snap: SimulationSnapshot, scenario: ScenarioInput): string[] {
  if ((scenario.warmup ?? 0) > 0) return [];
  const internals = (sim as unknown as { services: readonly { breaker: BreakerInternals | null }[] }).services;
  const bad: string[] = [];
  snap.services.forEach((s, i) => {
    const breaker = internals[i]?.breaker;
    const spec = scenario.services[i]?.client?.circuitBreaker;
    if (!breaker || !spec || breaker.stateCode !== 2) return;
    const inFlight = s.calls.started - s.calls.succeeded - s.calls.gaveUp;
    if (inFlight === 0 && breaker.probesIssued >= (spec.halfOpenProbes ?? 1)) bad.push(`${s.id}: half-open with all ${breaker.probesIssued} probes out but no call in flight`);
  });
  return bad;
}

interface RunResult {
  readonly json: string;
  readonly steps: number;
  readonly problems: readonly string[];
}

function runChecked(scenario: ScenarioInput, policy: string, seed: number): RunResult {
  const sim = createSimulation({ scenario, policy, seed });
  const meta = { scenario, policy };
  const problems: string[] = [];
  let steps = 0;
  let previousTime = 0;
  while (sim.step()) {
    steps++;
    if (steps > MAX_STEPS) {
      problems.push(`did not end within ${MAX_STEPS} events (time ${sim.now})`);
      break;
    }
    if (steps % CHECK_EVERY !== 0) continue;
    const snap = sim.snapshot({ seriesLimit: 0 });
    const found = [...violations(snap, meta, previousTime), ...breakerLeaks(sim, snap, scenario)];
    previousTime = snap.time;
    if (found.length > 0) {
      problems.push(...found.map((f) => `t=${snap.time.toFixed(4)} step ${steps}: ${f}`));
      break;
    }
  }
  const end = sim.snapshot();
  if (problems.length === 0) {
    problems.push(...violations(end, meta, previousTime).map((f) => `end: ${f}`));
    problems.push(...seriesViolations(end, scenario).map((f) => `series: ${f}`));
    if (!end.done) problems.push(`run stopped at ${end.time} before its duration ${end.duration}`);
  }
  tally(end);
  return { json: JSON.stringify(end), steps, problems };
}

/**
 * A run driven as the simulator page drives it: by time, with the page's controls used now and
 * then (break a service, recover it, change a rate, resize a pool or its queue), checked after
 * every move. The invariants read a copy of the scenario that records the moves (a resize as a
 * schedule entry, a failure as a fail degradation), so the bounds that depend on them relax.
 */
function runInteractive(input: ScenarioInput, policy: string, seed: number): string[] {
  const g = new Gen(new Rng(seed ^ 0x5eed));
  const sim = createSimulation({ scenario: input, policy, seed });
  const meta = { scenario: structuredClone(input), policy };
  const schedule = (meta.scenario.schedule ??= []);
  const problems: string[] = [];
  let previousTime = 0;
  for (let t = 0.5; t < sim.duration && problems.length === 0; t += 0.5) {
    sim.runUntil(t);
    if (g.chance(0.15)) {
      const snap = sim.snapshot({ seriesLimit: 0 });
      const service = g.pick(snap.services).id;
      const pool = g.pick(snap.pools);
      const spec = meta.scenario.services.find((x) => x.id === service) as ServiceInput;
      switch (g.int(0, 5)) {
        case 0:
          sim.degrade(service, { kind: 'hang', duration: g.num(0.5, 5) });
          break;
        case 1:
          sim.degrade(service, { kind: 'fail', fraction: g.num(0.1, 1) });
          (spec.degradations ??= []).push({ kind: 'fail', at: 0, fraction: 1 });
          break;
        case 2:
          sim.degrade(service, { kind: 'slow', factor: g.num(2, 10), duration: g.num(1, 5) });
          break;
        case 3:
          sim.recover(service);
          break;
        case 4:
          sim.setArrivalRate(service, g.chance(0.2) ? 0 : g.num(0.5, 20));
          break;
        default:
          sim.setPoolSize(pool.id, g.int(1, 12));
          if (pool.kind === 'pool') sim.setQueueCapacity(pool.id, g.int(0, 10));
          schedule.push({ at: t, pool: pool.id, slots: 1 });
      }
    }
    const snap = sim.snapshot({ seriesLimit: 0 });
    const found = [...violations(snap, meta, previousTime), ...breakerLeaks(sim, snap, meta.scenario)];
    previousTime = snap.time;
    problems.push(...found.map((f) => `t=${snap.time.toFixed(2)} (interactive): ${f}`));
  }
  return problems;
}

/** Null when two snapshots are equal, else the first path where they differ. */
function difference(a: unknown, b: unknown, path: string): string | null {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b ? null : `${path}: ${String(a)} ≠ ${String(b)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const found = difference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

// ---------------------------------------------------------------- the test

describe('fuzzed feature combinations keep the engine invariants', () => {
  it(`${SCENARIOS} random scenarios under every policy: accounting, occupancy, queues, dependencies, finite numbers, termination, determinism`, () => {
    const g = new Gen(new Rng(GENERATOR_SEED));
    const only = process.env.FUZZ_ONLY === undefined ? null : Number(process.env.FUZZ_ONLY);
    const failures: string[] = [];
    let refused = 0;
    let valid = 0;
    let runs = 0;
    let attempts = 0;
    while (valid < SCENARIOS && attempts < SCENARIOS * 3) {
      const index = attempts++;
      const input = scenario(g, index);
      const seed = g.int(0, 1e6);
      const parsed = parseScenario(input);
      if (!parsed.ok) {
        refused++;
        continue;
      }
      valid++;
      if (only !== null && only !== index) continue;
      if (process.env.FUZZ_PRINT) console.log(JSON.stringify(input));
      for (const policy of Object.keys(input.policies)) {
        const first = runChecked(input, policy, seed);
        runs++;
        for (const problem of first.problems) failures.push(`scenario ${index} (seed ${seed}) policy ${policy}: ${problem}`);
        if (first.problems.length > 0) continue;
        // Determinism: the same scenario, policy and seed give the same run, whether or not it
        // was watched: snapshots along the way must not change it.
        const unwatched = JSON.stringify(createSimulation({ scenario: input, policy, seed }).run());
        // The simulator page advances by time, not by event, and snapshots in between; that must
        // not change the run either, not even in the last bits of an integral.
        const paced = createSimulation({ scenario: input, policy, seed });
        for (let t = 0.37; t < paced.duration; t += 0.37) {
          paced.runUntil(t);
          paced.snapshot({ seriesLimit: 0 });
        }
        const pacedJson = JSON.stringify(paced.run());
        for (const problem of runInteractive(input, policy, seed)) failures.push(`scenario ${index} (seed ${seed}) policy ${policy}: ${problem}`);
        if (pacedJson !== unwatched) failures.push(`scenario ${index} (seed ${seed}) policy ${policy}: a run watched every 0.37 s differs: ${difference(JSON.parse(unwatched), JSON.parse(pacedJson), '')}`);
        if (unwatched !== first.json) failures.push(`scenario ${index} (seed ${seed}) policy ${policy}: a run without snapshots along the way differs: ${difference(JSON.parse(first.json), JSON.parse(unwatched), '')}`);
      }
    }
    if (process.env.FUZZ_PRINT) console.log(`valid ${valid}, refused ${refused}, runs ${runs}`, exercised);
    if (only === null) {
      // The generator must mostly produce valid input, or the test checks little.
      expect(valid).toBe(SCENARIOS);
      expect(refused).toBeGreaterThan(0);
      expect(refused).toBeLessThan(SCENARIOS / 4);
      expect(runs).toBeGreaterThan(SCENARIOS * 2);
      for (const [feature, count] of Object.entries(exercised)) expect(count, `${feature} never happened`).toBeGreaterThan(0);
    }
    expect(failures.slice(0, 20)).toEqual([]);
  }, 120_000);
});
