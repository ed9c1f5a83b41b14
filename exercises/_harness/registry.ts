import { AssertionError } from './expect';
import { collectFailures } from './failures';
import { StepError } from './step';
import { describeThrown } from './format';

/** How one test ended. */
export type TestStatus = 'passed' | 'failed' | 'timed-out';

/** The outcome of one test, as reported to the runner. */
export interface HarnessTestResult {
  /** Full name: the describe titles and the test title, joined with " › ". */
  name: string;
  /** Which test file the test came from, e.g. "visible" or "hidden". */
  suite: string;
  /** How the test ended. */
  status: TestStatus;
  /** Why it failed or timed out; absent when it passed. */
  message?: string;
  /** The formatted expected value of a failed expectation, when there is one. */
  expected?: string;
  /** The formatted actual value of a failed expectation, when there is one. */
  actual?: string;
  /** Wall-clock duration in milliseconds (not virtual time). */
  durationMs: number;
}

/** Per-test options. */
export interface TestOptions {
  /** Wall-clock milliseconds before the test ends as timed-out (default: the runner's, 2000 ms). */
  timeoutMs?: number;
}

interface TestCase {
  name: string;
  suite: string;
  fn: () => unknown;
  timeoutMs: number | undefined;
}

// Captured when the harness loads, before any submission code runs, so a submission that replaces
// the global timers cannot stop a test from timing out.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const realNow: () => number =
  typeof globalThis.performance?.now === 'function'
    ? globalThis.performance.now.bind(globalThis.performance)
    : Date.now;

const state = {
  collectingSuite: undefined as string | undefined,
  titles: [] as string[],
  cases: [] as TestCase[],
  names: new Set<string>(),
  running: undefined as { uncaught: unknown[]; failures: unknown[] } | undefined,
  /** Errors thrown while no test was running; the next test fails with them. */
  stray: [] as unknown[],
};

/**
 * Groups tests under a title. `body` runs at once and must be synchronous.
 * @param title - the unit being described, e.g. "Bulkhead.run".
 */
export function describe(title: string, body: () => void): void {
  assertCollecting('describe');
  state.titles.push(title);
  try {
    const returned: unknown = body();
    if (returned instanceof Promise) {
      throw new Error(`describe("${title}") got an async body: declare tests synchronously and make the test bodies async instead`);
    }
  } finally {
    state.titles.pop();
  }
}

/**
 * Declares a test. `fn` may be async; the test passes when it returns (or its promise fulfils)
 * without a failed expectation.
 * @param title - a present-tense behaviour sentence, e.g. "rejects a call when every permit is taken".
 */
export function test(title: string, fn: () => unknown, options: TestOptions = {}): void {
  const suite = assertCollecting('test');
  const base = [...state.titles, title].join(' › ');
  let name = base;
  for (let copy = 2; state.names.has(name); copy += 1) name = `${base} (${copy})`;
  state.names.add(name);
  state.cases.push({ name, suite, fn, timeoutMs: options.timeoutMs });
}

/** Same as `test`. */
export const it = test;

function assertCollecting(what: string): string {
  if (state.collectingSuite === undefined) {
    throw new Error(`${what}() can only be called while a test file is loading`);
  }
  return state.collectingSuite;
}

/** Starts collecting tests from one test file; `suite` labels them ("visible", "hidden"). */
export function beginCollection(suite: string): void {
  state.collectingSuite = suite;
  state.titles = [];
}

/** Stops collecting; later `describe`/`test` calls throw. */
export function endCollection(): void {
  state.collectingSuite = undefined;
  state.titles = [];
}

/** The tests collected so far, in declaration order. */
export function collectedTests(): Array<{ name: string; suite: string }> {
  return state.cases.map(({ name, suite }) => ({ name, suite }));
}

/**
 * Records an error thrown outside any promise chain (for example inside a timer callback) so the
 * test that is running fails with it. An error thrown between tests fails the next test.
 */
export function reportUncaught(error: unknown): void {
  if (state.running === undefined) state.stray.push(error);
  else state.running.uncaught.push(error);
}

