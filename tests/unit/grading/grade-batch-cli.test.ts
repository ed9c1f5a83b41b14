import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main, parseArguments, type GradeBatchIo } from '../../../src/cli/grade-batch';
import { BatchInputError, DEFAULT_BATCH_CPU_LIMIT_MS, DEFAULT_BATCH_TIME_LIMIT_MS, errorRow, gradeBatch, loadExerciseSet, type BatchOptions, type Gradebook, type GradeRow } from '../../../src/grading';
import { MAX_SUBMISSION_BYTES } from '../../../src/schemas/submission';
import { exerciseCode, FLOODING_CODE, LOOPING_CODE, makeSubmission, wrongCode } from '../../fixtures/submissions/make-submission';

/** Captures what the command writes; grading is `grade` (default: a canned gradebook). */
function captureIo(grade?: GradeBatchIo['grade']) {
  const out = { stdout: '', stderr: '', files: new Map<string, string>(), options: [] as BatchOptions[] };
  const io: GradeBatchIo = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    writeFile: (path, text) => {
      out.files.set(path, text);
      return Promise.resolve();
    },
    grade: (folder, options) => {
      out.options.push(options);
      return grade === undefined ? Promise.resolve(cannedBook()) : grade(folder, options);
    },
  };
  return { io, out };
}

function cannedBook(rows: GradeRow[] = [{ ...errorRow('a.json', '', null), error: null, learner: 'Ann' }]): Gradebook {
  return { exercises: [], lessons: [], rows, skipped: [], assignments: [], timeLimitMs: DEFAULT_BATCH_TIME_LIMIT_MS };
}

describe('parseArguments', () => {
  test('reads the folder and every option', () => {
    expect(parseArguments(['subs', '--out', 'g.json', '--jobs=3', '--time-limit', '2500', '--cpu-limit=900', '--ignore-file-times'])).toEqual({
      folder: 'subs',
      out: 'g.json',
      json: true,
      jobs: 3,
      timeLimitMs: 2500,
      cpuLimitMs: 900,
      ignoreFileTimes: true,
    });
    expect(parseArguments(['subs'])).toEqual({ folder: 'subs', json: false, timeLimitMs: DEFAULT_BATCH_TIME_LIMIT_MS, cpuLimitMs: DEFAULT_BATCH_CPU_LIMIT_MS, ignoreFileTimes: false });
    expect(parseArguments(['--help'])).toBe('help');
  });

  test('rejects bad usage with a specific message', () => {
    expect(() => parseArguments([])).toThrow('name the folder of submission files');
    expect(() => parseArguments(['a', 'b'])).toThrow('expected one folder, got 2: a, b');
    expect(() => parseArguments(['a', '--fast'])).toThrow('unknown option --fast');
    expect(() => parseArguments(['a', '--jobs', '0'])).toThrow('--jobs needs a whole number from 1 to 256, not "0"');
    expect(() => parseArguments(['a', '--jobs', 'two'])).toThrow('--jobs needs a whole number from 1 to 256, not "two"');
    expect(() => parseArguments(['a', '--out'])).toThrow('--out needs a value');
    expect(() => parseArguments(['a', '--out', 'x.csv', '--out', 'y.csv'])).toThrow('--out was given twice');
    expect(() => parseArguments(['a', '--json', '--out', 'x.csv'])).toThrow('--json writes JSON, but --out x.csv does not end in .json');
  });
});

describe('main', () => {
  test('prints usage and exits 2 on bad usage', async () => {
    const { io, out } = captureIo();
    expect(await main(['--frobnicate', 'x'], io)).toBe(2);
    expect(out.stderr).toMatch(/^grade:batch: unknown option --frobnicate\n\nUsage: npm run grade:batch/);
    expect(out.options).toEqual([]);
  });

  test('exits 2 with the usage for a missing folder', async () => {
    const { io, out } = captureIo(() => Promise.reject(new BatchInputError('there is no folder nope')));
    expect(await main(['nope'], io)).toBe(2);
    expect(out.stderr).toMatch(/^grade:batch: there is no folder nope\n\nUsage:/);
  });

  test('exits 2 when the folder has no .json files', async () => {
    const { io, out } = captureIo(() => Promise.resolve(cannedBook([])));
    expect(await main(['empty'], io)).toBe(2);
    expect(out.stderr).toBe('grade:batch: there are no .json files in empty\n');
  });

  test('writes CSV to standard output and the summary to standard error by default, exit 0', async () => {
    const { io, out } = captureIo();
    expect(await main(['subs', '--jobs', '3'], io)).toBe(0);
    expect(out.stdout.split('\r\n')[0]).toBe('"file","learner","assignment","submitted at","file modified","total","max","flags","error"');
    expect(out.stderr).toMatch(/^1 submission file: 1 graded/);
    expect(out.options).toEqual([{ timeLimitMs: DEFAULT_BATCH_TIME_LIMIT_MS, cpuLimitMs: DEFAULT_BATCH_CPU_LIMIT_MS, useFileTime: true, jobs: 3 }]);
  });

  test('writes to --out, JSON when the name ends in .json, and exits 1 when a row has an error', async () => {
    const { io, out } = captureIo(() => Promise.resolve(cannedBook([errorRow('a.json', 'The file is empty.', null)])));
    expect(await main(['subs', '--out', 'grades.json', '--ignore-file-times'], io)).toBe(1);
    const [[path, text] = ['', '']] = [...out.files];
    expect(path.endsWith('grades.json')).toBe(true);
    expect(JSON.parse(text)).toMatchObject({ format: 'bulkhead-lab-gradebook', rows: [{ file: 'a.json', error: 'The file is empty.' }] });
    expect(out.stdout).toMatch(/1 with errors.*\nGradebook written to grades\.json\.\n$/s);
    expect(out.options[0]?.useFileTime).toBe(false);
  });
});

