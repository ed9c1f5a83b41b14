/**
 * The course's exercises in order, by id (the folder name under exercises/ without NN-).
 * Lessons link to them with <ExerciseLink id="…" />; an unknown id fails the build.
 *
 * Everything here is read from each exercise's own `exercise.json`, the one place an exercise's
 * title lives: the lesson's link, the exercise page, the exercise list and the assignment pages
 * all show the same words because none of them keeps a copy. The order is the course's: by level,
 * then by the folder's NN- prefix within a level (so an exercise added later to an earlier level
 * is listed with that level, not after the last one).
 */
export interface CatalogExercise {
  id: string;
  level: number;
  title: string;
  /** The lesson that teaches what the exercise practises, e.g. "02-foundation/02-semaphore-bulkhead". */
  lesson: string;
}

const files = import.meta.glob<unknown>('/exercises/[0-9][0-9]-*/exercise.json', { import: 'default', eager: true });

/** The fields the catalog needs from one exercise.json; the exercises collection checks the rest. */
function entry(path: string, value: unknown): CatalogExercise {
  const folder = /^\/exercises\/\d{2}-([a-z0-9-]+)\/exercise\.json$/.exec(path)?.[1];
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const { id, level, title, lesson } = record;
  if (typeof id !== 'string' || id !== folder) throw new Error(`${path.slice(1)}: "id" must be "${folder ?? '(the folder name without NN-)'}".`);
  if (typeof level !== 'number' || typeof title !== 'string' || typeof lesson !== 'string') throw new Error(`${path.slice(1)}: "level", "title" and "lesson" are required.`);
  return { id, level, title, lesson };
}

export const EXERCISE_CATALOG: readonly CatalogExercise[] = Object.entries(files)
  .sort(([left], [right]) => left.localeCompare(right))
  .map(([path, value]) => entry(path, value))
  .sort((left, right) => left.level - right.level);

export function findExercise(id: string): CatalogExercise {
  const found = EXERCISE_CATALOG.find((exercise) => exercise.id === id);
  if (!found) throw new Error(`Unknown exercise id "${id}". Known ids: ${EXERCISE_CATALOG.map((exercise) => exercise.id).join(', ')}.`);
  return found;
}
