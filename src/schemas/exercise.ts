/**
 * The schema of `exercises/NN-slug/exercise.json`: what an exercise declares about itself.
 * Order lives in the folder name (NN-), never in the file.
 */
import { z } from 'zod';
import { EXERCISE_FILE_PATTERN, LESSON_ID_PATTERN, SLUG_PATTERN } from './ids';


/** How demanding an exercise is within its level. */
export const exerciseDifficultySchema = z.enum(['intro', 'core', 'stretch'], {
  error: 'difficulty must be "intro", "core" or "stretch"',
});

/** Schema of `exercise.json`. Unknown keys are errors, so a typo cannot pass silently. */
export const exerciseSchema = z
  .object({
    /** The folder slug without its NN- prefix, e.g. "semaphore-bulkhead". */
    id: z.string({ error: 'id must be a string' }).regex(SLUG_PATTERN, { error: 'id must be a kebab-case slug like "semaphore-bulkhead"' }),
    /** Title shown to learners, e.g. "A semaphore bulkhead". */
    title: z.string({ error: 'title must be a string' }).trim().min(3, { error: 'title must have at least 3 characters' }).max(80, { error: 'title must have at most 80 characters' }),
    /** Course level 1–5 the exercise belongs to. */
    level: z.int({ error: 'level must be an integer from 1 to 5' }).min(1, { error: 'level must be at least 1' }).max(5, { error: 'level must be at most 5' }),
    /** Lesson that teaches what the exercise practises: "NN-level-slug/NN-lesson-slug". */
    lesson: z.string({ error: 'lesson must be a string' }).regex(LESSON_ID_PATTERN, { error: 'lesson must look like "02-foundation/02-semaphore-bulkhead"' }),
    /** How demanding the exercise is within its level. */
    difficulty: exerciseDifficultySchema,
    /** Wall-clock limit for one grading run in milliseconds (1 s – 60 s). */
    timeLimitMs: z.int({ error: 'timeLimitMs must be an integer number of milliseconds' }).min(1000, { error: 'timeLimitMs must be at least 1000' }).max(60_000, { error: 'timeLimitMs must be at most 60000' }),
    /** Hints in order, from a nudge to a near-answer (3 or 4). */
    hints: z
      .array(z.string({ error: 'each hint must be a string' }).trim().min(10, { error: 'each hint must have at least 10 characters' }), { error: 'hints must be an array of strings' })
      .min(3, { error: 'hints must have at least 3 entries' })
      .max(4, { error: 'hints must have at most 4 entries' }),
    /** The learner's file names inside `start/` and `solution/`, e.g. ["bulkhead.ts"]. */
    files: z
      .array(z.string({ error: 'each file must be a string' }).regex(EXERCISE_FILE_PATTERN, { error: 'each file must be a kebab-case .ts file name like "bulkhead.ts"' }), { error: 'files must be an array of file names' })
      .min(1, { error: 'files must name at least one file' })
      .refine((files) => new Set(files).size === files.length, { error: 'files must not repeat a name' }),
  }, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `exercise.json has unknown field(s): ${issue.keys.join(', ')}`
        : 'exercise.json must be an object',
  })
  .strict();

/** A parsed `exercise.json`. */
export type Exercise = z.infer<typeof exerciseSchema>;
