import { deepEqual } from './equal';
import { noteFailure } from './failures';
import { describeThrown, formatValue } from './format';

/** A failed expectation. `expected` and `actual` are already formatted for people. */
export class AssertionError extends Error {
  /** The formatted expected value, when the matcher has one. */
  readonly expected: string | undefined;
  /** The formatted actual value, when the matcher has one. */
  readonly actual: string | undefined;

  constructor(message: string, details: { expected?: string; actual?: string } = {}) {
    super(message);
    this.name = 'AssertionError';
    this.expected = details.expected;
    this.actual = details.actual;
  }
}

/** What `toThrow` accepts: nothing (any throw), a message fragment, a pattern, or an error class. */
export type ThrowExpectation = string | RegExp | (abstract new (...args: never[]) => unknown);

/** The matchers every `expect(value)` offers. */
export interface Matchers {
  /** Passes when `actual` is `expected` by `Object.is` (same primitive or same object). */
  toBe(expected: unknown): void;
  /** Passes when `actual` is structurally equal to `expected` (see `deepEqual`). */
  toEqual(expected: unknown): void;
  /** Passes when `actual` is truthy. */
  toBeTruthy(): void;
  /** Passes when `actual` is falsy. */
  toBeFalsy(): void;
  /** Passes when `actual` is `undefined`. */
  toBeUndefined(): void;
  /** Passes when `actual` is not `undefined`. */
  toBeDefined(): void;
  /** Passes when `actual` is `null`. */
  toBeNull(): void;
  /** Passes when `actual` is a number greater than `bound`. */
  toBeGreaterThan(bound: number): void;
  /** Passes when `actual` is a number greater than or equal to `bound`. */
  toBeGreaterThanOrEqual(bound: number): void;
  /** Passes when `actual` is a number less than `bound`. */
  toBeLessThan(bound: number): void;
  /** Passes when `actual` is a number less than or equal to `bound`. */
  toBeLessThanOrEqual(bound: number): void;
  /** Passes when `actual` is within `10^-digits / 2` of `expected` (default 2 digits). */
  toBeCloseTo(expected: number, digits?: number): void;
  /** Passes when `actual` (an array or a string) contains `item` (array items by `Object.is`). */
  toContain(item: unknown): void;
  /** Passes when `actual.length` is `length`. */
  toHaveLength(length: number): void;
  /** Passes when `actual` is an instance of `constructor`. */
  toBeInstanceOf(constructor: abstract new (...args: never[]) => unknown): void;
  /** Passes when `actual` is a string matching `pattern` (a RegExp or a fragment). */
  toMatch(pattern: RegExp | string): void;
  /** Passes when `actual` is a function that throws, matching `expectation` if given. */
  toThrow(expectation?: ThrowExpectation): void;
}

/** Matchers that settle a promise first; each returns a promise to `await`. */
export type AsyncMatchers = { [K in keyof Matchers]: (...args: Parameters<Matchers[K]>) => Promise<void> };

/** The object `expect(value)` returns. */
export interface Expectation extends Matchers {
  /** The same matchers, negated. */
  readonly not: Matchers;
  /** Awaits `value` (a promise) and applies the matcher to its rejection reason; fails if it resolves. */
  readonly rejects: AsyncMatchers;
  /** Awaits `value` (a promise) and applies the matcher to its result; fails if it rejects. */
  readonly resolves: AsyncMatchers;
}

const objectIs = Object.is;

/**
 * Starts an expectation about `actual`.
 * @param actual - the value under test.
 * @param hint - optional words put in front of the failure message, e.g. "the third call".
 * @example expect(pool.active, 'active while two calls run').toBe(2)
 * @example await expect(bulkhead.run(task)).rejects.toThrow(BulkheadRejectedError)
 */
export function expect(actual: unknown, hint?: string): Expectation {
  return new ExpectationImpl(actual, hint);
}

type Subject = 'value' | 'rejection';
type Details = { expected?: string; actual?: string };

/**
 * The matchers on one value. Property tests call `expect` thousands of times per run, so the
 * matchers live on the prototype, `not` / `rejects` / `resolves` are made only when read, and a
 * failure message is formatted only when the matcher fails.
 */
class MatcherSet implements Matchers {
  protected readonly actual: unknown;
  private readonly negated: boolean;
  private readonly subject: Subject;
  protected readonly hint: string | undefined;

  constructor(actual: unknown, negated: boolean, subject: Subject, hint: string | undefined) {
    this.actual = actual;
    this.negated = negated;
    this.subject = subject;
    this.hint = hint;
  }

  /** A failure, with the hint (if any) in front of the message. */
  protected failure(message: string, details: Details = {}): AssertionError {
    const error = new AssertionError(this.hint === undefined ? message : `${this.hint}: ${message}`, details);
    noteFailure(error);
    return error;
  }

  /** Throws the failure `describe` builds unless `pass` (or its negation) holds. */
  private check(pass: boolean, describe: (not: string) => [string, Details?]): void {
    if (pass !== this.negated) return;
    const [message, details] = describe(this.negated ? 'not ' : '');
    throw this.failure(message, details);
  }

