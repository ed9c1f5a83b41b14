import { describe, expect, test } from 'vitest';
import { MAX_IMPORT_CHARS, countChanges, describeChanges, emptyDocument, exportProgress, importInto, parseImport, type ChangeCounts, type ProgressDocument } from '../../../src/progress';

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
  const now = new Date('2026-03-03T10:00:00.000Z');

  test('merges newest-wins and keeps a newer local draft', () => {
    const later = '2026-03-02T10:00:00.000Z';
    const current: ProgressDocument = { ...sample(), exercises: { 'bounded-queue': { ...sample().exercises['bounded-queue']!, draft: { files: { 'queue.ts': 'newer local' }, updatedAt: later }, updatedAt: later } } };
    const file = exportProgress({ ...sample(), quizzes: { 'shared-fate': { answers: [[1]], right: 0, total: 1, updatedAt: at } } }, new Date(at));
    const outcome = importInto(current, file, now);
    expect(outcome.ok && outcome.doc.exercises['bounded-queue']?.draft?.files['queue.ts']).toBe('newer local');
    expect(outcome.ok && outcome.summary).toBe('1 quiz result updated.');
  });

  test('clamps the file’s future times to now, so a local record of the same moment wins', () => {
    const future = '2099-01-01T00:00:00.000Z';
    const local: ProgressDocument = { ...emptyDocument(at), lessons: { '01-intuition/01-shared-fate': { completedAt: now.toISOString(), visitedAt: null, updatedAt: now.toISOString() } } };
    const file = exportProgress({ ...emptyDocument(future), lessons: { '01-intuition/01-shared-fate': { completedAt: null, visitedAt: future, updatedAt: future } } }, new Date(future));
    const outcome = importInto(local, file, now);
    expect(outcome.ok && outcome.doc.lessons['01-intuition/01-shared-fate']).toEqual({ completedAt: now.toISOString(), visitedAt: now.toISOString(), updatedAt: now.toISOString() });
    expect(outcome.ok && outcome.summary).toBe('1 lesson visit updated.');
  });

  test('keeps a local draft with code when the newer file has none for it', () => {
    const newer = '2026-03-02T10:00:00.000Z';
    for (const draft of [null, { files: {}, updatedAt: newer }, { files: { 'queue.ts': ' ' }, updatedAt: newer }]) {
      const file = exportProgress({ ...emptyDocument(newer), exercises: { 'bounded-queue': { ...sample().exercises['bounded-queue']!, draft, attempts: 3, updatedAt: newer } } }, new Date(newer));
      const outcome = importInto(sample(), file, now);
      expect(outcome.ok && outcome.doc.exercises['bounded-queue']).toMatchObject({ draft: { files: { 'queue.ts': 'code' } }, attempts: 3 });
      expect(outcome.ok && outcome.summary).toBe('1 exercise record (runs, hints) updated.');
    }
  });

  test('names what a newer file takes away', () => {
    const newer = '2026-03-02T10:00:00.000Z';
    const local: ProgressDocument = { ...sample(), exercises: { 'bounded-queue': { ...sample().exercises['bounded-queue']!, draft: { files: { 'queue.ts': 'code', 'helper.ts': 'help' }, updatedAt: at } } } };
    const file = exportProgress(
      {
        ...emptyDocument(newer),
        lessons: { '01-intuition/01-shared-fate': { completedAt: null, visitedAt: at, updatedAt: newer } },
        exercises: { 'bounded-queue': { ...sample().exercises['bounded-queue']!, draft: { files: { 'queue.ts': 'code' }, updatedAt: newer }, updatedAt: newer } },
      },
      new Date(newer),
    );
    const outcome = importInto(local, file, now);
    expect(outcome.ok && outcome.summary).toBe('This import removed the "complete" mark of lesson 01-intuition/01-shared-fate; the file helper.ts from your draft of exercise bounded-queue.');
  });
});

const none: ChangeCounts = { lessonsCompleted: 0, lessonsVisited: 0, quizzes: 0, drafts: 0, exercisesPassed: 0, exercisesOther: 0, removed: [] };

