import { describe, during, expect, forEachSeed, test } from '../../_harness';
import { mmck, MmckInputError, type MmckInput, type MmckMetrics } from '../start/mmck';

const METRICS = ['blocking', 'throughput', 'meanInSystem', 'meanInQueue', 'meanTimeInSystem', 'meanTimeInQueue', 'utilization'] as const;

function describeInput(input: MmckInput): string {
  return `mmck({ arrivalRate: ${input.arrivalRate}, serviceRate: ${input.serviceRate}, servers: ${input.servers}, capacity: ${input.capacity} })`;
}

function expectFinite(result: MmckMetrics, label: string): void {
  for (const name of METRICS) {
    const value = result[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      expect(value, `${label}.${name} must be a finite number (NaN or Infinity means a power, a factorial or an unscaled weight overflowed)`).toBe('a finite number');
    }
  }
}

function expectWithin(actual: number, expected: number, tolerance: number, label: string): void {
  if (Math.abs(actual - expected) <= tolerance) return;
  const hint = `${label} (want ${expected} ± ${tolerance})`;
  expect(actual, hint).toBeGreaterThanOrEqual(expected - tolerance);
  expect(actual, hint).toBeLessThanOrEqual(expected + tolerance);
}

function expectMetrics(input: MmckInput, expected: Partial<MmckMetrics>, tolerance = 1e-6): MmckMetrics {
  const label = describeInput(input);
  const result = during(`calling ${label}`, () => mmck(input));
  expectFinite(result, label);
  for (const name of METRICS) {
    const wanted = expected[name];
    if (wanted !== undefined) expectWithin(result[name], wanted, tolerance * Math.max(1, Math.abs(wanted)), `${label}.${name}`);
  }
  return result;
}

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return 'nothing was thrown';
}

/**
 * Reference M/M/c/K, built differently from the usual solution: start at the most likely state
 * with weight 1 and walk outwards, multiplying by the ratio, so every weight stays in [0, 1].
 */
function reference(input: MmckInput): MmckMetrics {
  const { arrivalRate, serviceRate, servers, capacity } = input;
  const load = arrivalRate / serviceRate;
  const peak = load >= servers ? capacity : Math.min(capacity, Math.floor(load));
  const weights = new Float64Array(capacity + 1);
  weights[peak] = 1;
  for (let n = peak; n > 0; n -= 1) weights[n - 1] = ((weights[n] as number) * Math.min(n, servers)) / load;
  for (let n = peak + 1; n <= capacity; n += 1) weights[n] = ((weights[n - 1] as number) * load) / Math.min(n, servers);
  let total = 0;
  let inSystem = 0;
  let inQueue = 0;
  for (let n = 0; n <= capacity; n += 1) {
    const weight = weights[n] as number;
    total += weight;
    inSystem += n * weight;
    if (n > servers) inQueue += (n - servers) * weight;
  }
  const blocking = (weights[capacity] as number) / total;
  const throughput = arrivalRate * (1 - blocking);
  return {
    blocking,
    throughput,
    meanInSystem: inSystem / total,
    meanInQueue: inQueue / total,
    meanTimeInSystem: inSystem / total / throughput,
    meanTimeInQueue: inQueue / total / throughput,
    utilization: throughput / (servers * serviceRate),
  };
}

