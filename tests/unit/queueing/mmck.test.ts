import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueueingInputError, erlangB, mmcWait, mmck, mmckDistribution } from '../../../src/queueing';
import { textbookMmck } from './reference';

const allFinite = (record: object): boolean =>
  Object.values(record).every((value) => typeof value !== 'number' || Number.isFinite(value));

/** Small M/M/c/K cases: rates, servers and a capacity of at least servers. */
const smallCase = fc
  .record({
    arrivalRate: fc.double({ min: 0.01, max: 60, noNaN: true }),
    serviceRate: fc.double({ min: 0.05, max: 20, noNaN: true }),
    servers: fc.integer({ min: 1, max: 30 }),
    extra: fc.integer({ min: 0, max: 40 }),
  })
  .map(({ extra, ...rest }) => ({ ...rest, capacity: rest.servers + extra }));

describe('mmck', () => {
  it('matches every published figure for M/M/10/20 at λ = 8, μ = 1', () => {
    const result = mmck({ arrivalRate: 8, serviceRate: 1, servers: 10, capacity: 20 });
    expect(result.blocking).toBeCloseTo(0.0091072, 7);
    expect(result.throughput).toBeCloseTo(7.927143, 6);
    expect(result.meanInSystem).toBeCloseTo(9.077056, 6);
    expect(result.meanInQueue).toBeCloseTo(1.149914, 6);
    expect(result.meanTimeInSystem).toBeCloseTo(1.14506, 6);
    expect(result.meanTimeInQueue).toBeCloseTo(0.14506, 6);
  });

  it('does not collapse W to 1/μ as the busy-servers mistake does', () => {
    const result = mmck({ arrivalRate: 8, serviceRate: 1, servers: 10, capacity: 20 });
    expect(result.meanTimeInSystem - 1).toBeCloseTo(result.meanTimeInQueue, 12);
    expect(result.meanTimeInSystem).toBeGreaterThan(1.1);
  });

  it('equals Erlang B when there is no waiting room (capacity = servers)', () => {
    expect(mmck({ arrivalRate: 10, serviceRate: 1, servers: 15, capacity: 15 }).blocking).toBeCloseTo(0.0364969, 7);
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 3_000, noNaN: true }), fc.integer({ min: 1, max: 2_000 }), (offeredLoad, servers) => {
        const { blocking, meanTimeInQueue } = mmck({ arrivalRate: offeredLoad, serviceRate: 1, servers, capacity: servers });
        expect(blocking).toBeCloseTo(erlangB({ offeredLoad, servers }), 12);
        expect(meanTimeInQueue).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('approaches the M/M/c (Erlang C) figures as capacity grows', () => {
    const unbounded = mmcWait({ arrivalRate: 8, serviceRate: 1, servers: 10 });
    const large = mmck({ arrivalRate: 8, serviceRate: 1, servers: 10, capacity: 2_000 });
    expect(large.blocking).toBeLessThan(1e-100);
    expect(large.meanTimeInQueue).toBeCloseTo(unbounded.meanTimeInQueue, 12);
    expect(large.meanInSystem).toBeCloseTo(unbounded.meanInSystem, 11);
    expect(large.probabilityOfWait).toBeCloseTo(unbounded.probabilityOfWait, 12);
  });

  it('agrees with the textbook closed form on small systems', () => {
    fc.assert(
      fc.property(smallCase, ({ arrivalRate, serviceRate, servers, capacity }) => {
        const expected = textbookMmck(arrivalRate, serviceRate, servers, capacity);
        const result = mmck({ arrivalRate, serviceRate, servers, capacity });
        expect(result.blocking).toBeCloseTo(expected.blocking, 12);
        expect(result.meanInSystem).toBeCloseTo(expected.meanInSystem, 10);
        expect(result.meanInQueue).toBeCloseTo(expected.meanInQueue, 10);
        expect(result.meanTimeInSystem / expected.meanTimeInSystem).toBeCloseTo(1, 10);
      }),
    );
  });

  it("obeys Little's law and flow balance: L = λ_eff·W, Lq = λ_eff·Wq, L − Lq = λ_eff/μ", () => {
    fc.assert(
      fc.property(smallCase, ({ arrivalRate, serviceRate, servers, capacity }) => {
        const result = mmck({ arrivalRate, serviceRate, servers, capacity });
        const scale = Math.max(1, result.meanInSystem);
        expect(Math.abs(result.meanInSystem - result.throughput * result.meanTimeInSystem) / scale).toBeLessThan(1e-12);
        expect(Math.abs(result.meanInQueue - result.throughput * result.meanTimeInQueue) / scale).toBeLessThan(1e-12);
        // Mean busy servers is the carried load: an identity the stationary sums must satisfy.
        expect(Math.abs(result.meanInSystem - result.meanInQueue - result.throughput / serviceRate) / scale).toBeLessThan(1e-10);
        expect(result.utilization * servers).toBeCloseTo(result.throughput / serviceRate, 9);
      }),
    );
  });

  it('keeps every probability in [0, 1] and every figure finite', () => {
    fc.assert(
      fc.property(smallCase, (input) => {
        const result = mmck(input);
        for (const probability of [result.blocking, result.utilization, result.probabilityOfWait]) {
          expect(probability).toBeGreaterThanOrEqual(0);
          expect(probability).toBeLessThanOrEqual(1 + 1e-15);
        }
        expect(allFinite(result)).toBe(true);
      }),
    );
  });

  it('blocks less with more servers or more waiting room', () => {
    fc.assert(
      fc.property(smallCase, (input) => {
        const here = mmck(input).blocking;
        expect(mmck({ ...input, servers: input.servers + 1, capacity: input.capacity + 1 }).blocking).toBeLessThanOrEqual(here * (1 + 1e-12));
        expect(mmck({ ...input, capacity: input.capacity + 1 }).blocking).toBeLessThanOrEqual(here * (1 + 1e-12));
      }),
    );
  });

  it('stays finite at capacity 10 000 whether lightly or heavily loaded', () => {
    const cases = [
      { arrivalRate: 9_000, serviceRate: 1, servers: 5_000, capacity: 10_000 },
      { arrivalRate: 4_900, serviceRate: 1, servers: 5_000, capacity: 10_000 },
      { arrivalRate: 10_000, serviceRate: 1, servers: 10_000, capacity: 10_000 },
      { arrivalRate: 1, serviceRate: 1, servers: 10_000, capacity: 10_000 },
      { arrivalRate: 1e6, serviceRate: 1, servers: 1, capacity: 10_000 },
      { arrivalRate: 0.001, serviceRate: 1, servers: 1, capacity: 10_000 },
    ];
    for (const input of cases) {
      const result = mmck(input);
      expect(allFinite(result)).toBe(true);
      expect(result.blocking).toBeGreaterThanOrEqual(0);
      expect(result.blocking).toBeLessThanOrEqual(1);
    }
    // Heavily overloaded: everything beyond c is turned away, so blocking → 1 − c/a.
    expect(mmck({ arrivalRate: 9_000, serviceRate: 1, servers: 5_000, capacity: 10_000 }).blocking).toBeCloseTo(1 - 5_000 / 9_000, 9);
    expect(mmck({ arrivalRate: 10_000, serviceRate: 1, servers: 10_000, capacity: 10_000 }).blocking).toBeCloseTo(
      erlangB({ offeredLoad: 10_000, servers: 10_000 }),
      12,
    );
  });

  it('rejects servers above capacity and other bad input with the field named', () => {
    expect(() => mmck({ arrivalRate: 1, serviceRate: 1, servers: 12, capacity: 10 })).toThrow(
      'capacity (most calls in the system, served plus waiting) must be at least servers (got capacity 10 with 12 servers)',
    );
    expect(() => mmck({ arrivalRate: 1, serviceRate: 0, servers: 1, capacity: 1 })).toThrow(
      'serviceRate must be a finite number greater than 0 (got 0)',
    );
    expect(() => mmck({ arrivalRate: 1, serviceRate: 1, servers: 1, capacity: 3.5 })).toThrow(
      'capacity must be a whole number of at least 1 (got 3.5)',
    );
    expect(() => mmck({ arrivalRate: 1e300, serviceRate: 1e-300, servers: 1, capacity: 2 })).toThrow(QueueingInputError);
    try {
      mmck({ arrivalRate: 1, serviceRate: 1, servers: 12, capacity: 10 });
    } catch (error) {
      expect((error as QueueingInputError).field).toBe('capacity');
    }
  });
});

describe('mmckDistribution', () => {
  it('sums to 1 and matches the textbook probabilities', () => {
    fc.assert(
      fc.property(smallCase, ({ arrivalRate, serviceRate, servers, capacity }) => {
        const distribution = mmckDistribution({ arrivalRate, serviceRate, servers, capacity });
        const expected = textbookMmck(arrivalRate, serviceRate, servers, capacity).p;
        expect(distribution).toHaveLength(capacity + 1);
        expect(distribution.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
        distribution.forEach((p, n) => expect(p).toBeCloseTo(expected[n] ?? Number.NaN, 12));
      }),
    );
  });

  it('has no NaN at capacity 10 000 with 10 000 servers', () => {
    const distribution = mmckDistribution({ arrivalRate: 9_999, serviceRate: 1, servers: 10_000, capacity: 10_000 });
    expect(distribution.every((p) => Number.isFinite(p) && p >= 0)).toBe(true);
    expect(distribution.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 10);
  });
});
