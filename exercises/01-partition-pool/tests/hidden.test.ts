import { describe, during, expect, forEachSeed, test } from '../../_harness';
import { partitionPool, type ServiceShare } from '../start/partition';

/** Calls partitionPool, naming the call if it throws when it should not. */
function split(totalSlots: number, services: ServiceShare[]): Record<string, number> {
  return during(`calling partitionPool(${totalSlots}, ${JSON.stringify(services)})`, () => partitionPool(totalSlots, services));
}

describe('partitionPool (largest remainder)', () => {
  test('gives leftover slots to the largest fractional parts, not to the largest weights', () => {
    // Exact shares 0.667, 4 and 5.333: the one leftover slot goes to "a".
    expect(split(10, [
      { name: 'a', weight: 1 },
      { name: 'b', weight: 6 },
      { name: 'c', weight: 8 },
    ]), '10 slots over weights 1, 6, 8').toEqual({ a: 1, b: 4, c: 5 });
  });

  test('breaks ties between equal remainders in input order', () => {
    expect(split(100, [
      { name: 'x', weight: 1 },
      { name: 'y', weight: 1 },
      { name: 'z', weight: 1 },
    ]), '100 slots over three equal weights').toEqual({ x: 34, y: 33, z: 33 });
    expect(split(6, [
      { name: 'a', weight: 1 },
      { name: 'b', weight: 1 },
      { name: 'c', weight: 1 },
      { name: 'd', weight: 1 },
    ]), '6 slots over four equal weights (two leftover slots, to the first two listed)').toEqual({ a: 2, b: 2, c: 1, d: 1 });
    expect(split(3, [
      { name: 'zeta', weight: 1 },
      { name: 'alpha', weight: 1 },
    ]), '3 slots over "zeta" then "alpha" (input order, not alphabetical)').toEqual({ zeta: 2, alpha: 1 });
  });

  test('compares remainders exactly, so a tie stays a tie whatever the whole parts', () => {
    // Shares 1/3, 1/3 and 7/3: three remainders of 1/3, one slot left, to "a" (listed first).
    // In floating point 7 / 3 − 2 is a hair above 1 / 3, which would hand the slot to "c".
    expect(split(3, [
      { name: 'a', weight: 1 },
      { name: 'b', weight: 1 },
      { name: 'c', weight: 7 },
    ]), '3 slots over weights 1, 1, 7').toEqual({ a: 1, b: 0, c: 2 });
    // Shares 2/3, 2/3 and 5/3: three remainders of 2/3, two slots left, to "a" and "b".
    expect(split(3, [
      { name: 'a', weight: 2 },
      { name: 'b', weight: 2 },
      { name: 'c', weight: 5 },
    ]), '3 slots over weights 2, 2, 5').toEqual({ a: 1, b: 1, c: 1 });
    // Shares 10/7, 30/7 and 30/7: remainders 3/7, 2/7, 2/7, one slot left, to "p".
    expect(split(10, [
      { name: 'p', weight: 1 },
      { name: 'q', weight: 3 },
      { name: 'r', weight: 3 },
    ]), '10 slots over weights 1, 3, 3').toEqual({ p: 2, q: 4, r: 4 });
  });

  test('handles fractional weights whose share is a whole number only on paper', () => {
    // 9 × 0.7 / 2.1 is exactly 3 on paper; in floating point the division and the remainder
    // can disagree by a hair. Shares 0.43, 3 and 5.57: the leftover slot goes to "c".
    expect(split(9, [
      { name: 'a', weight: 0.1 },
      { name: 'b', weight: 0.7 },
      { name: 'c', weight: 1.3 },
    ]), '9 slots over weights 0.1, 0.7, 1.3').toEqual({ a: 0, b: 3, c: 6 });
  });

  test('shares nothing beyond the minimums when they use the whole pool', () => {
    expect(split(5, [
      { name: 'a', weight: 0, minimum: 5 },
      { name: 'b', weight: 3 },
    ]), 'minimums equal to the pool').toEqual({ a: 5, b: 0 });
  });

  test('accepts every weight being 0 when the minimums fill the pool exactly', () => {
    expect(split(5, [
      { name: 'a', weight: 0, minimum: 3 },
      { name: 'b', weight: 0, minimum: 2 },
    ]), 'minimums 3 + 2 in a pool of 5, all weights 0').toEqual({ a: 3, b: 2 });
    expect(split(0, [
      { name: 'a', weight: 0 },
      { name: 'b', weight: 0 },
    ]), 'a pool of 0, all weights 0').toEqual({ a: 0, b: 0 });
  });

  test('gives a zero-weight service only its minimum', () => {
    expect(split(12, [
      { name: 'batch', weight: 0, minimum: 2 },
      { name: 'web', weight: 1 },
    ]), '12 slots, batch weight 0 minimum 2').toEqual({ batch: 2, web: 10 });
    expect(split(4, [
      { name: 'idle', weight: 0, minimum: 1 },
      { name: 'a', weight: 1 },
      { name: 'b', weight: 1 },
    ]), '4 slots, a listed-first zero weight with minimum 1 (the leftover slot goes to "a")').toEqual({ idle: 1, a: 2, b: 1 });
  });

  test('keeps the input order of the names', () => {
    const result = split(9, [
      { name: 'zeta', weight: 1 },
      { name: 'alpha', weight: 2 },
    ]);
    expect(Object.keys(result), 'the keys of the result').toEqual(['zeta', 'alpha']);
  });
});

