import { describe, expect, test } from 'vitest';
import { clampTimes, emptyDocument, mergeDocuments, mergeExercise, mergeImported, mergeLesson, mergeQuiz, type ExerciseProgress } from '../../../src/progress';

const t = (hour: number) => `2026-03-01T${String(hour).padStart(2, '0')}:00:00.000Z`;

function exercise(overrides: Partial<ExerciseProgress>): ExerciseProgress {
  return { draft: null, passedAt: null, lastRun: null, hintsShown: 0, attempts: 0, updatedAt: t(1), ...overrides };
}

describe('mergeExercise', () => {
  test('keeps the newer draft even when the other record changed later', () => {
    const a = exercise({ draft: { files: { 'a.ts': 'new' }, updatedAt: t(5) }, updatedAt: t(5) });
    const b = exercise({ draft: { files: { 'a.ts': 'old' }, updatedAt: t(2) }, hintsShown: 3, updatedAt: t(6) });
    const merged = mergeExercise(a, b);
    expect(merged.draft?.files['a.ts']).toBe('new');
    expect(merged.hintsShown).toBe(3);
    expect(mergeExercise(b, a)).toEqual(merged);
  });

  test('a draft cleared after the other draft was saved stays cleared', () => {
    const cleared = exercise({ draft: null, updatedAt: t(6) });
    const drafted = exercise({ draft: { files: { 'a.ts': 'x' }, updatedAt: t(4) }, updatedAt: t(4) });
    expect(mergeExercise(cleared, drafted).draft).toBeNull();
    expect(mergeExercise(drafted, cleared).draft).toBeNull();
  });

  test('keeps the first pass, the newer run and the larger counters', () => {
    const run = (at: string) => ({ at, runner: 'worker' as const, ok: true, summary: { total: 1, passed: 1, failed: 0, timedOut: 0 }, tests: [] });
    const a = exercise({ passedAt: t(3), lastRun: run(t(3)), attempts: 2, updatedAt: t(3) });
    const b = exercise({ passedAt: t(4), lastRun: run(t(7)), attempts: 5, updatedAt: t(7) });
    expect(mergeExercise(a, b)).toMatchObject({ passedAt: t(3), lastRun: { at: t(7) }, attempts: 5 });
  });
});

describe('mergeLesson', () => {
  test('the later change decides completion and the later visit is kept', () => {
    const merged = mergeLesson({ completedAt: t(2), visitedAt: t(9), updatedAt: t(2) }, { completedAt: null, visitedAt: t(1), updatedAt: t(3) });
    expect(merged).toEqual({ completedAt: null, visitedAt: t(9), updatedAt: t(3) });
  });
});

describe('mergeQuiz', () => {
  test('the later result wins as a whole', () => {
    const older = { answers: [[0]], right: 1, total: 1, updatedAt: t(1) };
    const newer = { answers: [[1]], right: 0, total: 1, updatedAt: t(2) };
    expect(mergeQuiz(older, newer)).toBe(newer);
    expect(mergeQuiz(newer, older)).toBe(newer);
  });
});

describe('mergeDocuments', () => {
  test('unions records and keeps the later visit and time', () => {
    const a = { ...emptyDocument(t(1)), lessons: { '01-a/01-b': { completedAt: t(1), visitedAt: null, updatedAt: t(1) } }, lastVisited: { kind: 'lesson' as const, id: '01-a/01-b', href: '/learn/a/b/', title: 'B', at: t(1) } };
    const b = { ...emptyDocument(t(4)), exercises: { 'bounded-queue': exercise({}) }, lastVisited: { kind: 'exercise' as const, id: 'bounded-queue', href: '/exercises/bounded-queue/', title: 'Q', at: t(4) } };
    const merged = mergeDocuments(a, b);
    expect(Object.keys(merged.lessons)).toEqual(['01-a/01-b']);
    expect(Object.keys(merged.exercises)).toEqual(['bounded-queue']);
    expect(merged.lastVisited?.id).toBe('bounded-queue');
    expect(merged.updatedAt).toBe(t(4));
  });
});

