import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { EXERCISE_CATALOG } from '../../src/lib/exercise-catalog';

const folders = readdirSync('exercises').filter((name) => /^\d{2}-/.test(name)).sort();
const exercises = folders.map((folder) => ({ folder, meta: JSON.parse(readFileSync(`exercises/${folder}/exercise.json`, 'utf8')) as { id: string; lesson: string; level: number } }));

describe('exercises and lessons link both ways', () => {
  test('every exercise is in the catalog at its level', () => {
    for (const { meta } of exercises) {
      expect(EXERCISE_CATALOG.find((entry) => entry.id === meta.id)?.level, meta.id).toBe(meta.level);
    }
  });

  test('every exercise names a lesson that exists', () => {
    const missing = exercises.filter(({ meta }) => !existsSync(`content/lessons/${meta.lesson}.mdx`)).map(({ folder, meta }) => `${folder} → ${meta.lesson}`);
    expect(missing).toEqual([]);
  });

  test('the lesson an exercise names links back to it, in its frontmatter and with <ExerciseLink>', () => {
    const problems: string[] = [];
    for (const { folder, meta } of exercises) {
      const path = `content/lessons/${meta.lesson}.mdx`;
      if (!existsSync(path)) continue;
      const text = readFileSync(path, 'utf8');
      const frontmatter = text.split('---')[1] ?? '';
      if (!new RegExp(`^\\s*-\\s*${meta.id}\\s*$`, 'm').test(frontmatter)) problems.push(`${path} does not list ${meta.id} under exercises (${folder})`);
      if (!text.includes(`<ExerciseLink id="${meta.id}"`)) problems.push(`${path} has no <ExerciseLink id="${meta.id}" /> (${folder})`);
    }
    expect(problems).toEqual([]);
  });
});
