/**
 * `npm run grade:batch -- <folder> [--out grades.csv|grades.json] [--json] [--jobs N] [--time-limit MS] [--cpu-limit MS] [--ignore-file-times]`
 *
 * Grades every submission file in a folder with the Node runner (visible and hidden tests, never
 * the browser's recorded results) and writes a gradebook. Exit codes: 0 every file was graded
 * (flags are not errors), 1 some files had row-level errors, 2 bad usage or an unusable folder.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BatchInputError, countRows, DEFAULT_BATCH_CPU_LIMIT_MS, DEFAULT_BATCH_TIME_LIMIT_MS, formatSummary, gradeBatch, toCsv, toJson, type BatchOptions, type Gradebook } from '../grading';
import { ExerciseLoadError } from '../runners/exercise-files';

/** Where the command writes, and how it grades: replaceable in tests. */
export interface GradeBatchIo {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Writes a UTF-8 text file. */
  writeFile(path: string, text: string): Promise<void>;
  /** Grades a folder (default `gradeBatch`); tests may add options such as a loaded exercise set. */
  grade(folder: string, options: BatchOptions): Promise<Gradebook>;
}

/** Parsed command-line arguments. */
export interface GradeBatchArguments {
  /** The folder of submission files. */
  folder: string;
  /** Where to write the gradebook; standard output when absent. */
  out?: string;
  /** Write JSON instead of CSV. */
  json: boolean;
  /** Child processes at a time, when given. */
  jobs?: number;
  /** Per-run wall-clock limit in milliseconds. */
  timeLimitMs: number;
  /** Per-run CPU-time limit in milliseconds. */
  cpuLimitMs: number;
  /** Judge lateness by the browser's createdAt only. */
  ignoreFileTimes: boolean;
}

const USAGE = `Usage: npm run grade:batch -- <folder> [--out grades.csv] [--json] [--jobs N]

Grades every .json submission file in <folder> (not its subfolders): re-runs the visible and
hidden tests of each assigned exercise with the Node runner and writes a gradebook, one row
per file, in file-name order.

  --out FILE           write the gradebook to FILE: CSV, or JSON when FILE ends in .json
                       (default: CSV to standard output, the summary to standard error)
  --json               write JSON instead of CSV
  --jobs N             run at most N submissions' tests at a time (default: the number of cores)
  --time-limit MS      stop a run after MS milliseconds of wall-clock time (default ${DEFAULT_BATCH_TIME_LIMIT_MS}; an
                       exercise's own lower limit still applies); a run that hits it is flagged "run cut off"
  --cpu-limit MS       stop a run after MS milliseconds of CPU time (default ${DEFAULT_BATCH_CPU_LIMIT_MS}; Linux only):
                       endless loops end here, without waiting for the wall-clock limit; no single step
                       (loading the code, or one test) may use more than half of it
  --ignore-file-times  judge lateness by the submission's createdAt only
  --help               show this help

Lateness: createdAt is written by the learner's browser and is only as honest as its clock, so
the file's modification time is compared too and the later of the two decides. If you copied the
files after the due date, their modification times are late too: use --ignore-file-times.

Exit codes: 0 every file graded (flags are not errors), 1 some files could not be graded,
2 bad usage.
`;

/** A usage problem, reported with exit code 2. */
class UsageError extends Error {}

const defaultIo: GradeBatchIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  writeFile: (path, text) => writeFile(path, text, 'utf8'),
  grade: gradeBatch,
};

function positiveInteger(option: string, value: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) throw new UsageError(`${option} needs a whole number from 1 to ${max}, not "${value}"`);
  return Number(value);
}

/**
 * Parses arguments.
 * @throws UsageError on unknown options, missing or bad values, or a missing folder.
 */
