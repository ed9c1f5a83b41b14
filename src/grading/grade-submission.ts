/**
 * Grades one validated submission: checks it against the course's exercises and its assignment
 * link, re-runs every assigned exercise (visible and hidden tests) through a caller-supplied run
 * function, and raises flags. The browser's recorded results are only ever compared, never used
 * as a score. An exercise left as its start code (and never run) scores 0 without a run, and the
 * assignment's lessons are reported as the file records them. No file or process access here: the
 * batch supplies the runs.
 */
import { decodeAssignment, type Assignment } from '../lib/assignment';
import type { RunErrorKind, RunResult } from '../runners/types';
import type { Submission, SubmittedExercise } from '../schemas/submission';
import { formatSeconds } from '../runners/run-core';

/** What a flag is about. Flags are warnings for the instructor; they do not make a row an error. */
export type GradeFlagKind =
  | 'browser-claimed-pass'
  | 'late'
  | 'not-in-assignment'
  | 'missing-exercise'
  | 'link-changed'
  | 'run-cut-off'
  | 'run-tampered'
  | 'duplicate-learner'
  | 'not-attempted';

/** One flag on a gradebook row. */
export interface GradeFlag {
  /** The category, for filtering. */
  kind: GradeFlagKind;
  /** The exercise the flag concerns, when it concerns one. */
  exercise?: string;
  /** One sentence for the instructor, starting with the flag's label (e.g. "late: …"). */
  message: string;
}

/** Counts of one test suite in the re-run. */
export interface SuiteCount {
  /** Tests that passed. */
  passed: number;
  /** Tests in the suite's plan (0 when the run stopped before its tests were collected). */
  total: number;
}

/** The re-run of one assigned exercise. */
export interface ExerciseGrade {
  /** Exercise id. */
  id: string;
  /**
   * Whether the submission contains work on this exercise: false when it is missing, or when it is
   * the untouched start code with no browser result ("not-attempted"). Either way it scores 0.
   */
  submitted: boolean;
  /** Tests that passed, visible and hidden. */
  passed: number;
  /** Tests in the plan, visible and hidden (for an exercise not submitted: the tests it would have had, when known). */
  total: number;
  /** passed / total, from 0 to 1 (0 when nothing ran). */
  score: number;
  /** Every test passed and the run had no run-level error. */
  pass: boolean;
  /** The visible suite, which is what the browser ran. */
  visible: SuiteCount;
  /** The hidden suite. */
  hidden: SuiteCount;
  /** Why the run stopped as a whole, if it did. */
  runError: { kind: RunErrorKind; message: string; limit?: 'cpu' } | null;
  /** Names of the tests that did not pass, as "[suite] name" (at most 20). */
  failedTests: string[];
  /** What the browser recorded, for comparison only. */
  browserResult: SubmittedExercise['browserResult'];
}

/** One gradebook row: one submission file. */
export interface GradeRow {
  /** The file name inside the batch folder. */
  file: string;
  /** The learner's name as typed (null when the file could not be read). */
  learner: string | null;
  /** The assignment the grading followed: its link's when the link verifies, else the file's claim. */
  assignment: { id: string; title: string; due: string | null; exercises: string[]; lessons: string[] } | null;
  /** `createdAt` from the file: written by the learner's browser, so only as honest as its clock. */
  submittedAt: string | null;
  /** The file's modification time on the grader's disk. */
  fileModifiedAt: string | null;
  /** The assigned exercises in assignment order. */
  exercises: ExerciseGrade[];
  /** Sum of the assigned exercises' scores. */
  total: number;
  /** Number of assigned exercises (the most `total` can be). */
  max: number;
  /** Warnings for the instructor. */
  flags: GradeFlag[];
  /** Each lesson the assignment requires, by lesson id: whether the file records it as completed (empty for an error row). */
  lessons: Record<string, LessonStatus>;
  /** Why this row could not be graded, or null. A row with an error has no scores. */
  error: string | null;
}

/**
 * A required lesson as the submission records it: "done" when the learner marked it complete,
 * "not done" when the file lists it without a completion time, "not recorded" when the file does
 * not list it. It is the learner's own mark, which the grader cannot check.
 */
export type LessonStatus = 'done' | 'not done' | 'not recorded';

/** How many visible and hidden tests an exercise has. */
export interface PlannedTests {
  visible: number;
  hidden: number;
}

/** What grading needs to know about the course's exercises. */
export interface ExerciseCatalogView {
  /** The learner file names of an exercise, or undefined for an unknown id. */
  filesOf(id: string): readonly string[] | undefined;
  /** The start code of an exercise by file name, or undefined for an unknown id. */
  startOf(id: string): Readonly<Record<string, string>> | undefined;
  /** Every exercise id, for checking the assignment link. */
  ids(): Iterable<string>;
}

