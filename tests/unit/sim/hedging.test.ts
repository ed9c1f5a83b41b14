/**
 * Hedged requests (`client.hedge`, src/sim/models/pool/hedging.ts): the engine's bookkeeping.
 * Cancelled copies free their slot or queue place, a refused copy is not sent, a try fails once
 * when every copy has failed (one retry, one breaker outcome), and attempts are conserved.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRun } from '../../../src/cli/simulate';
import { serviceReasons } from '../../../src/islands/simulator/predict-theory';
import { createSimulation, parseScenario, runScenario, type ScenarioInput, type SimulationSnapshot } from '../../../src/sim/index';

type Service = ScenarioInput['services'][number];

/** One service whose arrivals stop at 100 s, so every call has ended by the 200 s end. */
function scenario(service: Partial<Service>, policy: { slots: number; queue: number }, extra: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    name: 'hedging unit',
    duration: 200,
    sampleInterval: 10,
    services: [
      {
        id: 'calls',
        arrival: { rate: 1, step: { at: 100, rate: 0 } },
        serviceTime: { kind: 'deterministic', mean: 1 },
        ...service,
        client: { hedge: { delay: 0.5 }, ...service.client },
      },
    ],
    policies: { shared: { kind: 'shared', ...policy } },
    ...extra,
  };
}

const first = (run: SimulationSnapshot) => {
  const s = run.services[0];
  if (!s) throw new Error('no service');
  return s;
};

describe('hedged requests: cancelling the slower copy', () => {
  it('a running copy that loses frees its slot at once', () => {
    // Deterministic 1 s: every call is hedged at 0.5 s and the first copy always wins at 1 s, so
    // the copy holds its slot for 0.5 s: 1.5 slot-seconds per call, and every latency is 1 s.
    const run = runScenario({ scenario: scenario({}, { slots: 50, queue: 0 }), policy: 'shared', seed: 4 });
    const s = first(run);
    expect(s.calls.started).toBeGreaterThan(50);
    expect(s.counts.hedges).toBe(s.calls.started);
    expect(s.counts.hedgesWon).toBe(0);
    expect(s.counts.cancelled).toBe(s.calls.started);
    expect(s.calls.succeeded).toBe(s.calls.started);
    expect(s.latency.max).toBeCloseTo(1, 2);
    expect(run.pools[0]?.busyTime).toBeCloseTo(1.5 * s.calls.started, 6);
  });

  it('a queued copy that loses leaves the queue without ever taking a slot', () => {
    const run = runScenario({ scenario: scenario({ arrival: { rate: 0.3, step: { at: 100, rate: 0 } } }, { slots: 1, queue: 10 }), policy: 'shared', seed: 4 });
    const s = first(run);
    expect(s.counts.hedges).toBeGreaterThan(10);
    expect(s.counts.cancelled).toBe(s.counts.hedges);
    // Only first copies took the slot (FIFO puts each call's first copy ahead of its hedge).
    expect(s.queueWait.started).toBe(s.calls.started);
    expect(run.pools[0]?.busyTime).toBeCloseTo(s.calls.started, 6);
    expect(run.pools[0]?.queued).toBe(0);
  });

  it('a copy the pool has no room for is not sent', () => {
    const run = runScenario({ scenario: scenario({}, { slots: 1, queue: 0 }), policy: 'shared', seed: 4 });
    const s = first(run);
    expect(s.counts.hedges).toBe(0);
    // Each call that got the slot found it busy with its own first copy at 0.5 s.
    expect(s.counts.hedgesRefused).toBe(s.calls.succeeded);
    expect(s.counts.rejected + s.calls.succeeded).toBe(s.calls.started);
  });
});

