/**
 * The engine against closed forms (src/queueing). Each check runs several independent seeds and
 * accepts the mean when it lies within 4 standard errors of the exact value (the standard error is
 * estimated from the spread between seeds), so a correct engine fails with probability well under
 * 0.1%, and a biased one of a few per cent fails every time.
 */
import { describe, expect, it } from 'vitest';
import { erlangB, mmck } from '../../../src/queueing/index';
import { runScenario, type ScenarioInput, type SimulationSnapshot } from '../../../src/sim/index';
import { expectLittlesLaw } from './little';

const SEEDS = [11, 22, 33, 44, 55, 66, 77, 88];

function singleService(arrivalRate: number, serviceTime: ScenarioInput['services'][number]['serviceTime'], slots: number, queue: number, duration: number): ScenarioInput {
  return {
    name: 'closed form check',
    duration,
    warmup: 50,
    sampleInterval: 100,
    services: [{ id: 'calls', arrival: { rate: arrivalRate }, serviceTime }],
    policies: { shared: { kind: 'shared', slots, queue } },
  };
}

interface Estimate {
  mean: number;
  standardError: number;
}

const runsCache = new Map<ScenarioInput, SimulationSnapshot[]>();

/** Runs a scenario once per seed (cached, so several measures share the runs) and averages. */
function replicate(scenario: ScenarioInput, measure: (run: SimulationSnapshot) => number): Estimate {
  let runs = runsCache.get(scenario);
  if (!runs) {
    runs = SEEDS.map((seed) => runScenario({ scenario, policy: 'shared', seed }, { seriesLimit: 0 }));
    runsCache.set(scenario, runs);
  }
  const values = runs.map(measure);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, standardError: Math.sqrt(variance / values.length) };
}

function expectWithin(estimate: Estimate, exact: number): void {
  // The floor on the tolerance guards against a lucky near-zero spread between seeds.
  const tolerance = Math.max(4 * estimate.standardError, 0.002 * Math.abs(exact));
  expect(Math.abs(estimate.mean - exact), `estimate ${estimate.mean} ± ${estimate.standardError} vs exact ${exact}`).toBeLessThanOrEqual(tolerance);
}

const blocking = (run: SimulationSnapshot) => {
  const counts = run.services[0]?.counts;
  if (!counts) throw new Error('no service');
  return counts.rejected / counts.offered;
};
const meanInSystem = (run: SimulationSnapshot) => (run.pools[0]?.meanBusy ?? NaN) + (run.pools[0]?.meanQueued ?? NaN);
const meanTimeInSystem = (run: SimulationSnapshot) => run.services[0]?.little.meanTimeInSystem ?? NaN;

describe('blocking without a queue (M/M/c/c)', () => {
  it('matches Erlang B for 15 slots at 10 Erlangs', () => {
    const estimate = replicate(singleService(10, { kind: 'exponential', mean: 1 }, 15, 0, 3000), blocking);
    expectWithin(estimate, erlangB({ offeredLoad: 10, servers: 15 }));
  });

  it('matches Erlang B for lognormal service times too, since loss systems are insensitive to the distribution', () => {
    const estimate = replicate(singleService(40, { kind: 'lognormal', mean: 0.2, p99: 1 }, 10, 0, 800), blocking);
    expectWithin(estimate, erlangB({ offeredLoad: 8, servers: 10 }));
  });
});

describe('a bounded queue (M/M/c/K)', () => {
  const exact = mmck({ arrivalRate: 8, serviceRate: 1, servers: 10, capacity: 20 });
  const scenario = singleService(8, { kind: 'exponential', mean: 1 }, 10, 10, 4000);

  it('matches the blocking probability of M/M/10/20', () => {
    expectWithin(replicate(scenario, blocking), exact.blocking);
  });

  it('matches the mean number in system', () => {
    expectWithin(replicate(scenario, meanInSystem), exact.meanInSystem);
  });

  it('matches the mean time in system', () => {
    expectWithin(replicate(scenario, meanTimeInSystem), exact.meanTimeInSystem);
  });

  it('matches an overloaded M/M/4/6 as well', () => {
    const overloaded = singleService(6, { kind: 'exponential', mean: 1 }, 4, 2, 2000);
    const exactOverloaded = mmck({ arrivalRate: 6, serviceRate: 1, servers: 4, capacity: 6 });
    expectWithin(replicate(overloaded, blocking), exactOverloaded.blocking);
    expectWithin(replicate(overloaded, meanInSystem), exactOverloaded.meanInSystem);
  });
});

describe("Little's law", () => {
  it('holds in a long M/M/c/K run', () => {
    expectLittlesLaw(runScenario({ scenario: singleService(8, { kind: 'exponential', mean: 1 }, 10, 10, 2000), policy: 'shared', seed: 1 }));
  });
});
