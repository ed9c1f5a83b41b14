import { defineCollection, reference } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { exerciseSchema } from './schemas/exercise';
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

/** Graded exercises: `exercises/NN-slug/exercise.json`, id = the folder name (order lives in it). */
const exercises = defineCollection({
  loader: glob({ pattern: '[0-9][0-9]-*/exercise.json', base: './exercises', generateId: ({ entry }) => entry.replace(/\/exercise\.json$/, '') }),
  schema: exerciseSchema,
});

/** Each exercise's instructions.md, rendered with the site's Markdown pipeline. */
const exerciseInstructions = defineCollection({
  loader: glob({ pattern: '[0-9][0-9]-*/instructions.md', base: './exercises', generateId: ({ entry }) => entry.replace(/\/instructions\.md$/, '') }),
});

export const collections = { lessons, levels, glossary, pages, exercises, exerciseInstructions };
