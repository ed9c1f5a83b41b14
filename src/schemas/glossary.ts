import { z } from 'zod';

/** One glossary entry in content/glossary.json. */
export const glossaryEntrySchema = z
  .object({
    /** Anchor on /glossary/ (`#little-s-law` style slug); unique. */
    id: z.string().regex(/^[a-z0-9-]+$/, 'id must be a lower-case slug'),
    /** The term as the course writes it. */
    term: z.string().min(2, 'term is required'),
    /** One to three sentences in plain words. */
    definition: z.string().min(30, 'definition must be at least 30 characters').max(600, 'definition must be at most 600 characters'),
    /** The lesson where the term is first taught, by id (`02-foundation/04-sizing-pools`). */
    lesson: z.string().regex(/^\d{2}-[a-z0-9-]+\/\d{2}-[a-z0-9-]+$/, 'lesson must be a lesson id such as 01-intuition/01-shared-fate'),
    /** Other spellings a reader might search for. */
    aliases: z.array(z.string()).default([]),
  })
  .strict();

export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>;
