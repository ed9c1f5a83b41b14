import { describe, expect, test } from 'vitest';
import { MAX_IMPORT_CHARS, countChanges, describeChanges, emptyDocument, exportProgress, importInto, parseImport, type ProgressDocument } from '../../../src/progress';

const at = '2026-03-01T10:00:00.000Z';

function sample(): ProgressDocument {
  return {
    ...emptyDocument(at),
    lessons: { '01-intuition/01-shared-fate': { completedAt: at, visitedAt: at, updatedAt: at } },
    exercises: { 'bounded-queue': { draft: { files: { 'queue.ts': 'code' }, updatedAt: at }, passedAt: null, lastRun: null, hintsShown: 0, attempts: 1, updatedAt: at } },
  };
}

function envelope(progress: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ format: 'bulkhead-lab-progress', version: 2, exportedAt: at, progress, ...extra });
}

describe('parseImport', () => {
  test('accepts its own export', () => {
    const result = parseImport(exportProgress(sample(), new Date(at)));
    expect(result).toEqual({ ok: true, progress: sample() });
  });

  test.each([
    ['an oversized file', 'x'.repeat(MAX_IMPORT_CHARS + 1), 'at most 2.0 MB'],
    ['an empty file', '  ', 'The file is empty.'],
    ['broken JSON', '{"format":', 'not valid JSON'],
    ['JSON of another kind', '{"name":"package"}', 'not a Bulkhead Lab progress export'],
    ['a newer format', envelope(sample(), { version: 3 }), 'newer version of Bulkhead Lab (format version 3)'],
    ['an older format', envelope(sample(), { version: 1 }), 'format version 1, which this site does not read'],
    ['a prototype key', envelope({ ...sample(), lessons: JSON.parse('{"__proto__":{"completedAt":null}}') as unknown }), '"progress.lessons.__proto__"'],
    ['a constructor key deep inside', envelope({ ...sample(), exercises: { 'bounded-queue': { constructor: 1 } } }), '"progress.exercises.bounded-queue.constructor"'],
    ['a wrong field type', envelope({ ...sample(), lessons: { '01-intuition/01-shared-fate': { completedAt: 5, visitedAt: null, updatedAt: at } } }), 'lessons.01-intuition/01-shared-fate.completedAt'],
    ['a huge draft', envelope({ ...sample(), exercises: { 'bounded-queue': { ...sample().exercises['bounded-queue'], draft: { files: { 'queue.ts': 'y'.repeat(200_001) }, updatedAt: at } } } }), 'at most 200000 characters'],
    ['a link to another site', envelope({ ...sample(), lastVisited: { kind: 'lesson', id: 'x', href: 'javascript:alert(1)', title: 't', at } }), 'lastVisited.href: must be a path on this site'],
    ['a file name with a path', envelope({ ...sample(), exercises: { 'bounded-queue': { ...sample().exercises['bounded-queue'], draft: { files: { '../etc/passwd': 'y' }, updatedAt: at } } } }), 'file names look like'],
  ])('refuses %s with a specific message', (_label, text, message) => {
    const result = parseImport(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain(message);
      expect(result.message).toMatch(/Nothing was changed\.$/);
    }
  });

  test('keeps records for exercises this site does not know', () => {
    const doc = { ...sample(), exercises: { 'future-exercise': { ...sample().exercises['bounded-queue'] } } };
    const result = parseImport(envelope(doc));
    expect(result.ok && Object.keys(result.progress.exercises)).toEqual(['future-exercise']);
  });
});

describe('importInto', () => {
  test('merges newest-wins and keeps a newer local draft', () => {
    const later = '2026-03-02T10:00:00.000Z';
    const current: ProgressDocument = { ...sample(), exercises: { 'bounded-queue': { ...sample().exercises['bounded-queue']!, draft: { files: { 'queue.ts': 'newer local' }, updatedAt: later }, updatedAt: later } } };
    const file = exportProgress({ ...sample(), quizzes: { 'shared-fate': { answers: [[1]], right: 0, total: 1, updatedAt: at } } }, new Date(at));
    const outcome = importInto(current, file);
    expect(outcome.ok && outcome.doc.exercises['bounded-queue']?.draft?.files['queue.ts']).toBe('newer local');
    expect(outcome.ok && outcome.summary).toBe('1 quiz result updated.');
  });
});

describe('countChanges', () => {
  test('counts completions, passes, drafts and other exercise changes separately', () => {
    const before = sample();
    const after: ProgressDocument = {
      ...before,
      lessons: { '01-intuition/01-shared-fate': { completedAt: null, visitedAt: at, updatedAt: at }, '01-intuition/02-first-simulation': { completedAt: at, visitedAt: null, updatedAt: at } },
      exercises: { 'bounded-queue': { ...before.exercises['bounded-queue']!, attempts: 4 }, 'cell-router': { draft: null, passedAt: at, lastRun: null, hintsShown: 0, attempts: 1, updatedAt: at } },
    };
    expect(countChanges(before, after)).toEqual({ lessonsCompleted: 1, lessonsUncompleted: 1, lessonsVisited: 0, quizzes: 0, drafts: 0, exercisesPassed: 1, exercisesOther: 1 });
  });
});

describe('describeChanges', () => {
  test('joins the parts into one sentence and says when nothing changed', () => {
    const none = { lessonsCompleted: 0, lessonsUncompleted: 0, lessonsVisited: 0, quizzes: 0, drafts: 0, exercisesPassed: 0, exercisesOther: 0 };
    expect(describeChanges({ ...none, drafts: 2, lessonsCompleted: 1 })).toBe('1 lesson marked complete and 2 drafts updated.');
    expect(describeChanges(none)).toMatch(/^Nothing changed/);
  });
});
