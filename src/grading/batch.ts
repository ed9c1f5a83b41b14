/**
 * Node-only: grades every `.json` file of a folder. Files are read and validated defensively, runs
 * go through one prepared `NodeRunner` per exercise (the exercise is transpiled once per batch, not
 * once per submission), one file's runs share a `NodeSession` (a Node process reused while its
 * runs end cleanly), at most `jobs` files run at a time, and a bad file becomes a row with an
 * error instead of stopping the batch. Rows come back in file-name order.
 */
import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { NodeRunner, NodeSession, type NodeRunnerOptions } from '../runners/node-runner';
import type { RunResult } from '../runners/types';
import { MAX_SUBMISSION_BYTES } from '../schemas/submission';
import { loadExerciseSet, type ExerciseSet } from './exercise-set';
import { errorRow, gradeSubmission, sortFlags, type ExerciseCatalogView, type GradeRow, type PlannedTests } from './grade-submission';
import { readSubmissionFile } from './read-submission';

/**
 * Default wall-clock limit for one run in a batch, in milliseconds (each exercise's own limit still
 * applies when it is lower). It is the backstop for runs that wait rather than compute (a promise
 * that never settles); busy loops meet the CPU-time limit first. On 2 cores loaded by other work,
 * right solutions took up to 2.8 s of wall-clock time in `bench:grade-batch`.
 */
export const DEFAULT_BATCH_TIME_LIMIT_MS = 8000;

/**
 * Default CPU-time limit for one run in a batch, in milliseconds (Linux; elsewhere only the
 * wall-clock limit applies). CPU time hardly grows when the machine is busy, so it can sit close
 * to what right solutions need (the heaviest exercises use about 0.6 s including Node's start-up,
 * and no single test more than about 0.25 s) and cut endless loops early: a loop in one step
 * (loading the code, or one test) is cut at half the limit, 1 s.
 */
export const DEFAULT_BATCH_CPU_LIMIT_MS = 2000;

/** Options of `gradeBatch`. */
export interface BatchOptions {
  /** Child processes at a time (default `os.availableParallelism()`). */
  jobs?: number;
  /** Wall-clock limit per run in milliseconds (default `DEFAULT_BATCH_TIME_LIMIT_MS`), capped by the exercise's own. */
  timeLimitMs?: number;
  /** CPU-time limit per run in milliseconds (default `DEFAULT_BATCH_CPU_LIMIT_MS`; Linux only). */
  cpuLimitMs?: number;
  /** Also judge lateness by the file's modification time (default true). */
  useFileTime?: boolean;
  /** Largest submission file in bytes (default `MAX_SUBMISSION_BYTES`). */
  maxBytes?: number;
  /** The exercises folder (default `exercises`), or an already loaded set. */
  exercises?: string | ExerciseSet;
  /** Settings passed to every `NodeRunner`. */
  runner?: NodeRunnerOptions;
  /** Stops the batch: runs in progress are stopped and the remaining rows get an error. */
  signal?: AbortSignal;
  /** Called after each row is graded, with the count so far and the number of files. */
  onRow?: (done: number, total: number) => void;
  /** Called after each run with its exercise id and result (for measurements). */
  onRun?: (exerciseId: string, result: RunResult) => void;
}

/** A file of the folder that is not graded, and why. */
export interface SkippedFile {
  file: string;
  reason: string;
}

/** The whole batch's outcome. Deterministic for the same files (no timings or dates of its own). */
export interface Gradebook {
  /** Exercise columns: the union of every graded row's assigned exercises, in course order. */
  exercises: string[];
  /** Lesson columns: the union of every graded row's required lessons, in course order (by lesson id). */
  lessons: string[];
  /** One row per `.json` file, in file-name order. */
  rows: GradeRow[];
  /** Other entries of the folder. */
  skipped: SkippedFile[];
  /** Each distinct assignment seen, with how many rows follow it. */
  assignments: Array<{ id: string; title: string; due: string | null; rows: number }>;
  /** The per-run wall-clock limit used, in milliseconds. */
  timeLimitMs: number;
}

/** The folder cannot be graded at all (missing, not a folder). */
export class BatchInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BatchInputError';
  }
}

/**
 * Grades every `.json` file of `folder` (not its subfolders).
 * @throws BatchInputError when the folder cannot be listed; ExerciseLoadError when the course's exercises are broken.
 */
