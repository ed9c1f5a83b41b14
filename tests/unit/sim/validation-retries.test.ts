/**
 * Retry amplification on a fail-fast pool (issue #20). A loss system (c slots, no queue, Poisson
 * calls, exponential service of mean 1 s) whose callers retry refused attempts up to r tries in
 * all: the attempts offer A = a·(1 + B + … + B^(r−1)) with B = B(A, c), Erlang B, which
 * `retryLoad` solves.
 *
 * That formula treats retries as fresh Poisson arrivals. It is fair when a retry comes long after
 * the refusal, at a random time: here each retry waits a uniform 0–20 s (full jitter on a 20 s
 * backoff, multiplier 1), ten service times on average, so the pool has forgotten the state that
 * refused it. With immediate retries the approximation fails (a retry finds the same full pool).
 */
import { describe, it } from 'vitest';
import { retryLoad } from '../../../src/queueing/index';
import type { ScenarioInput, SimulationSnapshot } from '../../../src/sim/index';
import { blocking, expectWithin, replicate } from './replicate';

const CALL_RATE = 5;
const SLOTS = 6;

function retried(tries: number): ScenarioInput {
  return {
    name: 'retry amplification check',
    duration: 2200,
    warmup: 200,
    sampleInterval: 100,
    services: [
      {
        id: 'calls',
        arrival: { rate: CALL_RATE },
        serviceTime: { kind: 'exponential', mean: 1 },
        client: { retries: { count: tries - 1, backoff: 20, multiplier: 1, jitter: true } },
      },
    ],
    policies: { shared: { kind: 'shared', slots: SLOTS, queue: 0 } },
  };
}

/** Attempts per call: offered attempts over first attempts, both counted after the warmup. */
const amplification = (run: SimulationSnapshot): number => {
  const counts = run.services[0]?.counts;
  if (!counts) throw new Error('no service');
  return counts.offered / (counts.offered - counts.retries);
};

describe(`retry amplification (M/M/${SLOTS}/${SLOTS}, ${CALL_RATE} calls/s, mean 1 s, retries after uniform 0–20 s)`, () => {
  for (const tries of [1, 3, 5]) {
    const scenario = retried(tries);
    const theory = retryLoad({ offeredLoad: CALL_RATE, servers: SLOTS, tries }).lowest;
    it(`${tries} tries: per-attempt blocking and attempts per call match retryLoad`, () => {
      expectWithin(`retries, ${tries} tries: per-attempt blocking`, replicate(scenario, blocking), theory.blocking);
      expectWithin(`retries, ${tries} tries: attempts per call`, replicate(scenario, amplification), theory.amplification);
    });
  }
});