describe('partitionPool (invalid input)', () => {
  const one: ServiceShare[] = [{ name: 'a', weight: 1 }];
  test('rejects a pool size that is negative or not an integer', () => {
    expect(() => partitionPool(-1, one), 'totalSlots -1').toThrow(RangeError);
    expect(() => partitionPool(-1, one), 'the message for totalSlots -1 (it should name totalSlots)').toThrow('totalSlots');
    expect(() => partitionPool(2.5, one), 'totalSlots 2.5').toThrow(RangeError);
    expect(() => partitionPool(Number.NaN, one), 'totalSlots NaN').toThrow(RangeError);
  });

  test('rejects an empty list of services', () => {
    expect(() => partitionPool(3, []), 'an empty list').toThrow(RangeError);
    expect(() => partitionPool(0, []), 'an empty list for a pool of 0 slots').toThrow(RangeError);
    expect(() => partitionPool(0, []), 'the message for an empty list (it should say what is wrong)').toThrow(/\S/);
  });

  test('rejects a repeated service name, naming it', () => {
    const call = (): unknown => partitionPool(3, [{ name: 'dup', weight: 1 }, { name: 'dup', weight: 2 }]);
    expect(call, 'the name "dup" twice').toThrow(RangeError);
    expect(call, 'the message (it should name "dup")').toThrow('dup');
  });

  test('rejects weights that are negative or not finite', () => {
    expect(() => partitionPool(3, [{ name: 'a', weight: -1 }]), 'weight -1').toThrow(RangeError);
    expect(() => partitionPool(3, [{ name: 'a', weight: Number.NaN }]), 'weight NaN').toThrow(RangeError);
    expect(() => partitionPool(3, [{ name: 'a', weight: Number.POSITIVE_INFINITY }]), 'weight Infinity').toThrow(RangeError);
    expect(() => partitionPool(3, [{ name: 'ok', weight: 1 }, { name: 'heavy', weight: -2 }]), 'the message for weight -2 (it should name "heavy")').toThrow('heavy');
  });

  test('rejects minimums that are negative or not integers', () => {
    expect(() => partitionPool(3, [{ name: 'a', weight: 1, minimum: -1 }]), 'minimum -1').toThrow(RangeError);
    expect(() => partitionPool(3, [{ name: 'a', weight: 1, minimum: 0.5 }]), 'minimum 0.5').toThrow(RangeError);
    expect(() => partitionPool(3, [{ name: 'a', weight: 1, minimum: Number.NaN }]), 'minimum NaN').toThrow(RangeError);
    expect(() => partitionPool(3, [{ name: 'ok', weight: 1 }, { name: 'odd', weight: 1, minimum: 1.5 }]), 'the message for minimum 1.5 (it should name "odd")').toThrow('odd');
  });

  test('rejects slots left over when every weight is zero', () => {
    expect(() => partitionPool(4, [{ name: 'a', weight: 0 }, { name: 'b', weight: 0 }]), '4 slots, weights 0 and 0').toThrow(RangeError);
    expect(() => partitionPool(4, [{ name: 'a', weight: 0, minimum: 3 }]), '1 slot left after the minimum, weight 0').toThrow(RangeError);
    expect(() => partitionPool(4, [{ name: 'a', weight: 0 }, { name: 'b', weight: 0 }]), 'the message (it should mention the weights)').toThrow(/weight/i);
  });

  test('rejects minimums that exceed the pool even by one slot', () => {
    expect(() => partitionPool(9, [{ name: 'a', weight: 1, minimum: 5 }, { name: 'b', weight: 1, minimum: 5 }]), 'minimums 5 + 5 in a pool of 9').toThrow(RangeError);
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
      const result = split(total, services);
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
        expect(Math.abs(value - exact), `distance of ${service.name} from its minimum plus exact share, ${exact.toFixed(3)}`).toBeLessThan(1);
      }
      expect(sum, `sum for ${JSON.stringify(services)} and ${total} slots`).toBe(total);
    });
  });
});
