/**
 * The Node runner: grades a submission in a child process per run, with a wall-clock limit, a
 * heap cap, an output cap and Node's permission model (read access to the run's temporary folder
 * only; no writes, no child processes, no worker threads, no native addons). Results arrive over
 * the IPC channel, each message carrying a per-run secret the submission never sees.
 * A seat belt, not a sandbox: see the README's "Grading" section.
 */
import { fork } from 'node:child_process';
import { mkdtemp, mkdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodeRunManifest } from './node-bootstrap';
import { createRunSecret, parseExecutorMessage, type StartMessage } from './protocol';
import { formatTranspileError, transpile } from './transpile';
import type {
  ExerciseBundle,
  RunError,
  RunOptions,
  RunResult,
  Runner,
  RunnerEvent,
  RunnerListener,
  TestResult,
  TestSuite,
} from './types';

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

/** Harness and runtime modules, transpiled once per `prepare`. */
interface PreparedExercise {
  bundle: ExerciseBundle;
  /** Virtual path → CommonJS code for the harness and the tests. */
  fixedModules: Map<string, string>;
  /** Runtime file name (e.g. "execute.js") → CommonJS code for the child's bootstrap. */
  runtimeFiles: Map<string, string>;
}

// Node 22.13 made the permission model stable as --permission; older 22.x releases call it
// --experimental-permission.
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';

const RUNTIME_SOURCES = ['node-bootstrap', 'execute', 'module-loader', 'protocol', 'realm-guard'] as const;
const HARNESS_ROOT = '_harness';
const LEARNER_ROOT = 'exercise/start';
const TESTS_ROOT = 'exercise/tests';

/** Grades submissions in Node child processes. */
export class NodeRunner implements Runner {
  readonly kind = 'node' as const;
  private prepared: PreparedExercise | undefined;
  private readonly listeners = new Set<RunnerListener>();
  /** Stops for the runs in progress, so `dispose` can end them with a clear reason. */
  private readonly stops = new Set<(reason: RunError) => void>();
  private nextRunId = 1;
  private disposed = false;
  private readonly settings: Required<Omit<NodeRunnerOptions, 'tempRoot'>> & { tempRoot: string };

  constructor(options: NodeRunnerOptions = {}) {
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
    const fixedModules = new Map<string, string>();
    const compile = (source: string, path: string): string => {
      const result = transpile(source, path);
      if (!result.ok) throw new Error(`Exercise "${exercise.id}" does not compile: ${formatTranspileError(result.error)}`);
      return result.code;
    };
    for (const [path, source] of Object.entries(exercise.harness)) {
      fixedModules.set(`${HARNESS_ROOT}/${path}`, compile(source, `${HARNESS_ROOT}/${path}`));
    }
    if (!fixedModules.has(`${HARNESS_ROOT}/runtime.ts`)) throw new Error(`Exercise "${exercise.id}": the harness has no runtime.ts`);
    fixedModules.set(`${TESTS_ROOT}/visible.test.ts`, compile(exercise.tests.visible, `${TESTS_ROOT}/visible.test.ts`));
    if (exercise.tests.hidden !== undefined) {
      fixedModules.set(`${TESTS_ROOT}/hidden.test.ts`, compile(exercise.tests.hidden, `${TESTS_ROOT}/hidden.test.ts`));
    }
    const runtimeFiles = new Map<string, string>();
    for (const name of RUNTIME_SOURCES) {
      const source = await readFile(fileURLToPath(new URL(`./${name}.ts`, import.meta.url)), 'utf8');
      runtimeFiles.set(`${name}.js`, compile(source, `${name}.ts`));
    }
    this.prepared = { bundle: exercise, fixedModules, runtimeFiles };
  }

