import { describe, expect, test } from 'vitest';
import { ASSIGNMENT_PARAMETER, encodeAssignment, exerciseInAssignmentHref, readExerciseAssignment, type Assignment } from '../../../src/lib/assignment';
import { INVALID_ASSIGNMENT_MESSAGES, describeExerciseAssignment, type ExercisePageCatalog } from '../../../src/lib/assignment-context';
import { EXERCISE_CATALOG } from '../../../src/lib/exercise-catalog';

const pageCatalog: ExercisePageCatalog = {
  exercises: EXERCISE_CATALOG.map(({ id, title }) => ({ id, title })),
  lessonIds: ['02-foundation/02-semaphore-bulkhead'],
};
const catalog = { exerciseIds: pageCatalog.exercises.map((exercise) => exercise.id), lessonIds: pageCatalog.lessonIds };
const week3: Assignment = { title: 'Week 3 <b>semaphores</b> & queues', due: null, exercises: ['semaphore-bulkhead', 'bounded-queue'], lessons: ['02-foundation/02-semaphore-bulkhead'] };
const query = encodeAssignment(week3, catalog);
/** The search part of an exercise link the assignment page makes. */
const searchOf = (href: string) => href.slice(href.indexOf('?'));

describe('an assignment carried to an exercise page', () => {
  test('the link the assignment page makes leads to the exercise and carries the whole assignment', () => {
    const href = exerciseInAssignmentHref('semaphore-bulkhead', query);
    expect(href.startsWith('/exercises/semaphore-bulkhead/?assignment=')).toBe(true);
    expect(new URLSearchParams(searchOf(href)).get(ASSIGNMENT_PARAMETER)).toBe(query);
  });

  test('read back, it names its place in the assignment, the next exercise and the way back', () => {
    const first = readExerciseAssignment(searchOf(exerciseInAssignmentHref('semaphore-bulkhead', query)), 'semaphore-bulkhead', catalog);
    expect(first).toEqual({ state: 'valid', assignment: week3, query, position: 1, next: 'bounded-queue' });
    const last = describeExerciseAssignment(searchOf(exerciseInAssignmentHref('bounded-queue', query)), 'bounded-queue', pageCatalog);
    expect(last).toEqual({ state: 'valid', wayBack: { title: week3.title, href: `/assignment/?${query}`, position: 2, count: 2 } });
    const next = describeExerciseAssignment(searchOf(exerciseInAssignmentHref('semaphore-bulkhead', query)), 'semaphore-bulkhead', pageCatalog);
    expect(next.state === 'valid' && next.wayBack.next).toEqual({ href: exerciseInAssignmentHref('bounded-queue', query), title: EXERCISE_CATALOG.find((exercise) => exercise.id === 'bounded-queue')?.title });
  });

  test('other parameters of the page (the runner choice) are left alone', () => {
    const search = `${searchOf(exerciseInAssignmentHref('semaphore-bulkhead', query))}&runner=worker`;
    expect(readExerciseAssignment(search, 'semaphore-bulkhead', catalog).state).toBe('valid');
  });

  test('no parameter: no assignment, and nothing to say', () => {
    expect(readExerciseAssignment('', 'semaphore-bulkhead', catalog)).toEqual({ state: 'none' });
    expect(readExerciseAssignment('?runner=worker', 'semaphore-bulkhead', catalog)).toEqual({ state: 'none' });
  });

  test('an edited, cut, repeated or empty assignment is damaged; one without this exercise does not include it', () => {
    const carried = (value: string) => `?${new URLSearchParams({ [ASSIGNMENT_PARAMETER]: value }).toString()}`;
    const damaged = { state: 'invalid', reason: 'damaged' };
    expect(readExerciseAssignment(carried(query.replace('Week+3', 'Week+4')), 'semaphore-bulkhead', catalog)).toEqual(damaged);
    expect(readExerciseAssignment(carried(query.slice(0, 40)), 'semaphore-bulkhead', catalog)).toEqual(damaged);
    expect(readExerciseAssignment(carried(''), 'semaphore-bulkhead', catalog)).toEqual(damaged);
    expect(readExerciseAssignment(`${carried(query)}&${ASSIGNMENT_PARAMETER}=${encodeURIComponent(query)}`, 'semaphore-bulkhead', catalog)).toEqual(damaged);
    expect(readExerciseAssignment(carried('x'.repeat(5_000)), 'semaphore-bulkhead', catalog)).toEqual(damaged);
    expect(readExerciseAssignment(carried(query), 'chaos-evaluator', catalog)).toEqual({ state: 'invalid', reason: 'not-included' });
    expect(describeExerciseAssignment(carried(query.slice(0, 40)), 'semaphore-bulkhead', pageCatalog)).toEqual({ state: 'invalid', message: INVALID_ASSIGNMENT_MESSAGES.damaged });
  });

  test('a link that is valid apart from the lessons this page knows is damaged here too, as on the assignment page', () => {
    const other = encodeAssignment({ ...week3, lessons: ['09-nowhere/01-nothing'] });
    expect(readExerciseAssignment(`?${new URLSearchParams({ [ASSIGNMENT_PARAMETER]: other }).toString()}`, 'semaphore-bulkhead', catalog)).toEqual({ state: 'invalid', reason: 'damaged' });
  });
});