/** Re-runs one exercise with visible and hidden tests. Must not reject for problems in the code. */
export type RunExercise = (exerciseId: string, files: Record<string, string>) => Promise<RunResult>;

/** Settings of one grading. */
export interface GradeContext {
  catalog: ExerciseCatalogView;
  run: RunExercise;
  /** Also use the file's modification time when judging lateness (default true). */
  useFileTime?: boolean;
  /** The run time limit in milliseconds, for the wording of cut-off flags. */
  timeLimitMs?: number;
  /**
   * The number of tests an exercise has, for the total of an exercise that is missing or not
   * attempted (and so not run). Without it, or when it fails, that total is 0.
   */
  plannedTests?: (exerciseId: string) => Promise<PlannedTests | undefined>;
}

/** A row with only an error, for files that could not be read or validated. */
export function errorRow(file: string, error: string, fileModifiedAt: string | null): GradeRow {
  return { file, learner: null, assignment: null, submittedAt: null, fileModifiedAt, exercises: [], total: 0, max: 0, flags: [], lessons: {}, error };
}

/**
 * Grades one submission.
 * @param file - the file name, for the row.
 * @param submission - the validated submission.
 * @param fileModifiedAt - the file's modification time (ISO 8601), or null if unknown.
 */
export async function gradeSubmission(file: string, submission: Submission, fileModifiedAt: string | null, context: GradeContext): Promise<GradeRow> {
  const problems = catalogProblems(submission, context.catalog);
  const base: GradeRow = {
    file,
    learner: submission.learner.name,
    assignment: null,
    submittedAt: submission.createdAt,
    fileModifiedAt,
    exercises: [],
    total: 0,
    max: 0,
    flags: [],
    lessons: {},
    error: null,
  };
  if (problems.length > 0) return { ...base, error: `The submission names things the course does not have: ${problems.join('; ')}.` };

  const flags: GradeFlag[] = [];
  const assignment = authoritativeAssignment(submission, context.catalog, flags);
  base.assignment = { id: assignment.id, title: assignment.title, due: assignment.due, exercises: [...assignment.exercises], lessons: [...assignment.lessons] };
  base.lessons = lessonStatuses(assignment.lessons, submission.lessons);

  const late = lateness(assignment.due, submission.createdAt, context.useFileTime === false ? null : fileModifiedAt);
  if (late !== undefined) flags.push({ kind: 'late', message: late });

  const assigned = new Set(assignment.exercises);
  for (const entry of submission.exercises) {
    if (!assigned.has(entry.id)) {
      flags.push({ kind: 'not-in-assignment', exercise: entry.id, message: `exercise not in assignment: ${entry.id} (not graded)` });
    }
  }

  const byId = new Map(submission.exercises.map((entry) => [entry.id, entry]));
  const errors: string[] = [];
  const grades = await Promise.all(
    assignment.exercises.map(async (id): Promise<ExerciseGrade> => {
      const entry = byId.get(id);
      if (entry === undefined) {
        flags.push({ kind: 'missing-exercise', exercise: id, message: `assignment exercise missing: ${id} (scored 0)` });
        return unsubmittedGrade(id, await plannedTests(context, id));
      }
      // Start code earns some tests by itself; left untouched and never run, it earns nothing.
      if (isUntouched(entry, context.catalog.startOf(id))) {
        flags.push({ kind: 'not-attempted', exercise: id, message: `not attempted: ${id} (start code, never run; scored 0)` });
        return unsubmittedGrade(id, await plannedTests(context, id));
      }
      const result = await context.run(id, { ...entry.files });
      return gradeRun(id, entry, result);
    }),
  );
  for (const grade of grades) {
    flags.push(...runFlags(grade, context.timeLimitMs));
    const kind = grade.runError?.kind;
    if (kind === 'internal' || kind === 'aborted') errors.push(`${grade.id}: ${grade.runError?.message ?? ''}`);
  }
  const total = grades.reduce((sum, grade) => sum + grade.score, 0);
  return {
    ...base,
    exercises: grades,
    total,
    max: grades.length,
    flags: sortFlags(flags, assignment.exercises),
    error: errors.length > 0 ? `The grader could not finish: ${errors.join('; ')}` : null,
  };
}

/** Exercise ids and file names that the course does not have, each naming its field path. */
function catalogProblems(submission: Submission, catalog: ExerciseCatalogView): string[] {
  const problems: string[] = [];
  submission.assignment.exercises.forEach((id, index) => {
    if (catalog.filesOf(id) === undefined) problems.push(`assignment.exercises.${index}: unknown exercise "${id}"`);
  });
  submission.exercises.forEach((entry, index) => {
    const files = catalog.filesOf(entry.id);
    if (files === undefined) {
      problems.push(`exercises.${index}.id: unknown exercise "${entry.id}"`);
      return;
    }
    for (const name of Object.keys(entry.files)) {
      if (!files.includes(name)) problems.push(`exercises.${index}.files: "${name}" is not a file of ${entry.id} (its files: ${files.join(', ')})`);
    }
  });
  return problems;
}

