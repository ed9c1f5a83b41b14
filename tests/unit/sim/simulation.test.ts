import { describe, expect, it } from 'vitest';
import { createSimulation, presets, runScenario, ScenarioError, type ScenarioInput } from '../../../src/sim/index';

function small(): ScenarioInput {
  return {
    name: 'small',
    duration: 40,
    sampleInterval: 0.5,
    services: [
      { id: 'a', arrival: { rate: 20 }, serviceTime: { kind: 'deterministic', mean: 0.2 }, client: { timeout: 1 } },
      { id: 'b', arrival: { rate: 10 }, serviceTime: { kind: 'exponential', mean: 0.1 }, client: { timeout: 1 } },
    ],
    policies: {
      shared: { kind: 'shared', slots: 8, queue: 4 },
      partitioned: {
        kind: 'partitioned',
        pools: [
          { id: 'pa', services: ['a'], slots: 6, queue: 2 },
          { id: 'pb', services: ['b'], slots: 2, queue: 2 },
        ],
      },
    },
  };
}

describe('createSimulation', () => {
  it('starts at time zero with empty pools and counts', () => {
    const simulation = createSimulation({ scenario: small(), policy: 'shared', seed: 1 });
    const snapshot = simulation.snapshot();
    expect(snapshot.time).toBe(0);
    expect(snapshot.done).toBe(false);
    expect(snapshot.pools[0]?.occupancy).toEqual(Array(8).fill(null));
    expect(snapshot.services.every((s) => s.counts.offered === 0 && s.successRate === null && s.latency.p99 === null)).toBe(true);
  });

  it('throws a ScenarioError naming the field for a bad scenario, and for an unknown policy', () => {
    const bad = small();
    (bad.services[0] as { arrival: { rate: number } }).arrival.rate = 0;
    expect(() => createSimulation({ scenario: bad, policy: 'shared', seed: 1 })).toThrow('services[0].arrival.rate must be a positive number');
    try {
      createSimulation({ scenario: small(), policy: 'bulkheads', seed: 1 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      expect((error as ScenarioError).errors).toEqual(['policy "bulkheads" is not defined; the scenario defines "shared", "partitioned"']);
    }
  });

  it('accepts a custom policy object, validated against the scenario', () => {
    const snapshot = createSimulation({ scenario: small(), policy: { kind: 'semaphore', pools: [{ id: 'all', services: ['a', 'b'], permits: 3 }] }, seed: 1 }).run();
    expect(snapshot.policy).toBe('custom');
    expect(snapshot.pools[0]?.kind).toBe('semaphore');
    expect(snapshot.pools[0]?.queueCapacity).toBe(0);
    expect(() => createSimulation({ scenario: small(), policy: { kind: 'semaphore', pools: [{ id: 'all', services: ['a'], permits: 3 }] }, seed: 1 })).toThrow(
      'policy.pools must place service "b" in a pool',
    );
  });

  it('rejects a bad seed and a duration override shorter than the warmup', () => {
    expect(() => createSimulation({ scenario: small(), policy: 'shared', seed: -4 })).toThrow(RangeError);
    expect(() => createSimulation({ scenario: { ...small(), warmup: 10 }, policy: 'shared', seed: 1, duration: 5 })).toThrow(ScenarioError);
  });
});

describe('PoolSimulation', () => {
  it('never runs past the scenario duration', () => {
    const simulation = createSimulation({ scenario: small(), policy: 'shared', seed: 1 });
    simulation.runUntil(1e6);
    expect(simulation.now).toBe(40);
    expect(simulation.done).toBe(true);
    expect(simulation.step()).toBe(false);
    expect(() => simulation.runUntil(Infinity)).toThrow(RangeError);
  });

  it('hands out deeply frozen snapshots that later steps do not change', () => {
    const simulation = createSimulation({ scenario: small(), policy: 'shared', seed: 1 });
    simulation.runUntil(10);
    const snapshot = simulation.snapshot();
    const copy = structuredClone(snapshot);
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(Object.isFrozen(snapshot.services[0]?.counts)).toBe(true);
    expect(Object.isFrozen(snapshot.series.services[0]?.successRate)).toBe(true);
    simulation.runUntil(30);
    expect(snapshot).toEqual(copy);
  });

  it('keeps counts consistent: offered = short-circuited + rejected + admitted, admitted = finished + in flight', () => {
    for (const name of ['slow-search', 'retry-storm', 'noisy-tenant', 'adaptive-recovery'] as const) {
      for (const policy of ['shared', 'partitioned']) {
        const snapshot = createSimulation({ scenario: { ...presets[name], warmup: 0 }, policy, seed: 2 }).run();
        for (const s of snapshot.services) {
          const c = s.counts;
          expect(c.offered, `${name}/${policy}/${s.id}`).toBe(c.shortCircuited + c.rejected + c.admitted);
          expect(c.admitted, `${name}/${policy}/${s.id}`).toBe(c.completed + c.failed + c.timedOut + s.running + s.queued);
          expect(c.offered - c.retries).toBe(s.calls.started);
        }
        const busy = snapshot.pools.reduce((sum, p) => sum + p.busy, 0);
        expect(busy).toBe(snapshot.services.reduce((sum, s) => sum + s.running, 0));
        for (const pool of snapshot.pools) expect(pool.occupancy.filter((slot) => slot !== null).length).toBe(pool.busy);
      }
    }
  });

  it('never times out a call that has neither timeout nor maxQueueWait, when another service in the pool has one', () => {
    // Found by fuzz-invariants.test.ts: attempt records are shared by all services, and a queued
    // call without an expiry kept the token of the record's last user, whose stale maxQueueWait
    // expiry then took it out of the queue as timed out.
    const mixed: ScenarioInput = {
      name: 'stale queue expiry',
      duration: 20,
      services: [
        { id: 'a', arrival: { rate: 2 }, serviceTime: { kind: 'deterministic', mean: 0.3 }, client: { maxQueueWait: 1 } },
        { id: 'b', arrival: { rate: 2 }, serviceTime: { kind: 'deterministic', mean: 0.3 } },
      ],
      policies: { p: { kind: 'shared', slots: 1, queue: 5 } },
    };
    for (const seed of [1, 2, 3]) {
      const [a, b] = runScenario({ scenario: mixed, policy: 'p', seed }).services;
      expect(a?.counts.timedOutInQueue, `seed ${seed}`).toBeGreaterThan(0);
      expect(b?.counts.timedOut, `seed ${seed}`).toBe(0);
    }
  });

  it('samples time series every sampleInterval seconds, aligned across pools and services', () => {
    const snapshot = runScenario({ scenario: small(), policy: 'partitioned', seed: 3 });
    expect(snapshot.series.interval).toBe(0.5);
    expect(snapshot.series.time.length).toBe(80);
    expect(snapshot.series.time[0]).toBe(0.5);
    expect(snapshot.series.time.at(-1)).toBe(40);
    for (const pool of snapshot.series.pools) expect(pool.busy.length).toBe(80);
    for (const service of snapshot.series.services) expect(service.successRate.length).toBe(80);
    const limited = createSimulation({ scenario: small(), policy: 'partitioned', seed: 3, seriesCapacity: 10 }).run();
    expect(limited.series.time).toEqual(snapshot.series.time.slice(-10));
    expect(runScenario({ scenario: small(), policy: 'shared', seed: 3 }, { seriesLimit: 3 }).series.time).toEqual([39, 39.5, 40]);
  });

  it('degrades a service from now on when asked (the "break search" button)', () => {
    const simulation = createSimulation({ scenario: small(), policy: 'shared', seed: 5 });
    simulation.runUntil(10);
    simulation.degrade('a', { kind: 'hang' });
    simulation.runUntil(20);
    const snapshot = simulation.snapshot();
    const a = snapshot.services.find((s) => s.id === 'a');
    expect(a?.activeDegradations).toEqual([{ kind: 'hang', at: 10, until: null, factor: 1, fraction: 0 }]);
    // Hung calls hold all 8 slots until their 1 s timeout, so about 8 time out per second and the
    // rest are turned away.
    expect(a?.counts.timedOut).toBeGreaterThan(60);
    expect(a?.counts.rejected).toBeGreaterThan(60);
    expect(snapshot.pools[0]?.occupancy.some((slot) => slot?.hung)).toBe(true);
    simulation.recover('a');
    simulation.runUntil(30);
    expect(simulation.snapshot().services.find((s) => s.id === 'a')?.activeDegradations).toEqual([]);
    expect(() => simulation.degrade('zzz', { kind: 'hang' })).toThrow('unknown service "zzz"; known: a, b');
    expect(() => simulation.degrade('a', { kind: 'slow', factor: -1 })).toThrow(RangeError);
  });

  it('fails the given share of calls under a fail degradation', () => {
    const simulation = createSimulation({ scenario: small(), policy: 'partitioned', seed: 6 });
    simulation.degrade('b', { kind: 'fail', fraction: 0.3, duration: 40 });
    const b = simulation.run().services.find((s) => s.id === 'b');
    if (!b) throw new Error('missing b');
    const share = b.counts.failed / (b.counts.failed + b.counts.completed);
    expect(Math.abs(share - 0.3)).toBeLessThan(5 * Math.sqrt((0.3 * 0.7) / b.counts.admitted));
  });

  it('multiplies latency under a slow degradation', () => {
    const simulation = createSimulation({ scenario: small(), policy: 'partitioned', seed: 6 });
    // Deterministic 0.2 s calls, three times slower: 12 Erlangs, in a pool grown to 40 slots so
    // that no call ever waits and every latency is exactly 0.6 s.
    simulation.setPoolSize('pa', 40);
    simulation.degrade('a', { kind: 'slow', factor: 3 });
    const a = simulation.run().services.find((s) => s.id === 'a');
    expect(a?.counts.rejected).toBe(0);
    expect(a?.latency.p50).toBeCloseTo(0.6, 12);
    expect(a?.latency.max).toBeCloseTo(0.6, 12);
  });

  it('changes an arrival rate in place', () => {
    const simulation = createSimulation({ scenario: small(), policy: 'partitioned', seed: 7 });
    simulation.runUntil(20);
    const before = simulation.snapshot().services.find((s) => s.id === 'b')?.calls.started ?? 0;
    simulation.setArrivalRate('b', 100);
    simulation.runUntil(40);
    const after = simulation.snapshot().services.find((s) => s.id === 'b');
    expect(after?.arrivalRate).toBe(100);
    const added = (after?.calls.started ?? 0) - before;
    expect(Math.abs(added - 2000)).toBeLessThan(5 * Math.sqrt(2000));
    expect(() => simulation.setArrivalRate('b', -1)).toThrow(RangeError);
  });

  it('shrinks a pool without losing a slot: calls drain and no new call is admitted until under the new size', () => {
    const simulation = createSimulation({ scenario: small(), policy: 'partitioned', seed: 8 });
    simulation.degrade('a', { kind: 'slow', factor: 4 });
    simulation.runUntil(10);
    expect(simulation.snapshot().pools.find((p) => p.id === 'pa')?.busy).toBe(6);
    simulation.setPoolSize('pa', 2);
    let shrunk = simulation.snapshot().pools.find((p) => p.id === 'pa');
    expect(shrunk?.busy).toBe(6);
    expect(shrunk?.occupancy.filter((slot) => slot?.draining).length).toBe(4);
    let previousBusy = 6;
    for (let i = 0; i < 400 && simulation.step(); i++) {
      shrunk = simulation.snapshot({ seriesLimit: 0 }).pools.find((p) => p.id === 'pa');
      expect(shrunk?.busy ?? 0).toBeLessThanOrEqual(Math.max(2, previousBusy));
      previousBusy = shrunk?.busy ?? 0;
    }
    expect(previousBusy).toBeLessThanOrEqual(2);
    simulation.setPoolSize('pa', 6);
    simulation.runUntil(simulation.now + 1);
    expect(simulation.snapshot().pools.find((p) => p.id === 'pa')?.busy).toBe(6);
    expect(() => simulation.setPoolSize('pa', 0)).toThrow(RangeError);
    expect(() => simulation.setPoolSize('nope', 3)).toThrow('unknown pool "nope"');
  });

  it('opens a circuit breaker on a failing service and short-circuits calls', () => {
    const scenario = small();
    (scenario.services[1] as { client: unknown }).client = {
      timeout: 1,
      circuitBreaker: { failureRateThreshold: 0.5, window: 20, openDuration: 5, halfOpenProbes: 2 },
    };
    (scenario.services[1] as { degradations: unknown }).degradations = [{ kind: 'fail', at: 10, until: 25, fraction: 1 }];
    const simulation = createSimulation({ scenario, policy: 'partitioned', seed: 9 });
    simulation.runUntil(12);
    expect(simulation.snapshot().services.find((s) => s.id === 'b')?.breaker?.state).toBe('open');
    const snapshot = simulation.run();
    const b = snapshot.services.find((s) => s.id === 'b');
    expect(b?.counts.shortCircuited).toBeGreaterThan(50);
    expect(b?.breaker?.state).toBe('closed');
    expect(b?.breaker?.timesOpened).toBeGreaterThanOrEqual(3);
  });

  it('excludes the warmup from the measurements', () => {
    const snapshot = runScenario({ scenario: { ...small(), warmup: 30 }, policy: 'shared', seed: 10 });
    expect(snapshot.measuredFrom).toBe(30);
    expect(snapshot.measuredTime).toBe(10);
    const a = snapshot.services.find((s) => s.id === 'a');
    expect(Math.abs((a?.counts.offered ?? 0) - 200)).toBeLessThan(5 * Math.sqrt(200));
  });
});
