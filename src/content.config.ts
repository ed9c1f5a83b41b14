import { defineCollection, reference } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { glossaryEntrySchema } from './schemas/glossary';
import { lessonSchema, levelSchema } from './schemas/lesson';
import { pageSchema } from './schemas/page';

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

/** Every term the course uses, with the lesson that first teaches it. */
const glossary = defineCollection({
  loader: file('content/glossary.json'),
  schema: glossaryEntrySchema,
});

/** Stand-alone reference pages (quick reference) written in MDX. */
const pages = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/pages' }),
  schema: pageSchema,
});

export const collections = { lessons, levels, glossary, pages };
