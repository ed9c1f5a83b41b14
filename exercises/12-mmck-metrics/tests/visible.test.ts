import { describe, during, expect, test } from '../../_harness';
import { mmck, MmckInputError, type MmckInput, type MmckMetrics } from '../start/mmck';

const METRICS = ['blocking', 'throughput', 'meanInSystem', 'meanInQueue', 'meanTimeInSystem', 'meanTimeInQueue', 'utilization'] as const;

/** What each figure means, for failure messages. */
const MEANING: Record<(typeof METRICS)[number], string> = {
  blocking: 'P_K, the probability of the full state',
  throughput: 'λ_eff = λ·(1 − P_K)',
  meanInSystem: 'L = Σ n·pₙ, served plus waiting',
  meanInQueue: 'Lq = Σ (n − c)·pₙ over n > c',
  meanTimeInSystem: 'W = L / λ_eff',
  meanTimeInQueue: 'Wq = Lq / λ_eff',
  utilization: 'λ_eff / (c·μ)',
};

function describeInput(input: MmckInput): string {
  return `mmck({ arrivalRate: ${input.arrivalRate}, serviceRate: ${input.serviceRate}, servers: ${input.servers}, capacity: ${input.capacity} })`;
}

/** Fails unless every figure is a finite number; NaN and Infinity mean a power or a factorial overflowed. */
function expectFinite(result: MmckMetrics, label: string): void {
  for (const name of METRICS) {
    const value = result[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      expect(
        value,
        `${label}.${name} must be a finite number (NaN or Infinity means aⁿ, n! or an unscaled weight passed 1e308; keep every weight between 0 and 1)`,
      ).toBe('a finite number');
    }
  }
}

/** Fails unless `actual` is within `tolerance` of `expected`. */
function expectWithin(actual: number, expected: number, tolerance: number, label: string): void {
  if (Math.abs(actual - expected) <= tolerance) return;
  const hint = `${label} (want ${expected} ± ${tolerance})`;
  expect(actual, hint).toBeGreaterThanOrEqual(expected - tolerance);
  expect(actual, hint).toBeLessThanOrEqual(expected + tolerance);
}

/** Compares every figure given in `expected` with 1e-6 absolute tolerance. */
function expectMetrics(input: MmckInput, expected: Partial<MmckMetrics>, extra: Partial<Record<keyof MmckMetrics, string>> = {}): MmckMetrics {
  const label = describeInput(input);
  const result = during(`calling ${label}`, () => mmck(input));
  expectFinite(result, label);
  for (const name of METRICS) {
    const wanted = expected[name];
    if (wanted === undefined) continue;
    expectWithin(result[name], wanted, 1e-6, `${label}.${name}, ${MEANING[name]}${extra[name] === undefined ? '' : `; ${extra[name]}`}`);
  }
  return result;
}

