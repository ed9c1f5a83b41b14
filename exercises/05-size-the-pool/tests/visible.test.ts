import { describe, during, expect, test } from '../../_harness';
import { erlangB, inFlight, SizingInputError, smallestPool } from '../start/sizing';

/** Fails unless `actual` is within `relative` (a fraction) of `expected`. */
function expectNear(actual: number, expected: number, relative: number, label: string): void {
  const tolerance = Math.abs(expected) * relative;
  if (Math.abs(actual - expected) <= tolerance) return;
  const hint = `${label} (want ${expected} ± ${tolerance.toPrecision(2)})`;
  expect(actual, hint).toBeGreaterThanOrEqual(expected - tolerance);
  expect(actual, hint).toBeLessThanOrEqual(expected + tolerance);
}

/** Fails unless `value` is a probability: finite and in [0, 1]. */
function expectShare(value: number, label: string): void {
  if (Number.isFinite(value) && value >= 0 && value <= 1) return;
  expect(
    Number.isFinite(value) && value >= 0 && value <= 1,
    `${label} = ${String(value)}, but a blocking share must be a finite number in [0, 1] (NaN or Infinity means a power or a factorial overflowed)`,
  ).toBe(true);
}

/** erlangB, naming the call if it throws for valid input. */
function blockingOf(offeredLoad: number, servers: number): number {
  return during(`calling erlangB({ offeredLoad: ${offeredLoad}, servers: ${servers} })`, () => erlangB({ offeredLoad, servers }));
}

/** smallestPool, naming the call if it throws for valid input. */
function poolFor(arrivalRate: number, meanServiceTime: number, targetBlocking: number): ReturnType<typeof smallestPool> {
  return during(`calling smallestPool({ arrivalRate: ${arrivalRate}, meanServiceTime: ${meanServiceTime}, targetBlocking: ${targetBlocking} })`, () =>
    smallestPool({ arrivalRate, meanServiceTime, targetBlocking }),
  );
}

/** Runs `call` and returns what it threw, or a sentence saying it did not throw. */
function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return 'nothing was thrown';
}

describe('inFlight', () => {
  test("multiplies calls per second by seconds per call (Little's law)", () => {
    expect(during('calling inFlight({ arrivalRate: 100, latencySeconds: 0.2 })', () => inFlight({ arrivalRate: 100, latencySeconds: 0.2 })), '100 calls/s held 0.2 s each').toBeCloseTo(20, 9);
    expect(during('calling inFlight({ arrivalRate: 30, latencySeconds: 0.2 })', () => inFlight({ arrivalRate: 30, latencySeconds: 0.2 })), "Hystrix's example: 30 calls/s at 0.2 s").toBeCloseTo(6, 9);
  });

  test('takes latency in seconds: 250 calls/s at 40 ms is 10 in flight', () => {
    expect(during('calling inFlight({ arrivalRate: 250, latencySeconds: 0.04 })', () => inFlight({ arrivalRate: 250, latencySeconds: 0.04 })), '250 calls/s at latencySeconds 0.04 (already seconds: no conversion)').toBeCloseTo(10, 9);
  });

  test('throws a SizingInputError naming the field for a negative or non-finite input', () => {
    const negative = thrownBy(() => inFlight({ arrivalRate: -1, latencySeconds: 0.2 }));
    expect(negative, 'arrivalRate -1').toBeInstanceOf(SizingInputError);
    expect((negative as SizingInputError).field, 'the field named for arrivalRate -1').toBe('arrivalRate');
    const infinite = thrownBy(() => inFlight({ arrivalRate: 10, latencySeconds: Number.POSITIVE_INFINITY }));
    expect(infinite, 'latencySeconds Infinity').toBeInstanceOf(SizingInputError);
    expect((infinite as SizingInputError).field, 'the field named for latencySeconds Infinity').toBe('latencySeconds');
  });
});