  private numeric(name: string, bound: number, compare: (value: number) => boolean): void {
    const actual = this.actual;
    if (typeof actual !== 'number' && typeof actual !== 'bigint') {
      throw this.failure(`${name} needs a number, but got ${formatValue(actual)}`, { actual: formatValue(actual) });
    }
    this.check(compare(Number(actual)), (not) => [
      `Expected ${formatValue(actual)} ${not}to be ${name} ${formatValue(bound)}`,
      { expected: `${not}${name} ${formatValue(bound)}`, actual: formatValue(actual) },
    ]);
  }

  toBe(expected: unknown): void {
    const actual = this.actual;
    this.check(objectIs(actual, expected), (not) => {
      const hint =
        not === '' && deepEqual(actual, expected) ? ' (the values look the same but are different objects: use toEqual to compare contents)' : '';
      return [`Expected ${formatValue(actual)} ${not}to be ${formatValue(expected)}${hint}`, { expected: formatValue(expected), actual: formatValue(actual) }];
    });
  }

  toEqual(expected: unknown): void {
    const actual = this.actual;
    this.check(deepEqual(actual, expected), (not) => [
      `Expected ${formatValue(actual)} ${not}to equal ${formatValue(expected)}`,
      { expected: formatValue(expected), actual: formatValue(actual) },
    ]);
  }

  toBeTruthy(): void {
    const actual = this.actual;
    this.check(Boolean(actual), (not) => [`Expected ${formatValue(actual)} ${not}to be truthy`, { actual: formatValue(actual) }]);
  }

  toBeFalsy(): void {
    const actual = this.actual;
    this.check(!actual, (not) => [`Expected ${formatValue(actual)} ${not}to be falsy`, { actual: formatValue(actual) }]);
  }

  toBeUndefined(): void {
    const actual = this.actual;
    this.check(actual === undefined, (not) => [`Expected ${formatValue(actual)} ${not}to be undefined`, { expected: 'undefined', actual: formatValue(actual) }]);
  }

  toBeDefined(): void {
    const actual = this.actual;
    this.check(actual !== undefined, (not) => [`Expected the value ${not}to be defined`, { actual: formatValue(actual) }]);
  }

  toBeNull(): void {
    const actual = this.actual;
    this.check(actual === null, (not) => [`Expected ${formatValue(actual)} ${not}to be null`, { expected: 'null', actual: formatValue(actual) }]);
  }

  toBeGreaterThan(bound: number): void {
    this.numeric('greater than', bound, (value) => value > bound);
  }

  toBeGreaterThanOrEqual(bound: number): void {
    this.numeric('greater than or equal to', bound, (value) => value >= bound);
  }

  toBeLessThan(bound: number): void {
    this.numeric('less than', bound, (value) => value < bound);
  }

  toBeLessThanOrEqual(bound: number): void {
    this.numeric('less than or equal to', bound, (value) => value <= bound);
  }

  toBeCloseTo(expected: number, digits = 2): void {
    const actual = this.actual;
    const tolerance = 10 ** -digits / 2;
    const pass = typeof actual === 'number' && Math.abs(actual - expected) < tolerance;
    this.check(pass, (not) => [
      `Expected ${formatValue(actual)} ${not}to be within ${tolerance} of ${formatValue(expected)}`,
      { expected: formatValue(expected), actual: formatValue(actual) },
    ]);
  }

  toContain(item: unknown): void {
    const actual = this.actual;
    let pass: boolean;
    if (typeof actual === 'string') pass = typeof item === 'string' && actual.includes(item);
    else if (Array.isArray(actual)) pass = actual.some((element) => objectIs(element, item));
    else throw this.failure(`toContain needs an array or a string, but got ${formatValue(actual)}`);
    this.check(pass, (not) => [`Expected ${formatValue(actual)} ${not}to contain ${formatValue(item)}`, { expected: formatValue(item), actual: formatValue(actual) }]);
  }

  toHaveLength(length: number): void {
    const actualLength = (this.actual as { length?: unknown } | null | undefined)?.length;
    this.check(actualLength === length, (not) => [
      `Expected length ${formatValue(actualLength)} ${not}to be ${length}`,
      { expected: String(length), actual: formatValue(actualLength) },
    ]);
  }

  toBeInstanceOf(constructor: abstract new (...args: never[]) => unknown): void {
    const actual = this.actual;
    this.check(actual instanceof constructor, (not) => [
      `Expected ${formatValue(actual)} ${not}to be an instance of ${constructor.name}`,
      { expected: constructor.name, actual: formatValue(actual) },
    ]);
  }

  toMatch(pattern: RegExp | string): void {
    const actual = this.actual;
    if (typeof actual !== 'string') throw this.failure(`toMatch needs a string, but got ${formatValue(actual)}`);
    const pass = typeof pattern === 'string' ? actual.includes(pattern) : pattern.test(actual);
    this.check(pass, (not) => [`Expected ${formatValue(actual)} ${not}to match ${formatValue(pattern)}`, { expected: String(pattern), actual: formatValue(actual) }]);
  }

