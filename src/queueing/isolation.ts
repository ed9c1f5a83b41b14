import { QueueingInputError } from './errors';
import { MAX_SERVERS, erlangBUnchecked } from './erlang';
import { finiteResult, openProbability, positive, requireInput, whole } from './validate';

/** Most partitions {@link priceOfIsolation} and {@link splitBlocking} accept. */
export const MAX_PARTITIONS = 100_000;

/** Smallest c with B(a, c) ≤ target, walking the Erlang B recursion upwards. */
function smallestLossPool(offeredLoad: number, targetBlocking: number): { servers: number; blocking: number } {
  let blocking = 1;
  for (let servers = 1; servers <= MAX_SERVERS; servers++) {
    const carried = offeredLoad * blocking;
    blocking = carried / (servers + carried);
    if (blocking <= targetBlocking) return { servers, blocking };
  }
  throw new QueueingInputError(
    'offeredLoad',
    `offeredLoad is too large: meeting the target would take more than ${MAX_SERVERS} servers`,
    offeredLoad,
  );
}

/** Inputs of {@link priceOfIsolation}. */
export interface PriceOfIsolationInput {
  /** a: total offered load in Erlangs (arrival rate × mean holding time), > 0. */
  offeredLoad: number;
  /** N: equal, isolated pools the load is split into, a whole number ≥ 1. */
  partitions: number;
  /** Highest acceptable blocking in every pool, strictly between 0 and 1 (0.01 = 1%). */
  targetBlocking: number;
}

/** Slots needed with one shared pool versus N isolated pools, each meeting the same target. */
export interface PriceOfIsolation {
  /** Slots in one shared pool. */
  pooledServers: number;
  /** Blocking of the shared pool at that size. */
  pooledBlocking: number;
  /** Slots in each isolated pool (each carries offeredLoad / N). */
  serversPerPartition: number;
  /** Slots across all isolated pools: N × serversPerPartition. */
  splitServers: number;
  /** Blocking of each isolated pool at that size. */
  splitBlocking: number;
  /** splitServers − pooledServers: the slots isolation costs. */
  extraServers: number;
  /** extraServers / pooledServers: the cost as a share of the shared pool (0.2 = 20% more). */
  extraShare: number;
}

/**
 * The price of isolation: splitting a load into N equal isolated pools loses the pooling effect,
 * so meeting the same Erlang B blocking target takes more slots in total. Example: 16 Erlangs at
 * ≤ 1% needs 25 slots shared, 30 split two ways, 40 split four ways.
 */
export function priceOfIsolation(input: PriceOfIsolationInput): PriceOfIsolation {
  requireInput(input);
  const offeredLoad = positive('offeredLoad', input.offeredLoad);
  const partitions = whole('partitions', input.partitions, 1, MAX_PARTITIONS);
  const targetBlocking = openProbability('targetBlocking', input.targetBlocking);
  // Source: Erlang B recursion (Jagerman 1974), applied once to the whole load and once to a/N.
  const pooled = smallestLossPool(offeredLoad, targetBlocking);
  const split = smallestLossPool(offeredLoad / partitions, targetBlocking);
  const splitServers = split.servers * partitions;
  return finiteResult('offeredLoad', {
    pooledServers: pooled.servers,
    pooledBlocking: pooled.blocking,
    serversPerPartition: split.servers,
    splitServers,
    splitBlocking: split.blocking,
    extraServers: splitServers - pooled.servers,
    extraShare: (splitServers - pooled.servers) / pooled.servers,
  });
}

/** Inputs of {@link splitBlocking}. */
export interface SplitBlockingInput {
  /** a: total offered load in Erlangs, > 0. */
  offeredLoad: number;
  /** Total slots, a whole number ≥ 1 that divides evenly into `partitions`. */
  servers: number;
  /** N: equal isolated pools, a whole number ≥ 1. */
  partitions: number;
}

/** Blocking with the same slots shared versus split. */
export interface SplitBlockingResult {
  /** B(a, c): blocking of one shared pool. */
  pooledBlocking: number;
  /** B(a/N, c/N): blocking of each isolated pool. */
  splitBlocking: number;
}

/**
 * Blocking of the same number of slots shared or split into N equal isolated pools, each taking
 * an equal share of the load. Example: 16 Erlangs on 20 slots blocks 6.44% shared, 12.17% as two
 * pools of 10.
 */
export function splitBlocking(input: SplitBlockingInput): SplitBlockingResult {
  requireInput(input);
  const offeredLoad = positive('offeredLoad', input.offeredLoad);
  const servers = whole('servers', input.servers, 1, MAX_SERVERS);
  const partitions = whole('partitions', input.partitions, 1, MAX_PARTITIONS);
  if (servers % partitions !== 0) {
    throw new QueueingInputError(
      'servers',
      `servers must divide evenly into partitions (got ${servers} servers for ${partitions} partitions)`,
      servers,
    );
  }
  return {
    pooledBlocking: erlangBUnchecked(offeredLoad, servers),
    splitBlocking: erlangBUnchecked(offeredLoad / partitions, servers / partitions),
  };
}
