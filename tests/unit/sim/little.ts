import { expect } from 'vitest';
import type { SimulationSnapshot } from '../../../src/sim/index';

/**
 * Checks Little's law on every service of a run: L, the time-average number in system from the
 * occupancy integral, against λ_eff·W, admitted calls per second times their mean time in
 * system. Calls still inside at the start and end of the window make the sides differ slightly;
 * over tens of seconds that edge effect stays within a few per cent. Also checks that the pools'
 * integrals add up to the services' ones.
 */
export function expectLittlesLaw(run: SimulationSnapshot): void {
  let checked = 0;
  for (const service of run.services) {
    const { meanInSystem: L, admittedRate, meanTimeInSystem: W } = service.little;
    if (L === null || admittedRate === null || W === null) continue;
    checked++;
    expect(Math.abs(L - admittedRate * W), `${run.scenario} / ${run.policy} / ${service.id}: L=${L}, λW=${admittedRate * W}`).toBeLessThanOrEqual(0.03 * L + 0.01);
  }
  expect(checked).toBeGreaterThan(0);
  const pooled = run.pools.reduce((s, p) => s + (p.meanBusy ?? 0) + (p.meanQueued ?? 0), 0);
  const perService = run.services.reduce((s, x) => s + (x.little.meanInSystem ?? 0), 0);
  expect(pooled).toBeCloseTo(perService, 6);
}
