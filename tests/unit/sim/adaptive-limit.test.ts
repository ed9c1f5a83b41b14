import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AimdLimit, createSimulation, type ScenarioInput } from '../../../src/sim/index';

const base = { initial: 10, min: 2, max: 20, backoffRatio: 0.5, increase: 1, rule: 'always' as const, dropLatency: Infinity };

describe('AimdLimit', () => {
  it('adds the increase on success and multiplies by the backoff ratio on a drop', () => {
    const limit = new AimdLimit(base);
    limit.onSuccess(5, 0.1);
    expect(limit.value).toBe(11);
    limit.onDrop();
    expect(limit.value).toBe(5.5);
    expect(limit.allowed).toBe(5);
  });

  it('grows only while at least half the limit is in flight under the when-busy rule', () => {
    const limit = new AimdLimit({ ...base, rule: 'when-busy' });
    limit.onSuccess(4, 0.1);
    expect(limit.value).toBe(10);
    limit.onSuccess(5, 0.1);
    expect(limit.value).toBe(11);
  });

  it('treats a success slower than dropLatency as a drop', () => {
    const limit = new AimdLimit({ ...base, dropLatency: 0.5 });
    limit.onSuccess(10, 0.6);
    expect(limit.value).toBe(5);
  });

  it('never leaves its bounds whatever the sequence of outcomes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant('drop'), fc.integer({ min: 0, max: 40 })), { maxLength: 200 }), (outcomes) => {
        const limit = new AimdLimit(base);
        for (const outcome of outcomes) {
          if (outcome === 'drop') limit.onDrop();
          else limit.onSuccess(outcome, 0.01);
          expect(limit.value).toBeGreaterThanOrEqual(base.min);
          expect(limit.value).toBeLessThanOrEqual(base.max);
        }
      }),
    );
  });
});

function adaptiveScenario(serviceLevel: boolean, slowFactor: number, timeout: number): ScenarioInput {
  const adaptive = { kind: 'aimd' as const, initial: 8, min: 2, max: 12, backoffRatio: 0.7, increase: 1 };
  return {
    name: 'adaptive',
    duration: 30,
    services: [
      { id: 'a', arrival: { rate: 40 }, serviceTime: { kind: 'exponential', mean: 0.1 }, degradations: [{ kind: 'slow', at: 1, until: 20, factor: slowFactor }], client: { timeout } },
      { id: 'b', arrival: { rate: 20 }, serviceTime: { kind: 'exponential', mean: 0.1 }, client: { timeout } },
    ],
    policies: {
      shared: serviceLevel
        ? { kind: 'shared', slots: 16, queue: 4, serviceLimits: [{ service: 'a', adaptive }, { service: 'b', limit: 6 }] }
        : { kind: 'shared', slots: 16, queue: 4, adaptive },
    },
  };
}

describe('adaptive limits in a simulation', () => {
  it('never admits past the limit and keeps the limit within bounds, step by step', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 2, max: 20 }), fc.double({ min: 0.1, max: 2, noNaN: true }), fc.integer({ min: 0, max: 1000 }), (serviceLevel, factor, timeout, seed) => {
        const simulation = createSimulation({ scenario: adaptiveScenario(serviceLevel, factor, timeout), policy: 'shared', seed });
        let previous = simulation.snapshot({ seriesLimit: 0 });
        let steps = 0;
        while (steps < 600 && simulation.step()) {
          steps++;
          const next = simulation.snapshot({ seriesLimit: 0 });
          const pool = next.pools[0];
          const before = previous.pools[0];
          if (!pool || !before) throw new Error('missing pool');
          const admitted = next.services.reduce((s, x) => s + x.counts.admitted, 0) > previous.services.reduce((s, x) => s + x.counts.admitted, 0);
          const started = pool.busy > before.busy;
          if (pool.adaptive) {
            expect(pool.adaptive.value).toBeGreaterThanOrEqual(pool.adaptive.min);
            expect(pool.adaptive.value).toBeLessThanOrEqual(pool.adaptive.max);
            if (started) expect(pool.busy).toBeLessThanOrEqual(pool.limit);
          }
          for (const cap of pool.serviceLimits) {
            if (cap.adaptive) {
              expect(cap.adaptive.value).toBeGreaterThanOrEqual(cap.adaptive.min);
              expect(cap.adaptive.value).toBeLessThanOrEqual(cap.adaptive.max);
            }
            const beforeCap = before.serviceLimits.find((c) => c.service === cap.service);
            if (admitted && beforeCap && cap.admitted > beforeCap.admitted) expect(cap.admitted).toBeLessThanOrEqual(cap.limit);
          }
          previous = next;
        }
      }),
      { numRuns: 6 },
    );
  });

  it('shrinks a slowed service’s cap and grows it back after recovery', () => {
    const simulation = createSimulation({ scenario: adaptiveScenario(true, 20, 0.5), policy: 'shared', seed: 3 });
    const snapshot = simulation.run();
    const a = snapshot.series.services.find((s) => s.id === 'a');
    if (!a) throw new Error('missing service');
    const during = a.limit.slice(5, 18).map((v) => v ?? Infinity);
    const after = a.limit.slice(26).map((v) => v ?? 0);
    expect(Math.min(...during)).toBeLessThanOrEqual(3);
    expect(Math.max(...after)).toBe(12);
  });
});
