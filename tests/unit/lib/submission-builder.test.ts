import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { assignmentChecksum, encodeAssignment, type Assignment } from '../../../src/lib/assignment';
import {
  buildSubmission,
  exerciseStatus,
  learnerNameProblem,
  submissionFileName,
  type ExerciseProgressView,
  type ProgressView,
  type SubmissionInput,
} from '../../../src/lib/submission-builder';
import { submissionSchema } from '../../../src/schemas/submission';

const assignment: Assignment = {
  title: 'Week 3: <b>bulkheads</b>',
  due: '2030-03-14T17:00:00+01:00',
  exercises: ['semaphore-bulkhead', 'bounded-queue'],
  lessons: ['02-foundation/02-semaphore-bulkhead', '02-foundation/03-queue-or-reject'],
};
const startFiles = {
  'semaphore-bulkhead': { 'bulkhead.ts': 'export const start = 1;\n' },
  'bounded-queue': { 'queue.ts': 'export const queueStart = 1;\n', 'types.ts': 'export type T = 1;\n' },
};
const run = (ok: boolean, passed: number, failed: number, timedOut = 0) => ({
  at: '2030-03-10T10:05:00.000Z',
  runner: 'worker' as const,
  ok,
  summary: { total: passed + failed + timedOut, passed, failed, timedOut },
});

function input(progress: ProgressView, overrides: Partial<SubmissionInput> = {}): SubmissionInput {
  return {
    assignment,
    id: assignmentChecksum(assignment),
    link: encodeAssignment(assignment),
    learnerName: '  Ada Lovelace ',
    progress,
    startFiles,
    now: new Date('2030-03-11T09:00:00Z'),
    ...overrides,
  };
}

const solved: ProgressView = {
  exercises: {
    'semaphore-bulkhead': {
      draft: { files: { 'bulkhead.ts': 'export const solved = 2;\n', 'evil.ts': 'not an exercise file' }, updatedAt: '2030-03-10T10:00:00.000Z' },
      passedAt: '2030-03-10T10:05:00.000Z',
      lastRun: run(true, 9, 0),
    },
  },
  lessons: { '02-foundation/02-semaphore-bulkhead': { completedAt: '2030-03-09T08:00:00.000Z' } },
};

describe('exerciseStatus', () => {
  const blank: ExerciseProgressView = { draft: null, passedAt: null, lastRun: null };
  test('is not-started without a record or with an empty one', () => {
    expect(exerciseStatus(undefined)).toBe('not-started');
    expect(exerciseStatus(blank)).toBe('not-started');
  });
  test('is in-progress with a draft, a failing run, or a pass the latest run lost', () => {
    expect(exerciseStatus({ ...blank, draft: { files: {}, updatedAt: '2030-01-01T00:00:00Z' } })).toBe('in-progress');
    expect(exerciseStatus({ ...blank, lastRun: run(false, 3, 2) })).toBe('in-progress');
    expect(exerciseStatus({ ...blank, passedAt: '2030-01-01T00:00:00Z', lastRun: run(false, 3, 2) })).toBe('in-progress');
  });
  test('is passing when the latest run passed, or when a pass is recorded without a run', () => {
    expect(exerciseStatus({ ...blank, lastRun: run(true, 5, 0) })).toBe('passing');
    expect(exerciseStatus({ ...blank, passedAt: '2030-01-01T00:00:00Z' })).toBe('passing');
  });
});

describe('learnerNameProblem', () => {
  test('accepts 1 to 100 characters after trimming', () => {
    expect(learnerNameProblem(' Ada ')).toBeUndefined();
    expect(learnerNameProblem('x'.repeat(100))).toBeUndefined();
  });
  test('names an empty, overlong or control-character name', () => {
    expect(learnerNameProblem('   ')).toMatch(/^Type your name/);
    expect(learnerNameProblem('x'.repeat(101))).toBe('Your name is 101 characters long; at most 100 fit.');
    expect(learnerNameProblem('Ada\u0000')).toMatch(/control characters/);
    expect(learnerNameProblem('Ada \u202eecalevol')).toMatch(/control characters/);
  });
});

describe('submissionFileName', () => {
  test('joins the name and title slugs', () => {
    expect(submissionFileName('Ada Lovelace', 'Week 3: bulkheads')).toBe('ada-lovelace-week-3-bulkheads.json');
    expect(submissionFileName('李', '!!!')).toBe('learner-assignment.json');
  });
});

