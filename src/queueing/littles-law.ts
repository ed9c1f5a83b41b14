import { QueueingInputError } from './errors';
import { finiteResult, nonNegative, requireInput } from './validate';

/**
 * Any two of the three Little's-law quantities. Use one time unit throughout: if `arrivalRate` is
 * per second, `timeInSystem` is in seconds.
 */
export interface LittlesLawInput {
  /** L: mean number of calls in the system (in flight), a count ≥ 0. */
  inSystem?: number | undefined;
  /** λ: mean arrival (or completion) rate, calls per time unit, ≥ 0. */
  arrivalRate?: number | undefined;
  /** W: mean time a call spends in the system, in the time unit of `arrivalRate`, ≥ 0. */
  timeInSystem?: number | undefined;
}

/** All three Little's-law quantities, with the one that was derived named in `solvedFor`. */
export interface LittlesLawResult {
  /** L: mean number in the system (count). */
  inSystem: number;
  /** λ: calls per time unit. */
  arrivalRate: number;
  /** W: mean time in the system, in the time unit of `arrivalRate`. */
  timeInSystem: number;
  /** Which quantity was computed from the other two. */
  solvedFor: 'inSystem' | 'arrivalRate' | 'timeInSystem';
}

/**
 * Little's law, L = λ·W: give exactly two of `inSystem`, `arrivalRate`, `timeInSystem` and get the
 * third. Example: 100 calls/s × 0.2 s = 20 calls in flight.
 *
 * Holds for any stable system in the long run, whatever the arrival and service distributions.
 * @throws QueueingInputError unless exactly two inputs are given, or when the divisor is 0.
 */
export function littlesLaw(input: LittlesLawInput): LittlesLawResult {
  requireInput(input);
  const given = (['inSystem', 'arrivalRate', 'timeInSystem'] as const).filter((key) => input[key] !== undefined);
  if (given.length !== 2) {
    throw new QueueingInputError(
      'input',
      `give exactly two of inSystem, arrivalRate and timeInSystem (got ${given.length === 0 ? 'none' : given.join(', ')})`,
      input,
    );
  }
  // Source: J. D. C. Little, "A proof for the queuing formula L = λW", Operations Research 9(3), 1961.
  if (input.inSystem === undefined) {
    const arrivalRate = nonNegative('arrivalRate', input.arrivalRate);
    const timeInSystem = nonNegative('timeInSystem', input.timeInSystem);
    return finiteResult<LittlesLawResult>('input', { inSystem: arrivalRate * timeInSystem, arrivalRate, timeInSystem, solvedFor: 'inSystem' });
  }
  const inSystem = nonNegative('inSystem', input.inSystem);
  if (input.arrivalRate === undefined) {
    const timeInSystem = nonNegative('timeInSystem', input.timeInSystem);
    if (timeInSystem === 0) {
      throw new QueueingInputError('timeInSystem', 'timeInSystem must be greater than 0 to derive arrivalRate (got 0)', 0);
    }
    return finiteResult<LittlesLawResult>('input', { inSystem, arrivalRate: inSystem / timeInSystem, timeInSystem, solvedFor: 'arrivalRate' });
  }
  const arrivalRate = nonNegative('arrivalRate', input.arrivalRate);
  if (arrivalRate === 0) {
    throw new QueueingInputError('arrivalRate', 'arrivalRate must be greater than 0 to derive timeInSystem (got 0)', 0);
  }
  return finiteResult<LittlesLawResult>('input', { inSystem, arrivalRate, timeInSystem: inSystem / arrivalRate, solvedFor: 'timeInSystem' });
}
