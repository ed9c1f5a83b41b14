/**
 * `npm run grade -- exercises/NN-slug [--file answer.ts] [--hidden] [--json]`
 *
 * Grades one submission with the Node runner and prints a report (or JSON). Exit codes:
 * 0 every test passed, 1 a test failed or the run stopped, 2 bad usage or unreadable input.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExerciseLoadError, loadExercise } from '../runners/exercise-files';
import { NodeRunner } from '../runners/node-runner';
import type { RunResult, TestResult } from '../runners/types';

/** Where the command writes, and how it reads files: replaceable in tests. */
export interface GradeIo {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Reads a UTF-8 text file. */
  readFile(path: string): Promise<string>;
}

/** Parsed command-line arguments. */
export interface GradeArguments {
  /** The exercise folder. */
  exercise: string;
  /** The submission file, when given. */
  file?: string;
  /** Also run the hidden tests. */
  hidden: boolean;
  /** Print JSON instead of a report. */
  json: boolean;
}

const USAGE = `Usage: npm run grade -- exercises/NN-slug [--file path/to/answer.ts] [--hidden] [--json]

  --file PATH   grade this file instead of the exercise's start/ file
  --hidden      also run the hidden tests
  --json        print the result as JSON
  --help        show this help
`;

/** A usage problem, reported with exit code 2. */
class UsageError extends Error {}

const defaultIo: GradeIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path, 'utf8'),
};

/**
 * Parses arguments.
 * @throws UsageError on unknown options, missing values or a missing exercise folder.
 */
export function parseArguments(argv: readonly string[]): GradeArguments | 'help' {
  const positional: string[] = [];
  let file: string | undefined;
  let hidden = false;
  let json = false;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--help' || argument === '-h') return 'help';
    if (argument === '--hidden') hidden = true;
    else if (argument === '--json') json = true;
    else if (argument === '--file' || argument.startsWith('--file=')) {
      const value = argument === '--file' ? argv[++index] : argument.slice('--file='.length);
      if (value === undefined || value === '' || value.startsWith('--')) throw new UsageError('--file needs a path');
      if (file !== undefined) throw new UsageError('--file was given twice');
      file = value;
    } else if (argument.startsWith('-')) throw new UsageError(`unknown option ${argument}`);
    else positional.push(argument);
  }
  if (positional.length === 0) throw new UsageError('name the exercise folder, e.g. exercises/02-semaphore-bulkhead');
  if (positional.length > 1) throw new UsageError(`expected one exercise folder, got ${positional.length}: ${positional.join(', ')}`);
  const parsed: GradeArguments = { exercise: positional[0] ?? '', hidden, json };
  if (file !== undefined) parsed.file = file;
  return parsed;
}

/**
 * Runs the command. Returns the exit code instead of exiting, so it can be tested.
 * @param argv - the arguments after the script name.
 * @param io - output and file access (default: the process's).
 */
export async function main(argv: readonly string[], io: GradeIo = defaultIo): Promise<number> {
  let args: GradeArguments | 'help';
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`grade: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (args === 'help') {
    io.stdout(USAGE);
    return 0;
  }

  let exercise;
  try {
    exercise = await loadExercise(args.exercise, { includeHidden: args.hidden });
  } catch (error) {
    if (error instanceof ExerciseLoadError) {
      io.stderr(`grade: ${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const files: Record<string, string> = {};
  let source = `start/${exercise.meta.files.join(', start/')}`;
  if (args.file !== undefined) {
    const target = exercise.meta.files.length === 1 ? exercise.meta.files[0] : exercise.meta.files.find((name) => name === basename(args.file ?? ''));
    if (target === undefined) {
      io.stderr(`grade: this exercise has several files (${exercise.meta.files.join(', ')}); name the --file after one of them\n`);
      return 2;
    }
    try {
      files[target] = await io.readFile(resolve(args.file));
    } catch {
      io.stderr(`grade: cannot read ${args.file}\n`);
      return 2;
    }
    source = args.file;
  }

  const runner = new NodeRunner();
  let result: RunResult;
  try {
    await runner.prepare(exercise.bundle);
    result = await runner.run(files, { includeHidden: args.hidden });
  } finally {
    await runner.dispose();
  }

  if (args.json) {
    io.stdout(`${JSON.stringify({ exercise: exercise.folderName, file: source, hidden: args.hidden, result }, null, 2)}\n`);
  } else {
    io.stdout(formatReport(exercise.folderName, source, args.hidden, result));
  }
  return result.ok ? 0 : 1;
}

const SYMBOLS: Record<TestResult['status'], string> = { passed: '✓', failed: '✗', 'timed-out': '⏱' };

/** The human-readable report. */
export function formatReport(exercise: string, source: string, hidden: boolean, result: RunResult): string {
  const lines: string[] = [];
  lines.push(`Grading ${exercise} (${source}) with the Node runner, ${hidden ? 'visible and hidden tests' : 'visible tests only'}`);
  lines.push('');
  for (const test of result.tests) {
    const label = hidden ? `[${test.suite}] ` : '';
    lines.push(`  ${SYMBOLS[test.status]} ${label}${test.name}`);
    if (test.status !== 'passed' && test.message !== undefined) {
      lines.push(`      ${test.message}`);
      if (test.expected !== undefined) lines.push(`      expected: ${test.expected}`);
      if (test.actual !== undefined) lines.push(`      actual:   ${test.actual}`);
    }
  }
  if (result.error !== undefined) {
    if (result.tests.length > 0) lines.push('');
    lines.push(`  ✗ Run stopped (${result.error.kind}): ${result.error.message}`);
  }
  const output = result.output.trim();
  if (output !== '') {
    lines.push('', '  Output from the submission:');
    for (const line of output.split('\n').slice(0, 40)) lines.push(`    ${line}`);
    if (result.outputTruncated || output.split('\n').length > 40) lines.push('    … (cut)');
  }
  const { passed, failed, timedOut, total, durationMs } = result.summary;
  const parts = [`${passed} passed`, `${failed} failed`];
  if (timedOut > 0) parts.push(`${timedOut} timed out`);
  lines.push('', `${parts.join(', ')} of ${total} (${(durationMs / 1000).toFixed(1)} s)${result.ok ? ' — all passed' : ''}`, '');
  return lines.join('\n');
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(resolve(invokedPath)).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`grade: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
