/**
 * `npm run simulate -- <scenario.json> [--seed N] [--policy NAME|both|all] [--duration S] [--json]`
 *
 * Runs a scenario headless and prints per-service metrics as an aligned table, or JSON. Exit
 * codes: 0 done, 2 bad usage, an unreadable file or an invalid scenario (the message names the
 * field, e.g. `services[1].arrival.rate must be a positive number`).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPresetName, parseScenario, PRESET_NAMES, presets, runScenario, ScenarioError, type Scenario, type SimulationSnapshot } from '../sim/index';

/** Where the command writes, and how it reads files: replaceable in tests. */
export interface SimulateIo {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Reads a UTF-8 text file. */
  readFile(path: string): Promise<string>;
}

/** Parsed command-line arguments. */
export interface SimulateArguments {
  /** Path of the scenario JSON file, or null when a preset is named instead. */
  file: string | null;
  /** Preset name given with `--preset`, or null. */
  preset: string | null;
  /** Run seed (default 1). */
  seed: number;
  /** A policy name from the scenario, `both` (shared and partitioned) or `all`; null = default. */
  policy: string | null;
  /** Duration override, seconds, or null. */
  duration: number | null;
  /** Print JSON instead of tables. */
  json: boolean;
}

const USAGE = `Usage: npm run simulate -- <scenario.json> [options]
       npm run simulate -- --preset <name> [options]

Runs a pool-simulator scenario without the UI and prints per-service metrics.

  --seed N          run seed, a whole number from 0 to 4294967295 (default 1)
  --policy NAME     a policy defined in the scenario, "both" (shared and partitioned,
                    the default when the scenario has them) or "all"
  --duration S      simulated seconds, overriding the scenario's duration
  --preset NAME     run a built-in scenario: ${PRESET_NAMES.join(', ')}
  --json            print the final snapshots as JSON
  --help            show this help

Exit codes: 0 done, 2 bad usage, unreadable file or invalid scenario.
`;

/** A usage or input problem, reported with exit code 2. */
class UsageError extends Error {}

const defaultIo: SimulateIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path, 'utf8'),
};

/**
 * Parses arguments; returns `'help'` for `--help`.
 * @throws UsageError on unknown options, missing or invalid values, or a missing scenario.
 */
