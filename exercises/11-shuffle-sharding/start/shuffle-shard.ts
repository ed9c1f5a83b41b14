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

/**
 * The customer's shard: `shardSize` distinct node numbers in [0, nodes), in ascending order.
 * The same id and fleet must give the same shard on every call, in every process.
 * @throws RangeError for an empty id or impossible options.
 */
export function shardFor(customerId: string, options: ShardOptions): number[] {
  // TODO: check the id and the options (RangeError), then deal the shard: seed createPrng with
  // hashId(customerId) and draw shardSize nodes WITHOUT replacement (a partial Fisher–Yates
  // shuffle). Return them sorted ascending, numerically.
  // This first attempt is what many routers do: start at a hashed node and take the next ones.
  // Every shard is then a run of neighbours, so only `nodes` different shards exist, not C(n, k).
  const start = hashId(customerId) % options.nodes;
  const shard: number[] = [];
  for (let offset = 0; offset < options.shardSize; offset += 1) shard.push((start + offset) % options.nodes);
  return shard.sort((left, right) => left - right);
}

/**
 * C(n, k), the number of ways to choose k of n, exactly, as a bigint. C(n, k) = 0 when k > n.
 * @throws RangeError unless n and k are integers ≥ 0.
 */
export function combinations(n: number, k: number): bigint {
  // TODO: check n and k, then compute exactly in BigInt. This version works in Number: fine for
  // C(8, 2), but a double holds only 15–17 significant digits. Try C(100, 50) with it.
  let value = 1;
  for (let i = 1; i <= k; i += 1) value = (value * (n - k + i)) / i;
  return BigInt(Math.round(value));
}

/** How many nodes two shards have in common. */
export function overlap(a: readonly number[], b: readonly number[]): number {
  // TODO: count the distinct nodes that appear in both shards (a repeated node counts once).
  void a;
  void b;
  return 0;
}

/**
 * Over every pair of distinct customers, the share whose shards are identical (all shardSize
 * nodes in common). For random shards it is close to 1 / C(nodes, shardSize).
 * @throws RangeError for fewer than 2 customers, a repeated id, or impossible options.
 */
export function fullOverlapShare(customerIds: readonly string[], options: ShardOptions): number {
  // TODO: deal every customer's shard, then count the pairs that share all shardSize nodes and
  // divide by the number of pairs, m·(m − 1)/2 for m customers.
  void customerIds;
  void options;
  return 0;
}