/**
 * The assignment to grade against. The link (when its checksum verifies) wins over the file's own
 * copy of the fields; any disagreement or a link that does not verify raises "link-changed".
 */
function authoritativeAssignment(submission: Submission, catalog: ExerciseCatalogView, flags: GradeFlag[]): Assignment & { id: string } {
  const claimed = submission.assignment;
  const decoded = decodeAssignment(claimed.link, { exerciseIds: catalog.ids() });
  if (!decoded.ok) {
    flags.push({ kind: 'link-changed', message: `assignment link changed: ${decoded.problems[0] ?? 'the link does not verify'}` });
    return { id: claimed.id, title: claimed.title, due: claimed.due, exercises: claimed.exercises, lessons: claimed.lessons };
  }
  const link = decoded.assignment;
  const differing: string[] = [];
  if (decoded.id !== claimed.id) differing.push('id');
  if (link.title !== claimed.title) differing.push('title');
  if (!sameInstant(link.due, claimed.due)) differing.push('due');
  if (link.exercises.join(',') !== claimed.exercises.join(',')) differing.push('exercises');
  if (link.lessons.join(',') !== claimed.lessons.join(',')) differing.push('lessons');
  if (differing.length > 0) {
    flags.push({ kind: 'link-changed', message: `assignment link changed: the file's ${differing.join(', ')} differ from its link; graded against the link` });
  }
  return { ...link, id: decoded.id };
}

function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return Date.parse(a) === Date.parse(b);
}

/**
 * The "late" message, or undefined when on time. `createdAt` comes from the learner's browser,
 * so the file's modification time is compared too and the later of the two decides.
 */
export function lateness(due: string | null, createdAt: string, fileModifiedAt: string | null): string | undefined {
  if (due === null) return undefined;
  const dueMs = Date.parse(due);
  const createdMs = Date.parse(createdAt);
  const fileMs = fileModifiedAt === null ? Number.NEGATIVE_INFINITY : Date.parse(fileModifiedAt);
  if (createdMs > dueMs && createdMs >= fileMs) return `late: submitted ${createdAt} (the browser's clock), due ${due}`;
  if (fileMs > dueMs && fileModifiedAt !== null) {
    const note = createdMs > dueMs ? `the browser recorded ${createdAt}` : `the browser recorded ${createdAt}, on time`;
    return `late: the file was last modified ${fileModifiedAt}, due ${due} (${note})`;
  }
  return undefined;
}

/**
 * Whether an exercise entry is the untouched start code: no browser result, and every file equal
 * to its start file apart from whitespace (a file left out counts as its start file, which the
 * runner fills in). A comment is a change.
 */
export function isUntouched(entry: SubmittedExercise, start: Readonly<Record<string, string>> | undefined): boolean {
  if (entry.browserResult !== null || start === undefined) return false;
  return Object.entries(start).every(([name, code]) => withoutWhitespace(Object.hasOwn(entry.files, name) ? (entry.files[name] ?? '') : code) === withoutWhitespace(code));
}

/** Code with whitespace runs reduced to a space between two word characters and dropped elsewhere. */
function withoutWhitespace(code: string): string {
  return code.replace(/\s+/gu, ' ').replace(/ (?![\p{L}\p{N}_$])|(?<![\p{L}\p{N}_$]) /gu, '');
}

/** The tests an exercise would have had, or none when that is unknown. Never rejects. */
async function plannedTests(context: GradeContext, id: string): Promise<PlannedTests> {
  try {
    return (await context.plannedTests?.(id)) ?? { visible: 0, hidden: 0 };
  } catch {
    return { visible: 0, hidden: 0 };
  }
}

/** The grade of an exercise that was not run (missing, or not attempted): 0 of the tests it would have had. */
function unsubmittedGrade(id: string, planned: PlannedTests): ExerciseGrade {
  return {
    id,
    submitted: false,
    passed: 0,
    total: planned.visible + planned.hidden,
    score: 0,
    pass: false,
    visible: { passed: 0, total: planned.visible },
    hidden: { passed: 0, total: planned.hidden },
    runError: null,
    failedTests: [],
    browserResult: null,
  };
}

