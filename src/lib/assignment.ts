/**
 * Assignment links: an instructor's choice of exercises (and optionally lessons), a title and a due
 * date, carried entirely in a URL's query string so the site needs no server or account.
 *
 * `/assignment/?v=1&t=<title>&due=<ISO or empty>&ex=<id,id>&ls=<id,id>&c=<checksum>`
 *
 * `c` is FNV-1a (32 bit, 8 lower-case hex digits) over the canonical parameters. It catches a link
 * that was edited or cut short by accident; it is not a signature, because anyone can recompute it.
 * This module has no DOM or Astro imports, so the batch grader can use it under Node.
 */
import { LESSON_ID_PATTERN, SLUG_PATTERN } from '../schemas/ids';

/** The link format this module writes and reads. */
export const ASSIGNMENT_LINK_VERSION = 1;
/** Longest title, in UTF-16 code units (the unit `String.length` and Zod count). */
export const MAX_TITLE_LENGTH = 120;
/** At most this many exercises per assignment (the whole course has 14). */
export const MAX_EXERCISES = 14;
/** At most this many lessons per assignment. */
export const MAX_LESSONS = 30;
/** A longer query string is refused before it is parsed. */
export const MAX_QUERY_LENGTH = 4_000;

/** What an instructor assigns. */
export interface Assignment {
  /** Shown to the learner as plain text; 1..120 characters, no control characters, no outer spaces. */
  title: string;
  /** `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `±HH:MM`, or null for no due date. */
  due: string | null;
  /** Exercise ids in the instructor's order; 1..14, unique. */
  exercises: string[];
  /** Lesson ids (e.g. `02-foundation/02-semaphore-bulkhead`); 0..30, unique. */
  lessons: string[];
}

/**
 * The ids a link may name. Without `lessonIds`, lesson ids are checked for their form only
 * (useful under Node, where the lesson collection is not at hand).
 */
export interface AssignmentCatalog {
  exerciseIds: Iterable<string>;
  lessonIds?: Iterable<string> | undefined;
}

export type DecodeResult =
  | { ok: true; assignment: Assignment; /** The checksum, which also serves as the assignment's id. */ id: string }
  | { ok: false; problems: string[] };

const PARAMETERS = ['v', 't', 'due', 'ex', 'ls', 'c'] as const;
const REQUIRED = new Set(['v', 't', 'ex', 'c']);
const CHECKSUM_FORM = /^[0-9a-f]{8}$/;
const DUE_FORM = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|([+-])(\d{2}):(\d{2}))$/;
// C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional overrides and isolates
// (which can make inert text read differently from what it is).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');
const MAX_PROBLEMS = 12;

/** Shows a piece of untrusted input inside a message: quoted, cut at 40, control characters escaped. */
function quote(value: string): string {
  const cut = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return `"${cut.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/** FNV-1a, 32 bit, over the UTF-8 bytes of `text`; 8 lower-case hex digits. */
export function fnv1a32(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** The canonical text the checksum covers: the version and the four fields, unambiguous as JSON. */
function canonical(assignment: Assignment): string {
  return JSON.stringify([ASSIGNMENT_LINK_VERSION, assignment.title, assignment.due ?? '', assignment.exercises, assignment.lessons]);
}

/** The link's checksum (and the assignment's id): FNV-1a 32 over the canonical parameters. */
export function assignmentChecksum(assignment: Assignment): string {
  return fnv1a32(canonical(assignment));
}

/**
 * Checks a due date: the exact form `YYYY-MM-DDTHH:MM:SS` + `Z` or `±HH:MM`, a real calendar date
 * and time, a year from 2000 to 2999 and an offset within ±14:00. Returns a problem or undefined.
 */
export function dueProblem(due: string): string | undefined {
  const match = DUE_FORM.exec(due);
  if (!match) return `The due date ${quote(due)} is not of the form 2025-03-14T17:00:00+01:00.`;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (year < 2000 || year > 2999) return `The due date's year ${year} is outside 2000–2999.`;
  const daysInMonth = month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return `The due date ${quote(due)} names a day that does not exist.`;
  if (hour > 23 || minute > 59 || second > 59) return `The due date ${quote(due)} names a time that does not exist.`;
  if (match[7] !== 'Z') {
    const offsetHours = Number(match[9]);
    const offsetMinutes = Number(match[10]);
    if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > 14 * 60) return `The due date's time-zone offset ${match[7] ?? ''} is outside ±14:00.`;
  }
  return undefined;
}

