/**
 * Exercise: M/M/c/K metrics without overflow.
 *
 * A bulkhead with `servers` slots and a bounded queue is an M/M/c/K queue: calls arrive at random
 * (rate λ), each holds a slot for a random time (rate μ), at most `capacity` calls are inside at
 * once (served plus waiting), and a call that finds it full is turned away.
 *
 * Read instructions.md for the full task. The tests call:
 *   mmck({ arrivalRate: 8, serviceRate: 1, servers: 10, capacity: 20 });
 *   // → { blocking: 0.0091072, throughput: 7.927143, meanInSystem: 9.077056, meanInQueue: 1.149914,
 *   //     meanTimeInSystem: 1.145060, meanTimeInQueue: 0.145060, utilization: 0.792714 }
 *   mmck({ arrivalRate: 12, serviceRate: 1, servers: 10, capacity: 10_000 });  // must stay finite
 *
 * Units: both rates use the same time unit (for example per second); times come out in it.
 */

/**
 * Thrown for input that cannot describe an M/M/c/K queue. `field` names the offending input.
 * This class is done: throw it as `new MmckInputError('capacity', 'an integer ≥ servers (10)', 9)`.
 */
export class MmckInputError extends RangeError {
  /** The name of the input that is wrong, e.g. "capacity". */
  readonly field: string;

  constructor(field: string, requirement: string, value: unknown) {
    super(`${field} must be ${requirement}, got ${String(value)}`);
    this.name = 'MmckInputError';
    this.field = field;
  }
}

/** The queue to analyse. Both rates use the same time unit (for example per second). */
export interface MmckInput {
  /** λ: calls arriving per time unit (finite, > 0). */
  arrivalRate: number;
  /** μ: calls one server completes per time unit, 1 / mean service time (finite, > 0). */
  serviceRate: number;
  /** c: servers, the bulkhead's slots (an integer ≥ 1). */
  servers: number;
  /** K: most calls in the system at once, served plus waiting (an integer ≥ servers). */
  capacity: number;
}

/** Long-run figures. Times are in the time unit of the rates. */
export interface MmckMetrics {
  /** P_K: share of arriving calls turned away because the system is full. */
  blocking: number;
  /** λ_eff = λ·(1 − P_K): calls admitted (and completed) per time unit. */
  throughput: number;
  /** L = Σ n·pₙ: mean number of calls in the system, served plus waiting. */
  meanInSystem: number;
  /** Lq = Σ (n − c)·pₙ for n > c: mean number of calls waiting. */
  meanInQueue: number;
  /** W = L / λ_eff: mean time an admitted call spends in the system. */
  meanTimeInSystem: number;
  /** Wq = Lq / λ_eff: mean time an admitted call waits for a slot. */
  meanTimeInQueue: number;
  /** λ_eff / (c·μ): the share of time a slot is busy, in [0, 1]. */
  utilization: number;
}

/** Throws MmckInputError unless every input describes a real M/M/c/K queue. */
function checkInput(input: MmckInput): void {
  const { arrivalRate, serviceRate, servers, capacity } = input;
  if (typeof arrivalRate !== 'number' || !Number.isFinite(arrivalRate) || arrivalRate <= 0) {
    throw new MmckInputError('arrivalRate', 'a finite number > 0', arrivalRate);
  }
  if (typeof serviceRate !== 'number' || !Number.isFinite(serviceRate) || serviceRate <= 0) {
    throw new MmckInputError('serviceRate', 'a finite number > 0', serviceRate);
  }
  if (!Number.isInteger(servers) || servers < 1) throw new MmckInputError('servers', 'an integer ≥ 1', servers);
  if (!Number.isInteger(capacity) || capacity < servers) {
    throw new MmckInputError('capacity', `an integer ≥ servers (${servers})`, capacity);
  }
}

/**
 * Long-run metrics of an M/M/c/K queue.
 * @throws MmckInputError for a rate that is not finite and > 0, servers that is not an integer
 *   ≥ 1, or capacity that is not an integer ≥ servers.
 */
export function mmck(input: MmckInput): MmckMetrics {
  checkInput(input);
  const { arrivalRate, serviceRate, servers: c, capacity: K } = input;

  // log a and log(a / c). a itself can overflow (λ huge, μ tiny); then fall back to log differences.
  const a = arrivalRate / serviceRate;
  const aIsFinite = Number.isFinite(a) && a > 0;
  const logA = aIsFinite ? Math.log(a) : Math.log(arrivalRate) - Math.log(serviceRate);
  const logQueueRatio = aIsFinite ? Math.log(a / c) : logA - Math.log(c); // exactly 0 when a === c

  // Unnormalised log-weights from the ratio recursion pₙ / pₙ₋₁ = a / min(n, c):
  //   n ≤ c: log wₙ = log wₙ₋₁ + log a − log n
  //   n > c: the ratio is the constant a / c, so log wₙ = log w_c + (n − c)·log(a / c) (no drift).
  const logWeights = new Float64Array(K + 1);
  for (let n = 1; n <= c; n += 1) logWeights[n] = (logWeights[n - 1] ?? 0) + logA - Math.log(n);
  const logServed = logWeights[c] ?? 0;
  for (let n = c + 1; n <= K; n += 1) logWeights[n] = logServed + (n - c) * logQueueRatio;

  // Scale by the largest weight so every weight is in (0, 1] and the sum stays finite.
  let largest = -Infinity;
  for (const logWeight of logWeights) if (logWeight > largest) largest = logWeight;

  let total = 0; // Σ wₙ
  let belowFull = 0; // Σ wₙ over n < K: 1 − P_K without the cancellation of 1 − p_K
  let inSystem = 0; // Σ n·wₙ
  let inQueue = 0; // Σ (n − c)·wₙ over n > c
  for (let n = 0; n <= K; n += 1) {
    const weight = Math.exp((logWeights[n] ?? 0) - largest);
    total += weight;
    if (n < K) belowFull += weight;
    inSystem += n * weight;
    if (n > c) inQueue += (n - c) * weight;
  }

  const blocking = Math.exp((logWeights[K] ?? 0) - largest) / total;
  const throughput = arrivalRate * (belowFull / total); // λ_eff = λ·(1 − P_K)
  const meanInSystem = inSystem / total;
  const meanInQueue = inQueue / total;

  return {
    blocking,
    throughput,
    meanInSystem,
    meanInQueue,
    meanTimeInSystem: meanInSystem / throughput, // Little's law for admitted calls
    meanTimeInQueue: meanInQueue / throughput,
    // λ_eff ≤ c·μ exactly; the min only guards against a last-bit rounding above 1.
    utilization: Math.min(1, throughput / (c * serviceRate)),
  };
}
