import { describe, expect, test } from 'vitest';
import { errorRow, gradeRun, gradeSubmission, lateness, sortFlags, type ExerciseCatalogView, type GradeContext, type GradeFlag } from '../../../src/grading';
import type { RunResult, TestResult } from '../../../src/runners/types';
import type { Submission } from '../../../src/schemas/submission';
import { makeSubmission } from '../../fixtures/submissions/make-submission';

const catalog: ExerciseCatalogView = {
  filesOf: (id) => ({ 'semaphore-bulkhead': ['bulkhead.ts'], 'mmck-metrics': ['mmck.ts'], 'cell-router': ['cell-router.ts'] })[id],
  ids: () => ['semaphore-bulkhead', 'mmck-metrics', 'cell-router'],
};

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
        { id: 'semaphore-bulkhead', files: {} },
        { id: 'mmck-metrics', files: {} },
        { id: 'cell-router', files: {} },
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
      'run stopped: cell-router patched a JavaScript built-in',
      'run cut off: semaphore-bulkhead hit the time limit of 4 s',
      'run cut off: mmck-metrics hit the output limit',
    ]);
    expect(row.error).toBeNull();
    expect(row.total).toBe(0.5);
  });

  test('does not call a claimed pass tampering when the re-run only ran out of time', async () => {
    const submission = makeSubmission({
      exercises: [
        { id: 'semaphore-bulkhead', files: {}, browserOk: true },
        { id: 'mmck-metrics', files: {}, browserOk: true },
      ],
    });
    const row = await gradeSubmission(
      'a.json',
      submission,
      null,
      context({
        'semaphore-bulkhead': result([true], [], { kind: 'timeout', limit: 'cpu', message: 'The tests used more than 2 s of CPU time, so the run was stopped.' }),
        'mmck-metrics': result([true], [], { kind: 'output', message: 'too loud' }),
      }),
    );
    expect(row.flags.map((flag) => flag.message)).toEqual([
      'browser claimed pass, tests fail: mmck-metrics (browser: 5/5; re-run: 1/1 visible)',
      'run cut off: semaphore-bulkhead hit the CPU-time limit (the browser saw a pass: re-run with a higher --cpu-limit before deciding)',
      'run cut off: mmck-metrics hit the output limit',
    ]);
  });

  test('scores a missing assigned exercise 0 and does not grade an unassigned one', async () => {
    const submission = makeSubmission({ assigned: ['semaphore-bulkhead', 'mmck-metrics'], exercises: [{ id: 'mmck-metrics', files: {} }, { id: 'cell-router', files: {} }] });
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
    const submission = makeSubmission({ exercises: [{ id: 'mmck-metrics', files: {} }] });
    submission.assignment.link = submission.assignment.link.replace('Week', 'Weak');
    const row = await gradeSubmission('a.json', submission, null, context({ 'mmck-metrics': result([true], []) }));
    expect(kinds(row.flags)).toEqual(['link-changed']);
    expect(row.flags[0]?.message).toMatch(/^assignment link changed: The checksum does not match/);
    expect(row.assignment?.exercises).toEqual(['mmck-metrics']);
  });

  test('flags fields that differ from a valid link and grades the link’s assignment', async () => {
    const submission: Submission = makeSubmission({ assigned: ['semaphore-bulkhead', 'mmck-metrics'], exercises: [{ id: 'mmck-metrics', files: {} }] });
    submission.assignment.exercises = ['mmck-metrics'];
    const row = await gradeSubmission('a.json', submission, null, context({ 'mmck-metrics': result([true], []) }));
    expect(row.flags.map((flag) => flag.message)).toEqual([
      "assignment link changed: the file's exercises differ from its link; graded against the link",
      'assignment exercise missing: semaphore-bulkhead (scored 0)',
    ]);
    expect(row.max).toBe(2);
  });

  test('turns a runner that could not run into a row error', async () => {
    const submission = makeSubmission({ exercises: [{ id: 'mmck-metrics', files: {} }] });
    const row = await gradeSubmission('a.json', submission, null, context({ 'mmck-metrics': result([], [], { kind: 'internal', message: 'Could not start Node.' }) }));
    expect(row.error).toBe('The grader could not finish: mmck-metrics: Could not start Node.');
  });

  test('flags a late submission, using the file time unless told not to', async () => {
    const submission = makeSubmission({ due: '2026-01-01T00:00:00Z', createdAt: '2025-12-31T23:00:00Z', exercises: [{ id: 'mmck-metrics', files: {} }] });
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
    const grade = gradeRun('mmck-metrics', { id: 'mmck-metrics', files: {}, updatedAt: null, browserResult: null }, result([], [], { kind: 'compile', message: 'x' }));
    expect(grade).toMatchObject({ passed: 0, total: 0, score: 0, pass: false, runError: { kind: 'compile', message: 'x' } });
  });
});

describe('errorRow', () => {
  test('has no scores and carries the error', () => {
    expect(errorRow('x.json', 'The file is empty.', null)).toMatchObject({ file: 'x.json', learner: null, exercises: [], error: 'The file is empty.' });
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