function listProblems(kind: 'exercise' | 'lesson', ids: readonly string[], known: ReadonlySet<string> | undefined, max: number): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  if (kind === 'exercise' && ids.length === 0) problems.push('The assignment names no exercises; pick at least one.');
  if (ids.length > max) problems.push(`The assignment names ${ids.length} ${kind}s; at most ${max} are allowed.`);
  for (const id of ids.slice(0, max + 1)) {
    if (id === '') problems.push(`The ${kind} list has an empty entry.`);
    else if (seen.has(id)) problems.push(`The ${kind} ${quote(id)} is listed twice.`);
    else if (id.length > 120 || !(kind === 'exercise' ? SLUG_PATTERN : LESSON_ID_PATTERN).test(id) || (known !== undefined && !known.has(id))) problems.push(`Unknown ${kind} ${quote(id)}.`);
    seen.add(id);
  }
  return problems;
}

function titleProblems(title: string): string[] {
  if (title.trim() === '') return ['The title is empty.'];
  const problems: string[] = [];
  if (title.length > MAX_TITLE_LENGTH) problems.push(`The title is ${title.length} characters long; at most ${MAX_TITLE_LENGTH} are allowed.`);
  if (CONTROL.test(title)) problems.push('The title contains control characters.');
  if (title !== title.trim()) problems.push('The title begins or ends with spaces.');
  return problems;
}

/** An assignment's problems by the field they concern, so a form can show each next to its input. */
export interface FieldProblems {
  title: string[];
  due: string[];
  exercises: string[];
  lessons: string[];
}

/** Every problem with an assignment, grouped by field (all empty when it is valid). */
export function problemsByField(assignment: Assignment, catalog: AssignmentCatalog): FieldProblems {
  const due = assignment.due === null ? undefined : dueProblem(assignment.due);
  return {
    title: titleProblems(assignment.title),
    due: due === undefined ? [] : [due],
    exercises: listProblems('exercise', assignment.exercises, new Set(catalog.exerciseIds), MAX_EXERCISES),
    lessons: listProblems('lesson', assignment.lessons, catalog.lessonIds === undefined ? undefined : new Set(catalog.lessonIds), MAX_LESSONS),
  };
}

/** Every problem with an assignment (empty when it is valid). */
export function validateAssignment(assignment: Assignment, catalog: AssignmentCatalog): string[] {
  const byField = problemsByField(assignment, catalog);
  return [...byField.title, ...byField.due, ...byField.exercises, ...byField.lessons];
}

/**
 * The query string (without `?`) for a valid assignment, parameters in a fixed order.
 * Throws when the assignment is invalid: callers validate first and show the problems.
 */
export function encodeAssignment(assignment: Assignment, catalog?: AssignmentCatalog): string {
  const problems = validateAssignment(assignment, catalog ?? { exerciseIds: assignment.exercises });
  if (problems.length > 0) throw new Error(`Cannot make a link for an invalid assignment: ${problems.join(' ')}`);
  const params = new URLSearchParams();
  params.set('v', String(ASSIGNMENT_LINK_VERSION));
  params.set('t', assignment.title);
  params.set('due', assignment.due ?? '');
  params.set('ex', assignment.exercises.join(','));
  params.set('ls', assignment.lessons.join(','));
  params.set('c', assignmentChecksum(assignment));
  return params.toString();
}

const splitIds = (value: string | undefined): string[] => (value === undefined || value === '' ? [] : value.split(','));

/**
 * Reads and checks an assignment link's query string (with or without the leading `?`).
 * Every problem is listed, in words a learner can pass on to the instructor; untrusted values appear
 * only quoted and shortened, and the caller must still show them as text, never as HTML.
 */
export function decodeAssignment(query: string, catalog: AssignmentCatalog): DecodeResult {
  if (query.length > MAX_QUERY_LENGTH) return { ok: false, problems: [`The link is ${query.length} characters long; an assignment link is at most ${MAX_QUERY_LENGTH}.`] };
  const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const problems: string[] = [];
  const values = new Map<string, string>();
  const known = new Set<string>(PARAMETERS);
  for (const [name, value] of params) {
    if (!known.has(name)) problems.push(`The link has an unknown parameter ${quote(name)}.`);
    else if (values.has(name)) problems.push(`The link repeats the parameter "${name}".`);
    else values.set(name, value);
  }
  if (params.size === 0) return { ok: false, problems: ['This address carries no assignment. Ask your instructor for the full link.'] };
  for (const name of REQUIRED) if (!values.has(name)) problems.push(`The link is missing the parameter "${name}" (it may have been cut short when copied).`);

  const version = values.get('v');
  if (version !== undefined && version !== String(ASSIGNMENT_LINK_VERSION)) {
    problems.push(`The link's format version ${quote(version)} is not one this site reads (it reads version ${ASSIGNMENT_LINK_VERSION}).`);
  }
  const due = values.get('due');
  const assignment: Assignment = {
    title: values.get('t') ?? '',
    due: due === undefined || due === '' ? null : due,
    exercises: splitIds(values.get('ex')),
    lessons: splitIds(values.get('ls')),
  };
  const byField = problemsByField(assignment, catalog);
  // A missing parameter is already reported; do not add "empty" complaints about it.
  problems.push(...(values.has('t') ? byField.title : []), ...byField.due, ...(values.has('ex') ? byField.exercises : []), ...byField.lessons);

  const checksum = values.get('c');
  if (checksum !== undefined) {
    if (!CHECKSUM_FORM.test(checksum)) problems.push(`The checksum ${quote(checksum)} is not 8 hexadecimal digits.`);
    else if (checksum !== assignmentChecksum(assignment)) problems.push('The checksum does not match the rest of the link: the link was changed after it was made, or copied incompletely.');
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) shown.push(`…and ${problems.length - MAX_PROBLEMS} more problems.`);
    return { ok: false, problems: shown };
  }
  return { ok: true, assignment, id: checksum ?? '' };
}

