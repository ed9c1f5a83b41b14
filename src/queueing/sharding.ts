import { QueueingInputError } from './errors';
import { finiteResult, requireInput, whole } from './validate';

/** Largest min(k, n − k) {@link combinations} accepts: beyond it the exact BigInt gets slow. */
export const MAX_COMBINATION_TERMS = 10_000;

/** Largest node count the shuffle-sharding functions accept. */
export const MAX_SHARD_NODES = 1_000_000;

/** Largest shard size the shuffle-sharding functions accept. */
export const MAX_SHARD_SIZE = 1_000;

/** Inputs of {@link combinations}: choose `k` of `n`. */
export interface CombinationsInput {
  /** n: items to choose from, a whole number ≥ 0. */
  n: number;
  /** k: items chosen, a whole number ≥ 0 (C(n, k) = 0 when k > n). */
  k: number;
}

function readCombinations(nOrInput: number | CombinationsInput, maybeK: number | undefined): { n: number; k: number } {
  if (typeof nOrInput === 'object') {
    requireInput(nOrInput);
    return { n: whole('n', nOrInput.n, 0), k: whole('k', nOrInput.k, 0) };
  }
  return { n: whole('n', nOrInput, 0), k: whole('k', maybeK, 0) };
}

function exactCombinations(n: number, k: number): bigint {
  if (k > n) return 0n;
  const terms = Math.min(k, n - k);
  if (terms > MAX_COMBINATION_TERMS) {
    throw new QueueingInputError(
      'k',
      `C(n, k) with min(k, n − k) above ${MAX_COMBINATION_TERMS} is too large to compute exactly (got n ${n}, k ${k})`,
      k,
    );
  }
  // After step i the running value is C(n − terms + i, i), a whole number, so each division is exact.
  let result = 1n;
  for (let i = 1; i <= terms; i++) result = (result * BigInt(n - terms + i)) / BigInt(i);
  return result;
}

/**
 * The number of ways to choose k of n, exactly, as a BigInt: C(n, k) = n! / (k!·(n − k)!).
 * Example: `combinations(2048, 4)` is 730862190080n (the Builders' Library's simplified count for Route 53).
 * Accepts `(n, k)` or `({ n, k })`.
 */
export function combinations(n: number, k: number): bigint;
export function combinations(input: CombinationsInput): bigint;
export function combinations(nOrInput: number | CombinationsInput, maybeK?: number): bigint {
  const { n, k } = readCombinations(nOrInput, maybeK);
  return exactCombinations(n, k);
}

/**
 * C(n, k) as a number, for when it is at most `Number.MAX_SAFE_INTEGER` (2⁵³ − 1) and so exact.
 * @throws QueueingInputError when the value is larger; use {@link combinations} for those.
 */
export function combinationsNumber(n: number, k: number): number;
export function combinationsNumber(input: CombinationsInput): number;
export function combinationsNumber(nOrInput: number | CombinationsInput, maybeK?: number): number {
  const { n, k } = readCombinations(nOrInput, maybeK);
  const exact = exactCombinations(n, k);
  if (exact > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new QueueingInputError(
      'n',
      `C(${n}, ${k}) is larger than 2^53 − 1, so a number would not hold it exactly; use combinations() for a BigInt`,
      n,
    );
  }
  return Number(exact);
}

/** numerator / denominator as the nearest double, even when both are far beyond 1e308. */
function bigRatio(numerator: bigint, denominator: bigint): number {
  if (numerator === 0n) return 0;
  const bits = (value: bigint): number => value.toString(16).length * 4;
  // Scale so the integer quotient keeps about 64 significant bits, then undo the scale.
  const shift = bits(denominator) - bits(numerator) + 64;
  const quotient = shift >= 0 ? (numerator << BigInt(shift)) / denominator : numerator / (denominator << BigInt(-shift));
  const half = Math.trunc(shift / 2);
  return Number(quotient) * 2 ** -half * 2 ** -(shift - half);
}

/** Inputs of the shuffle-sharding functions. */
export interface ShuffleShardInput {
  /** n: nodes (workers, servers) in the fleet, a whole number ≥ 1. */
  nodes: number;
  /** k: nodes given to each customer's shard, a whole number from 1 to nodes. */
  shardSize: number;
}

function readShards(input: ShuffleShardInput): { nodes: number; shardSize: number } {
  requireInput(input);
  const nodes = whole('nodes', input.nodes, 1, MAX_SHARD_NODES);
  const shardSize = whole('shardSize', input.shardSize, 1, Math.min(nodes, MAX_SHARD_SIZE));
  return { nodes, shardSize };
}

/**
 * Σ over j ≥ atLeast of C(k, j)·C(n − k, k − j): shards of size k sharing at least `atLeast`
 * nodes with one given shard. Walks j downwards from k so each binomial follows from the last
 * by an exact multiply and divide.
 */
