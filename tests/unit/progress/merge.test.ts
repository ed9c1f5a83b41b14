import { describe, expect, test } from 'vitest';
import { emptyDocument, mergeDocuments, mergeExercise, mergeLesson, mergeQuiz, type ExerciseProgress } from '../../../src/progress';

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
