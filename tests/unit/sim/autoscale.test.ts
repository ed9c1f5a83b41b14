/**
 * Simple autoscaling: under a load step a pool's size moves toward slots × utilisation / target
 * and settles within [min, max], with utilisation near the target.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario, type ScenarioInput, type SimulationSnapshot } from '../../../src/sim/index';

const stepped = (max = 60): ScenarioInput => ({
  name: 'autoscale check',
  duration: 1500,
  sampleInterval: 5,
  services: [{ id: 'calls', arrival: { rate: 5, step: { at: 500, rate: 20 } }, serviceTime: { kind: 'exponential', mean: 1 } }],
  policies: {
    shared: { kind: 'shared', slots: 4, queue: 50, autoscale: { min: 2, max, targetUtilisation: 0.7, interval: 10, step: 4, cooldown: 20 } },
  },
});

/** Mean utilisation (busy / slots) over the samples after `from`. */
function utilisationAfter(run: SimulationSnapshot, from: number): number {
  const pool = run.series.pools[0]!;
  let sum = 0;
  let n = 0;
  run.series.time.forEach((t, i) => {
    if (t > from) {
      sum += (pool.meanBusy[i] ?? 0) / (pool.limit[i] ?? 1);
      n++;
    }
  });
  return sum / n;
}

const sizeAt = (run: SimulationSnapshot, time: number) => {
  const history = run.pools[0]!.autoscale!.history;
  return [...history].reverse().find((h) => h.at <= time)?.slots ?? NaN;
};

describe('autoscaling', () => {
  it('grows toward λS / target after a load step and holds utilisation near the target', () => {
    for (const seed of [1, 2, 3]) {
      const run = runScenario({ scenario: stepped(), policy: 'shared', seed });
      // Before the step: 5 busy slots on average, so about 5 / 0.7 ≈ 7 slots.
      expect(sizeAt(run, 490)).toBeGreaterThanOrEqual(5);
      expect(sizeAt(run, 490)).toBeLessThanOrEqual(10);
      // After it: about 20 / 0.7 ≈ 29 slots, reached within a few minutes.
      expect(sizeAt(run, 1500)).toBeGreaterThanOrEqual(24);
      expect(sizeAt(run, 1500)).toBeLessThanOrEqual(34);
      expect(Math.abs(utilisationAfter(run, 800) - 0.7)).toBeLessThan(0.08);
      for (const h of run.pools[0]!.autoscale!.history) expect(h.slots >= 2 && h.slots <= 60).toBe(true);
    }
  });

  it('stays within max when the load needs more', () => {
    const run = runScenario({ scenario: stepped(16), policy: 'shared', seed: 1 });
    expect(Math.max(...run.pools[0]!.autoscale!.history.map((h) => h.slots))).toBe(16);
    expect(run.pools[0]!.slots).toBe(16);
  });

  it('refuses slots outside [min, max] with a message naming both', () => {
    const scenario = stepped();
    const shared = scenario.policies['shared'] as { slots: number };
    shared.slots = 80;
    const result = parseScenario(scenario);
    expect(result.ok ? [] : result.errors).toContain('policies.shared.slots must lie between autoscale.min (2) and autoscale.max (60)');
  });
});
