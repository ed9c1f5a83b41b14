import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { sampleDistinct, seededRandom } from '../../../../src/islands/calculators/sample';

describe('seededRandom', () => {
  test('repeats the same sequence for the same seed, in [0, 1)', () => {
    const first = seededRandom(42);
    const second = seededRandom(42);
    const values = Array.from({ length: 100 }, () => first());
    expect(Array.from({ length: 100 }, () => second())).toEqual(values);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(seededRandom(43)()).not.toBe(values[0]);
  });
});

describe('sampleDistinct', () => {
  test('draws the requested number of distinct, sorted values in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 2048 }), fc.integer({ min: 0, max: 50 }), (seed, population, count) => {
        const sample = sampleDistinct(seededRandom(seed), population, count);
        expect(sample).toHaveLength(Math.min(count, population));
        expect(new Set(sample).size).toBe(sample.length);
        expect(sample.every((value) => Number.isInteger(value) && value >= 0 && value < population)).toBe(true);
        expect([...sample].sort((a, b) => a - b)).toEqual(sample);
      }),
    );
  });

  test('reaches every value of a small population over many seeds', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 200; seed++) for (const value of sampleDistinct(seededRandom(seed), 8, 2)) seen.add(value);
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
