/**
 * The Node runner: grades a submission in a child process per run, with a wall-clock limit, a
 * heap cap, an output cap and Node's permission model (read access to the run's temporary folder
 * only; no writes, no child processes, no worker threads, no native addons). Results arrive over
 * the IPC channel, each message carrying a per-run secret the submission never sees.
 * A seat belt, not a sandbox: see the README's "Grading" section.
 */
import { execFileSync, fork } from 'node:child_process';
import { mkdtemp, mkdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodeRunManifest } from './node-bootstrap';
import { createRunSecret, type StartMessage } from './protocol';
import { formatBytes, formatSeconds, prepareExercise, RunCollector, RunnerBase, timeoutError, type PreparedExercise } from './run-core';
import { formatTranspileError, transpile } from './transpile';
import type { ExerciseBundle, RunError, RunOptions, RunResult, Runner, RunnerEvent } from './types';

/** Settings of the Node runner. All have safe defaults. */
export interface NodeRunnerOptions {
  /** V8 old-space cap for the child, in MiB (default 128). */
  memoryLimitMb?: number;
  /** Output (stdout + stderr) after which the child is stopped, in bytes (default 1 MiB). */
  outputLimitBytes?: number;
  /** Output kept for the result, in bytes (default 16 KiB). */
  outputKeepBytes?: number;
  /** Per-test limit when the run options do not set one, in milliseconds (default 2000). */
  testTimeoutMs?: number;
  /** Folder for the per-run temporary folders (default: the OS temp folder). */
  tempRoot?: string;
}

/** Harness, tests and the child's runtime, transpiled once per `prepare`. */
interface PreparedNodeExercise extends PreparedExercise {
  /** Runtime file name (e.g. "execute.js") → CommonJS code for the child's bootstrap. */
  runtimeFiles: Map<string, string>;
}

// Node 22.13 made the permission model stable as --permission; older 22.x releases call it
// --experimental-permission.
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';

const RUNTIME_SOURCES = ['node-bootstrap', 'execute', 'module-loader', 'protocol', 'realm-guard'] as const;

/** Grades submissions in Node child processes. */
export class NodeRunner extends RunnerBase<PreparedNodeExercise> implements Runner {
  readonly kind = 'node' as const;
  private readonly settings: Required<Omit<NodeRunnerOptions, 'tempRoot'>> & { tempRoot: string };

  constructor(options: NodeRunnerOptions = {}) {
    super();
    this.settings = {
      memoryLimitMb: options.memoryLimitMb ?? 128,
      outputLimitBytes: options.outputLimitBytes ?? 1024 * 1024,
      outputKeepBytes: options.outputKeepBytes ?? 16 * 1024,
      testTimeoutMs: options.testTimeoutMs ?? 2000,
      tempRoot: options.tempRoot ?? tmpdir(),
    };
  }

  async prepare(exercise: ExerciseBundle): Promise<void> {
    this.assertUsable();
    const prepared = prepareExercise(exercise);
    const runtimeFiles = new Map<string, string>();
    for (const name of RUNTIME_SOURCES) {
      const source = await readFile(fileURLToPath(new URL(`./${name}.ts`, import.meta.url)), 'utf8');
      const result = transpile(source, `${name}.ts`);
      if (!result.ok) throw new Error(`The runner's own ${name}.ts does not compile: ${formatTranspileError(result.error)}`);
      runtimeFiles.set(`${name}.js`, result.code);
    }
    this.prepared = { ...prepared, runtimeFiles };
  }

