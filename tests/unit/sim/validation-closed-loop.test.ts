/**
 * Closed-loop callers (a fixed population of clients that think, call and wait) against
 * finite-source theory: Engset blocking for a loss system, and the finite-source birth–death
 * chain and exact mean value analysis for systems with a queue.
 */
import { describe, it } from 'vitest';
import { engset, finiteSourceQueue, mvaSingleServer } from '../../../src/queueing/index';
import type { ScenarioInput } from '../../../src/sim/index';
import { blocking, expectWithin, meanTimeInSystem, replicate } from './replicate';

type ServiceTime = ScenarioInput['services'][number]['serviceTime'];

function closedLoop(clients: number, thinkTime: number, serviceTime: ServiceTime, slots: number, queue: number, duration: number): ScenarioInput {
  return {
    name: 'closed loop check',
    duration,
    warmup: 50,
    sampleInterval: 100,
    services: [{ id: 'calls', arrival: { rate: 1 / thinkTime, clients }, serviceTime }],
    policies: { shared: { kind: 'shared', slots, queue } },
  };
}

describe('closed loop without a queue (Engset)', () => {
  it('matches Engset blocking for 20 clients on 8 slots', () => {
    const scenario = closedLoop(20, 2, { kind: 'exponential', mean: 1 }, 8, 0, 3000);
    expectWithin('Engset N=20 c=8 a=0.5 (exponential)', replicate(scenario, blocking), engset({ sources: 20, servers: 8, loadPerIdleSource: 0.5 }));
  });

  it('matches Engset for lognormal service too (the loss system is insensitive)', () => {
    const scenario = closedLoop(20, 2, { kind: 'lognormal', mean: 1, p99: 5 }, 8, 0, 3000);
    expectWithin('Engset N=20 c=8 a=0.5 (lognormal p99=5×mean)', replicate(scenario, blocking), engset({ sources: 20, servers: 8, loadPerIdleSource: 0.5 }));
  });
});

describe('closed loop with a queue', () => {
  it('matches the finite-source M/M/c//N response time and throughput', () => {
    const scenario = closedLoop(30, 2, { kind: 'exponential', mean: 1 }, 10, 20, 3000);
    const exact = finiteSourceQueue({ sources: 30, thinkingRate: 0.5, serviceRate: 1, servers: 10 });
    expectWithin('finite-source M/M/10//30, Z=2 s, S=1 s: mean response time (s)', replicate(scenario, meanTimeInSystem), exact.meanTimeInSystem);
    expectWithin(
      'finite-source M/M/10//30: throughput (calls/s)',
      replicate(scenario, (run) => run.services[0]?.little.admittedRate ?? NaN),
      exact.throughput,
    );
  });

  it('matches exact MVA for one server', () => {
    const scenario = closedLoop(10, 1, { kind: 'exponential', mean: 0.1 }, 1, 9, 2000);
    expectWithin(
      'MVA N=10, Z=1 s, S=0.1 s, c=1: mean response time (s)',
      replicate(scenario, meanTimeInSystem),
      mvaSingleServer({ clients: 10, serviceTime: 0.1, thinkTime: 1 }).responseTime,
    );
  });
});
