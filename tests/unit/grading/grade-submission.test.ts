import { describe, expect, test } from 'vitest';
import { errorRow, gradeRun, gradeSubmission, lateness, sortFlags, type ExerciseCatalogView, type GradeContext, type GradeFlag } from '../../../src/grading';
import type { RunResult, TestResult } from '../../../src/runners/types';
import type { Submission } from '../../../src/schemas/submission';
import { makeSubmission } from '../../fixtures/submissions/make-submission';

const FILES: Record<string, string[]> = { 'semaphore-bulkhead': ['bulkhead.ts'], 'mmck-metrics': ['mmck.ts'], 'cell-router': ['cell-router.ts'] };
const START: Record<string, Record<string, string>> = {
  'semaphore-bulkhead': { 'bulkhead.ts': 'export function bulkhead(limit: number) {\n  throw new Error(`todo: ${limit}`);\n}\n' },
  'mmck-metrics': { 'mmck.ts': 'export const mmck = (input: unknown) => {\n  return input;\n};\n' },
  'cell-router': { 'cell-router.ts': 'export class CellRouter {}\n' },
};

const catalog: ExerciseCatalogView = {
  filesOf: (id) => FILES[id],
  startOf: (id) => START[id],
  ids: () => Object.keys(FILES),
};

/** Code that differs from the start code: the learner worked on the exercise. */
function work(id: string): Record<string, string> {
  return Object.fromEntries((FILES[id] ?? []).map((file) => [file, `export const worked = ${JSON.stringify(id)};\n`]));
}

/** A run result with `visible` and `hidden` tests passing as given. */
function result(visible: boolean[], hidden: boolean[], error?: RunResult['error']): RunResult {
  const tests: TestResult[] = [
    ...visible.map((ok, index): TestResult => ({ name: `v${index}`, suite: 'visible', status: ok ? 'passed' : 'failed', durationMs: 1 })),
    ...hidden.map((ok, index): TestResult => ({ name: `h${index}`, suite: 'hidden', status: ok ? 'passed' : 'failed', durationMs: 1 })),
  ];
  const passed = tests.filter((test) => test.status === 'passed').length;
  const run: RunResult = {
    ok: error === undefined && passed === tests.length,
    runner: 'node',
    tests,
    summary: { total: tests.length, passed, failed: tests.length - passed, timedOut: 0, durationMs: 5 },
    output: '',
    outputTruncated: false,
  };
  if (error !== undefined) run.error = error;
  return run;
}

function context(runs: Record<string, RunResult>, extra: Partial<GradeContext> = {}): GradeContext & { calls: string[] } {
  const calls: string[] = [];
  return {
    catalog,
    calls,
    timeLimitMs: 4000,
    run: (id) => {
      calls.push(id);
      const found = runs[id];
      if (found === undefined) throw new Error(`no run for ${id}`);
      return Promise.resolve(found);
    },
    ...extra,
  };
}

const kinds = (flags: readonly GradeFlag[]) => flags.map((flag) => flag.kind);

