/**
 * The course's exercises in order, by id (the folder name under exercises/ without NN-).
 * Lessons link to them with <ExerciseLink id="…" />; an unknown id fails the build.
 */
export interface CatalogExercise {
  id: string;
  level: number;
  title: string;
}

export const EXERCISE_CATALOG: readonly CatalogExercise[] = [
  { id: 'partition-pool', level: 1, title: 'Partition a pool by weight, with guaranteed minimums' },
  { id: 'semaphore-bulkhead', level: 2, title: 'A semaphore bulkhead that fails fast and always releases' },
  { id: 'bounded-queue', level: 2, title: 'A bounded queue with a maximum wait and cancellation' },
  { id: 'bulkhead-metrics', level: 2, title: 'Bulkhead metrics: active, queued, rejected and wait percentiles' },
  { id: 'size-the-pool', level: 2, title: "Size it: Little's law and the Erlang B recursion" },
  { id: 'compose-policies', level: 2, title: 'Compose a timeout, a circuit breaker and a bulkhead' },
  { id: 'adaptive-limit', level: 3, title: 'An adaptive (AIMD) limit that resizes in place' },
  { id: 'hierarchical-acquire', level: 3, title: 'Hierarchical permits with rollback: service, endpoint, tenant' },
  { id: 'tenant-fairness', level: 3, title: 'Per-tenant fairness: a noisy tenant cannot starve the rest' },
  { id: 'cell-router', level: 4, title: 'A cell router that moves only the customers it must' },
  { id: 'shuffle-sharding', level: 4, title: 'Shuffle sharding: deterministic shards and their overlap' },
  { id: 'mmck-metrics', level: 5, title: 'M/M/c/K metrics without overflow' },
  { id: 'chaos-evaluator', level: 5, title: 'A chaos-experiment evaluator with guardrails' },
];

export function findExercise(id: string): CatalogExercise {
  const found = EXERCISE_CATALOG.find((exercise) => exercise.id === id);
  if (!found) throw new Error(`Unknown exercise id "${id}". Known ids: ${EXERCISE_CATALOG.map((exercise) => exercise.id).join(', ')}.`);
  return found;
}
