import { AssertionError } from './expect';
import { describeThrown } from './format';

/** An error thrown by code under test during a named step of a test. */
export class StepError extends Error {
  /** What the test was doing, e.g. "calling run() the 3rd time". */
  readonly step: string;
  /** What was thrown. */
  readonly thrown: unknown;

  constructor(step: string, thrown: unknown) {
    super(`while ${step}: ${describeThrown(thrown)}`);
    this.name = 'StepError';
    this.step = step;
    this.thrown = thrown;
  }
}

/**
 * Runs one step of a test and names it if the code under test throws, so a failure reads
 * "Threw while calling run() the 3rd time: BulkheadRejectedError(…)" instead of a bare error.
 * Failed expectations pass through unchanged. Works for synchronous and async steps.
 * @param step - what the test is doing, in a few words: "calling run() the 3rd time".
 * @param fn - the step.
 * @example const result = await during('calling run() the 3rd time', () => bulkhead.run(task.fn));
 */
export function during<T>(step: string, fn: () => T): T {
  const wrap = (error: unknown): never => {
    if (error instanceof AssertionError || error instanceof StepError) throw error;
    throw new StepError(step, error);
  };
  let value: T;
  try {
    value = fn();
  } catch (error) {
    return wrap(error);
  }
  if (value instanceof Promise) return value.catch(wrap) as T;
  return value;
}
