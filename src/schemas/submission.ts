/**
 * The submission file (contract B): what the learner's browser downloads when an assignment is done,
 * and what `npm run grade:batch` reads. Browser and CLI both validate with `submissionSchema`.
 * Objects are strict (an unknown key is an error), so a hand-edited file cannot smuggle fields in.
 * Nothing here is trusted by the grader: it re-runs every test itself and only compares.
 */
import { z } from 'zod/mini';
import { EXERCISE_FILE_PATTERN, LESSON_ID_PATTERN, SLUG_PATTERN } from './ids';

/** Largest submission file the grader reads, in bytes (checked before reading). */
export const MAX_SUBMISSION_BYTES = 1_000_000;

/** Largest learner file inside a submission, in characters. */
export const MAX_SUBMISSION_FILE_CHARS = 200_000;

/** The `format` marker every submission file carries. */
export const SUBMISSION_FORMAT = 'bulkhead-lab-submission';

const assignmentIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
// C0/C1 controls and the bidirectional overrides/isolates that can make a name display as something else.
const controlPattern = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

const timestamp = (field: string) =>
  z.iso.datetime({ offset: true, error: `${field} must be an ISO 8601 date-time with a time zone, e.g. "2026-03-01T12:00:00Z"` });

const unique = (values: readonly string[]) => new Set(values).size === values.length;

/** A whole number from 0 to 100 000, with messages that name the field. */
const count = (field: string) =>
  z.int({ error: `${field} must be a whole number` }).check(z.minimum(0, { error: `${field} must be at least 0` }), z.maximum(100_000, { error: `${field} must be at most 100000` }));

/** A trimmed, non-empty line of text without control characters. */
const line = (field: string, max: number) =>
  z.string({ error: `${field} must be a string` }).check(
    z.trim(),
    z.minLength(1, { error: `${field} must not be empty` }),
    z.maxLength(max, { error: `${field} must have at most ${max} characters` }),
    z.refine((value) => !controlPattern.test(value), { error: `${field} must not contain control characters` }),
  );

const browserResultSchema = z
  .strictObject(
    {
      /** When the browser ran the tests (ISO 8601). */
      at: timestamp('at'),
      /** Which in-browser runner produced the result. */
      runner: z.enum(['node', 'worker', 'webcontainer'], { error: 'runner must be "node", "worker" or "webcontainer"' }),
      /** Whether every test the browser ran passed (as claimed by the browser). */
      ok: z.boolean({ error: 'ok must be true or false' }),
      /** Tests that passed. */
      passed: count('passed'),
      /** Tests that failed or timed out. */
      failed: count('failed'),
      /** Tests in the browser's plan. */
      total: count('total'),
    },
    { error: 'browserResult must be an object or null' },
  )
  .check(z.refine((result) => result.passed + result.failed <= result.total, { error: 'passed + failed must not exceed total', path: ['total'] }));

// A record silently drops an own "__proto__" key (JSON.parse makes one); reject it instead, so a hostile file is named.
const filesSchema = z.pipe(
  z.unknown().check(
    z.superRefine((value, context) => {
      if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__')) {
        context.addIssue({ code: 'custom', message: 'each file name must be a kebab-case .ts name like "bulkhead.ts"', path: ['__proto__'] });
      }
    }),
  ),
  z
    .record(
      z.string().check(z.regex(EXERCISE_FILE_PATTERN, { error: 'each file name must be a kebab-case .ts name like "bulkhead.ts"' })),
      z.string({ error: 'each file must be a string of source code' }).check(z.maxLength(MAX_SUBMISSION_FILE_CHARS, { error: `each file must have at most ${MAX_SUBMISSION_FILE_CHARS} characters` })),
      {
        error: (issue) =>
          issue.code === 'invalid_key' ? 'each file name must be a kebab-case .ts name like "bulkhead.ts"' : 'files must be an object of file name → source code',
      },
    )
    .check(z.refine((files) => Object.keys(files).length <= 20, { error: 'files must hold at most 20 files' })),
);

const submittedExerciseSchema = z.strictObject(
  {
    /** Exercise id, e.g. "semaphore-bulkhead". */
    id: z.string({ error: 'id must be a string' }).check(z.regex(SLUG_PATTERN, { error: 'id must be a kebab-case exercise id like "semaphore-bulkhead"' })),
    /** The learner's final code: file name → TypeScript source. */
    files: filesSchema,
    /** When the draft was last saved (ISO 8601), or null if never. */
    updatedAt: z.nullable(timestamp('updatedAt')),
    /** The last run the browser saw, or null if the learner never ran the tests. */
    browserResult: z.nullable(browserResultSchema),
  },
  { error: 'each exercise must be an object' },
);

const submittedLessonSchema = z.strictObject(
  {
    /** Lesson id, e.g. "02-foundation/02-semaphore-bulkhead". */
    id: z.string({ error: 'id must be a string' }).check(z.regex(LESSON_ID_PATTERN, { error: 'id must be a lesson id like "02-foundation/02-semaphore-bulkhead"' })),
    /** When the learner marked the lesson complete (ISO 8601), or null. */
    completedAt: z.nullable(timestamp('completedAt')),
  },
  { error: 'each lesson must be an object' },
);

