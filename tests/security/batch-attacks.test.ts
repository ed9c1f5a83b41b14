/**
 * The runner attacks of classes 1 to 4 handed in the way an instructor receives them: submission
 * files graded by the real batch grader, where one learner's exercises share a Node process. Each
 * attack sits in the first exercise of a file whose second exercise is right; the attack must score
 * no more than the same wrong answer without it, keep the "browser claimed pass" flag, and leave
 * the second exercise's grade untouched.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Gradebook } from '../../src/grading';
import { makeSubmission } from '../fixtures/submissions/make-submission';
import * as attack from './attacks';
import { gradeFiles } from './red-team';

const RIGHT_MMCK = readFileSync('exercises/12-mmck-metrics/solution/mmck.ts', 'utf8');

const ATTACKS: Record<string, string> = {
  'class 1, forged results through the pipe prototype': attack.FORGE_THROUGH_PIPE,
  'class 2, RegExp[Symbol.hasInstance] redefined': `Object.defineProperty(RegExp, Symbol.hasInstance, { value: () => true });\n${attack.WRONG_BULKHEAD}`,
  'class 3, hidden tests read from disk': attack.READ_HIDDEN_TESTS,
  'class 3, heap snapshot for the secrets': attack.HEAP_SNAPSHOT,
  'class 4, Promise.prototype.then broken': attack.BREAK_PROMISE_THEN,
};

const fileName = (label: string) => `${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.json`;
const submission = (learner: string, code: string) =>
  makeSubmission({
    learner,
    exercises: [
      { id: 'semaphore-bulkhead', files: { 'bulkhead.ts': code }, browserOk: true },
      { id: 'mmck-metrics', files: { 'mmck.ts': RIGHT_MMCK }, browserOk: true },
    ],
  });

describe('runner attacks through grade:batch', () => {
  let book: Gradebook;
  beforeAll(async () => {
    const files: Record<string, unknown> = { 'baseline.json': submission('Base', attack.WRONG_BULKHEAD) };
    Object.entries(ATTACKS).forEach(([label, code], index) => {
      files[fileName(label)] = submission(`Attacker ${index + 1}`, code);
    });
    book = await gradeFiles(files, { cpuLimitMs: 2000, timeLimitMs: 8000 });
  }, 120_000);

  const row = (file: string) => {
    const found = book.rows.find((entry) => entry.file === file);
    if (found === undefined) throw new Error(`no row for ${file}`);
    return found;
  };

  test.each(Object.keys(ATTACKS))('%s: no more than the wrong answer scores, flags kept, the next exercise unharmed', (label) => {
    const baseline = row('baseline.json').exercises[0];
    const attacked = row(fileName(label));
    const [bulkhead, mmck] = attacked.exercises;
    expect(bulkhead?.pass).toBe(false);
    expect(bulkhead?.passed ?? 0).toBeLessThanOrEqual(baseline?.passed ?? 0);
    expect(attacked.flags.map((flag) => flag.kind)).toContain('browser-claimed-pass');
    expect(mmck?.pass).toBe(true);
  });
});
