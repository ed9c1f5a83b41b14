/**
 * Beyond the list: attacks on the objects a test hands to learner code. A failed
 * expectation inside a callback used to vanish when learner code caught it; a virtual clock's
 * methods could be replaced by the code under test. Both now fail the test.
 */
import { describe, expect, test } from 'vitest';
import { fixtureBundle } from '../unit/runners/fixture';
import * as attack from './attacks';
import { grade } from './grade-attack';

describe('attacks on what a test hands to learner code', () => {
  const swallowTests = {
    visible: [
      "import { describe, expect, test } from '../../_harness';",
      "import { answer } from '../start/answer';",
      "describe('callbacks', () => {",
      "  test('the callback sees 42', () => { answer(() => { expect(41).toBe(42); }); });",
      '});',
    ].join('\n'),
  };
  const clockTests = {
    visible: [
      "import { createClock, describe, expect, test } from '../../_harness';",
      "import { watch } from '../start/answer';",
      "describe('clock', () => {",
      "  test('fires only once time has passed', async () => {",
      '    const clock = createClock();',
      '    const state = watch(clock);',
      '    expect(state.fired).toBe(false);',
      '    await clock.advance(100);',
      '    expect(state.fired).toBe(true);',
      '  });',
      '});',
    ].join('\n'),
  };

  test('a failed expectation inside a callback fails the test even when learner code catches it', async () => {
    const result = await grade(await fixtureBundle({ tests: swallowTests }), 'answer.ts', attack.SWALLOW_CALLBACK);
    expect(result.ok).toBe(false);
    expect(result.tests[0]?.message).toMatch(/caught before it reached the test/);
  }, 30_000);

  test('the virtual clock is frozen: learner code cannot replace the method the test calls', async () => {
    const result = await grade(await fixtureBundle({ tests: clockTests }), 'answer.ts', attack.REPLACE_CLOCK_METHOD);
    expect(result.ok).toBe(false);
    expect(result.tests[0]?.message).toMatch(/read[- ]only|Cannot assign/i);
  }, 30_000);
});