describe('hedged requests: failures, retries and the breaker', () => {
  const failing = { degradations: [{ kind: 'fail' as const, at: 0, fraction: 1 }] };

  it('a try fails once, when its last copy fails: one retry per try', () => {
    const run = runScenario({
      scenario: scenario({ ...failing, client: { hedge: { delay: 0.5 }, retries: { count: 2, backoff: 0.01 } } }, { slots: 50, queue: 0 }),
      policy: 'shared',
      seed: 4,
    });
    const s = first(run);
    const calls = s.calls.gaveUp;
    expect(calls).toBe(s.calls.started);
    expect(s.counts.retries).toBe(2 * calls);
    expect(s.counts.hedges).toBe(3 * calls);
    expect(s.counts.failed).toBe(6 * calls);
    expect(s.counts.offered).toBe(6 * calls);
  });

  it('each copy has its own timeout; the try ends when the last copy times out', () => {
    const run = runScenario({ scenario: scenario({ client: { timeout: 0.8, hedge: { delay: 0.5 } } }, { slots: 50, queue: 0 }), policy: 'shared', seed: 4 });
    const s = first(run);
    expect(s.calls.gaveUp).toBe(s.calls.started);
    expect(s.counts.timedOut).toBe(2 * s.calls.started);
    expect(s.counts.cancelled).toBe(0);
  });

  it('the breaker hears one outcome per try, not one per copy', () => {
    // Window 4, all failing: the breaker opens after the 4th failed try, and stays open.
    const run = runScenario({
      scenario: scenario(
        {
          ...failing,
          arrival: { rate: 0.05, step: { at: 1000, rate: 0 } },
          client: { hedge: { delay: 0.5 }, circuitBreaker: { failureRateThreshold: 1, window: 4, openDuration: 10_000 } },
        },
        { slots: 50, queue: 0 },
        { duration: 1200 },
      ),
      policy: 'shared',
      seed: 4,
    });
    const s = first(run);
    expect(s.breaker?.timesOpened).toBe(1);
    expect(s.calls.started - s.counts.shortCircuited).toBe(4);
    expect(s.counts.hedges).toBe(4);
  });
});

