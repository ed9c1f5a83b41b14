/**
 * Builds the submission file (contract B) a learner downloads from an assignment page, from the
 * assignment (contract C) and the progress document (contract A). Pure: the page passes in the
 * document, the exercises' start files and the clock.
 */
import { type Assignment, slugify } from './assignment';
import { MAX_SUBMISSION_BYTES, type Submission, SUBMISSION_FORMAT, parseSubmission } from '../schemas/submission';

/** Longest learner name, in characters (the submission schema's limit). */
export const MAX_LEARNER_NAME_LENGTH = 100;

/** The most recent run an exercise's page saw (a subset of contract A's `ExerciseRunRecord`). */
export interface RunView {
  at: string;
  runner: 'node' | 'worker' | 'webcontainer';
  ok: boolean;
  summary: { total: number; passed: number; failed: number; timedOut: number };
}

/** One exercise's progress (a subset of contract A's `ExerciseProgress`). */
export interface ExerciseProgressView {
  draft: { files: Readonly<Record<string, string>>; updatedAt: string } | null;
  passedAt: string | null;
  lastRun: RunView | null;
}

/** The parts of the progress document (contract A's `ProgressDocument`) a submission reads. */
export interface ProgressView {
  exercises: Readonly<Record<string, ExerciseProgressView>>;
  lessons: Readonly<Record<string, { completedAt: string | null }>>;
}

/** Where a learner stands on one exercise. */
export type ExerciseStatus = 'not-started' | 'in-progress' | 'passing';

/**
 * `passing` when the latest run passed every test (or, with no run recorded, once passed);
 * `in-progress` when there is a draft, a run or an earlier pass; otherwise `not-started`.
 */
export function exerciseStatus(progress: ExerciseProgressView | undefined): ExerciseStatus {
  if (!progress) return 'not-started';
  if (progress.lastRun ? progress.lastRun.ok : progress.passedAt !== null) return 'passing';
  return progress.draft !== null || progress.lastRun !== null || progress.passedAt !== null ? 'in-progress' : 'not-started';
}

// C0/C1 controls, line separators and bidirectional overrides, as the submission schema refuses them.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** What is wrong with a typed learner name, or undefined when it can go in a submission. */
export function learnerNameProblem(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'Type your name, so your instructor knows whose work this is.';
  if (trimmed.length > MAX_LEARNER_NAME_LENGTH) return `Your name is ${trimmed.length} characters long; at most ${MAX_LEARNER_NAME_LENGTH} fit.`;
  if (CONTROL.test(trimmed)) return 'Your name contains control characters; type it again without them.';
  return undefined;
}

/** `<name-slug>-<assignment-title-slug>.json`, safe on every file system. */
export function submissionFileName(learnerName: string, title: string): string {
  return `${slugify(learnerName, 'learner')}-${slugify(title, 'assignment')}.json`;
}

export interface SubmissionInput {
  assignment: Assignment;
  /** The assignment's id (its checksum). */
  id: string;
  /** The query string the learner opened, without `?`. */
  link: string;
  learnerName: string;
  progress: ProgressView;
  /** Each assignment exercise's start files, by exercise id then file name. */
  startFiles: Readonly<Record<string, Readonly<Record<string, string>>>>;
  now: Date;
}

export type SubmissionBuild =
  | { ok: true; submission: Submission; json: string; fileName: string; notPassing: string[] }
  | { ok: false; problems: string[] };

/**
 * The submission: each exercise's final code is its start files with the saved draft laid over them
 * (only the exercise's own file names), its browser result is the last run the page saw (a timed-out
 * test counts as failed), and each lesson carries its completion time. The result is checked against
 * the submission schema, so a file the grader would refuse is never offered for download.
 * `notPassing` lists the exercises whose status is not `passing`, for a warning (not a block).
 */
export function buildSubmission(input: SubmissionInput): SubmissionBuild {
  const nameProblem = learnerNameProblem(input.learnerName);
  if (nameProblem) return { ok: false, problems: [nameProblem] };
  const problems: string[] = [];
  const notPassing: string[] = [];
  const exercises: Submission['exercises'] = [];
  for (const id of input.assignment.exercises) {
    const start = input.startFiles[id];
    if (!start || Object.keys(start).length === 0) {
      problems.push(`The start files of exercise "${id}" could not be loaded.`);
      continue;
    }
    const progress = Object.hasOwn(input.progress.exercises, id) ? input.progress.exercises[id] : undefined;
    const files: Record<string, string> = {};
    for (const [name, source] of Object.entries(start)) {
      const drafted = progress?.draft && Object.hasOwn(progress.draft.files, name) ? progress.draft.files[name] : undefined;
      files[name] = drafted ?? source;
    }
    const run = progress?.lastRun ?? null;
    const failed = run ? Math.min(run.summary.failed + run.summary.timedOut, Math.max(0, run.summary.total - run.summary.passed)) : 0;
    exercises.push({
      id,
      files,
      updatedAt: progress?.draft?.updatedAt ?? null,
      browserResult: run ? { at: run.at, runner: run.runner, ok: run.ok, passed: run.summary.passed, failed, total: run.summary.total } : null,
    });
    if (exerciseStatus(progress) !== 'passing') notPassing.push(id);
  }
  if (problems.length > 0) return { ok: false, problems };

  const candidate = {
    format: SUBMISSION_FORMAT,
    version: 1,
    learner: { name: input.learnerName.trim() },
    assignment: { id: input.id, title: input.assignment.title, due: input.assignment.due, exercises: [...input.assignment.exercises], lessons: [...input.assignment.lessons], link: input.link },
    createdAt: input.now.toISOString(),
    exercises,
    lessons: input.assignment.lessons.map((id) => ({ id, completedAt: (Object.hasOwn(input.progress.lessons, id) ? input.progress.lessons[id]?.completedAt : null) ?? null })),
  };
  const parsed = parseSubmission(candidate);
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map((problem) => `The submission would not be accepted by the grader: ${problem}`) };
  const json = `${JSON.stringify(parsed.submission, null, 2)}\n`;
  const bytes = new TextEncoder().encode(json).length;
  if (bytes > MAX_SUBMISSION_BYTES) {
    return { ok: false, problems: [`The submission would be ${Math.ceil(bytes / 1000)} kB; the grader reads at most ${MAX_SUBMISSION_BYTES / 1000} kB. Remove large pasted data from your code and try again.`] };
  }
  return { ok: true, submission: parsed.submission, json, fileName: submissionFileName(input.learnerName, input.assignment.title), notPassing };
}