function overlappingShards(nodes: number, shardSize: number, atLeast: number): bigint {
  const rest = BigInt(nodes - shardSize);
  const k = BigInt(shardSize);
  let fromShard = 1n; // C(k, j), starting at j = k
  let fromRest = 1n; // C(n − k, k − j), starting at k − j = 0
  let total = 0n;
  for (let j = shardSize; j >= atLeast; j--) {
    const outside = BigInt(shardSize - j); // k − j
    if (outside <= rest) total += fromShard * fromRest;
    // Step to j − 1: C(k, j−1) = C(k, j)·j / (k − j + 1); C(N, r+1) = C(N, r)·(N − r) / (r + 1).
    const jBig = BigInt(j);
    fromShard = (fromShard * jBig) / (k - jBig + 1n);
    fromRest = outside < rest ? (fromRest * (rest - outside)) / (outside + 1n) : 0n;
  }
  return total;
}

/**
 * Probability that two customers, each given a shard of k of n nodes uniformly at random, share
 * at least `atLeast` nodes: the hypergeometric tail Σ C(k, j)·C(n − k, k − j) / C(n, k), j ≥ atLeast.
 * Example: 2,048 nodes, shards of 4: sharing 3 or more nodes has probability about 1.1e-8.
 */
export function shardOverlapProbability(input: ShuffleShardInput & { atLeast: number }): number {
  const { nodes, shardSize } = readShards(input);
  const atLeast = whole('atLeast', input.atLeast, 0, shardSize);
  // Source: hypergeometric distribution; AWS Builders' Library, "Workload isolation using shuffle-sharding".
  return Math.min(1, bigRatio(overlappingShards(nodes, shardSize, atLeast), exactCombinations(nodes, shardSize)));
}

/**
 * Probability that two customers with random shards of k of n nodes get exactly the same nodes:
 * 1 / C(n, k). Example: 8 nodes, shards of 2: 1/28.
 */
export function fullShardOverlapProbability(input: ShuffleShardInput): number {
  const { nodes, shardSize } = readShards(input);
  return bigRatio(1n, exactCombinations(nodes, shardSize));
}

/** What one customer's shard failing does to everyone else. */
export interface ShuffleShardImpact {
  /** C(n, k): distinct shards, exact. */
  shardCount: bigint;
  /** 1 / C(n, k): expected share of other customers whose whole shard is down. */
  fullOverlapShare: number;
  /** 1 − C(n − k, k) / C(n, k): expected share who lose at least one node (and need a retry). */
  anyOverlapShare: number;
  /** 1 / ⌊n/k⌋: share hit with plain sharding into ⌊n/k⌋ fixed groups of k. */
  regularShardingShare: number;
  /** regularShardingShare / fullOverlapShare: how many times smaller the blast radius is. */
  improvement: number;
}

/**
 * Blast radius when one customer's k nodes fail (for example a poison request takes them down),
 * with shards chosen at random. Customers whose shard still has a healthy node stay up only if
 * their clients retry on it. Example: 8 nodes, shards of 2: 1/28 of customers lose everything,
 * against 1/4 with four fixed groups: 7 times better.
 */
export function shuffleShardImpact(input: ShuffleShardInput): ShuffleShardImpact {
  const { nodes, shardSize } = readShards(input);
  // Source: AWS Builders' Library, "Workload isolation using shuffle-sharding" (C(8,2) = 28, "7 times better").
  const shardCount = exactCombinations(nodes, shardSize);
  const regularShards = Math.floor(nodes / shardSize);
  const figures = finiteResult('nodes', {
    fullOverlapShare: bigRatio(1n, shardCount),
    anyOverlapShare: Math.min(1, bigRatio(overlappingShards(nodes, shardSize, 1), shardCount)),
    regularShardingShare: 1 / regularShards,
    improvement: bigRatio(shardCount, BigInt(regularShards)),
  });
  return { shardCount, ...figures };
}

/** Inputs of {@link cellFailureImpact}. */
export interface CellFailureInput {
  /** N: independent cells, each serving an equal share of customers, a whole number ≥ 1. */
  cells: number;
  /** Cells that fail at once, a whole number from 0 to cells; default 1. */
  failedCells?: number | undefined;
}

/**
 * Expected share of customers hit when cells fail, with customers spread evenly: failedCells / N
 * (1/N for one cell). Holds only for failures confined to cells; a shared router, control plane or
 * database failing hits everyone.
 */
export function cellFailureImpact(input: CellFailureInput): number {
  requireInput(input);
  const cells = whole('cells', input.cells, 1);
  const failedCells = input.failedCells === undefined ? 1 : whole('failedCells', input.failedCells, 0, cells);
  // Source: AWS whitepaper "Reducing the Scope of Impact with Cell-Based Architecture" (2023).
  return failedCells / cells;
}
