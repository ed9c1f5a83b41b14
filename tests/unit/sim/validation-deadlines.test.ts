/**
 * Deadline propagation (issue #20) in M/M/c with deterministic patience T: callers time out after
 * T (`timeout`), and their timeout does not free anything in the pool (`timeoutFreesSlot: false`),
 * so a queued call whose caller left stays queued, an orphan.
 *
 *  - With `propagateDeadline: true` the pool drops each orphan when it reaches a slot. Under FIFO
 *    an orphan then delays nobody, so the system is M/M/c+D: an arrival is abandoned when its
 *    virtual wait V is at least T. Level crossing for V (it falls at rate 1 and jumps by an
 *    Exp(cμ) at each arrival that joins) gives, with p_n = p_0 aⁿ/n! for n < c busy slots,
 *    f(v) = λ p_(c−1) e^(−(cμ−λ)v) for 0 < v ≤ T and f(T) e^(−cμ(v−T)) beyond, so
 *    P(abandon) = λ p_(c−1) e^(−(cμ−λ)T) / (cμ), p_0 from normalisation. Slots serve only the
 *    others: mean busy = a (1 − P(abandon)), which shows no served call started after its deadline.
 *  - Without it every call is served, so the pool is plain M/M/c: the share of callers who time
 *    out in the queue is P(W > T) = C(a, c) e^(−(cμ−λ)T), and mean busy = a.
 */
import { describe, expect, it } from 'vitest';
import { erlangC } from '../../../src/queueing/index';
import { createSimulation, parseScenario, type ScenarioInput, type SimulationSnapshot } from '../../../src/sim/index';
import { expectWithin, replicate } from './replicate';

const LAMBDA = 4.5;
const SLOTS = 5;
const PATIENCE = 0.5;

/** P(abandon) in M/M/c+D with service rate 1 (derivation above). */
function abandonmentMMcD(lambda: number, c: number, patience: number): number {
  const a = lambda;
  const terms: number[] = [];
  let term = 1;
  for (let n = 0; n < c; n++) {
    terms.push(term);
    term *= a / (n + 1);
  }
  const below = terms.reduce((s, x) => s + x, 0);
  const pc1 = terms[c - 1] as number;
  const decay = Math.exp(-(c - lambda) * patience);
  const waiting = (lambda * pc1 * (1 - decay)) / (c - lambda) + (lambda * pc1 * decay) / c;
  const p0 = 1 / (below + waiting);
  return (lambda * pc1 * p0 * decay) / c;
}

function patient(propagateDeadline: boolean): ScenarioInput {
  return {
    name: 'deadline check',
    duration: 2100,
    warmup: 100,
    sampleInterval: 100,
    services: [
      {
        id: 'calls',
        arrival: { rate: LAMBDA },
        serviceTime: { kind: 'exponential', mean: 1 },
        client: { timeout: PATIENCE, timeoutFreesSlot: false, ...(propagateDeadline ? { propagateDeadline } : {}) },
      },
    ],
    policies: { shared: { kind: 'shared', slots: SLOTS, queue: 1000 } },
  };
}

const counts = (run: SimulationSnapshot) => {
  const c = run.services[0]?.counts;
  if (!c) throw new Error('no service');
  return c;
};
const queueTimeoutShare = (run: SimulationSnapshot) => counts(run).timedOutInQueue / counts(run).offered;
const droppedShare = (run: SimulationSnapshot) => counts(run).droppedPastDeadline / counts(run).offered;
const meanBusy = (run: SimulationSnapshot) => run.pools[0]?.meanBusy ?? NaN;

describe(`deadline propagation (M/M/${SLOTS}, ${LAMBDA} calls/s, mean 1 s, caller deadline ${PATIENCE} s)`, () => {
  it('with propagation, orphans are dropped at the slot: M/M/c+D abandonment and busy slots', () => {
    const scenario = patient(true);
    const abandon = abandonmentMMcD(LAMBDA, SLOTS, PATIENCE);
    expectWithin('deadline propagated: callers timed out in queue', replicate(scenario, queueTimeoutShare), abandon);
    expectWithin('deadline propagated: share dropped at the slot', replicate(scenario, droppedShare), abandon);
    expectWithin('deadline propagated: mean busy slots', replicate(scenario, meanBusy), LAMBDA * (1 - abandon));
  });

  it('without propagation, every orphan is served: M/M/c waiting and busy slots', () => {
    const scenario = patient(false);
    const late = erlangC({ offeredLoad: LAMBDA, servers: SLOTS }) * Math.exp(-(SLOTS - LAMBDA) * PATIENCE);
    expectWithin('deadline not propagated: callers timed out in queue', replicate(scenario, queueTimeoutShare), late);
    expectWithin('deadline not propagated: mean busy slots', replicate(scenario, meanBusy), LAMBDA);
  });
});

describe('propagateDeadline in the scenario', () => {
  it('needs timeoutFreesSlot: false, and says why', () => {
    const scenario = patient(true);
    const service = scenario.services[0];
    if (!service) throw new Error('no service');
    const result = parseScenario({ ...scenario, services: [{ ...service, client: { timeout: 1, propagateDeadline: true } }] });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toContain(
        'services[0].client.propagateDeadline needs timeoutFreesSlot: false (a timeout that frees the slot already takes a queued call out of the queue)',
      );
    }
  });
});

describe('an orphan and its maxQueueWait', () => {
  // Found by fuzz-invariants.test.ts: with maxQueueWait longer than the timeout, the caller's
  // timeout orphaned the call and no expiry was left, so it stayed queued until a slot freed.
  it('a maxQueueWait longer than the timeout still takes the orphan out of the queue when it expires', () => {
    // One slot held for 20 s by the first call; four more calls queue between 0 and 2 s.
    const sim = createSimulation({
      seed: 1,
      policy: 'p',
      scenario: {
        name: 'orphan past its maxQueueWait',
        duration: 30,
        services: [
          {
            id: 'a',
            arrival: { rate: 2, step: { at: 2, rate: 0 } },
            serviceTime: { kind: 'deterministic', mean: 20 },
            client: { timeout: 1, maxQueueWait: 2, timeoutFreesSlot: false },
          },
        ],
        policies: { p: { kind: 'shared', slots: 1, queue: 10 } },
      },
    });
    sim.runUntil(5);
    const s = sim.snapshot({ seriesLimit: 0 }).services[0];
    if (!s) throw new Error('no service');
    expect(s.counts.offered).toBe(5);
    // Each queued caller timed out at 1 s (orphaning its call), and each orphan left at 2 s.
    expect(s.counts.timedOutInQueue).toBe(4);
    expect(s.queued).toBe(0);
    expect(s.counts.droppedPastDeadline).toBe(4);
    expect(s.counts.orphansServed).toBe(0);
  });
});
