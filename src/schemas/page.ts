import { z } from 'zod';

/** Frontmatter of a stand-alone reference page in content/pages/. */
export const pageSchema = z
  .object({
    /** Page title. */
    title: z.string().min(3, 'title must be at least 3 characters'),
    /** One or two sentences for search results and the meta description. */
    description: z.string().min(20, 'description must be at least 20 characters').max(240, 'description must be at most 240 characters'),
  })
  .strict();
