import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueueingInputError, QueueingUnstableError, erlangB, erlangBInverse, erlangC, mmcWait } from '../../../src/queueing';
import { textbookErlangB, textbookErlangC } from './reference';

describe('erlangB', () => {
  it('gives exactly 1/2 for one Erlang on one server and 0.4 for two on two', () => {
    expect(erlangB({ offeredLoad: 1, servers: 1 })).toBe(0.5);
    expect(erlangB({ offeredLoad: 2, servers: 2 })).toBeCloseTo(0.4, 15);
  });

  it.each([
    [5, 10, 0.0183846],
    [10, 10, 0.2145823],
    [10, 15, 0.0364969],
    [100, 110, 0.0274634],
  ])('matches the published value for a = %d on c = %d', (offeredLoad, servers, expected) => {
    expect(Math.abs(erlangB({ offeredLoad, servers }) - expected)).toBeLessThan(1e-7);
  });

  it('agrees with the factorial definition for small pools', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 40, noNaN: true }), fc.integer({ min: 1, max: 60 }), (offeredLoad, servers) => {
        const expected = textbookErlangB(offeredLoad, servers);
        expect(erlangB({ offeredLoad, servers })).toBeCloseTo(expected, 12);
      }),
    );
  });

  it('stays finite at a = 100, c = 171, where the factorial form overflows', () => {
    const blocking = erlangB({ offeredLoad: 100, servers: 171 });
    expect(Number.isFinite(textbookErlangB(100, 171))).toBe(false);
    expect(blocking).toBeGreaterThan(0);
    expect(blocking).toBeLessThan(1e-10);
  });

  it('returns a probability for 100 000 servers at loads below, near and above the pool', () => {
    for (const offeredLoad of [1, 50_000, 99_000, 100_000, 150_000]) {
      const blocking = erlangB({ offeredLoad, servers: 100_000 });
      expect(Number.isFinite(blocking)).toBe(true);
      expect(blocking).toBeGreaterThanOrEqual(0);
      expect(blocking).toBeLessThanOrEqual(1);
    }
    // Far above capacity, carried load a·(1 − B) approaches c, so B ≈ 1 − c/a.
    expect(erlangB({ offeredLoad: 150_000, servers: 100_000 })).toBeCloseTo(1 - 100_000 / 150_000, 3);
  });

  it('gives 0 blocking for no load', () => {
    expect(erlangB({ offeredLoad: 0, servers: 3 })).toBe(0);
  });

  it('falls as servers are added and rises as load grows', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 500, noNaN: true }), fc.integer({ min: 1, max: 600 }), (offeredLoad, servers) => {
        const here = erlangB({ offeredLoad, servers });
        expect(erlangB({ offeredLoad, servers: servers + 1 })).toBeLessThanOrEqual(here);
        expect(erlangB({ offeredLoad: offeredLoad * 1.1, servers })).toBeGreaterThanOrEqual(here);
        expect(here).toBeGreaterThanOrEqual(0);
        expect(here).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('rejects fractional, zero, negative and non-finite inputs by name', () => {
    expect(() => erlangB({ offeredLoad: 1, servers: 2.5 })).toThrow('servers must be a whole number of at least 1 (got 2.5)');
    expect(() => erlangB({ offeredLoad: 1, servers: 0 })).toThrow(QueueingInputError);
    expect(() => erlangB({ offeredLoad: -1, servers: 2 })).toThrow('offeredLoad must be a finite number of at least 0 (got -1)');
    expect(() => erlangB({ offeredLoad: Number.NaN, servers: 2 })).toThrow('(got NaN)');
    expect(() => erlangB({ offeredLoad: Number.POSITIVE_INFINITY, servers: 2 })).toThrow('(got Infinity)');
    expect(() => erlangB({ offeredLoad: 1, servers: 1e12 })).toThrow('servers must be at most 10,000,000 (got 1000000000000)');
  });

  it('explains inputs from untyped callers, such as a form that passes text', () => {
    const loose = erlangB as (input: unknown) => number;
    expect(() => loose(undefined)).toThrow('expected an object of named inputs (got nothing)');
    expect(() => loose({ offeredLoad: '5', servers: 2 })).toThrow('offeredLoad must be a finite number of at least 0 (got the text "5")');
    expect(() => loose({ offeredLoad: 5 })).toThrow('servers must be a whole number of at least 1 (got nothing)');
    expect(() => loose({ offeredLoad: {}, servers: 2 })).toThrow('(got an object)');
  });
});

