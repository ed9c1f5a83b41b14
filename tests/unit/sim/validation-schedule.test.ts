/**
 * Scheduled resizes: a loss pool (no queue) resized at a set time blocks as Erlang B for its size
 * before the change and for its new size after it (skipping a short transition after the change).
 * 10 calls per second, exponential service of mean 1 s.
 */
import { describe, it } from 'vitest';
import { erlangB } from '../../../src/queueing/index';
import type { ScenarioInput, SimulationSnapshot } from '../../../src/sim/index';
import { expectWithin, replicate } from './replicate';

function resized(from: number, to: number): ScenarioInput {
  return {
    name: 'scheduled resize check',
    duration: 3000,
    warmup: 0,
    sampleInterval: 50,
    services: [{ id: 'calls', arrival: { rate: 10 }, serviceTime: { kind: 'exponential', mean: 1 } }],
    policies: { shared: { kind: 'shared', slots: from, queue: 0 } },
    schedule: [{ at: 1500, pool: 'shared', slots: to }],
  };
}

/** Rejected / offered over the samples that end in (from, to]. */
const windowBlocking = (from: number, to: number) => (run: SimulationSnapshot) => {
  const service = run.series.services[0];
  if (!service) throw new Error('no service');
  let offered = 0;
  let rejected = 0;
  run.series.time.forEach((t, i) => {
    if (t > from && t <= to) {
      offered += service.offered[i] ?? 0;
      rejected += service.rejected[i] ?? 0;
    }
  });
  return rejected / offered;
};

describe('scheduled resizes (M/M/c/c, 10 calls/s, mean 1 s)', () => {
  for (const [from, to] of [
    [14, 9],
    [9, 14],
  ] as const) {
    it(`${from} slots, then ${to} from t = 1500 s: Erlang B for each size`, () => {
      const scenario = resized(from, to);
      expectWithin(`resize ${from}→${to}: blocking before (${from} slots)`, replicate(scenario, windowBlocking(50, 1500)), erlangB({ offeredLoad: 10, servers: from }));
      expectWithin(`resize ${from}→${to}: blocking after (${to} slots)`, replicate(scenario, windowBlocking(1550, 3000)), erlangB({ offeredLoad: 10, servers: to }));
    });
  }
});
