import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  QueueingInputError,
  erlangB,
  mmcWait,
  mmck,
  poolSizeCurve,
  quickRuleSize,
  sizePool,
} from '../../../src/queueing';
import type { SizingStep } from '../../../src/queueing';

const evaluations = (steps: SizingStep[]) =>
  steps.flatMap((step) => (step.kind === 'evaluate' ? [{ role: step.role, ...step.evaluation }] : []));

/** M/M/c/K figures through the public function, for a pool with `queue` waiting places. */
const bounded = (arrivalRate: number, meanServiceTime: number, servers: number, queue: number) =>
  mmck({ arrivalRate, serviceRate: 1 / meanServiceTime, servers, capacity: servers + queue });

describe('sizePool', () => {
  it('sizes 16 Erlangs at 1% blocking with no queue to 25 slots, and shows why', () => {
    const result = sizePool({ arrivalRate: 160, meanServiceTime: 0.1, targetBlocking: 0.01 });
    expect(result.servers).toBe(25);
    expect(result.queueCapacity).toBe(0);
    expect(result.model).toBe('erlang-b');
    expect(result.offeredLoad).toBeCloseTo(16, 12);
    const [first] = result.steps;
    expect(first).toMatchObject({ kind: 'offered-load', formula: 'a = λ × S' });
    const [chosen, fewer] = evaluations(result.steps);
    expect(chosen).toMatchObject({ role: 'chosen', servers: 25, meetsBlocking: true });
    expect(chosen?.blocking).toBeCloseTo(erlangB({ offeredLoad: 16, servers: 25 }), 15);
    expect(fewer).toMatchObject({ role: 'one-fewer-server', servers: 24, meetsBlocking: false });
  });

  it('picks the smallest loss pool: one fewer slot misses the target', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 2_000, noNaN: true }),
        fc.double({ min: 0.001, max: 2, noNaN: true }),
        fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
        (arrivalRate, meanServiceTime, targetBlocking) => {
          const { servers, offeredLoad } = sizePool({ arrivalRate, meanServiceTime, targetBlocking });
          expect(erlangB({ offeredLoad, servers })).toBeLessThanOrEqual(targetBlocking);
          if (servers > 1) expect(erlangB({ offeredLoad, servers: servers - 1 })).toBeGreaterThan(targetBlocking);
        },
      ),
    );
  });

  it('picks the smallest pool with an unbounded queue that meets a mean-wait target', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 1_000, noNaN: true }),
        fc.double({ min: 0.001, max: 2, noNaN: true }),
        fc.double({ min: 0.001, max: 2, noNaN: true }),
        (arrivalRate, meanServiceTime, waitShare) => {
          const targetMeanWait = waitShare * meanServiceTime;
          const result = sizePool({ arrivalRate, meanServiceTime, targetMeanWait });
          expect(result.queueCapacity).toBe('unbounded');
          const serviceRate = 1 / meanServiceTime;
          expect(mmcWait({ arrivalRate, serviceRate, servers: result.servers }).meanTimeInQueue).toBeLessThanOrEqual(targetMeanWait);
          const fewer = result.servers - 1;
          if (fewer >= 1 && arrivalRate / serviceRate < fewer) {
            expect(mmcWait({ arrivalRate, serviceRate, servers: fewer }).meanTimeInQueue).toBeGreaterThan(targetMeanWait);
          }
        },
      ),
    );
  });

  it('finds the same pool as a full scan when the queue size is fixed', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 30, noNaN: true }),
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0.005, max: 0.3, noNaN: true }),
        fc.double({ min: 0.02, max: 1, noNaN: true }),
        (offeredLoad, queueCapacity, targetBlocking, targetMeanWait) => {
          const result = sizePool({ arrivalRate: offeredLoad, meanServiceTime: 1, targetBlocking, targetMeanWait, queueCapacity });
          let scanned = 1;
          for (; ; scanned++) {
            const figures = bounded(offeredLoad, 1, scanned, queueCapacity);
            if (figures.blocking <= targetBlocking && figures.meanTimeInQueue <= targetMeanWait) break;
          }
          expect(result.servers).toBe(scanned);
          expect(result.model).toBe('mmck');
        },
      ),
    );
  });

  it("with queueCapacity 'auto', finds the smallest pool and then the smallest queue meeting both targets", () => {
    const largestQueueScanned = 120;
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 12, noNaN: true }),
        fc.double({ min: 0.002, max: 0.2, noNaN: true }),
        fc.double({ min: 0.02, max: 1, noNaN: true }),
        (offeredLoad, targetBlocking, targetMeanWait) => {
          const result = sizePool({ arrivalRate: offeredLoad, meanServiceTime: 1, targetBlocking, targetMeanWait });
          const queue = result.queueCapacity;
          expect(typeof queue).toBe('number');
          if (typeof queue !== 'number') return;
          const fits = (servers: number, q: number) => {
            const figures = bounded(offeredLoad, 1, servers, q);
            return figures.blocking <= targetBlocking && figures.meanTimeInQueue <= targetMeanWait;
          };
          expect(fits(result.servers, queue)).toBe(true);
          for (let q = 0; q < queue; q++) expect(fits(result.servers, q)).toBe(false);
          for (let servers = 1; servers < result.servers; servers++) {
            for (let q = 0; q <= largestQueueScanned; q++) expect(fits(servers, q)).toBe(false);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('needs fewer slots with a short queue than without one for the same blocking target', () => {
    const withoutQueue = sizePool({ arrivalRate: 160, meanServiceTime: 0.1, targetBlocking: 0.01 });
    const withQueue = sizePool({ arrivalRate: 160, meanServiceTime: 0.1, targetBlocking: 0.01, targetMeanWait: 0.005 });
    expect(withQueue.servers).toBeLessThan(withoutQueue.servers);
    expect(withQueue.meanWait).toBeLessThanOrEqual(0.005);
    expect(evaluations(withQueue.steps).map((step) => step.role)).toEqual([
      'chosen',
      'one-fewer-server',
      'one-fewer-queue-place',
    ]);
  });

  it('uses a queue to fit under maxServers when a loss pool would need more', () => {
    const result = sizePool({ arrivalRate: 16, meanServiceTime: 1, targetBlocking: 0.01, targetMeanWait: 0.05, maxServers: 20 });
    expect(result.servers).toBeLessThanOrEqual(20);
    expect(result.meetsBlocking).toBe(true);
    expect(result.meetsWait).toBe(true);
    expect(() => sizePool({ arrivalRate: 16, meanServiceTime: 1, targetBlocking: 0.01, targetMeanWait: 0.05, maxServers: 10 })).toThrow(
      'no pool of up to 10 servers meets the targets',
    );
  });

  it('handles loads that need thousands of servers with finite figures', () => {
    const loss = sizePool({ arrivalRate: 2_000, meanServiceTime: 2, targetBlocking: 0.001 });
    expect(loss.servers).toBeGreaterThan(4_000);
    expect(erlangB({ offeredLoad: 4_000, servers: loss.servers - 1 })).toBeGreaterThan(0.001);
    const auto = sizePool({ arrivalRate: 2_000, meanServiceTime: 2, targetBlocking: 0.001, targetMeanWait: 0.01 });
    expect(auto.servers).toBeLessThanOrEqual(loss.servers);
    expect(Number.isFinite(auto.meanWait)).toBe(true);
  });

  it('reports an unstable unbounded queue as not fitting rather than as a number', () => {
    const result = sizePool({ arrivalRate: 10, meanServiceTime: 1, targetMeanWait: 5 });
    const [, fewer] = evaluations(result.steps);
    expect(result.servers).toBe(11);
    expect(fewer).toMatchObject({ servers: 10, stable: false, meanWait: null, meetsWait: false });
  });

  it('explains missing or conflicting targets and unreachable sizes', () => {
    expect(() => sizePool({ arrivalRate: 1, meanServiceTime: 1 })).toThrow('give targetBlocking, targetMeanWait or both');
    expect(() => sizePool({ arrivalRate: 1, meanServiceTime: 1, targetBlocking: 0.01, queueCapacity: 'auto' })).toThrow(
      "queueCapacity 'auto' needs both targetBlocking and targetMeanWait",
    );
    expect(() => sizePool({ arrivalRate: 1, meanServiceTime: 1, targetBlocking: 0.01, queueCapacity: -1 })).toThrow(
      'queueCapacity must be a whole number of at least 0 (got -1)',
    );
    const loose = sizePool as (input: unknown) => unknown;
    expect(() => loose({ arrivalRate: 1, meanServiceTime: 1, targetBlocking: 0.01, queueCapacity: 'big' })).toThrow(
      `queueCapacity must be a whole number of at least 0, 'unbounded' or 'auto' (got the text "big")`,
    );
    expect(() => sizePool({ arrivalRate: 100, meanServiceTime: 1, targetBlocking: 0.01, maxServers: 50 })).toThrow(
      'no pool of up to 50 servers meets the targets; relax the targets or raise maxServers',
    );
    expect(() => sizePool({ arrivalRate: 0, meanServiceTime: 1, targetBlocking: 0.01 })).toThrow(QueueingInputError);
    expect(() => sizePool({ arrivalRate: 1, meanServiceTime: 1, targetMeanWait: 0 })).toThrow(
      'targetMeanWait must be a finite number greater than 0 (got 0)',
    );
  });
});

