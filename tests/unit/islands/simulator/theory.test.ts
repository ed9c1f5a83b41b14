import { describe, expect, test } from 'vitest';
import { erlangB } from '../../../../src/queueing/index';
import { parseScenario, presets, type Scenario } from '../../../../src/sim/index';
import { poolTheory, poolsOf, serviceReasons } from '../../../../src/islands/simulator/predict-theory';
import { buildRun } from '../../../../src/islands/simulator/scenario-builder';
import { SimSession } from '../../../../src/islands/simulator/sim-session';
import { presetState } from '../../../../src/islands/simulator/simulator-state';
import { faultReason, measuredFor, type PoolTheory } from '../../../../src/islands/simulator/theory';

function scenarioOf(input: unknown): Scenario {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.value;
}

const mm = (extra: Record<string, unknown> = {}) =>
  scenarioOf({
    name: 'M/M/c/K',
    duration: 100,
    services: [
      { id: 'a', arrival: { rate: 8 }, serviceTime: { kind: 'exponential', mean: 1 } },
      { id: 'b', arrival: { rate: 2 }, serviceTime: { kind: 'exponential', mean: 1 }, ...extra },
    ],
    policies: { shared: { kind: 'shared', slots: 10, queue: 10 }, split: { kind: 'semaphore', pools: [{ id: 'pa', services: ['a'], permits: 5 }, { id: 'pb', services: ['b'], permits: 5 }] } },
  });

describe('poolTheory', () => {
  test('predicts M/M/c/K figures for a pool of exponential services with one mean', () => {
    const [theory] = poolTheory(mm(), mm().policies['shared'] as never);
    expect(theory?.applies).toBe(true);
    if (!theory?.applies) return;
    expect(theory.model).toEqual({ arrivalRate: 10, meanService: 1, servers: 10, capacity: 20 });
    // Reference: λ = 8, μ = 1, c = 10, K = 20 blocks 0.0091 (src/queueing/mmck.ts); here λ = 10.
    expect(theory.prediction.blocking).toBeGreaterThan(0.0091);
    expect(theory.prediction.meanBusy).toBeCloseTo(10 * (1 - theory.prediction.blocking), 12);
  });

  test('uses Erlang B for a semaphore, which has no queue', () => {
    const theories = poolTheory(mm(), mm().policies['split'] as never);
    const first = theories[0];
    expect(first?.applies && first.prediction.blocking).toBeCloseTo(erlangB({ offeredLoad: 8, servers: 5 }), 12);
  });

  test('explains why the model does not fit the presets', () => {
    const shared = poolTheory(presets['slow-search'], presets['slow-search'].policies['shared'] as never)[0];
    expect(shared?.applies).toBe(false);
    expect(!shared?.applies && shared?.reasons).toEqual([
      'Search and Checkout have lognormal service times, not exponential',
      'Search is scripted to slow down at 15 s',
      'callers time out after 1 s',
      'callers stop waiting in the queue after 0.5 s',
    ]);
  });

  test('names adaptive limits and caps, and different means', () => {
    const adaptive = poolTheory(presets['adaptive-recovery'], presets['adaptive-recovery'].policies['adaptive'] as never)[0];
    expect(!adaptive?.applies && adaptive?.reasons[0]).toBe('per-service caps limit calls inside it');
    const mixed = scenarioOf({ ...mm(), services: [mm().services[0], { ...mm().services[1], serviceTime: { kind: 'exponential', mean: 2 } }] });
    const pool = poolTheory(mixed, mixed.policies['shared'] as never)[0];
    expect(!pool?.applies && pool?.reasons).toEqual(['a and b have different mean service times']);
  });

  test('says a pool that sheds on queue delay is not the model', () => {
    const shedding = scenarioOf({ ...mm(), policies: { shared: { kind: 'shared', slots: 10, queue: 10, shedOnQueueDelay: { target: 0.5 } } } });
    const pool = poolTheory(shedding, shedding.policies['shared'] as never)[0];
    expect(!pool?.applies && pool?.reasons).toEqual(['it sheds calls that waited too long']);
  });
});

