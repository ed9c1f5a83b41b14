import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangB, priceOfIsolation, splitBlocking } from '../../../src/queueing';

describe('priceOfIsolation', () => {
  it.each([
    [1, 25, 25],
    [2, 15, 30],
    [4, 10, 40],
  ])('needs the published slots for 16 Erlangs at 1%% split %d ways', (partitions, perPartition, total) => {
    const result = priceOfIsolation({ offeredLoad: 16, partitions, targetBlocking: 0.01 });
    expect(result.pooledServers).toBe(25);
    expect(result.serversPerPartition).toBe(perPartition);
    expect(result.splitServers).toBe(total);
    expect(result.extraServers).toBe(total - 25);
    expect(result.extraShare).toBeCloseTo((total - 25) / 25, 15);
  });

  it('never makes isolation cheaper than pooling, and each size is the smallest that fits', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        fc.integer({ min: 1, max: 16 }),
        fc.double({ min: 1e-4, max: 0.3, noNaN: true }),
        (offeredLoad, partitions, targetBlocking) => {
          const result = priceOfIsolation({ offeredLoad, partitions, targetBlocking });
          expect(result.splitServers).toBeGreaterThanOrEqual(result.pooledServers);
          const share = offeredLoad / partitions;
          expect(erlangB({ offeredLoad: share, servers: result.serversPerPartition })).toBeLessThanOrEqual(targetBlocking);
          if (result.serversPerPartition > 1) {
            expect(erlangB({ offeredLoad: share, servers: result.serversPerPartition - 1 })).toBeGreaterThan(targetBlocking);
          }
        },
      ),
    );
  });

  it('rejects a fractional number of partitions', () => {
    expect(() => priceOfIsolation({ offeredLoad: 16, partitions: 1.5, targetBlocking: 0.01 })).toThrow(
      'partitions must be a whole number of at least 1 (got 1.5)',
    );
  });
});

describe('splitBlocking', () => {
  it('shows 20 shared slots block 6.44% of 16 Erlangs but two pools of 10 block 12.17%', () => {
    const result = splitBlocking({ offeredLoad: 16, servers: 20, partitions: 2 });
    expect(result.pooledBlocking).toBeCloseTo(0.0644, 4);
    expect(result.splitBlocking).toBeCloseTo(0.1217, 4);
  });

  it('requires the slots to divide evenly', () => {
    expect(() => splitBlocking({ offeredLoad: 16, servers: 25, partitions: 2 })).toThrow(
      'servers must divide evenly into partitions (got 25 servers for 2 partitions)',
    );
  });
});
