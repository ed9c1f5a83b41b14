/**
 * Shared set-up of the red-team suite: writes crafted submission files into a temporary folder and
 * grades them for real (the Node runner, through `gradeBatch` or the `grade:batch` command), the
 * way an instructor would. Every file here is what an attacker controls.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type GradeBatchIo } from '../../src/cli/grade-batch';
import { gradeBatch, loadExerciseSet, type BatchOptions, type ExerciseSet, type Gradebook } from '../../src/grading';

/** The course's exercises folder. */
export const EXERCISES_ROOT = 'exercises';

let loaded: Promise<ExerciseSet> | undefined;

/** The course's exercises, loaded once per test file. */
export function exerciseSet(): Promise<ExerciseSet> {
  loaded ??= loadExerciseSet(EXERCISES_ROOT);
  return loaded;
}

/** Writes `files` (name → JSON value or raw text) into a fresh folder, runs `use` on it, then removes it. */
export async function withSubmissions<T>(files: Record<string, unknown>, use: (folder: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), 'bulkhead-red-team-'));
  try {
    await Promise.all(Object.entries(files).map(([name, value]) => writeFile(join(folder, name), typeof value === 'string' ? value : JSON.stringify(value))));
    return await use(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Grades crafted files with the real batch grader. */
export async function gradeFiles(files: Record<string, unknown>, options: BatchOptions = {}): Promise<Gradebook> {
  const exercises = await exerciseSet();
  return withSubmissions(files, (folder) => gradeBatch(folder, { jobs: 2, ...options, exercises }));
}

/** Runs `npm run grade:batch -- <folder> ...args` on crafted files and returns what it printed and its exit code. */
export async function runCommand(files: Record<string, unknown>, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const exercises = await exerciseSet();
  const out = { stdout: '', stderr: '' };
  const io: GradeBatchIo = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    writeFile: () => Promise.reject(new Error('the red-team suite writes to standard output only')),
    grade: (folder, options) => gradeBatch(folder, { ...options, exercises }),
  };
  const code = await withSubmissions(files, (folder) => main([folder, ...args], io));
  return { code, ...out };
}
