/**
 * The Node runner: grades a submission in a child process, with a wall-clock limit, a CPU-time
 * limit (Linux), a heap cap, an output cap and Node's permission model (read access to the
 * process's temporary folder only; no writes, no child processes, no worker threads, no native
 * addons). Results arrive over the IPC channel, each message carrying a per-run secret the
 * submission never sees. Runs given one `NodeSession` (one learner's exercises) may share a
 * process; other runs never do. A seat belt, not a sandbox: see the README's "Grading" section.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, mkdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodeOpenMessage, NodeRunManifest, NodeRunMessage } from './node-bootstrap';
import { createRunSecret, runEndMarker } from './protocol';
import { formatBytes, formatSeconds, prepareExercise, RunCollector, RunnerBase, timeoutError, type PreparedExercise, type RunOutcome } from './run-core';
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
  /** Folder for the temporary folders (default: the OS temp folder). */
  tempRoot?: string;
}

/** Options of one Node run. */
export interface NodeRunOptions extends RunOptions {
  /** Runs given the same session happen one after another and may share a child process. */
  session?: NodeSession;
}

/** Harness, tests and the child's runtime, transpiled once per `prepare`. */
interface PreparedNodeExercise extends PreparedExercise {
  /** Runtime file name (e.g. "execute.js") → CommonJS code for the child's bootstrap. */
  runtimeFiles: Map<string, string>;
}

// Node 22.13 made the permission model stable as --permission; older 22.x releases call it
// --experimental-permission.
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';

const RUNTIME_SOURCES = ['node-bootstrap', 'compartment', 'execute', 'module-loader', 'protocol'] as const;

/** SES as one CommonJS file, copied beside the child's runtime as `node_modules/ses`. */
const SES_PATH = createRequire(import.meta.url).resolve('ses');

/** Runs one child process may do before it is replaced (one secret each, all sent at its start). */
const RUNS_PER_PROCESS = 16;

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
    runtimeFiles.set('node_modules/ses/index.js', await readFile(SES_PATH, 'utf8'));
    this.prepared = { ...prepared, runtimeFiles };
  }

  async run(files: Record<string, string>, options: NodeRunOptions = {}): Promise<RunResult> {
    const begun = this.beginRun(files, options);
    if ('done' in begun) return begun.done;
    const { prepared, runId, emit, finish } = begun;
    const { modules, plan } = begun.run;
    const shared = options.session;
    const session = shared ?? new NodeSession({ tempRoot: this.settings.tempRoot });
    try {
      const outcome = await session.enqueue(() => {
        if (this.disposed) return Promise.resolve<RunOutcome>({ tests: [], output: '', outputTruncated: false, error: { kind: 'aborted', message: 'The runner was shut down.' } });
        if (options.signal?.aborted === true) return Promise.resolve<RunOutcome>({ tests: [], output: '', outputTruncated: false, error: { kind: 'aborted', message: 'The run was cancelled.' } });
        return session.execute({
          runtimeFiles: prepared.runtimeFiles,
          manifest: { plan, modules: Object.fromEntries(modules) },
          runId,
          emit,
          process: { memoryLimitMb: this.settings.memoryLimitMb },
          output: { limitBytes: this.settings.outputLimitBytes, keepBytes: this.settings.outputKeepBytes },
          timeoutMs: options.timeoutMs ?? prepared.bundle.timeLimitMs,
          cpuLimitMs: options.cpuLimitMs,
          testTimeoutMs: options.testTimeoutMs ?? this.settings.testTimeoutMs,
          signal: options.signal,
          stops: this.stops,
        });
      });
      return finish(outcome);
    } finally {
      if (shared === undefined) await session.close();
    }
  }
}

/** What `NodeSession.execute` needs for one run. */
interface SessionRun {
  runtimeFiles: Map<string, string>;
  manifest: NodeRunManifest;
  runId: number;
  emit: (event: RunnerEvent) => void;
  process: { memoryLimitMb: number };
  output: { limitBytes: number; keepBytes: number };
  timeoutMs: number;
  cpuLimitMs: number | undefined;
  testTimeoutMs: number;
  signal: AbortSignal | undefined;
  /** The runner's stops of runs in progress (for `dispose`). */
  stops: Set<(reason: RunError) => void>;
}

