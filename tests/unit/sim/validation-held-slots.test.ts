/**
 * Caller timeouts that do not free the slot. In a loss system (no queue) blocking depends only on
 * the mean time a call holds its slot (Erlang B's insensitivity), so the three ways a timeout can
 * end a slot's hold give three different, exactly known blockings. With exponential service of
 * mean 1 s and a caller timeout of 0.5 s, a slot is held for:
 *  - min(S, 0.5) when the timeout frees it: mean 1 − e^−0.5;
 *  - S when it does not: mean 1;
 *  - min(S, 1) with a 1 s socket timeout: mean 1 − e^−1.
 */
import { describe, it } from 'vitest';
import { erlangB } from '../../../src/queueing/index';
import type { ScenarioInput } from '../../../src/sim/index';
import { blocking, expectWithin, replicate } from './replicate';

type Client = ScenarioInput['services'][number]['client'];

function loss(client: Client): ScenarioInput {
  return {
    name: 'held slot check',
    duration: 2000,
    warmup: 20,
    sampleInterval: 100,
    services: [{ id: 'calls', arrival: { rate: 10 }, serviceTime: { kind: 'exponential', mean: 1 }, client }],
    policies: { shared: { kind: 'shared', slots: 6, queue: 0 } },
  };
}

describe('caller timeouts and slot holding (M/G/6/6, 10 calls/s, mean 1 s, timeout 0.5 s)', () => {
  it('a timeout that frees the slot: Erlang B with the mean min(S, 0.5)', () => {
    expectWithin('timeout frees slot: blocking', replicate(loss({ timeout: 0.5 }), blocking), erlangB({ offeredLoad: 10 * (1 - Math.exp(-0.5)), servers: 6 }));
  });

  it('a timeout that leaves the slot busy: Erlang B with the full mean', () => {
    expectWithin('timeout keeps slot: blocking', replicate(loss({ timeout: 0.5, timeoutFreesSlot: false }), blocking), erlangB({ offeredLoad: 10, servers: 6 }));
  });

  it('a socket timeout of 1 s: Erlang B with the mean min(S, 1)', () => {
    expectWithin(
      'timeout keeps slot, socket timeout 1 s: blocking',
      replicate(loss({ timeout: 0.5, timeoutFreesSlot: false, socketTimeout: 1 }), blocking),
      erlangB({ offeredLoad: 10 * (1 - Math.exp(-1)), servers: 6 }),
    );
  });
});
