/**
 * What lessons say a simulator preset shows, checked on the run a learner sees first (the default
 * seed). The queueing lesson's embeds are checked in queueing-figures-mastery.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { compare, presets, type SimulationSnapshot } from '../../src/sim/index';
import { DEFAULT_SEED } from '../../src/islands/simulator/simulator-state';

/** The mean of a service's per-second mean latency over (from, to]. */
function meanLatency(run: SimulationSnapshot | undefined, service: string, from: number, to: number): number {
  const series = run?.series.services.find((s) => s.id === service)?.meanLatency ?? [];
  const values = (run?.series.time ?? []).flatMap((t, i) => (t > from && t <= to && (series[i] ?? 0) > 0 ? [series[i] ?? 0] : []));
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

describe('02-07 client pools: separate pools, one database', () => {
  const text = readFileSync('content/lessons/02-foundation/07-client-pools.mdx', 'utf8');

  test('shared-downstream: the inputs the lesson states; search slows through the database unless checkout is capped', () => {
    const scenario = presets['shared-downstream'];
    expect(text).toContain('<PoolSimulator preset="shared-downstream"');
    expect(scenario.dependencies).toEqual([{ id: 'database', capacity: 16 }]);
    const [search, checkout] = scenario.services;
    expect(search?.dependency).toBe('database');
    expect(checkout?.dependency).toBe('database');
    expect(checkout?.arrival.burst).toMatchObject({ start: 20, end: 40, extraRate: 80 });
    expect(scenario.policies['partitioned']).toMatchObject({ pools: [{ slots: 24 }, { slots: 10 }] });
    expect(scenario.policies['shared']).toMatchObject({ slots: 34 });
    expect(scenario.policies['capped']).toMatchObject({ pools: [{ slots: 24 }, { slots: 5 }] });

    const { runs } = compare(scenario, DEFAULT_SEED, { policies: ['partitioned', 'capped'] });
    const separate = runs['partitioned'];
    const capped = runs['capped'];
    // "its latency more than doubles and its pool fills"
    expect(meanLatency(separate, 'search', 22, 40)).toBeGreaterThan(2 * meanLatency(separate, 'search', 5, 20));
    expect(separate?.services.find((s) => s.id === 'search')?.counts.rejected ?? 0).toBeGreaterThan(0);
    // "keeps search within about a quarter of its usual latency, at the price of refusing more checkout calls"
    expect(meanLatency(capped, 'search', 22, 40)).toBeLessThan(1.3 * meanLatency(capped, 'search', 5, 20));
    const refused = (run: SimulationSnapshot | undefined) => run?.services.find((s) => s.id === 'checkout')?.counts.rejected ?? 0;
    expect(refused(capped)).toBeGreaterThan(refused(separate));
  });
});