describe('poolSizeCurve', () => {
  it('gives Erlang B blocking for each size when there is no queue', () => {
    const points = poolSizeCurve({ arrivalRate: 16, meanServiceTime: 1, fromServers: 16, toServers: 30 });
    expect(points.map((point) => point.servers)).toEqual(Array.from({ length: 15 }, (_, i) => 16 + i));
    for (const point of points) {
      expect(point.blocking).toBeCloseTo(erlangB({ offeredLoad: 16, servers: point.servers }), 15);
      expect(point.meanWait).toBe(0);
    }
  });

  it('marks sizes at or below the load as never settling with an unbounded queue', () => {
    const points = poolSizeCurve({ arrivalRate: 8, meanServiceTime: 1, fromServers: 6, toServers: 12, queueCapacity: 'unbounded' });
    expect(points.filter((point) => point.meanWait === null).map((point) => point.servers)).toEqual([6, 7, 8]);
    expect(points.find((point) => point.servers === 10)?.meanWait).toBeCloseTo(0.20459, 6);
  });

  it('matches mmck with a fixed queue and honours the step', () => {
    const points = poolSizeCurve({ arrivalRate: 8, meanServiceTime: 1, fromServers: 4, toServers: 20, step: 4, queueCapacity: 10 });
    expect(points.map((point) => point.servers)).toEqual([4, 8, 12, 16, 20]);
    const at8 = bounded(8, 1, 8, 10);
    expect(points[1]?.blocking).toBeCloseTo(at8.blocking, 15);
    expect(points[1]?.meanWait).toBeCloseTo(at8.meanTimeInQueue, 15);
  });

  it('agrees with mmck for fixed queues, including long queues under overload', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 400, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 3_000 }),
        (offeredLoad, servers, queueCapacity) => {
          const [point] = poolSizeCurve({ arrivalRate: offeredLoad, meanServiceTime: 1, fromServers: servers, toServers: servers, queueCapacity });
          const expected = bounded(offeredLoad, 1, servers, queueCapacity);
          expect(point?.blocking).toBeCloseTo(expected.blocking, 10);
          const waitError = Math.abs((point?.meanWait ?? Number.NaN) - expected.meanTimeInQueue);
          expect(waitError).toBeLessThanOrEqual(1e-9 * Math.max(expected.meanTimeInQueue, 1e-12));
          expect(point?.probabilityOfWait).toBeCloseTo(expected.probabilityOfWait, 10);
          expect(point?.utilization).toBeCloseTo(expected.utilization, 10);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses more points than a chart needs and says which step would do', () => {
    expect(() => poolSizeCurve({ arrivalRate: 1, meanServiceTime: 1, fromServers: 1, toServers: 10_000 })).toThrow(
      'use a step of at least 5',
    );
  });
});

