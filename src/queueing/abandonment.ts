import { QueueingInputError } from './errors';
import { MAX_SERVERS, erlangBUnchecked, offeredLoadOf } from './erlang';
import { finiteResult, positive, requireInput, whole } from './validate';

/**
 * Most queue states {@link erlangA} walks. The queue settles around (λ − c·μ)/θ calls when the
 * load exceeds the servers, so very patient callers at an overload need very many states.
 */
export const MAX_ABANDONMENT_STATES = 5_000_000;

/** Inputs of {@link erlangA}. Use one time unit for all three rates (for example per second). */
export interface ErlangAInput {
  /** λ: calls arriving per time unit, > 0. */
  arrivalRate: number;
  /** μ: calls one server completes per time unit (1 / mean service time), > 0. */
  serviceRate: number;
  /** c: number of servers, a whole number ≥ 1. */
  servers: number;
  /** θ: 1 / mean patience. A waiting call gives up at this rate, > 0 (patience is exponential). */
  abandonmentRate: number;
}

/** Long-run figures of an M/M/c+M (Erlang A) queue. Times are in the time unit of the rates. */
export interface ErlangAResult {
  /** a = λ/μ, in Erlangs. */
  offeredLoad: number;
  /** Probability an arriving call finds every server busy and has to wait, in [0, 1]. */
  probabilityOfWait: number;
  /** Probability an arriving call gives up before its service starts, in [0, 1]. */
  probabilityOfAbandon: number;
  /** Mean wait before service of the calls that are served (FIFO). */
  meanWaitOfServed: number;
  /** Mean time in the queue over all arrivals, served or not: E[Q]/λ. */
  meanTimeInQueue: number;
  /** E[Q]: mean number waiting. */
  meanInQueue: number;
  /** Calls served per time unit: λ·(1 − probabilityOfAbandon). */
  throughput: number;
  /** Mean busy servers / c = throughput / (c·μ), in [0, 1]. */
  utilization: number;
}

/** Accumulators are scaled down together when a weight grows past this, so nothing overflows. */
const RESCALE_ABOVE = 1e250;
const RESCALE_BY = 1e-250;
/** The walk stops once what is left of every sum is below this share of the total. */
const TAIL = 1e-17;

/**
 * Erlang A (M/M/c+M, Palm's model): Poisson arrivals, exponential service, `servers` servers, an
 * unlimited FIFO queue, and callers who give up while waiting after an exponential patience with
 * mean 1/θ. Unlike Erlang C it is stable at any load: the longer the queue, the faster it sheds.
 *
 * Computed from the birth–death chain. States up to c are weighed relative to their own total,
 * which is 1, so state c weighs B = B(a, c) and the busy servers there total a·(1 − B). Each queue
 * state c + k then weighs the previous one times λ/(c·μ + k·θ); sums run until the rest cannot
 * matter. The wait of a served call uses FIFO: a call that finds j waiting is served with
 * probability c·μ/(c·μ + (j+1)·θ) after stages of mean 1/(c·μ + i·θ), i = 1…j+1.
 *
 * Example: λ = 8, μ = 1, c = 10, θ = 1 (mean patience equal to the mean service time).
 * @throws QueueingInputError on invalid input, or when the queue would need more than
 * {@link MAX_ABANDONMENT_STATES} states (callers far more patient than the overload allows).
 */
export function erlangA(input: ErlangAInput): ErlangAResult {
  // Source: O. Garnett, A. Mandelbaum and M. Reiman, "Designing a call center with impatient customers", MSOM 4(3), 2002.
  requireInput(input);
  const arrivalRate = positive('arrivalRate', input.arrivalRate);
  const serviceRate = positive('serviceRate', input.serviceRate);
  const servers = whole('servers', input.servers, 1, MAX_SERVERS);
  const abandonmentRate = positive('abandonmentRate', input.abandonmentRate);
  const offeredLoad = offeredLoadOf(arrivalRate, serviceRate);
  const capacity = servers * serviceRate;
  const blocking = erlangBUnchecked(offeredLoad, servers);

  let total = 1;
  let waiting = blocking;
  let inQueue = 0;
  // An arrival finding state c + j (j ≥ 0 waiting): served with probability cμ/(cμ + (j+1)θ),
  // after a wait of mean Σ_{i=1..j+1} 1/(cμ + iθ) given that it is served.
  let stages = 1 / (capacity + abandonmentRate);
  let servedProbability = capacity / (capacity + abandonmentRate);
  let servedWait = blocking * servedProbability * stages;
  let weight = blocking;
  for (let k = 1; ; k++) {
    if (k > MAX_ABANDONMENT_STATES) {
      throw new QueueingInputError(
        'abandonmentRate',
        `abandonmentRate is too small for this load: the queue would need more than ${MAX_ABANDONMENT_STATES.toLocaleString('en-US')} places to settle (got abandonmentRate ${abandonmentRate} with ${arrivalRate} arrivals against ${servers} × ${serviceRate}); try less patient callers or more servers`,
        abandonmentRate,
      );
    }
    const ratio = arrivalRate / (capacity + k * abandonmentRate);
    weight *= ratio;
    total += weight;
    waiting += weight;
    inQueue += k * weight;
    stages += 1 / (capacity + (k + 1) * abandonmentRate);
    servedProbability = capacity / (capacity + (k + 1) * abandonmentRate);
    servedWait += weight * servedProbability * stages;
    if (weight > RESCALE_ABOVE) {
      weight *= RESCALE_BY;
      total *= RESCALE_BY;
      waiting *= RESCALE_BY;
      inQueue *= RESCALE_BY;
      servedWait *= RESCALE_BY;
    }
    if (ratio < 1) {
      // Ratios only fall from here, so the rest of Σ m·w_m is at most w·(k·r/(1−r) + r/(1−r)²).
      const rest = (weight * (k * ratio + ratio / (1 - ratio))) / (1 - ratio);
      if (rest <= TAIL * total && weight <= TAIL * total) break;
    }
  }

  const meanInQueue = inQueue / total;
  const probabilityOfAbandon = Math.min(1, (abandonmentRate * meanInQueue) / arrivalRate);
  const served = 1 - probabilityOfAbandon;
  const throughput = arrivalRate * served;
  return finiteResult('arrivalRate', {
    offeredLoad,
    probabilityOfWait: Math.min(1, waiting / total),
    probabilityOfAbandon,
    meanWaitOfServed: served > 0 ? servedWait / total / served : 0,
    meanTimeInQueue: meanInQueue / arrivalRate,
    meanInQueue,
    throughput,
    utilization: Math.min(1, throughput / capacity),
  });
}