/** Where a live child's messages, output and end go while a run uses it. */
interface RunSink {
  message(raw: unknown): void;
  output(chunk: Buffer): void;
  ended(stream: 'stdout' | 'stderr'): void;
  closed(code: number | null, signal: NodeJS.Signals | null): void;
}

/** A child process a session may reuse. */
interface LiveChild {
  process: ChildProcess;
  secrets: string[];
  used: number;
  memoryLimitMb: number;
  sink: RunSink | undefined;
  /** Printed while no run was using it, or after a run's end marker. */
  dirty: boolean;
  exited: boolean;
  whenClosed: Promise<void>;
  scanners: { stdout: MarkerScanner; stderr: MarkerScanner };
}

/**
 * A sequence of runs (one learner's exercises) that may share a Node child process: after a run
 * that ended cleanly (every test reported, no limit hit, nothing tampered with) and left no
 * timers or handles behind, the next run reuses the process, with a fresh harness, submission
 * and tests; after any other run the process is stopped and the next run gets a new one. Runs of
 * one session happen one at a time, in the order they were started. `close` stops the process
 * and removes the session's temporary folder.
 */
export class NodeSession {
  private readonly tempRoot: string;
  private folder: Promise<string> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private child: LiveChild | undefined;
  private closed = false;
  /** How many child processes this session has started (for tests and measurements). */
  processesStarted = 0;

  constructor(options: { tempRoot?: string } = {}) {
    this.tempRoot = options.tempRoot ?? tmpdir();
  }

  /** Runs `task` once every task queued before it has finished. */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Stops the process (if any) and removes the temporary folder. Waits for runs in progress. */
  async close(): Promise<void> {
    await this.queue;
    this.closed = true;
    await this.retire();
    const folder = this.folder;
    this.folder = undefined;
    if (folder !== undefined) {
      const path = await folder.catch(() => undefined);
      if (path !== undefined) await rm(path, { recursive: true, force: true });
    }
  }

  /** Runs one plan in this session's process (starting one when needed). Call through `enqueue`. */
  async execute(run: SessionRun): Promise<RunOutcome> {
    if (this.closed) return { tests: [], output: '', outputTruncated: false, error: { kind: 'aborted', message: 'The grading session was closed.' } };
    const root = await this.ensureFolder(run.runtimeFiles);
    let child = this.child;
    if (child !== undefined && (child.exited || child.dirty || child.used >= child.secrets.length || child.memoryLimitMb !== run.process.memoryLimitMb)) {
      await this.retire();
      child = undefined;
    }
    const reused = child !== undefined;
    run.emit({ type: 'status', runId: run.runId, message: reused ? 'Reusing a Node process' : 'Starting a Node process' });
    child ??= this.spawn(root, run.process.memoryLimitMb);
    this.child = child;
    const { outcome, reusable } = await this.runIn(child, run, reused);
    if (!reusable) await this.retire();
    return outcome;
  }

  private ensureFolder(runtimeFiles: Map<string, string>): Promise<string> {
    this.folder ??= (async () => {
      const folder = await realpath(await mkdtemp(join(this.tempRoot, 'bulkhead-lab-run-')));
      await mkdir(join(folder, 'runtime', 'node_modules', 'ses'), { recursive: true });
      await writeFile(join(folder, 'package.json'), '{ "type": "commonjs" }\n');
      await Promise.all([...runtimeFiles].map(([file, code]) => writeFile(join(folder, 'runtime', file), code)));
      return folder;
    })();
    return this.folder;
  }

