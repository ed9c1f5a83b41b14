import { describe, expect, it } from 'vitest';
import { compare, createSimulation, presets, runScenario } from '../../../src/sim/index';

describe('runScenario', () => {
  it('gives bit-for-bit identical snapshots for the same scenario and seed', () => {
    for (const name of ['slow-search', 'retry-storm', 'noisy-tenant'] as const) {
      const first = runScenario({ scenario: presets[name], policy: 'shared', seed: 99 });
      const second = runScenario({ scenario: presets[name], policy: 'shared', seed: 99 });
      expect(second).toEqual(first);
      expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    }
  });

  it('gives different results for different seeds', () => {
    const first = runScenario({ scenario: presets.healthy, policy: 'shared', seed: 1 });
    const second = runScenario({ scenario: presets.healthy, policy: 'shared', seed: 2 });
    expect(second.services.map((s) => s.counts.offered)).not.toEqual(first.services.map((s) => s.counts.offered));
    expect(second.services[0]?.latency.mean).not.toBe(first.services[0]?.latency.mean);
  });

  it('is the same whether run in one go or stepped and run in pieces', () => {
    const whole = runScenario({ scenario: presets['hung-search'], policy: 'partitioned', seed: 4 });
    const pieces = createSimulation({ scenario: presets['hung-search'], policy: 'partitioned', seed: 4 });
    for (let i = 0; i < 500; i++) pieces.step();
    pieces.runUntil(17.3);
    pieces.runUntil(41);
    expect(pieces.run()).toEqual(whole);
  });
});

describe('compare', () => {
  it('runs shared and partitioned by default with the same seed', () => {
    const comparison = compare(presets.healthy, 8);
    expect(comparison.policies).toEqual(['shared', 'partitioned']);
    expect(comparison.runs['shared']?.policy).toBe('shared');
    expect(comparison.runs['partitioned']?.seed).toBe(8);
  });

  it('gives every policy the same traffic (common random numbers)', () => {
    for (const name of ['slow-search', 'hung-search', 'noisy-tenant', 'queue-vs-no-queue'] as const) {
      const comparison = compare(presets[name], 21, { policies: Object.keys(presets[name].policies) });
      const reference = comparison.runs['shared'];
      if (!reference) throw new Error('missing run');
      for (const policy of comparison.policies) {
        const other = comparison.runs[policy];
        if (!other) throw new Error('missing run');
        // Calls started (first attempts) come only from the arrival substreams.
        expect(other.services.map((s) => s.calls.started), `${name} / ${policy}`).toEqual(reference.services.map((s) => s.calls.started));
      }
    }
  });

  it('gives a service identical latencies under two policies when neither ever makes it wait', () => {
    const roomy = structuredClone(presets.healthy);
    roomy.policies = {
      shared: { kind: 'shared', slots: 200, queue: 0 },
      partitioned: {
        kind: 'partitioned',
        pools: roomy.services.map((s) => ({ id: `${s.id}-pool`, services: [s.id], slots: 100, queue: 0 })),
      },
    };
    const comparison = compare(roomy, 3);
    for (const id of ['search', 'checkout', 'analytics']) {
      const shared = comparison.runs['shared']?.services.find((s) => s.id === id);
      const partitioned = comparison.runs['partitioned']?.services.find((s) => s.id === id);
      expect(shared?.counts.rejected).toBe(0);
      expect(partitioned?.latency).toEqual(shared?.latency);
    }
  });

  it('keeps a service’s arrivals unchanged when another service is added or altered', () => {
    const base = runScenario({ scenario: presets.healthy, policy: 'shared', seed: 12 });
    const altered = structuredClone(presets.healthy);
    const analytics = altered.services.find((s) => s.id === 'analytics');
    if (!analytics) throw new Error('missing analytics');
    analytics.arrival = { rate: 30 };
    const run = runScenario({ scenario: altered, policy: 'shared', seed: 12 });
    expect(run.services.find((s) => s.id === 'search')?.calls.started).toBe(base.services.find((s) => s.id === 'search')?.calls.started);
  });
});
