/**
 * Sizing a pool: Little's law, the Erlang B blocking share by its stable recursion, and the
 * smallest pool meeting a blocking target. Rates are per second, times in seconds.
 */

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

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Checks a finite number ≥ 0 and returns it. */
function nonNegative(field: string, value: unknown): number {
  if (!isFiniteNumber(value) || value < 0) throw new SizingInputError(field, 'a finite number ≥ 0', value);
  return value;
}

/** Checks a finite number > 0 and returns it. */
function positive(field: string, value: unknown): number {
  if (!isFiniteNumber(value) || value <= 0) throw new SizingInputError(field, 'a finite number > 0', value);
  return value;
}

/** One step of the recursion: B(a, k) from B(a, k − 1). Stays in [0, 1] for any finite a ≥ 0. */
const nextBlocking = (load: number, previous: number, k: number): number => {
  const carried = load * previous;
  return carried / (k + carried);
};

/**
 * Little's law, L = λW: the average number of calls in flight.
 * @param input.arrivalRate - calls per second (finite, ≥ 0).
 * @param input.latencySeconds - mean time each call is in flight, in seconds (finite, ≥ 0).
 */
export function inFlight(input: { arrivalRate: number; latencySeconds: number }): number {
  const arrivalRate = nonNegative('arrivalRate', input.arrivalRate);
  const latencySeconds = nonNegative('latencySeconds', input.latencySeconds);
  return arrivalRate * latencySeconds;
}

/**
 * Erlang B: the share of calls refused by `servers` permits with no queue at `offeredLoad` Erlangs.
 * Uses B(a, 0) = 1, B(a, k) = a·B / (k + a·B): no powers or factorials, so nothing overflows.
 * @param input.offeredLoad - Erlangs (finite, ≥ 0).
 * @param input.servers - permits (an integer ≥ 0).
 */
export function erlangB(input: { offeredLoad: number; servers: number }): number {
  const offeredLoad = nonNegative('offeredLoad', input.offeredLoad);
  const servers = input.servers;
  if (typeof servers !== 'number' || !Number.isInteger(servers) || servers < 0) {
    throw new SizingInputError('servers', 'an integer ≥ 0', servers);
  }
  let blocking = 1; // no permits: every call is refused
  for (let k = 1; k <= servers; k += 1) blocking = nextBlocking(offeredLoad, blocking, k);
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
  const arrivalRate = positive('arrivalRate', input.arrivalRate);
  const meanServiceTime = positive('meanServiceTime', input.meanServiceTime);
  const targetBlocking = input.targetBlocking;
  if (!isFiniteNumber(targetBlocking) || targetBlocking <= 0 || targetBlocking >= 1) {
    throw new SizingInputError('targetBlocking', 'a number strictly between 0 and 1', targetBlocking);
  }

  // Little's law again: the offered load in Erlangs.
  const offeredLoad = arrivalRate * meanServiceTime;
  if (!Number.isFinite(offeredLoad) || offeredLoad > 1_000_000) {
    // Two finite inputs can still overflow, and the search takes about offeredLoad steps.
    throw new SizingInputError('offeredLoad', 'finite and at most 1 000 000 Erlangs (arrivalRate × meanServiceTime)', offeredLoad);
  }

  // B falls as permits are added, so the first size at or under the target is the smallest.
  let servers = 0;
  let blocking = 1;
  while (blocking > targetBlocking) {
    servers += 1;
    blocking = nextBlocking(offeredLoad, blocking, servers);
  }
  return { offeredLoad, servers, blocking };
}
