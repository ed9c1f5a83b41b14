// Wrong on purpose — mistake: an off-by-one at the smallest valid list. "Fewer than 2 customers"
// is written as length <= 2, so exactly two customers, which make one perfectly good pair (share 0
// or 1), are refused with a RangeError whose own message says two is enough.

/**
 * Shuffle sharding: every customer is dealt its own k of n nodes, computed from the customer id
 * alone, so every router agrees without asking anyone. The number of possible shards is C(n, k),
 * and two customers dealt at random share all k nodes with probability 1 / C(n, k).
 */

/**
 * FNV-1a, 32 bits, over the UTF-16 code units of `text` (Fowler, Noll and Vo; offset basis
 * 2166136261, prime 16777619). The same number on every machine and every run.
 */
export function hashId(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A small seeded generator (mulberry32): each call returns the next float in [0, 1). FNV-1a alone
 * spreads similar ids poorly; running its value through this mixes every bit.
 */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fleet a shard is dealt from. */
export interface ShardOptions {
  /** n: nodes in the fleet, numbered 0 … n − 1 (an integer ≥ 1). */
  nodes: number;
  /** k: nodes per customer (an integer from 1 to `nodes`). */
  shardSize: number;
}

function checkOptions(options: ShardOptions): void {
  const { nodes, shardSize } = options;
  if (!Number.isSafeInteger(nodes) || nodes < 1) throw new RangeError(`nodes must be an integer ≥ 1, got ${String(nodes)}`);
  if (!Number.isSafeInteger(shardSize) || shardSize < 1 || shardSize > nodes) {
    throw new RangeError(`shardSize must be an integer from 1 to nodes (${nodes}), got ${String(shardSize)}`);
  }
}

/**
 * The customer's shard: `shardSize` distinct node numbers in [0, nodes), in ascending order.
 * A pure function of its arguments: the same id and fleet give the same shard everywhere.
 * @throws RangeError for an empty id or impossible options.
 */
export function shardFor(customerId: string, options: ShardOptions): number[] {
  if (typeof customerId !== 'string' || customerId === '') {
    throw new RangeError(`customerId must be a non-empty string, got ${JSON.stringify(customerId)}`);
  }
  checkOptions(options);
  const { nodes, shardSize } = options;
  const random = createPrng(hashId(customerId));
  // Partial Fisher–Yates (Durstenfeld 1964): after step i, slots 0 … i hold a uniformly random
  // i + 1 of the nodes, each drawn from those not yet dealt, so none can repeat.
  const deck = Array.from({ length: nodes }, (_, node) => node);
  for (let index = 0; index < shardSize; index += 1) {
    const pick = index + Math.floor(random() * (nodes - index));
    const card = deck[pick] as number;
    deck[pick] = deck[index] as number;
    deck[index] = card;
  }
  return deck.slice(0, shardSize).sort((left, right) => left - right);
}

/**
 * C(n, k), the number of ways to choose k of n, exactly. C(n, k) = 0 when k > n.
 * @throws RangeError unless n and k are integers ≥ 0.
 */
export function combinations(n: number, k: number): bigint {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be an integer ≥ 0, got ${String(n)}`);
  if (!Number.isSafeInteger(k) || k < 0) throw new RangeError(`k must be an integer ≥ 0, got ${String(k)}`);
  if (k > n) return 0n;
  const steps = Math.min(k, n - k);
  let result = 1n;
  // After step i the value is C(n − steps + i, i), a whole number, so every division is exact.
  for (let i = 1; i <= steps; i += 1) result = (result * BigInt(n - steps + i)) / BigInt(i);
  return result;
}

/** How many nodes two shards have in common. */
export function overlap(a: readonly number[], b: readonly number[]): number {
  const inA = new Set(a);
  let shared = 0;
  for (const node of new Set(b)) if (inA.has(node)) shared += 1;
  return shared;
}

/**
 * Over every pair of distinct customers, the share whose shards are identical (all k nodes in
 * common). For random shards it is close to 1 / C(nodes, shardSize).
 * @throws RangeError for fewer than 2 customers or a repeated id.
 */
export function fullOverlapShare(customerIds: readonly string[], options: ShardOptions): number {
  checkOptions(options);
  if (customerIds.length <= 2) throw new RangeError(`fullOverlapShare needs at least 2 customers, got ${customerIds.length}`);
  // Identical shards are identical keys, so count customers per shard instead of comparing every
  // pair: a shard held by m customers accounts for m(m − 1)/2 fully overlapping pairs.
  const seen = new Set<string>();
  const holders = new Map<string, number>();
  for (const id of customerIds) {
    if (seen.has(id)) throw new RangeError(`customer ids must be distinct; "${id}" appears twice`);
    seen.add(id);
    const key = shardFor(id, options).join(',');
    holders.set(key, (holders.get(key) ?? 0) + 1);
  }
  let identicalPairs = 0;
  for (const count of holders.values()) identicalPairs += (count * (count - 1)) / 2;
  const pairs = (customerIds.length * (customerIds.length - 1)) / 2;
  return identicalPairs / pairs;
}
