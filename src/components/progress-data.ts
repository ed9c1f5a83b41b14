/**
 * Build-time lists of what can be done in the course (lessons and built exercises), whole and per
 * level, for the progress meter, the course map and the progress page. Astro-only (content collections).
 */
import { getCollection } from 'astro:content';
import { getCourse } from '../lib/content';
import { EXERCISE_CATALOG } from '../lib/exercise-catalog';
import type { CourseItems } from '../progress/summary';

export interface LevelItems {
  number: number;
  title: string;
  href: string;
  items: CourseItems;
}

/** Every lesson and every built exercise, in course order, plus the same per level. */
export async function getCourseItems(): Promise<{ items: CourseItems; levels: LevelItems[] }> {
  const course = await getCourse();
  const built = new Set((await getCollection('exercises')).map((entry) => entry.data.id));
  const exercises = EXERCISE_CATALOG.filter((exercise) => built.has(exercise.id));
  const levels = course.levels.map((level) => ({
    number: level.number,
    title: level.title,
    href: level.href,
    items: { lessons: level.lessons.map((lesson) => lesson.id), exercises: exercises.filter((exercise) => exercise.level === level.number).map((exercise) => exercise.id) },
  }));
  return { items: { lessons: course.lessons.map((lesson) => lesson.id), exercises: exercises.map((exercise) => exercise.id) }, levels };
}