  /** Stops the current process, if any, and waits until it has gone. */
  private async retire(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined) return;
    child.sink = undefined;
    if (!child.exited) child.process.kill('SIGKILL');
    await child.whenClosed;
  }

  private spawn(root: string, memoryLimitMb: number): LiveChild {
    this.processesStarted += 1;
    const process = fork(join(root, 'runtime', 'node-bootstrap.js'), [], {
      cwd: root,
      env: {},
      execPath: globalThis.process.execPath,
      // Read access to the runtime only: the tests arrive by message and are never on disk.
      execArgv: [PERMISSION_FLAG, `--allow-fs-read=${join(root, 'runtime')}`, `--max-old-space-size=${memoryLimitMb}`, '--no-warnings'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    const secrets = Array.from({ length: RUNS_PER_PROCESS }, () => createRunSecret());
    let markClosed = (): void => undefined;
    const child: LiveChild = {
      process,
      secrets,
      used: 0,
      memoryLimitMb,
      sink: undefined,
      dirty: false,
      exited: false,
      whenClosed: new Promise<void>((resolve) => {
        markClosed = resolve;
      }),
      scanners: {
        stdout: new MarkerScanner((chunk, afterEnd) => route(chunk, afterEnd), () => child.sink?.ended('stdout')),
        stderr: new MarkerScanner((chunk, afterEnd) => route(chunk, afterEnd), () => child.sink?.ended('stderr')),
      },
    };
    const route = (chunk: Buffer, afterEnd: boolean): void => {
      if (afterEnd || child.sink === undefined) child.dirty = true;
      else child.sink.output(chunk);
    };
    process.stdout?.on('data', (chunk: Buffer) => child.scanners.stdout.push(chunk));
    process.stderr?.on('data', (chunk: Buffer) => child.scanners.stderr.push(chunk));
    process.on('message', (raw: unknown) => {
      if (child.sink === undefined) child.dirty = true;
      else child.sink.message(raw);
    });
    process.on('error', () => {
      child.dirty = true;
    });
    process.on('close', (code, signal) => {
      child.exited = true;
      child.scanners.stdout.flush();
      child.scanners.stderr.flush();
      const sink = child.sink;
      child.sink = undefined;
      sink?.closed(code, signal);
      markClosed();
    });
    const open: NodeOpenMessage = { type: 'open', secrets };
    process.send(open, (error) => {
      if (error !== null && error !== undefined) child.dirty = true;
    });
    return child;
  }

  /** One run in `child`; says whether the child may take another run. */
  private runIn(child: LiveChild, run: SessionRun, reused: boolean): Promise<{ outcome: RunOutcome; reusable: boolean }> {
    const index = child.used;
    child.used += 1;
    const secret = child.secrets[index] ?? '';
    const collector = new RunCollector(run.runId, secret, run.emit);
    const output = { text: '', bytes: 0, truncated: false };
    const ended = { stdout: false, stderr: false };
    const pid = child.process.pid;

    return new Promise((resolve) => {
      let settled = false;
      const stop = (reason: RunError): void => {
        collector.stop(reason);
        if (!child.exited) child.process.kill('SIGKILL');
      };
      const settle = (outcome: RunOutcome, reusable: boolean): void => {
        if (settled) return;
        settled = true;
        child.sink = undefined;
        clearTimeout(timer);
        cpuWatch.stop();
        run.signal?.removeEventListener('abort', onAbort);
        run.stops.delete(stop);
        resolve({ outcome, reusable });
      };
      // A clean end: the child said done and both streams carried this run's end marker.
      const maybeFinished = (): void => {
        if (!collector.done || !ended.stdout || !ended.stderr || collector.error !== undefined) return;
        const outcome = collector.finish(output, () => ({ kind: 'internal', message: 'The run ended without saying so.' }));
        settle(outcome, outcome.error === undefined && collector.idle && !child.dirty && !this.closed);
      };

      child.sink = {
        message: (raw) => {
          const problem = collector.accept(raw);
          if (problem === undefined) maybeFinished();
          else stop(problem);
        },
        output: (chunk) => {
          output.bytes += chunk.length;
          if (output.text.length < run.output.keepBytes) {
            output.text += chunk.toString('utf8');
            if (output.text.length > run.output.keepBytes) {
              output.text = output.text.slice(0, run.output.keepBytes);
              output.truncated = true;
            }
          } else {
            output.truncated = true;
          }
          if (output.bytes > run.output.limitBytes && !collector.done) {
            stop({
              kind: 'output',
              message: `The submission printed more than ${formatBytes(run.output.limitBytes)}, so the run was stopped. Remove the logging in loops.`,
            });
          }
        },
        ended: (stream) => {
          ended[stream] = true;
          maybeFinished();
        },
        closed: (code, signal) => {
          settle(
            collector.finish(output, () =>
              /heap out of memory|Allocation failed/i.test(output.text) || signal === 'SIGABRT' || code === 134
                ? { kind: 'memory', message: `The submission ran out of memory (the limit is ${child.memoryLimitMb} MiB). Is something growing without bound?` }
                : {
                    kind: 'exit',
                    message: `The process ended (${signal === null ? `exit code ${String(code)}` : `signal ${signal}`}) before the tests finished. Submissions must not call process.exit() or kill their process.`,
                  },
            ),
            false,
          );
        },
      };
      child.scanners.stdout.expect(runEndMarker(secret));
      child.scanners.stderr.expect(runEndMarker(secret));

      run.stops.add(stop);
      const timer = setTimeout(() => stop(timeoutError(run.timeoutMs, collector.runningTest)), run.timeoutMs);
      const cpuWatch = watchCpu(pid, run.cpuLimitMs, reused, () => collector.runningTest, (exceeded) => stop(cpuLimitError(exceeded)));
      const onAbort = (): void => stop({ kind: 'aborted', message: 'The run was cancelled.' });
      run.signal?.addEventListener('abort', onAbort, { once: true });

      const message: NodeRunMessage = { type: 'run', index, manifest: run.manifest, defaultTestTimeoutMs: run.testTimeoutMs };
      child.process.send(message, (sendError) => {
        if (sendError !== null && sendError !== undefined) stop({ kind: 'internal', message: `Could not talk to the child process: ${sendError.message}` });
      });
    });
  }
}

/**
 * Splits a child's output stream at a run's end marker: bytes before it belong to the run, bytes
 * after it to nobody. Bytes that might be the start of the marker wait for the next chunk.
 */
class MarkerScanner {
  private carry: Buffer = Buffer.alloc(0);
  private marker: Buffer | undefined;

  constructor(
    private readonly onData: (chunk: Buffer, afterEnd: boolean) => void,
    private readonly onMarker: () => void,
  ) {}

  /** Starts looking for `marker` (a run began). */
  expect(marker: string): void {
    this.marker = Buffer.from(marker, 'utf8');
    this.carry = Buffer.alloc(0);
  }

  push(chunk: Buffer): void {
    const marker = this.marker;
    if (marker === undefined) {
      this.onData(chunk, true);
      return;
    }
    const buffer = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    const at = buffer.indexOf(marker);
    if (at >= 0) {
      this.carry = Buffer.alloc(0);
      this.marker = undefined;
      if (at > 0) this.onData(buffer.subarray(0, at), false);
      this.onMarker();
      if (at + marker.length < buffer.length) this.onData(buffer.subarray(at + marker.length), true);
      return;
    }
    // Keep back only a tail that could begin the marker (it starts with a NUL byte).
    const from = buffer.indexOf(marker[0] ?? 0, Math.max(0, buffer.length - marker.length + 1));
    const cut = from === -1 ? buffer.length : from;
    if (cut > 0) this.onData(buffer.subarray(0, cut), false);
    this.carry = Buffer.from(buffer.subarray(cut));
  }

  /** Hands over whatever is held back (the stream ended). */
  flush(): void {
    if (this.carry.length === 0) return;
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    this.onData(rest, this.marker === undefined);
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
      limit: 'cpu',
      message:
        exceeded.step === undefined
          ? `Loading your code used more than ${limit} of CPU time, so the run was stopped. Does code at the top level of a file loop forever?`
          : `The test "${exceeded.step}" used more than ${limit} of CPU time, so the run was stopped: an endless loop, or a very slow one?`,
    };
  }
  const where = exceeded.step === undefined ? '' : ` The test "${exceeded.step}" was still running: an endless loop, or a very slow one?`;
  return { kind: 'timeout', limit: 'cpu', message: `The tests used more than ${limit} of CPU time, so the run was stopped.${where}` };
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
  reused: boolean,
  currentStep: () => string | undefined,
  onExceeded: (exceeded: CpuLimitExceeded) => void,
): { stop(): void } {
  if (pid === undefined || limitMs === undefined || !(limitMs > 0) || process.platform !== 'linux') return { stop: () => undefined };
  const stepLimitMs = limitMs / 2;
  let stopped = false;
  let reading = true;
  let step: { name: string | undefined; startedAtMs: number } | undefined;
  // A new process's run counts from its start; a reused process's from now.
  let runStartMs = 0;
  void (reused ? cpuMillis(pid) : Promise.resolve(0)).then((now) => {
    runStartMs = now ?? 0;
    reading = false;
  });
  const interval = setInterval(() => {
    if (reading || stopped) return;
    reading = true;
    const name = currentStep();
    void cpuMillis(pid).then((now) => {
      reading = false;
      if (stopped || now === undefined) return;
      const used = now - runStartMs;
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
