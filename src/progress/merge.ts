/**
 * Merging two progress documents record by record, newest wins. Used before every write (so a
 * stale tab never overwrites what another tab saved), on `storage` events, and on import.
 *
 * Times are compared as text, so every document is brought to one form first: {@link clampTimes}
 * writes each time as UTC (`toISOString`) and caps it at "now", so that neither a time-zone offset
 * nor a date in the future can make a record look newer than it is.
 */
import { EPOCH, type ExerciseProgress, type LessonProgress, type ProgressDocument, type QuizProgress } from './schema';

/**
 * The document with every time in UTC `toISOString` form and none later than `now`: a later time
 * becomes `now` exactly (no clock skew is tolerated; a record from a device whose clock runs ahead
 * simply counts as made now). A merge keeps the local record on a tie, so a clamped record never
 * beats anything the learner does afterwards. A time that cannot be read becomes the epoch.
 */
export function clampTimes(doc: ProgressDocument, now: Date): ProgressDocument {
  const limit = now.getTime();
  const at = (time: string): string => {
    const ms = Date.parse(time);
    if (Number.isNaN(ms)) return EPOCH;
    return new Date(Math.min(ms, limit)).toISOString();
  };
  const maybe = (time: string | null): string | null => (time === null ? null : at(time));
  const map = <T>(records: Record<string, T>, clamp: (record: T) => T): Record<string, T> => Object.fromEntries(Object.entries(records).map(([id, record]) => [id, clamp(record)]));
  return {
    ...doc,
    updatedAt: at(doc.updatedAt),
    lessons: map(doc.lessons, (lesson) => ({ ...lesson, completedAt: maybe(lesson.completedAt), visitedAt: maybe(lesson.visitedAt), updatedAt: at(lesson.updatedAt) })),
    quizzes: map(doc.quizzes, (quiz) => ({ ...quiz, updatedAt: at(quiz.updatedAt) })),
    exercises: map(doc.exercises, (exercise) => ({
      ...exercise,
      draft: exercise.draft && { ...exercise.draft, updatedAt: at(exercise.draft.updatedAt) },
      passedAt: maybe(exercise.passedAt),
      lastRun: exercise.lastRun && { ...exercise.lastRun, at: at(exercise.lastRun.at) },
      updatedAt: at(exercise.updatedAt),
    })),
    lastVisited: doc.lastVisited && { ...doc.lastVisited, at: at(doc.lastVisited.at) },
  };
}

/** True when a draft holds some code: not null, not without files, not only blank files. */
export function hasDraftCode(draft: ExerciseProgress['draft'] | undefined): boolean {
  return !!draft && Object.values(draft.files).some((code) => code.trim() !== '');
}

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

/**
 * An imported document merged into the local one: {@link mergeDocuments} on the import with its
 * times clamped to `now`, except that an import never replaces a local draft that has code with
 * nothing (a null, file-less or blank draft keeps the local draft, whatever its date).
 */
export function mergeImported(local: ProgressDocument, imported: ProgressDocument, now: Date): ProgressDocument {
  const merged = mergeDocuments(local, clampTimes(imported, now));
  const exercises: Record<string, ExerciseProgress> = {};
  for (const [id, record] of Object.entries(merged.exercises)) {
    const mine = local.exercises[id]?.draft;
    exercises[id] = hasDraftCode(mine) && !hasDraftCode(record.draft) ? { ...record, draft: mine ?? null } : record;
  }
  return { ...merged, exercises };
}
