/**
 * The test API every exercise test imports: `describe`/`test`/`expect`, a virtual clock, helpers
 * for promises and tasks, and a seeded random generator for property checks. It uses only
 * standard JavaScript, so the same tests run in Node, a Web Worker and a WebContainer.
 */
export { describe, it, test, type TestOptions } from './registry';
export { AssertionError, expect, type AsyncMatchers, type Expectation, type Matchers, type ThrowExpectation } from './expect';
export { createClock, type TimerHandle, type VirtualClock } from './clock';
export {
  createConcurrencyProbe,
  createTask,
  deferred,
  flushMicrotasks,
  track,
  type ConcurrencyProbe,
  type ControlledTask,
  type Deferred,
  type TrackedPromise,
} from './async';
export { createRandom, forEachSeed, type SeededRandom } from './random';
export { during, StepError } from './step';
export { describeThrown, formatValue } from './format';
