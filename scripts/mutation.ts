/**
 * `npm run mutation [-- exercises/NN-slug ...] [--concurrency N] [--from-reports]`
 *
 * Mutation-tests graded exercises with StrykerJS: for each exercise, Stryker mutates
 * `solution/*.ts` and grades every mutant with the project's Node runner, visible and hidden
 * tests (scripts/mutation/grade-mutant.ts, through Stryker's "command" test runner). A mutant
 * the grader fails is killed; one it accepts survived, and is either a gap in the tests or an
 * equivalent mutant (listed, with its reason, in `tests/equivalent-mutants.md`).
 *
 * Prints one table row per exercise (mutants, killed, survived, timed out, no coverage,
 * equivalent, score) and then every survivor (file:line, mutator, original → replacement). The
 * same goes to reports/mutation/summary.md, with Stryker's JSON report per exercise beside it.
 * Exits 1 if a mutant could not be graded (an infrastructure error, never a verdict).
 * `--from-reports` rebuilds the table from the last JSON reports without running Stryker, e.g.
 * after editing an equivalent-mutants.md.
 *
 * A benchmark, not part of `npm test`: all fourteen exercises take tens of minutes on two cores.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { Stryker } from '@stryker-mutator/core';
import { VERDICT_PREFIX, type MutantVerdict } from './mutation/grade-mutant';

type StrykerOptions = ConstructorParameters<typeof Stryker>[0];
type LogLevel = NonNullable<StrykerOptions['logLevel']>;
type MutantResult = Awaited<ReturnType<Stryker['runMutationTest']>>[number];
/** What this script reads of a mutant: Stryker's result, or the same mutant from its JSON report. */
type MutantRecord = Pick<MutantResult, 'fileName' | 'location' | 'mutatorName' | 'replacement' | 'status' | 'statusReason'>;

const ROOT = resolve(import.meta.dirname, '..');
const EXERCISES = join(ROOT, 'exercises');
const REPORTS = join(ROOT, 'reports', 'mutation');
const FOLDER_PATTERN = /^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** How one mutant ended, as this script counts it. */
type Outcome = 'killed' | 'survived' | 'timed out' | 'no coverage' | 'equivalent' | 'error';

/** One mutant, located in the original solution. */
interface Mutant {
  file: string;
  line: number;
  column: number;
  mutator: string;
  original: string;
  replacement: string;
  outcome: Outcome;
  /** For errors: why no verdict. */
  reason?: string;
}

/** One entry of tests/equivalent-mutants.md. */
interface EquivalentEntry {
  file: string;
  line: number;
  mutator: string;
  /** Original and replacement code as the survivor list prints them (whitespace collapsed, long code cut). */
  original: string;
  replacement: string;
  reason: string;
  matched: boolean;
}

/** The counts of one exercise. */
interface ExerciseSummary {
  exercise: string;
  mutants: number;
  killed: number;
  survived: number;
  timedOut: number;
  noCoverage: number;
  equivalent: number;
  errors: number;
  seconds: number;
  survivors: Mutant[];
  errored: Mutant[];
  staleEquivalents: EquivalentEntry[];
}

/** The Stryker options for one exercise. */
function strykerOptions(exercise: string, files: readonly string[], timeLimitMs: number, concurrency: number): StrykerOptions {
  return {
    // Our own command per mutant: grade the mutated solution with the Node runner, hidden tests included.
    testRunner: 'command',
    commandRunner: { command: `node --import tsx scripts/mutation/grade-mutant.ts exercises/${exercise}` },
    // The command runner cannot report per-test coverage: every mutant is graded.
    coverageAnalysis: 'off',
    mutate: files.map((file) => `exercises/${exercise}/solution/${file}`),
    // The sandbox holds what grading needs: the runner's sources, this exercise and the harness.
    ignorePatterns: [
      '/.tmp', '/reports', '/dist', '/.astro', '/coverage', '/test-results', '/playwright-report', '/content', '/public', '/tests',
      '/exercises/*', '!/exercises/_harness', `!/exercises/${exercise}`,
    ],
    tempDirName: '.tmp/stryker',
    cleanTempDir: true,
    // Only plugins built into core (the command runner); do not scan node_modules for others.
    plugins: [],
    checkers: [],
    concurrency,
    // The runner stops a run at the exercise's time limit (wall clock) and each test at its own
    // limit, and fails it: endless loops end there and come back as time-outs. Stryker's own
    // limit only guards against the grading command itself hanging, so it sits well above.
    timeoutMS: timeLimitMs + 20_000,
    timeoutFactor: 2,
    // A JSON report per exercise (read back by --from-reports), and a progress line now and then.
    reporters: ['json', 'progress-append-only'],
    jsonReporter: { fileName: `reports/mutation/${exercise}.json` },
    logLevel: 'warn' as LogLevel,
    fileLogLevel: 'off' as LogLevel,
    incremental: false,
  };
}

