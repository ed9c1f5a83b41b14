import { deepEqual } from './equal';
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
  const expectation: Expectation = {
    ...createMatchers(actual, false, 'value'),
    not: createMatchers(actual, true, 'value'),
    rejects: createAsyncMatchers(actual, 'rejects'),
    resolves: createAsyncMatchers(actual, 'resolves'),
  };
  return hint === undefined ? expectation : withHint(expectation, hint);
}

function withHint(expectation: Expectation, hint: string): Expectation {
  const prefix = (error: unknown): unknown =>
    error instanceof AssertionError
      ? new AssertionError(`${hint}: ${error.message}`, {
          ...(error.expected === undefined ? {} : { expected: error.expected }),
          ...(error.actual === undefined ? {} : { actual: error.actual }),
        })
      : error;
  const wrapSync = (matchers: Matchers): Matchers => {
    const wrapped = {} as Record<string, unknown>;
    for (const [name, matcher] of Object.entries(matchers) as Array<[string, (...args: unknown[]) => void]>) {
      wrapped[name] = (...args: unknown[]) => {
        try {
          matcher(...args);
        } catch (error) {
          throw prefix(error);
        }
      };
    }
    return wrapped as unknown as Matchers;
  };
  const wrapAsync = (matchers: AsyncMatchers): AsyncMatchers => {
    const wrapped = {} as Record<string, unknown>;
    for (const [name, matcher] of Object.entries(matchers) as Array<[string, (...args: unknown[]) => Promise<void>]>) {
      wrapped[name] = (...args: unknown[]) =>
        matcher(...args).catch((error: unknown) => {
          throw prefix(error);
        });
    }
    return wrapped as unknown as AsyncMatchers;
  };
  const { not, rejects, resolves, ...direct } = expectation;
  return { ...wrapSync(direct), not: wrapSync(not), rejects: wrapAsync(rejects), resolves: wrapAsync(resolves) };
}

type Subject = 'value' | 'rejection';

