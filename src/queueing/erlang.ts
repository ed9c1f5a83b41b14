import { QueueingInputError, QueueingUnstableError } from './errors';
import { finiteResult, nonNegative, openProbability, positive, requireInput, whole } from './validate';

/**
 * Largest pool the Erlang functions accept. The recursion is O(servers); ten million steps take
 * tens of milliseconds, and no real bulkhead comes near it.
 */
export const MAX_SERVERS = 10_000_000;

/**
 * Erlang B by the recursion B(a,0) = 1, B(a,k) = a·B(a,k−1) / (k + a·B(a,k−1)). Unchecked.
 * Each step is a contraction, so rounding errors shrink rather than grow, and no factorial or
 * power is ever formed: it cannot overflow, and it underflows gracefully to 0.
 */
export function erlangBUnchecked(offeredLoad: number, servers: number): number {
  // Source: D. L. Jagerman, "Some properties of the Erlang loss function", Bell Syst. Tech. J. 53(3), 1974.
  let blocking = 1;
  for (let k = 1; k <= servers; k++) {
    const carried = offeredLoad * blocking;
    blocking = carried / (k + carried);
  }
  return blocking;
}

/** Erlang C from Erlang B: C = c·B / (c − a·(1 − B)), for a < c. Unchecked. */
export function erlangCFromB(offeredLoad: number, servers: number, blocking: number): number {
  // Source: R. B. Cooper, Introduction to Queueing Theory, 2nd ed. (1981), relation between Erlang C and B.
  const waiting = (servers * blocking) / (servers - offeredLoad * (1 - blocking));
  return Math.min(1, Math.max(0, waiting));
}

/** Inputs of the Erlang B and C formulas. */
export interface ErlangInput {
  /** a: offered load in Erlangs (arrival rate × mean holding time), ≥ 0. */
  offeredLoad: number;
  /** c: number of servers (slots, threads, permits), a whole number ≥ 1. */
  servers: number;
}

function readErlangInput(input: ErlangInput): { offeredLoad: number; servers: number } {
  requireInput(input);
  return {
    offeredLoad: nonNegative('offeredLoad', input.offeredLoad),
    servers: whole('servers', input.servers, 1, MAX_SERVERS),
  };
}

/**
 * Erlang B: the probability that a call is turned away by `servers` slots with no waiting room
 * (M/M/c/c; the result also holds for any holding-time distribution with that mean).
 *
 * Example: 10 Erlangs on 15 slots blocks 3.65% of calls. Stable for any pool size up to
 * {@link MAX_SERVERS}; runs in O(servers).
 * @returns blocking probability in [0, 1].
 */
export function erlangB(input: ErlangInput): number {
  const { offeredLoad, servers } = readErlangInput(input);
  return erlangBUnchecked(offeredLoad, servers);
}

/** Inputs of {@link erlangBInverse}. */
export interface ErlangBInverseInput {
  /** c: number of servers, a whole number ≥ 1. */
  servers: number;
  /** Target blocking probability, strictly between 0 and 1 (0.01 means 1%). */
  targetBlocking: number;
}

/**
 * The offered load (Erlangs) at which `servers` slots block exactly `targetBlocking` of calls:
 * the most load the pool carries within that target. Example: 15 slots at 1% carry 8.108 Erlangs.
 *
 * Solved by Newton's method on the Erlang B recursion, kept inside a bracket that always holds the
 * root, with bisection whenever a Newton step would leave it.
 */
export function erlangBInverse(input: ErlangBInverseInput): number {
  requireInput(input);
  const servers = whole('servers', input.servers, 1, MAX_SERVERS);
  const target = openProbability('targetBlocking', input.targetBlocking);
  let low = 0;
  // Carried load a·(1−B) never exceeds c, so B ≥ 1 − c/a; at a = c/(1−p) blocking is at least p.
  let high = servers / (1 - target);
  let load = 0.5 * high;
  for (let iteration = 0; iteration < 200; iteration++) {
    const blocking = erlangBUnchecked(load, servers);
    const error = blocking - target;
    if (error === 0) return load;
    if (error > 0) high = load;
    else low = load;
    // dB/da = B·(c/a − 1 + B), differentiating the Erlang B formula with respect to a.
    const slope = blocking * (servers / load - 1 + blocking);
    const newton = slope > 0 ? load - error / slope : Number.NaN;
    if (Math.abs(newton - load) <= 1e-13 * load) return newton;
    if (high - low <= 1e-15 * high) return 0.5 * (low + high);
    load = newton > low && newton < high ? newton : 0.5 * (low + high);
  }
  return load;
}

