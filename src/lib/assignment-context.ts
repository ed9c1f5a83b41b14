/**
 * The assignment an exercise page was opened from, as the page shows it: the banner at the top
 * ("Part of your assignment …: Back to your assignment") and the after-pass links. The page's
 * script and the workbench island both read it from the address and from the list of exercise
 * titles and lesson ids the page embeds, so the two never disagree.
 */
import { exerciseInAssignmentHref, readExerciseAssignment } from './assignment';
import { withBase } from './base-path';

/** What an exercise page embeds (as JSON in the element with {@link ASSIGNMENT_CATALOG_ID}) to check a carried assignment. */
export interface ExercisePageCatalog {
  exercises: Array<{ id: string; title: string }>;
  lessonIds: string[];
}

export const ASSIGNMENT_CATALOG_ID = 'exercise-assignment-catalog';

/** The way back to a valid assignment. All text is plain text, to be shown with textContent. */
export interface AssignmentWayBack {
  /** The assignment's title, as the instructor wrote it. */
  title: string;
  /** The assignment page. */
  href: string;
  /** This exercise's place in the assignment, from 1, and the number of exercises in it. */
  position: number;
  count: number;
  /** The assignment's next exercise, still carrying the assignment; absent after its last. */
  next?: { href: string; title: string };
}

export type PageAssignment = { state: 'none' } | { state: 'valid'; wayBack: AssignmentWayBack } | { state: 'invalid'; message: string };

const AFTER = 'Your work on this exercise is saved all the same. To get back to the assignment, open the link your instructor sent.';

/** Learner's words for a carried assignment that cannot be used. */
export const INVALID_ASSIGNMENT_MESSAGES = {
  damaged: `This page was opened from an assignment, but the part of its address that names the assignment is damaged (it may have been cut short when copied), so there is no way back to it from here. ${AFTER}`,
  'not-included': `This page was opened from an assignment that does not include this exercise, so there is no way back to it from here. ${AFTER}`,
} as const;

/** The assignment carried in `search` (an exercise page's `location.search`), in the page's terms. */
export function describeExerciseAssignment(search: string, exerciseId: string, catalog: ExercisePageCatalog): PageAssignment {
  const found = readExerciseAssignment(search, exerciseId, { exerciseIds: catalog.exercises.map((exercise) => exercise.id), lessonIds: catalog.lessonIds });
  if (found.state === 'none') return found;
  if (found.state === 'invalid') return { state: 'invalid', message: INVALID_ASSIGNMENT_MESSAGES[found.reason] };
  const next = found.next === null ? undefined : catalog.exercises.find((exercise) => exercise.id === found.next);
  return {
    state: 'valid',
    wayBack: {
      title: found.assignment.title,
      href: withBase(`/assignment/?${found.query}`),
      position: found.position,
      count: found.assignment.exercises.length,
      ...(next ? { next: { href: withBase(exerciseInAssignmentHref(next.id, found.query)), title: next.title } } : {}),
    },
  };
}

/** The embedded catalog, or undefined when the page has none or it cannot be read. */
function embeddedCatalog(root: ParentNode): ExercisePageCatalog | undefined {
  try {
    const value = JSON.parse(root.querySelector(`#${ASSIGNMENT_CATALOG_ID}`)?.textContent ?? '') as Partial<ExercisePageCatalog>;
    return Array.isArray(value.exercises) && Array.isArray(value.lessonIds) ? { exercises: value.exercises, lessonIds: value.lessonIds } : undefined;
  } catch {
    return undefined;
  }
}

/** The assignment the current exercise page was opened from ('none' outside an exercise page). */
export function currentPageAssignment(exerciseId: string): PageAssignment {
  if (typeof document === 'undefined' || typeof location === 'undefined') return { state: 'none' };
  const catalog = embeddedCatalog(document);
  return catalog ? describeExerciseAssignment(location.search, exerciseId, catalog) : { state: 'none' };
}