describe('serviceReasons', () => {
  test('lists retries, breakers, bursts and rate steps', () => {
    const scenario = mm({
      arrival: { rate: 2, burst: { start: 1, end: 2, extraRate: 5 }, step: { at: 3, rate: 1 } },
      client: { retries: { count: 2, backoff: 0.1 }, circuitBreaker: { failureRateThreshold: 0.5, window: 10, openDuration: 1 } },
    });
    expect(serviceReasons(scenario.services, 10)).toEqual([
      'b gets a burst of extra traffic',
      'b changes arrival rate during the run',
      'callers of b retry',
      'b has a circuit breaker',
    ]);
  });

  test('lists load curves, closed loops and dependencies with a capacity of their own', () => {
    expect(serviceReasons(mm({ arrival: { rate: 2, curve: { kind: 'ramp', start: 1, end: 2 } } }).services, 10)).toEqual(['b changes arrival rate during the run']);
    expect(serviceReasons(mm({ arrival: { rate: 2, clients: 30 } }).services, 10)).toEqual(["b's calls come from 30 clients that each wait for their answer, not a steady stream"]);
    const budget = presets['connection-budget'];
    const [pool] = poolTheory(budget, budget.policies['partitioned'] as never);
    expect(!pool?.applies && pool?.reasons).toEqual(['Replica 1 gets a burst of extra traffic', 'calls go on to a dependency that has a capacity of its own', 'callers stop waiting in the queue after 0.25 s']);
    const withDb = scenarioOf({
      name: 'one of two calls a database',
      duration: 100,
      dependencies: [{ id: 'db', capacity: 2 }],
      services: [
        { id: 'a', arrival: { rate: 8 }, serviceTime: { kind: 'exponential', mean: 1 } },
        { id: 'b', arrival: { rate: 2 }, serviceTime: { kind: 'exponential', mean: 1 }, dependency: 'db' },
      ],
      policies: { shared: { kind: 'shared', slots: 10, queue: 10 } },
    });
    expect(serviceReasons(withDb.services, 0)).toEqual(['calls of b go on to a dependency that has a capacity of its own']);
    const closed = presets['closed-loop'];
    const [open, loop] = poolTheory(closed, closed.policies['partitioned'] as never);
    expect(open?.applies).toBe(true);
    expect(!loop?.applies && loop?.reasons).toEqual(["Closed loop's calls come from 30 clients that each wait for their answer, not a steady stream"]);
  });

  test('ignores a queue-wait limit where there is no queue', () => {
    const scenario = mm({ client: { maxQueueWait: 0.5 } });
    expect(serviceReasons(scenario.services, 0)).toEqual([]);
    expect(serviceReasons(scenario.services, 3)).toEqual(['callers of b stop waiting in the queue after 0.5 s']);
  });
});

describe('poolsOf', () => {
  test('names the pool of a shared or per-tenant policy "shared", as the engine does', () => {
    expect(poolsOf(presets['noisy-tenant'].policies['partitioned'] as never, ['search', 'checkout']).map((p) => p.id)).toEqual(['shared']);
    expect(poolsOf(presets.healthy.policies['partitioned'] as never, []).map((p) => p.id)).toEqual(['search-pool', 'checkout-pool', 'analytics-pool']);
  });
});

describe('measuredFor', () => {
  test('agrees with the prediction for a long M/M/c/K run', () => {
    const { scenario, setup } = buildRun({ ...presetState('healthy'), source: { kind: 'queueing', rate: 160, meanMs: 100, slots: 18, queue: 10, partitions: 1 } });
    const session = new SimSession(scenario, ['shared'], 1, []);
    session.advance(scenario.duration);
    const theory = setup.panels[0]?.theory[0] as PoolTheory;
    const snapshot = session.frame().snapshots[0];
    if (!theory.applies || !snapshot) throw new Error('expected an M/M/c/K pool');
    const measured = measuredFor(snapshot, theory);
    expect(measured.offered).toBeGreaterThan(40_000);
    expect(Math.abs((measured.blocking ?? 0) - theory.prediction.blocking)).toBeLessThan(0.01);
    expect((measured.meanTimeInSystem ?? 0) / theory.prediction.meanTimeInSystem).toBeCloseTo(1, 1);
    expect((measured.meanBusy ?? 0) / theory.prediction.meanBusy).toBeCloseTo(1, 1);
  });

  test('has no figures before anything arrives', () => {
    const { scenario, setup } = buildRun({ ...presetState('healthy'), source: { kind: 'queueing', rate: 1, meanMs: 100, slots: 1, queue: 0, partitions: 1 } });
    const snapshot = new SimSession(scenario, ['shared'], 1, []).frame().snapshots[0];
    const theory = setup.panels[0]?.theory[0] as PoolTheory;
    expect(snapshot && measuredFor(snapshot, theory)).toEqual({ offered: 0, blocking: null, meanTimeInSystem: null, meanBusy: null });
  });
});

describe('faultReason', () => {
  const theory: PoolTheory = { pool: 'p', services: ['a'], applies: false, reasons: [] };
  const labels = new Map([['a', 'Alpha']]);
  test('hides the overlay once a fault has hit a service of the pool', () => {
    const events = [{ at: 12.5, service: 'a', kind: 'hang' as const }];
    expect(faultReason(theory, events, 12, labels)).toBeNull();
    expect(faultReason(theory, events, 12.5, labels)).toBe('Alpha was broken at 12.5 s, so its pool no longer matches the model');
    expect(faultReason(theory, [{ at: 1, service: 'b', kind: 'hang' }], 50, labels)).toBeNull();
  });
});