describe('gradeSubmission', () => {
  test('scores each assigned exercise as passed over total tests, visible and hidden', async () => {
    const submission = makeSubmission({ exercises: [{ id: 'semaphore-bulkhead', files: { 'bulkhead.ts': 'a' } }, { id: 'mmck-metrics', files: { 'mmck.ts': 'b' } }] });
    const row = await gradeSubmission('a.json', submission, null, context({ 'semaphore-bulkhead': result([true, true], [true, false]), 'mmck-metrics': result([true], [true]) }));
    expect(row.error).toBeNull();
    expect(row.exercises.map((grade) => [grade.id, grade.passed, grade.total, grade.score, grade.pass])).toEqual([
      ['semaphore-bulkhead', 3, 4, 0.75, false],
      ['mmck-metrics', 2, 2, 1, true],
    ]);
    expect(row.exercises[0]?.failedTests).toEqual(['[hidden] h1']);
    expect(row.total).toBe(1.75);
    expect(row.max).toBe(2);
    expect(row.flags).toEqual([]);
    expect(row.learner).toBe('Ada Lovelace');
  });

  test('flags a browser that claimed a pass the visible tests do not confirm', async () => {
    const submission = makeSubmission({ exercises: [{ id: 'mmck-metrics', files: { 'mmck.ts': 'b' }, browserOk: true }] });
    const row = await gradeSubmission('a.json', submission, null, context({ 'mmck-metrics': result([true, false], [true]) }));
    expect(row.flags).toEqual([{ kind: 'browser-claimed-pass', exercise: 'mmck-metrics', message: 'browser claimed pass, tests fail: mmck-metrics (browser: 5/5; re-run: 1/2 visible)' }]);
  });

  test('does not call an honest claim false when only hidden tests fail', async () => {
    const submission = makeSubmission({ exercises: [{ id: 'mmck-metrics', files: { 'mmck.ts': 'b' }, browserOk: true }] });
    const row = await gradeSubmission('a.json', submission, null, context({ 'mmck-metrics': result([true, true], [false]) }));
    expect(row.flags).toEqual([]);
    expect(row.exercises[0]?.pass).toBe(false);
  });

  test('flags a claimed pass whose re-run stopped before any test', async () => {
    const submission = makeSubmission({ exercises: [{ id: 'mmck-metrics', files: { 'mmck.ts': 'b' }, browserOk: true }] });
    const row = await gradeSubmission('a.json', submission, null, context({ 'mmck-metrics': result([], [], { kind: 'compile', message: 'Syntax error' }) }));
    expect(row.flags.map((flag) => flag.message)).toEqual(['browser claimed pass, tests fail: mmck-metrics (browser: 5/5; the re-run stopped (compile))']);
    expect(row.exercises[0]?.score).toBe(0);
  });

  test('flags runs cut off by the time, memory or output limit, and tampering', async () => {
    const submission = makeSubmission({
      exercises: [
        { id: 'semaphore-bulkhead', files: work('semaphore-bulkhead') },
        { id: 'mmck-metrics', files: work('mmck-metrics') },
        { id: 'cell-router', files: work('cell-router') },
      ],
    });
    const row = await gradeSubmission(
      'a.json',
      submission,
      null,
      context({
        'semaphore-bulkhead': result([true], [false], { kind: 'timeout', message: 'too slow' }),
        'mmck-metrics': result([], [], { kind: 'output', message: 'too loud' }),
        'cell-router': result([], [], { kind: 'tamper', message: 'patched' }),
      }),
    );
    expect(row.flags.map((flag) => flag.message)).toEqual([
      'run stopped: cell-router sent a result without the run secret (a forgery)',
      'run cut off: semaphore-bulkhead hit the time limit of 4 s',
      'run cut off: mmck-metrics hit the output limit',
    ]);
    expect(row.error).toBeNull();
    expect(row.total).toBe(0.5);
  });

  test('keeps the claimed-pass flag when the re-run is cut off: stops keep every flag', async () => {
    const submission = makeSubmission({
      exercises: [
        { id: 'semaphore-bulkhead', files: work('semaphore-bulkhead'), browserOk: true },
        { id: 'mmck-metrics', files: work('mmck-metrics'), browserOk: true },
        { id: 'cell-router', files: work('cell-router'), browserOk: true },
      ],
    });
    const row = await gradeSubmission(
      'a.json',
      submission,
      null,
      context({
        'semaphore-bulkhead': result([true], [], { kind: 'timeout', limit: 'cpu', message: 'The tests used more than 2 s of CPU time, so the run was stopped.' }),
        'mmck-metrics': result([true], [], { kind: 'output', message: 'too loud' }),
        'cell-router': result([], [], { kind: 'timeout', message: 'The tests did not finish within 4 s.' }),
      }),
    );
    expect(row.flags.map((flag) => flag.message)).toEqual([
      'browser claimed pass, tests fail: semaphore-bulkhead (browser: 5/5; re-run: 1/1 visible before it was cut off at the CPU-time limit)',
      'browser claimed pass, tests fail: mmck-metrics (browser: 5/5; re-run: 1/1 visible before it was cut off at the output limit)',
      'browser claimed pass, tests fail: cell-router (browser: 5/5; the re-run was cut off at the time limit of 4 s)',
      'run cut off: semaphore-bulkhead hit the CPU-time limit (the browser saw a pass: re-run with a higher --cpu-limit before deciding)',
      'run cut off: mmck-metrics hit the output limit',
      'run cut off: cell-router hit the time limit of 4 s (the browser saw a pass: re-run with a higher --time-limit before deciding)',
    ]);
    expect(row.exercises.map((grade) => grade.pass)).toEqual([false, false, false]);
  });

  test('flags tampering whatever else stopped the run, and keeps the claimed pass beside it', async () => {
    const submission = makeSubmission({ exercises: [{ id: 'mmck-metrics', files: work('mmck-metrics'), browserOk: true }] });
    const stopped = result([true], [], { kind: 'tamper', message: 'The submission changed a built-in of JavaScript (Object.is was replaced).' });
    stopped.tests.push({ name: 'v1', suite: 'visible', status: 'timed-out', message: 'The test did not finish within 2 s.', durationMs: 2000 });
    const row = await gradeSubmission('a.json', submission, null, context({ 'mmck-metrics': stopped }));
    expect(kinds(row.flags)).toEqual(['browser-claimed-pass', 'run-tampered']);
    expect(row.flags[1]?.message).toBe('run stopped: mmck-metrics sent a result without the run secret (a forgery)');
  });

  test('scores a missing assigned exercise 0 and does not grade an unassigned one', async () => {
    const submission = makeSubmission({ assigned: ['semaphore-bulkhead', 'mmck-metrics'], exercises: [{ id: 'mmck-metrics', files: work('mmck-metrics') }, { id: 'cell-router', files: work('cell-router') }] });
    const run = context({ 'mmck-metrics': result([true], [true]) });
    const row = await gradeSubmission('a.json', submission, null, run);
    expect(run.calls).toEqual(['mmck-metrics']);
    expect(kinds(row.flags)).toEqual(['missing-exercise', 'not-in-assignment']);
    expect(row.flags.map((flag) => flag.message)).toEqual(['assignment exercise missing: semaphore-bulkhead (scored 0)', 'exercise not in assignment: cell-router (not graded)']);
    expect(row.exercises.map((grade) => [grade.id, grade.submitted, grade.score])).toEqual([
      ['semaphore-bulkhead', false, 0],
      ['mmck-metrics', true, 1],
    ]);
    expect(row.max).toBe(2);
  });

  test('scores untouched start code 0 without running it, flags it and counts it as not submitted', async () => {
    const start = (id: string) => ({ ...START[id] });
    const reformatted = Object.fromEntries(Object.entries(start('semaphore-bulkhead')).map(([file, code]) => [file, `\n\n${code.replace(/\n/g, '\r\n').replace(/ {2}/g, '\t')}   \n`]));
    const submission = makeSubmission({
      exercises: [
        // Start code with only whitespace changed, and no browser result.
        { id: 'semaphore-bulkhead', files: reformatted },
        // No files at all: the runner would fill in the start code.
        { id: 'mmck-metrics', files: {} },
        // Start code with one comment added is a change: graded as usual.
        { id: 'cell-router', files: { 'cell-router.ts': `// my attempt\n${START['cell-router']?.['cell-router.ts'] ?? ''}` } },
      ],
    });
    // What the start code would score if it were run: partial credit for nothing done.
    const run = context(
      { 'semaphore-bulkhead': result([true, true, false], [true, false]), 'mmck-metrics': result([true], [true, false]), 'cell-router': result([true], [false]) },
      { plannedTests: (id) => Promise.resolve(id === 'semaphore-bulkhead' ? { visible: 3, hidden: 2 } : { visible: 1, hidden: 2 }) },
    );
    const row = await gradeSubmission('a.json', submission, null, run);
    expect(run.calls).toEqual(['cell-router']);
    expect(row.exercises.map((grade) => [grade.id, grade.submitted, grade.passed, grade.total, grade.score, grade.pass])).toEqual([
      ['semaphore-bulkhead', false, 0, 5, 0, false],
      ['mmck-metrics', false, 0, 3, 0, false],
      ['cell-router', true, 1, 2, 0.5, false],
    ]);
    expect(row.exercises[0]).toMatchObject({ visible: { passed: 0, total: 3 }, hidden: { passed: 0, total: 2 }, runError: null });
    expect(row.flags).toEqual([
      { kind: 'not-attempted', exercise: 'semaphore-bulkhead', message: 'not attempted: semaphore-bulkhead (start code, never run; scored 0)' },
      { kind: 'not-attempted', exercise: 'mmck-metrics', message: 'not attempted: mmck-metrics (start code, never run; scored 0)' },
    ]);
    expect(row.total).toBe(0.5);
    expect(row.max).toBe(3);
  });

  test('grades start code that the browser ran, and flags a claimed pass on it', async () => {
    const submission = makeSubmission({ exercises: [{ id: 'mmck-metrics', files: { ...START['mmck-metrics'] }, browserOk: true }] });
    const run = context({ 'mmck-metrics': result([true, false], [false]) });
    const row = await gradeSubmission('a.json', submission, null, run);
    expect(run.calls).toEqual(['mmck-metrics']);
    expect(row.exercises[0]).toMatchObject({ submitted: true, passed: 1, total: 3 });
    expect(kinds(row.flags)).toEqual(['browser-claimed-pass']);
  });

  test('gives a missing exercise the test count it would have had, so totals stay comparable', async () => {
    const submission = makeSubmission({ assigned: ['semaphore-bulkhead', 'mmck-metrics'], exercises: [{ id: 'mmck-metrics', files: work('mmck-metrics') }] });
    const run = context({ 'mmck-metrics': result([true], [true]) }, { plannedTests: () => Promise.resolve({ visible: 4, hidden: 11 }) });
    const row = await gradeSubmission('a.json', submission, null, run);
    expect(row.exercises[0]).toMatchObject({ id: 'semaphore-bulkhead', submitted: false, passed: 0, total: 15, score: 0, visible: { passed: 0, total: 4 }, hidden: { passed: 0, total: 11 } });
  });

  test('reports each lesson of the assignment as done, not done or not recorded', async () => {
    const lessons = ['01-basics/01-why-bulkheads', '02-foundation/02-semaphore-bulkhead', '03-queues/01-bounded-queue'];
    const submission = makeSubmission({
      lessons,
      completed: { '01-basics/01-why-bulkheads': '2026-01-01T09:00:00Z', '02-foundation/02-semaphore-bulkhead': null, '09-extra/01-not-assigned': '2026-01-01T09:00:00Z' },
      exercises: [{ id: 'mmck-metrics', files: work('mmck-metrics') }],
    });
    const row = await gradeSubmission('a.json', submission, null, context({ 'mmck-metrics': result([true], []) }));
    expect(row.assignment?.lessons).toEqual(lessons);
    expect(row.lessons).toEqual({ '01-basics/01-why-bulkheads': 'done', '02-foundation/02-semaphore-bulkhead': 'not done', '03-queues/01-bounded-queue': 'not recorded' });
    expect(row.flags).toEqual([]);
  });

  test('makes a row error of exercise ids and file names the course does not have', async () => {
    const submission = makeSubmission({ exercises: [{ id: 'mmck-metrics', files: { 'other.ts': 'x' } }] });
    submission.exercises.push({ id: 'no-such-exercise', files: {}, updatedAt: null, browserResult: null });
    const run = context({});
    const row = await gradeSubmission('a.json', submission, null, run);
    expect(row.error).toBe(
      'The submission names things the course does not have: exercises.0.files: "other.ts" is not a file of mmck-metrics (its files: mmck.ts); exercises.1.id: unknown exercise "no-such-exercise".',
    );
    expect(run.calls).toEqual([]);
  });

  test('flags a link whose checksum does not verify and grades the file’s own assignment', async () => {
    const submission = makeSubmission({ exercises: [{ id: 'mmck-metrics', files: work('mmck-metrics') }] });
    submission.assignment.link = submission.assignment.link.replace('Week', 'Weak');
    const row = await gradeSubmission('a.json', submission, null, context({ 'mmck-metrics': result([true], []) }));
    expect(kinds(row.flags)).toEqual(['link-changed']);
    expect(row.flags[0]?.message).toMatch(/^assignment link changed: The checksum does not match/);
    expect(row.assignment?.exercises).toEqual(['mmck-metrics']);
  });

  test('flags fields that differ from a valid link and grades the link’s assignment', async () => {
    const submission: Submission = makeSubmission({ assigned: ['semaphore-bulkhead', 'mmck-metrics'], exercises: [{ id: 'mmck-metrics', files: work('mmck-metrics') }] });
    submission.assignment.exercises = ['mmck-metrics'];
    const row = await gradeSubmission('a.json', submission, null, context({ 'mmck-metrics': result([true], []) }));
    expect(row.flags.map((flag) => flag.message)).toEqual([
      "assignment link changed: the file's exercises differ from its link; graded against the link",
      'assignment exercise missing: semaphore-bulkhead (scored 0)',
    ]);
    expect(row.max).toBe(2);
  });

  test('turns a runner that could not run into a row error', async () => {
    const submission = makeSubmission({ exercises: [{ id: 'mmck-metrics', files: work('mmck-metrics') }] });
    const row = await gradeSubmission('a.json', submission, null, context({ 'mmck-metrics': result([], [], { kind: 'internal', message: 'Could not start Node.' }) }));
    expect(row.error).toBe('The grader could not finish: mmck-metrics: Could not start Node.');
  });

  test('flags a late submission, using the file time unless told not to', async () => {
    const submission = makeSubmission({ due: '2026-01-01T00:00:00Z', createdAt: '2025-12-31T23:00:00Z', exercises: [{ id: 'mmck-metrics', files: work('mmck-metrics') }] });
    const runs = { 'mmck-metrics': result([true], []) };
    const byFile = await gradeSubmission('a.json', submission, '2026-01-02T00:00:00.000Z', context(runs));
    expect(kinds(byFile.flags)).toEqual(['late']);
    const ignored = await gradeSubmission('a.json', submission, '2026-01-02T00:00:00.000Z', context(runs, { useFileTime: false }));
    expect(ignored.flags).toEqual([]);
  });
});

