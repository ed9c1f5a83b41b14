import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BatchInputError, createLimiter, errorRow, flagDuplicateLearners, gradeBatch, loadExerciseSet, type ExerciseSet, type GradeRow } from '../../../src/grading';
import { exerciseCode, LOOPING_CODE, makeSubmission } from '../../fixtures/submissions/make-submission';

describe('createLimiter', () => {
  test('never runs more than the limit at once and runs every task', async () => {
    const limit = createLimiter(2);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, index) =>
        limit(async () => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setTimeout(resolve, 2));
          active -= 1;
          return index;
        }),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(2);
  });

  test('frees the slot when a task rejects', async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});

describe('flagDuplicateLearners', () => {
  test('flags every file whose learner name matches another, ignoring case and spacing', () => {
    const row = (file: string, learner: string): GradeRow => ({ ...errorRow(file, '', null), error: null, learner });
    const rows = [row('a.json', 'Ann  Lee'), row('b.json', 'Bob'), row('c.json', 'ann lee'), errorRow('d.json', 'bad', null)];
    flagDuplicateLearners(rows);
    expect(rows.map((entry) => entry.flags.map((flag) => flag.message))).toEqual([['duplicate learner name: also in c.json'], [], ['duplicate learner name: also in a.json'], []]);
  });
});

describe('gradeBatch', () => {
  let folder = '';
  let exercises: ExerciseSet;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'bulkhead-batch-'));
    exercises = await loadExerciseSet('exercises');
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('refuses a missing folder and a file in place of a folder', async () => {
    await expect(gradeBatch(join(folder, 'nope'), { exercises })).rejects.toThrow(BatchInputError);
    await writeFile(join(folder, 'plain'), 'x');
    await expect(gradeBatch(join(folder, 'plain'), { exercises })).rejects.toThrow(/is not a folder/);
  });

  test('grades only .json files, in file-name order, and lists the rest as skipped', async () => {
    const batch = join(folder, 'mixed');
    await mkdir(join(batch, 'sub'), { recursive: true });
    await writeFile(join(batch, 'b.json'), '[]');
    await writeFile(join(batch, 'a.JSON'), '');
    await writeFile(join(batch, 'readme.md'), '# notes');
    await writeFile(join(batch, 'sub', 'c.json'), '{}');
    const book = await gradeBatch(batch, { exercises });
    expect(book.rows.map((row) => [row.file, row.error])).toEqual([
      ['a.JSON', 'The file is empty.'],
      ['b.json', 'The file is not a valid submission: (submission): a submission must be a JSON object.'],
    ]);
    expect(book.skipped).toEqual([
      { file: 'readme.md', reason: 'not a .json file' },
      { file: 'sub', reason: 'a folder (subfolders are not searched)' },
    ]);
    expect(book.exercises).toEqual([]);
  });

  test("grades each of a file's exercises on its own: a loop, a patched built-in or a leftover timer in one leaves the others passing", async () => {
    const batch = join(folder, 'several');
    await mkdir(batch, { recursive: true });
    const right = (id: string, folderName: string, file: string) => ({ id, files: exerciseCode('exercises', folderName, 'solution', [file]), browserOk: true });
    const mmck = right('mmck-metrics', '12-mmck-metrics', 'mmck.ts');
    const chaos = right('chaos-evaluator', '13-chaos-evaluator', 'chaos-evaluator.ts');
    const size = right('size-the-pool', '05-size-the-pool', 'sizing.ts');
    const withCode = (entry: typeof mmck, prefix: string) => ({ ...entry, files: Object.fromEntries(Object.entries(entry.files).map(([name, code]) => [name, prefix + code])) });
    await writeFile(join(batch, 'a.json'), JSON.stringify(makeSubmission({ learner: 'Ann', exercises: [mmck, chaos, size] })));
    await writeFile(join(batch, 'b.json'), JSON.stringify(makeSubmission({ learner: 'Bea', exercises: [{ id: 'mmck-metrics', files: { 'mmck.ts': LOOPING_CODE } }, chaos, size] })));
    await writeFile(join(batch, 'c.json'), JSON.stringify(makeSubmission({ learner: 'Cy', exercises: [withCode(mmck, 'Object.is = () => true;\n'), chaos, size] })));
    await writeFile(join(batch, 'd.json'), JSON.stringify(makeSubmission({ learner: 'Di', exercises: [withCode(mmck, 'setInterval(() => undefined, 5);\n'), chaos, size] })));
    const book = await gradeBatch(batch, { exercises, jobs: 2, cpuLimitMs: 1000 });
    const passes = book.rows.map((row) => [row.file, row.exercises.map((grade) => `${grade.id}:${grade.pass ? 'pass' : 'fail'}`)]);
    expect(passes).toEqual([
      ['a.json', ['mmck-metrics:pass', 'chaos-evaluator:pass', 'size-the-pool:pass']],
      ['b.json', ['mmck-metrics:fail', 'chaos-evaluator:pass', 'size-the-pool:pass']],
      ['c.json', ['mmck-metrics:fail', 'chaos-evaluator:pass', 'size-the-pool:pass']],
      ['d.json', ['mmck-metrics:pass', 'chaos-evaluator:pass', 'size-the-pool:pass']],
    ]);
    expect(book.rows[1]?.flags.map((flag) => flag.message)).toEqual(['run cut off: mmck-metrics hit the CPU-time limit']);
  });

  test('has one lesson column per lesson any assignment requires, in course order, and counts the tests of a missing exercise', async () => {
    const batch = join(folder, 'lessons');
    await mkdir(batch, { recursive: true });
    const mmck = { id: 'mmck-metrics', files: exerciseCode('exercises', '12-mmck-metrics', 'solution', ['mmck.ts']) };
    const first = makeSubmission({ learner: 'Ann', lessons: ['03-queues/01-bounded-queue', '01-basics/01-why'], completed: { '01-basics/01-why': '2026-01-01T09:00:00Z' }, exercises: [mmck] });
    const second = makeSubmission({ learner: 'Bea', lessons: ['02-foundation/02-semaphore-bulkhead'], assigned: ['mmck-metrics', 'semaphore-bulkhead'], exercises: [mmck] });
    await writeFile(join(batch, 'a.json'), JSON.stringify(first));
    await writeFile(join(batch, 'b.json'), JSON.stringify(second));
    const book = await gradeBatch(batch, { exercises, jobs: 2 });
    expect(book.lessons).toEqual(['01-basics/01-why', '02-foundation/02-semaphore-bulkhead', '03-queues/01-bounded-queue']);
    expect(book.rows.map((row) => row.lessons)).toEqual([
      { '03-queues/01-bounded-queue': 'not recorded', '01-basics/01-why': 'done' },
      { '02-foundation/02-semaphore-bulkhead': 'not done' },
    ]);
    expect(book.rows[1]?.exercises[1]).toMatchObject({ id: 'semaphore-bulkhead', submitted: false, passed: 0, total: 15, score: 0 });
  });
});
