/**
 * The command StrykerJS runs for each mutant (see scripts/mutation.ts), in Stryker's sandbox:
 *
 *   node --import tsx scripts/mutation/grade-mutant.ts exercises/NN-slug
 *
 * Stryker has instrumented the sandbox's `exercises/NN-slug/solution/*.ts` with every mutant at
 * once (mutant schemata) and names the one to switch on in the environment variable
 * `__STRYKER_ACTIVE_MUTANT__` (unset for the dry run). The Node runner starts its child with an
 * empty environment and a hardened realm, so Stryker's own switch (which reads that variable from
 * `globalThis.process` and keeps state on `globalThis.__stryker__`) cannot work in there. Instead
 * this script replaces Stryker's helper functions with constant ones, which leaves exactly one
 * mutant switched on, and grades that source like `npm run grade -- exercises/NN-slug --file …
 * --hidden`: same loader, same Node runner, visible and hidden tests.
 *
 * Exit code 0 when every test passes (the mutant survived), 1 when the grader fails it (killed),
 * 2 when this script could not do its job (never a verdict on the mutant). The last line of
 * output is `MUTANT-VERDICT {json}`, which scripts/mutation.ts reads back from Stryker's results
 * to tell failed tests from time-outs and from infrastructure errors.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExerciseLoadError, loadExercise } from '../../src/runners/exercise-files';
import { NodeRunner } from '../../src/runners/node-runner';
import type { RunResult } from '../../src/runners/types';

/** What scripts/mutation.ts learns about one graded mutant. */
export interface MutantVerdict {
  /** passed: the grader accepted it; failed: a test failed; timeout: only time limits stopped it; error: no verdict. */
  kind: 'passed' | 'failed' | 'timeout' | 'error';
  /** The active mutant id, or null for the dry run. */
  mutant: string | null;
  /** How many tests failed or timed out. */
  failedTests?: number;
  /** The first few of them, "[suite] name". */
  tests?: string[];
  /** The run error or the script's own problem. */
  message?: string;
}

export const VERDICT_PREFIX = 'MUTANT-VERDICT ';

const NAMESPACE_HELPER = 'stryNS_9fa48';
const COVER_HELPER = 'stryCov_9fa48';
const ACTIVE_HELPER = 'stryMutAct_9fa48';

/** Thrown when the instrumented source does not look as expected: no verdict, exit code 2. */
class InstrumentationError extends Error {}

/**
 * Index just past the function declaration that starts at `start` (at its `function` keyword):
 * matches braces, skipping string literals (Stryker's helpers contain no regexes or templates).
 */
