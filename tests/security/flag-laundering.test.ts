/**
 * Red team, class 4: flag laundering. A submission whose code never finishes while its recorded
 * browser result claims a pass must keep the "browser claimed pass" flag: being cut off by the
 * CPU-time or wall-clock limit adds a "run cut off" flag (with a hint to re-run with a higher
 * limit), it never replaces the other. Real runs through the batch, with short limits.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { Gradebook } from '../../src/grading';
import { LOOPING_CODE, makeSubmission } from '../fixtures/submissions/make-submission';
import { exerciseSet, gradeFiles } from './red-team';

/** Blocks the process without using CPU, so only the wall-clock limit can end it. */
const SLEEPING_CODE = 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);\nexport const never = 1;\n';

/** Patches a built-in, then loops in a microtask before the run can say it is done. */
const TAMPER_THEN_LOOP_CODE = 'Object.is = () => true;\nvoid Promise.resolve().then(() => { for (;;) { /* spin */ } });\nexport const patched = 1;\n';

const claimingPass = (learner: string, code: string) => makeSubmission({ learner, exercises: [{ id: 'mmck-metrics', files: { 'mmck.ts': code }, browserOk: true }] });

describe('a stop never launders the claimed-pass flag', () => {
  let book: Gradebook;
  beforeAll(async () => {
    await exerciseSet();
    book = await gradeFiles(
      { 'loop.json': claimingPass('Lou', LOOPING_CODE), 'sleep.json': claimingPass('Sue', SLEEPING_CODE), 'tamper-loop.json': claimingPass('Tam', TAMPER_THEN_LOOP_CODE) },
      { cpuLimitMs: 600, timeLimitMs: 1500 },
    );
  });
  const flagsOf = (file: string) => book.rows.find((row) => row.file === file)?.flags.map((flag) => flag.message);

  test('an endless loop cut off by the CPU-time limit keeps the claimed pass', () => {
    expect(flagsOf('loop.json')).toEqual([
      'browser claimed pass, tests fail: mmck-metrics (browser: 5/5; the re-run was cut off at the CPU-time limit)',
      'run cut off: mmck-metrics hit the CPU-time limit (the browser saw a pass: re-run with a higher --cpu-limit before deciding)',
    ]);
  });

  test('code that sleeps until the wall-clock limit keeps the claimed pass', () => {
    expect(flagsOf('sleep.json')).toEqual([
      'browser claimed pass, tests fail: mmck-metrics (browser: 5/5; the re-run was cut off at the time limit of 1.5 s)',
      'run cut off: mmck-metrics hit the time limit of 1.5 s (the browser saw a pass: re-run with a higher --time-limit before deciding)',
    ]);
  });

  test('patching a built-in and then looping keeps the claimed pass and the cut-off', () => {
    const kinds = book.rows.find((row) => row.file === 'tamper-loop.json')?.flags.map((flag) => flag.kind);
    expect(kinds).toContain('browser-claimed-pass');
    expect(kinds).toContain('run-cut-off');
  });

  // KNOWN GAP, outside src/grading: the runner's RunCollector (src/runners/run-core.ts) keeps only
  // the first stop reason, so a tamper notice followed by a CPU-limit stop reaches the grader as a
  // plain timeout and no "run-tampered" flag can be raised. This attack still succeeds; the test is
  // marked as failing until the runner reports the tamper too (then drop `.fails`).
  test.fails('KNOWN GAP (runner): patching a built-in and then looping is still flagged as tampering', () => {
    const kinds = book.rows.find((row) => row.file === 'tamper-loop.json')?.flags.map((flag) => flag.kind);
    expect(kinds).toContain('run-tampered');
  });
});