describe('clampTimes', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');

  test('caps every time at now and leaves earlier times alone', () => {
    const future = '2099-01-01T00:00:00.000Z';
    const doc = {
      ...emptyDocument(future),
      lessons: { '01-a/01-b': { completedAt: future, visitedAt: t(3), updatedAt: future } },
      quizzes: { q: { answers: [[0]], right: 1, total: 1, updatedAt: future } },
      exercises: { e: exercise({ draft: { files: { 'a.ts': 'x' }, updatedAt: future }, passedAt: future, lastRun: { at: future, runner: 'worker', ok: true, summary: { total: 1, passed: 1, failed: 0, timedOut: 0 }, tests: [] }, updatedAt: future }) },
      lastVisited: { kind: 'lesson' as const, id: '01-a/01-b', href: '/learn/a/b/', title: 'B', at: future },
    };
    const clamped = clampTimes(doc, now);
    const n = now.toISOString();
    expect(clamped.updatedAt).toBe(n);
    expect(clamped.lessons['01-a/01-b']).toEqual({ completedAt: n, visitedAt: t(3), updatedAt: n });
    expect(clamped.quizzes['q']?.updatedAt).toBe(n);
    expect(clamped.exercises['e']).toMatchObject({ draft: { updatedAt: n }, passedAt: n, lastRun: { at: n }, updatedAt: n });
    expect(clamped.lastVisited?.at).toBe(n);
  });

  test('tolerates no clock skew: one millisecond ahead is clamped', () => {
    const doc = { ...emptyDocument('2026-03-01T12:00:00.001Z') };
    expect(clampTimes(doc, now).updatedAt).toBe('2026-03-01T12:00:00.000Z');
  });

  test('writes times with an offset in UTC, so they compare correctly as text', () => {
    const doc = { ...emptyDocument('2026-03-01T11:30:00+05:00'), quizzes: { q: { answers: [], right: 0, total: 0, updatedAt: '2026-03-01T01:00:00-05:00' } } };
    const clamped = clampTimes(doc, now);
    expect(clamped.updatedAt).toBe('2026-03-01T06:30:00.000Z');
    expect(clamped.quizzes['q']?.updatedAt).toBe('2026-03-01T06:00:00.000Z');
  });
});

describe('mergeImported', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');

  test('a future-dated import counts as made now and loses a tie with the local record', () => {
    const local = { ...emptyDocument(t(12)), exercises: { e: exercise({ draft: { files: { 'a.ts': 'mine' }, updatedAt: t(12) }, updatedAt: t(12) }) } };
    const imported = { ...emptyDocument('2099-01-01T00:00:00.000Z'), exercises: { e: exercise({ draft: { files: { 'a.ts': 'theirs' }, updatedAt: '2099-01-01T00:00:00.000Z' }, updatedAt: '2099-01-01T00:00:00.000Z' }) } };
    expect(mergeImported(local, imported, now).exercises['e']?.draft?.files).toEqual({ 'a.ts': 'mine' });
  });

  test('never replaces a local draft that has code with an empty one, but takes newer code', () => {
    const local = { ...emptyDocument(t(1)), exercises: { e: exercise({ draft: { files: { 'a.ts': 'mine' }, updatedAt: t(1) } }) } };
    const empty = { ...emptyDocument(t(5)), exercises: { e: exercise({ draft: null, hintsShown: 2, updatedAt: t(5) }) } };
    expect(mergeImported(local, empty, now).exercises['e']).toMatchObject({ draft: { files: { 'a.ts': 'mine' } }, hintsShown: 2 });
    const newer = { ...emptyDocument(t(5)), exercises: { e: exercise({ draft: { files: { 'a.ts': 'newer' }, updatedAt: t(5) }, updatedAt: t(5) }) } };
    expect(mergeImported(local, newer, now).exercises['e']?.draft?.files).toEqual({ 'a.ts': 'newer' });
  });
});
