import { getCollection } from 'astro:content';
import { withBase } from './base-path';
import { buildCourse, type Course } from './course';
import { EXERCISE_CATALOG } from './exercise-catalog';

let cached: Promise<Course> | undefined;

/** The whole course, ordered and checked once per build; its hrefs are under the site's base. */
export function getCourse(): Promise<Course> {
  cached ??= (async () => buildCourse(await getCollection('levels'), await getCollection('lessons'), { base: withBase('/learn/'), exerciseIds: new Set(EXERCISE_CATALOG.map((exercise) => exercise.id)) }))();
  return cached;
}