describe('quickRuleSize', () => {
  it("reproduces the Hystrix wiki's example: 30 rps × 0.2 s = 6 in flight, 10 with room", () => {
    const bare = quickRuleSize({ peakArrivalRate: 30, p99Latency: 0.2 });
    expect(bare.inFlightAtPeak).toBeCloseTo(6, 12);
    expect(bare.size).toBe(6);
    expect(quickRuleSize({ peakArrivalRate: 30, p99Latency: 0.2, headroomSlots: 4 }).size).toBe(10);
    expect(quickRuleSize({ peakArrivalRate: 30, p99Latency: 0.2, headroomFraction: 0.5 }).size).toBe(9);
  });

  it('ignores floating-point dust when rounding: 100 rps × 0.07 s is 7 slots, not 8', () => {
    expect(100 * 0.07).toBeGreaterThan(7);
    expect(quickRuleSize({ peakArrivalRate: 100, p99Latency: 0.07 }).size).toBe(7);
  });

  it('rounds up partial slots and never returns fewer than one', () => {
    expect(quickRuleSize({ peakArrivalRate: 7, p99Latency: 0.3 }).size).toBe(3);
    expect(quickRuleSize({ peakArrivalRate: 0.1, p99Latency: 0.01 }).size).toBe(1);
  });

  it('rejects negative headroom', () => {
    expect(() => quickRuleSize({ peakArrivalRate: 1, p99Latency: 1, headroomSlots: -2 })).toThrow(
      'headroomSlots must be a finite number of at least 0 (got -2)',
    );
  });
});