/** Options for `runCollected`. */
export interface RunCollectedOptions {
  /** Wall-clock limit per test unless the test sets its own (milliseconds). */
  defaultTimeoutMs: number;
  /** Called just before a test starts. */
  onTestStart?: (name: string) => void;
  /** Called with each result as soon as it is known; may replace the result (e.g. to fail it). */
  onTestResult?: (result: HarnessTestResult) => HarnessTestResult | void;
  /** Checked before each test; when it returns a message, the remaining tests fail with it. */
  stopReason?: () => string | undefined;
}

type Outcome = { kind: 'passed' } | { kind: 'threw'; error: unknown } | { kind: 'timed-out'; timeoutMs: number };

/** Runs the collected tests one after another and returns their results in order. */
export async function runCollected(options: RunCollectedOptions): Promise<HarnessTestResult[]> {
  const results: HarnessTestResult[] = [];
  for (const testCase of state.cases) {
    const stop = options.stopReason?.();
    let result: HarnessTestResult;
    if (stop !== undefined) {
      result = { name: testCase.name, suite: testCase.suite, status: 'failed', message: stop, durationMs: 0 };
    } else {
      options.onTestStart?.(testCase.name);
      const started = realNow();
      const running = { uncaught: [] as unknown[], failures: [] as unknown[] };
      const stray = state.stray;
      state.stray = [];
      state.running = running;
      collectFailures(running.failures);
      const outcome = await runOne(testCase, testCase.timeoutMs ?? options.defaultTimeoutMs);
      const durationMs = Math.max(0, Math.round((realNow() - started) * 100) / 100);
      // One macrotask turn, so an error thrown by a timer the test scheduled with no delay is
      // charged to this test rather than the next one.
      await new Promise<void>((resolve) => realSetTimeout(resolve, 0));
      state.running = undefined;
      collectFailures(undefined);
      result = toResult(testCase, outcome, running, stray, durationMs);
    }
    const replaced = options.onTestResult?.(result);
    results.push(replaced ?? result);
  }
  return results;
}

function runOne(testCase: TestCase, timeoutMs: number): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    let finished = false;
    const finish = (outcome: Outcome): void => {
      if (finished) return;
      finished = true;
      realClearTimeout(timer);
      resolve(outcome);
    };
    const timer = realSetTimeout(() => finish({ kind: 'timed-out', timeoutMs }), timeoutMs);
    try {
      const returned = testCase.fn();
      Promise.resolve(returned).then(
        () => finish({ kind: 'passed' }),
        (error: unknown) => finish({ kind: 'threw', error }),
      );
    } catch (error) {
      finish({ kind: 'threw', error });
    }
  });
}

function toResult(testCase: TestCase, outcome: Outcome, running: { uncaught: unknown[]; failures: unknown[] }, stray: unknown[], durationMs: number): HarnessTestResult {
  const { uncaught, failures } = running;
  const base = { name: testCase.name, suite: testCase.suite, durationMs };
  if (outcome.kind === 'timed-out') {
    return {
      ...base,
      status: 'timed-out',
      message: `Did not finish within ${outcome.timeoutMs} ms: something awaited a promise that never settled`,
    };
  }
  if (outcome.kind === 'threw') {
    const error = outcome.error;
    if (error instanceof AssertionError) {
      const result: HarnessTestResult = { ...base, status: 'failed', message: error.message };
      if (error.expected !== undefined) result.expected = error.expected;
      if (error.actual !== undefined) result.actual = error.actual;
      return result;
    }
    if (error instanceof StepError) return { ...base, status: 'failed', message: `Threw ${error.message}` };
    return { ...base, status: 'failed', message: `Threw ${describeThrown(error)}` };
  }
  const swallowed = failures[0];
  if (swallowed instanceof AssertionError) {
    const result: HarnessTestResult = {
      ...base,
      status: 'failed',
      message: `${swallowed.message} (this failed expectation was caught before it reached the test: code under test must let errors from the functions it is given propagate)`,
    };
    if (swallowed.expected !== undefined) result.expected = swallowed.expected;
    if (swallowed.actual !== undefined) result.actual = swallowed.actual;
    return result;
  }
  if (uncaught.length > 0) {
    return { ...base, status: 'failed', message: `An error was thrown outside the test's promises (in a timer or callback?): ${describeThrown(uncaught[0])}` };
  }
  if (stray.length > 0) {
    return { ...base, status: 'failed', message: `An error was thrown in a timer or callback after the previous test ended: ${describeThrown(stray[0])}` };
  }
  return { ...base, status: 'passed' };
}
