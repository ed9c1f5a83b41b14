import { z } from 'zod';

/** Lesson ids are `NN-level-slug/NN-lesson-slug`: the folder and file names without `.mdx`. */
export const LESSON_ID_PATTERN = /^\d{2}-[a-z0-9-]+\/\d{2}-[a-z0-9-]+$/;

/**
 * The frontmatter of one lesson. `reference` builds the schema for a link to another lesson:
 * Astro's `reference('lessons')` in the content config, a plain id check in unit tests.
 */
export function lessonSchema<R extends z.ZodType>(reference: R) {
  return z
    .object({
      /** Page title and sidebar label; short enough for one line in the sidebar. */
      title: z.string({ error: 'title is required and must be text' }).min(3, 'title must be at least 3 characters').max(90, 'title must be at most 90 characters'),
      /** One or two sentences for the level index, search results and the meta description. */
      description: z.string({ error: 'description is required and must be text' }).min(20, 'description must be at least 20 characters').max(240, 'description must be at most 240 characters'),
      /** The level the lesson belongs to, 1 (Intuition) to 5 (Mastery); must match its folder. */
      level: z.number({ error: 'level must be a whole number from 1 to 5' }).int('level must be a whole number from 1 to 5').min(1, 'level must be a whole number from 1 to 5').max(5, 'level must be a whole number from 1 to 5'),
      /** What the learner can do after the lesson; each starts with a verb. */
      objectives: z.array(z.string().min(5, 'each objective must be at least 5 characters'), { error: 'objectives must be a list of sentences' }).min(1, 'objectives must list at least one objective').max(8, 'objectives must list at most 8 objectives'),
      /** Lessons to read first, by id (`01-intuition/01-shared-fate`). */
      prerequisites: z.array(reference).default([]),
      /** Exercise ids (folder names without the `NN-` prefix) this lesson leads to. */
      exercises: z.array(z.string().regex(/^[a-z0-9-]+$/, 'exercise ids are lower-case slugs')).default([]),
      /** Hide from navigation while a lesson is being written. */
      draft: z.boolean().default(false),
    })
    .strict();
}

/** Metadata of one level, kept in `content/lessons/NN-level-slug/level.json`. */
export const levelSchema = z
  .object({
    /** The level's number, 1 to 5; must match the folder's prefix. */
    level: z.number().int().min(1, 'level must be 1 to 5').max(5, 'level must be 1 to 5'),
    /** The level's name, e.g. "Intuition". */
    title: z.string().min(3, 'title must be at least 3 characters'),
    /** A one-paragraph summary shown on the home page and the level index. */
    summary: z.string().min(40, 'summary must be at least 40 characters'),
    /** What a learner can do when the level is done: a list of short sentences. */
    readyWhen: z.array(z.string().min(5)).min(1, 'readyWhen must list at least one sentence'),
  })
  .strict();

export type LevelMeta = z.infer<typeof levelSchema>;
