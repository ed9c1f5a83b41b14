import { readHarness } from '../../../src/runners/exercise-files';
import type { ExerciseBundle } from '../../../src/runners/types';

/** A tiny exercise: the learner exports `answer()`, which must return 42. */
export async function fixtureBundle(overrides: Partial<ExerciseBundle> = {}): Promise<ExerciseBundle> {
  return {
    id: 'fixture',
    timeLimitMs: 5000,
    files: ['answer.ts'],
    start: { 'answer.ts': 'export function answer(): number {\n  return 0;\n}\n' },
    tests: {
      visible: [
        "import { describe, expect, test } from '../../_harness';",
        "import { answer } from '../start/answer';",
        "describe('answer', () => {",
        "  test('returns 42', () => { expect(answer()).toBe(42); });",
        "  test('returns 42 after a tick', async () => { await Promise.resolve(); expect(answer()).toBe(42); });",
        '});',
      ].join('\n'),
      hidden: [
        "import { describe, expect, test } from '../../_harness';",
        "import { answer } from '../start/answer';",
        "describe('answer (hidden)', () => {",
        "  test('returns a number', () => { expect(typeof answer()).toBe('number'); });",
        '});',
      ].join('\n'),
    },
    harness: await readHarness(new URL('../../../exercises/_harness', import.meta.url).pathname),
    ...overrides,
  };
}

/** A correct submission for the fixture. */
export const correctAnswer = 'export function answer(): number {\n  return 42;\n}\n';
