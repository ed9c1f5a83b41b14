import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { lessonSchema, levelSchema } from '../../../src/schemas/lesson';

const schema = lessonSchema(z.string());
const valid = {
  title: 'Why shared resources sink whole systems',
  description: 'How one slow dependency exhausts a pool that every request needs.',
  level: 1,
  objectives: ['Explain shared fate with an example.'],
};

function messages(input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('lessonSchema', () => {
  test('accepts a complete lesson and fills defaults', () => {
    const parsed = schema.parse(valid);
    expect(parsed.prerequisites).toEqual([]);
    expect(parsed.exercises).toEqual([]);
    expect(parsed.draft).toBe(false);
  });

  test('rejects a misspelt key by name', () => {
    expect(messages({ ...valid, titel: 'x' }).join('\n')).toMatch(/titel/);
  });

  test('rejects a missing title with a message that names it', () => {
    const { title: _title, ...rest } = valid;
    expect(messages(rest)).toEqual(['title: title is required and must be text']);
  });

  test('rejects a level outside 1 to 5', () => {
    expect(messages({ ...valid, level: 6 })).toEqual(['level: level must be a whole number from 1 to 5']);
    expect(messages({ ...valid, level: 2.5 })).toEqual(['level: level must be a whole number from 1 to 5']);
  });

  test('rejects a typed minutes field: the reading time is computed from the lesson', () => {
    expect(messages({ ...valid, minutes: 12 }).join('\n')).toMatch(/minutes/);
  });

  test('rejects an empty objectives list', () => {
    expect(messages({ ...valid, objectives: [] })).toEqual(['objectives: objectives must list at least one objective']);
  });

  test('rejects an exercise id that is not a slug', () => {
    expect(messages({ ...valid, exercises: ['Semaphore Bulkhead'] })).toEqual(['exercises.0: exercise ids are lower-case slugs']);
  });
});

describe('levelSchema', () => {
  test('accepts level metadata', () => {
    expect(levelSchema.parse({ level: 2, title: 'Foundation', summary: 'A summary that is long enough to say something useful.', readyWhen: ['You can size a pool.'] }).title).toBe('Foundation');
  });

  test('rejects metadata without a ready-when list', () => {
    const result = levelSchema.safeParse({ level: 2, title: 'Foundation', summary: 'A summary that is long enough to say something useful.', readyWhen: [] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('readyWhen must list at least one sentence');
  });
});
