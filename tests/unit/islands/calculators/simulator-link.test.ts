import { describe, expect, test } from 'vitest';
import { simulatorHref } from '../../../../src/islands/calculators/simulator-link';

describe('simulatorHref', () => {
  test('writes the simulator contract: rate, mean, slots and queue', () => {
    expect(simulatorHref({ rate: 160, meanMs: 100, slots: 25, queue: 0 })).toBe('/simulator/?rate=160&mean=100&slots=25&queue=0');
  });

  test('adds partitions when given, and unbounded queues by name', () => {
    expect(simulatorHref({ rate: 160, meanMs: 100, slots: 40, queue: 0, partitions: 4 })).toBe('/simulator/?rate=160&mean=100&slots=40&queue=0&partitions=4');
    expect(simulatorHref({ rate: 5, meanMs: 20, slots: 2, queue: 'unbounded' })).toBe('/simulator/?rate=5&mean=20&slots=2&queue=unbounded');
  });

  test('rounds long decimals to six significant digits', () => {
    expect(simulatorHref({ rate: 1 / 3, meanMs: 2 / 3, slots: 1, queue: 7 })).toBe('/simulator/?rate=0.333333&mean=0.666667&slots=1&queue=7');
  });

  test('gives no link for figures that are not finite, positive and whole where they must be', () => {
    expect(simulatorHref({ rate: Number.NaN, meanMs: 100, slots: 25, queue: 0 })).toBeNull();
    expect(simulatorHref({ rate: 160, meanMs: Infinity, slots: 25, queue: 0 })).toBeNull();
    expect(simulatorHref({ rate: 160, meanMs: 100, slots: 2.5, queue: 0 })).toBeNull();
    expect(simulatorHref({ rate: 160, meanMs: 100, slots: 25, queue: -1 })).toBeNull();
    expect(simulatorHref({ rate: 160, meanMs: 100, slots: 25, queue: 0, partitions: 0 })).toBeNull();
  });
});
