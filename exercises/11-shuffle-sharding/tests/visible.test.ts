import { describe, during, expect, test } from '../../_harness';
import { combinations, fullOverlapShare, overlap, shardFor, type ShardOptions } from '../start/shuffle-shard';

/** customer-0, customer-1, … */
function customers(count: number, prefix = 'customer-'): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${index}`);
}

function call(customerId: string, options: ShardOptions): string {
  return `shardFor(${JSON.stringify(customerId)}, { nodes: ${options.nodes}, shardSize: ${options.shardSize} })`;
}

/** What is wrong with one shard, or undefined when it is a valid shard for `options`. */
function shardProblem(shard: unknown, options: ShardOptions): string | undefined {
  if (!Array.isArray(shard)) return `returned ${String(shard)}, not an array of node numbers`;
  const text = `[${shard.join(', ')}]`;
  if (shard.length !== options.shardSize) return `returned ${text}: ${shard.length} nodes instead of shardSize ${options.shardSize}`;
  for (const node of shard) {
    if (!Number.isInteger(node) || node < 0 || node >= options.nodes) return `returned ${text}: ${String(node)} is not a node number from 0 to ${options.nodes - 1}`;
  }
  const repeated = shard.find((node, index) => shard.indexOf(node) !== index);
  if (repeated !== undefined) {
    return `returned ${text}: node ${String(repeated)} appears twice, so the customer really has fewer than ${options.shardSize} nodes. Deal without replacement (a partial Fisher–Yates shuffle)`;
  }
  for (let index = 1; index < shard.length; index += 1) {
    if ((shard[index] as number) <= (shard[index - 1] as number)) return `returned ${text}: not in ascending numeric order (sort with (a, b) => a - b)`;
  }
  return undefined;
}

/** Reports a failure whose explanation is all in `message`. */
function fail(message: string): void {
  expect(false, message).toBe(true);
}

/** Fails unless `actual` is within `relative` (a fraction) of `expected`. */
function expectNear(actual: number, expected: number, relative: number, label: string): void {
  const tolerance = Math.abs(expected) * relative;
  if (Math.abs(actual - expected) <= tolerance) return;
  const hint = `${label} (want ${expected.toPrecision(4)} ± ${tolerance.toPrecision(2)})`;
  expect(actual, hint).toBeGreaterThanOrEqual(expected - tolerance);
  expect(actual, hint).toBeLessThanOrEqual(expected + tolerance);
}

/** Runs `call` and returns what it threw, or a sentence saying it did not throw. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return 'nothing was thrown';
}

describe('shardFor', () => {
  test('returns shardSize distinct node numbers in [0, nodes), in ascending order', () => {
    const fleets: ShardOptions[] = [
      { nodes: 8, shardSize: 2 },
      { nodes: 16, shardSize: 4 },
      { nodes: 100, shardSize: 5 },
      { nodes: 2048, shardSize: 4 },
      { nodes: 5, shardSize: 5 },
      { nodes: 1, shardSize: 1 },
    ];
    for (const options of fleets) {
      for (const id of customers(options.nodes > 1000 ? 100 : 300)) {
        const problem = shardProblem(during(`calling ${call(id, options)}`, () => shardFor(id, options)), options);
        if (problem !== undefined) fail(`${call(id, options)} ${problem}`);
      }
    }
  });

  test('gives the same shard for the same customer, call after call', () => {
    const options = { nodes: 16, shardSize: 4 };
    const ids = customers(100);
    const first = ids.map((id) => during(`calling ${call(id, options)}`, () => shardFor(id, options)).join(', '));
    for (let round = 0; round < 2; round += 1) {
      for (const [index, id] of ids.entries()) {
        const again = during(`calling ${call(id, options)} again`, () => shardFor(id, options)).join(', ');
        if (again !== first[index]) {
          expect(
            `[${again}]`,
            `${call(id, options)} returned [${String(first[index])}] the first time and [${again}] later: a shard must be a pure function of the id (no Math.random, no state kept between calls), or routers disagree`,
          ).toBe(`[${String(first[index])}]`);
        }
      }
    }
  });

  test('deals many different combinations: all 28 pairs of 8 nodes appear among 600 customers', () => {
    const options = { nodes: 8, shardSize: 2 };
    const seen = new Set(customers(600).map((id) => during(`calling ${call(id, options)}`, () => shardFor(id, options)).join(',')));
    if (seen.size !== 28) {
      const why =
        seen.size < 28
          ? 'only C(8, 2) = 28 pairs exist and random shards use them all; runs of consecutive nodes give just 8, and neighbouring runs share all but one node'
          : 'only C(8, 2) = 28 pairs of distinct nodes exist, so some "shards" repeat a node';
      expect(seen.size, `distinct shards among 600 customers on 8 nodes with shardSize 2 (${why})`).toBe(28);
    }
  });

  test('spreads customers evenly across nodes (chi-square test, 3 000 customers on 200 nodes)', () => {
    const options = { nodes: 200, shardSize: 2 };
    const counts = new Array<number>(options.nodes).fill(0);
    for (const id of customers(3000)) {
      for (const node of during(`calling ${call(id, options)}`, () => shardFor(id, options))) counts[node] = (counts[node] ?? 0) + 1;
    }
    const expected = (3000 * options.shardSize) / options.nodes;
    const chiSquare = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    // With 199 degrees of freedom an even spread gives about 199 ± 20; 300 is five deviations out.
    if (chiSquare > 300) {
      const busiest = counts.indexOf(Math.max(...counts));
      const quietest = counts.indexOf(Math.min(...counts));
      expect(
        Math.round(chiSquare),
        `uneven spread: node ${busiest} holds ${counts[busiest]} shards and node ${quietest} holds ${counts[quietest]}, against ${expected} each on average (chi-square, where an even spread gives about 199). A number reduced with % from a range that ${options.nodes} does not divide favours the low nodes`,
      ).toBeLessThanOrEqual(300);
    }
  });

  test('throws a RangeError for an impossible fleet or an empty customer id', () => {
    const cases: Array<[string, () => unknown]> = [
      ['shardSize 3 on 2 nodes', () => shardFor('customer-1', { nodes: 2, shardSize: 3 })],
      ['shardSize 0', () => shardFor('customer-1', { nodes: 8, shardSize: 0 })],
      ['shardSize 2.5', () => shardFor('customer-1', { nodes: 8, shardSize: 2.5 })],
      ['nodes 0', () => shardFor('customer-1', { nodes: 0, shardSize: 1 })],
      ['an empty customer id', () => shardFor('', { nodes: 8, shardSize: 2 })],
    ];
    for (const [label, run] of cases) expect(thrownBy(run), label).toBeInstanceOf(RangeError);
  });
});

describe('combinations', () => {
  test('counts small cases exactly, as a bigint', () => {
    const value: unknown = during('calling combinations(8, 2)', () => combinations(8, 2));
    expect(typeof value, 'typeof combinations(8, 2)').toBe('bigint');
    expect(value, 'C(8, 2): the Builders\' Library example').toBe(28n);
    expect(during('calling combinations(16, 4)', () => combinations(16, 4)), 'C(16, 4)').toBe(1820n);
    expect(during('calling combinations(5, 0)', () => combinations(5, 0)), 'C(5, 0)').toBe(1n);
    expect(during('calling combinations(5, 5)', () => combinations(5, 5)), 'C(5, 5)').toBe(1n);
    expect(during('calling combinations(0, 0)', () => combinations(0, 0)), 'C(0, 0)').toBe(1n);
    expect(during('calling combinations(5, 6)', () => combinations(5, 6)), 'C(5, 6): no way to choose 6 of 5').toBe(0n);
  });

  test('stays exact for large fleets: C(2048, 4) = 730862190080 (any 4 of the 2 048 name servers behind Route 53)', () => {
    const cases: Array<[number, number, bigint]> = [
      [2048, 4, 730862190080n],
      [64, 8, 4426165368n],
      [100, 50, 100891344545564193334812497256n],
    ];
    for (const [n, k, expected] of cases) {
      let value: unknown;
      try {
        value = combinations(n, k);
      } catch (error) {
        expect(
          `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
          `C(${n}, ${k}): ${n}! overflows a double to Infinity (and Infinity / Infinity is NaN); multiply and divide one step at a time in BigInt instead`,
        ).toBe(`${expected}n`);
      }
      if (value !== expected) {
        expect(value, `C(${n}, ${k}) (a double holds only 15–17 significant digits, so any step done in Number loses the last ones)`).toBe(expected);
      }
    }
  });

  test('throws a RangeError for a negative or fractional n or k', () => {
    expect(thrownBy(() => combinations(-1, 2)), 'C(-1, 2)').toBeInstanceOf(RangeError);
    expect(thrownBy(() => combinations(8, 2.5)), 'C(8, 2.5)').toBeInstanceOf(RangeError);
    expect(thrownBy(() => combinations(8, -1)), 'C(8, -1)').toBeInstanceOf(RangeError);
  });
});