describe('lateness', () => {
  test('is undefined without a due date or when both times are on time', () => {
    expect(lateness(null, '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z')).toBeUndefined();
    expect(lateness('2026-01-01T01:00:00+01:00', '2025-12-31T23:59:59Z', '2025-12-31T23:00:00Z')).toBeUndefined();
  });

  test('compares instants across time-zone offsets', () => {
    expect(lateness('2026-01-01T01:00:00+01:00', '2026-01-01T00:00:01Z', null)).toBe("late: submitted 2026-01-01T00:00:01Z (the browser's clock), due 2026-01-01T01:00:00+01:00");
  });

  test('names the file time when it is the later one', () => {
    expect(lateness('2026-01-01T00:00:00Z', '2025-12-31T00:00:00Z', '2026-01-03T00:00:00.000Z')).toBe(
      'late: the file was last modified 2026-01-03T00:00:00.000Z, due 2026-01-01T00:00:00Z (the browser recorded 2025-12-31T00:00:00Z, on time)',
    );
    expect(lateness('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-03T00:00:00.000Z')).toBe(
      'late: the file was last modified 2026-01-03T00:00:00.000Z, due 2026-01-01T00:00:00Z (the browser recorded 2026-01-02T00:00:00Z)',
    );
  });
});

describe('gradeRun', () => {
  test('scores 0 instead of NaN when a run collected no tests', () => {
    const grade = gradeRun('mmck-metrics', { id: 'mmck-metrics', files: work('mmck-metrics'), updatedAt: null, browserResult: null }, result([], [], { kind: 'compile', message: 'x' }));
    expect(grade).toMatchObject({ passed: 0, total: 0, score: 0, pass: false, runError: { kind: 'compile', message: 'x' } });
  });
});

describe('errorRow', () => {
  test('has no scores and carries the error', () => {
    expect(errorRow('x.json', 'The file is empty.', null)).toMatchObject({ file: 'x.json', learner: null, exercises: [], lessons: {}, error: 'The file is empty.' });
  });
});

describe('sortFlags', () => {
  test('orders by kind, then by the exercise’s place in the assignment', () => {
    const sorted = sortFlags(
      [
        { kind: 'run-cut-off', exercise: 'b', message: 'run cut off: b' },
        { kind: 'late', message: 'late' },
        { kind: 'run-cut-off', exercise: 'a', message: 'run cut off: a' },
      ],
      ['a', 'b'],
    );
    expect(sorted.map((flag) => flag.message)).toEqual(['late', 'run cut off: a', 'run cut off: b']);
  });
});
