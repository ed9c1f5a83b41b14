import { describe, expect, test } from 'vitest';
import { exerciseSchema } from '../../src/schemas/exercise';

const valid = {
  id: 'semaphore-bulkhead',
  title: 'A semaphore bulkhead',
  level: 2,
  lesson: '02-foundation/02-semaphore-bulkhead',
  difficulty: 'core',
  timeLimitMs: 10000,
  hints: ['first nudge here', 'second nudge here', 'nearly the answer'],
  files: ['bulkhead.ts'],
};

function messages(input: unknown): string[] {
  const parsed = exerciseSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

describe('exerciseSchema', () => {
  test('accepts a complete exercise.json', () => {
    expect(messages(valid)).toEqual([]);
  });

  test.each([
    [{ ...valid, id: 'Semaphore_Bulkhead' }, 'id must be a kebab-case slug'],
    [{ ...valid, level: 6 }, 'level must be at most 5'],
    [{ ...valid, level: 2.5 }, 'level must be an integer'],
    [{ ...valid, lesson: 'semaphore' }, 'lesson must look like'],
    [{ ...valid, difficulty: 'hard' }, 'difficulty must be'],
    [{ ...valid, timeLimitMs: 100 }, 'timeLimitMs must be at least 1000'],
    [{ ...valid, hints: ['only one hint here'] }, 'hints must have at least 3 entries'],
    [{ ...valid, hints: ['a hint number 1', 'a hint number 2', 'a hint number 3', 'a hint number 4', 'a hint number 5'] }, 'hints must have at most 4 entries'],
    [{ ...valid, files: ['Bulkhead.js'] }, 'each file must be a kebab-case .ts file name'],
    [{ ...valid, files: ['a.ts', 'a.ts'] }, 'files must not repeat a name'],
    [{ ...valid, order: 2 }, 'exercise.json has unknown field(s): order'],
    [{ ...valid, title: undefined }, 'title must be a string'],
  ])('rejects %j with a message naming the field', (input, message) => {
    expect(messages(input).join('\n')).toContain(message);
  });
});