const USAGE = 'usage: npm run mutation [-- exercises/NN-slug ...] [--concurrency N] [--from-reports]';

/** Parses exercise folders, `--concurrency N` and `--from-reports`. */
function parseArguments(argv: readonly string[]): { exercises: string[]; concurrency: number; fromReports: boolean } {
  const exercises: string[] = [];
  let concurrency = 2;
  let fromReports = false;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--concurrency' || argument.startsWith('--concurrency=')) {
      const value = Number(argument === '--concurrency' ? argv[++index] : argument.slice('--concurrency='.length));
      if (!Number.isInteger(value) || value < 1) throw new Error('--concurrency needs a positive integer');
      concurrency = value;
    } else if (argument === '--from-reports') {
      fromReports = true;
    } else if (argument === '--help' || argument === '-h') {
      throw new Error(USAGE);
    } else if (argument.startsWith('-')) {
      throw new Error(`unknown option ${argument}\n${USAGE}`);
    } else {
      const name = basename(resolve(argument));
      if (!FOLDER_PATTERN.test(name) || !existsSync(join(EXERCISES, name, 'exercise.json'))) throw new Error(`${argument} is not an exercise folder under exercises/`);
      exercises.push(name);
    }
  }
  if (exercises.length === 0) exercises.push(...readdirSync(EXERCISES).filter((name) => FOLDER_PATTERN.test(name)).sort());
  return { exercises, concurrency, fromReports };
}

/** Code as the survivor list shows it: whitespace collapsed, cut after 80 characters. */
const shortCode = (code: string): string => {
  const flat = code.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
};

/** Code in Markdown: `x`, or `` x `` when it holds a backtick. */
const inlineCode = (code: string): string => {
  const short = shortCode(code);
  return short.includes('`') ? `\`\` ${short} \`\`` : `\`${short}\``;
};

const CODE = '(?:`` (.*?) ``|`([^`]*)`)';
const ENTRY = new RegExp(`^\\s*[-*]\\s+\`([^\`:]+):(\\d+)\`\\s+(\\w+)\\s+${CODE}\\s+→\\s+${CODE}\\s*(?:[—–:-]+\\s*)?(.*)$`);

/**
 * Reads tests/equivalent-mutants.md: one entry per list item written like a line of the
 * survivor list, followed by the reason:
 *   - `partition.ts:40` EqualityOperator `a < b` → `a <= b` — why no input can tell them apart.
 */
function readEquivalents(path: string): EquivalentEntry[] {
  if (!existsSync(path)) return [];
  const entries: EquivalentEntry[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = ENTRY.exec(line);
    if (match === null) continue;
    entries.push({
      file: match[1] ?? '',
      line: Number(match[2]),
      mutator: match[3] ?? '',
      original: shortCode(match[4] ?? match[5] ?? ''),
      replacement: shortCode(match[6] ?? match[7] ?? ''),
      reason: match[8] ?? '',
      matched: false,
    });
  }
  return entries;
}

/** Reads the grader's verdict back from a killed mutant's status reason. */
function verdictFrom(statusReason: string | undefined): MutantVerdict | undefined {
  const line = (statusReason ?? '').split('\n').find((text) => text.startsWith(VERDICT_PREFIX));
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line.slice(VERDICT_PREFIX.length)) as MutantVerdict;
  } catch {
    return undefined;
  }
}