export function parseArguments(argv: readonly string[]): GradeBatchArguments | 'help' {
  const positional: string[] = [];
  const parsed: Omit<GradeBatchArguments, 'folder'> = { json: false, timeLimitMs: DEFAULT_BATCH_TIME_LIMIT_MS, cpuLimitMs: DEFAULT_BATCH_CPU_LIMIT_MS, ignoreFileTimes: false };
  const seen = new Set<string>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--help' || argument === '-h') return 'help';
    if (argument === '--') {
      positional.push(...argv.slice(index + 1));
      break;
    }
    const option = /^(--(?:out|jobs|time-limit|cpu-limit))(?:=(.*))?$/.exec(argument);
    if (option !== null) {
      const name = option[1] ?? '';
      const value = option[2] ?? argv[++index];
      if (value === undefined || value === '' || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
      if (seen.has(name)) throw new UsageError(`${name} was given twice`);
      seen.add(name);
      if (name === '--out') parsed.out = value;
      else if (name === '--jobs') parsed.jobs = positiveInteger(name, value, 256);
      else if (name === '--cpu-limit') parsed.cpuLimitMs = positiveInteger(name, value, 60_000);
      else parsed.timeLimitMs = positiveInteger(name, value, 60_000);
    } else if (argument === '--json') parsed.json = true;
    else if (argument === '--ignore-file-times') parsed.ignoreFileTimes = true;
    else if (argument.startsWith('-')) throw new UsageError(`unknown option ${argument}`);
    else positional.push(argument);
  }
  if (positional.length === 0) throw new UsageError('name the folder of submission files');
  if (positional.length > 1) throw new UsageError(`expected one folder, got ${positional.length}: ${positional.join(', ')}`);
  if (parsed.out !== undefined && /\.json$/i.test(parsed.out)) parsed.json = true;
  else if (parsed.out !== undefined && parsed.json) throw new UsageError(`--json writes JSON, but --out ${parsed.out} does not end in .json`);
  return { folder: positional[0] ?? '', ...parsed };
}

/**
 * Runs the command. Returns the exit code instead of exiting, so it can be tested.
 * @param argv - the arguments after the script name.
 * @param io - output, file writing and the grader (default: the process's and `gradeBatch`).
 * @param signal - stops the batch (the command wires Ctrl-C to it).
 */
export async function main(argv: readonly string[], io: GradeBatchIo = defaultIo, signal?: AbortSignal): Promise<number> {
  let args: GradeBatchArguments | 'help';
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`grade:batch: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (args === 'help') {
    io.stdout(USAGE);
    return 0;
  }

  const options: BatchOptions = { timeLimitMs: args.timeLimitMs, cpuLimitMs: args.cpuLimitMs, useFileTime: !args.ignoreFileTimes };
  if (args.jobs !== undefined) options.jobs = args.jobs;
  if (signal !== undefined) options.signal = signal;
  let book: Gradebook;
  try {
    book = await io.grade(args.folder, options);
  } catch (error) {
    if (error instanceof BatchInputError) {
      io.stderr(`grade:batch: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ExerciseLoadError) {
      io.stderr(`grade:batch: the course's exercises cannot be loaded: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (book.rows.length === 0) {
    io.stderr(`grade:batch: there are no .json files in ${args.folder}\n`);
    return 2;
  }

  const text = args.json ? toJson(book) : toCsv(book);
  const summary = formatSummary(book);
  if (args.out === undefined) {
    io.stdout(text);
    io.stderr(summary);
  } else {
    try {
      await io.writeFile(resolve(args.out), text);
    } catch {
      io.stderr(`grade:batch: cannot write ${args.out}\n`);
      return 2;
    }
    io.stdout(`${summary}Gradebook written to ${args.out}.\n`);
  }
  return countRows(book.rows).errors > 0 ? 1 : 0;
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(resolve(invokedPath)).href) {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('grade:batch: stopping the runs in progress…\n');
    controller.abort();
  });
  main(process.argv.slice(2), defaultIo, controller.signal).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`grade:batch: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
