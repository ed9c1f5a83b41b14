/**
 * What every runner does the same way, whatever the transport (Node child process, Web Worker,
 * WebContainer process): transpile the exercise once, assemble one run's module graph, and turn
 * the executor's messages into a `RunResult`. No Node or DOM APIs here.
 */
import type { ExecutionPlan } from './execute';
import { parseExecutorMessage } from './protocol';
import { formatTranspileError, transpile } from './transpile';
import type { ExerciseBundle, RunError, RunOptions, RunResult, RunnerEvent, RunnerKind, RunnerListener, TestResult, TestSuite } from './types';

export const HARNESS_ROOT = '_harness';
export const LEARNER_ROOT = 'exercise/start';
export const TESTS_ROOT = 'exercise/tests';

/** An exercise with its harness and tests transpiled, ready for many runs. */
export interface PreparedExercise {
  bundle: ExerciseBundle;
  /** Virtual path → CommonJS code for the harness and the tests. */
  fixedModules: Map<string, string>;
}

/** Transpiles the harness and the tests once. Throws if the exercise itself does not compile. */
export function prepareExercise(exercise: ExerciseBundle): PreparedExercise {
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
  return { bundle: exercise, fixedModules };
}

/** The modules and plan of one run, as the executing side needs them. */
export interface AssembledRun {
  /** Virtual path → CommonJS code: harness, tests and the submission. */
  modules: Map<string, string>;
  /** Execution plan without the per-test limit (the start message carries that). */
  plan: Omit<ExecutionPlan, 'defaultTestTimeoutMs'>;
}

/**
 * Transpiles a submission and lays it over the exercise: missing files come from `start/`.
 * Problems in the submission come back as a `RunError`, never as a throw.
 */
export function assembleRun(prepared: PreparedExercise, files: Record<string, string>, includeHidden: boolean): { ok: true; run: AssembledRun } | { ok: false; error: RunError } {
  const { bundle } = prepared;
  const unknown = Object.keys(files).filter((name) => !bundle.files.includes(name));
  if (unknown.length > 0) {
    return {
      ok: false,
      error: {
        kind: 'bad-submission',
        message: `This exercise has no file named ${unknown.map((name) => `"${name}"`).join(', ')}; its files are ${bundle.files.map((name) => `"${name}"`).join(', ')}.`,
      },
    };
  }
  const learner = new Map<string, string>();
  for (const name of bundle.files) {
    const source = files[name] ?? bundle.start[name];
    if (source === undefined) return { ok: false, error: { kind: 'bad-submission', message: `No source for "${name}".` } };
    const result = transpile(source, name);
    if (!result.ok) {
      const error: RunError = { kind: 'compile', message: `Syntax error in ${formatTranspileError(result.error)}`, file: name };
      if (result.error.line !== undefined) error.line = result.error.line;
      if (result.error.column !== undefined) error.column = result.error.column;
      return { ok: false, error };
    }
    learner.set(`${LEARNER_ROOT}/${name}`, result.code);
  }
  const testModules: Array<{ path: string; suite: TestSuite }> = [{ path: `${TESTS_ROOT}/visible.test.ts`, suite: 'visible' }];
  if (includeHidden) testModules.push({ path: `${TESTS_ROOT}/hidden.test.ts`, suite: 'hidden' });
  const modules = new Map([...prepared.fixedModules, ...learner]);
  if (!includeHidden) modules.delete(`${TESTS_ROOT}/hidden.test.ts`);
  return {
    ok: true,
    run: {
      modules,
      plan: { runtimePath: `${HARNESS_ROOT}/runtime.ts`, learnerModules: [...learner.keys()], testModules },
    },
  };
}

/** The part of a result a transport produces; `summarise` adds the counts. */
export type RunOutcome = Omit<RunResult, 'summary' | 'ok' | 'runner'>;

/**
 * Follows one run's messages: checks each against the run's secret, keeps the plan and the
 * results, and emits progress. The transport calls `accept` per message and `finish` once.
 */
export class RunCollector {
  private plan: Array<{ name: string; suite: TestSuite }> | undefined;
  private readonly results = new Map<string, TestResult>();
  private running: string | undefined;
  private loadError: string | undefined;
  /** True once the executor said it is done. */
  done = false;
  /** True when the executor said, with `done`, that it left nothing running. */
  idle = false;
  /** The run-level problem that stopped the run, if any. */
  error: RunError | undefined;

  constructor(
    private readonly runId: number,
    private readonly secret: string,
    private readonly emit: (event: RunnerEvent) => void,
  ) {}

  /** The test running now, to name it when the run times out. */
  get runningTest(): string | undefined {
    return this.running;
  }

  /**
   * Records the first problem that stops the run; later ones do not replace it, except that a
   * forged message is never hidden behind a timeout or another stop that came first.
   */
  stop(reason: RunError): void {
    if (this.error === undefined || (reason.kind === 'tamper' && this.error.kind !== 'tamper')) this.error = reason;
  }

