import { defineCollection, reference } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema, levelSchema } from './schemas/lesson';

/** An entry's id is its path below `content/lessons`, without the extension. */
const pathId = ({ entry }: { entry: string }) => entry.replace(/\.(mdx|json)$/, '').replace(/\/level$/, '');

const lessons = defineCollection({
  loader: glob({ pattern: '*/[0-9][0-9]-*.mdx', base: './content/lessons', generateId: pathId }),
  schema: lessonSchema(reference('lessons')),
});

const levels = defineCollection({
  loader: glob({ pattern: '*/level.json', base: './content/lessons', generateId: pathId }),
  schema: levelSchema,
});

export const collections = { lessons, levels };
