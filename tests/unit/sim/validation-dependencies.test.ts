/**
 * A dependency with its own capacity is a FIFO queue with `capacity` servers behind the caller's
 * pools. With Poisson calls and exponential service times:
 *  - a pool with plenty of slots in front of it is M/M/c with c = the dependency's capacity;
 *  - a pool of K slots and no queue in front of it is M/M/c/K (a call finding every slot busy is
 *    refused, so at most K calls are in the system);
 *  - two partitioned pools calling it are one M/M/c fed by both: each pool's calls see the other
 *    pool's load, which the partition cannot keep out;
 *  - with `queue: 0` it refuses a call that finds every server busy (a database at its connection
 *    limit): many slots in front of it make an M/M/c/c loss system, refused as Erlang B says,
 *    whichever partitioned pools the calls come through; with `queue: K` it is M/M/c/(c + K).
 */
import { describe, expect, it } from 'vitest';
import { erlangB, mmck, mmcWait } from '../../../src/queueing/index';
import type { ScenarioInput, SimulationSnapshot } from '../../../src/sim/index';
import { blocking, expectWithin, meanTimeInSystem, replicate, runs } from './replicate';

function single(rate: number, capacity: number, slots: number, queue?: number): ScenarioInput {
  return {
    name: 'dependency check',
    duration: 2000,
    warmup: 50,
    sampleInterval: 100,
    dependencies: [{ id: 'db', capacity, ...(queue === undefined ? {} : { queue }) }],
    services: [{ id: 'calls', arrival: { rate }, serviceTime: { kind: 'exponential', mean: 1 }, dependency: 'db' }],
    policies: { shared: { kind: 'shared', slots, queue: 0 } },
  };
}

function pair(rateA: number, rateB: number, queue?: number): ScenarioInput {
  return {
    name: 'shared downstream check',
    duration: 2000,
    warmup: 50,
    sampleInterval: 100,
    dependencies: [{ id: 'db', capacity: 4, ...(queue === undefined ? {} : { queue }) }],
    services: [
      { id: 'a', arrival: { rate: rateA }, serviceTime: { kind: 'exponential', mean: 1 }, dependency: 'db' },
      { id: 'b', arrival: { rate: rateB }, serviceTime: { kind: 'exponential', mean: 1 }, dependency: 'db' },
    ],
    policies: {
      partitioned: {
        kind: 'partitioned',
        pools: [
          { id: 'pool-a', services: ['a'], slots: 200, queue: 0 },
          { id: 'pool-b', services: ['b'], slots: 200, queue: 0 },
        ],
      },
    },
  };
}

const mmc4 = single(3, 4, 200);
const loss = single(3, 2, 5);

describe('a dependency of capacity c behind a pool', () => {
  it('many slots in front: M/M/4 (Erlang C) mean response and probability of waiting', () => {
    const theory = mmcWait({ arrivalRate: 3, serviceRate: 1, servers: 4 });
    expectWithin('dependency c=4, λ=3: mean response', replicate(mmc4, meanTimeInSystem), theory.meanTimeInSystem);
    expectWithin('dependency c=4, λ=3: P(wait at dependency)', replicate(mmc4, (r) => r.dependencies[0]?.probabilityOfWaiting ?? NaN), theory.probabilityOfWait);
    expectWithin('dependency c=4, λ=3: utilisation', replicate(mmc4, (r) => r.dependencies[0]?.utilisation ?? NaN), 0.75);
  });

  it('5 slots, no queue, in front of capacity 2: M/M/2/5 blocking and mean response', () => {
    const theory = mmck({ arrivalRate: 3, serviceRate: 1, servers: 2, capacity: 5 });
    expectWithin('pool 5 slots → dependency c=2, λ=3: blocking', replicate(loss, blocking), theory.blocking);
    expectWithin('pool 5 slots → dependency c=2, λ=3: mean response', replicate(loss, meanTimeInSystem), theory.meanTimeInSystem);
  });
});

describe('two partitioned pools sharing one dependency (capacity 4)', () => {
  const latencyOfA = (scenario: ScenarioInput) => replicate(scenario, (r) => r.services[0]?.little.meanTimeInSystem ?? NaN, 'partitioned');

  it("a pool's latency rises with the other pool's load, though neither pool refuses a call", () => {
    const quiet = latencyOfA(pair(2, 0.5));
    const busyScenario = pair(2, 1.5);
    const busy = latencyOfA(busyScenario);
    expectWithin('a with b at λ=0.5: mean response of a', quiet, mmcWait({ arrivalRate: 2.5, serviceRate: 1, servers: 4 }).meanTimeInSystem);
    expectWithin('a with b at λ=1.5: mean response of a', busy, mmcWait({ arrivalRate: 3.5, serviceRate: 1, servers: 4 }).meanTimeInSystem);
    expect(busy.mean).toBeGreaterThan(1.5 * quiet.mean);
    // The bulkhead is intact: pool a refuses nothing in either run.
    for (const run of runs(busyScenario, 'partitioned')) expect(run.services[0]?.counts.rejected).toBe(0);
  });
});

describe('a dependency that refuses calls beyond its capacity', () => {
  /** Failed (refused at the dependency) / offered attempts of the first service. */
  const refused = (r: SimulationSnapshot): number => (r.services[0]?.counts.failed ?? NaN) / (r.services[0]?.counts.offered ?? NaN);
  const refusedAll = (r: SimulationSnapshot): number => {
    const failed = r.services.reduce((sum, s) => sum + s.counts.failed, 0);
    return failed / r.services.reduce((sum, s) => sum + s.counts.offered, 0);
  };

  it('queue 0 behind 200 slots: M/M/4/4, refused as Erlang B says; calls that get through never wait', () => {
    const scenario = single(3, 4, 200, 0);
    expectWithin('dependency c=4, queue 0, λ=3: refused (Erlang B)', replicate(scenario, refused), erlangB({ offeredLoad: 3, servers: 4 }));
    expectWithin('dependency c=4, queue 0, λ=3: mean response of the calls that got through', replicate(scenario, (r) => r.services[0]?.latency.mean ?? NaN), 1);
    for (const run of runs(scenario)) {
      expect(run.dependencies[0]?.probabilityOfWaiting).toBe(0);
      expect(run.services[0]?.counts.rejected).toBe(0);
      // Each refusal is counted at the dependency and as a failed attempt of its caller.
      expect(run.dependencies[0]?.refused).toBe(run.services[0]?.counts.failed);
    }
  });

  it('queue 3: M/M/4/7 refusals and mean response', () => {
    const scenario = single(3, 4, 200, 3);
    const theory = mmck({ arrivalRate: 3, serviceRate: 1, servers: 4, capacity: 7 });
    expectWithin('dependency c=4, queue 3, λ=3: refused (M/M/4/7)', replicate(scenario, refused), theory.blocking);
    expectWithin('dependency c=4, queue 3, λ=3: mean response of the calls that got through', replicate(scenario, (r) => r.services[0]?.latency.mean ?? NaN), theory.meanTimeInSystem);
  });

  it('two partitioned pools whose slots sum above its capacity: one loss system fed by both', () => {
    const scenario = pair(2, 1.5, 0);
    expectWithin('two pools → dependency c=4, queue 0, λ=2+1.5: refused (Erlang B)', replicate(scenario, refusedAll, 'partitioned'), erlangB({ offeredLoad: 3.5, servers: 4 }));
  });
});