  /**
   * Handles one incoming message. Returns a `RunError` when the transport must stop the run
   * (a forged or malformed message); otherwise undefined.
   */
  accept(raw: unknown): RunError | undefined {
    const parsed = parseExecutorMessage(raw, this.secret);
    if (!parsed.ok && parsed.reason === 'forged') {
      // Recorded even after the run stopped or finished: a forgery is never excused.
      const reason: RunError = { kind: 'tamper', message: "A message without this run's secret reached the runner: the submission tried to report results itself." };
      this.stop(reason);
      return reason;
    }
    if (this.done || this.error !== undefined) return undefined;
    if (!parsed.ok) {
      const reason: RunError = { kind: 'internal', message: `The runner received a malformed message (${parsed.detail}).` };
      this.stop(reason);
      return reason;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'plan':
        if (this.plan === undefined) {
          this.plan = message.tests;
          this.emit({ type: 'plan', runId: this.runId, tests: this.plan });
        }
        break;
      case 'test-start':
        this.running = message.name;
        this.emit({ type: 'test-start', runId: this.runId, name: message.name });
        break;
      case 'test-result':
        if (this.plan?.some((entry) => entry.name === message.result.name) === true && !this.results.has(message.result.name)) {
          this.results.set(message.result.name, message.result);
          this.emit({ type: 'test-result', runId: this.runId, result: message.result });
        }
        this.running = undefined;
        break;
      case 'load-error':
        this.loadError ??= message.message;
        break;
      case 'done':
        this.done = true;
        this.idle = message.idle === true;
        break;
    }
    return undefined;
  }

  /**
   * Ends the run. `unfinished` explains a run that stopped without saying it was done (the
   * process exited, the worker crashed); it is used only when nothing else explains it.
   */
  finish(output: { text: string; truncated: boolean }, unfinished: () => RunError): RunOutcome {
    if (this.error === undefined && this.loadError !== undefined) this.error = { kind: 'load', message: this.loadError };
    if (this.error === undefined && !this.done) this.error = unfinished();
    if (this.error === undefined && this.plan !== undefined && this.results.size < this.plan.length) {
      this.error = { kind: 'internal', message: 'The tests finished without reporting every result.' };
    }
    const error = this.error;
    const tests = (this.plan ?? []).map((entry): TestResult => {
      const result = this.results.get(entry.name);
      if (result !== undefined) return result;
      if (entry.name === this.running && error?.kind === 'timeout') {
        return { name: entry.name, suite: entry.suite, status: 'timed-out', message: error.message, durationMs: 0 };
      }
      const reason = error?.message ?? 'The run stopped early.';
      return { name: entry.name, suite: entry.suite, status: 'failed', message: entry.name === this.running ? reason : `Not run: ${reason}`, durationMs: 0 };
    });
    const outcome: RunOutcome = { tests, output: output.text, outputTruncated: output.truncated };
    if (error !== undefined) outcome.error = error;
    return outcome;
  }
}

/** The message for a run that hit its wall-clock limit, naming the test that was running. */
export function timeoutError(timeoutMs: number, running: string | undefined): RunError {
  const where = running === undefined ? '' : ` The test "${running}" was still running: an endless loop, or a very slow one?`;
  return { kind: 'timeout', message: `The tests did not finish within ${formatSeconds(timeoutMs)}.${where}` };
}

/** Adds the counts and the verdict to a run's outcome. */
export function summarise(runner: RunnerKind, result: RunOutcome, durationMs: number): RunResult {
  const count = (status: TestResult['status']): number => result.tests.filter((test) => test.status === status).length;
  const summary = {
    total: result.tests.length,
    passed: count('passed'),
    failed: count('failed'),
    timedOut: count('timed-out'),
    durationMs: Math.round(durationMs),
  };
  const ok = result.error === undefined && summary.total > 0 && summary.passed === summary.total;
  return { ok, runner, ...result, summary };
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** What `RunnerBase.beginRun` hands a runner for one run it should execute. */
export interface BegunRun<P extends PreparedExercise> {
  prepared: P;
  run: AssembledRun;
  runId: number;
  emit: (event: RunnerEvent) => void;
  /** Adds the counts, emits `done` and returns the result. */
  finish: (outcome: RunOutcome) => RunResult;
}

/**
 * The bookkeeping every runner shares: listeners, the stops of runs in progress, disposal, and
 * the start of a run (checks, run id, assembly, the early answers that need no execution).
 */
export abstract class RunnerBase<P extends PreparedExercise> {
  abstract readonly kind: RunnerKind;
  protected prepared: P | undefined;
  /** Stops for the runs in progress, so `dispose` can end them with a clear reason. */
  protected readonly stops = new Set<(reason: RunError) => void>();
  protected disposed = false;
  private readonly listeners = new Set<RunnerListener>();
  private nextRunId = 1;

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

  protected assertUsable(): void {
    if (this.disposed) throw new Error(`This ${this.constructor.name} was disposed`);
  }

  /**
   * Starts a run: either the result at once (a bad or cancelled submission) or what the runner
   * needs to execute it. Throws only for misuse (not prepared, hidden tests not loaded).
   */
  protected beginRun(files: Record<string, string>, options: RunOptions): { done: RunResult } | BegunRun<P> {
    this.assertUsable();
    const prepared = this.prepared;
    if (prepared === undefined) throw new Error(`${this.constructor.name}.run was called before prepare()`);
    const includeHidden = options.includeHidden ?? false;
    if (includeHidden && prepared.bundle.tests.hidden === undefined) {
      throw new Error(`Exercise "${prepared.bundle.id}" was prepared without its hidden tests`);
    }
    const runId = this.nextRunId++;
    const startedAt = performance.now();
    const emit = (event: RunnerEvent): void => {
      for (const listener of this.listeners) listener(event);
    };
    const finish = (outcome: RunOutcome): RunResult => {
      const result = summarise(this.kind, outcome, performance.now() - startedAt);
      emit({ type: 'done', runId, result });
      return result;
    };
    const early = (error: RunError) => ({ done: finish({ tests: [], error, output: '', outputTruncated: false }) });
    const assembled = assembleRun(prepared, files, includeHidden);
    if (!assembled.ok) return early(assembled.error);
    if (options.signal?.aborted === true) return early({ kind: 'aborted', message: 'The run was cancelled before it started.' });
    return { prepared, run: assembled.run, runId, emit, finish };
  }
}
