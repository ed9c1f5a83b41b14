/**
 * The learner's progress document (contract A): one JSON value in localStorage under
 * {@link PROGRESS_KEY}, validated on every read and on import. Limits keep a hostile or runaway
 * file from filling storage; ids and file names follow the course's own patterns.
 */
import { z } from 'zod/mini';
import { EXERCISE_FILE_PATTERN, LESSON_ID_PATTERN, SLUG_PATTERN } from '../schemas/ids';

export { BACKUP_KEY_PREFIX, PROGRESS_KEY } from './summary';

/** The document version this code writes. */
export const CURRENT_VERSION = 2;

/** Largest learner file kept in a draft, in characters (the submission file allows the same). */
export const MAX_DRAFT_FILE_CHARS = 200_000;

/** Most records of one kind (lessons, quizzes or exercises) a document may hold. */
export const MAX_RECORDS = 500;

/** Epoch timestamp given to legacy records that carried no time, so any dated record wins a merge. */
export const EPOCH = '1970-01-01T00:00:00.000Z';

// Same-origin site paths only: a stored link can never become javascript:, data: or another host.
const hrefPattern = /^\/(?:[a-z0-9-]+\/)*$/;

const timestamp = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });
const count = (max: number) => z.int({ error: 'must be a whole number' }).check(z.minimum(0, { error: 'must be at least 0' }), z.maximum(max, { error: `must be at most ${max}` }));
const slug = z.string().check(z.maxLength(80, { error: 'must have at most 80 characters' }), z.regex(SLUG_PATTERN, { error: 'must be a lower-case slug' }));
const lessonId = z.string().check(z.maxLength(160, { error: 'must have at most 160 characters' }), z.regex(LESSON_ID_PATTERN, { error: 'must be a lesson id like "01-intuition/01-shared-fate"' }));

/** Plain text of at most `max` characters. */
const text = (max: number) => z.string().check(z.maxLength(max));

function boundedRecord<K extends z.core.$ZodRecordKey & z.ZodMiniType<string, string>, V extends z.ZodMiniType>(key: K, value: V) {
  return z.record(key, value).check(z.refine((record) => Object.keys(record).length <= MAX_RECORDS, { error: `must hold at most ${MAX_RECORDS} entries` }));
}

/** One lesson's state. */
export const lessonProgressSchema = z.object({
  /** When the learner marked the lesson complete; null when not (or un-marked). */
  completedAt: z.nullable(timestamp),
  /** The last time the learner opened the lesson. */
  visitedAt: z.nullable(timestamp),
  /** The last change to this record; the newer record wins a merge. */
  updatedAt: timestamp,
});

/** One quiz's answers and score. */
export const quizProgressSchema = z.object({
  /** Per question: the chosen option indexes, or null if not checked. */
  answers: z.array(z.nullable(z.array(count(5)).check(z.maxLength(6)))).check(z.maxLength(8, { error: 'a quiz has at most 8 questions' })),
  /** Questions answered right. */
  right: count(8),
  /** Questions in the quiz. */
  total: count(8),
  /** False for a result migrated from before scores were stored: the quiz page scores it again. */
  scored: z.exactOptional(z.boolean()),
  /** The last change; the newer record wins a merge. */
  updatedAt: timestamp,
});

/** What the browser saw in the most recent run of an exercise. */
export const exerciseRunRecordSchema = z.object({
  /** When the run finished. */
  at: timestamp,
  /** Which in-browser runner ran it. */
  runner: z.enum(['node', 'worker', 'webcontainer']),
  /** True when the run had no error and every test passed. */
  ok: z.boolean(),
  /** Counts over the tests. */
  summary: z.object({ total: count(10_000), passed: count(10_000), failed: count(10_000), timedOut: count(10_000) }),
  /** Per-test outcome in plan order (dropped first when storage is full). */
  tests: z.array(z.object({ name: text(500), suite: z.enum(['visible', 'hidden']), status: z.enum(['passed', 'failed', 'timed-out']) })).check(z.maxLength(1_000)),
});

