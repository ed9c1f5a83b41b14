import { describe, during, expect, forEachSeed, test } from '../../_harness';
import { combinations, createPrng, fullOverlapShare, hashId, overlap, shardFor, type ShardOptions } from '../start/shuffle-shard';

function customers(count: number, prefix = 'customer-'): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${index}`);
}

/** shardFor, with the call named if it throws. */
function deal(customerId: string, options: ShardOptions): number[] {
  return during(`calling shardFor(${JSON.stringify(customerId.length > 20 ? `${customerId.slice(0, 20)}…` : customerId)}, { nodes: ${options.nodes}, shardSize: ${options.shardSize} })`, () => shardFor(customerId, options));
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
    const forwards = ids.map((id) => deal(id, options).join(','));
    const backwards = [...ids].reverse().map((id) => deal(id, options).join(',')).reverse();
    for (const [index, id] of ids.entries()) {
      if (forwards[index] !== backwards[index]) {
        fail(`shardFor("${id}") gave [${String(forwards[index])}] in one run and [${String(backwards[index])}] when other customers were asked first: keep no generator or state between calls; seed a fresh one from the id each time`);
      }
    }
  });

  test('gives every node when shardSize equals nodes', () => {
    expect(deal('tenant-a', { nodes: 6, shardSize: 6 }), 'shardFor("tenant-a", { nodes: 6, shardSize: 6 })').toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('handles long and non-ASCII ids', () => {
    const options: ShardOptions = { nodes: 10, shardSize: 3 };
    for (const id of ['x'.repeat(5000), 'kunde-ü-東京', '🙂']) {
      const shard = deal(id, options);
      const label = `shardFor(${JSON.stringify(id.slice(0, 20))}…)`;
      expect(shard, label).toHaveLength(3);
      expect(new Set(shard).size, `${label}: distinct nodes`).toBe(3);
      expect(deal(id, options), `${label} asked twice`).toEqual(shard);
    }
  });

  test('gives neighbouring ids unrelated shards: customer-i and customer-(i+1) rarely share both nodes', () => {
    const options: ShardOptions = { nodes: 8, shardSize: 2 };
    let identical = 0;
    for (let index = 0; index < 1000; index += 1) {
      if (deal(`customer-${index}`, options).join(',') === deal(`customer-${index + 1}`, options).join(',')) identical += 1;
    }
    // Unrelated shards are identical 1 time in 28: about 36 of 1 000 neighbour pairs.
    if (identical > 70) fail(`${identical} of 1 000 neighbouring ids got identical shards; unrelated shards would give about 36 (1 in 28)`);
  });

  test('spreads customers evenly on a small fleet too (12 nodes, shards of 3)', () => {
    const options: ShardOptions = { nodes: 12, shardSize: 3 };
    const counts = new Array<number>(options.nodes).fill(0);
    for (const id of customers(3000, 'tenant-')) {
      for (const node of deal(id, options)) counts[node] = (counts[node] ?? 0) + 1;
    }
    const expected = (3000 * 3) / 12;
    for (const [node, count] of counts.entries()) {
      expectNear(count, expected, 0.12, `shards on node ${node} among 3 000 customers`);
    }
  });

  test('on Route 53\'s scale (2 048 nodes, shards of 4), 250 customers share one node or more in about 0.78% of pairs and never 3', () => {
    const shards = customers(250, 'zone-').map((id) => deal(id, { nodes: 2048, shardSize: 4 }));
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

describe('overlap (repeated nodes)', () => {
  test('counts each common node once, even when a list repeats it', () => {
    expect(during('calling overlap([1, 1, 2], [1, 3])', () => overlap([1, 1, 2], [1, 3])), 'overlap([1, 1, 2], [1, 3]): only node 1 is in both').toBe(1);
    expect(during('calling overlap([4, 5], [5, 5, 5])', () => overlap([4, 5], [5, 5, 5])), 'overlap([4, 5], [5, 5, 5]): only node 5 is in both').toBe(1);
    expect(during('calling overlap([7, 7], [7, 7])', () => overlap([7, 7], [7, 7])), 'overlap([7, 7], [7, 7]): one distinct node, 7').toBe(1);
  });
});

describe('shardFor and fullOverlapShare (invalid input)', () => {
  test('throws a RangeError for NaN, infinite and fractional fleets, and for an empty id in the list', () => {
    const cases: Array<[string, () => unknown]> = [
      ['nodes NaN', () => shardFor('customer-1', { nodes: Number.NaN, shardSize: 1 })],
      ['nodes Infinity', () => shardFor('customer-1', { nodes: Number.POSITIVE_INFINITY, shardSize: 2 })],
      ['nodes 8.5', () => shardFor('customer-1', { nodes: 8.5, shardSize: 2 })],
      ['shardSize NaN', () => shardFor('customer-1', { nodes: 8, shardSize: Number.NaN })],
      ['shardSize -1', () => shardFor('customer-1', { nodes: 8, shardSize: -1 })],
      ["fullOverlapShare(['a', ''], …): an empty id in the list", () => fullOverlapShare(['a', ''], { nodes: 8, shardSize: 2 })],
      ['fullOverlapShare with nodes 2.5', () => fullOverlapShare(['a', 'b'], { nodes: 2.5, shardSize: 1 })],
      ['fullOverlapShare with no customers', () => fullOverlapShare([], { nodes: 8, shardSize: 2 })],
    ];
    for (const [label, run] of cases) expect(thrownBy(run), label).toBeInstanceOf(RangeError);
  });
});

describe('messages and finished helpers', () => {
  test('each RangeError message names what is wrong', () => {
    const cases: Array<[string, () => unknown, RegExp]> = [
      ['nodes 0', () => shardFor('customer-1', { nodes: 0, shardSize: 1 }), /nodes[^]*0|0[^]*nodes/],
      ['shardSize 9 on 8 nodes', () => shardFor('customer-1', { nodes: 8, shardSize: 9 }), /shardSize[^]*9|9[^]*shardSize/],
      ['an empty customer id', () => shardFor('', { nodes: 8, shardSize: 2 }), /customer|id/i],
      ['a customer id that is the number 42', () => shardFor(42 as unknown as string, { nodes: 8, shardSize: 2 }), /customer|id/i],
      ['C(-1, 2)', () => combinations(-1, 2), /-1/],
      ['C(8, 2.5)', () => combinations(8, 2.5), /2\.5/],
      ['one customer', () => fullOverlapShare(['only-one'], { nodes: 8, shardSize: 2 }), /1|one/i],
      ['"dup-id" listed twice', () => fullOverlapShare(['dup-id', 'other', 'dup-id'], { nodes: 8, shardSize: 2 }), /dup-id/],
    ];
    for (const [label, run, wanted] of cases) {
      const error = thrownBy(run);
      expect(error, label).toBeInstanceOf(RangeError);
      expect((error as Error).message, `the message for ${label} (it must say what is wrong)`).toMatch(wanted);
    }
  });

  test('hashId and createPrng are FNV-1a and mulberry32, unchanged', () => {
    expect(hashId(''), 'hashId(""), the FNV-1a offset basis').toBe(0x811c9dc5);
    expect(hashId('a'), 'hashId("a")').toBe(0xe40c292c);
    expect(hashId('foobar'), 'hashId("foobar")').toBe(0xbf9cf968);
    const random = createPrng(0);
    const draws = [random(), random(), random()];
    expect(draws, 'the first three draws of createPrng(0), mulberry32\'s published sequence').toEqual([0.26642920868471265, 0.0003297457005828619, 0.2232720274478197]);
  });
});

describe('fullOverlapShare (more cases)', () => {
  test('compares whole shards, not the digits of their node numbers', () => {
    // With the reference dealing, tenant-4102 and tenant-29634 get [1, 234] and tenant-91336 gets
    // [12, 34]: joined without a separator, all three read "1234".
    const options: ShardOptions = { nodes: 300, shardSize: 2 };
    const ids = ['tenant-4102', 'tenant-29634', 'tenant-91336'];
    const shards = ids.map((id) => deal(id, options));
    const { pairs, sharing } = pairsSharing(shards, 2);
    const share = during("calling fullOverlapShare(['tenant-4102', 'tenant-29634', 'tenant-91336'], { nodes: 300, shardSize: 2 })", () => fullOverlapShare(ids, options));
    expectNear(share, sharing / pairs, 1e-12, `fullOverlapShare of three customers with shards ${shards.map((shard) => `[${shard.join(', ')}]`).join(', ')} (identical shards: ${sharing} of ${pairs} pairs; a key built with join('') makes [1, 234] and [12, 34] look alike)`);
  });

  test('takes exactly two customers: one pair, so the share is 0 or 1', () => {
    const options: ShardOptions = { nodes: 2048, shardSize: 4 };
    expect(during("calling fullOverlapShare(['zone-1', 'zone-2'], { nodes: 2048, shardSize: 4 })", () => fullOverlapShare(['zone-1', 'zone-2'], options)), 'two zones on 2 048 name servers (their shards differ)').toBe(0);
    expect(during("calling fullOverlapShare(['x', 'y'], { nodes: 1, shardSize: 1 })", () => fullOverlapShare(['x', 'y'], { nodes: 1, shardSize: 1 })), 'two customers on a fleet of one node').toBe(1);
  });

  test('counts exactly the pairs whose shards are identical, over every pair', () => {
    const options: ShardOptions = { nodes: 6, shardSize: 2 };
    const ids = customers(120, 'user-');
    const shards = ids.map((id) => deal(id, options));
    const { pairs, sharing } = pairsSharing(shards, 2);
    expectNear(during('calling fullOverlapShare(120 customers, { nodes: 6, shardSize: 2 })', () => fullOverlapShare(ids, options)), sharing / pairs, 1e-12, `fullOverlapShare of 120 customers on 6 nodes (${sharing} of the ${pairs} pairs have identical shards)`);
  });

  test('comes close to 1/C(n, k) on larger fleets', () => {
    expectNear(during('calling fullOverlapShare(800 customers, { nodes: 16, shardSize: 4 })', () => fullOverlapShare(customers(800), { nodes: 16, shardSize: 4 })), 1 / 1820, 0.25, 'identical shards among 800 customers on 16 nodes with shards of 4, against 1/C(16, 4)');
    expectNear(during('calling fullOverlapShare(700 customers, { nodes: 12, shardSize: 3 })', () => fullOverlapShare(customers(700, 'tenant-'), { nodes: 12, shardSize: 3 })), 1 / 220, 0.2, 'identical shards among 700 customers on 12 nodes with shards of 3, against 1/C(12, 3)');
  });

  test('throws a RangeError for a repeated customer id or an impossible fleet', () => {
    expect(thrownBy(() => fullOverlapShare(['a', 'b', 'a'], { nodes: 8, shardSize: 2 })), 'customer "a" listed twice').toBeInstanceOf(RangeError);
    expect(thrownBy(() => fullOverlapShare(['a', 'b'], { nodes: 3, shardSize: 4 })), 'shardSize 4 on 3 nodes').toBeInstanceOf(RangeError);
  });
});
