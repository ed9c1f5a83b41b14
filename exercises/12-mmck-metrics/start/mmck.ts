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

/**
 * Long-run metrics of an M/M/c/K queue.
 * @throws MmckInputError for a rate that is not finite and > 0, servers that is not an integer
 *   ≥ 1, or capacity that is not an integer ≥ servers.
 */
export function mmck(input: MmckInput): MmckMetrics {
  // TODO: check the four inputs and throw MmckInputError naming the field.
  const { arrivalRate, serviceRate, servers, capacity } = input;
  const a = arrivalRate / serviceRate;

  // TODO: replace this distribution. It is the textbook formula typed in as printed,
  //   pₙ ∝ aⁿ / n!            for n ≤ c,
  //   pₙ ∝ aᶜ / c! · (a/c)ⁿ⁻ᶜ   for c < n ≤ K,
  // which is right for small queues; aⁿ and n! pass 1e308 long before capacity 10 000. Use the
  // ratio pₙ / pₙ₋₁ = a / min(n, c) instead, and keep the numbers from overflowing.
  const weights: number[] = [];
  for (let n = 0; n <= capacity; n += 1) {
    weights.push(n <= servers ? a ** n / factorial(n) : (a ** servers / factorial(servers)) * (a / servers) ** (n - servers));
  }
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const p = weights.map((weight) => weight / total);

  const blocking = p[capacity] ?? 0;
  const throughput = arrivalRate * (1 - blocking);
  let meanInQueue = 0;
  for (let n = servers + 1; n <= capacity; n += 1) meanInQueue += (n - servers) * (p[n] ?? 0);

  // TODO: this is the "calculate_metrics" found in many tutorials, and it is wrong: λ_eff / μ is
  // the mean number of BUSY SERVERS, not of calls in the system, so W below collapses to 1/μ and
  // the queueing delay disappears. Compute L = Σ n·pₙ instead.
  const meanInSystem = throughput / serviceRate;
  const meanTimeInSystem = meanInSystem / throughput;

  return {
    blocking,
    throughput,
    meanInSystem,
    meanInQueue,
    meanTimeInSystem,
    meanTimeInQueue: meanInQueue / throughput,
    utilization: throughput / (servers * serviceRate),
  };
}

function factorial(n: number): number {
  let product = 1;
  for (let k = 2; k <= n; k += 1) product *= k;
  return product;
}
