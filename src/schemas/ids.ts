/**
 * The shapes of the course's identifiers, shared by every schema that checks them. Plain regular
 * expressions (no zod), so light browser bundles can use them too.
 */

/** A kebab-case slug: exercise ids, quiz ids, e.g. "semaphore-bulkhead". */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A lesson id: level folder / lesson file, each with its NN- prefix, e.g. "02-foundation/02-semaphore-bulkhead". */
export const LESSON_ID_PATTERN = /^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\/\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A learner's file name in an exercise, e.g. "bulkhead.ts". */
export const EXERCISE_FILE_PATTERN = /^[a-z0-9][a-z0-9-]*\.ts$/;
