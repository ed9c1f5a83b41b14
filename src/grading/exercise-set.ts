/**
 * Node-only: the exercises a batch can grade, read from the `exercises/` folder (hidden tests
 * included), in course order.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadExercise, type LoadedExercise } from '../runners/exercise-files';

/** The course's exercises by id, in folder (course) order. */
export interface ExerciseSet {
  /** Absolute path of the exercises folder. */
  root: string;
  /** Exercise id → the loaded exercise with its hidden tests. */
  byId: ReadonlyMap<string, LoadedExercise>;
  /** Ids in course order. */
  order: readonly string[];
}

/**
 * Loads every `NN-slug` folder of the exercises folder with its hidden tests.
 * @param root - the exercises folder (default `exercises` in the working folder).
 * @throws ExerciseLoadError when an exercise folder is broken (a problem of the course, not of a submission).
 */
export async function loadExerciseSet(root = 'exercises'): Promise<ExerciseSet> {
  const absolute = resolve(root);
  const entries = await readdir(absolute, { withFileTypes: true });
  const folders = entries.filter((entry) => entry.isDirectory() && /^\d{2}-/.test(entry.name)).map((entry) => entry.name).sort();
  const byId = new Map<string, LoadedExercise>();
  for (const folder of folders) {
    const exercise = await loadExercise(join(absolute, folder), { includeHidden: true });
    byId.set(exercise.meta.id, exercise);
  }
  return { root: absolute, byId, order: [...byId.keys()] };
}
