import { QueueingInputError, QueueingUnstableError } from './errors';
import { finiteResult, nonNegative, positive, requireInput } from './validate';

/** Inputs of {@link pollaczekKhinchine}. */
export interface PollaczekKhinchineInput {
  /** λ: Poisson arrival rate, calls per second. */
  arrivalRate: number;
  /** E[S]: mean service time, seconds. */
  meanService: number;
  /** E[S²]: second moment of the service time, seconds² (variance + mean²; ≥ mean²). */
  secondMoment: number;
}

/** Result of {@link pollaczekKhinchine}. */
export interface PollaczekKhinchineResult {
  /** ρ = λ·E[S]. */
  readonly utilisation: number;
  /** Mean wait in the queue, Wq = λ·E[S²] / (2(1 − ρ)), seconds. */
  readonly meanWait: number;
  /** Mean time in the system, Wq + E[S], seconds. */
  readonly meanTimeInSystem: number;
}

/**
 * The Pollaczek–Khinchine mean-value formula for one FIFO server with Poisson arrivals and any
 * service-time distribution with a finite variance (M/G/1, unlimited queue). A heavy tail raises
 * E[S²] and so the wait, even at the same mean: the waiting time depends on the variance, unlike
 * loss-system blocking (Erlang B), which depends only on the mean.
 *
 * Source: L. Kleinrock, Queueing Systems, Vol. 1 (1975), §5.6.
 */
export function pollaczekKhinchine(input: PollaczekKhinchineInput): PollaczekKhinchineResult {
  requireInput(input);
  const lambda = nonNegative('arrivalRate', input.arrivalRate);
  const mean = positive('meanService', input.meanService);
  const second = positive('secondMoment', input.secondMoment);
  if (second < mean * mean * (1 - 1e-12)) {
    throw new QueueingInputError('secondMoment', `secondMoment must be at least meanService² = ${mean * mean} (a variance cannot be negative) (got ${second})`, second);
  }
  const utilisation = lambda * mean;
  if (utilisation >= 1) throw new QueueingUnstableError('arrivalRate', `the server is overloaded (ρ = λ·E[S] = ${utilisation.toFixed(3)} ≥ 1): the queue grows without bound`, utilisation);
  const meanWait = (lambda * second) / (2 * (1 - utilisation));
  return finiteResult('pollaczekKhinchine', { utilisation, meanWait, meanTimeInSystem: meanWait + mean });
}
