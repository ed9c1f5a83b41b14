/**
 * What counts toward "done", defined once. This module imports no zod so the site header's tiny
 * script can use it on every page; it reads documents tolerantly (a missing or odd record counts
 * as not done) because it may see raw storage the full store has not checked yet.
 */

import type { ProgressDocument } from './schema';

/** The localStorage key holding the one progress document. */
export const PROGRESS_KEY = 'bulkhead-lab:progress';

/** Prefix of the keys that hold set-aside (corrupted or foreign) values: the prefix plus an ISO time. */
export const BACKUP_KEY_PREFIX = 'bulkhead-lab:progress:backup:';

/** Keys of the exercise records saved before the progress store existed (version 1): id and kind. */
export const LEGACY_EXERCISE_KEY = /^bulkhead-lab:exercise:([a-z0-9]+(?:-[a-z0-9]+)*):(draft|passed|state)$/;

/** The rule in words, for pages that show a count. */
export const DONE_RULE = 'A lesson counts once you mark it complete; an exercise counts once every visible test has passed in your browser.';

/** The same-tab event the store dispatches on `window` after every change (other tabs get `storage`). */
export const PROGRESS_CHANGE_EVENT = 'bulkhead-lab:progress-change';

/** The course items that can be done: lesson ids and exercise ids. */
export interface CourseItems {
  lessons: readonly string[];
  exercises: readonly string[];
}

/** Done counts over a set of course items. */
export interface DoneCount {
  /** Lessons completed plus exercises passed. */
  done: number;
  /** Lessons plus exercises. */
  total: number;
  lessonsDone: number;
  lessonsTotal: number;
  exercisesPassed: number;
  exercisesTotal: number;
}

/** `record[key]` when `record` is an object that owns `key`, else undefined: for reading unvalidated documents. */
export function field(record: unknown, key: string): unknown {
  return typeof record === 'object' && record !== null && Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

/** True when the document marks the lesson complete. */
export function isLessonDone(doc: unknown, lessonId: string): boolean {
  return typeof field(field(field(doc, 'lessons'), lessonId), 'completedAt') === 'string';
}

/** True when the document records a pass for the exercise. */
export function isExerciseDone(doc: unknown, exerciseId: string): boolean {
  return typeof field(field(field(doc, 'exercises'), exerciseId), 'passedAt') === 'string';
}

/** Counts what is done among `items`; ids the document has but `items` lacks are not counted. */
export function countDone(doc: unknown, items: CourseItems): DoneCount {
  const lessonsDone = items.lessons.filter((id) => isLessonDone(doc, id)).length;
  const exercisesPassed = items.exercises.filter((id) => isExerciseDone(doc, id)).length;
  return {
    done: lessonsDone + exercisesPassed,
    total: items.lessons.length + items.exercises.length,
    lessonsDone,
    lessonsTotal: items.lessons.length,
    exercisesPassed,
    exercisesTotal: items.exercises.length,
  };
}

/** A whole percentage for a bar, 0 when there is nothing to do. */
export function percent(count: Pick<DoneCount, 'done' | 'total'>): number {
  return count.total === 0 ? 0 : Math.round((100 * count.done) / count.total);
}

/** "5 of 35 done" */
export function describeDone(count: Pick<DoneCount, 'done' | 'total'>): string {
  return `${count.done} of ${count.total} done`;
}

/** Parses stored text without validating it; undefined when it is not JSON. */
export function peekDocument(raw: string | null): unknown {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** A lesson or exercise to resume. */
export interface ResumePoint {
  kind: 'lesson' | 'exercise';
  id: string;
  /** When it was last opened or changed (ISO time). */
  at: string;
}

/**
 * "Continue where you left off": the newest lesson or exercise opened and not finished (a lesson
 * not marked complete, an exercise not passed), or null when there is none. Looks at the last
 * page visited, every lesson's last visit and every exercise's last change, as the home page does.
 */
export function resumePoint(doc: ProgressDocument): ResumePoint | null {
  let best: ResumePoint | null = null;
  const consider = (kind: ResumePoint['kind'], id: string, at: string | null | undefined) => {
    if (!at || Number.isNaN(Date.parse(at))) return;
    if (kind === 'lesson' ? doc.lessons[id]?.completedAt : doc.exercises[id]?.passedAt) return;
    if (best === null || Date.parse(at) > Date.parse(best.at)) best = { kind, id, at };
  };
  if (doc.lastVisited) consider(doc.lastVisited.kind, doc.lastVisited.id, doc.lastVisited.at);
  for (const [id, record] of Object.entries(doc.lessons)) consider('lesson', id, record.visitedAt);
  for (const [id, record] of Object.entries(doc.exercises)) consider('exercise', id, record.updatedAt);
  return best;
}
