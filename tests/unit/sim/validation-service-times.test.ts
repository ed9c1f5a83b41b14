/**
 * Heavy-tailed and mixed service times, and the queue-wait output, against theory:
 * Pollaczek–Khinchine for M/G/1 (finite variance), Erlang B's insensitivity for M/G/c/c, and
 * Erlang C (the probability of waiting) and the M/M/c mean wait.
 */
import { describe, it } from 'vitest';
import { erlangB, erlangC, mmcWait, pollaczekKhinchine } from '../../../src/queueing/index';
import type { ScenarioInput, SimulationSnapshot } from '../../../src/sim/index';
import { blocking, expectWithin, replicate } from './replicate';

type ServiceTime = ScenarioInput['services'][number]['serviceTime'];

function open(rate: number, serviceTime: ServiceTime, slots: number, queue: number, duration: number): ScenarioInput {
  return {
    name: 'service time check',
    duration,
    warmup: 100,
    sampleInterval: 100,
    services: [{ id: 'calls', arrival: { rate }, serviceTime }],
    policies: { shared: { kind: 'shared', slots, queue } },
  };
}

const meanWait = (run: SimulationSnapshot) => run.services[0]?.queueWait.mean ?? NaN;
const probabilityOfWaiting = (run: SimulationSnapshot) => run.services[0]?.queueWait.probabilityOfWaiting ?? NaN;

/** 90% of calls take 0.5 s and 10% take 5.5 s: mean 1 s, E[S²] = 0.9·0.25 + 0.1·30.25 = 3.25. */
const bimodal: ServiceTime = {
  kind: 'mixture',
  components: [
    { weight: 0.9, time: { kind: 'deterministic', mean: 0.5 } },
    { weight: 0.1, time: { kind: 'deterministic', mean: 5.5 } },
  ],
};

/** Pareto with mean m and shape α: scale x = m(α − 1)/α, E[S²] = x²·α/(α − 2). */
const paretoSecondMoment = (mean: number, shape: number) => ((mean * (shape - 1)) / shape) ** 2 * (shape / (shape - 2));

describe('M/G/1 mean wait (Pollaczek–Khinchine)', () => {
  it('with Pareto service of shape 4', () => {
    const exact = pollaczekKhinchine({ arrivalRate: 0.5, meanService: 1, secondMoment: paretoSecondMoment(1, 4) }).meanWait;
    expectWithin('M/G/1 Pareto α=4, ρ=0.5: mean queue wait (s)', replicate(open(0.5, { kind: 'pareto', mean: 1, shape: 4 }, 1, 1000, 20_000), meanWait), exact);
  });

  it('with bimodal service (90% 0.5 s, 10% 5.5 s)', () => {
    const exact = pollaczekKhinchine({ arrivalRate: 0.5, meanService: 1, secondMoment: 3.25 }).meanWait;
    expectWithin('M/G/1 bimodal 90/10, ρ=0.5: mean queue wait (s)', replicate(open(0.5, bimodal, 1, 1000, 20_000), meanWait), exact);
  });
});

describe('M/G/c/c blocking depends only on the mean (Erlang B insensitivity)', () => {
  const exact = erlangB({ offeredLoad: 10, servers: 15 });

  it('with Pareto service of shape 2.5', () => {
    expectWithin('M/G/15/15 Pareto α=2.5, 10 Erlangs: blocking', replicate(open(10, { kind: 'pareto', mean: 1, shape: 2.5 }, 15, 0, 3000), blocking), exact);
  });

  it('with bimodal service', () => {
    expectWithin('M/G/15/15 bimodal 90/10, 10 Erlangs: blocking', replicate(open(10, bimodal, 15, 0, 3000), blocking), exact);
  });
});

describe('the probability of waiting and the queue wait (M/M/c)', () => {
  const scenario = open(8, { kind: 'exponential', mean: 1 }, 10, 500, 4000);

  it('matches Erlang C', () => {
    expectWithin('M/M/10, 8 Erlangs: P(wait)', replicate(scenario, probabilityOfWaiting), erlangC({ offeredLoad: 8, servers: 10 }));
  });

  it('matches the M/M/c mean wait', () => {
    expectWithin('M/M/10, 8 Erlangs: mean queue wait (s)', replicate(scenario, meanWait), mmcWait({ arrivalRate: 8, serviceRate: 1, servers: 10 }).meanTimeInQueue);
  });
});