  async run(files: Record<string, string>, options: RunOptions = {}): Promise<RunResult> {
    const begun = this.beginRun(files, options);
    if ('done' in begun) return begun.done;
    const { prepared, runId, emit, finish } = begun;
    const { bundle } = prepared;

    emit({ type: 'status', runId, message: 'Starting a Node process' });
    const folder = await realpath(await mkdtemp(join(this.settings.tempRoot, 'bulkhead-lab-run-')));
    try {
      const { modules, plan, learnerModules } = begun.run;
      await writeRunFolder(folder, prepared.runtimeFiles, modules, { plan, modules: [...modules.keys()], learnerModules });
      const outcome = await this.spawnAndCollect(folder, runId, emit, {
        timeoutMs: options.timeoutMs ?? bundle.timeLimitMs,
        cpuLimitMs: options.cpuLimitMs,
        testTimeoutMs: options.testTimeoutMs ?? this.settings.testTimeoutMs,
        signal: options.signal,
      });
      return finish(outcome);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  private spawnAndCollect(
    folder: string,
    runId: number,
    emit: (event: RunnerEvent) => void,
    limits: { timeoutMs: number; cpuLimitMs: number | undefined; testTimeoutMs: number; signal: AbortSignal | undefined },
  ): Promise<Omit<RunResult, 'summary' | 'ok' | 'runner'>> {
    if (this.disposed) return Promise.resolve({ tests: [], output: '', outputTruncated: false, error: { kind: 'aborted', message: 'The runner was shut down.' } });
    const secret = createRunSecret();
    const child = fork(join(folder, 'runtime', 'node-bootstrap.js'), [], {
      cwd: folder,
      env: {},
      execPath: process.execPath,
      execArgv: [
        PERMISSION_FLAG,
        `--allow-fs-read=${folder}`,
        `--max-old-space-size=${this.settings.memoryLimitMb}`,
        '--no-warnings',
      ],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    return new Promise((resolve) => {
      const collector = new RunCollector(runId, secret, emit);
      let settled = false;
      const output = { text: '', bytes: 0, truncated: false };

      const stop = (reason: RunError): void => {
        collector.stop(reason);
        child.kill('SIGKILL');
      };
      this.stops.add(stop);
      const timer = setTimeout(() => stop(timeoutError(limits.timeoutMs, collector.runningTest)), limits.timeoutMs);
      const cpuWatch = watchCpu(child.pid, limits.cpuLimitMs, () => collector.runningTest, (exceeded) => stop(cpuLimitError(exceeded)));
      const onAbort = (): void => stop({ kind: 'aborted', message: 'The run was cancelled.' });
      limits.signal?.addEventListener('abort', onAbort, { once: true });

      const capture = (chunk: Buffer): void => {
        output.bytes += chunk.length;
        if (output.text.length < this.settings.outputKeepBytes) {
          output.text += chunk.toString('utf8');
          if (output.text.length > this.settings.outputKeepBytes) {
            output.text = output.text.slice(0, this.settings.outputKeepBytes);
            output.truncated = true;
          }
        } else {
          output.truncated = true;
        }
        if (output.bytes > this.settings.outputLimitBytes && !collector.done) {
          stop({
            kind: 'output',
            message: `The submission printed more than ${formatBytes(this.settings.outputLimitBytes)}, so the run was stopped. Remove the logging in loops.`,
          });
        }
      };
      child.stdout?.on('data', capture);
      child.stderr?.on('data', capture);

      child.on('message', (raw: unknown) => {
        if (collector.accept(raw) !== undefined || collector.done) child.kill('SIGKILL');
      });

      child.on('error', (spawnError) => {
        collector.stop({ kind: 'internal', message: `Could not start Node: ${spawnError.message}` });
      });

      child.on('close', (code, signal) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        cpuWatch.stop();
        limits.signal?.removeEventListener('abort', onAbort);
        this.stops.delete(stop);
        resolve(
          collector.finish(output, () =>
            /heap out of memory|Allocation failed/i.test(output.text) || signal === 'SIGABRT' || code === 134
              ? { kind: 'memory', message: `The submission ran out of memory (the limit is ${this.settings.memoryLimitMb} MiB). Is something growing without bound?` }
              : {
                  kind: 'exit',
                  message: `The process ended (${signal === null ? `exit code ${String(code)}` : `signal ${signal}`}) before the tests finished. Submissions must not call process.exit() or kill their process.`,
                },
          ),
        );
      });

      const start: StartMessage = { type: 'start', secret, defaultTestTimeoutMs: limits.testTimeoutMs };
      child.send(start, (sendError) => {
        if (sendError !== null && sendError !== undefined) collector.stop({ kind: 'internal', message: `Could not talk to the child process: ${sendError.message}` });
      });
    });
  }
}

/** Which CPU-time limit a child passed: the whole run's, or one step's (loading, or one test). */
type CpuLimitExceeded = { scope: 'run'; limitMs: number; step: string | undefined } | { scope: 'step'; limitMs: number; step: string | undefined };

/** A run-level error for a child stopped at a CPU-time limit. */
function cpuLimitError(exceeded: CpuLimitExceeded): RunError {
  const limit = formatSeconds(exceeded.limitMs);
  if (exceeded.scope === 'step') {
    return {
      kind: 'timeout',
      message:
        exceeded.step === undefined
          ? `Loading your code used more than ${limit} of CPU time, so the run was stopped. Does code at the top level of a file loop forever?`
          : `The test "${exceeded.step}" used more than ${limit} of CPU time, so the run was stopped: an endless loop, or a very slow one?`,
    };
  }
  const where = exceeded.step === undefined ? '' : ` The test "${exceeded.step}" was still running: an endless loop, or a very slow one?`;
  return { kind: 'timeout', message: `The tests used more than ${limit} of CPU time, so the run was stopped.${where}` };
}

let clockTicks: number | undefined;

/** Clock ticks per second of /proc's CPU counters (almost always 100). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2000 }).trim());
      clockTicks = Number.isInteger(value) && value > 0 ? value : 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/**
 * CPU time (user + system) of process `pid` in milliseconds from /proc/<pid>/stat, or undefined
 * when it cannot be read (not Linux, or the process has gone).
 */
async function cpuMillis(pid: number): Promise<number | undefined> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces) start at the last ")": state is field 3,
  // utime 14 and stime 15 (proc(5)).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  if (!Number.isFinite(user) || !Number.isFinite(system)) return undefined;
  return ((user + system) * 1000) / ticksPerSecond();
}

/**
 * Polls a child's CPU time every 50 ms and calls `onExceeded` once when the run passes `limitMs`,
 * or one step passes half of it. A step is what `currentStep` names (a test, or undefined while
 * the code loads and between tests); it starts at the first poll that sees it.
 */
function watchCpu(
  pid: number | undefined,
  limitMs: number | undefined,
  currentStep: () => string | undefined,
  onExceeded: (exceeded: CpuLimitExceeded) => void,
): { stop(): void } {
  if (pid === undefined || limitMs === undefined || !(limitMs > 0) || process.platform !== 'linux') return { stop: () => undefined };
  const stepLimitMs = limitMs / 2;
  let stopped = false;
  let reading = false;
  let step: { name: string | undefined; startedAtMs: number } | undefined;
  const interval = setInterval(() => {
    if (reading || stopped) return;
    reading = true;
    const name = currentStep();
    void cpuMillis(pid).then((used) => {
      reading = false;
      if (stopped || used === undefined) return;
      if (step === undefined || step.name !== name) step = { name, startedAtMs: used };
      const exceeded: CpuLimitExceeded | undefined =
        used > limitMs ? { scope: 'run', limitMs, step: name } : used - step.startedAtMs > stepLimitMs ? { scope: 'step', limitMs: stepLimitMs, step: name } : undefined;
      if (exceeded === undefined) return;
      stopped = true;
      clearInterval(interval);
      onExceeded(exceeded);
    });
  }, 50);
  return {
    stop: () => {
      stopped = true;
      clearInterval(interval);
    },
  };
}

async function writeRunFolder(
  folder: string,
  runtimeFiles: Map<string, string>,
  modules: Map<string, string>,
  manifest: NodeRunManifest,
): Promise<void> {
  await mkdir(join(folder, 'runtime'));
  await mkdir(join(folder, 'modules'));
  await writeFile(join(folder, 'package.json'), '{ "type": "commonjs" }\n');
  await writeFile(join(folder, 'manifest.json'), JSON.stringify(manifest));
  await Promise.all([
    ...[...runtimeFiles].map(([name, code]) => writeFile(join(folder, 'runtime', name), code)),
    ...manifest.modules.map((path, index) => writeFile(join(folder, 'modules', `${index}.js`), modules.get(path) ?? '')),
  ]);
}