/** Runs `call` and returns what it threw, or a sentence saying it did not throw. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return 'nothing was thrown';
}

describe('mmck', () => {
  test('gives the reference M/M/10/20 figures at λ = 8, μ = 1', () => {
    expectMetrics(
      { arrivalRate: 8, serviceRate: 1, servers: 10, capacity: 20 },
      {
        blocking: 0.0091072,
        throughput: 7.9271426,
        meanInSystem: 9.0770561,
        meanInQueue: 1.1499135,
        meanTimeInSystem: 1.1450603,
        meanTimeInQueue: 0.1450603,
        utilization: 0.7927143,
      },
      {
        meanInSystem: 'λ_eff / μ = 7.93 is only the mean number of BUSY SERVERS; add the calls waiting',
        meanTimeInSystem: 'W = 1.000 means the queueing delay was lost (L taken as λ_eff/μ); W = 1.1346 means L was divided by λ instead of λ_eff',
        utilization: '0.8 would count the calls turned away as work done',
      },
    );
  });

  test('equals Erlang B when capacity equals servers (no queue): B(10, 15) = 0.0364969', () => {
    expectMetrics(
      { arrivalRate: 10, serviceRate: 1, servers: 15, capacity: 15 },
      { blocking: 0.0364969, throughput: 9.6350305, meanInSystem: 9.6350305, meanInQueue: 0, meanTimeInSystem: 1, meanTimeInQueue: 0 },
      { blocking: 'with no queue, P_K is the Erlang B blocking; a different value often means the full state K was left out of the sums' },
    );
    expectMetrics({ arrivalRate: 100, serviceRate: 1, servers: 110, capacity: 110 }, { blocking: 0.0274634, meanTimeInSystem: 1 });
  });

  test('matches the exact single-server case, including λ = μ', () => {
    // M/M/1/K: P_K = (1 − ρ)ρᴷ / (1 − ρᴷ⁺¹); at ρ = 1 every state is equally likely.
    expectMetrics(
      { arrivalRate: 1, serviceRate: 2, servers: 1, capacity: 5 },
      { blocking: 0.015873016, meanInSystem: 0.9047619, meanInQueue: 0.4126984, meanTimeInSystem: 0.9193548 },
    );
    expectMetrics(
      { arrivalRate: 1, serviceRate: 1, servers: 1, capacity: 4 },
      { blocking: 0.2, throughput: 0.8, meanInSystem: 2, meanInQueue: 1.2, meanTimeInSystem: 2.5, meanTimeInQueue: 1.5, utilization: 0.8 },
      { blocking: 'at λ = μ the closed form divides 0 by 0; the ratio recursion has no such case' },
    );
  });

  test("obeys Little's law for admitted calls: L = λ_eff·W, Lq = λ_eff·Wq, and W = Wq + 1/μ", () => {
    const inputs: MmckInput[] = [
      { arrivalRate: 8, serviceRate: 1, servers: 10, capacity: 20 },
      { arrivalRate: 30, serviceRate: 1, servers: 20, capacity: 40 },
      { arrivalRate: 45, serviceRate: 0.5, servers: 100, capacity: 150 },
    ];
    for (const input of inputs) {
      const label = describeInput(input);
      const result = during(`calling ${label}`, () => mmck(input));
      expectFinite(result, label);
      const { throughput, meanInSystem, meanInQueue, meanTimeInSystem, meanTimeInQueue } = result;
      expectWithin(throughput * meanTimeInSystem, meanInSystem, 1e-9 * Math.max(1, meanInSystem), `${label}: throughput × meanTimeInSystem must equal meanInSystem (W = L / λ_eff, not L / λ)`);
      expectWithin(throughput * meanTimeInQueue, meanInQueue, 1e-9 * Math.max(1, meanInQueue), `${label}: throughput × meanTimeInQueue must equal meanInQueue`);
      expectWithin(meanTimeInSystem, meanTimeInQueue + 1 / input.serviceRate, 1e-9 * Math.max(1, meanTimeInSystem), `${label}: meanTimeInSystem must be the wait plus one mean service time 1/μ`);
    }
  });

  test('stays finite and correct at capacity 10 000, even when overloaded', () => {
    // Below capacity 10 000 the long queue almost never fills: the figures are M/M/10's (Wq = 0.204590).
    expectMetrics(
      { arrivalRate: 8, serviceRate: 1, servers: 10, capacity: 10_000 },
      { blocking: 0, throughput: 8, meanInSystem: 9.6367206, meanTimeInSystem: 1.2045901, meanTimeInQueue: 0.2045901 },
    );
    // Offered 12 Erlangs to 10 slots: the queue is nearly always full, and 1 call in 6 is refused.
    expectMetrics(
      { arrivalRate: 12, serviceRate: 1, servers: 10, capacity: 10_000 },
      { blocking: 1 / 6, throughput: 10 },
      { blocking: 'at a > c the unnormalised weights grow like (a/c)ⁿ and pass 1e308 long before n = 10 000' },
    );
    const overloaded = during('calling mmck({ arrivalRate: 12, serviceRate: 1, servers: 10, capacity: 10 000 })', () => mmck({ arrivalRate: 12, serviceRate: 1, servers: 10, capacity: 10_000 }));
    expectWithin(overloaded.meanInSystem, 9995, 1e-4, 'mmck({ arrivalRate: 12, serviceRate: 1, servers: 10, capacity: 10 000 }).meanInSystem');
    expectWithin(overloaded.meanTimeInSystem, 999.5, 1e-5, 'mmck({ arrivalRate: 12, serviceRate: 1, servers: 10, capacity: 10 000 }).meanTimeInSystem');
  });

  test('throws an MmckInputError naming the field for impossible input', () => {
    const base: MmckInput = { arrivalRate: 8, serviceRate: 1, servers: 10, capacity: 20 };
    const cases: Array<[keyof MmckInput, number]> = [
      ['arrivalRate', 0],
      ['arrivalRate', -1],
      ['arrivalRate', Number.NaN],
      ['arrivalRate', Number.POSITIVE_INFINITY],
      ['serviceRate', 0],
      ['serviceRate', -2],
      ['servers', 0],
      ['servers', 2.5],
      ['capacity', 9],
      ['capacity', 20.5],
    ];
    for (const [field, value] of cases) {
      const error = thrownBy(() => mmck({ ...base, [field]: value }));
      const label = `${field} ${String(value)}${field === 'capacity' ? ' (below servers 10)' : ''}`;
      expect(error, label).toBeInstanceOf(MmckInputError);
      expect((error as MmckInputError).field, `the field named for ${label}`).toBe(field);
    }
  });
});