export async function gradeBatch(folder: string, options: BatchOptions = {}): Promise<Gradebook> {
  const jobs = Math.max(1, Math.floor(options.jobs ?? availableParallelism()));
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_BATCH_TIME_LIMIT_MS;
  const cpuLimitMs = options.cpuLimitMs ?? DEFAULT_BATCH_CPU_LIMIT_MS;
  const { files, skipped } = await listFolder(folder);
  const exerciseSet = typeof options.exercises === 'object' ? options.exercises : await loadExerciseSet(options.exercises);
  const catalog: ExerciseCatalogView = {
    filesOf: (id) => exerciseSet.byId.get(id)?.meta.files,
    startOf: (id) => exerciseSet.byId.get(id)?.bundle.start,
    ids: () => exerciseSet.order,
  };

  const runners = new Map<string, Promise<NodeRunner>>();
  const runnerFor = (id: string): Promise<NodeRunner> => {
    let runner = runners.get(id);
    if (runner === undefined) {
      const exercise = exerciseSet.byId.get(id);
      if (exercise === undefined) return Promise.reject(new Error(`unknown exercise ${id}`));
      const created = new NodeRunner(options.runner);
      runner = created.prepare(exercise.bundle).then(() => created);
      runners.set(id, runner);
    }
    return runner;
  };
  // A file holds one of these while it is graded.
  const jobSlots = createLimiter(jobs);
  const run = async (id: string, submitted: Record<string, string>, session: NodeSession): Promise<RunResult> => {
    if (options.signal?.aborted === true) return stoppedResult('aborted', 'Grading was cancelled.');
    let runner: NodeRunner;
    try {
      runner = await runnerFor(id);
    } catch (error) {
      return stoppedResult('internal', `The exercise could not be prepared: ${error instanceof Error ? error.message : String(error)}`);
    }
    const limit = Math.min(timeLimitMs, exerciseSet.byId.get(id)?.bundle.timeLimitMs ?? timeLimitMs);
    const runOptions = options.signal === undefined ? { includeHidden: true, timeoutMs: limit, cpuLimitMs, session } : { includeHidden: true, timeoutMs: limit, cpuLimitMs, session, signal: options.signal };
    const result = await runner.run(submitted, runOptions);
    options.onRun?.(id, result);
    return result;
  };

  // The test count of an exercise that a file leaves out or does not attempt comes from one run of
  // its start code per batch, in a process of its own (no learner code ever ran there). Files wait
  // for it while holding their job slot, so it takes none: at most one process more than `jobs`.
  const planSession = new NodeSession(options.runner?.tempRoot === undefined ? {} : { tempRoot: options.runner.tempRoot });
  const plans = new Map<string, Promise<PlannedTests | undefined>>();
  const plannedTests = (id: string): Promise<PlannedTests | undefined> => {
    let plan = plans.get(id);
    if (plan === undefined) {
      const start = exerciseSet.byId.get(id)?.bundle.start;
      plan = start === undefined ? Promise.resolve(undefined) : run(id, { ...start }, planSession).then(countPlanned, () => undefined);
      plans.set(id, plan);
    }
    return plan;
  };

  // Submissions in flight are bounded too, so memory stays flat however many files there are.
  const fileSlots = createLimiter(jobs * 2);
  const maxBytes = options.maxBytes ?? MAX_SUBMISSION_BYTES;
  let done = 0;
  try {
    const rows = await Promise.all(
      files.map((file) =>
        fileSlots(async (): Promise<GradeRow> => {
          const row = await gradeFile(join(folder, file), file, { maxBytes, catalog, run, plannedTests, jobSlots, timeLimitMs, useFileTime: options.useFileTime !== false, signal: options.signal, tempRoot: options.runner?.tempRoot });
          done += 1;
          options.onRow?.(done, files.length);
          return row;
        }),
      ),
    );
    flagDuplicateLearners(rows);
    return { exercises: exerciseColumns(rows, exerciseSet.order), lessons: lessonColumns(rows), rows, skipped, assignments: assignmentsSeen(rows), timeLimitMs };
  } finally {
    await planSession.close();
    await Promise.all([...runners.values()].map((runner) => runner.then((created) => created.dispose(), () => undefined)));
  }
}