function createMatchers(actual: unknown, negated: boolean, subject: Subject): Matchers {
  const not = negated ? 'not ' : '';
  const check = (pass: boolean, message: string, details: { expected?: string; actual?: string } = {}): void => {
    if (pass === negated) throw new AssertionError(message, details);
  };
  const numeric = (name: string, bound: number, compare: (value: number) => boolean): void => {
    if (typeof actual !== 'number' && typeof actual !== 'bigint') {
      throw new AssertionError(`${name} needs a number, but got ${formatValue(actual)}`, { actual: formatValue(actual) });
    }
    check(compare(Number(actual)), `Expected ${formatValue(actual)} ${not}to be ${name} ${formatValue(bound)}`, {
      expected: `${negated ? 'not ' : ''}${name} ${formatValue(bound)}`,
      actual: formatValue(actual),
    });
  };
  return {
    toBe(expected) {
      const hint =
        !negated && !objectIs(actual, expected) && deepEqual(actual, expected)
          ? ' (the values look the same but are different objects: use toEqual to compare contents)'
          : '';
      check(objectIs(actual, expected), `Expected ${formatValue(actual)} ${not}to be ${formatValue(expected)}${hint}`, {
        expected: formatValue(expected),
        actual: formatValue(actual),
      });
    },
    toEqual(expected) {
      check(deepEqual(actual, expected), `Expected ${formatValue(actual)} ${not}to equal ${formatValue(expected)}`, {
        expected: formatValue(expected),
        actual: formatValue(actual),
      });
    },
    toBeTruthy() {
      check(Boolean(actual), `Expected ${formatValue(actual)} ${not}to be truthy`, { actual: formatValue(actual) });
    },
    toBeFalsy() {
      check(!actual, `Expected ${formatValue(actual)} ${not}to be falsy`, { actual: formatValue(actual) });
    },
    toBeUndefined() {
      check(actual === undefined, `Expected ${formatValue(actual)} ${not}to be undefined`, {
        expected: 'undefined',
        actual: formatValue(actual),
      });
    },
    toBeDefined() {
      check(actual !== undefined, `Expected the value ${not}to be defined`, { actual: formatValue(actual) });
    },
    toBeNull() {
      check(actual === null, `Expected ${formatValue(actual)} ${not}to be null`, { expected: 'null', actual: formatValue(actual) });
    },
    toBeGreaterThan(bound) {
      numeric('greater than', bound, (value) => value > bound);
    },
    toBeGreaterThanOrEqual(bound) {
      numeric('greater than or equal to', bound, (value) => value >= bound);
    },
    toBeLessThan(bound) {
      numeric('less than', bound, (value) => value < bound);
    },
    toBeLessThanOrEqual(bound) {
      numeric('less than or equal to', bound, (value) => value <= bound);
    },
    toBeCloseTo(expected, digits = 2) {
      const tolerance = 10 ** -digits / 2;
      const pass = typeof actual === 'number' && Math.abs(actual - expected) < tolerance;
      check(pass, `Expected ${formatValue(actual)} ${not}to be within ${tolerance} of ${formatValue(expected)}`, {
        expected: formatValue(expected),
        actual: formatValue(actual),
      });
    },
    toContain(item) {
      let pass: boolean;
      if (typeof actual === 'string') pass = typeof item === 'string' && actual.includes(item);
      else if (Array.isArray(actual)) pass = actual.some((element) => objectIs(element, item));
      else throw new AssertionError(`toContain needs an array or a string, but got ${formatValue(actual)}`);
      check(pass, `Expected ${formatValue(actual)} ${not}to contain ${formatValue(item)}`, {
        expected: formatValue(item),
        actual: formatValue(actual),
      });
    },
    toHaveLength(length) {
      const actualLength = (actual as { length?: unknown } | null | undefined)?.length;
      check(actualLength === length, `Expected length ${formatValue(actualLength)} ${not}to be ${length}`, {
        expected: String(length),
        actual: formatValue(actualLength),
      });
    },
    toBeInstanceOf(constructor) {
      check(actual instanceof constructor, `Expected ${formatValue(actual)} ${not}to be an instance of ${constructor.name}`, {
        expected: constructor.name,
        actual: formatValue(actual),
      });
    },
    toMatch(pattern) {
      if (typeof actual !== 'string') throw new AssertionError(`toMatch needs a string, but got ${formatValue(actual)}`);
      const pass = typeof pattern === 'string' ? actual.includes(pattern) : pattern.test(actual);
      check(pass, `Expected ${formatValue(actual)} ${not}to match ${formatValue(pattern)}`, {
        expected: String(pattern),
        actual: formatValue(actual),
      });
    },
    toThrow(expectation) {
      let threw = false;
      let thrown: unknown;
      if (subject === 'rejection') {
        threw = true;
        thrown = actual;
      } else {
        if (typeof actual !== 'function') {
          throw new AssertionError(`toThrow needs a function to call, but got ${formatValue(actual)}`);
        }
        try {
          (actual as () => unknown)();
        } catch (error) {
          threw = true;
          thrown = error;
        }
      }
      const noun = subject === 'rejection' ? 'the promise' : 'the function';
      const verb = subject === 'rejection' ? 'reject' : 'throw';
      const wanted = `${noun} ${negated ? 'not ' : ''}to ${verb}${describeExpectation(expectation)}`;
      if (!threw) {
        check(false, `Expected ${wanted}, but it did not`, { expected: expectationLabel(expectation), actual: 'no error' });
        return;
      }
      check(matchesThrown(thrown, expectation), `Expected ${wanted}, but it ${subject === 'rejection' ? 'rejected with' : 'threw'} ${describeThrown(thrown)}`, {
        expected: `${negated ? 'not ' : ''}${expectationLabel(expectation)}`,
        actual: describeThrown(thrown),
      });
    },
  };
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

function createAsyncMatchers(promise: unknown, mode: 'rejects' | 'resolves'): AsyncMatchers {
  const settle = async (): Promise<{ rejected: boolean; value: unknown }> => {
    if (!(promise instanceof Promise) && typeof (promise as { then?: unknown } | null)?.then !== 'function') {
      throw new AssertionError(`expect(…).${mode} needs a promise, but got ${formatValue(promise)}`);
    }
    try {
      return { rejected: false, value: await promise };
    } catch (reason) {
      return { rejected: true, value: reason };
    }
  };
  const names = Object.keys(createMatchers(undefined, false, 'value')) as Array<keyof Matchers>;
  const matchers = {} as Record<keyof Matchers, (...args: unknown[]) => Promise<void>>;
  for (const name of names) {
    matchers[name] = async (...args: unknown[]) => {
      const outcome = await settle();
      if (mode === 'rejects' && !outcome.rejected) {
        throw new AssertionError(`Expected the promise to reject, but it resolved with ${formatValue(outcome.value)}`, {
          expected: 'a rejection',
          actual: `resolved with ${formatValue(outcome.value)}`,
        });
      }
      if (mode === 'resolves' && outcome.rejected) {
        throw new AssertionError(`Expected the promise to resolve, but it rejected with ${describeThrown(outcome.value)}`, {
          expected: 'a resolved value',
          actual: `rejected with ${describeThrown(outcome.value)}`,
        });
      }
      const target = createMatchers(outcome.value, false, mode === 'rejects' ? 'rejection' : 'value');
      (target[name] as (...matcherArgs: unknown[]) => void)(...args);
    };
  }
  return matchers as unknown as AsyncMatchers;
}