/** Each required lesson's status as the file records it. */
function lessonStatuses(required: readonly string[], recorded: Submission['lessons']): Record<string, LessonStatus> {
  const completedAt = new Map(recorded.map((entry) => [entry.id, entry.completedAt]));
  const statuses: Record<string, LessonStatus> = {};
  for (const id of required) {
    const at = completedAt.get(id);
    statuses[id] = at === undefined ? 'not recorded' : at === null ? 'not done' : 'done';
  }
  return statuses;
}

/** Turns a re-run into an exercise grade. */
export function gradeRun(id: string, entry: SubmittedExercise, result: RunResult): ExerciseGrade {
  const count = (suite: 'visible' | 'hidden'): SuiteCount => {
    const tests = result.tests.filter((test) => test.suite === suite);
    return { passed: tests.filter((test) => test.status === 'passed').length, total: tests.length };
  };
  const passed = result.tests.filter((test) => test.status === 'passed').length;
  const total = Math.max(result.summary.total, result.tests.length);
  return {
    id,
    submitted: true,
    passed,
    total,
    score: total > 0 ? passed / total : 0,
    pass: result.ok && total > 0 && passed === total,
    visible: count('visible'),
    hidden: count('hidden'),
    runError: result.error === undefined ? null : { kind: result.error.kind, message: result.error.message, ...(result.error.limit === undefined ? {} : { limit: result.error.limit }) },
    failedTests: result.tests
      .filter((test) => test.status !== 'passed')
      .slice(0, 20)
      .map((test) => `[${test.suite}] ${test.name}`),
    browserResult: entry.browserResult,
  };
}

/**
 * Flags that come from one exercise's re-run. Each is decided on its own, so a stop never hides
 * another flag: a claimed pass that the re-run does not confirm is flagged whatever stopped the
 * run (a run cut off at a time limit also gets a hint to re-run with a higher limit), and a run
 * stopped for tampering is flagged as such.
 */
function runFlags(grade: ExerciseGrade, timeLimitMs: number | undefined): GradeFlag[] {
  const flags: GradeFlag[] = [];
  const claim = grade.browserResult;
  const error = grade.runError;
  const kind = error?.kind;
  const cutOff = kind === 'timeout' || kind === 'memory' || kind === 'output';
  const cpu = kind === 'timeout' && error?.limit === 'cpu';
  const limit = cpu ? 'CPU-time limit' : kind === 'timeout' ? (timeLimitMs === undefined ? 'time limit' : `time limit of ${formatSeconds(timeLimitMs)}`) : kind === 'memory' ? 'memory limit' : 'output limit';
  // The browser runs only the visible tests, so only they can contradict its claim.
  const visibleFail = error !== null || grade.visible.total === 0 || grade.visible.passed < grade.visible.total;
  if (claim?.ok === true && visibleFail) {
    const stop = error === null ? '' : cutOff ? `was cut off at the ${limit}` : `stopped (${error.kind})`;
    const rerun =
      error !== null && grade.visible.total === 0
        ? `the re-run ${stop}`
        : `re-run: ${grade.visible.passed}/${grade.visible.total} visible${stop === '' ? '' : ` before it ${stop}`}`;
    flags.push({
      kind: 'browser-claimed-pass',
      exercise: grade.id,
      message: `browser claimed pass, tests fail: ${grade.id} (browser: ${claim.passed}/${claim.total}; ${rerun})`,
    });
  }
  if (cutOff) {
    // The batch's time limits are tighter than the browser's, so a slow but right solution can pass
    // there and be cut off here: the hint says so, next to the claimed-pass flag, never instead of it.
    const hint = kind === 'timeout' && claim?.ok === true ? ` (the browser saw a pass: re-run with a higher ${cpu ? '--cpu-limit' : '--time-limit'} before deciding)` : '';
    flags.push({ kind: 'run-cut-off', exercise: grade.id, message: `run cut off: ${grade.id} hit the ${limit}${hint}` });
  }
  if (kind === 'tamper') flags.push({ kind: 'run-tampered', exercise: grade.id, message: `run stopped: ${grade.id} sent a result without the run secret (a forgery)` });
  return flags;
}

const FLAG_ORDER: readonly GradeFlagKind[] = ['link-changed', 'late', 'duplicate-learner', 'browser-claimed-pass', 'run-tampered', 'run-cut-off', 'missing-exercise', 'not-attempted', 'not-in-assignment'];

/** Flags in a stable order: by kind, then by the exercise's place in the assignment. */
export function sortFlags(flags: readonly GradeFlag[], exerciseOrder: readonly string[]): GradeFlag[] {
  const place = (flag: GradeFlag) => (flag.exercise === undefined ? -1 : exerciseOrder.indexOf(flag.exercise));
  return [...flags].sort(
    (a, b) => FLAG_ORDER.indexOf(a.kind) - FLAG_ORDER.indexOf(b.kind) || place(a) - place(b) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

