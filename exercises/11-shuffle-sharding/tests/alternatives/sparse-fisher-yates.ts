/**
 * Exercise: shuffle sharding, with deterministic shards and a measured overlap.
 *
 * Each customer is dealt its own `shardSize` of the fleet's `nodes`, like a hand of cards. Two
 * customers with random shards share ALL their nodes with probability 1 / C(nodes, shardSize),
 * so one customer who breaks its nodes takes almost nobody down with it.
 *
 * Read instructions.md for the full task. The tests call:
 *   shardFor('customer-42', { nodes: 8, shardSize: 2 });   // e.g. [2, 5]: always the same two
 *   combinations(2048, 4);                                  // 730862190080n, exactly
 *   overlap([2, 5], [5, 7]);                                // 1 node in common
 *   fullOverlapShare(['customer-0', 'customer-1', …], { nodes: 8, shardSize: 2 });  // ≈ 1/28
 *
 * hashId and createPrng are finished: use them, do not change them.
 */

/**
 * FNV-1a, 32 bits, over the UTF-16 code units of `text` (Fowler, Noll and Vo; offset basis
 * 2166136261, prime 16777619). The same number on every machine and every run. Finished.
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
 * spreads similar ids ("customer-1", "customer-2") poorly; running its value through this mixes
 * every bit. Same seed, same sequence. Finished.
 * @example const random = createPrng(hashId('customer-42')); random(); random(); // two floats
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

/** Throws a RangeError unless `options` describes a fleet a shard can be dealt from. */
function checkOptions(options: ShardOptions): void {
  const { nodes, shardSize } = options;
  if (!Number.isInteger(nodes) || nodes < 1) throw new RangeError(`nodes must be an integer >= 1, got ${String(nodes)}`);
  if (!Number.isInteger(shardSize) || shardSize < 1 || shardSize > nodes) {
    throw new RangeError(`shardSize must be an integer from 1 to nodes (${nodes}), got ${String(shardSize)}`);
  }
}

/** Throws a RangeError unless `customerId` is a non-empty string. */
function checkCustomerId(customerId: unknown): void {
  if (typeof customerId !== 'string' || customerId === '') {
    throw new RangeError(`a customer id must be a non-empty string, got ${JSON.stringify(customerId)}`);
  }
}

/**
 * The customer's shard: `shardSize` distinct node numbers in [0, nodes), in ascending order.
 * The same id and fleet must give the same shard on every call, in every process.
 * @throws RangeError for an empty id or impossible options.
 */
export function shardFor(customerId: string, options: ShardOptions): number[] {
  checkCustomerId(customerId);
  checkOptions(options);
  const { nodes, shardSize } = options;
  // A fresh generator per call, seeded only by the id: the shard is a pure function of the id.
  const random = createPrng(hashId(customerId));
  // Partial Fisher–Yates over the virtual deck 0 … nodes − 1. Only the slots that were swapped
  // are stored, so a shard of 4 from 2 048 nodes costs 4 entries, not a 2 048-element array.
  const swapped = new Map<number, number>();
  const slot = (index: number): number => swapped.get(index) ?? index;
  const shard: number[] = [];
  for (let i = 0; i < shardSize; i += 1) {
    const j = i + Math.floor(random() * (nodes - i));
    const picked = slot(j);
    swapped.set(j, slot(i));
    swapped.set(i, picked);
    shard.push(picked);
  }
  return shard.sort((left, right) => left - right); // numeric, not the default text order
}

/**
 * C(n, k), the number of ways to choose k of n, exactly, as a bigint. C(n, k) = 0 when k > n.
 * @throws RangeError unless n and k are integers ≥ 0.
 */
export function combinations(n: number, k: number): bigint {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be an integer >= 0, got ${String(n)}`);
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be an integer >= 0, got ${String(k)}`);
  if (k > n) return 0n;
  const steps = Math.min(k, n - k); // C(n, k) = C(n, n − k): take the shorter product
  let value = 1n;
  // After step i, value = C(n − steps + i, i), so every division is exact.
  for (let i = 1; i <= steps; i += 1) value = (value * BigInt(n - steps + i)) / BigInt(i);
  return value;
}

/** How many nodes two shards have in common. */
export function overlap(a: readonly number[], b: readonly number[]): number {
  const inB = new Set(b);
  let common = 0;
  for (const node of new Set(a)) if (inB.has(node)) common += 1;
  return common;
}

/**
 * Over every pair of distinct customers, the share whose shards are identical (all shardSize
 * nodes in common). For random shards it is close to 1 / C(nodes, shardSize).
 * @throws RangeError for fewer than 2 customers, a repeated id, or impossible options.
 */
export function fullOverlapShare(customerIds: readonly string[], options: ShardOptions): number {
  checkOptions(options);
  if (!Array.isArray(customerIds) || customerIds.length < 2) {
    throw new RangeError(`fullOverlapShare needs at least 2 customers, got ${Array.isArray(customerIds) ? customerIds.length : String(customerIds)}`);
  }
  const seen = new Set<string>();
  for (const id of customerIds) {
    checkCustomerId(id);
    if (seen.has(id)) throw new RangeError(`customer id ${JSON.stringify(id)} is listed twice`);
    seen.add(id);
  }
  // Group customers by their (sorted) shard: identical shards have identical keys. A shard held by
  // m customers accounts for m·(m − 1)/2 identical pairs.
  const holders = new Map<string, number>();
  for (const id of customerIds) {
    const key = shardFor(id, options).join(',');
    holders.set(key, (holders.get(key) ?? 0) + 1);
  }
  let identicalPairs = 0;
  for (const m of holders.values()) identicalPairs += (m * (m - 1)) / 2;
  const n = customerIds.length;
  return identicalPairs / ((n * (n - 1)) / 2);
}