async function gradeFile(
  path: string,
  file: string,
  settings: {
    maxBytes: number;
    catalog: ExerciseCatalogView;
    run: (id: string, files: Record<string, string>, session: NodeSession) => Promise<RunResult>;
    plannedTests: (id: string) => Promise<PlannedTests | undefined>;
    jobSlots: <T>(task: () => Promise<T>) => Promise<T>;
    timeLimitMs: number;
    useFileTime: boolean;
    signal: AbortSignal | undefined;
    tempRoot: string | undefined;
  },
): Promise<GradeRow> {
  if (settings.signal?.aborted === true) return errorRow(file, 'Grading was cancelled before this file.', null);
  const read = await readSubmissionFile(path, { maxBytes: settings.maxBytes });
  if (!read.ok) return errorRow(file, read.error, read.modifiedAt);
  // One learner's exercises run one after another (the session queues them) and may share a Node
  // process, never with another file's. The file holds one job slot while it is graded, so at most
  // `jobs` processes are alive.
  try {
    return await settings.jobSlots(async () => {
      const session = new NodeSession(settings.tempRoot === undefined ? {} : { tempRoot: settings.tempRoot });
      try {
        return await gradeSubmission(file, read.submission, read.modifiedAt, {
          catalog: settings.catalog,
          run: (id, files) => settings.run(id, files, session),
          plannedTests: settings.plannedTests,
          useFileTime: settings.useFileTime,
          timeLimitMs: settings.timeLimitMs,
        });
      } finally {
        await session.close();
      }
    });
  } catch (error) {
    // The runner promises not to reject for submission problems; anything else is the grader's fault.
    return errorRow(file, `The grader failed on this file: ${error instanceof Error ? error.message : String(error)}`, read.modifiedAt);
  }
}

/** The `.json` files of a folder in code-point order, and everything else as skipped. */
async function listFolder(folder: string): Promise<{ files: string[]; skipped: SkippedFile[] }> {
  let entries;
  try {
    entries = await readdir(resolve(folder), { withFileTypes: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new BatchInputError(code === 'ENOTDIR' ? `${folder} is not a folder` : code === 'ENOENT' ? `there is no folder ${folder}` : `cannot list the folder ${folder}`);
  }
  const names = entries.map((entry) => entry.name).sort(compareNames);
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  for (const name of names) {
    const entry = byName.get(name);
    if (entry?.isDirectory() === true) skipped.push({ file: name, reason: 'a folder (subfolders are not searched)' });
    else if (/\.json$/i.test(name)) files.push(name);
    else skipped.push({ file: name, reason: 'not a .json file' });
  }
  return { files, skipped };
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Adds a "duplicate-learner" flag to every row whose learner name (ignoring case and spacing) appears in another file. */
export function flagDuplicateLearners(rows: GradeRow[]): void {
  const byName = new Map<string, GradeRow[]>();
  for (const row of rows) {
    if (row.learner === null) continue;
    const key = row.learner.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
    byName.set(key, [...(byName.get(key) ?? []), row]);
  }
  for (const group of byName.values()) {
    if (group.length < 2) continue;
    for (const row of group) {
      const others = group.filter((other) => other !== row).map((other) => other.file);
      row.flags = sortFlags([...row.flags, { kind: 'duplicate-learner', message: `duplicate learner name: also in ${others.join(', ')}` }], row.assignment?.exercises ?? []);
    }
  }
}

function exerciseColumns(rows: readonly GradeRow[], order: readonly string[]): string[] {
  const used = new Set(rows.flatMap((row) => row.assignment?.exercises ?? []));
  return order.filter((id) => used.has(id));
}

function lessonColumns(rows: readonly GradeRow[]): string[] {
  return [...new Set(rows.flatMap((row) => row.assignment?.lessons ?? []))].sort(compareNames);
}

/** The visible and hidden tests of a run's plan, or undefined when the run stopped before its tests were collected. */
function countPlanned(result: RunResult): PlannedTests | undefined {
  if (result.tests.length === 0) return undefined;
  return { visible: result.tests.filter((test) => test.suite === 'visible').length, hidden: result.tests.filter((test) => test.suite === 'hidden').length };
}

function assignmentsSeen(rows: readonly GradeRow[]): Gradebook['assignments'] {
  const seen = new Map<string, Gradebook['assignments'][number]>();
  for (const row of rows) {
    if (row.assignment === null) continue;
    const { id, title, due } = row.assignment;
    const key = JSON.stringify([id, title, due]);
    const entry = seen.get(key);
    if (entry === undefined) seen.set(key, { id, title, due, rows: 1 });
    else entry.rows += 1;
  }
  return [...seen.values()];
}

function stoppedResult(kind: 'aborted' | 'internal', message: string): RunResult {
  return { ok: false, runner: 'node', tests: [], summary: { total: 0, passed: 0, failed: 0, timedOut: 0, durationMs: 0 }, error: { kind, message }, output: '', outputTruncated: false };
}

/** Runs at most `limit` tasks at a time, in the order they were queued. */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  // A finishing task hands its slot straight to the next waiter, so a newcomer cannot slip in between.
  const release = (): void => {
    const next = waiting.shift();
    if (next === undefined) active -= 1;
    else next();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((wake) => waiting.push(wake));
    else active += 1;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
