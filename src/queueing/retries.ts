import { QueueingInputError } from './errors';
import { MAX_SERVERS, erlangBUnchecked, erlangCFromB, offeredLoadOf } from './erlang';
import { finiteResult, nonNegative, positive, requireInput, whole } from './validate';

/** Most tries per call (the first plus retries) the retry functions accept. */
export const MAX_TRIES = 100;
/** Fixed-point steps before {@link retryLoad} gives up (it converges in far fewer for real pools). */
const MAX_STEPS = 100_000;
/** Servers × steps: a budget of Erlang B steps, so a huge pool cannot stall the caller. */
const MAX_WORK = 2e8;

/** 1 + x + x² + … + x^(tries−1): attempts per call when each try fails with probability x. */
export function attemptsPerCall(failure: number, tries: number): number {
  let sum = 0;
  let term = 1;
  for (let i = 0; i < tries; i++) {
    sum += term;
    term *= failure;
  }
  return sum;
}

/** Inputs of {@link retryLoad}. */
export interface RetryLoadInput {
  /** a: offered load of the calls themselves, in Erlangs (first tries only), > 0. */
  offeredLoad: number;
  /** c: slots in a pool with no queue, a whole number ≥ 1. */
  servers: number;
  /** r: most tries per call, the first included (1 means no retries), 1 to {@link MAX_TRIES}. */
  tries: number;
}

/** One settled state of a fail-fast pool whose callers retry refused attempts at once. */
export interface RetrySettledState {
  /** A: offered load of all attempts, first tries and retries, in Erlangs. */
  attemptLoad: number;
  /** A / a: attempts per call. */
  amplification: number;
  /** B(A, c): share of attempts refused. */
  blocking: number;
  /** B^r: share of calls refused on every try. */
  failedShare: number;
}

/** Both ends of the settled states: they are the same state when only one exists. */
export interface RetryLoadResult {
  /** Reached from below (from the calls' own load): where a healthy pool settles. */
  lowest: RetrySettledState;
  /** Reached from above (every try refused): where an overloaded pool settles. */
  highest: RetrySettledState;
}

function settledState(offeredLoad: number, servers: number, tries: number, attemptLoad: number): RetrySettledState {
  const blocking = erlangBUnchecked(attemptLoad, servers);
  return { attemptLoad, amplification: attemptLoad / offeredLoad, blocking, failedShare: blocking ** tries };
}

/**
 * Retries on a fail-fast pool (Erlang B): a refused attempt is tried again at once, up to `tries`
 * tries per call, so the attempts offer A = a·(1 + B + … + B^(r−1)) with B = B(A, c), and B itself
 * rises with A. Returns the fixed points of that equation reached from below (from A = a) and from
 * above (from A = r·a); the map is increasing, so these are its lowest and highest fixed points.
 * When they agree there is one settled state, and the pool returns to it after any disturbance.
 *
 * Treats retried attempts as fresh Poisson arrivals, the usual approximation for retrial traffic.
 */
export function retryLoad(input: RetryLoadInput): RetryLoadResult {
  requireInput(input);
  const offeredLoad = positive('offeredLoad', input.offeredLoad);
  const servers = whole('servers', input.servers, 1, MAX_SERVERS);
  const tries = whole('tries', input.tries, 1, MAX_TRIES);
  const steps = Math.max(10, Math.min(MAX_STEPS, Math.floor(MAX_WORK / servers)));
  const settle = (start: number): number => {
    let load = start;
    for (let step = 0; step < steps; step++) {
      const next = offeredLoad * attemptsPerCall(erlangBUnchecked(load, servers), tries);
      if (Math.abs(next - load) <= 1e-13 * load) return next;
      load = next;
    }
    throw new QueueingInputError(
      'offeredLoad',
      `the retried load does not settle within ${steps.toLocaleString('en-US')} steps (got offeredLoad ${offeredLoad}, ${servers} servers, ${tries} tries); it is too close to a tipping point to compute this way`,
      offeredLoad,
    );
  };
  return finiteResult('offeredLoad', {
    lowest: settledState(offeredLoad, servers, tries, settle(offeredLoad)),
    highest: settledState(offeredLoad, servers, tries, settle(offeredLoad * tries)),
  });
}

/** Inputs of {@link timeoutRetryLoad}. Use one time unit for rates and the timeout. */
export interface TimeoutRetryInput {
  /** λ: calls per time unit (first tries only), > 0. */
  arrivalRate: number;
  /** μ: attempts one server completes per time unit, > 0. */
  serviceRate: number;
  /** c: servers in front of an unlimited FIFO queue, a whole number ≥ 1. */
  servers: number;
  /** τ: a caller waits this long in the queue, then gives up on that attempt and retries, ≥ 0. */
  queueTimeout: number;
  /** r: most tries per call, the first included, 1 to {@link MAX_TRIES}. */
  tries: number;
}

