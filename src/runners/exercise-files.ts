/**
 * Node-only: reads an exercise folder (`exercises/NN-slug/`) into an `ExerciseBundle`, validating
 * `exercise.json` on the way. Browser runners build the same bundle from fetched files instead.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { exerciseSchema, type Exercise } from '../schemas/exercise';
import type { ExerciseBundle } from './types';

/** A problem with an exercise folder, worded for people (no stack trace needed). */
export class ExerciseLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExerciseLoadError';
  }
}

/** A loaded exercise: its validated metadata, its bundle and where it lives. */
export interface LoadedExercise {
  /** Absolute path of the exercise folder. */
  folder: string;
  /** The folder name, e.g. "02-semaphore-bulkhead". */
  folderName: string;
  /** The validated `exercise.json`. */
  meta: Exercise;
  /** What a runner needs, hidden tests included when asked for. */
  bundle: ExerciseBundle;
  /** The `solution/` sources by file name. */
  solution: Record<string, string>;
}

const folderPattern = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/**
 * Reads and validates an exercise folder.
 * @param folder - path of `exercises/NN-slug` (relative paths resolve against the working folder).
 * @param options - `includeHidden` also reads `tests/hidden.test.ts` into the bundle.
 * @throws ExerciseLoadError when a file is missing or `exercise.json` is invalid.
 */
export async function loadExercise(folder: string, options: { includeHidden?: boolean } = {}): Promise<LoadedExercise> {
  const absolute = resolve(folder.replace(/[\\/]+$/, ''));
  const folderName = basename(absolute);
  const match = folderPattern.exec(folderName);
  if (match === null) throw new ExerciseLoadError(`"${folder}" is not an exercise folder: its name must look like "02-semaphore-bulkhead"`);
  const rawMeta = await readText(join(absolute, 'exercise.json'), `${folderName}/exercise.json`);
  let json: unknown;
  try {
    json = JSON.parse(rawMeta);
  } catch (error) {
    throw new ExerciseLoadError(`${folderName}/exercise.json is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = exerciseSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issue.message);
    throw new ExerciseLoadError(`${folderName}/exercise.json is invalid: ${problems.join('; ')}`);
  }
  const meta = parsed.data;
  if (meta.id !== match[2]) throw new ExerciseLoadError(`${folderName}/exercise.json: id must be "${String(match[2])}" (the folder name without its number), not "${meta.id}"`);

  const start: Record<string, string> = {};
  const solution: Record<string, string> = {};
  for (const file of meta.files) {
    start[file] = await readText(join(absolute, 'start', file), `${folderName}/start/${file}`);
    solution[file] = await readText(join(absolute, 'solution', file), `${folderName}/solution/${file}`);
  }
  const tests: ExerciseBundle['tests'] = {
    visible: await readText(join(absolute, 'tests', 'visible.test.ts'), `${folderName}/tests/visible.test.ts`),
  };
  if (options.includeHidden === true) {
    tests.hidden = await readText(join(absolute, 'tests', 'hidden.test.ts'), `${folderName}/tests/hidden.test.ts`);
  }
  const harness = await readHarness(join(dirname(absolute), '_harness'));
  return {
    folder: absolute,
    folderName,
    meta,
    solution,
    bundle: { id: meta.id, timeLimitMs: meta.timeLimitMs, files: [...meta.files], start, tests, harness },
  };
}

/**
 * Reads every `.ts` file of the harness folder.
 * @param folder - path of `exercises/_harness`.
 */
export async function readHarness(folder: string): Promise<Record<string, string>> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    throw new ExerciseLoadError(`The test harness folder is missing: ${folder}`);
  }
  const harness: Record<string, string> = {};
  for (const name of names.filter((entry) => entry.endsWith('.ts')).sort()) {
    harness[name] = await readText(join(folder, name), `_harness/${name}`);
  }
  return harness;
}

async function readText(path: string, label: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new ExerciseLoadError(`Cannot read ${label}`);
  }
}