export function parseArguments(argv: readonly string[]): SimulateArguments | 'help' {
  const args: SimulateArguments = { file: null, preset: null, seed: 1, policy: null, duration: null, json: false };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? '';
    if (argument === '--help' || argument === '-h') return 'help';
    if (argument === '--json') {
      args.json = true;
      continue;
    }
    const match = /^--(seed|policy|duration|preset)(?:=(.*))?$/.exec(argument);
    if (match) {
      const option = match[1] as 'seed' | 'policy' | 'duration' | 'preset';
      const value = match[2] ?? argv[++index];
      if (value === undefined || value === '') throw new UsageError(`--${option} needs a value`);
      if (option === 'seed') {
        if (!/^\d+$/.test(value) || Number(value) > 4294967295) throw new UsageError(`--seed must be a whole number from 0 to 4294967295 (got "${value}")`);
        args.seed = Number(value);
      } else if (option === 'duration') {
        const duration = Number(value);
        if (!(Number.isFinite(duration) && duration > 0 && duration <= 1e7)) {
          throw new UsageError(`--duration must be a positive number of seconds, at most 10000000 (got "${value}")`);
        }
        args.duration = duration;
      } else if (option === 'preset') {
        if (!isPresetName(value)) throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(', ')} (got "${value}")`);
        args.preset = value;
      } else {
        args.policy = value;
      }
      continue;
    }
    if (argument.startsWith('-')) throw new UsageError(`unknown option ${argument}`);
    if (args.file !== null) throw new UsageError(`only one scenario file, got "${args.file}" and "${argument}"`);
    args.file = argument;
  }
  if (args.file === null && args.preset === null) throw new UsageError('give a scenario file or --preset NAME');
  if (args.file !== null && args.preset !== null) throw new UsageError('give a scenario file or --preset NAME, not both');
  return args;
}

async function loadScenario(args: SimulateArguments, io: SimulateIo): Promise<Scenario> {
  if (args.preset !== null && isPresetName(args.preset)) return presets[args.preset];
  const file = args.file ?? '';
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageError(code === 'ENOENT' ? `cannot read ${file}: no such file` : `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseScenario(json);
  if (!parsed.ok) throw new UsageError(`${file} is not a valid scenario:\n${parsed.errors.map((e) => `  ${e}`).join('\n')}`);
  return parsed.value;
}

function choosePolicies(scenario: Scenario, requested: string | null): string[] {
  const defined = Object.keys(scenario.policies);
  const pair = ['shared', 'partitioned'];
  const hasPair = pair.every((p) => defined.includes(p));
  if (requested === null) return hasPair ? pair : defined;
  if (requested === 'all') return defined;
  if (requested === 'both') {
    if (!hasPair) throw new UsageError(`--policy both needs policies "shared" and "partitioned"; the scenario defines ${defined.map((p) => `"${p}"`).join(', ')}`);
    return pair;
  }
  if (!defined.includes(requested)) {
    throw new UsageError(`--policy "${requested}" is not defined; the scenario defines ${defined.map((p) => `"${p}"`).join(', ')} (or use both, all)`);
  }
  return [requested];
}

const count = (n: number) => n.toLocaleString('en-US');
const percent = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const millis = (x: number | null) => (x === null ? '–' : (x * 1000).toFixed(1));
const decimal = (x: number | null) => (x === null ? '–' : x.toFixed(2));

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/**
 * One line per service whose pool shed queued calls, one per service whose callers retried
 * (attempts per call, retries the budget refused), one per service whose queued calls outlived
 * their callers (served anyway, or dropped at the slot), and one per service whose callers hedged
 * (copies sent, won, not sent, and cancelled).
 */
function callerLines(run: SimulationSnapshot): string[] {
  const lines: string[] = [];
  for (const s of run.services) {
    const { offered, retries, retriesOverBudget, orphansServed, droppedPastDeadline, shed, hedges, hedgesWon, hedgesRefused, cancelled } = s.counts;
    if (shed > 0) lines.push(`${s.id}: ${count(shed)} admitted attempts shed for waiting in the queue past its limit (shedOnQueueDelay)`);
    if (retries > 0 || retriesOverBudget > 0) {
      const calls = offered - retries - hedges;
      const perCall = calls > 0 ? `, ${decimal(offered / calls)} attempts per call` : '';
      const budget = retriesOverBudget > 0 ? `, ${count(retriesOverBudget)} refused by the retry budget` : '';
      lines.push(`${s.id}: ${count(retries)} retries${perCall}${budget}`);
    }
    if (orphansServed > 0 || droppedPastDeadline > 0) {
      const parts = [
        ...(orphansServed > 0 ? [`${count(orphansServed)} served anyway`] : []),
        ...(droppedPastDeadline > 0 ? [`${count(droppedPastDeadline)} dropped at the slot (deadline propagated, or shed)`] : []),
      ];
      lines.push(`${s.id}: queued calls whose caller had timed out: ${parts.join(', ')}`);
    }
    if (hedges > 0 || hedgesRefused > 0) {
      lines.push(
        `${s.id}: ${count(hedges)} hedges sent (${count(hedgesWon)} won), ${count(hedgesRefused)} not sent (no room in the pool), ${count(cancelled)} slower copies cancelled`,
      );
    }
  }
  return lines.length > 0 ? ['', ...lines] : [];
}

/** Formats one run as aligned tables of services, tenants, pools and dependencies. */
export function formatRun(run: SimulationSnapshot): string {
  const measured = run.measuredFrom > 0 ? ` (measured from ${run.measuredFrom} s)` : '';
  const lines = [`${run.scenario} · policy ${run.policy} (${run.policyKind}) · seed ${run.seed} · ${run.time} s${measured}`, ''];
  const closed = run.services.filter((s) => s.clients !== null);
  if (closed.length > 0) {
    lines.push(`closed loop: ${closed.map((s) => `${s.id} ${count(s.clients?.total ?? 0)} clients, ${count(s.clients?.thinking ?? 0)} thinking at the end`).join('; ')}`, '');
  }
  lines.push(
    table(
      ['service', 'offered', 'admitted', 'completed', 'rejected', 'timed out', 'failed', 'short-circ.', 'success', 'p50 ms', 'p95 ms', 'p99 ms', 'waited', 'wait p99 ms'],
      run.services.map((s) => [
        s.id,
        count(s.counts.offered),
        count(s.counts.admitted),
        count(s.counts.completed),
        count(s.counts.rejected),
        count(s.counts.timedOut),
        count(s.counts.failed),
        count(s.counts.shortCircuited),
        percent(s.successRate),
        millis(s.latency.p50),
        millis(s.latency.p95),
        millis(s.latency.p99),
        percent(s.queueWait.probabilityOfWaiting),
        millis(s.queueWait.p99),
      ]),
    ),
  );
  lines.push(...callerLines(run));
  if (run.tenants.length > 0) {
    lines.push(
      '',
      table(
        ['tenant', 'offered', 'completed', 'rejected', 'timed out', 'success'],
        run.tenants.map((t) => [t.id, count(t.offered), count(t.completed), count(t.rejected), count(t.timedOut), percent(t.successRate)]),
      ),
    );
  }
  lines.push(
    '',
    table(
      ['pool', 'services', 'slots', 'queue', 'mean busy', 'mean queued'],
      run.pools.map((p) => [p.id, p.services.join(','), String(p.slots), String(p.queueCapacity), decimal(p.meanBusy), decimal(p.meanQueued)]),
    ),
  );
  if (run.pools.some((p) => p.autoscale)) lines.push('');
  for (const p of run.pools) {
    if (!p.autoscale) continue;
    const { history, min, max, targetUtilisation } = p.autoscale;
    const sizes = history.map((h) => h.slots);
    lines.push(
      `autoscale ${p.id}: ${count(history.length - 1)} changes, between ${Math.min(...sizes)} and ${Math.max(...sizes)} slots (min ${min}, max ${max}, target ${percent(targetUtilisation)}), ${p.slots} at the end`,
    );
  }
  if (run.dependencies.length > 0) {
    lines.push(
      '',
      table(
        ['dependency', 'services', 'capacity', 'queue', 'mean busy', 'utilisation', 'mean waiting', 'waited', 'mean wait ms', 'refused'],
        run.dependencies.map((d) => [
          d.id,
          d.services.join(',') || '–',
          count(d.capacity),
          d.queueCapacity === null ? 'no limit' : count(d.queueCapacity),
          decimal(d.meanBusy),
          percent(d.utilisation),
          decimal(d.meanWaiting),
          percent(d.probabilityOfWaiting),
          millis(d.meanWait),
          count(d.refused),
        ]),
      ),
    );
  }
  return lines.join('\n');
}

function formatComparison(runs: readonly SimulationSnapshot[]): string {
  const first = runs[0];
  if (!first) return '';
  return table(
    ['success rate', ...runs.map((r) => r.policy)],
    first.services.map((s) => [s.id, ...runs.map((r) => percent(r.services.find((x) => x.id === s.id)?.successRate ?? null))]),
  );
}

/**
 * Runs the command.
 * @param argv - the arguments after the script name.
 * @param io - output and file access (default: the process's).
 * @returns the exit code.
 */
export async function main(argv: readonly string[], io: SimulateIo = defaultIo): Promise<number> {
  try {
    const args = parseArguments(argv);
    if (args === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    const scenario = await loadScenario(args, io);
    if (args.duration !== null && args.duration <= scenario.warmup) {
      throw new UsageError(`--duration must be longer than the scenario's warmup (${scenario.warmup} s)`);
    }
    const policies = choosePolicies(scenario, args.policy);
    const runs = policies.map((policy) =>
      runScenario({ scenario, policy, seed: args.seed, ...(args.duration !== null ? { duration: args.duration } : {}) }, { seriesLimit: 0 }),
    );
    if (args.json) {
      const output = { scenario: scenario.name, seed: args.seed, runs: Object.fromEntries(runs.map((r) => [r.policy, { ...r, series: undefined }])) };
      io.stdout(`${JSON.stringify(output, null, 2)}\n`);
    } else {
      io.stdout(`${runs.map(formatRun).join('\n\n')}\n`);
      if (runs.length > 1) io.stdout(`\n${formatComparison(runs)}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`simulate: ${error.message}\n${error.message.startsWith('unknown option') || error.message.startsWith('give a') ? `\n${USAGE}` : ''}`);
      return 2;
    }
    if (error instanceof ScenarioError) {
      io.stderr(`simulate: ${error.errors.join('\n')}\n`);
      return 2;
    }
    throw error;
  }
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(resolve(invokedPath)).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`simulate: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
