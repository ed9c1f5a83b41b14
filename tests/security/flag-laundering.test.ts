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

/**
 * Patches a built-in, then loops in a microtask before the run can say it is done. Before learner
 * code ran in a hardened compartment, the loop's CPU-limit stop hid the tampering; now the patch
 * itself throws while the code loads, so there is nothing to hide.
 */
const TAMPER_THEN_LOOP_CODE = 'Object.is = () => true;\nvoid Promise.resolve().then(() => { for (;;) { /* spin */ } });\nexport const patched = 1;\n';

const claimingPass = (learner: string, code: string) => makeSubmission({ learner, exercises: [{ id: 'mmck-metrics', files: { 'mmck.ts': code }, browserOk: true }] });

describe('a stop never launders the claimed-pass flag', () => {
  let book: Gradebook;
  let wallBook: Gradebook;
  beforeAll(async () => {
    await exerciseSet();
    book = await gradeFiles(
      { 'loop.json': claimingPass('Lou', LOOPING_CODE), 'tamper-loop.json': claimingPass('Tam', TAMPER_THEN_LOOP_CODE) },
      { cpuLimitMs: 600, timeLimitMs: 1500 },
    );
    // A CPU limit far above the wall-clock one: the wall clock is what cuts this loop off.
    wallBook = await gradeFiles({ 'sleep.json': claimingPass('Sue', LOOPING_CODE) }, { cpuLimitMs: 20_000, timeLimitMs: 1500 });
  });
  const flagsOf = (file: string) => [...book.rows, ...wallBook.rows].find((row) => row.file === file)?.flags.map((flag) => flag.message);

  test('an endless loop cut off by the CPU-time limit keeps the claimed pass', () => {
    expect(flagsOf('loop.json')).toEqual([
      'browser claimed pass, tests fail: mmck-metrics (browser: 5/5; the re-run was cut off at the CPU-time limit)',
      'run cut off: mmck-metrics hit the CPU-time limit (the browser saw a pass: re-run with a higher --cpu-limit before deciding)',
    ]);
  });

  test('code cut off by the wall-clock limit keeps the claimed pass', () => {
    expect(flagsOf('sleep.json')).toEqual([
      'browser claimed pass, tests fail: mmck-metrics (browser: 5/5; the re-run was cut off at the time limit of 1.5 s)',
      'run cut off: mmck-metrics hit the time limit of 1.5 s (the browser saw a pass: re-run with a higher --time-limit before deciding)',
    ]);
  });

  test('patching a built-in and then looping keeps the claimed pass, and the patch fails the load before any loop', () => {
    const row = book.rows.find((entry) => entry.file === 'tamper-loop.json');
    expect(row?.flags.map((flag) => flag.kind)).toEqual(['browser-claimed-pass']);
    expect(row?.exercises[0]?.runError?.kind).toBe('load');
    expect(row?.exercises[0]?.passed).toBe(0);
  });
});