/**
 * Erlang C: the probability that an arriving call has to wait, for `servers` slots with an
 * unlimited queue (M/M/c). Only defined when `offeredLoad < servers`.
 *
 * Example: 10 Erlangs on 15 servers: 10.2% of calls wait.
 * @returns probability of waiting in [0, 1].
 * @throws QueueingUnstableError when offeredLoad ≥ servers.
 */
export function erlangC(input: ErlangInput): number {
  const { offeredLoad, servers } = readErlangInput(input);
  if (offeredLoad >= servers) {
    throw new QueueingUnstableError(
      'offeredLoad',
      `offeredLoad must be less than servers for a queue to settle (got offeredLoad ${offeredLoad} with ${servers} servers); at or above that load the queue grows without limit`,
      offeredLoad,
    );
  }
  return erlangCFromB(offeredLoad, servers, erlangBUnchecked(offeredLoad, servers));
}

/** Inputs of {@link mmcWait}. Use one time unit for both rates (for example per second). */
export interface MmcInput {
  /** λ: calls arriving per time unit, > 0. */
  arrivalRate: number;
  /** μ: calls one server completes per time unit (1 / mean service time), > 0. */
  serviceRate: number;
  /** c: number of servers, a whole number ≥ 1. */
  servers: number;
}

/** Long-run figures of an M/M/c queue. Times are in the time unit of the rates. */
export interface MmcResult {
  /** a = λ/μ, in Erlangs. */
  offeredLoad: number;
  /** ρ = a/c: share of time a server is busy, in [0, 1). */
  utilization: number;
  /** Erlang C: probability an arriving call waits, in [0, 1]. */
  probabilityOfWait: number;
  /** Wq: mean wait before service. */
  meanTimeInQueue: number;
  /** W = Wq + 1/μ: mean time from arrival to completion. */
  meanTimeInSystem: number;
  /** Lq = λ·Wq: mean number waiting. */
  meanInQueue: number;
  /** L = λ·W: mean number in the system. */
  meanInSystem: number;
  /** Completed calls per time unit; equals λ since nothing is turned away. */
  throughput: number;
}

/**
 * Mean waits and queue lengths of M/M/c (unlimited queue): Wq = C/(cμ − λ), W = Wq + 1/μ,
 * Lq = λ·Wq, L = λ·W. Example: λ = 8, μ = 1, c = 10 gives Wq = 0.2046.
 * @throws QueueingUnstableError when arrivalRate ≥ servers × serviceRate.
 */
export function mmcWait(input: MmcInput): MmcResult {
  requireInput(input);
  const arrivalRate = positive('arrivalRate', input.arrivalRate);
  const serviceRate = positive('serviceRate', input.serviceRate);
  const servers = whole('servers', input.servers, 1, MAX_SERVERS);
  const offeredLoad = arrivalRate / serviceRate;
  if (offeredLoad >= servers) {
    throw new QueueingUnstableError(
      'arrivalRate',
      `arrivalRate must be less than servers × serviceRate for a queue to settle (got ${arrivalRate} against ${servers} × ${serviceRate}); at or above that the queue grows without limit`,
      arrivalRate,
    );
  }
  const probabilityOfWait = erlangCFromB(offeredLoad, servers, erlangBUnchecked(offeredLoad, servers));
  // Source: L. Kleinrock, Queueing Systems Vol. 1 (1975), M/M/m: W = C(m,a)/(mμ − λ) + 1/μ.
  const meanTimeInQueue = probabilityOfWait / (serviceRate * (servers - offeredLoad));
  const meanTimeInSystem = meanTimeInQueue + 1 / serviceRate;
  return finiteResult('arrivalRate', {
    offeredLoad,
    utilization: offeredLoad / servers,
    probabilityOfWait,
    meanTimeInQueue,
    meanTimeInSystem,
    meanInQueue: arrivalRate * meanTimeInQueue,
    meanInSystem: arrivalRate * meanTimeInSystem,
    throughput: arrivalRate,
  });
}

/** Turns a rate pair into a finite offered load or explains why it cannot be one. */
export function offeredLoadOf(arrivalRate: number, serviceRate: number): number {
  const offeredLoad = arrivalRate / serviceRate;
  if (!Number.isFinite(offeredLoad)) {
    throw new QueueingInputError(
      'arrivalRate',
      `arrivalRate / serviceRate is too large to compute (got ${arrivalRate} / ${serviceRate})`,
      arrivalRate,
    );
  }
  return offeredLoad;
}
