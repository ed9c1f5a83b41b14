/**
 * Queue disciplines against theory: LIFO blocks exactly as FIFO does in M/M/c/K (the number in
 * the system does not depend on the order of service), and non-preemptive priority classes in
 * M/M/1 wait as Cobham's formula says.
 */
import { describe, expect, it } from 'vitest';
import { mmck, priorityWaits } from '../../../src/queueing/index';
import { runScenario, type ScenarioInput, type SimulationSnapshot } from '../../../src/sim/index';
import { blocking, expectWithin, meanTimeInSystem, replicate } from './replicate';

describe('LIFO (M/M/c/K)', () => {
  const scenario: ScenarioInput = {
    name: 'lifo check',
    duration: 4000,
    warmup: 50,
    sampleInterval: 100,
    services: [{ id: 'calls', arrival: { rate: 8 }, serviceTime: { kind: 'exponential', mean: 1 } }],
    policies: { shared: { kind: 'shared', slots: 10, queue: 10, discipline: 'lifo' } },
  };
  const exact = mmck({ arrivalRate: 8, serviceRate: 1, servers: 10, capacity: 20 });

  it('blocks as FIFO does', () => {
    expectWithin('M/M/10/20 LIFO, 8 Erlangs: blocking', replicate(scenario, blocking), exact.blocking);
  });

  it('keeps the mean time in system (only its spread changes)', () => {
    expectWithin('M/M/10/20 LIFO: mean time in system (s)', replicate(scenario, meanTimeInSystem), exact.meanTimeInSystem);
  });

  it('serves the newest first: on the same traffic its p99 wait is longer than FIFO’s', () => {
    const fifo = runScenario({ scenario: { ...scenario, policies: { shared: { kind: 'shared', slots: 10, queue: 10 } } }, policy: 'shared', seed: 5 });
    const lifo = runScenario({ scenario, policy: 'shared', seed: 5 });
    expect(lifo.services[0]?.calls.started).toBe(fifo.services[0]?.calls.started);
    expect(lifo.services[0]?.queueWait.p99 ?? 0).toBeGreaterThan(1.5 * (fifo.services[0]?.queueWait.p99 ?? Infinity));
  });
});

describe('non-preemptive priority (M/M/1, Cobham)', () => {
  // Two services share one slot; "urgent" (class 0) is served before "batch" (class 1).
  const scenario: ScenarioInput = {
    name: 'priority check',
    duration: 20_000,
    warmup: 100,
    sampleInterval: 100,
    services: [
      { id: 'urgent', priority: 0, arrival: { rate: 0.3 }, serviceTime: { kind: 'exponential', mean: 1 } },
      { id: 'batch', priority: 1, arrival: { rate: 0.3 }, serviceTime: { kind: 'exponential', mean: 1 } },
    ],
    policies: { shared: { kind: 'shared', slots: 1, queue: 1000, discipline: 'priority' } },
  };
  const exponential = { meanService: 1, secondMoment: 2 };
  const [urgentWait = NaN, batchWait = NaN] = priorityWaits({ classes: [{ arrivalRate: 0.3, ...exponential }, { arrivalRate: 0.3, ...exponential }] });
  const waitOf = (index: number) => (run: SimulationSnapshot) => run.services[index]?.queueWait.mean ?? NaN;

  it('gives the first class the Cobham wait', () => {
    expectWithin('M/M/1 priority, ρ=0.6, class 0: mean queue wait (s)', replicate(scenario, waitOf(0)), urgentWait);
  });

  it('gives the second class the Cobham wait', () => {
    expectWithin('M/M/1 priority, ρ=0.6, class 1: mean queue wait (s)', replicate(scenario, waitOf(1)), batchWait);
  });
});