describe('erlangBInverse', () => {
  it.each([
    [15, 0.01, 8.108],
    [10, 0.01, 4.461],
    [10, 0.05, 6.216],
  ])('finds the load %d servers carry at %d blocking', (servers, targetBlocking, expected) => {
    expect(erlangBInverse({ servers, targetBlocking })).toBeCloseTo(expected, 3);
  });

  it('returns a load whose Erlang B blocking equals the target', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000 }), fc.double({ min: 1e-6, max: 0.9, noNaN: true }), (servers, targetBlocking) => {
        const offeredLoad = erlangBInverse({ servers, targetBlocking });
        expect(erlangB({ offeredLoad, servers }) / targetBlocking).toBeCloseTo(1, 9);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects targets of 0 and 1', () => {
    expect(() => erlangBInverse({ servers: 10, targetBlocking: 0 })).toThrow(
      'targetBlocking must be a probability between 0 and 1, not including 0 or 1 (got 0)',
    );
    expect(() => erlangBInverse({ servers: 10, targetBlocking: 1 })).toThrow(QueueingInputError);
  });
});

describe('erlangC', () => {
  it('gives exactly 4/9 for two Erlangs on three servers', () => {
    expect(erlangC({ offeredLoad: 2, servers: 3 })).toBeCloseTo(4 / 9, 15);
  });

  it.each([
    [10, 15, 0.1020424],
    [8, 10, 0.4091802],
  ])('matches the published value for a = %d on c = %d', (offeredLoad, servers, expected) => {
    expect(Math.abs(erlangC({ offeredLoad, servers }) - expected)).toBeLessThan(1e-7);
  });

  it('agrees with its own definition, not only with Erlang B', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), (servers, load) => {
        const offeredLoad = load * servers;
        expect(erlangC({ offeredLoad, servers })).toBeCloseTo(textbookErlangC(offeredLoad, servers), 11);
      }),
    );
  });

  it('is at least Erlang B and at most 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000 }), fc.double({ min: 0, max: 0.9999, noNaN: true }), (servers, load) => {
        const offeredLoad = load * servers;
        const waiting = erlangC({ offeredLoad, servers });
        expect(waiting).toBeGreaterThanOrEqual(erlangB({ offeredLoad, servers }));
        expect(waiting).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('throws a typed error when the load reaches the number of servers', () => {
    expect(() => erlangC({ offeredLoad: 15, servers: 15 })).toThrow(QueueingUnstableError);
    expect(() => erlangC({ offeredLoad: 20, servers: 15 })).toThrow(
      'offeredLoad must be less than servers for a queue to settle (got offeredLoad 20 with 15 servers)',
    );
    try {
      erlangC({ offeredLoad: 15, servers: 15 });
    } catch (error) {
      expect(error).toBeInstanceOf(QueueingInputError);
      expect((error as QueueingInputError).field).toBe('offeredLoad');
    }
  });
});

describe('mmcWait', () => {
  it('gives Wq = 0.204590 for λ = 8, μ = 1, c = 10', () => {
    const result = mmcWait({ arrivalRate: 8, serviceRate: 1, servers: 10 });
    expect(result.meanTimeInQueue).toBeCloseTo(0.20459, 6);
    expect(result.meanTimeInSystem).toBeCloseTo(1.20459, 5);
    expect(result.probabilityOfWait).toBeCloseTo(0.4091802, 7);
    expect(result.utilization).toBeCloseTo(0.8, 15);
  });

  it('reduces to M/M/1 for one server: Wq/S = ρ/(1 − ρ)', () => {
    for (const [rho, ratio] of [
      [0.5, 1],
      [0.8, 4],
      [0.9, 9],
      [0.95, 19],
    ] as const) {
      const result = mmcWait({ arrivalRate: rho, serviceRate: 1, servers: 1 });
      expect(result.meanTimeInQueue).toBeCloseTo(ratio, 9);
    }
  });

  it("keeps Little's law between queue lengths and times", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (serviceRate, servers, load) => {
          const arrivalRate = load * servers * serviceRate;
          const result = mmcWait({ arrivalRate, serviceRate, servers });
          expect(result.meanInQueue).toBeCloseTo(arrivalRate * result.meanTimeInQueue, 9);
          expect(result.meanInSystem - result.meanInQueue).toBeCloseTo(arrivalRate / serviceRate, 8);
        },
      ),
    );
  });

  it('refuses an arrival rate the servers cannot keep up with', () => {
    expect(() => mmcWait({ arrivalRate: 10, serviceRate: 1, servers: 10 })).toThrow(QueueingUnstableError);
    expect(() => mmcWait({ arrivalRate: 0, serviceRate: 1, servers: 10 })).toThrow(
      'arrivalRate must be a finite number greater than 0 (got 0)',
    );
  });
});
