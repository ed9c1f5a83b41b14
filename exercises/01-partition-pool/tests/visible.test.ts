import { describe, expect, test } from '../../_harness';
import { partitionPool } from '../start/partition';

describe('partitionPool', () => {
  test('splits a pool exactly when the weights divide it', () => {
    expect(partitionPool(10, [
      { name: 'checkout', weight: 5 },
      { name: 'search', weight: 3 },
      { name: 'reports', weight: 2 },
    ])).toEqual({ checkout: 5, search: 3, reports: 2 });
  });

  test('gives the slot left by rounding to the largest remainder so the parts add up', () => {
    expect(partitionPool(10, [
      { name: 'a', weight: 1 },
      { name: 'b', weight: 1 },
      { name: 'c', weight: 1 },
    ])).toEqual({ a: 4, b: 3, c: 3 });
  });

  test('gives each service its minimum first and shares the rest by weight', () => {
    expect(partitionPool(20, [
      { name: 'checkout', weight: 1, minimum: 5 },
      { name: 'search', weight: 1, minimum: 5 },
      { name: 'reports', weight: 2 },
    ])).toEqual({ checkout: 8, search: 7, reports: 5 });
  });

  test('returns whole numbers that add up to the pool size', () => {
    const result = partitionPool(7, [
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

  test('throws a RangeError naming both numbers when the minimums exceed the pool', () => {
    const call = (): unknown => partitionPool(10, [
      { name: 'a', weight: 1, minimum: 6 },
      { name: 'b', weight: 1, minimum: 6 },
    ]);
    expect(call).toThrow(RangeError);
    expect(call, 'the message').toThrow(/12.*10|10.*12/);
  });

  test('gives zero slots to everyone when the pool is empty', () => {
    expect(partitionPool(0, [
      { name: 'a', weight: 3 },
      { name: 'b', weight: 1 },
    ])).toEqual({ a: 0, b: 0 });
  });
});