  onProgress(listener: RunnerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const stop of this.stops) stop({ kind: 'aborted', message: 'The runner was shut down.' });
    this.stops.clear();
    this.listeners.clear();
  }

  async run(files: Record<string, string>, options: RunOptions = {}): Promise<RunResult> {
    this.assertUsable();
    const prepared = this.prepared;
    if (prepared === undefined) throw new Error('NodeRunner.run was called before prepare()');
    const { bundle } = prepared;
    const includeHidden = options.includeHidden ?? false;
    if (includeHidden && bundle.tests.hidden === undefined) {
      throw new Error(`Exercise "${bundle.id}" was prepared without its hidden tests`);
    }
    const runId = this.nextRunId++;
    const startedAt = performance.now();
    const emit = (event: RunnerEvent): void => {
      for (const listener of this.listeners) listener(event);
    };
    const finish = (result: Omit<RunResult, 'summary' | 'ok' | 'runner'>): RunResult => {
      const done = summarise(result, performance.now() - startedAt);
      emit({ type: 'done', runId, result: done });
      return done;
    };
    const early = (error: RunError): RunResult => finish({ tests: [], error, output: '', outputTruncated: false });

    const unknown = Object.keys(files).filter((name) => !bundle.files.includes(name));
    if (unknown.length > 0) {
      return early({
        kind: 'bad-submission',
        message: `This exercise has no file named ${unknown.map((name) => `"${name}"`).join(', ')}; its files are ${bundle.files.map((name) => `"${name}"`).join(', ')}.`,
      });
    }
    if (options.signal?.aborted === true) return early({ kind: 'aborted', message: 'The run was cancelled before it started.' });

    const learnerModules = new Map<string, string>();
    for (const name of bundle.files) {
      const source = files[name] ?? bundle.start[name];
      if (source === undefined) return early({ kind: 'bad-submission', message: `No source for "${name}".` });
      const result = transpile(source, name);
      if (!result.ok) {
        const error: RunError = { kind: 'compile', message: `Syntax error in ${formatTranspileError(result.error)}`, file: name };
        if (result.error.line !== undefined) error.line = result.error.line;
        if (result.error.column !== undefined) error.column = result.error.column;
        return early(error);
      }
      learnerModules.set(`${LEARNER_ROOT}/${name}`, result.code);
    }

    emit({ type: 'status', runId, message: 'Starting a Node process' });
    const folder = await realpath(await mkdtemp(join(this.settings.tempRoot, 'bulkhead-lab-run-')));
    try {
      const testModules: Array<{ path: string; suite: TestSuite }> = [{ path: `${TESTS_ROOT}/visible.test.ts`, suite: 'visible' }];
      if (includeHidden) testModules.push({ path: `${TESTS_ROOT}/hidden.test.ts`, suite: 'hidden' });
      const allModules = new Map([...prepared.fixedModules, ...learnerModules]);
      if (!includeHidden) allModules.delete(`${TESTS_ROOT}/hidden.test.ts`);
      await writeRunFolder(folder, prepared.runtimeFiles, allModules, {
        plan: { runtimePath: `${HARNESS_ROOT}/runtime.ts`, learnerModules: [...learnerModules.keys()], testModules },
        modules: [...allModules.keys()],
        learnerModules: [...learnerModules.keys()],
      });
      const outcome = await this.spawnAndCollect(folder, runId, emit, {
        timeoutMs: options.timeoutMs ?? bundle.timeLimitMs,
        testTimeoutMs: options.testTimeoutMs ?? this.settings.testTimeoutMs,
        signal: options.signal,
      });
      return finish(outcome);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  private assertUsable(): void {
    if (this.disposed) throw new Error('This NodeRunner was disposed');
  }

  private spawnAndCollect(
    folder: string,
    runId: number,
    emit: (event: RunnerEvent) => void,
    limits: { timeoutMs: number; testTimeoutMs: number; signal: AbortSignal | undefined },
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
      let plan: Array<{ name: string; suite: TestSuite }> | undefined;
      const results = new Map<string, TestResult>();
      let running: string | undefined;
      let error: RunError | undefined;
      let loadError: string | undefined;
      let tamper: string | undefined;
      let done = false;
      let settled = false;
      const output = { text: '', bytes: 0, truncated: false };

      const stop = (reason: RunError): void => {
        error ??= reason;
        child.kill('SIGKILL');
      };
      this.stops.add(stop);
      const timer = setTimeout(() => {
        const where = running === undefined ? '' : ` The test "${running}" was still running: an endless loop, or a very slow one?`;
        stop({ kind: 'timeout', message: `The tests did not finish within ${formatSeconds(limits.timeoutMs)}.${where}` });
      }, limits.timeoutMs);
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
        if (output.bytes > this.settings.outputLimitBytes && !done) {
          stop({
            kind: 'output',
            message: `The submission printed more than ${formatBytes(this.settings.outputLimitBytes)}, so the run was stopped. Remove the logging in loops.`,
          });
        }
      };
      child.stdout?.on('data', capture);
      child.stderr?.on('data', capture);

      child.on('message', (raw: unknown) => {
        if (done || error !== undefined) return;
        const parsed = parseExecutorMessage(raw, secret);
        if (!parsed.ok) {
          stop(
            parsed.reason === 'forged'
              ? { kind: 'tamper', message: "A message without this run's secret reached the runner: the submission tried to report results itself." }
              : { kind: 'internal', message: `The runner received a malformed message (${parsed.detail}).` },
          );
          return;
        }
        const message = parsed.message;
        switch (message.type) {
          case 'plan':
            if (plan === undefined) {
              plan = message.tests;
              emit({ type: 'plan', runId, tests: plan });
            }
            break;
          case 'test-start':
            running = message.name;
            emit({ type: 'test-start', runId, name: message.name });
            break;
          case 'test-result':
            if (plan?.some((entry) => entry.name === message.result.name) === true && !results.has(message.result.name)) {
              results.set(message.result.name, message.result);
              emit({ type: 'test-result', runId, result: message.result });
            }
            running = undefined;
            break;
          case 'load-error':
            loadError ??= message.message;
            break;
          case 'tamper':
            tamper ??= message.message;
            break;
          case 'done':
            done = true;
            child.kill('SIGKILL');
            break;
        }
      });

      child.on('error', (spawnError) => {
        error ??= { kind: 'internal', message: `Could not start Node: ${spawnError.message}` };
      });

      child.on('close', (code, signal) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        limits.signal?.removeEventListener('abort', onAbort);
        this.stops.delete(stop);
        if (error === undefined && tamper !== undefined) error = { kind: 'tamper', message: tamper };
        if (error === undefined && loadError !== undefined) error = { kind: 'load', message: loadError };
        if (error === undefined && !done) {
          error = /heap out of memory|Allocation failed/i.test(output.text) || signal === 'SIGABRT' || code === 134
            ? { kind: 'memory', message: `The submission ran out of memory (the limit is ${this.settings.memoryLimitMb} MiB). Is something growing without bound?` }
            : {
                kind: 'exit',
                message: `The process ended (${signal === null ? `exit code ${String(code)}` : `signal ${signal}`}) before the tests finished. Submissions must not call process.exit() or kill their process.`,
              };
        }
        if (error === undefined && plan !== undefined && results.size < plan.length) {
          error = { kind: 'internal', message: 'The tests finished without reporting every result.' };
        }
        const tests = (plan ?? []).map((entry): TestResult => {
          const result = results.get(entry.name);
          if (result !== undefined) return result;
          if (entry.name === running && error?.kind === 'timeout') {
            return { name: entry.name, suite: entry.suite, status: 'timed-out', message: error.message, durationMs: 0 };
          }
          const reason = error?.message ?? 'The run stopped early.';
          return { name: entry.name, suite: entry.suite, status: 'failed', message: entry.name === running ? reason : `Not run: ${reason}`, durationMs: 0 };
        });
        const outcome: Omit<RunResult, 'summary' | 'ok' | 'runner'> = { tests, output: output.text, outputTruncated: output.truncated };
        if (error !== undefined) outcome.error = error;
        resolve(outcome);
      });

      const start: StartMessage = { type: 'start', secret, defaultTestTimeoutMs: limits.testTimeoutMs };
      child.send(start, (sendError) => {
        if (sendError !== null && sendError !== undefined) error ??= { kind: 'internal', message: `Could not talk to the child process: ${sendError.message}` };
      });
    });
  }
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

function summarise(result: Omit<RunResult, 'summary' | 'ok' | 'runner'>, durationMs: number): RunResult {
  const count = (status: TestResult['status']): number => result.tests.filter((test) => test.status === status).length;
  const summary = {
    total: result.tests.length,
    passed: count('passed'),
    failed: count('failed'),
    timedOut: count('timed-out'),
    durationMs: Math.round(durationMs),
  };
  const ok = result.error === undefined && summary.total > 0 && summary.passed === summary.total;
  return { ok, runner: 'node', ...result, summary };
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