describe('countChanges', () => {
  test('counts completions, passes, drafts and other exercise changes separately, and names removals', () => {
    const before = sample();
    const after: ProgressDocument = {
      ...before,
      lessons: { '01-intuition/01-shared-fate': { completedAt: null, visitedAt: at, updatedAt: at }, '01-intuition/02-first-simulation': { completedAt: at, visitedAt: null, updatedAt: at } },
      exercises: { 'bounded-queue': { ...before.exercises['bounded-queue']!, attempts: 4 }, 'cell-router': { draft: null, passedAt: at, lastRun: null, hintsShown: 0, attempts: 1, updatedAt: at } },
    };
    expect(countChanges(before, after)).toEqual({ ...none, lessonsCompleted: 1, exercisesPassed: 1, exercisesOther: 1, removed: [{ kind: 'lesson-completion', id: '01-intuition/01-shared-fate' }] });
  });

  test('does not count a record whose only change is its time', () => {
    const before: ProgressDocument = { ...sample(), quizzes: { 'shared-fate': { answers: [[0], null], right: 1, total: 2, updatedAt: at } } };
    const later = '2026-03-02T10:00:00.000Z';
    const after: ProgressDocument = {
      ...before,
      quizzes: { 'shared-fate': { ...before.quizzes['shared-fate']!, updatedAt: later } },
      exercises: { 'bounded-queue': { ...before.exercises['bounded-queue']!, draft: { files: { 'queue.ts': 'code' }, updatedAt: later }, updatedAt: later }, 'new-one': { draft: null, passedAt: null, lastRun: null, hintsShown: 0, attempts: 0, updatedAt: later } },
    };
    expect(countChanges(before, after)).toEqual(none);
  });

  test('a lost draft, lost files and lost quiz answers are removals, not updates', () => {
    const before: ProgressDocument = {
      ...sample(),
      quizzes: { 'shared-fate': { answers: [[0], [1]], right: 2, total: 2, updatedAt: at } },
      exercises: { ...sample().exercises, 'cell-router': { draft: { files: { 'a.ts': 'a', 'b.ts': 'b', 'c.ts': 'c' }, updatedAt: at }, passedAt: null, lastRun: null, hintsShown: 0, attempts: 0, updatedAt: at } },
    };
    const after: ProgressDocument = {
      ...before,
      quizzes: { 'shared-fate': { answers: [[0], null], right: 1, total: 2, updatedAt: at } },
      exercises: { 'bounded-queue': { ...before.exercises['bounded-queue']!, draft: null }, 'cell-router': { ...before.exercises['cell-router']!, draft: { files: { 'a.ts': 'a', 'b.ts': '' }, updatedAt: at } } },
    };
    expect(countChanges(before, after)).toEqual({
      ...none,
      removed: [
        { kind: 'quiz-answers', id: 'shared-fate', answers: 1 },
        { kind: 'draft', id: 'bounded-queue' },
        { kind: 'draft-files', id: 'cell-router', files: ['b.ts', 'c.ts'] },
      ],
    });
  });
});

describe('describeChanges', () => {
  test('joins the parts into one sentence and says when nothing changed', () => {
    expect(describeChanges({ ...none, drafts: 2, lessonsCompleted: 1 })).toBe('1 lesson marked complete and 2 drafts updated.');
    expect(describeChanges(none)).toMatch(/^Nothing changed/);
  });

  test('names every removal in a sentence of its own', () => {
    const removed: ChangeCounts['removed'] = [
      { kind: 'lesson-completion', id: '01-intuition/01-shared-fate' },
      { kind: 'draft', id: 'bounded-queue' },
      { kind: 'draft-files', id: 'cell-router', files: ['a.ts', 'b.ts'] },
      { kind: 'quiz-answers', id: 'shared-fate', answers: 2 },
    ];
    expect(describeChanges({ ...none, drafts: 1, removed })).toBe(
      '1 draft updated. This import removed the "complete" mark of lesson 01-intuition/01-shared-fate; your draft of exercise bounded-queue; the files a.ts and b.ts from your draft of exercise cell-router; 2 answers in quiz shared-fate.',
    );
  });

  test('names the first ten removals and counts the rest', () => {
    const removed = Array.from({ length: 12 }, (_, index) => ({ kind: 'draft' as const, id: `exercise-${index}` }));
    const summary = describeChanges({ ...none, removed });
    expect(summary).toMatch(/^This import removed your draft of exercise exercise-0; /);
    expect(summary).toContain('exercise-9; 2 more items.');
    expect(summary).not.toContain('exercise-10');
  });

  test('says nothing about removing when nothing was removed', () => {
    for (const counts of [none, { ...none, drafts: 1, quizzes: 2, lessonsVisited: 1, exercisesOther: 1, exercisesPassed: 1, lessonsCompleted: 1 }]) {
      expect(describeChanges(counts)).not.toMatch(/remov|delet|lost|clear/i);
    }
  });
});
