import { describe, during, expect, forEachSeed, test } from '../../_harness';
import { erlangB, inFlight, SizingInputError, smallestPool } from '../start/sizing';

function expectNear(actual: number, expected: number, relative: number, label: string): void {
  const tolerance = Math.abs(expected) * relative;
  if (Math.abs(actual - expected) <= tolerance) return;
  const hint = `${label} (want ${expected} ± ${tolerance.toPrecision(2)})`;
  expect(actual, hint).toBeGreaterThanOrEqual(expected - tolerance);
  expect(actual, hint).toBeLessThanOrEqual(expected + tolerance);
}

function expectShare(value: number, label: string): void {
  if (Number.isFinite(value) && value >= 0 && value <= 1) return;
  expect(
    Number.isFinite(value) && value >= 0 && value <= 1,
    `${label} = ${String(value)}, but a blocking share must be a finite number in [0, 1] (NaN or Infinity means a power or a factorial overflowed)`,
  ).toBe(true);
}

function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return 'nothing was thrown';
}

function expectInputError(call: () => unknown, field: string, label: string): void {
  const error = thrownBy(call);
  expect(error, label).toBeInstanceOf(SizingInputError);
  expect(error, `${label} is also a RangeError`).toBeInstanceOf(RangeError);
  expect((error as SizingInputError).field, `the field named for ${label}`).toBe(field);
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

/** inFlight, naming the call if it throws for valid input. */
function inFlightOf(arrivalRate: number, latencySeconds: number): number {
  return during(`calling inFlight({ arrivalRate: ${arrivalRate}, latencySeconds: ${latencySeconds} })`, () => inFlight({ arrivalRate, latencySeconds }));
}

/** Reference Erlang B (the stable recursion), to compare random cases with. */
function referenceErlangB(offeredLoad: number, servers: number): number {
  let blocking = 1;
  for (let k = 1; k <= servers; k += 1) blocking = (offeredLoad * blocking) / (k + offeredLoad * blocking);
  return blocking;
}

/** Reference search: the first size whose blocking is at most the target. */
function referenceSmallest(offeredLoad: number, target: number): number {
  let servers = 0;
  let blocking = 1;
  while (blocking > target) {
    servers += 1;
    blocking = (offeredLoad * blocking) / (servers + offeredLoad * blocking);
  }
  return servers;
}

describe('inFlight (more cases)', () => {
  test('returns 0 when nothing arrives or nothing waits', () => {
    expect(inFlightOf(0, 0.5), 'no traffic').toBe(0);
    expect(inFlightOf(40, 0), 'zero latency').toBe(0);
  });

  test('keeps fractions: 12.5 calls/s at 0.08 s is 1 in flight, 1 call/s at 250 ms is 0.25', () => {
    expect(inFlightOf(12.5, 0.08), '12.5 calls/s × 0.08 s').toBeCloseTo(1, 9);
    expect(inFlightOf(1, 0.25), '1 call/s × 0.25 s (250 ms written in seconds)').toBeCloseTo(0.25, 9);
  });

  test('throws a SizingInputError for NaN and missing inputs', () => {
    expectInputError(() => inFlight({ arrivalRate: Number.NaN, latencySeconds: 1 }), 'arrivalRate', 'arrivalRate NaN');
    expectInputError(() => inFlight({ arrivalRate: 1, latencySeconds: -0.1 }), 'latencySeconds', 'latencySeconds -0.1');
    expectInputError(() => inFlight({ arrivalRate: 1 } as unknown as { arrivalRate: number; latencySeconds: number }), 'latencySeconds', 'a missing latencySeconds');
    expectInputError(() => inFlight({ arrivalRate: Number.POSITIVE_INFINITY, latencySeconds: 1 }), 'arrivalRate', 'arrivalRate Infinity');
    expectInputError(() => inFlight({ arrivalRate: 1, latencySeconds: Number.NaN }), 'latencySeconds', 'latencySeconds NaN');
  });

  test('names the first bad input when both are bad', () => {
    expectInputError(() => inFlight({ arrivalRate: -1, latencySeconds: Number.NaN }), 'arrivalRate', 'arrivalRate -1 with latencySeconds NaN');
  });
});

describe('erlangB (more cases)', () => {
  test('matches more table values', () => {
    const cases = [
      { offeredLoad: 10, servers: 10, expected: 0.2145823 },
      { offeredLoad: 8, servers: 10, expected: 0.1216611 },
      { offeredLoad: 16, servers: 20, expected: 0.0644109 },
      { offeredLoad: 4.461, servers: 10, expected: 0.0099978 },
      { offeredLoad: 20, servers: 29, expected: 0.0127945 },
    ];
    for (const { offeredLoad, servers, expected } of cases) {
      expect(blockingOf(offeredLoad, servers), `erlangB({ offeredLoad: ${offeredLoad}, servers: ${servers} })`).toBeCloseTo(expected, 6);
    }
  });

  test('stays finite for large pools, including results too small for a double', () => {
    const cases = [
      { offeredLoad: 5000, servers: 5000, expected: 0.0111993583 },
      { offeredLoad: 3000, servers: 3100, expected: 0.00142637299 },
      { offeredLoad: 2500, servers: 2600, expected: 0.00111216264 },
      { offeredLoad: 100, servers: 500, expected: 0 },
      { offeredLoad: 5000, servers: 10_000, expected: 0 },
    ];
    for (const { offeredLoad, servers, expected } of cases) {
      const label = `erlangB({ offeredLoad: ${offeredLoad}, servers: ${servers} })`;
      const value = blockingOf(offeredLoad, servers);
      expectShare(value, label);
      if (expected === 0) expect(value, `${label}, a share far below 1e-100`).toBeLessThan(1e-100);
      else expectNear(value, expected, 1e-6, label);
    }
  });

  test('with no permits refuses every call, even with no load: B(0, 0) = 1', () => {
    expect(blockingOf(0, 0), 'B(0, 0)').toBe(1);
    expect(blockingOf(2500, 0), 'B(2500, 0)').toBe(1);
  });

  test('refuses nothing when nothing arrives', () => {
    expect(blockingOf(0, 1), 'B(0, 1)').toBe(0);
    expect(blockingOf(0, 40), 'B(0, 40)').toBe(0);
  });

  test('falls with every permit added and rises with the load', () => {
    let previous = blockingOf(12, 0);
    for (let servers = 1; servers <= 40; servers += 1) {
      const value = blockingOf(12, servers);
      expect(value, `B(12, ${servers}) compared with B(12, ${servers - 1}) = ${previous}`).toBeLessThan(previous);
      previous = value;
    }
    expect(blockingOf(13, 15), 'B(13, 15) compared with B(10, 15)').toBeGreaterThan(blockingOf(10, 15));
  });

  test('agrees with a reference for 200 random loads and pool sizes', async () => {
    await forEachSeed(200, (random) => {
      const offeredLoad = random.chance(0.5) ? random.next() * 50 : random.next() * 4000;
      const servers = random.int(0, Math.ceil(offeredLoad * 1.5) + 5);
      const label = `erlangB({ offeredLoad: ${offeredLoad}, servers: ${servers} })`;
      const value = blockingOf(offeredLoad, servers);
      expectShare(value, label);
      const expected = referenceErlangB(offeredLoad, servers);
      if (expected < 1e-280) {
        if (!(value < 1e-270)) expect(value, label).toBeLessThan(1e-270);
      }
      else expectNear(value, expected, 1e-9, label);
    });
  });

  test('throws a SizingInputError for NaN, infinite and fractional inputs', () => {
    expectInputError(() => erlangB({ offeredLoad: Number.NaN, servers: 3 }), 'offeredLoad', 'offeredLoad NaN');
    expectInputError(() => erlangB({ offeredLoad: Number.POSITIVE_INFINITY, servers: 3 }), 'offeredLoad', 'offeredLoad Infinity');
    expectInputError(() => erlangB({ offeredLoad: 3, servers: Number.POSITIVE_INFINITY }), 'servers', 'servers Infinity');
    expectInputError(() => erlangB({ offeredLoad: 3, servers: 0.5 }), 'servers', 'servers 0.5');
    expectInputError(() => erlangB({ offeredLoad: 3 } as unknown as { offeredLoad: number; servers: number }), 'servers', 'a missing servers');
  });

  test('names offeredLoad first when both inputs are bad', () => {
    expectInputError(() => erlangB({ offeredLoad: Number.NaN, servers: -1 }), 'offeredLoad', 'offeredLoad NaN with servers -1');
  });
});

describe('smallestPool (more cases)', () => {
  test('finds the smallest pool for several loads and targets', () => {
    const cases = [
      { arrivalRate: 16, meanServiceTime: 1, targetBlocking: 0.01, servers: 25 },
      { arrivalRate: 8, meanServiceTime: 1, targetBlocking: 0.01, servers: 15 },
      { arrivalRate: 4.461, meanServiceTime: 1, targetBlocking: 0.01, servers: 10 },
      { arrivalRate: 1000, meanServiceTime: 0.1, targetBlocking: 0.01, servers: 117 },
      { arrivalRate: 4000, meanServiceTime: 0.5, targetBlocking: 0.01, servers: 2028 },
      { arrivalRate: 6000, meanServiceTime: 0.5, targetBlocking: 0.001, servers: 3110 },
    ];
    for (const { arrivalRate, meanServiceTime, targetBlocking, servers } of cases) {
      const pool = poolFor(arrivalRate, meanServiceTime, targetBlocking);
      expect(pool.servers, `the fewest permits for ${arrivalRate} calls/s × ${meanServiceTime} s refusing at most ${targetBlocking}`).toBe(servers);
    }
  });

  test('takes meanServiceTime in seconds: 30 calls/s at 0.2 s is 6 Erlangs and needs 13 permits at 1%', () => {
    const pool = poolFor(30, 0.2, 0.01);
    expect(pool.offeredLoad, 'offeredLoad').toBeCloseTo(6, 9);
    expect(pool.servers, 'servers').toBe(13);
    expect(pool.blocking, 'blocking at 13 permits').toBeCloseTo(0.0052179, 6);
  });

  test('can need fewer permits than the average load when the target is loose', () => {
    const pool = poolFor(10, 1, 0.5);
    expect(pool.servers, 'servers for 10 Erlangs when refusing half the calls is acceptable').toBe(6);
  });

  test('sizes a light load too: 0.5 Erlangs at 1% needs 4 permits', () => {
    expect(poolFor(0.5, 1, 0.01).servers, 'servers').toBe(4);
  });

  test('returns the fewest permits for 200 random loads and targets, with their blocking', async () => {
    await forEachSeed(200, (random) => {
      const arrivalRate = 0.1 + random.next() * (random.chance(0.5) ? 100 : 3000);
      const meanServiceTime = 0.001 + random.next() * 2;
      const targetBlocking = random.pick([0.5, 0.1, 0.05, 0.01, 0.001, 0.0001]);
      const label = `smallestPool({ arrivalRate: ${arrivalRate}, meanServiceTime: ${meanServiceTime}, targetBlocking: ${targetBlocking} })`;
      const pool = poolFor(arrivalRate, meanServiceTime, targetBlocking);
      const offeredLoad = arrivalRate * meanServiceTime;
      expectNear(pool.offeredLoad, offeredLoad, 1e-12, `${label}.offeredLoad`);
      const smallest = referenceSmallest(offeredLoad, targetBlocking);
      if (pool.servers !== smallest) expect(pool.servers, `${label}.servers (the fewest permits that meet the target)`).toBe(smallest);
      if (!(pool.blocking <= targetBlocking)) expect(pool.blocking, `${label}.blocking`).toBeLessThanOrEqual(targetBlocking);
      expectNear(pool.blocking, referenceErlangB(offeredLoad, pool.servers), 1e-9, `${label}.blocking`);
    });
  });

  test('throws a SizingInputError for a rate or time that is not positive and finite', () => {
    expectInputError(() => smallestPool({ arrivalRate: 0, meanServiceTime: 1, targetBlocking: 0.01 }), 'arrivalRate', 'arrivalRate 0');
    expectInputError(() => smallestPool({ arrivalRate: Number.NaN, meanServiceTime: 1, targetBlocking: 0.01 }), 'arrivalRate', 'arrivalRate NaN');
    expectInputError(() => smallestPool({ arrivalRate: 10, meanServiceTime: 0, targetBlocking: 0.01 }), 'meanServiceTime', 'meanServiceTime 0');
    expectInputError(() => smallestPool({ arrivalRate: 10, meanServiceTime: -2, targetBlocking: 0.01 }), 'meanServiceTime', 'meanServiceTime -2');
    expectInputError(() => smallestPool({ arrivalRate: 10, meanServiceTime: 1, targetBlocking: 1.5 }), 'targetBlocking', 'targetBlocking 1.5');
    expectInputError(() => smallestPool({ arrivalRate: -3, meanServiceTime: 1, targetBlocking: 0.01 }), 'arrivalRate', 'arrivalRate -3');
    expectInputError(() => smallestPool({ arrivalRate: Number.POSITIVE_INFINITY, meanServiceTime: 1, targetBlocking: 0.01 }), 'arrivalRate', 'arrivalRate Infinity');
    expectInputError(() => smallestPool({ arrivalRate: 10, meanServiceTime: Number.POSITIVE_INFINITY, targetBlocking: 0.01 }), 'meanServiceTime', 'meanServiceTime Infinity');
    expectInputError(() => smallestPool({ arrivalRate: 10, meanServiceTime: Number.NaN, targetBlocking: 0.01 }), 'meanServiceTime', 'meanServiceTime NaN');
    expectInputError(
      () => smallestPool({ arrivalRate: 10, meanServiceTime: 1 } as unknown as { arrivalRate: number; meanServiceTime: number; targetBlocking: number }),
      'targetBlocking',
      'a missing targetBlocking',
    );
  });

  test('names the first bad input when several are bad', () => {
    expectInputError(() => smallestPool({ arrivalRate: 0, meanServiceTime: Number.NaN, targetBlocking: 2 }), 'arrivalRate', 'arrivalRate 0, meanServiceTime NaN, targetBlocking 2');
    expectInputError(() => smallestPool({ arrivalRate: 5, meanServiceTime: -1, targetBlocking: 0 }), 'meanServiceTime', 'meanServiceTime -1, targetBlocking 0');
    expectInputError(() => smallestPool({ arrivalRate: 1e200, meanServiceTime: 1e200, targetBlocking: 0 }), 'targetBlocking', 'targetBlocking 0 with an overflowing load');
  });

  test('rejects an offered load above 1 000 000 Erlangs, or one that overflows, naming offeredLoad', () => {
    expectInputError(() => smallestPool({ arrivalRate: 1e200, meanServiceTime: 1e200, targetBlocking: 0.01 }), 'offeredLoad', '1e200 calls/s × 1e200 s (overflows to Infinity)');
    expectInputError(() => smallestPool({ arrivalRate: 2_000_000, meanServiceTime: 0.5000001, targetBlocking: 0.01 }), 'offeredLoad', 'a load just above 1 000 000 Erlangs');
  });

  test('says in the error message what each input must be', () => {
    const cases: Array<[string, () => unknown, RegExp]> = [
      ['inFlight with arrivalRate -1 (≥ 0)', () => inFlight({ arrivalRate: -1, latencySeconds: 1 }), /≥\s*0|>=\s*0|non-?negative/i],
      ['smallestPool with arrivalRate 0 (> 0)', () => smallestPool({ arrivalRate: 0, meanServiceTime: 1, targetBlocking: 0.01 }), />\s*0|positive/i],
      ['erlangB with servers 2.5 (an integer)', () => erlangB({ offeredLoad: 1, servers: 2.5 }), /integer/i],
      ['smallestPool with targetBlocking 0 (between 0 and 1)', () => smallestPool({ arrivalRate: 1, meanServiceTime: 1, targetBlocking: 0 }), /between 0 and 1|\(0,\s*1\)/i],
      ['smallestPool with 4 000 000 Erlangs (at most 1 000 000)', () => smallestPool({ arrivalRate: 4000, meanServiceTime: 1000, targetBlocking: 0.01 }), /1[\s,_]?000[\s,_]?000|1e6|10\^6|million/i],
    ];
    for (const [label, call, wording] of cases) {
      const error = thrownBy(call);
      expect(error, label).toBeInstanceOf(SizingInputError);
      expect((error as SizingInputError).name, `the name of the error for ${label}`).toBe('SizingInputError');
      expect((error as SizingInputError).message, `the message for ${label}`).toMatch(wording);
    }
  });

  test('sizes a load of exactly 1 000 000 Erlangs (the cap is inclusive)', () => {
    const targetBlocking = 0.01;
    const pool = poolFor(2_000_000, 0.5, targetBlocking);
    expect(pool.offeredLoad, 'offeredLoad (2 000 000 calls/s × 0.5 s)').toBe(1_000_000);
    expect(pool.servers, 'servers for 1 000 000 Erlangs at 1%').toBe(referenceSmallest(1_000_000, targetBlocking));
    expect(pool.blocking, `blocking at the ${pool.servers} permits returned`).toBeLessThanOrEqual(targetBlocking);
  });
});
