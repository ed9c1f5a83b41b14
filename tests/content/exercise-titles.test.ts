import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { EXERCISE_CATALOG } from '../../src/lib/exercise-catalog';

/** One source for an exercise's title: its exercise.json. Everything that names the exercise must agree with it. */
const folders = readdirSync('exercises').filter((name) => /^\d{2}-/.test(name)).sort();
const exercises = folders.map((folder) => ({ folder, meta: JSON.parse(readFileSync(`exercises/${folder}/exercise.json`, 'utf8')) as { id: string; title: string } }));
const titles = new Map(exercises.map(({ meta }) => [meta.id, meta.title]));

function lessonFiles(): string[] {
  return readdirSync('content/lessons', { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.mdx') || name.endsWith('.md'))
    .map((name) => `content/lessons/${name}`)
    .sort();
}

/**
 * Problems with how one lesson names exercises: an <ExerciseLink> with anything but an id (its
 * text comes from exercise.json), or a hand-written link to an exercise page whose text is not
 * that exercise's title.
 */
function lessonTitleProblems(path: string, text: string, known: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(/<ExerciseLink\b([^>]*?)\/?>/g)) {
    const attributes = (match[1] ?? '').trim();
    const id = /^id="([^"]+)"$/.exec(attributes)?.[1];
    if (id === undefined) problems.push(`${path}: ${match[0]} must carry only id="…"; the link text comes from the exercise's exercise.json`);
    else if (!known.has(id)) problems.push(`${path}: ${match[0]} names no exercise`);
  }
  const links = [
    ...[...text.matchAll(/\[([^\]]+)\]\(\/exercises\/([a-z0-9-]+)\/[^)]*\)/g)].map((match) => ({ label: match[1] ?? '', id: match[2] ?? '' })),
    ...[...text.matchAll(/<a\b[^>]*href="\/exercises\/([a-z0-9-]+)\/[^"]*"[^>]*>([\s\S]*?)<\/a>/g)].map((match) => ({ label: (match[2] ?? '').replace(/<[^>]+>/g, ''), id: match[1] ?? '' })),
  ];
  for (const { label, id } of links) {
    const title = known.get(id);
    if (title === undefined) problems.push(`${path}: a link to /exercises/${id}/, which does not exist`);
    else if (label.trim() !== title) problems.push(`${path}: a link to /exercises/${id}/ reads "${label.trim()}", but the exercise is titled "${title}" (use <ExerciseLink id="${id}" />)`);
  }
  return problems;
}

describe('an exercise has one title', () => {
  test('the catalog, the lessons and the assignment pages take it from exercise.json', () => {
    const byId = (list: string[][]) => [...list].sort(([left = ''], [right = '']) => left.localeCompare(right));
    expect(byId(EXERCISE_CATALOG.map((exercise) => [exercise.id, exercise.title]))).toEqual(byId(exercises.map(({ meta }) => [meta.id, meta.title])));
  });

  test('the catalog lists the exercises in course order: by level, then by folder number', () => {
    const levels = EXERCISE_CATALOG.map((exercise) => exercise.level);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    expect(EXERCISE_CATALOG.findIndex((exercise) => exercise.id === 'admission-control')).toBeLessThan(EXERCISE_CATALOG.findIndex((exercise) => exercise.level === 4));
  });

  test("the instructions' heading is the exercise's title", () => {
    const problems = exercises.flatMap(({ folder, meta }) => {
      const heading = /^# (.+)$/m.exec(readFileSync(`exercises/${folder}/instructions.md`, 'utf8'))?.[1]?.trim();
      return heading === meta.title ? [] : [`exercises/${folder}/instructions.md: heading "${heading ?? '(none)'}" differs from exercise.json's "${meta.title}"`];
    });
    expect(problems).toEqual([]);
  });

  test('no lesson names an exercise by words of its own', () => {
    const problems = lessonFiles().flatMap((path) => lessonTitleProblems(path, readFileSync(path, 'utf8'), titles));
    expect(problems).toEqual([]);
  });

  test('the check catches a hard-coded title, a title prop and a link that misnames its exercise', () => {
    const title = titles.get('semaphore-bulkhead') ?? '';
    expect(lessonTitleProblems('x.mdx', '<ExerciseLink id="semaphore-bulkhead" />', titles)).toEqual([]);
    expect(lessonTitleProblems('x.mdx', `[${title}](/exercises/semaphore-bulkhead/)`, titles)).toEqual([]);
    expect(lessonTitleProblems('x.mdx', '<ExerciseLink id="semaphore-bulkhead" title="A semaphore" />', titles)).toHaveLength(1);
    expect(lessonTitleProblems('x.mdx', 'Try [A semaphore bulkhead](/exercises/semaphore-bulkhead/).', titles)).toEqual([
      `x.mdx: a link to /exercises/semaphore-bulkhead/ reads "A semaphore bulkhead", but the exercise is titled "${title}" (use <ExerciseLink id="semaphore-bulkhead" />)`,
    ]);
    expect(lessonTitleProblems('x.mdx', '<a href="/exercises/bounded-queue/">The queue exercise</a>', titles)).toHaveLength(1);
    expect(lessonTitleProblems('x.mdx', '<ExerciseLink id="no-such-thing" />', titles)).toHaveLength(1);
  });
});