describe('buildSubmission', () => {
  test('writes a schema-valid submission with drafts laid over start files and browser results from the last run', () => {
    const built = buildSubmission(input(solved));
    if (!built.ok) throw new Error(built.problems.join('\n'));
    const parsed = submissionSchema.parse(JSON.parse(built.json));
    expect(parsed).toEqual(built.submission);
    expect(parsed.learner.name).toBe('Ada Lovelace');
    expect(parsed.assignment).toEqual({ id: assignmentChecksum(assignment), ...assignment, link: encodeAssignment(assignment) });
    expect(parsed.createdAt).toBe('2030-03-11T09:00:00.000Z');
    expect(parsed.exercises).toEqual([
      {
        id: 'semaphore-bulkhead',
        files: { 'bulkhead.ts': 'export const solved = 2;\n' },
        updatedAt: '2030-03-10T10:00:00.000Z',
        browserResult: { at: '2030-03-10T10:05:00.000Z', runner: 'worker', ok: true, passed: 9, failed: 0, total: 9 },
      },
      { id: 'bounded-queue', files: startFiles['bounded-queue'], updatedAt: null, browserResult: null },
    ]);
    expect(parsed.lessons).toEqual([
      { id: '02-foundation/02-semaphore-bulkhead', completedAt: '2030-03-09T08:00:00.000Z' },
      { id: '02-foundation/03-queue-or-reject', completedAt: null },
    ]);
    expect(built.notPassing).toEqual(['bounded-queue']);
    expect(built.fileName).toBe('ada-lovelace-week-3-b-bulkheads-b.json');
  });

  test('keeps start files a draft does not name, and counts timed-out tests as failed', () => {
    const progress: ProgressView = {
      exercises: { 'bounded-queue': { draft: { files: { 'queue.ts': 'edited' }, updatedAt: '2030-03-10T11:00:00.000Z' }, passedAt: null, lastRun: run(false, 4, 1, 2) } },
      lessons: {},
    };
    const built = buildSubmission(input(progress));
    if (!built.ok) throw new Error(built.problems.join('\n'));
    const queue = built.submission.exercises[1];
    expect(queue?.files).toEqual({ 'queue.ts': 'edited', 'types.ts': 'export type T = 1;\n' });
    expect(queue?.browserResult).toMatchObject({ ok: false, passed: 4, failed: 3, total: 7 });
    expect(built.notPassing).toEqual(['semaphore-bulkhead', 'bounded-queue']);
  });

  test('refuses a bad name, missing start files and an oversized file with a reason', () => {
    expect(buildSubmission(input(solved, { learnerName: '' }))).toEqual({ ok: false, problems: ['Type your name, so your instructor knows whose work this is.'] });
    expect(buildSubmission(input(solved, { startFiles: { 'semaphore-bulkhead': startFiles['semaphore-bulkhead'] } }))).toEqual({
      ok: false,
      problems: ['The start files of exercise "bounded-queue" could not be loaded.'],
    });
    const names = ['a.ts', 'b.ts', 'c.ts'];
    const wide = Object.fromEntries(names.map((name) => [name, '']));
    const big = Object.fromEntries(names.map((name) => [name, 'x'.repeat(190_000)]));
    const draft = { draft: { files: big, updatedAt: '2030-03-10T11:00:00.000Z' }, passedAt: null, lastRun: null };
    const heavy: ProgressView = { exercises: { 'semaphore-bulkhead': draft, 'bounded-queue': draft }, lessons: {} };
    const built = buildSubmission(input(heavy, { startFiles: { 'semaphore-bulkhead': wide, 'bounded-queue': wide } }));
    expect(built.ok).toBe(false);
    expect(!built.ok && built.problems[0]).toMatch(/^The submission would be \d+ kB; the grader reads at most 1000 kB/);
  });

  test('reports a draft file the grader would refuse instead of offering a bad download', () => {
    const huge: ProgressView = { exercises: { 'semaphore-bulkhead': { draft: { files: { 'bulkhead.ts': 'y'.repeat(200_001) }, updatedAt: '2030-03-10T11:00:00.000Z' }, passedAt: null, lastRun: null } }, lessons: {} };
    const built = buildSubmission(input(huge));
    expect(built.ok).toBe(false);
    expect(!built.ok && built.problems[0]).toMatch(/^The submission would not be accepted by the grader: exercises\.0\.files\.bulkhead\.ts: /);
  });

  test('always yields a schema-valid file for any progress the store can hold', () => {
    const timestamp = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString());
    const count = fc.nat({ max: 50 });
    const exerciseProgress = fc.record({
      draft: fc.option(fc.record({ files: fc.dictionary(fc.constantFrom('bulkhead.ts', 'queue.ts', 'other.ts'), fc.string({ maxLength: 200 })), updatedAt: timestamp }), { nil: null }),
      passedAt: fc.option(timestamp, { nil: null }),
      lastRun: fc.option(
        fc.record({ at: timestamp, runner: fc.constantFrom('node' as const, 'worker' as const, 'webcontainer' as const), ok: fc.boolean(), summary: fc.record({ total: count, passed: count, failed: count, timedOut: count }) }).map((value) => ({
          ...value,
          summary: { ...value.summary, total: value.summary.passed + value.summary.failed + value.summary.timedOut },
        })),
        { nil: null },
      ),
    });
    const progress = fc.record({
      exercises: fc.record({ 'semaphore-bulkhead': exerciseProgress, 'bounded-queue': exerciseProgress }, { requiredKeys: [] }),
      lessons: fc.record({ '02-foundation/03-queue-or-reject': fc.record({ completedAt: fc.option(timestamp, { nil: null }) }) }, { requiredKeys: [] }),
    });
    fc.assert(
      fc.property(progress, fc.string({ minLength: 1, maxLength: 100 }).filter((name) => learnerNameProblem(name) === undefined), (value, name) => {
        const built = buildSubmission(input(value, { learnerName: name }));
        if (!built.ok) throw new Error(built.problems.join('\n'));
        expect(submissionSchema.safeParse(JSON.parse(built.json)).success).toBe(true);
        expect(built.submission.exercises.map((entry) => entry.id)).toEqual(assignment.exercises);
      }),
      { numRuns: 150 },
    );
  });
});
