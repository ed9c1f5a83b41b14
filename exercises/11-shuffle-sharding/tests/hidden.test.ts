import { describe, expect, forEachSeed, test } from '../../_harness';
import { combinations, fullOverlapShare, overlap, shardFor, type ShardOptions } from '../start/shuffle-shard';

function customers(count: number, prefix = 'customer-'): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${index}`);
}

function fail(message: string): void {
  expect(false, message).toBe(true);
}

function expectNear(actual: number, expected: number, relative: number, label: string): void {
  const tolerance = Math.abs(expected) * relative;
  if (Math.abs(actual - expected) <= tolerance) return;
  const hint = `${label} (want ${expected.toPrecision(4)} ± ${tolerance.toPrecision(2)})`;
  expect(actual, hint).toBeGreaterThanOrEqual(expected - tolerance);
  expect(actual, hint).toBeLessThanOrEqual(expected + tolerance);
}

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return 'nothing was thrown';
}

/** Pairs of shards sharing at least `atLeast` nodes, counted with the learner's own overlap(). */
function pairsSharing(shards: readonly number[][], atLeast: number): { pairs: number; sharing: number } {
  let pairs = 0;
  let sharing = 0;
  for (let i = 0; i < shards.length; i += 1) {
    for (let j = i + 1; j < shards.length; j += 1) {
      pairs += 1;
      if (overlap(shards[i] as number[], shards[j] as number[]) >= atLeast) sharing += 1;
    }
  }
  return { pairs, sharing };
}

describe('shardFor (more cases)', () => {
  test('does not depend on the order of calls or on other customers', () => {
    const options: ShardOptions = { nodes: 12, shardSize: 3 };
    const ids = customers(60);
    const forwards = ids.map((id) => shardFor(id, options).join(','));
    const backwards = [...ids].reverse().map((id) => shardFor(id, options).join(',')).reverse();
    for (const [index, id] of ids.entries()) {
      if (forwards[index] !== backwards[index]) {
        fail(`shardFor("${id}") gave [${String(forwards[index])}] in one run and [${String(backwards[index])}] when other customers were asked first: keep no generator or state between calls; seed a fresh one from the id each time`);
      }
    }
  });

  test('gives every node when shardSize equals nodes', () => {
    expect(shardFor('tenant-a', { nodes: 6, shardSize: 6 }), 'shardFor("tenant-a", { nodes: 6, shardSize: 6 })').toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('handles long and non-ASCII ids', () => {
    const options: ShardOptions = { nodes: 10, shardSize: 3 };
    for (const id of ['x'.repeat(5000), 'kunde-ü-東京', '🙂']) {
      const shard = shardFor(id, options);
      const label = `shardFor(${JSON.stringify(id.slice(0, 20))}…)`;
      expect(shard, label).toHaveLength(3);
      expect(new Set(shard).size, `${label}: distinct nodes`).toBe(3);
      expect(shardFor(id, options), `${label} asked twice`).toEqual(shard);
    }
  });

  test('gives neighbouring ids unrelated shards: customer-i and customer-(i+1) rarely share both nodes', () => {
    const options: ShardOptions = { nodes: 8, shardSize: 2 };
    let identical = 0;
    for (let index = 0; index < 1000; index += 1) {
      if (shardFor(`customer-${index}`, options).join(',') === shardFor(`customer-${index + 1}`, options).join(',')) identical += 1;
    }
    // Unrelated shards are identical 1 time in 28: about 36 of 1 000 neighbour pairs.
    if (identical > 70) fail(`${identical} of 1 000 neighbouring ids got identical shards; unrelated shards would give about 36 (1 in 28)`);
  });

  test('spreads customers evenly on a small fleet too (12 nodes, shards of 3)', () => {
    const options: ShardOptions = { nodes: 12, shardSize: 3 };
    const counts = new Array<number>(options.nodes).fill(0);
    for (const id of customers(3000, 'tenant-')) {
      for (const node of shardFor(id, options)) counts[node] = (counts[node] ?? 0) + 1;
    }
    const expected = (3000 * 3) / 12;
    for (const [node, count] of counts.entries()) {
      expectNear(count, expected, 0.12, `shards on node ${node} among 3 000 customers`);
    }
  });

  test('on Route 53\'s scale (2 048 nodes, shards of 4), 250 customers share one node or more in about 0.78% of pairs and never 3', () => {
    const shards = customers(250, 'zone-').map((id) => shardFor(id, { nodes: 2048, shardSize: 4 }));
    const some = pairsSharing(shards, 1);
    expectNear(some.sharing / some.pairs, 0.0077953, 0.3, 'share of the 31 125 pairs sharing at least one name server (hypergeometric: 1 − C(2044, 4)/C(2048, 4))');
    const many = pairsSharing(shards, 3).sharing;
    if (many > 0) fail(`${many} pairs of 250 zones share 3 or more of 4 name servers; at random that has odds of about 1.1 in 100 million per pair`);
  });
});

describe('combinations (more cases)', () => {
  test('matches more exact values, including C(200, 100)', () => {
    const cases: Array<[number, number, bigint]> = [
      [52, 5, 2598960n],
      [1000, 3, 166167000n],
      [10_000, 2, 49995000n],
      [60, 30, 118264581564861424n],
      [2048, 2044, 730862190080n],
      [200, 100, 90548514656103281165404177077484163874504589675413336841320n],
    ];
    for (const [n, k, expected] of cases) {
      let value: unknown;
      try {
        value = combinations(n, k);
      } catch (error) {
        value = `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
      }
      if (value !== expected) expect(value, `C(${n}, ${k})`).toBe(expected);
    }
  });

  test("satisfies Pascal's rule and symmetry for 200 random n and k", async () => {
    await forEachSeed(200, (random) => {
      const n = random.int(1, 3000);
      const k = random.int(1, Math.min(n, 12));
      const whole = combinations(n, k);
      const sum = combinations(n - 1, k - 1) + combinations(n - 1, k);
      if (whole !== sum) expect(whole, `C(${n}, ${k}) against C(${n - 1}, ${k - 1}) + C(${n - 1}, ${k})`).toBe(sum);
      const mirror = combinations(n, n - k);
      if (whole !== mirror) expect(mirror, `C(${n}, ${n - k}) against C(${n}, ${k})`).toBe(whole);
    });
  });

  test('throws a RangeError for NaN and infinite inputs', () => {
    expect(thrownBy(() => combinations(Number.NaN, 2)), 'C(NaN, 2)').toBeInstanceOf(RangeError);
    expect(thrownBy(() => combinations(Number.POSITIVE_INFINITY, 2)), 'C(Infinity, 2)').toBeInstanceOf(RangeError);
  });
});