/** Sorts one Stryker result into this script's outcomes. */
function classify(result: MutantRecord, source: string, equivalents: EquivalentEntry[]): Mutant {
  // Stryker's results use 1-based lines and columns (the report schema's).
  const { start, end } = result.location;
  const lines = source.split('\n');
  const offset = (position: { line: number; column: number }): number =>
    lines.slice(0, position.line - 1).reduce((sum, text) => sum + text.length + 1, 0) + position.column - 1;
  const mutant: Mutant = {
    file: basename(result.fileName),
    line: start.line,
    column: start.column,
    mutator: result.mutatorName,
    original: source.slice(offset(start), offset(end)),
    replacement: result.replacement ?? '',
    outcome: 'error',
  };
  switch (result.status) {
    case 'Killed': {
      const verdict = verdictFrom(result.statusReason);
      if (verdict === undefined || verdict.kind === 'error' || verdict.kind === 'passed') {
        mutant.reason = verdict?.message ?? `no verdict from the grading command: ${(result.statusReason ?? '').slice(0, 300)}`;
      } else mutant.outcome = verdict.kind === 'timeout' ? 'timed out' : 'killed';
      break;
    }
    case 'Timeout':
      mutant.outcome = 'timed out';
      break;
    case 'NoCoverage':
      mutant.outcome = 'no coverage';
      break;
    case 'Survived': {
      const entry = equivalents.find(
        (candidate) =>
          !candidate.matched &&
          candidate.file === mutant.file &&
          candidate.line === mutant.line &&
          candidate.mutator === mutant.mutator &&
          candidate.original === shortCode(mutant.original) &&
          candidate.replacement === shortCode(mutant.replacement),
      );
      if (entry !== undefined) entry.matched = true;
      mutant.outcome = entry === undefined ? 'survived' : 'equivalent';
      break;
    }
    default:
      mutant.reason = `Stryker status ${result.status}${result.statusReason === undefined ? '' : `: ${result.statusReason.slice(0, 300)}`}`;
  }
  return mutant;
}

/** Stryker's JSON report of one exercise, as far as this script reads it. */
interface JsonReport {
  files: Record<string, { mutants: Array<Omit<MutantRecord, 'fileName'>> }>;
}