describe('erlangB', () => {
  test('gives the exact small cases: B(1, 1) = 0.5, B(2, 2) = 0.4, and 0 permits refuse everything', () => {
    expect(blockingOf(1, 1), 'one permit at 1 Erlang is busy half the time: B(1, 1)').toBeCloseTo(0.5, 12);
    expect(blockingOf(2, 2), 'B(2, 2)').toBeCloseTo(0.4, 12);
    expect(blockingOf(3, 0), 'with no permits every call is refused: B(3, 0)').toBe(1);
  });

  test('matches published values', () => {
    expect(blockingOf(10, 15), '10 Erlangs on 15 permits').toBeCloseTo(0.0364969, 6);
    expect(blockingOf(5, 10), '5 Erlangs on 10 permits').toBeCloseTo(0.0183846, 6);
    expect(blockingOf(100, 110), '100 Erlangs on 110 permits').toBeCloseTo(0.0274634, 6);
  });

  test('refuses 1% of calls at 8.108 Erlangs on 15 permits (the classic table entry)', () => {
    expect(blockingOf(8.108, 15), 'B(8.108, 15)').toBeCloseTo(0.01, 5);
  });

  test('stays a finite probability at 10 000 permits and thousands of Erlangs', () => {
    const cases = [
      { offeredLoad: 100, servers: 171, expected: 2.9976e-11 },
      { offeredLoad: 1000, servers: 1000, expected: 0.0248119 },
      { offeredLoad: 10_000, servers: 10_000, expected: 0.00793656 },
      { offeredLoad: 9500, servers: 10_000, expected: 9.64274e-9 },
    ];
    for (const { offeredLoad, servers, expected } of cases) {
      const label = `erlangB({ offeredLoad: ${offeredLoad}, servers: ${servers} })`;
      const value = blockingOf(offeredLoad, servers);
      expectShare(value, label);
      expectNear(value, expected, 1e-4, label);
    }
  });

  test('throws a SizingInputError naming the field for impossible input', () => {
    for (const servers of [-1, 2.5, Number.NaN]) {
      const error = thrownBy(() => erlangB({ offeredLoad: 10, servers }));
      expect(error, `servers ${String(servers)}`).toBeInstanceOf(SizingInputError);
      expect((error as SizingInputError).field, `the field named for servers ${String(servers)}`).toBe('servers');
    }
    const error = thrownBy(() => erlangB({ offeredLoad: -5, servers: 10 }));
    expect(error, 'offeredLoad -5').toBeInstanceOf(SizingInputError);
    expect((error as SizingInputError).field, 'the field named for offeredLoad -5').toBe('offeredLoad');
  });
});

describe('smallestPool', () => {
  test('needs 30 permits for 100 calls/s held 0.2 s at a 1% target', () => {
    const pool = poolFor(100, 0.2, 0.01);
    expect(pool.offeredLoad, 'offeredLoad (100 calls/s × 0.2 s)').toBeCloseTo(20, 9);
    expect(pool.servers, 'servers (the fewest permits refusing at most 1%)').toBe(30);
    expect(pool.blocking, 'blocking at 30 permits').toBeCloseTo(0.0084575, 6);
  });

  test('needs 15 permits for 8.108 Erlangs at 1%', () => {
    expect(poolFor(8.108, 1, 0.01).servers, 'servers (the fewest permits refusing at most 1%)').toBe(15);
  });

  test('returns the smallest pool: one permit fewer misses the target', () => {
    const targetBlocking = 0.01;
    const pool = poolFor(50, 0.4, targetBlocking);
    expect(pool.blocking, `blocking at the ${pool.servers} permits returned`).toBeLessThanOrEqual(targetBlocking);
    expect(blockingOf(pool.offeredLoad, pool.servers - 1), `blocking at ${pool.servers - 1} permits (one fewer)`).toBeGreaterThan(targetBlocking);
  });

  test('stops at a blocking exactly equal to the target: 1 Erlang at 0.5 needs 1 permit', () => {
    const pool = poolFor(1, 1, 0.5);
    expect(pool.servers, 'servers for 1 Erlang when the target is 0.5 and B(1, 1) is exactly 0.5 ("at most" includes equal)').toBe(1);
    expect(pool.blocking, 'blocking at 1 permit').toBe(0.5);
  });

  test('throws a SizingInputError for a target that is not strictly between 0 and 1', () => {
    for (const targetBlocking of [0, 1, -0.1, Number.NaN]) {
      const error = thrownBy(() => smallestPool({ arrivalRate: 10, meanServiceTime: 1, targetBlocking }));
      expect(error, `targetBlocking ${String(targetBlocking)}`).toBeInstanceOf(SizingInputError);
      expect((error as SizingInputError).field, `the field named for targetBlocking ${String(targetBlocking)}`).toBe('targetBlocking');
    }
  });
});
