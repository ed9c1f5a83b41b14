import { finiteResult, positive, requireInput, whole } from './validate';

/**
 * Finite-source (closed-loop) queueing: N clients, each of which thinks for an exponential time
 * of mean 1/λ, then makes one call and waits for its outcome before thinking again. This is how
 * the callers of a thread pool behave: a client blocked on a call makes no new one.
 *
 * Sources: R. B. Cooper, Introduction to Queueing Theory, 2nd ed. (1981), §3.6 (Engset) and §3.7
 * (finite-source delay systems); M. Reiser and S. S. Lavenberg, "Mean-value analysis of closed
 * multichain queuing networks", J. ACM 27(2), 1980 (MVA).
 */

/** Largest client population these functions accept; each runs in O(clients). */
export const MAX_SOURCES = 1_000_000;

/** Inputs of {@link engset}. */
export interface EngsetInput {
  /** N: number of clients (sources), a whole number ≥ 1. */
  sources: number;
  /** c: number of servers (slots), a whole number ≥ 1. */
  servers: number;
  /** a = λ/μ: the load one idle client offers, Erlangs (its call rate × the mean holding time). */
  loadPerIdleSource: number;
}

/**
 * Engset's formula: the share of calls that find all `servers` busy in a loss system (no queue)
 * fed by `sources` clients, each offering `loadPerIdleSource` Erlangs while idle. A blocked client
 * goes back to thinking. Computed by the recursion B(0) = 1,
 * B(k) = (N − k)·a·B(k−1) / (k + (N − k)·a·B(k−1)), the Engset analogue of Erlang B's, which
 * never forms a binomial or a power. Like Erlang B it depends on the holding time only through
 * its mean. With at least as many servers as clients nobody is ever blocked (0).
 * @returns call congestion (blocking probability seen by arriving calls) in [0, 1].
 */
export function engset(input: EngsetInput): number {
  requireInput(input);
  const sources = whole('sources', input.sources, 1, MAX_SOURCES);
  const servers = whole('servers', input.servers, 1, MAX_SOURCES);
  const a = positive('loadPerIdleSource', input.loadPerIdleSource);
  // An arriving call sees the other N − 1 clients: all servers can be busy only if c ≤ N − 1.
  if (servers >= sources) return 0;
  let blocking = 1;
  for (let k = 1; k <= servers; k++) {
    const carried = (sources - k) * a * blocking;
    blocking = carried / (k + carried);
  }
  return blocking;
}

/** Inputs of {@link finiteSourceQueue}. */
export interface FiniteSourceInput {
  /** N: number of clients, a whole number ≥ 1. */
  sources: number;
  /** λ: calls per second one client makes while thinking (1 / mean think time). */
  thinkingRate: number;
  /** μ: calls per second one server completes (1 / mean service time). */
  serviceRate: number;
  /** c: servers (slots), a whole number ≥ 1. */
  servers: number;
  /**
   * K: most calls in the system (servers + queue places), ≥ servers; a call that finds K calls
   * there is rejected and its client thinks again. Omit for room for every client (K = N).
   */
  capacity?: number;
}

/** Steady state of {@link finiteSourceQueue}. Rates are per second, times in seconds. */
export interface FiniteSourceResult {
  /** P(k calls in the system), k = 0 … min(N, K). */
  readonly distribution: readonly number[];
  /** Calls clients make per second (admitted or not). */
  readonly offeredRate: number;
  /** Calls completed per second (= admitted per second). */
  readonly throughput: number;
  /** Share of calls rejected because the system was full (0 with room for everyone). */
  readonly blocking: number;
  /** Share of admitted calls that had to queue for a server. */
  readonly probabilityOfWaiting: number;
  /** Time-average calls in the system (queued + in service): L. */
  readonly meanInSystem: number;
  /** Time-average busy servers. */
  readonly meanBusy: number;
  /** Mean time an admitted call spends in the system (R = L / X by Little's law). */
  readonly meanTimeInSystem: number;
  /** Mean queue wait of an admitted call. */
  readonly meanWait: number;
}