  toThrow(expectation?: ThrowExpectation): void {
    let threw = false;
    let thrown: unknown;
    const rejection = this.subject === 'rejection';
    if (rejection) {
      threw = true;
      thrown = this.actual;
    } else {
      if (typeof this.actual !== 'function') {
        throw this.failure(`toThrow needs a function to call, but got ${formatValue(this.actual)}`);
      }
      try {
        (this.actual as () => unknown)();
      } catch (error) {
        threw = true;
        thrown = error;
      }
    }
    const wanted = (not: string): string => `${rejection ? 'the promise' : 'the function'} ${not}to ${rejection ? 'reject' : 'throw'}${describeExpectation(expectation)}`;
    if (!threw) {
      this.check(false, (not) => [`Expected ${wanted(not)}, but it did not`, { expected: expectationLabel(expectation), actual: 'no error' }]);
      return;
    }
    this.check(matchesThrown(thrown, expectation), (not) => [
      `Expected ${wanted(not)}, but it ${rejection ? 'rejected with' : 'threw'} ${describeThrown(thrown)}`,
      { expected: `${not}${expectationLabel(expectation)}`, actual: describeThrown(thrown) },
    ]);
  }
}

class ExpectationImpl extends MatcherSet implements Expectation {
  constructor(actual: unknown, hint: string | undefined) {
    super(actual, false, 'value', hint);
  }

  get not(): Matchers {
    return new MatcherSet(this.actual, true, 'value', this.hint);
  }

  get rejects(): AsyncMatchers {
    return createAsyncMatchers(this.actual, 'rejects', this.hint);
  }

  get resolves(): AsyncMatchers {
    return createAsyncMatchers(this.actual, 'resolves', this.hint);
  }
}

function matchesThrown(thrown: unknown, expectation: ThrowExpectation | undefined): boolean {
  if (expectation === undefined) return true;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  if (typeof expectation === 'string') return message.includes(expectation);
  if (expectation instanceof RegExp) return expectation.test(message);
  return thrown instanceof expectation;
}

function describeExpectation(expectation: ThrowExpectation | undefined): string {
  if (expectation === undefined) return '';
  if (typeof expectation === 'string') return ` an error whose message contains ${JSON.stringify(expectation)}`;
  if (expectation instanceof RegExp) return ` an error whose message matches ${String(expectation)}`;
  return ` a ${expectation.name}`;
}

function expectationLabel(expectation: ThrowExpectation | undefined): string {
  if (expectation === undefined) return 'an error';
  if (typeof expectation === 'string' || expectation instanceof RegExp) return formatValue(expectation);
  return expectation.name;
}

/** Every matcher name, for building the promise-settling versions. */
const MATCHER_NAMES = Object.getOwnPropertyNames(MatcherSet.prototype).filter(
  (name) => name.startsWith('to') && typeof (MatcherSet.prototype as unknown as Record<string, unknown>)[name] === 'function',
) as Array<keyof Matchers>;

function createAsyncMatchers(promise: unknown, mode: 'rejects' | 'resolves', hint: string | undefined): AsyncMatchers {
  const failure = (message: string, details: Details = {}): AssertionError => {
    const error = new AssertionError(hint === undefined ? message : `${hint}: ${message}`, details);
    noteFailure(error);
    return error;
  };
  const settle = async (): Promise<{ rejected: boolean; value: unknown }> => {
    if (!(promise instanceof Promise) && typeof (promise as { then?: unknown } | null)?.then !== 'function') {
      throw failure(`expect(…).${mode} needs a promise, but got ${formatValue(promise)}`);
    }
    try {
      return { rejected: false, value: await promise };
    } catch (reason) {
      return { rejected: true, value: reason };
    }
  };
  const matchers = {} as Record<keyof Matchers, (...args: unknown[]) => Promise<void>>;
  for (const name of MATCHER_NAMES) {
    matchers[name] = async (...args: unknown[]) => {
      const outcome = await settle();
      if (mode === 'rejects' && !outcome.rejected) {
        throw failure(`Expected the promise to reject, but it resolved with ${formatValue(outcome.value)}`, {
          expected: 'a rejection',
          actual: `resolved with ${formatValue(outcome.value)}`,
        });
      }
      if (mode === 'resolves' && outcome.rejected) {
        throw failure(`Expected the promise to resolve, but it rejected with ${describeThrown(outcome.value)}`, {
          expected: 'a resolved value',
          actual: `rejected with ${describeThrown(outcome.value)}`,
        });
      }
      const target = new MatcherSet(outcome.value, false, mode === 'rejects' ? 'rejection' : 'value', hint);
      (target[name] as (...matcherArgs: unknown[]) => void)(...args);
    };
  }
  return matchers as unknown as AsyncMatchers;
}