const assignmentSchema = z.strictObject(
  {
    /** The assignment's checksum id from the link. */
    id: z.string({ error: 'id must be a string' }).check(z.regex(assignmentIdPattern, { error: 'id must be 1 to 64 letters, digits, "-" or "_"' })),
    /** The assignment's title. */
    title: line('title', 120),
    /** The due date (ISO 8601 with a time zone), or null when there is none. */
    due: z.nullable(timestamp('due')),
    /** The exercises the assignment asks for. */
    exercises: z
      .array(z.string({ error: 'each exercise id must be a string' }).check(z.regex(SLUG_PATTERN, { error: 'each exercise id must be a kebab-case id like "semaphore-bulkhead"' })), {
        error: 'exercises must be an array of exercise ids',
      })
      .check(
        z.minLength(1, { error: 'exercises must name at least 1 exercise' }),
        z.maxLength(14, { error: 'exercises must name at most 14 exercises' }),
        z.refine(unique, { error: 'exercises must not repeat an id' }),
      ),
    /** The lessons the assignment asks for. */
    lessons: z
      .array(z.string({ error: 'each lesson id must be a string' }).check(z.regex(LESSON_ID_PATTERN, { error: 'each lesson id must look like "02-foundation/02-semaphore-bulkhead"' })), {
        error: 'lessons must be an array of lesson ids',
      })
      .check(z.maxLength(30, { error: 'lessons must name at most 30 lessons' }), z.refine(unique, { error: 'lessons must not repeat an id' })),
    /** The query string of the link the learner opened, kept so the grader can re-check its checksum. */
    link: z.string({ error: 'link must be a string' }).check(z.maxLength(8_000, { error: 'link must have at most 8000 characters' })),
  },
  { error: 'assignment must be an object' },
);

/** Schema of a submission file. Unknown keys anywhere are errors. (zod/mini, so the browser loads one zod core with the progress store.) */
export const submissionSchema = z.strictObject(
  {
    /** Always "bulkhead-lab-submission": tells this file apart from other JSON. */
    format: z.literal(SUBMISSION_FORMAT, { error: `format must be "${SUBMISSION_FORMAT}"` }),
    /** Schema version of the file. */
    version: z.literal(1, { error: 'version must be 1' }),
    learner: z.strictObject(
      {
        /** The name the learner typed, trimmed. */
        name: line('name', 100),
      },
      { error: 'learner must be an object' },
    ),
    assignment: assignmentSchema,
    /** When the learner pressed "download submission" (ISO 8601, written by the learner's browser). */
    createdAt: timestamp('createdAt'),
    /** Each exercise's final code and the result the browser saw. */
    exercises: z
      .array(submittedExerciseSchema, { error: 'exercises must be an array' })
      .check(
        z.maxLength(14, { error: 'exercises must hold at most 14 entries' }),
        z.refine((entries) => unique(entries.map((entry) => entry.id)), { error: 'exercises must not repeat an exercise id' }),
      ),
    /** The lessons of the assignment and when each was completed. */
    lessons: z
      .array(submittedLessonSchema, { error: 'lessons must be an array' })
      .check(
        z.maxLength(30, { error: 'lessons must hold at most 30 entries' }),
        z.refine((entries) => unique(entries.map((entry) => entry.id)), { error: 'lessons must not repeat a lesson id' }),
      ),
  },
  { error: 'a submission must be a JSON object' },
);

/** A validated submission file. */
export type Submission = z.infer<typeof submissionSchema>;

/** One exercise entry of a submission. */
export type SubmittedExercise = Submission['exercises'][number];

/** The outcome of `parseSubmission`. */
export type SubmissionParseResult = { ok: true; submission: Submission } | { ok: false; problems: string[] };

/**
 * Validates an already-parsed JSON value as a submission.
 * @returns the submission, or problems each naming the field path, e.g. `learner.name: name must not be empty`.
 */
export function parseSubmission(input: unknown): SubmissionParseResult {
  const result = submissionSchema.safeParse(input);
  if (result.success) return { ok: true, submission: result.data };
  return { ok: false, problems: result.error.issues.map(describeIssue) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const where = path === '' ? 'the submission' : path;
    const shown = issue.keys.slice(0, 5).map((key) => JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key));
    const more = issue.keys.length > 5 ? ` and ${issue.keys.length - 5} more` : '';
    return `${where}: unknown field(s) ${shown.join(', ')}${more}`;
  }
  return `${path === '' ? '(submission)' : path}: ${issue.message}`;
}

/** `exercises.0.files.bulkhead.ts`; a key that could be misread (slashes, spaces, quotes) is quoted: `files["../x"]`. */
function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    const key = String(segment);
    if (/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(key) && key.length <= 40) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}]`;
  }
  return text;
}
