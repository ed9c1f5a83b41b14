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

/** One class of {@link priorityWaits}, in priority order (the first is served first). */
export interface PriorityClassInput {
  /** λₖ: Poisson arrival rate of the class, calls per second. */
  arrivalRate: number;
  /** E[Sₖ]: mean service time, seconds. */
  meanService: number;
  /** E[Sₖ²]: second moment of the service time, seconds². */
  secondMoment: number;
}

/**
 * Mean queue waits of an M/G/1 queue with non-preemptive priority classes (Cobham's formula):
 * Wₖ = W₀ / ((1 − σₖ₋₁)(1 − σₖ)), with W₀ = Σ λᵢ·E[Sᵢ²]/2 the mean residual work a call finds in
 * service and σₖ = ρ₁ + … + ρₖ the load of class k and those above it. A call in service is
 * never interrupted; within a class calls are served in arrival order.
 *
 * Source: A. Cobham, "Priority assignment in waiting line problems", J. Oper. Res. Soc. Am. 2(1),
 * 1954; L. Kleinrock, Queueing Systems, Vol. 2 (1976), §3.6.
 * @returns the mean wait of each class, in the order given.
 */
export function priorityWaits(input: { classes: readonly PriorityClassInput[] }): number[] {
  requireInput(input);
  if (!Array.isArray(input.classes) || input.classes.length === 0) {
    throw new QueueingInputError('classes', 'classes must be a list of at least one class', input.classes);
  }
  const classes = input.classes.map((c, k) => {
    requireInput(c);
    const mean = positive(`classes[${k}].meanService`, c.meanService);
    const second = positive(`classes[${k}].secondMoment`, c.secondMoment);
    return { lambda: nonNegative(`classes[${k}].arrivalRate`, c.arrivalRate), mean, second };
  });
  const residual = classes.reduce((sum, c) => sum + (c.lambda * c.second) / 2, 0);
  const total = classes.reduce((sum, c) => sum + c.lambda * c.mean, 0);
  if (total >= 1) throw new QueueingUnstableError('classes', `the server is overloaded (ρ = ${total.toFixed(3)} ≥ 1): the lowest class waits without bound`, total);
  let above = 0;
  return classes.map((c) => {
    const including = above + c.lambda * c.mean;
    const wait = residual / ((1 - above) * (1 - including));
    above = including;
    return wait;
  });
}