/** One exercise's draft, pass state and counters. */
export const exerciseProgressSchema = z.object({
  /** The learner's code per file name, or null when nothing differs from the start. */
  draft: z.nullable(
    z.object({
      files: boundedRecord(
        z.string().check(z.regex(EXERCISE_FILE_PATTERN, { error: 'file names look like "bulkhead.ts"' })),
        z.string().check(z.maxLength(MAX_DRAFT_FILE_CHARS, { error: `a file has at most ${MAX_DRAFT_FILE_CHARS} characters` })),
      ),
      updatedAt: timestamp,
    }),
  ),
  /** First time every visible test passed in the browser. */
  passedAt: z.nullable(timestamp),
  /** The most recent run the browser saw. */
  lastRun: z.nullable(exerciseRunRecordSchema),
  /** Hints revealed so far. */
  hintsShown: count(100),
  /** Runs started. */
  attempts: count(1_000_000),
  /** The last change to this record. */
  updatedAt: timestamp,
});

/** Where the learner last was, for "continue where you left off". */
export const lastVisitedSchema = z.object({
  kind: z.enum(['lesson', 'exercise']),
  id: text(160),
  href: z.string().check(z.maxLength(300), z.regex(hrefPattern, { error: 'must be a path on this site' })),
  title: text(300),
  at: timestamp,
});

/** A "Mark lesson complete" press noted before the store loaded (visit-journal.ts). */
export const journalMarkSchema = z.object({
  id: lessonId,
  complete: z.boolean(),
  at: timestamp,
});

/** The whole document, version 2. Unknown keys are dropped, never kept. */
export const progressDocumentSchema = z.object({
  version: z.literal(CURRENT_VERSION),
  updatedAt: timestamp,
  lessons: boundedRecord(lessonId, lessonProgressSchema),
  quizzes: boundedRecord(slug, quizProgressSchema),
  exercises: boundedRecord(slug, exerciseProgressSchema),
  lastVisited: z.nullable(lastVisitedSchema),
});

export type LessonProgress = z.output<typeof lessonProgressSchema>;
export type QuizProgress = z.output<typeof quizProgressSchema>;
export type ExerciseRunRecord = z.output<typeof exerciseRunRecordSchema>;
export type ExerciseProgress = z.output<typeof exerciseProgressSchema>;
export type LastVisited = z.output<typeof lastVisitedSchema>;
export type ProgressDocument = z.output<typeof progressDocumentSchema>;

/** A document with nothing in it, dated `at`. */
export function emptyDocument(at: string): ProgressDocument {
  return { version: CURRENT_VERSION, updatedAt: at, lessons: {}, quizzes: {}, exercises: {}, lastVisited: null };
}

/** A fresh exercise record dated `at`. */
export function emptyExercise(at: string): ExerciseProgress {
  return { draft: null, passedAt: null, lastRun: null, hintsShown: 0, attempts: 0, updatedAt: at };
}

/** Keys that would reach an object's prototype if copied naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The path of the first forbidden key (`__proto__`, `constructor`, `prototype`) anywhere in a parsed JSON value. */
export function findForbiddenKey(value: unknown, path: string[] = []): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return [...path, key].join('.');
    const found = findForbiddenKey((value as Record<string, unknown>)[key], [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/**
 * The English wording classic zod's locale gives the issues the schemas above leave without their
 * own message: zod/mini loads no locale (that keeps lesson pages small), so without this a wrong
 * type would read only "Invalid input". Pass it as the `error` option of `safeParse`.
 */
export function explainIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const received = z.util.parsedType(issue.input);
      return `Invalid input: expected ${issue.expected}, received ${received === 'nan' ? 'NaN' : received}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `Invalid input: expected ${z.util.stringifyPrimitive(issue.values[0])}` : `Invalid option: expected one of ${z.util.joinValues(issue.values, '|')}`;
    case 'too_big': {
      const unit = issue.origin === 'string' ? 'characters' : issue.origin === 'array' ? 'items' : undefined;
      const bound = `${issue.inclusive ? '<=' : '<'}${String(issue.maximum)}`;
      return unit ? `Too big: expected ${issue.origin} to have ${bound} ${unit}` : `Too big: expected ${issue.origin} to be ${bound}`;
    }
    default:
      return undefined;
  }
}

/** The first few schema problems, each as "where: what". */
export function describeIssues(error: z.core.$ZodError, limit = 3): string {
  const issues = error.issues.slice(0, limit).map((issue) => {
    // A bad record key is reported as "Invalid key in record"; the key schema's own message says more.
    const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    return `${issue.path.map(String).join('.') || '(document)'}: ${message}`;
  });
  const more = error.issues.length - limit;
  return issues.join('; ') + (more > 0 ? `; and ${more} more` : '');
}