describe('hedged requests: attempts are conserved', () => {
  it('through timeouts, retries, queue expiries, caps, LIFO, a dependency and degradations', () => {
    const busy: ScenarioInput = {
      name: 'hedging invariants',
      duration: 120,
      sampleInterval: 10,
      dependencies: [{ id: 'db', capacity: 3 }],
      services: [
        {
          id: 'a',
          arrival: { rate: 6 },
          serviceTime: { kind: 'lognormal', mean: 0.5, sigma: 1.2 },
          dependency: 'db',
          degradations: [
            { kind: 'hang', at: 30, until: 40 },
            { kind: 'fail', at: 60, until: 80, fraction: 0.3 },
          ],
          client: { timeout: 2, maxQueueWait: 1, hedge: { delay: 0.3, max: 3 }, retries: { count: 2, backoff: 0.05 } },
        },
        { id: 'b', arrival: { rate: 3 }, serviceTime: { kind: 'exponential', mean: 0.4 }, client: { hedge: { delay: 0.2, max: 2 } } },
      ],
      policies: {
        shared: { kind: 'shared', slots: 8, queue: 6, discipline: 'lifo', serviceLimits: [{ service: 'a', limit: 6 }] },
      },
    };
    const sim = createSimulation({ scenario: busy, policy: 'shared', seed: 9 });
    let steps = 0;
    let checked = 0;
    while (sim.step()) {
      if (++steps % 25 !== 0) continue;
      const snap = sim.snapshot({ seriesLimit: 0 });
      const pool = snap.pools[0];
      if (!pool) throw new Error('no pool');
      expect(pool.occupancy.filter((slot) => slot !== null)).toHaveLength(pool.busy);
      expect(pool.queue).toHaveLength(pool.queued);
      expect(snap.dependencies[0]?.waiting).toBeGreaterThanOrEqual(0);
      for (const s of snap.services) {
        const c = s.counts;
        expect(c.admitted).toBe(c.completed + c.failed + c.timedOut + c.cancelled + s.running + s.queued);
        expect(c.hedgesWon).toBeLessThanOrEqual(c.hedges);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    const end = sim.snapshot({ seriesLimit: 0 });
    const a = end.services[0];
    expect(a?.counts.hedges).toBeGreaterThan(0);
    expect(a?.counts.cancelled).toBeGreaterThan(0);
    expect(a?.counts.timedOut).toBeGreaterThan(0);
    expect(JSON.stringify(end)).not.toMatch(/NaN|Infinity/);
  });

  it('with shedding on queue delay and a breaker that ignores refusals: a shed copy never ends a try another copy still serves', () => {
    const shedding: ScenarioInput = {
      name: 'hedging meets shedding',
      duration: 120,
      sampleInterval: 10,
      services: [
        {
          id: 'a',
          arrival: { rate: 9 },
          serviceTime: { kind: 'lognormal', mean: 0.5, sigma: 1 },
          client: { timeout: 3, hedge: { delay: 0.4, max: 2 }, retries: { count: 1, backoff: 0.05 }, circuitBreaker: { failureRateThreshold: 0.9, window: 50, openDuration: 2, countRejections: false } },
        },
      ],
      policies: { shared: { kind: 'shared', slots: 6, queue: 20, shedOnQueueDelay: { target: 0.05, interval: 0.5 } } },
    };
    const sim = createSimulation({ scenario: shedding, policy: 'shared', seed: 5 });
    let steps = 0;
    while (sim.step()) {
      if (++steps % 50 !== 0) continue;
      const s = sim.snapshot({ seriesLimit: 0 }).services[0];
      if (!s) throw new Error('no service');
      expect(s.calls.succeeded + s.calls.gaveUp).toBeLessThanOrEqual(s.calls.started);
      expect(s.counts.admitted).toBe(s.counts.completed + s.counts.failed + s.counts.timedOut + s.counts.cancelled + s.counts.shed + s.running + s.queued);
    }
    const end = sim.snapshot({ seriesLimit: 0 }).services[0];
    expect(end?.counts.shed).toBeGreaterThan(0);
    expect(end?.counts.hedges).toBeGreaterThan(0);
  });

  it('does not change a run without hedging (same numbers with and without the layer in use)', () => {
    const plain = scenario({ client: {} }, { slots: 2, queue: 3 });
    const service = plain.services[0];
    if (!service) throw new Error('no service');
    plain.services[0] = { ...service, client: { timeout: 2 } };
    const run = runScenario({ scenario: plain, policy: 'shared', seed: 4 });
    const s = first(run);
    expect(s.counts.hedges + s.counts.hedgesRefused + s.counts.cancelled).toBe(0);
    expect(s.counts.offered).toBe(s.calls.started);
  });
});

describe('simulate CLI', () => {
  it('prints each hedging service’s hedges, wins and refusals', () => {
    const run = runScenario({ scenario: scenario({}, { slots: 1, queue: 1 }), policy: 'shared', seed: 4 });
    const s = first(run);
    const text = formatRun(run);
    expect(text).toContain(
      `calls: ${s.counts.hedges.toLocaleString('en-US')} hedges sent (${s.counts.hedgesWon.toLocaleString('en-US')} won), ${s.counts.hedgesRefused.toLocaleString('en-US')} not sent (no room in the pool), ${s.counts.cancelled.toLocaleString('en-US')} slower copies cancelled`,
    );
  });
});

describe('scenarios/hedged-requests.json', () => {
  it('shows hedging cutting the tail at light load and adding load near saturation', () => {
    const json: unknown = JSON.parse(readFileSync(join(__dirname, '../../../scenarios/hedged-requests.json'), 'utf8'));
    const run = runScenario({ scenario: json, policy: 'partitioned', seed: 1 }, { seriesLimit: 0 });
    const by = (id: string) => {
      const s = run.services.find((x) => x.id === id);
      if (!s) throw new Error(`no service ${id}`);
      return s;
    };
    const pool = (id: string) => run.pools.find((p) => p.id === `${id}-pool`);
    const [lightPlain, lightHedged, busyPlain, busyHedged] = ['light-plain', 'light-hedged', 'busy-plain', 'busy-hedged'].map(by);
    if (!lightPlain || !lightHedged || !busyPlain || !busyHedged) throw new Error('missing services');
    // Light load: a p99 at least 15% lower, for under 10% more slot time.
    expect(lightHedged.latency.p99 ?? Infinity).toBeLessThan(0.85 * (lightPlain.latency.p99 ?? 0));
    expect(pool('light-hedged')?.meanBusy ?? Infinity).toBeLessThan(1.1 * (pool('light-plain')?.meanBusy ?? 0));
    // Near saturation: the copies fill the queue, more calls are refused, fewer succeed.
    expect(pool('busy-hedged')?.meanQueued ?? 0).toBeGreaterThan(1.3 * (pool('busy-plain')?.meanQueued ?? Infinity));
    expect(busyHedged.counts.rejected).toBeGreaterThan(3 * busyPlain.counts.rejected);
    expect(busyHedged.successRate ?? 1).toBeLessThan((busyPlain.successRate ?? 0) - 0.02);
    expect(busyHedged.latency.p50 ?? 0).toBeGreaterThan(busyPlain.latency.p50 ?? Infinity);
  });
});

describe('the simulator page’s theory check', () => {
  it('does not offer M/M/c/K figures for a pool whose callers hedge, and says why', () => {
    const parsed = parseScenario(scenario({ serviceTime: { kind: 'exponential', mean: 1 }, arrival: { rate: 1 } }, { slots: 5, queue: 5 }));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    expect(serviceReasons(parsed.value.services, 5)).toEqual(['callers send extra copies of slow calls (hedging)']);
  });
});
