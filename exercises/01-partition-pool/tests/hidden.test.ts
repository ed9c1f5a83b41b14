import { describe, expect, forEachSeed, test } from '../../_harness';
import { partitionPool, type ServiceShare } from '../start/partition';

describe('partitionPool (largest remainder)', () => {
  test('gives leftover slots to the largest fractional parts, not to the largest weights', () => {
    // Exact shares 0.667, 4 and 5.333: the one leftover slot goes to "a".
    expect(partitionPool(10, [
      { name: 'a', weight: 1 },
      { name: 'b', weight: 6 },
      { name: 'c', weight: 8 },
    ])).toEqual({ a: 1, b: 4, c: 5 });
  });

  test('breaks ties between equal remainders in input order', () => {
    expect(partitionPool(100, [
      { name: 'x', weight: 1 },
      { name: 'y', weight: 1 },
      { name: 'z', weight: 1 },
    ])).toEqual({ x: 34, y: 33, z: 33 });
  });

  test('shares nothing beyond the minimums when they use the whole pool', () => {
    expect(partitionPool(5, [
      { name: 'a', weight: 0, minimum: 5 },
      { name: 'b', weight: 3 },
    ])).toEqual({ a: 5, b: 0 });
  });

  test('gives a zero-weight service only its minimum', () => {
    expect(partitionPool(12, [
      { name: 'batch', weight: 0, minimum: 2 },
      { name: 'web', weight: 1 },
    ])).toEqual({ batch: 2, web: 10 });
  });

  test('keeps the input order of the names', () => {
    const result = partitionPool(9, [
      { name: 'zeta', weight: 1 },
      { name: 'alpha', weight: 2 },
    ]);
    expect(Object.keys(result)).toEqual(['zeta', 'alpha']);
  });
});

describe('partitionPool (invalid input)', () => {
  const one: ServiceShare[] = [{ name: 'a', weight: 1 }];
  test('rejects a pool size that is negative or not an integer', () => {
    expect(() => partitionPool(-1, one), 'totalSlots -1').toThrow(RangeError);
    expect(() => partitionPool(2.5, one), 'totalSlots 2.5').toThrow(RangeError);
    expect(() => partitionPool(Number.NaN, one), 'totalSlots NaN').toThrow(RangeError);
  });

  test('rejects an empty list of services', () => {
    expect(() => partitionPool(3, [])).toThrow(RangeError);
  });

  test('rejects a repeated service name, naming it', () => {
    expect(() => partitionPool(3, [{ name: 'dup', weight: 1 }, { name: 'dup', weight: 2 }])).toThrow('dup');
  });

  test('rejects weights that are negative or not finite', () => {
    expect(() => partitionPool(3, [{ name: 'a', weight: -1 }]), 'weight -1').toThrow(RangeError);
    expect(() => partitionPool(3, [{ name: 'a', weight: Number.NaN }]), 'weight NaN').toThrow(RangeError);
    expect(() => partitionPool(3, [{ name: 'a', weight: Number.POSITIVE_INFINITY }]), 'weight Infinity').toThrow(RangeError);
  });

  test('rejects minimums that are negative or not integers', () => {
    expect(() => partitionPool(3, [{ name: 'a', weight: 1, minimum: -1 }]), 'minimum -1').toThrow(RangeError);
    expect(() => partitionPool(3, [{ name: 'a', weight: 1, minimum: 0.5 }]), 'minimum 0.5').toThrow(RangeError);
  });

  test('rejects slots left over when every weight is zero', () => {
    expect(() => partitionPool(4, [{ name: 'a', weight: 0 }, { name: 'b', weight: 0 }])).toThrow(RangeError);
  });

  test('rejects minimums that exceed the pool even by one slot', () => {
    expect(() => partitionPool(9, [{ name: 'a', weight: 1, minimum: 5 }, { name: 'b', weight: 1, minimum: 5 }])).toThrow(RangeError);
  });
});

describe('partitionPool (random inputs)', () => {
  test('always sums to the pool, honours minimums and stays within one slot of the exact share', async () => {
    await forEachSeed(300, (random) => {
      const count = random.int(1, 6);
      const services: ServiceShare[] = Array.from({ length: count }, (_, index) => ({
        name: `s${index}`,
        weight: random.chance(0.2) ? 0 : random.int(1, 20) / random.pick([1, 2, 3]),
        minimum: random.chance(0.5) ? random.int(0, 4) : 0,
      }));
      if (services.every((service) => service.weight === 0)) services[0] = { name: 's0', weight: 1, minimum: services[0]?.minimum ?? 0 };
      const minimumSum = services.reduce((sum, service) => sum + (service.minimum ?? 0), 0);
      const total = minimumSum + random.int(0, 60);
      const result = partitionPool(total, services);
      const weightSum = services.reduce((sum, service) => sum + service.weight, 0);
      const rest = total - minimumSum;
      let sum = 0;
      for (const service of services) {
        const slots = result[service.name];
        expect(Number.isInteger(slots), `slots of ${service.name} are a whole number`).toBe(true);
        const value = slots ?? Number.NaN;
        sum += value;
        const exact = (service.minimum ?? 0) + (rest * service.weight) / weightSum;
        expect(value, `${service.name} (minimum ${service.minimum ?? 0})`).toBeGreaterThanOrEqual(service.minimum ?? 0);
        expect(Math.abs(value - exact), `distance of ${service.name} from its exact share ${exact.toFixed(3)}`).toBeLessThan(1);
      }
      expect(sum, `sum for ${JSON.stringify(services)} and ${total} slots`).toBe(total);
    });
  });
});
