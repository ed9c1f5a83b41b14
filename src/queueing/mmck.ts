import { QueueingInputError } from './errors';
import { MAX_SERVERS, offeredLoadOf } from './erlang';
import { finiteResult, positive, requireInput, whole } from './validate';

/** Largest `capacity` accepted by {@link mmck}: the distribution holds capacity + 1 numbers. */
export const MAX_CAPACITY = 1_000_000;

/** Inputs of {@link mmck}. Use one time unit for both rates (for example per second). */
export interface MmckInput {
  /** λ: calls arriving per time unit, > 0. */
  arrivalRate: number;
  /** μ: calls one server completes per time unit (1 / mean service time), > 0. */
  serviceRate: number;
  /** c: number of servers (slots being worked on), a whole number ≥ 1. */
  servers: number;
  /** K: most calls in the system at once, served plus waiting; a whole number ≥ servers. */
  capacity: number;
}

/** Long-run figures of an M/M/c/K queue. Times are in the time unit of the rates. */
export interface MmckResult {
  /** P_K: probability an arriving call finds the system full and is turned away, in [0, 1]. */
  blocking: number;
  /** λ_eff = λ·(1 − P_K): admitted (and completed) calls per time unit. */
  throughput: number;
  /** L = Σ n·pₙ: mean number of calls in the system. */
  meanInSystem: number;
  /** Lq = Σ (n − c)·pₙ over n > c: mean number waiting. */
  meanInQueue: number;
  /** W = L / λ_eff: mean time an admitted call spends in the system. */
  meanTimeInSystem: number;
  /** Wq = Lq / λ_eff: mean wait of an admitted call before service. */
  meanTimeInQueue: number;
  /** Mean busy servers / c = λ_eff / (c·μ), in [0, 1]. */
  utilization: number;
  /** Probability an admitted call has to wait (it arrives to find all servers busy), in [0, 1]. */
  probabilityOfWait: number;
}

interface Checked {
  arrivalRate: number;
  serviceRate: number;
  servers: number;
  capacity: number;
}

function readMmckInput(input: MmckInput): Checked {
  requireInput(input);
  const arrivalRate = positive('arrivalRate', input.arrivalRate);
  const serviceRate = positive('serviceRate', input.serviceRate);
  const servers = whole('servers', input.servers, 1, MAX_SERVERS);
  const capacity = whole('capacity', input.capacity, 1, MAX_CAPACITY);
  if (servers > capacity) {
    throw new QueueingInputError(
      'capacity',
      `capacity (most calls in the system, served plus waiting) must be at least servers (got capacity ${capacity} with ${servers} servers)`,
      capacity,
    );
  }
  return { arrivalRate, serviceRate, servers, capacity };
}

/**
 * Unnormalised stationary weights of M/M/c/K with the largest weight equal to 1. Unchecked.
 *
 * The ratio pₙ/pₙ₋₁ = a/min(n, c) falls as n grows, so the weights rise to a single peak and then
 * fall. Starting at the peak and walking outwards keeps every weight in [0, 1]: nothing can
 * overflow, the sum is at least 1, and terms too small to matter underflow harmlessly to 0.
 */
function mmckWeights(offeredLoad: number, servers: number, capacity: number): Float64Array {
  // Source: D. Gross et al., Fundamentals of Queueing Theory, 4th ed. (2008), M/M/c/K: pₙ ∝ aⁿ/n! (n ≤ c), ∝ aᶜ/c!·(a/c)ⁿ⁻ᶜ above.
  const weights = new Float64Array(capacity + 1);
  const peak = offeredLoad >= servers ? capacity : Math.min(capacity, Math.floor(offeredLoad));
  weights[peak] = 1;
  let weight = 1;
  for (let n = peak; n > 0; n--) {
    weight = (weight * Math.min(n, servers)) / offeredLoad;
    weights[n - 1] = weight;
  }
  weight = 1;
  for (let n = peak + 1; n <= capacity; n++) {
    weight = (weight * offeredLoad) / Math.min(n, servers);
    weights[n] = weight;
  }
  return weights;
}

/** M/M/c/K figures from rates, without input checks. */
function mmckUnchecked(arrivalRate: number, serviceRate: number, servers: number, capacity: number): MmckResult {
  const offeredLoad = arrivalRate / serviceRate;
  const weights = mmckWeights(offeredLoad, servers, capacity);
  let total = 0;
  let belowFull = 0;
  let inSystem = 0;
  let inQueue = 0;
  let busy = 0;
  let waitingOnArrival = 0;
  for (let n = 0; n <= capacity; n++) {
    const weight = weights[n] ?? 0;
    total += weight;
    inSystem += n * weight;
    if (n > servers) inQueue += (n - servers) * weight;
    busy += Math.min(n, servers) * weight;
    if (n < capacity) {
      belowFull += weight;
      if (n >= servers) waitingOnArrival += weight;
    }
  }
  const admitted = belowFull / total;
  // λ_eff = λ(1 − P_K); then W = L/λ_eff by Little's law (Little 1961), not L = λ_eff/μ.
  const throughput = arrivalRate * admitted;
  const meanInSystem = inSystem / total;
  const meanInQueue = inQueue / total;
  return {
    blocking: (weights[capacity] ?? 0) / total,
    throughput,
    meanInSystem,
    meanInQueue,
    meanTimeInSystem: meanInSystem / throughput,
    meanTimeInQueue: meanInQueue / throughput,
    utilization: busy / total / servers,
    probabilityOfWait: belowFull > 0 ? waitingOnArrival / belowFull : 0,
  };
}

/**
 * Long-run figures of M/M/c/K: Poisson arrivals, exponential service, `servers` servers, room for
 * `capacity` calls in all (so `capacity − servers` can wait); arrivals that find it full are turned
 * away. A bulkhead with a bounded queue is exactly this.
 *
 * Computed from the stationary distribution (ratio recursion, then normalisation), never with
 * factorials, so capacity 10 000 with 10 000 servers is fine. Example: λ = 8, μ = 1, c = 10,
 * K = 20 gives blocking 0.0091 and W = 1.1451.
 * @throws QueueingInputError on invalid input, including servers > capacity.
 */
export function mmck(input: MmckInput): MmckResult {
  const { arrivalRate, serviceRate, servers, capacity } = readMmckInput(input);
  offeredLoadOf(arrivalRate, serviceRate);
  return finiteResult('arrivalRate', mmckUnchecked(arrivalRate, serviceRate, servers, capacity));
}

/**
 * The stationary distribution of M/M/c/K: element n is the long-run probability of n calls in the
 * system, for n = 0…capacity. The elements sum to 1 (up to rounding).
 */
export function mmckDistribution(input: MmckInput): number[] {
  const { arrivalRate, serviceRate, servers, capacity } = readMmckInput(input);
  const weights = mmckWeights(offeredLoadOf(arrivalRate, serviceRate), servers, capacity);
  let total = 0;
  for (const weight of weights) total += weight;
  return Array.from(weights, (weight) => weight / total);
}
