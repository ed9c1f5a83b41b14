import { describe, during, expect, test } from '../../_harness';
import { partitionPool, type ServiceShare } from '../start/partition';

/** Calls partitionPool, naming the call if it throws when it should not. */
function split(totalSlots: number, services: ServiceShare[]): Record<string, number> {
  return during(`calling partitionPool(${totalSlots}, ${JSON.stringify(services)})`, () => partitionPool(totalSlots, services));
}

describe('partitionPool', () => {
  test('splits a pool exactly when the weights divide it', () => {
    expect(split(10, [
      { name: 'checkout', weight: 5 },
      { name: 'search', weight: 3 },
      { name: 'reports', weight: 2 },
    ]), '10 slots split 5 : 3 : 2').toEqual({ checkout: 5, search: 3, reports: 2 });
  });

  test('gives the slot left by rounding to the largest remainder so the parts add up', () => {
    expect(split(10, [
      { name: 'a', weight: 1 },
      { name: 'b', weight: 1 },
      { name: 'c', weight: 1 },
    ]), '10 slots over three equal weights (the leftover slot goes to "a", listed first)').toEqual({ a: 4, b: 3, c: 3 });
  });

  test('gives each service its minimum first and shares the rest by weight', () => {
    expect(split(20, [
      { name: 'checkout', weight: 1, minimum: 5 },
      { name: 'search', weight: 1, minimum: 5 },
      { name: 'reports', weight: 2 },
    ]), 'the example from the instructions').toEqual({ checkout: 8, search: 7, reports: 5 });
  });

  test('returns whole numbers that add up to the pool size', () => {
    const result = split(7, [
      { name: 'a', weight: 1 },
      { name: 'b', weight: 1 },
      { name: 'c', weight: 1 },
      { name: 'd', weight: 1 },
    ]);
    const values = Object.values(result);
    expect(values.every((value) => Number.isInteger(value)), 'all whole numbers').toBe(true);
    expect(values.reduce((sum, value) => sum + value, 0), 'sum of the parts').toBe(7);
    expect(result).toEqual({ a: 2, b: 2, c: 2, d: 1 });
  });

  test('breaks a tie between equal remainders in input order, comparing the remainders exactly', () => {
    // Exact shares 4/3, 1/3 and 1/3: three equal remainders of 1/3. In floating point
    // 4 / 3 − 1 is a hair below 1 / 3, so comparing fractional parts hands the slot to "b".
    expect(split(2, [
      { name: 'a', weight: 4 },
      { name: 'b', weight: 1 },
      { name: 'c', weight: 1 },
    ]), '2 slots over weights 4, 1, 1 (the tie goes to "a", listed first)').toEqual({ a: 2, b: 0, c: 0 });
    // Exact shares 0.5 and 1.5: the tie goes to "x", listed first, not to the heavier "y".
    expect(split(2, [
      { name: 'x', weight: 1 },
      { name: 'y', weight: 3 },
    ]), '2 slots over weights 1, 3 (the tie goes to "x", listed first)').toEqual({ x: 1, y: 1 });
  });

  test('throws a RangeError naming both numbers when the minimums exceed the pool', () => {
    const call = (): unknown => partitionPool(10, [
      { name: 'a', weight: 1, minimum: 6 },
      { name: 'b', weight: 1, minimum: 6 },
    ]);
    expect(call, 'minimums 6 + 6 in a pool of 10').toThrow(RangeError);
    expect(call, 'the message (it should say 12 and 10)').toThrow(/12.*10|10.*12/);
  });

  test('throws a RangeError for each kind of invalid input', () => {
    const cases: Array<[string, () => unknown]> = [
      ['totalSlots -1', () => partitionPool(-1, [{ name: 'a', weight: 1 }])],
      ['totalSlots 2.5', () => partitionPool(2.5, [{ name: 'a', weight: 1 }])],
      ['an empty list of services', () => partitionPool(3, [])],
      ['the name "dup" twice', () => partitionPool(3, [{ name: 'dup', weight: 1 }, { name: 'dup', weight: 2 }])],
      ['weight -1', () => partitionPool(3, [{ name: 'a', weight: -1 }])],
      ['weight Infinity', () => partitionPool(3, [{ name: 'a', weight: Number.POSITIVE_INFINITY }])],
      ['minimum 0.5', () => partitionPool(3, [{ name: 'a', weight: 1, minimum: 0.5 }])],
      ['4 slots left to share but every weight 0', () => partitionPool(4, [{ name: 'a', weight: 0 }, { name: 'b', weight: 0 }])],
    ];
    for (const [label, call] of cases) expect(call, label).toThrow(RangeError);
  });

  test('gives zero slots to everyone when the pool is empty', () => {
    expect(split(0, [
      { name: 'a', weight: 3 },
      { name: 'b', weight: 1 },
    ]), 'a pool of 0 slots').toEqual({ a: 0, b: 0 });
  });
});
