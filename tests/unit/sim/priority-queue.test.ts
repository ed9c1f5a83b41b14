import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/sim/index';
import { AttemptHeap } from '../../../src/sim/models/pool/priority-queue';
import { expectLittlesLaw } from './little';

describe('AttemptHeap', () => {
  it('pops by class, then by ticket, skipping nothing it holds', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 200 }), (classes) => {
        const heap = new AttemptHeap();
        classes.forEach((c, ticket) => heap.push(ticket, ticket, c, () => true));
        const popped: [number, number][] = [];
        while (heap.size > 0) {
          heap.pop();
          popped.push([classes[heap.poppedTicket] ?? -1, heap.poppedTicket]);
        }
        const expected = classes.map((c, ticket) => [c, ticket] as [number, number]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        expect(popped).toEqual(expected);
      }),
    );
  });

  it('drops stale entries when full instead of growing without bound', () => {
    const heap = new AttemptHeap();
    for (let ticket = 0; ticket < 10_000; ticket++) heap.push(ticket, ticket, ticket % 3, (_, t) => t >= ticket - 5);
    expect(heap.size).toBeLessThan(64);
  });
});

describe('priority queues with expiring waits', () => {
  it('keeps Little’s law when queued calls time out', () => {
    const run = runScenario({
      scenario: {
        name: 'priority with expiry',
        duration: 300,
        services: [
          { id: 'urgent', priority: 0, arrival: { rate: 6 }, serviceTime: { kind: 'exponential', mean: 0.3 }, client: { maxQueueWait: 0.5 } },
          { id: 'batch', priority: 3, arrival: { rate: 6 }, serviceTime: { kind: 'exponential', mean: 0.3 }, client: { maxQueueWait: 2 } },
        ],
        policies: { shared: { kind: 'shared', slots: 3, queue: 100, discipline: 'priority' } },
      },
      policy: 'shared',
      seed: 2,
    });
    expect(run.services[1]?.counts.timedOutInQueue).toBeGreaterThan(0);
    expect(run.services[0]?.queueWait.mean ?? Infinity).toBeLessThan(run.services[1]?.queueWait.mean ?? 0);
    expectLittlesLaw(run);
  });
});