async function mutateExercise(exercise: string, concurrency: number, fromReports: boolean): Promise<ExerciseSummary> {
  const folder = join(EXERCISES, exercise);
  const meta = JSON.parse(readFileSync(join(folder, 'exercise.json'), 'utf8')) as { files: string[]; timeLimitMs: number };
  const started = process.hrtime.bigint();
  let results: MutantRecord[];
  if (fromReports) {
    const reportPath = join(REPORTS, `${exercise}.json`);
    if (!existsSync(reportPath)) throw new Error(`${relative(ROOT, reportPath)} is missing: run npm run mutation -- exercises/${exercise} first`);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as JsonReport;
    results = Object.entries(report.files).flatMap(([fileName, file]) => file.mutants.map((mutant) => ({ ...mutant, fileName })));
  } else {
    process.stdout.write(`\n=== ${exercise}: mutating solution/${meta.files.join(', solution/')}\n`);
    results = await new Stryker(strykerOptions(exercise, meta.files, meta.timeLimitMs, concurrency)).runMutationTest();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const equivalents = readEquivalents(join(folder, 'tests', 'equivalent-mutants.md'));
  const sources = new Map(meta.files.map((file) => [file, readFileSync(join(folder, 'solution', file), 'utf8')]));
  const mutants = results
    .map((result) => classify(result, sources.get(basename(result.fileName)) ?? '', equivalents))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const count = (outcome: Outcome): number => mutants.filter((mutant) => mutant.outcome === outcome).length;
  const summary: ExerciseSummary = {
    exercise,
    mutants: mutants.length,
    killed: count('killed'),
    survived: count('survived'),
    timedOut: count('timed out'),
    noCoverage: count('no coverage'),
    equivalent: count('equivalent'),
    errors: count('error'),
    seconds,
    survivors: mutants.filter((mutant) => mutant.outcome === 'survived'),
    errored: mutants.filter((mutant) => mutant.outcome === 'error'),
    staleEquivalents: equivalents.filter((entry) => !entry.matched),
  };
  if (!fromReports) process.stdout.write(`=== ${exercise}: ${summary.mutants} mutants, ${summary.killed} killed, ${summary.timedOut} timed out, ${summary.survived} survived (${seconds.toFixed(0)} s)\n`);
  return summary;
}

/**
 * The mutation score: mutants the grader fails (killed, or stopped at a time limit, as Stryker
 * counts it) over all mutants but the equivalent ones.
 */
function score(summary: Pick<ExerciseSummary, 'mutants' | 'killed' | 'timedOut' | 'equivalent'>): number {
  const counted = summary.mutants - summary.equivalent;
  return counted === 0 ? 1 : (summary.killed + summary.timedOut) / counted;
}

/** The Markdown table and survivor list. */
function formatReport(summaries: readonly ExerciseSummary[]): string {
  const header = '| Exercise | Mutants | Killed | Survived | Timed out | No coverage | Equivalent | Score |';
  const rule = '|---|--:|--:|--:|--:|--:|--:|--:|';
  const row = (name: string, s: Pick<ExerciseSummary, 'mutants' | 'killed' | 'survived' | 'timedOut' | 'noCoverage' | 'equivalent'>): string =>
    `| ${name} | ${s.mutants} | ${s.killed} | ${s.survived} | ${s.timedOut} | ${s.noCoverage} | ${s.equivalent} | ${(score(s) * 100).toFixed(1)} % |`;
  const total = summaries.reduce(
    (sum, s) => ({
      mutants: sum.mutants + s.mutants,
      killed: sum.killed + s.killed,
      survived: sum.survived + s.survived,
      timedOut: sum.timedOut + s.timedOut,
      noCoverage: sum.noCoverage + s.noCoverage,
      equivalent: sum.equivalent + s.equivalent,
    }),
    { mutants: 0, killed: 0, survived: 0, timedOut: 0, noCoverage: 0, equivalent: 0 },
  );
  const lines = [header, rule, ...summaries.map((s) => row(s.exercise, s))];
  if (summaries.length > 1) lines.push(row('**Total**', total));
  lines.push('', 'Survived leaves out the equivalent mutants. Score = (killed + timed out) / (mutants − equivalent).');
  for (const s of summaries) {
    if (s.survivors.length === 0 && s.errored.length === 0 && s.staleEquivalents.length === 0) continue;
    lines.push('', `### ${s.exercise}: ${s.survivors.length} surviving`, '');
    for (const m of s.survivors) lines.push(`- \`${m.file}:${m.line}\` ${m.mutator} ${inlineCode(m.original)} → ${inlineCode(m.replacement)}`);
    for (const m of s.errored) lines.push(`- ERROR \`${m.file}:${m.line}\` ${m.mutator} ${inlineCode(m.original)} → ${inlineCode(m.replacement)}: ${m.reason ?? ''}`);
    for (const e of s.staleEquivalents) lines.push(`- STALE equivalent-mutants.md entry (no surviving mutant matches it): \`${e.file}:${e.line}\` ${e.mutator} ${inlineCode(e.original)} → ${inlineCode(e.replacement)}`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const { exercises, concurrency, fromReports } = parseArguments(process.argv.slice(2));
  process.chdir(ROOT);
  const started = process.hrtime.bigint();
  const summaries: ExerciseSummary[] = [];
  for (const exercise of exercises) summaries.push(await mutateExercise(exercise, concurrency, fromReports));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const report = formatReport(summaries);
  if (fromReports) {
    process.stdout.write(`${report}\n(from the JSON reports in ${relative(ROOT, REPORTS)}; nothing was re-run)\n`);
  } else {
    mkdirSync(REPORTS, { recursive: true });
    const summaryPath = join(REPORTS, 'summary.md');
    writeFileSync(summaryPath, `# Mutation testing\n\n\`npm run mutation -- ${exercises.map((e) => `exercises/${e}`).join(' ')}\`, ${(seconds / 60).toFixed(1)} min\n\n${report}`);
    process.stdout.write(`\n${report}\nWall time ${(seconds / 60).toFixed(1)} min. Written to ${relative(ROOT, summaryPath)}.\n`);
  }
  const errors = summaries.reduce((sum, s) => sum + s.errors, 0);
  if (errors > 0) process.stderr.write(`mutation: ${errors} mutant(s) could not be graded (see ERROR lines above)\n`);
  return errors > 0 ? 1 : 0;
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    process.stderr.write(`mutation: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
