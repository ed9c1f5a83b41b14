// Wrong on purpose — mistake: no cap on the offered load. Every input is checked on its own, but
// not their product: 1e200 × 1e200 overflows to Infinity and the recursion returns NaN (a "pool"
// of 1 permit), and a load of millions of Erlangs runs a search of millions of steps.

/** Thrown for input that cannot describe a pool. `field` names the offending input. */
export class SizingInputError extends RangeError {
  /** The name of the input that is wrong, e.g. "servers". */
  readonly field: string;

  constructor(field: string, requirement: string, value: unknown) {
    super(`${field} must be ${requirement}, got ${String(value)}`);
    this.name = 'SizingInputError';
    this.field = field;
  }
}

function requireNonNegative(field: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new SizingInputError(field, 'a finite number ≥ 0', value);
}

function requirePositive(field: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new SizingInputError(field, 'a finite number > 0', value);
}

/**
 * Little's law, L = λW: the average number of calls in flight.
 * @param input.arrivalRate - calls per second (finite, ≥ 0).
 * @param input.latencySeconds - mean time each call is in flight, in seconds (finite, ≥ 0).
 * @returns calls in flight on average (also the offered load in Erlangs).
 */
export function inFlight(input: { arrivalRate: number; latencySeconds: number }): number {
  requireNonNegative('arrivalRate', input.arrivalRate);
  requireNonNegative('latencySeconds', input.latencySeconds);
  return input.arrivalRate * input.latencySeconds;
}

/**
 * Erlang B: the share of calls refused by `servers` permits with no queue at `offeredLoad` Erlangs.
 * Uses B(a, 0) = 1, B(a, k) = a·B(a, k−1) / (k + a·B(a, k−1)) (Erlang 1917; every step stays in
 * [0, 1], so nothing overflows).
 * @param input.offeredLoad - Erlangs (finite, ≥ 0).
 * @param input.servers - permits (an integer ≥ 0).
 */
export function erlangB(input: { offeredLoad: number; servers: number }): number {
  const { offeredLoad, servers } = input;
  requireNonNegative('offeredLoad', offeredLoad);
  if (!Number.isInteger(servers) || servers < 0) throw new SizingInputError('servers', 'an integer ≥ 0', servers);
  let blocking = 1;
  for (let k = 1; k <= servers; k += 1) {
    blocking = (offeredLoad * blocking) / (k + offeredLoad * blocking);
  }
  return blocking;
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
  const { arrivalRate, meanServiceTime, targetBlocking } = input;
  requirePositive('arrivalRate', arrivalRate);
  requirePositive('meanServiceTime', meanServiceTime);
  if (!(targetBlocking > 0 && targetBlocking < 1)) {
    throw new SizingInputError('targetBlocking', 'a share strictly between 0 and 1', targetBlocking);
  }
  const offeredLoad = inFlight({ arrivalRate, latencySeconds: meanServiceTime });
  // One pass of the recursion: each step gives B for one more permit, so the first size that
  // meets the target is the smallest. It always ends, because B falls towards 0 as servers grow.
  let servers = 0;
  let blocking = 1;
  while (blocking > targetBlocking) {
    servers += 1;
    blocking = (offeredLoad * blocking) / (servers + offeredLoad * blocking);
  }
  return { offeredLoad, servers, blocking };
}
