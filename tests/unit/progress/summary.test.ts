import { describe, expect, test } from 'vitest';
import { countDone, describeDone, isExerciseDone, isLessonDone, percent, resumePoint } from '../../../src/progress';
import { emptyDocument, emptyExercise } from '../../../src/progress/schema';

const items = { lessons: ['01-a/01-x', '01-a/02-y'], exercises: ['bounded-queue', 'cell-router'] };
const doc = {
  lessons: { '01-a/01-x': { completedAt: '2026-03-01T00:00:00.000Z' }, '01-a/02-y': { completedAt: null }, '09-z/01-unknown': { completedAt: '2026-03-01T00:00:00.000Z' } },
  exercises: { 'bounded-queue': { passedAt: '2026-03-01T00:00:00.000Z' } },
};

describe('countDone', () => {
  test('counts completed lessons and passed exercises among the course items only', () => {
    expect(countDone(doc, items)).toEqual({ done: 2, total: 4, lessonsDone: 1, lessonsTotal: 2, exercisesPassed: 1, exercisesTotal: 2 });
  });
  test('reads anything without throwing and counts it as not done', () => {
    for (const value of [undefined, null, 3, 'x', [], { lessons: [] }, { exercises: { 'bounded-queue': 'yes' } }]) expect(countDone(value, items).done).toBe(0);
  });
});

describe('isLessonDone', () => {
  test('ignores inherited properties', () => {
    expect(isLessonDone({ lessons: {} }, 'constructor')).toBe(false);
    expect(isLessonDone(doc, '01-a/01-x')).toBe(true);
  });
});

describe('isExerciseDone', () => {
  test('needs a pass time', () => {
    expect(isExerciseDone(doc, 'bounded-queue')).toBe(true);
    expect(isExerciseDone(doc, 'cell-router')).toBe(false);
  });
});

describe('percent', () => {
  test('rounds to a whole number and is 0 with nothing to do', () => {
    expect(percent({ done: 1, total: 3 })).toBe(33);
    expect(percent({ done: 0, total: 0 })).toBe(0);
  });
});

describe('describeDone', () => {
  test('says how many of how many are done', () => {
    expect(describeDone({ done: 5, total: 35 })).toBe('5 of 35 done');
  });
});

describe('resumePoint', () => {
  const t = (day: number) => `2026-03-${String(day).padStart(2, '0')}T00:00:00.000Z`;
  const lesson = (visitedAt: string, completedAt: string | null = null) => ({ completedAt, visitedAt, updatedAt: visitedAt });
  const exercise = (updatedAt: string, passedAt: string | null = null) => ({ ...emptyExercise(updatedAt), passedAt });
  test('is null for a first visit', () => {
    expect(resumePoint(emptyDocument(t(1)))).toBeNull();
  });
  test('skips the last page visited when it is finished and picks the newest unfinished one', () => {
    const doc = {
      ...emptyDocument(t(9)),
      lessons: { '01-a/01-x': lesson(t(2)), '01-a/02-y': lesson(t(8), t(8)) },
      exercises: { 'bounded-queue': exercise(t(5)), 'cell-router': exercise(t(7), t(7)) },
      lastVisited: { kind: 'lesson' as const, id: '01-a/02-y', href: '/learn/a/y/', title: 'Y', at: t(8) },
    };
    expect(resumePoint(doc)).toEqual({ kind: 'exercise', id: 'bounded-queue', at: t(5) });
  });
  test('takes the last page visited when it is newest and unfinished', () => {
    const doc = {
      ...emptyDocument(t(9)),
      lessons: { '01-a/01-x': lesson(t(2)) },
      lastVisited: { kind: 'lesson' as const, id: '01-a/01-x', href: '/learn/a/x/', title: 'X', at: t(6) },
    };
    expect(resumePoint(doc)).toEqual({ kind: 'lesson', id: '01-a/01-x', at: t(6) });
  });
  test('is null when everything opened is finished', () => {
    const doc = { ...emptyDocument(t(9)), lessons: { '01-a/01-x': lesson(t(2), t(3)) }, exercises: { 'cell-router': exercise(t(7), t(7)) } };
    expect(resumePoint(doc)).toBeNull();
  });
});
