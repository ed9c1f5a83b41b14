import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  QueueingInputError,
  cellFailureImpact,
  combinations,
  combinationsNumber,
  fullShardOverlapProbability,
  shardOverlapProbability,
  shuffleShardImpact,
} from '../../../src/queueing';
import { subsets } from './reference';

/** Exact share of shard pairs overlapping on at least `atLeast` nodes, by listing every shard. */
function enumeratedOverlap(nodes: number, shardSize: number, atLeast: number): number {
  const all = subsets(nodes, shardSize);
  const mine = new Set(all[0]);
  const hits = all.filter((shard) => shard.filter((node) => mine.has(node)).length >= atLeast).length;
  return hits / all.length;
}

describe('combinations', () => {
  it("counts Route 53's 730,862,190,080 shuffle shards exactly", () => {
    expect(combinations(2048, 4)).toBe(730862190080n);
    expect(combinations({ n: 2048, k: 4 })).toBe(730862190080n);
  });

  it('gives 28 shards of 2 among 8 workers, and 0 when k exceeds n', () => {
    expect(combinations(8, 2)).toBe(28n);
    expect(combinations(3, 5)).toBe(0n);
    expect(combinations(0, 0)).toBe(1n);
  });

  it("follows Pascal's rule and symmetry", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 400 }), (n, k) => {
        expect(combinations(n, k)).toBe(combinations(n - 1, k - 1) + combinations(n - 1, k));
        if (k <= n) expect(combinations(n, k)).toBe(combinations(n, n - k));
      }),
    );
  });

  it('stays exact far beyond 2^53', () => {
    // C(100, 50) = 100891344545564193334812497256, a known value.
    expect(combinations(100, 50)).toBe(100891344545564193334812497256n);
  });

  it('rejects negative or fractional counts', () => {
    expect(() => combinations(-1, 2)).toThrow('n must be a whole number of at least 0 (got -1)');
    expect(() => combinations(5, 1.5)).toThrow('k must be a whole number of at least 0 (got 1.5)');
  });
});

describe('combinationsNumber', () => {
  it('returns a plain number while that is exact', () => {
    expect(combinationsNumber(2048, 4)).toBe(730862190080);
    expect(combinationsNumber({ n: 8, k: 2 })).toBe(28);
  });

  it('refuses values a double cannot hold exactly', () => {
    expect(() => combinationsNumber(100, 50)).toThrow('use combinations() for a BigInt');
  });
});

describe('shardOverlapProbability', () => {
  it('matches a full enumeration of small fleets', () => {
    for (const [nodes, shardSize] of [
      [8, 2],
      [9, 3],
      [10, 4],
      [7, 7],
    ] as const) {
      for (let atLeast = 0; atLeast <= shardSize; atLeast++) {
        expect(shardOverlapProbability({ nodes, shardSize, atLeast })).toBeCloseTo(enumeratedOverlap(nodes, shardSize, atLeast), 14);
      }
    }
  });

  it('makes sharing 3 of 4 nodes among 2,048 about a one-in-90-million event', () => {
    const expected = (4 * 2044 + 1) / 730862190080;
    expect(shardOverlapProbability({ nodes: 2048, shardSize: 4, atLeast: 3 }) / expected).toBeCloseTo(1, 12);
  });

  it('never rises as the required overlap grows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_000 }), fc.integer({ min: 1, max: 12 }), (nodes, size) => {
        const shardSize = Math.min(size, nodes);
        let previous = 1;
        for (let atLeast = 0; atLeast <= shardSize; atLeast++) {
          const probability = shardOverlapProbability({ nodes, shardSize, atLeast });
          expect(probability).toBeLessThanOrEqual(previous);
          expect(probability).toBeGreaterThanOrEqual(0);
          previous = probability;
        }
      }),
      { numRuns: 50 },
    );
  });

  it('rejects an overlap larger than the shard', () => {
    expect(() => shardOverlapProbability({ nodes: 8, shardSize: 2, atLeast: 3 })).toThrow('atLeast must be at most 2 (got 3)');
  });
});

describe('fullShardOverlapProbability', () => {
  it('is 1 / C(n, k)', () => {
    expect(fullShardOverlapProbability({ nodes: 8, shardSize: 2 })).toBeCloseTo(1 / 28, 15);
    expect(fullShardOverlapProbability({ nodes: 2048, shardSize: 4 }) * 730862190080).toBeCloseTo(1, 12);
  });

  it('underflows to 0 rather than NaN for astronomically many shards', () => {
    const probability = fullShardOverlapProbability({ nodes: 1_000_000, shardSize: 1_000 });
    expect(probability).toBe(0);
  });
});

describe('shuffleShardImpact', () => {
  it("reproduces the Builders' Library example: 1/28 of customers, 7 times better than plain shards", () => {
    const impact = shuffleShardImpact({ nodes: 8, shardSize: 2 });
    expect(impact.shardCount).toBe(28n);
    expect(impact.fullOverlapShare).toBeCloseTo(1 / 28, 15);
    expect(impact.regularShardingShare).toBe(0.25);
    expect(impact.improvement).toBeCloseTo(7, 12);
    expect(impact.anyOverlapShare).toBeCloseTo(enumeratedOverlap(8, 2, 1), 14);
  });

  it('refuses a shard larger than the fleet', () => {
    expect(() => shuffleShardImpact({ nodes: 4, shardSize: 5 })).toThrow(QueueingInputError);
  });
});

describe('cellFailureImpact', () => {
  it('hits 1/N of customers when one of N cells fails', () => {
    expect(cellFailureImpact({ cells: 8 })).toBe(0.125);
    expect(cellFailureImpact({ cells: 8, failedCells: 2 })).toBe(0.25);
  });

  it('refuses more failed cells than exist', () => {
    expect(() => cellFailureImpact({ cells: 4, failedCells: 5 })).toThrow('failedCells must be at most 4 (got 5)');
  });
});
