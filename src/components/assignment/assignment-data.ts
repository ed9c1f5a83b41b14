/**
 * Build-time lists for the assignment pages: every exercise (catalog order) and every lesson
 * (reading order) with what the pages show about them. Pages embed this as JSON.
 */
import { getCollection } from 'astro:content';
import { withBase } from '../../lib/base-path';
import { getCourse } from '../../lib/content';
import { EXERCISE_CATALOG } from '../../lib/exercise-catalog';

export interface AssignableExercise {
  id: string;
  title: string;
  level: number;
  href: string;
}

export interface AssignableLesson {
  id: string;
  title: string;
  level: number;
  levelTitle: string;
  href: string;
}

export interface AssignmentData {
  exercises: AssignableExercise[];
  lessons: AssignableLesson[];
}

/** Exercises that have a page (catalog order) and published lessons (reading order). */
export async function getAssignmentData(): Promise<AssignmentData> {
  const built = new Map((await getCollection('exercises')).map((entry) => [entry.data.id, entry.data]));
  const exercises = EXERCISE_CATALOG.flatMap((item) => {
    const exercise = built.get(item.id);
    return exercise ? [{ id: item.id, title: exercise.title, level: exercise.level, href: withBase(`/exercises/${item.id}/`) }] : [];
  });
  const course = await getCourse();
  const lessons = course.levels.flatMap((level) => level.lessons.map((lesson) => ({ id: lesson.id, title: lesson.title, level: level.number, levelTitle: level.title, href: lesson.href })));
  return { exercises, lessons };
}

/** JSON safe to place inside a `<script type="application/json">` element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