describe('main with the Node runner', () => {
  let folder = '';
  const root = 'exercises';
  const chaos = '13-chaos-evaluator';
  const file = 'chaos-evaluator.ts';

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'bulkhead-grade-batch-'));
    const write = (name: string, value: unknown) => writeFile(join(folder, name), typeof value === 'string' ? value : JSON.stringify(value));
    const id = 'chaos-evaluator';
    await Promise.all([
      write('01-right.json', makeSubmission({ learner: 'Ann', exercises: [{ id, files: exerciseCode(root, chaos, 'solution', [file]), browserOk: true }] })),
      write('02-wrong.json', makeSubmission({ learner: 'Bob', exercises: [{ id, files: wrongCode(root, chaos, 'divides-by-zero.ts', file), browserOk: false }] })),
      write('03-tampered.json', makeSubmission({ learner: '=Mallory', exercises: [{ id, files: wrongCode(root, chaos, 'no-control-baseline.ts', file), browserOk: true }] })),
      write('04-loop.json', makeSubmission({ learner: 'Lou', exercises: [{ id, files: { [file]: LOOPING_CODE } }] })),
      write('05-flood.json', makeSubmission({ learner: 'Flo', exercises: [{ id, files: { [file]: FLOODING_CODE } }] })),
      write('06-malformed.json', '{"format": "bulkhead-lab-submission", '),
      write('07-oversized.json', ' '.repeat(MAX_SUBMISSION_BYTES + 1)),
      write('notes.txt', 'not a submission'),
    ]);
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('re-runs every submission, flags the tampered one, cuts off the loop and the flood, and reports the bad files', async () => {
    const exercises = await loadExerciseSet(root);
    const { io, out } = captureIo((batchFolder, options) => gradeBatch(batchFolder, { ...options, exercises }));
    const code = await main([folder, '--json', '--jobs', '2', '--time-limit', '20000', '--cpu-limit', '700'], io);
    expect(code).toBe(1);
    const book = JSON.parse(out.stdout) as Gradebook;
    const byFile = new Map(book.rows.map((row) => [row.file, row]));
    expect(book.rows.map((row) => row.file)).toEqual(['01-right.json', '02-wrong.json', '03-tampered.json', '04-loop.json', '05-flood.json', '06-malformed.json', '07-oversized.json']);
    expect(book.skipped).toEqual([{ file: 'notes.txt', reason: 'not a .json file' }]);
    expect(book.exercises).toEqual(['chaos-evaluator']);

    const right = byFile.get('01-right.json');
    expect(right?.exercises[0]).toMatchObject({ pass: true, score: 1 });
    expect(right?.exercises[0]?.hidden.total).toBeGreaterThan(0);
    expect(right?.flags).toEqual([]);

    const wrong = byFile.get('02-wrong.json');
    expect(wrong?.exercises[0]?.pass).toBe(false);
    expect(wrong?.exercises[0]?.score).toBeLessThan(1);
    expect(wrong?.flags).toEqual([]);

    const tampered = byFile.get('03-tampered.json');
    expect(tampered?.flags.map((flag) => flag.kind)).toEqual(['browser-claimed-pass']);

    expect(byFile.get('04-loop.json')?.flags.map((flag) => flag.message)).toEqual(['run cut off: chaos-evaluator hit the CPU-time limit']);
    expect(byFile.get('04-loop.json')?.exercises[0]?.score).toBe(0);
    expect(byFile.get('05-flood.json')?.flags.map((flag) => flag.message)).toEqual(['run cut off: chaos-evaluator hit the output limit']);

    expect(byFile.get('06-malformed.json')?.error).toBe('The file is not valid JSON (problem at line 1, column 39).');
    expect(byFile.get('07-oversized.json')?.error).toBe('The file is 1,000,001 bytes; submissions are at most 1,000,000 bytes.');
    expect(out.stderr).toMatch(/^7 submission files: 5 graded \(1 passed every exercise\), 2 with errors, 3 flagged\./);
  });
});