/** A settled state of the queue with timeouts and retries. */
export interface TimeoutRetryState {
  /** Λ: attempts per time unit, first tries and retries. */
  attemptRate: number;
  /** Λ/λ: attempts per call. */
  amplification: number;
  /** P(Wq > τ) = C·e^(−(cμ − Λ)τ): share of attempts whose caller gives up. */
  timeoutShare: number;
}

/** What {@link timeoutRetryLoad} finds. */
export interface TimeoutRetryResult {
  /** c·μ: attempts the servers can complete per time unit. */
  capacity: number;
  /** The healthy settled state, or undefined when retries push even a quiet start past capacity. */
  settled?: TimeoutRetryState;
  /**
   * Attempt rate, between the settled state and capacity, past which retries alone drive the
   * attempt rate to overload (the unstable fixed point). Undefined when there is no settled state
   * or no overloaded state to tip into.
   */
  tippingAttemptRate?: number;
  /** r·λ: the attempt rate once every attempt times out. */
  overloadedAttemptRate: number;
  /** True when r·λ ≥ c·μ: once overloaded, retries alone keep the queue growing. */
  overloadSustains: boolean;
  /** True when both a healthy settled state and a self-sustaining overloaded state exist. */
  metastable: boolean;
}

/**
 * A queue whose callers time out and retry, while the servers still serve every abandoned attempt
 * (they cannot tell the caller left: work for nobody). With Poisson attempts at rate Λ < c·μ the
 * queue is M/M/c, so an attempt waits longer than τ with probability p(Λ) = C(Λ/μ, c)·e^(−(cμ−Λ)τ),
 * and the attempts are Λ = λ·(1 + p + … + p^(r−1)). At Λ ≥ c·μ the queue has no steady state: it
 * grows, every attempt times out, and the attempts become r·λ. So when λ < c·μ ≤ r·λ the system has
 * two states, a healthy one and an overloaded one that retries alone sustain: a metastable failure.
 *
 * Treats retried attempts as fresh Poisson arrivals, the usual fixed-point approximation.
 */
export function timeoutRetryLoad(input: TimeoutRetryInput): TimeoutRetryResult {
  requireInput(input);
  const arrivalRate = positive('arrivalRate', input.arrivalRate);
  const serviceRate = positive('serviceRate', input.serviceRate);
  const servers = whole('servers', input.servers, 1, MAX_SERVERS);
  const queueTimeout = nonNegative('queueTimeout', input.queueTimeout);
  const tries = whole('tries', input.tries, 1, MAX_TRIES);
  offeredLoadOf(arrivalRate, serviceRate);
  const capacity = servers * serviceRate;
  const overloadedAttemptRate = arrivalRate * tries;
  const overloadSustains = overloadedAttemptRate >= capacity;
  const timeoutShare = (attemptRate: number): number => {
    if (attemptRate >= capacity) return 1;
    const load = attemptRate / serviceRate;
    const waits = erlangCFromB(load, servers, erlangBUnchecked(load, servers));
    return Math.min(1, waits * Math.exp(-(capacity - attemptRate) * queueTimeout));
  };
  const attempts = (attemptRate: number): number => arrivalRate * attemptsPerCall(timeoutShare(attemptRate), tries);
  const state = (attemptRate: number): TimeoutRetryState => ({ attemptRate, amplification: attemptRate / arrivalRate, timeoutShare: timeoutShare(attemptRate) });

  // From below, the increasing map climbs to its lowest fixed point, or past capacity if none.
  const steps = Math.max(10, Math.min(MAX_STEPS, Math.floor(MAX_WORK / servers)));
  let rate = arrivalRate;
  let settled: number | undefined;
  for (let step = 0; step < steps && rate < capacity; step++) {
    const next = attempts(rate);
    if (Math.abs(next - rate) <= 1e-13 * rate) {
      settled = next;
      break;
    }
    rate = next;
  }
  if (settled === undefined || settled >= capacity) {
    return { capacity, overloadedAttemptRate, overloadSustains, metastable: false };
  }
  let tippingAttemptRate: number | undefined;
  if (overloadSustains) {
    // attempts(Λ) − Λ is below 0 just past the settled state and reaches r·λ − c·μ ≥ 0 at capacity:
    // bisect for the crossing between them, the unstable fixed point.
    let low = settled;
    for (let nudge = 1e-9; nudge < 1 && attempts(low) >= low; nudge *= 10) low = settled + nudge * (capacity - settled);
    let high = capacity;
    for (let step = 0; step < 200 && high - low > 1e-12 * capacity; step++) {
      const middle = 0.5 * (low + high);
      if (attempts(middle) >= middle) high = middle;
      else low = middle;
    }
    tippingAttemptRate = 0.5 * (low + high);
  }
  return finiteResult('arrivalRate', {
    capacity,
    settled: state(settled),
    ...(tippingAttemptRate === undefined ? {} : { tippingAttemptRate }),
    overloadedAttemptRate,
    overloadSustains,
    metastable: overloadSustains,
  });
}