describe('overlap (more cases)', () => {
  test('agrees with a set intersection for 200 random pairs of shards', async () => {
    await forEachSeed(200, (random) => {
      const nodes = random.int(2, 30);
      const size = random.int(1, nodes);
      const all = Array.from({ length: nodes }, (_, node) => node);
      const a = random.shuffle(all).slice(0, size);
      const b = random.shuffle(all).slice(0, size);
      const inA = new Set(a);
      const expected = b.filter((node) => inA.has(node)).length;
      const actual = overlap(a, b);
      if (actual !== expected) expect(actual, `overlap([${a.join(', ')}], [${b.join(', ')}])`).toBe(expected);
    });
  });
});

describe('fullOverlapShare (more cases)', () => {
  test('counts exactly the pairs whose shards are identical, over every pair', () => {
    const options: ShardOptions = { nodes: 6, shardSize: 2 };
    const ids = customers(120, 'user-');
    const shards = ids.map((id) => shardFor(id, options));
    const { pairs, sharing } = pairsSharing(shards, 2);
    expectNear(fullOverlapShare(ids, options), sharing / pairs, 1e-12, `fullOverlapShare of 120 customers on 6 nodes (${sharing} of the ${pairs} pairs have identical shards)`);
  });

  test('comes close to 1/C(n, k) on larger fleets', () => {
    expectNear(fullOverlapShare(customers(800), { nodes: 16, shardSize: 4 }), 1 / 1820, 0.25, 'identical shards among 800 customers on 16 nodes with shards of 4, against 1/C(16, 4)');
    expectNear(fullOverlapShare(customers(700, 'tenant-'), { nodes: 12, shardSize: 3 }), 1 / 220, 0.2, 'identical shards among 700 customers on 12 nodes with shards of 3, against 1/C(12, 3)');
  });

  test('throws a RangeError for a repeated customer id or an impossible fleet', () => {
    expect(thrownBy(() => fullOverlapShare(['a', 'b', 'a'], { nodes: 8, shardSize: 2 })), 'customer "a" listed twice').toBeInstanceOf(RangeError);
    expect(thrownBy(() => fullOverlapShare(['a', 'b'], { nodes: 3, shardSize: 4 })), 'shardSize 4 on 3 nodes').toBeInstanceOf(RangeError);
  });
});
