// Wrong on purpose — mistake: validating in its own order. servers and capacity are checked before
// the rates, so input with several mistakes names a different field than the one the instructions
// say comes first (arrivalRate, serviceRate, servers, capacity): a form that highlights the field
// from `field` points the user at the wrong box first.

/**
 * M/M/c/K: a bulkhead with `servers` slots and room for `capacity` calls in all (the rest wait in
 * a bounded queue); calls that find it full are turned away. Every figure comes from the
 * stationary distribution, built with the ratio recursion in logarithms so nothing overflows.
 */

/** Thrown for input that cannot describe an M/M/c/K queue. `field` names the offending input. */
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

function requirePositive(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new MmckInputError(field, 'a finite number > 0', value);
  return value;
}

/**
 * Long-run metrics of an M/M/c/K queue.
 * @throws MmckInputError for a rate that is not finite and > 0, servers that is not an integer
 *   ≥ 1, or capacity that is not an integer ≥ servers.
 */
export function mmck(input: MmckInput): MmckMetrics {
  // The structure of the queue first, then the rates.
  const { servers, capacity } = input;
  if (!Number.isSafeInteger(servers) || servers < 1) throw new MmckInputError('servers', 'an integer ≥ 1', servers);
  if (!Number.isSafeInteger(capacity) || capacity < servers) {
    throw new MmckInputError('capacity', `an integer ≥ servers (${servers})`, capacity);
  }
  const arrivalRate = requirePositive('arrivalRate', input.arrivalRate);
  const serviceRate = requirePositive('serviceRate', input.serviceRate);
  const offeredLoad = arrivalRate / serviceRate;

  // pₙ / pₙ₋₁ = λ / (μ·min(n, c)) (Gross et al., Fundamentals of Queueing Theory, M/M/c/K). The
  // weights themselves can pass 1e308 (a > c, or a in the thousands), so add logarithms instead of
  // multiplying, then subtract the largest before exponentiating: every weight lands in (0, 1].
  const logWeights = new Float64Array(capacity + 1);
  const logLoad = Math.log(offeredLoad);
  let largest = 0;
  for (let n = 1; n <= capacity; n += 1) {
    const logWeight = (logWeights[n - 1] as number) + logLoad - Math.log(Math.min(n, servers));
    logWeights[n] = logWeight;
    if (logWeight > largest) largest = logWeight;
  }

  let total = 0;
  let inSystem = 0;
  let inQueue = 0;
  let full = 0;
  for (let n = 0; n <= capacity; n += 1) {
    const weight = Math.exp((logWeights[n] as number) - largest);
    total += weight;
    inSystem += n * weight;
    if (n > servers) inQueue += (n - servers) * weight;
    if (n === capacity) full = weight;
  }

  const blocking = full / total;
  const throughput = arrivalRate * (1 - blocking);
  const meanInSystem = inSystem / total;
  const meanInQueue = inQueue / total;
  // Little's law holds for the calls that get in, so divide by λ_eff, never by λ.
  return {
    blocking,
    throughput,
    meanInSystem,
    meanInQueue,
    meanTimeInSystem: meanInSystem / throughput,
    meanTimeInQueue: meanInQueue / throughput,
    utilization: throughput / (servers * serviceRate),
  };
}