function endOfFunction(source: string, start: number): number {
  let index = source.indexOf('{', start);
  if (index < 0) throw new InstrumentationError('unterminated helper function');
  let depth = 0;
  for (; index < source.length; index += 1) {
    const char = source[index];
    if (char === '"' || char === "'") {
      const close = source.indexOf(char, index + 1);
      if (close < 0) throw new InstrumentationError('unterminated string in a helper function');
      index = close;
    } else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  throw new InstrumentationError('unterminated helper function');
}

/**
 * Turns a file instrumented with mutant schemata into the source of one mutant (or of the
 * original, when `activeMutant` is undefined): Stryker's header (the namespace helper, its call,
 * the coverage helper and the switch) becomes three constant functions. Files Stryker did not
 * instrument are returned unchanged.
 * @throws InstrumentationError when the header is not where it should be, or the mutant is not in the file.
 */
export function selectMutant(source: string, activeMutant: string | undefined): { source: string; instrumented: boolean; containsMutant: boolean } {
  const start = source.indexOf(`function ${NAMESPACE_HELPER}()`);
  if (start < 0) {
    if (source.includes(ACTIVE_HELPER)) throw new InstrumentationError(`${ACTIVE_HELPER} is used but Stryker's header is missing`);
    return { source, instrumented: false, containsMutant: false };
  }
  const activeStart = source.indexOf(`function ${ACTIVE_HELPER}(`, start);
  if (activeStart < 0) throw new InstrumentationError(`Stryker's header has no ${ACTIVE_HELPER}`);
  const end = endOfFunction(source, activeStart);
  const header = source.slice(start, end);
  if (!header.includes(`function ${COVER_HELPER}(`)) throw new InstrumentationError(`Stryker's header has no ${COVER_HELPER}`);
  const active = activeMutant === undefined ? 'undefined' : JSON.stringify(activeMutant);
  // One line, so the lines after it keep their numbers relative to each other.
  const replacement =
    `function ${NAMESPACE_HELPER}() { return {}; } ` +
    `function ${COVER_HELPER}() {} ` +
    `function ${ACTIVE_HELPER}(id) { return id === ${active}; }`;
  const rest = source.slice(end);
  if (/\b(?:__stryker__|__STRYKER_ACTIVE_MUTANT__)\b/.test(rest)) throw new InstrumentationError('Stryker state is used outside its header');
  const containsMutant = activeMutant !== undefined && rest.includes(`${ACTIVE_HELPER}(${JSON.stringify(activeMutant)})`);
  return { source: source.slice(0, start) + replacement + rest, instrumented: true, containsMutant };
}

/** Reads the verdict from a run result. */
export function verdictOf(result: RunResult, mutant: string | null): MutantVerdict {
  if (result.ok) return { kind: 'passed', mutant };
  const failed = result.tests.filter((test) => test.status === 'failed');
  const timedOut = result.tests.filter((test) => test.status === 'timed-out');
  const label = (test: RunResult['tests'][number]): string => `[${test.suite}] ${test.name}`;
  const error = result.error;
  if (error !== undefined && (error.kind === 'internal' || error.kind === 'aborted')) {
    return { kind: 'error', mutant, message: `${error.kind}: ${error.message}` };
  }
  const stopped = [...failed, ...timedOut];
  const verdict: MutantVerdict = { kind: 'failed', mutant, failedTests: stopped.length, tests: stopped.slice(0, 3).map(label) };
  if (error !== undefined) verdict.message = `${error.kind}: ${error.message}`;
  // Only time limits stopped it (a test's, or the run's wall clock or CPU time): a time-out.
  if (failed.length === 0 && (error === undefined ? timedOut.length > 0 : error.kind === 'timeout')) verdict.kind = 'timeout';
  return verdict;
}

async function main(argv: readonly string[]): Promise<number> {
  const exerciseFolder = argv[0];
  const mutant = process.env['__STRYKER_ACTIVE_MUTANT__'];
  const report = (verdict: MutantVerdict): void => {
    process.stdout.write(`${VERDICT_PREFIX}${JSON.stringify(verdict)}\n`);
  };
  if (exerciseFolder === undefined || argv.length !== 1) {
    process.stderr.write('usage: node --import tsx scripts/mutation/grade-mutant.ts exercises/NN-slug\n');
    return 2;
  }
  try {
    const exercise = await loadExercise(exerciseFolder, { includeHidden: true });
    const files: Record<string, string> = {};
    let found = false;
    for (const name of exercise.meta.files) {
      const instrumented = await readFile(join(exercise.folder, 'solution', name), 'utf8');
      const selected = selectMutant(instrumented, mutant);
      files[name] = selected.source;
      found ||= selected.containsMutant;
    }
    if (mutant !== undefined && !found) throw new InstrumentationError(`mutant ${mutant} is in none of ${exercise.meta.files.join(', ')}`);
    const runner = new NodeRunner();
    let result: RunResult;
    try {
      await runner.prepare(exercise.bundle);
      result = await runner.run(files, { includeHidden: true });
    } finally {
      await runner.dispose();
    }
    const verdict = verdictOf(result, mutant ?? null);
    report(verdict);
    return verdict.kind === 'passed' ? 0 : verdict.kind === 'error' ? 2 : 1;
  } catch (error) {
    if (!(error instanceof InstrumentationError || error instanceof ExerciseLoadError)) throw error;
    report({ kind: 'error', mutant: mutant ?? null, message: error.message });
    return 2;
  }
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(resolve(invokedPath)).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const verdict: MutantVerdict = { kind: 'error', mutant: process.env['__STRYKER_ACTIVE_MUTANT__'] ?? null, message: error instanceof Error ? error.message : String(error) };
      process.stdout.write(`${VERDICT_PREFIX}${JSON.stringify(verdict)}\n`);
      process.exitCode = 2;
    },
  );
}