describe('overlap', () => {
  test('counts the nodes two shards have in common, whatever their order', () => {
    expect(overlap([1, 3], [3, 5]), 'overlap([1, 3], [3, 5])').toBe(1);
    expect(overlap([0, 1, 2, 3], [3, 2, 1, 0]), 'overlap([0, 1, 2, 3], [3, 2, 1, 0])').toBe(4);
    expect(overlap([0, 1], [2, 3]), 'overlap([0, 1], [2, 3])').toBe(0);
  });
});

describe('fullOverlapShare', () => {
  test('measures about 1/28 of pairs sharing both nodes on 8 nodes with shards of 2', () => {
    const share = during('calling fullOverlapShare(600 customers, { nodes: 8, shardSize: 2 })', () => fullOverlapShare(customers(600), { nodes: 8, shardSize: 2 }));
    const expected = 1 / 28;
    expectNear(
      share,
      expected,
      0.15,
      'share of the 179 700 pairs of 600 customers whose shards are identical, against the theory 1/C(8, 2). Count a pair only when it shares ALL shardSize nodes: sharing at least one node happens to 46% of pairs, and runs of consecutive nodes make identical shards 1 in 8',
    );
  });

  test('throws a RangeError for fewer than two customers, and takes exactly two (one pair)', () => {
    expect(thrownBy(() => fullOverlapShare(['customer-1'], { nodes: 8, shardSize: 2 })), 'one customer (no pairs)').toBeInstanceOf(RangeError);
    expect(
      during("calling fullOverlapShare(['a', 'b'], { nodes: 3, shardSize: 3 }): two customers are the smallest valid list", () => fullOverlapShare(['a', 'b'], { nodes: 3, shardSize: 3 })),
      "fullOverlapShare(['a', 'b'], { nodes: 3, shardSize: 3 }): one pair, and both customers hold all three nodes",
    ).toBe(1);
    const apart = during("calling fullOverlapShare(['customer-1', 'customer-2'], { nodes: 8, shardSize: 2 })", () =>
      fullOverlapShare(['customer-1', 'customer-2'], { nodes: 8, shardSize: 2 }),
    );
    const same = shardFor('customer-1', { nodes: 8, shardSize: 2 }).join(',') === shardFor('customer-2', { nodes: 8, shardSize: 2 }).join(',');
    expect(apart, `fullOverlapShare of customer-1 and customer-2 on 8 nodes: one pair, whose shards are ${same ? 'identical' : 'different'}`).toBe(same ? 1 : 0);
  });
});
