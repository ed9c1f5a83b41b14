import type { LevelMeta } from '../schemas/lesson';
import { readingTime } from './reading-time';

/** The parts of a lesson entry that navigation needs (a subset of Astro's collection entry). */
export interface LessonInput {
  id: string;
  filePath?: string | undefined;
  /** The MDX source below the frontmatter, which the reading time is computed from. */
  body?: string | undefined;
  data: {
    title: string;
    description: string;
    level: number;
    objectives: string[];
    prerequisites: Array<{ id: string } | string>;
    exercises: string[];
    draft: boolean;
  };
}

export interface LevelInput {
  id: string;
  data: LevelMeta;
}

export interface LessonNav {
  id: string;
  slug: string;
  href: string;
  title: string;
  description: string;
  /** Reading and doing time in whole minutes, computed from the lesson's text (see reading-time.ts). */
  minutes: number;
  order: number;
  levelNumber: number;
}

export interface LevelNav {
  id: string;
  slug: string;
  href: string;
  number: number;
  title: string;
  summary: string;
  readyWhen: string[];
  lessons: LessonNav[];
}

export interface Course {
  levels: LevelNav[];
  /** Every lesson in reading order. */
  lessons: LessonNav[];
  byId: Map<string, LessonNav>;
}

/** Raised at build time when the content tree is inconsistent; the message names the file. */
export class CourseStructureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CourseStructureError';
  }
}

const PREFIXED = /^(\d{2})-([a-z0-9-]+)$/;

/** Splits `03-deep-dive` into its order (3) and slug (`deep-dive`); order lives only in the name. */
export function splitOrdered(name: string, where: string): { order: number; slug: string } {
  const match = PREFIXED.exec(name);
  if (!match?.[1] || !match[2]) {
    throw new CourseStructureError(`${where}: "${name}" must be named NN-slug (two digits, a dash, lower-case words).`);
  }
  return { order: Number(match[1]), slug: match[2] };
}

/**
 * Orders levels and lessons by their NN- prefixes, builds URLs, and checks the tree:
 * a lesson's `level` matches its folder, numbers are unique, prerequisites exist and come earlier,
 * and linked exercises exist.
 */
export function buildCourse(
  levelEntries: LevelInput[],
  lessonEntries: LessonInput[],
  { base = '/learn/', exerciseIds }: { base?: string; exerciseIds?: ReadonlySet<string> } = {},
): Course {
  const levels: LevelNav[] = levelEntries
    .map((entry) => {
      const { order, slug } = splitOrdered(entry.id, `content/lessons/${entry.id}/level.json`);
      if (order !== entry.data.level) {
        throw new CourseStructureError(
          `content/lessons/${entry.id}/level.json: "level" is ${entry.data.level} but the folder says ${order}.`,
        );
      }
      return { id: entry.id, slug, href: `${base}${slug}/`, number: order, title: entry.data.title, summary: entry.data.summary, readyWhen: entry.data.readyWhen, lessons: [] as LessonNav[] };
    })
    .sort((a, b) => a.number - b.number);

  const levelByFolder = new Map(levels.map((level) => [level.id, level]));
  const seen = new Map<string, string>();
  for (const entry of lessonEntries) {
    if (entry.data.draft) continue;
    const file = entry.filePath ?? `content/lessons/${entry.id}.mdx`;
    const [folder = '', name = ''] = entry.id.split('/');
    const level = levelByFolder.get(folder);
    if (!level) throw new CourseStructureError(`${file}: folder "${folder}" has no level.json.`);
    const { order, slug } = splitOrdered(name, file);
    if (entry.data.level !== level.number) {
      throw new CourseStructureError(`${file}: "level" is ${entry.data.level} but the lesson sits in level ${level.number} (${folder}).`);
    }
    const key = `${folder}/${order}`;
    const clash = seen.get(key);
    if (clash) throw new CourseStructureError(`${file}: lesson number ${order} is already used by ${clash}.`);
    seen.set(key, file);
    if (entry.body === undefined) throw new CourseStructureError(`${file}: the lesson has no text to compute its reading time from.`);
    const { minutes } = readingTime(entry.body, file);
    level.lessons.push({ id: entry.id, slug, href: `${level.href}${slug}/`, title: entry.data.title, description: entry.data.description, minutes, order, levelNumber: level.number });
  }
  for (const level of levels) level.lessons.sort((a, b) => a.order - b.order);
  const lessons = levels.flatMap((level) => level.lessons);
  const byId = new Map(lessons.map((lesson) => [lesson.id, lesson]));
  const position = new Map(lessons.map((lesson, index) => [lesson.id, index]));

  for (const entry of lessonEntries) {
    if (entry.data.draft) continue;
    const file = entry.filePath ?? `content/lessons/${entry.id}.mdx`;
    for (const exercise of entry.data.exercises) {
      if (exerciseIds && !exerciseIds.has(exercise)) throw new CourseStructureError(`${file}: exercise "${exercise}" is not in the exercise catalog.`);
    }
    for (const prerequisite of entry.data.prerequisites) {
      const id = typeof prerequisite === 'string' ? prerequisite : prerequisite.id;
      if (!byId.has(id)) throw new CourseStructureError(`${file}: prerequisite "${id}" is not a lesson.`);
      if ((position.get(id) ?? 0) >= (position.get(entry.id) ?? 0)) {
        throw new CourseStructureError(`${file}: prerequisite "${id}" comes after this lesson; prerequisites must come earlier.`);
      }
    }
  }
  return { levels, lessons, byId };
}

/** The lessons before and after `id` in reading order, across level boundaries. */
export function neighbours(course: Course, id: string): { previous: LessonNav | undefined; next: LessonNav | undefined } {
  const index = course.lessons.findIndex((lesson) => lesson.id === id);
  if (index < 0) return { previous: undefined, next: undefined };
  return { previous: course.lessons[index - 1], next: course.lessons[index + 1] };
}
