/**
 * Merging two progress documents record by record, newest wins. Used before every write (so a
 * stale tab never overwrites what another tab saved), on `storage` events, and on import.
 */
import type { ExerciseProgress, LessonProgress, ProgressDocument, QuizProgress } from './schema';

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return b > a ? b : a;
}

function earlier(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return b < a ? b : a;
}

/** The lesson record changed last decides completion; the visit is the latest either saw. */
export function mergeLesson(a: LessonProgress, b: LessonProgress): LessonProgress {
  const newer = b.updatedAt > a.updatedAt ? b : a;
  return { ...newer, visitedAt: later(a.visitedAt, b.visitedAt) };
}

/** The quiz result saved last wins as a whole (answers and score belong together). */
export function mergeQuiz(a: QuizProgress, b: QuizProgress): QuizProgress {
  return b.updatedAt > a.updatedAt ? b : a;
}

/**
 * Per field: the newer draft (a cleared draft counts as of its record's time), the first pass,
 * the newer run, and the larger counters.
 */
export function mergeExercise(a: ExerciseProgress, b: ExerciseProgress): ExerciseProgress {
  const [older, newer] = b.updatedAt > a.updatedAt ? [a, b] : [b, a];
  const draftTime = (record: ExerciseProgress) => record.draft?.updatedAt ?? record.updatedAt;
  const draft = draftTime(older) > draftTime(newer) ? older.draft : newer.draft;
  const lastRun = older.lastRun && (!newer.lastRun || older.lastRun.at > newer.lastRun.at) ? older.lastRun : newer.lastRun;
  return {
    ...newer,
    draft,
    passedAt: earlier(a.passedAt, b.passedAt),
    lastRun,
    hintsShown: Math.max(a.hintsShown, b.hintsShown),
    attempts: Math.max(a.attempts, b.attempts),
  };
}

function mergeRecords<T>(a: Record<string, T>, b: Record<string, T>, merge: (x: T, y: T) => T): Record<string, T> {
  const out: Record<string, T> = { ...a };
  for (const [id, record] of Object.entries(b)) {
    const mine = out[id];
    out[id] = mine === undefined ? record : merge(mine, record);
  }
  return out;
}

/** Both documents' records combined, each record newest-wins; the result never loses a newer draft. */
export function mergeDocuments(a: ProgressDocument, b: ProgressDocument): ProgressDocument {
  const lastVisited = a.lastVisited && (!b.lastVisited || a.lastVisited.at >= b.lastVisited.at) ? a.lastVisited : b.lastVisited;
  return {
    version: a.version,
    updatedAt: b.updatedAt > a.updatedAt ? b.updatedAt : a.updatedAt,
    lessons: mergeRecords(a.lessons, b.lessons, mergeLesson),
    quizzes: mergeRecords(a.quizzes, b.quizzes, mergeQuiz),
    exercises: mergeRecords(a.exercises, b.exercises, mergeExercise),
    lastVisited,
  };
}