/**
 * The finite-source M/M/c/K/N queue (Engset's delay system): a birth–death chain on the number
 * of calls in the system k, born at rate (N − k)·λ and served at rate min(k, c)·μ. Solved
 * exactly in O(min(N, K)) with the products accumulated in logarithms, so large populations
 * neither overflow nor underflow to nothing. With capacity = servers it is Engset's loss system;
 * with one server it agrees with exact mean value analysis ({@link mvaSingleServer}).
 */
export function finiteSourceQueue(input: FiniteSourceInput): FiniteSourceResult {
  requireInput(input);
  const sources = whole('sources', input.sources, 1, MAX_SOURCES);
  const lambda = positive('thinkingRate', input.thinkingRate);
  const mu = positive('serviceRate', input.serviceRate);
  const servers = whole('servers', input.servers, 1, MAX_SOURCES);
  const capacity = input.capacity === undefined ? Math.max(sources, servers) : whole('capacity', input.capacity, servers, Number.MAX_SAFE_INTEGER);
  const top = Math.min(sources, capacity);
  const logWeights = new Float64Array(top + 1);
  let highest = 0;
  for (let k = 1; k <= top; k++) {
    logWeights[k] = (logWeights[k - 1] as number) + Math.log(((sources - k + 1) * lambda) / (Math.min(k, servers) * mu));
    if ((logWeights[k] as number) > highest) highest = logWeights[k] as number;
  }
  const distribution = new Array<number>(top + 1);
  let total = 0;
  for (let k = 0; k <= top; k++) {
    const weight = Math.exp((logWeights[k] as number) - highest);
    distribution[k] = weight;
    total += weight;
  }
  let offered = 0;
  let admitted = 0;
  let waiting = 0;
  let meanInSystem = 0;
  let meanBusy = 0;
  for (let k = 0; k <= top; k++) {
    const p = (distribution[k] as number) / total;
    distribution[k] = p;
    const births = (sources - k) * lambda * p;
    offered += births;
    if (k < capacity) admitted += births;
    if (k >= servers && k < capacity) waiting += births;
    meanInSystem += k * p;
    meanBusy += Math.min(k, servers) * p;
  }
  const throughput = meanBusy * mu;
  const meanTimeInSystem = meanInSystem / throughput;
  return finiteResult('finiteSourceQueue', {
    distribution: Object.freeze(distribution),
    offeredRate: offered,
    throughput,
    blocking: offered > 0 ? Math.max(0, 1 - admitted / offered) : 0,
    probabilityOfWaiting: admitted > 0 ? waiting / admitted : 0,
    meanInSystem,
    meanBusy,
    meanTimeInSystem,
    meanWait: Math.max(0, meanTimeInSystem - 1 / mu),
  });
}

/** Inputs of {@link mvaSingleServer}. */
export interface MvaInput {
  /** N: clients, a whole number ≥ 1. */
  clients: number;
  /** S: mean service time at the server, seconds. */
  serviceTime: number;
  /** Z: mean think time between a call's end and the client's next call, seconds. */
  thinkTime: number;
}

/** Result of {@link mvaSingleServer}. */
export interface MvaResult {
  /** R(N): mean time a call spends at the server (queue + service), seconds. */
  readonly responseTime: number;
  /** X(N): calls completed per second. */
  readonly throughput: number;
  /** Q(N): time-average calls at the server. */
  readonly meanAtServer: number;
}

/**
 * Exact mean value analysis of one FIFO server with `clients` thinking clients:
 * R(n) = S·(1 + Q(n−1)), X(n) = n / (R(n) + Z), Q(n) = X(n)·R(n), from Q(0) = 0. Exact for
 * exponential service (the arrival theorem); the think time may have any distribution.
 */
export function mvaSingleServer(input: MvaInput): MvaResult {
  requireInput(input);
  const clients = whole('clients', input.clients, 1, MAX_SOURCES);
  const serviceTime = positive('serviceTime', input.serviceTime);
  const thinkTime = positive('thinkTime', input.thinkTime);
  let queue = 0;
  let responseTime = 0;
  let throughput = 0;
  for (let n = 1; n <= clients; n++) {
    responseTime = serviceTime * (1 + queue);
    throughput = n / (responseTime + thinkTime);
    queue = throughput * responseTime;
  }
  return finiteResult('mvaSingleServer', { responseTime, throughput, meanAtServer: queue });
}