describe('mmck (more cases)', () => {
  test('keeps the time unit of the rates: λ = 80/s, μ = 10/s gives W = 0.1145060 s', () => {
    expectMetrics({ arrivalRate: 80, serviceRate: 10, servers: 10, capacity: 20 }, { blocking: 0.0091072, throughput: 79.271426, meanInSystem: 9.0770561, meanTimeInSystem: 0.11450603, meanTimeInQueue: 0.014506028, utilization: 0.7927143 });
  });

  test('matches more reference values, light and heavy', () => {
    expectMetrics({ arrivalRate: 100, serviceRate: 1, servers: 110, capacity: 120 }, { blocking: 0.0090595, meanInSystem: 99.776335, meanInQueue: 0.6822892, meanTimeInSystem: 1.0068853 });
    expectMetrics({ arrivalRate: 45, serviceRate: 0.5, servers: 100, capacity: 150 }, { blocking: 0.00011192, meanInSystem: 91.883922, meanTimeInSystem: 2.0420935, utilization: 0.8998993 });
    expectMetrics({ arrivalRate: 30, serviceRate: 1, servers: 20, capacity: 40 }, { blocking: 0.3333457, throughput: 19.99963, meanInSystem: 38.000897, meanInQueue: 18.001267, meanTimeInSystem: 1.9000800 });
    expectMetrics({ arrivalRate: 3, serviceRate: 1, servers: 1, capacity: 1 }, { blocking: 0.75, throughput: 0.75, meanInSystem: 0.75, meanInQueue: 0, meanTimeInSystem: 1, meanTimeInQueue: 0 });
    expectMetrics({ arrivalRate: 0.001, serviceRate: 1, servers: 2, capacity: 5 }, { blocking: 0, throughput: 0.001, meanInSystem: 0.0010000003, meanTimeInSystem: 1.0000003 });
  });

  test('stays finite with thousands of Erlangs: 5 000 slots at a = 5 000, and 10 000 slots at a = 9 000', () => {
    expectMetrics({ arrivalRate: 5000, serviceRate: 1, servers: 5000, capacity: 10_000 }, { blocking: 0.00019649103, throughput: 4999.0175448, meanInSystem: 7455.6466542, meanInQueue: 2456.6291094, meanTimeInSystem: 1.4914223820 });
    const label = 'mmck({ arrivalRate: 9000, serviceRate: 1, servers: 10 000, capacity: 10 000 })';
    const result = expectMetrics({ arrivalRate: 9000, serviceRate: 1, servers: 10_000, capacity: 10_000 }, { throughput: 9000, meanInSystem: 9000, meanInQueue: 0, meanTimeInSystem: 1, utilization: 0.9 });
    if (!(result.blocking >= 0 && result.blocking < 1e-20)) expect(result.blocking, `${label}.blocking, about 2.1e-26`).toBeLessThan(1e-20);
  });

  test('at λ = c·μ with a long queue, fills half of it on average', () => {
    expectMetrics({ arrivalRate: 10, serviceRate: 1, servers: 10, capacity: 10_000 }, { blocking: 0.00010005343, meanInSystem: 5003.169745, meanTimeInSystem: 500.36704 });
  });

  test('agrees with a reference for 150 random queues', async () => {
    await forEachSeed(150, (random) => {
      const servers = random.int(1, random.chance(0.5) ? 20 : 400);
      const capacity = servers + random.int(0, random.chance(0.5) ? 30 : 2000);
      const serviceRate = 0.05 + random.next() * 20;
      const arrivalRate = serviceRate * servers * (0.05 + random.next() * 1.6);
      const input = { arrivalRate, serviceRate, servers, capacity };
      const label = describeInput(input);
      const result = during(`calling ${label}`, () => mmck(input));
      expectFinite(result, label);
      const expected = reference(input);
      for (const name of METRICS) {
        const wanted = expected[name];
        if (Math.abs(result[name] - wanted) > 1e-7 * Math.max(1, Math.abs(wanted))) expectWithin(result[name], wanted, 1e-7 * Math.max(1, Math.abs(wanted)), `${label}.${name}`);
      }
    });
  });

  test('keeps every figure in its range: shares in [0, 1], throughput ≤ min(λ, c·μ), Lq ≤ L ≤ K', async () => {
    await forEachSeed(100, (random) => {
      const servers = random.int(1, 50);
      const capacity = servers + random.int(0, 300);
      const serviceRate = 0.1 + random.next() * 5;
      const arrivalRate = serviceRate * servers * (0.1 + random.next() * 3);
      const input = { arrivalRate, serviceRate, servers, capacity };
      const label = describeInput(input);
      const result = during(`calling ${label}`, () => mmck(input));
      const slack = 1e-9;
      const problems: string[] = [];
      if (!(result.blocking >= 0 && result.blocking <= 1)) problems.push(`blocking ${result.blocking} is not a share in [0, 1]`);
      if (!(result.utilization >= 0 && result.utilization <= 1 + slack)) problems.push(`utilization ${result.utilization} is not in [0, 1]: calls turned away do no work, so use λ_eff, not λ`);
      if (!(result.throughput <= Math.min(arrivalRate, servers * serviceRate) * (1 + slack))) problems.push(`throughput ${result.throughput} exceeds min(λ, c·μ) = ${Math.min(arrivalRate, servers * serviceRate)}`);
      if (!(result.meanInQueue >= 0 && result.meanInQueue <= result.meanInSystem * (1 + slack))) problems.push(`meanInQueue ${result.meanInQueue} is not between 0 and meanInSystem ${result.meanInSystem}`);
      if (!(result.meanInSystem <= capacity * (1 + slack))) problems.push(`meanInSystem ${result.meanInSystem} exceeds capacity ${capacity}`);
      if (problems.length > 0) expect(problems, label).toEqual([]);
    });
  });

  test('refuses fewer calls with every extra place in the queue', () => {
    let previous = 1;
    for (let capacity = 10; capacity <= 40; capacity += 1) {
      const { blocking } = during(`calling mmck({ arrivalRate: 9, serviceRate: 1, servers: 10, capacity: ${capacity} })`, () => mmck({ arrivalRate: 9, serviceRate: 1, servers: 10, capacity }));
      if (!(blocking < previous)) expect(blocking, `blocking at capacity ${capacity} against ${previous} at capacity ${capacity - 1}`).toBeLessThan(previous);
      previous = blocking;
    }
  });

  test('names the first wrong field, in the order arrivalRate, serviceRate, servers, capacity, when several are wrong', () => {
    const cases: Array<[string, unknown, keyof MmckInput]> = [
      ['arrivalRate NaN, servers 0, capacity 2.5', { arrivalRate: Number.NaN, serviceRate: 1, servers: 0, capacity: 2.5 }, 'arrivalRate'],
      ['serviceRate 0 and capacity 1 below servers 10', { arrivalRate: 8, serviceRate: 0, servers: 10, capacity: 1 }, 'serviceRate'],
      ['servers 2.5 and capacity 2', { arrivalRate: 8, serviceRate: 1, servers: 2.5, capacity: 2 }, 'servers'],
      ['an empty object', {}, 'arrivalRate'],
      ['capacity missing', { arrivalRate: 8, serviceRate: 1, servers: 10 }, 'capacity'],
    ];
    for (const [label, input, field] of cases) {
      const error = thrownBy(() => mmck(input as MmckInput));
      expect(error, label).toBeInstanceOf(MmckInputError);
      expect((error as MmckInputError).field, `the field named for ${label}`).toBe(field);
    }
  });

  test('the error message names the field, says what it must be, and shows the value', () => {
    const base: MmckInput = { arrivalRate: 8, serviceRate: 1, servers: 10, capacity: 20 };
    const cases: Array<[keyof MmckInput, number]> = [
      ['arrivalRate', -1],
      ['serviceRate', 0],
      ['servers', 2.5],
      ['capacity', 9],
    ];
    for (const [field, value] of cases) {
      const error = thrownBy(() => mmck({ ...base, [field]: value }));
      const label = `${field} ${String(value)}`;
      expect(error, label).toBeInstanceOf(MmckInputError);
      expect((error as Error).name, `the name of the error for ${label}`).toBe('MmckInputError');
      const message = (error as Error).message;
      expect(message, `the message for ${label} names the field`).toMatch(field);
      expect(message, `the message for ${label} shows the value`).toMatch(String(value));
      expect(message, `the message for ${label} says what ${field} must be (pass a requirement such as "an integer ≥ 1")`).toMatch(/must be [^,\s]/);
    }
  });

  test('throws an MmckInputError, which is also a RangeError, for infinite, missing and fractional input', () => {
    const base: MmckInput = { arrivalRate: 8, serviceRate: 1, servers: 10, capacity: 20 };
    const cases: Array<[keyof MmckInput, unknown]> = [
      ['arrivalRate', Number.POSITIVE_INFINITY],
      ['serviceRate', -2],
      ['serviceRate', Number.NaN],
      ['serviceRate', undefined],
      ['servers', Number.POSITIVE_INFINITY],
      ['servers', -3],
      ['capacity', 20.5],
      ['capacity', Number.NaN],
    ];
    for (const [field, value] of cases) {
      const label = `${field} ${String(value)}`;
      const error = thrownBy(() => mmck({ ...base, [field]: value } as MmckInput));
      expect(error, label).toBeInstanceOf(MmckInputError);
      expect(error, `${label} is also a RangeError`).toBeInstanceOf(RangeError);
      expect((error as MmckInputError).field, `the field named for ${label}`).toBe(field);
    }
  });
});
