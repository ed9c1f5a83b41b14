/**
 * Load curves: the calls offered must match the integral of the rate, in total and within a
 * window, within the Poisson spread over replications (the expected values are worked out here
 * by hand, not from the engine's own curve code).
 */
import { describe, it } from 'vitest';
import type { ScenarioInput, SimulationSnapshot } from '../../../src/sim/index';
import { expectPoissonMean } from './replicate';

type Curve = NonNullable<ScenarioInput['services'][number]['arrival']['curve']>;

function curved(rate: number, curve: Curve, duration: number): ScenarioInput {
  return {
    name: 'load curve check',
    duration,
    sampleInterval: 50,
    services: [{ id: 'calls', arrival: { rate, curve }, serviceTime: { kind: 'exponential', mean: 0.01 } }],
    policies: { shared: { kind: 'shared', slots: 1000, queue: 0 } },
  };
}

const offered = (run: SimulationSnapshot) => run.services[0]?.counts.offered ?? NaN;

/** Calls offered in the samples ending at or before `until` seconds. */
const offeredUntil = (until: number) => (run: SimulationSnapshot) => {
  const series = run.series.services[0];
  if (!series) return NaN;
  return series.offered.reduce((sum, n, i) => sum + ((run.series.time[i] ?? Infinity) <= until ? n : 0), 0);
};

describe('load curves offer the integral of their rate', () => {
  it('a ramp from nothing to the full rate', () => {
    // 20/s × (0 for 100 s, a linear climb over 300 s = 150 s at full rate, then 200 s at full rate).
    const scenario = curved(20, { kind: 'ramp', start: 100, end: 400, from: 0, to: 1 }, 600);
    expectPoissonMean('ramp 0→1 over 100–400 s at 20/s, 600 s: calls offered', scenario, offered, 20 * (150 + 200));
    // Up to 250 s: half-way up the ramp, 150 s × 0.5 / 2.
    expectPoissonMean('ramp, first 250 s: calls offered', scenario, offeredUntil(250), 20 * (150 * 0.25));
  });

  it('repeated spikes', () => {
    // 10/s base; ten triangular spikes (at 50, 150, … 950 s), each 20 s wide to ×5: +10 × 4 × 10 each.
    const scenario = curved(10, { kind: 'spikes', every: 100, width: 20, peak: 5, first: 50 }, 1000);
    expectPoissonMean('spikes ×5, 20 s every 100 s at 10/s, 1000 s: calls offered', scenario, offered, 10 * 1000 + 10 * 400);
  });

  it('a daily shape', () => {
    // Factor 0.2 + 0.8·(1 + cos(2π(t − 250)/1000))/2 over two whole periods: mean factor 0.6.
    const scenario = curved(10, { kind: 'daily', low: 0.2, peakAt: 250, period: 1000 }, 2000);
    expectPoissonMean('daily shape low 0.2, two periods at 10/s: calls offered', scenario, offered, 10 * 0.6 * 2000);
    // First 500 s: ∫ 0.2 + 0.4 + 0.4·cos(2π(t − 250)/1000) dt = 0.6·500 + 0.4·(1000/2π)·(sin(π/2) − sin(−π/2)).
    const firstHalf = 10 * (0.6 * 500 + 0.4 * (1000 / (2 * Math.PI)) * 2);
    expectPoissonMean('daily shape, first 500 s (the peak half): calls offered', scenario, offeredUntil(500), firstHalf);
  });
});