/**
 * A due date from an instructor's wall-clock date (`YYYY-MM-DD`), time (`HH:MM`) and time-zone offset
 * in minutes east of UTC (e.g. 60 for UTC+01:00; note `Date#getTimezoneOffset` has the opposite sign).
 * Returns undefined when the parts are malformed or name an impossible date; an offset of 0 gives `Z`.
 */
export function isoWithOffset(date: string, time: string, offsetMinutes: number): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time) || !Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > 14 * 60) return undefined;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const size = Math.abs(offsetMinutes);
  const two = (n: number) => String(n).padStart(2, '0');
  const offset = offsetMinutes === 0 ? 'Z' : `${sign}${two(Math.floor(size / 60))}:${two(size % 60)}`;
  const iso = `${date}T${time}:00${offset}`;
  return dueProblem(iso) === undefined ? iso : undefined;
}

/** How long until (or since) a valid due date, as words: "due in 3 days", "overdue by 5 hours". */
export function describeDue(due: string, now: Date): { overdue: boolean; text: string } {
  const difference = Date.parse(due) - now.getTime();
  const overdue = difference < 0;
  const minutes = Math.floor(Math.abs(difference) / 60_000);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const span = days >= 2 ? plural(days, 'day') : hours >= 2 ? plural(hours, 'hour') : minutes >= 1 ? plural(minutes, 'minute') : undefined;
  if (span === undefined) return { overdue, text: overdue ? 'just became overdue' : 'due in less than a minute' };
  return { overdue, text: overdue ? `overdue by ${span}` : `due in ${span}` };
}

/** A file-name-safe slug: ASCII letters and digits joined by dashes, at most 60 characters. */
export function slugify(text: string, fallback: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? fallback : slug;
}

/**
 * The query parameter of an exercise page that carries the assignment it was opened from: the
 * assignment link's whole query string, so the page can check it exactly as the assignment page
 * does and lead back to it. The assignment page puts it on every exercise link it lists.
 */
export const ASSIGNMENT_PARAMETER = 'assignment';

/** An exercise page's address that carries an assignment (`query` as {@link encodeAssignment} makes it). */
export function exerciseInAssignmentHref(exerciseId: string, query: string): string {
  return `/exercises/${encodeURIComponent(exerciseId)}/?${new URLSearchParams({ [ASSIGNMENT_PARAMETER]: query }).toString()}`;
}

/** What an exercise page's address says about an assignment. */
export type ExerciseAssignment =
  | { state: 'none' }
  | {
      state: 'valid';
      assignment: Assignment;
      /** The assignment link's query, in canonical form: `/assignment/?<query>` is the way back. */
      query: string;
      /** This exercise's place in the assignment, from 1. */
      position: number;
      /** The assignment's next exercise after this one, or null when this is its last. */
      next: string | null;
    }
  /** `damaged`: the carried link fails the assignment page's checks; `not-included`: it is valid but does not list this exercise. */
  | { state: 'invalid'; reason: 'damaged' | 'not-included' };

/**
 * Reads the assignment an exercise page was opened from (`search` is `location.search`). The
 * carried link gets the same checks as on the assignment page (form, known ids, checksum), and
 * must list this exercise; anything else is reported as invalid, never half-used.
 */
export function readExerciseAssignment(search: string, exerciseId: string, catalog: AssignmentCatalog): ExerciseAssignment {
  const carried = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search).getAll(ASSIGNMENT_PARAMETER);
  if (carried.length === 0) return { state: 'none' };
  const decoded = carried.length === 1 ? decodeAssignment(carried[0] ?? '', catalog) : undefined;
  if (!decoded?.ok) return { state: 'invalid', reason: 'damaged' };
  const index = decoded.assignment.exercises.indexOf(exerciseId);
  if (index < 0) return { state: 'invalid', reason: 'not-included' };
  return {
    state: 'valid',
    assignment: decoded.assignment,
    query: encodeAssignment(decoded.assignment, catalog),
    position: index + 1,
    next: decoded.assignment.exercises[index + 1] ?? null,
  };
}
