/**
 * Red team, class 8: credit for nothing. Every exercise's start code passes some tests by itself
 * (semaphore-bulkhead's passes 8 of 15), so a learner who hands in the start code untouched and
 * never ran it would earn partial credit. It must score 0, count as not submitted and be flagged
 * "not attempted", while its total still shows the tests it would have had.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { toCsv, type Gradebook } from '../../src/grading';
import { exerciseCode, makeSubmission } from '../fixtures/submissions/make-submission';
import { readCsv } from '../fixtures/submissions/read-csv';
import { EXERCISES_ROOT, gradeFiles } from './red-team';

const start = exerciseCode(EXERCISES_ROOT, '02-semaphore-bulkhead', 'start', ['bulkhead.ts']);
const startCode = start['bulkhead.ts'] ?? '';
const reindented: Record<string, string> = { 'bulkhead.ts': `\n${startCode.replace(/\n/g, '\r\n').replace(/^ {2}/gm, '\t')}\n\n` };
const commented: Record<string, string> = { 'bulkhead.ts': `// I will get to this.\n${startCode}` };
const solved = () => ({ id: 'mmck-metrics', files: exerciseCode(EXERCISES_ROOT, '12-mmck-metrics', 'solution', ['mmck.ts']) });

describe('untouched start code through a real batch', () => {
  let book: Gradebook;
  beforeAll(async () => {
    book = await gradeFiles({
      'a-untouched.json': makeSubmission({ learner: 'Ann', exercises: [{ id: 'semaphore-bulkhead', files: start }, solved()] }),
      'b-reindented.json': makeSubmission({ learner: 'Bo', exercises: [{ id: 'semaphore-bulkhead', files: reindented }, solved()] }),
      'c-empty.json': makeSubmission({ learner: 'Cy', exercises: [{ id: 'semaphore-bulkhead', files: {} }, solved()] }),
      'd-commented.json': makeSubmission({ learner: 'Di', exercises: [{ id: 'semaphore-bulkhead', files: commented }, solved()] }),
    });
  });

  test.each(['a-untouched.json', 'b-reindented.json', 'c-empty.json'])('%s: start code with no browser result scores 0 of its 15 tests and is flagged', (file) => {
    const row = book.rows.find((entry) => entry.file === file);
    expect(row?.error).toBeNull();
    expect(row?.exercises[0]).toMatchObject({ id: 'semaphore-bulkhead', submitted: false, passed: 0, total: 15, score: 0, pass: false });
    expect(row?.flags.map((flag) => [flag.kind, flag.message])).toEqual([['not-attempted', 'not attempted: semaphore-bulkhead (start code, never run; scored 0)']]);
    expect(row?.total).toBe(1);
    expect(row?.max).toBe(2);
  });

  test('a comment is a change: that exercise is re-run and graded as submitted', () => {
    const row = book.rows.find((entry) => entry.file === 'd-commented.json');
    expect(row?.exercises[0]).toMatchObject({ id: 'semaphore-bulkhead', submitted: true, total: 15 });
    expect(row?.flags).toEqual([]);
  });

  test('the gradebook shows the 0 and the flag', () => {
    const rows = readCsv(toCsv(book), ',');
    const header = rows[0] ?? [];
    const untouched = rows.find((row) => row[0] === 'a-untouched.json') ?? [];
    expect(untouched[header.indexOf('semaphore-bulkhead')]).toBe('0');
    expect(untouched[header.indexOf('flags')]).toBe('not attempted: semaphore-bulkhead (start code, never run; scored 0)');
  });
});
