/**
 * Exercise: size a pool with Little's law and Erlang B.
 *
 * How many permits should a bulkhead have? Three functions answer it:
 *   inFlight     — Little's law: calls per second × seconds per call = calls in flight on average.
 *   erlangB      — the share of calls a pool of `servers` permits with no queue refuses.
 *   smallestPool — the fewest permits that refuse at most a target share of calls.
 *
 * Read instructions.md for the full task. The tests call:
 *   inFlight({ arrivalRate: 100, latencySeconds: 0.2 });                        // 20
 *   erlangB({ offeredLoad: 10, servers: 15 });                                  // ≈ 0.0365
 *   smallestPool({ arrivalRate: 100, meanServiceTime: 0.2, targetBlocking: 0.01 });
 *   // → { offeredLoad: 20, servers: 30, blocking: ≈ 0.00846 }
 *
 * Units: rates are per SECOND and times are in SECONDS everywhere in this file.
 */

/**
 * Thrown for input that cannot describe a pool. `field` names the offending input.
 * This class is done: throw it as `new SizingInputError('servers', 'an integer ≥ 0', servers)`.
 */
export class SizingInputError extends RangeError {
  /** The name of the input that is wrong, e.g. "servers". */
  readonly field: string;

  constructor(field: string, requirement: string, value: unknown) {
    super(`${field} must be ${requirement}, got ${String(value)}`);
    this.name = 'SizingInputError';
    this.field = field;
  }
}

/**
 * Little's law, L = λW: the average number of calls in flight.
 * @param input.arrivalRate - calls per second (finite, ≥ 0).
 * @param input.latencySeconds - mean time each call is in flight, in seconds (finite, ≥ 0).
 */
export function inFlight(input: { arrivalRate: number; latencySeconds: number }): number {
  // TODO: check both inputs (finite, ≥ 0; otherwise throw SizingInputError naming the field)
  // and apply Little's law.
  void input;
  return 0;
}

/**
 * Erlang B: the share of calls refused by `servers` permits with no queue at `offeredLoad` Erlangs.
 * @param input.offeredLoad - Erlangs (finite, ≥ 0).
 * @param input.servers - permits (an integer ≥ 0).
 */
export function erlangB(input: { offeredLoad: number; servers: number }): number {
  // TODO: check the inputs, then replace this with the stable recursion from the lesson:
  //   B(a, 0) = 1,   B(a, k) = a·B(a, k−1) / (k + a·B(a, k−1))   for k = 1 … servers.
  // Below is the formula exactly as textbooks print it, B = (aᶜ/c!) / Σₖ₌₀..c (aᵏ/k!).
  // It is right for small pools. Run the tests to see what happens to large ones.
  const { offeredLoad, servers } = input;
  let sum = 0;
  for (let k = 0; k <= servers; k += 1) sum += offeredLoad ** k / factorial(k);
  return offeredLoad ** servers / factorial(servers) / sum;
}

function factorial(n: number): number {
  let product = 1;
  for (let k = 2; k <= n; k += 1) product *= k;
  return product;
}

/** The pool `smallestPool` found. */
export interface PoolSize {
  /** Offered load in Erlangs: arrivalRate × meanServiceTime. */
  offeredLoad: number;
  /** The fewest permits whose blocking is at most the target. */
  servers: number;
  /** Erlang B blocking at that size, a share in [0, 1]. */
  blocking: number;
}

/**
 * The smallest number of permits that refuses at most `targetBlocking` of calls.
 * @param input.arrivalRate - calls per second (finite, > 0).
 * @param input.meanServiceTime - mean time a call holds its permit, in seconds (finite, > 0).
 * @param input.targetBlocking - the largest acceptable share of refused calls, strictly between 0 and 1.
 */
export function smallestPool(input: { arrivalRate: number; meanServiceTime: number; targetBlocking: number }): PoolSize {
  // TODO: check the inputs (and the load: at most 1 000 000 Erlangs), then search upwards from 0
  // permits for the first size whose Erlang B blocking is at most targetBlocking. This first guess
  // sizes for the average load only, so the pool is busy to the brim and refuses far more than
  // the target.
  const offeredLoad = input.arrivalRate * input.meanServiceTime;
  const servers = Math.ceil(offeredLoad);
  return { offeredLoad, servers, blocking: erlangB({ offeredLoad, servers }) };
}
